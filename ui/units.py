"""The global units choice (nats or bits), made once in the sidebar and honoured by every page."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeVar

import streamlit as st

from i18n import N_, _
from ui.url_guard import translated_choice

UNITS_KEY = "units"
T = TypeVar("T")


@dataclass(frozen=True)
class Units:
    """A unit of information: its name (the URL's value), the log base for `core` (None = e) and its word."""

    name: str
    base: float | None
    word: str  # English, marked for the catalogue; readers see `symbol`

    @property
    def symbol(self) -> str:
        """The unit as a reader writes it after a number, in the current language ("nats", "奈特")."""
        return _(self.word)

    def from_nats(self, value: T) -> T:
        """``value``, an amount of information in nats, in this unit (divided by ln base)."""
        return value if self.base is None else value / math.log(self.base)  # type: ignore[operator,return-value]

    @property
    def latex_log(self) -> str:
        """The log as it appears in this unit's formulas: ``\\ln`` or ``\\log_2``."""
        return r"\ln" if self.base is None else r"\log_2"


NATS = Units("nats", None, N_("nats"))
BITS = Units("bits", 2.0, N_("bits"))
_BY_NAME = {u.name: u for u in (NATS, BITS)}


def units_selector() -> Units:
    """Draw the sidebar control (bound to the URL as ``?units=bits``) and return the choice."""
    name = st.sidebar.segmented_control(
        _("Units of information"),
        options=list(_BY_NAME),
        format_func=translated_choice(UNITS_KEY, {name: u.word for name, u in _BY_NAME.items()}),
        default=NATS.name,
        key=UNITS_KEY,
        bind="query-params",
        help=_("nats use the natural log (PyTorch's convention); bits use log base 2. 1 bit = ln 2 ≈ 0.693 nats."),
        required=True,
    )
    return _BY_NAME.get(str(name), NATS)


def current_units() -> Units:
    """The units chosen in the sidebar (nats before the sidebar has been drawn)."""
    return _BY_NAME.get(str(st.session_state.get(UNITS_KEY, NATS.name)), NATS)


def units_of(base: float | None) -> Units:
    """The units whose log base is ``base`` (None: nats), for cached functions that take the base."""
    return NATS if base is None else BITS
