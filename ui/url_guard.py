"""Tampered links never crash a page: URL values are checked against their widget before it is built.

Streamlit drops a URL value that a bound widget cannot take (an unknown option,
a number out of range), with one exception: an integer ``st.number_input``
given ``inf``, ``nan`` or ``1e400`` raises ``OverflowError`` inside the
framework before any page code can catch it.  `number_input` is the one guard
every page uses for its bound number fields: it checks ``?key=value`` against
the widget's type and range first, and drops a value that does not fit (the
widget then shows its default, as for the values Streamlit rejects itself).
`tests/pages/test_url_fuzz.py` tampers with every bound key of every page.
"""

from __future__ import annotations

import math
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

#: A number in a link is never longer than this (a longer value is dropped unread).
MAX_NUMBER_CHARS = 40
#: Session-state key of the URL keys dropped in this session (each is dropped once).
_DROPPED = "_losslab_url_dropped"


def usable_number(raw: str, *, integer: bool, low: float | None = None, high: float | None = None) -> bool:
    """Whether a URL value ``raw`` is a number the widget can take: finite, whole if ``integer``, in range."""
    if len(raw) > MAX_NUMBER_CHARS:
        return False
    try:
        value = float(raw)
    except ValueError:
        return False
    if not math.isfinite(value) or (integer and not value.is_integer()):
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def drop_unusable_number(key: str, *, integer: bool, low: float | None = None, high: float | None = None) -> None:
    """Remove ``?key=…`` from the URL when its widget could not take it, and rerun without it.

    A widget reads the URL as the session first saw it, so a removed value only disappears after a
    rerun; each key is dropped at most once per session, so a value that will not go away cannot loop.
    """
    raw = st.query_params.get(key)
    if raw is None or usable_number(raw, integer=integer, low=low, high=high):
        return
    dropped: set[str] = st.session_state.setdefault(_DROPPED, set())
    del st.query_params[key]
    if key not in dropped:
        dropped.add(key)
        st.rerun()


def number_input(where: DeltaGenerator | Any, label: str, *, key: str, **kwargs: Any) -> Any:
    """``where.number_input(label, key=key, bind="query-params", **kwargs)`` behind the URL check.

    Integer fields (an ``int`` value and step) get the integer check; ``min_value`` and
    ``max_value`` bound the range.
    """
    value, step = kwargs.get("value", 0), kwargs.get("step")
    integer = isinstance(value, int) and not isinstance(value, bool) and (step is None or isinstance(step, int))
    drop_unusable_number(key, integer=integer, low=kwargs.get("min_value"), high=kwargs.get("max_value"))
    return where.number_input(label, key=key, bind="query-params", **kwargs)
