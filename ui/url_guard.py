"""Tampered links never crash a page: URL values are checked against their widget before it is built.

Streamlit drops a URL value that a bound widget cannot take (an unknown option,
a number out of range), with one exception: an integer ``st.number_input``
given ``inf``, ``nan`` or ``1e400`` raises ``OverflowError`` inside the
framework before any page code can catch it.  `number_input` is the one guard
every page uses for its bound number fields: it checks ``?key=value`` against
the widget's type and range first, and drops a value that does not fit (the
widget then shows its default, as for the values Streamlit rejects itself).
`tests/pages/test_url_fuzz.py` tampers with every bound key of every page.

A bound choice (``st.segmented_control``, ``st.selectbox``, ``st.radio``) writes its *displayed*
label into the URL, and labels are translated.  `translated_choice` gives such a widget its
``format_func`` and first reads back a value written in the other language (or the option's own
code), so a link keeps its choices whichever language opens it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from i18n import LANGUAGES, current_language, translation

Option = TypeVar("Option", bound=Hashable)

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


def translated_choice(key: str, labels: Mapping[Option, str]) -> Callable[[Option], str]:
    """The ``format_func`` of a URL-bound choice whose option ``o`` reads ``_(labels[o])``.

    ``labels`` holds English messages (marked with ``N_``).  A ``?key=`` value that is not a label of
    the current language but is one in another language, or is an option's code, selects that option
    (through session state, before the widget is built); anything else is left to Streamlit, which
    drops it.
    """
    shown = translation(current_language())  # fixed now: Streamlit may format outside this run
    raw = st.query_params.get(key)
    if raw is not None and key not in st.session_state and raw not in {shown.gettext(m) for m in labels.values()}:
        for option, message in labels.items():
            spellings = {str(option)} | {translation(lang).gettext(message) for lang in LANGUAGES}
            if raw in spellings:
                st.session_state[key] = option
                break
    return lambda option: shown.gettext(labels[option])


def translated_tabs(key: str, messages: Sequence[str]) -> list[str]:
    """The labels of URL-bound tabs (``st.tabs(..., key=key, bind="query-params")``) in the current language.

    Bound tabs keep their *label* in session state and in the URL, so a label of another language
    (after a switch of language, or in a link) is turned into this language's label first: the tab
    chosen stays chosen.  ``messages`` are the English labels, marked with ``N_``.
    """
    shown = translation(current_language())
    labels = [shown.gettext(m) for m in messages]
    chosen = st.session_state.get(key)
    if chosen is not None and chosen not in labels:
        for message, label in zip(messages, labels, strict=True):
            if chosen in {message} | {translation(lang).gettext(message) for lang in LANGUAGES}:
                st.session_state[key] = label
                break
    translated_choice(key, dict(zip(labels, messages, strict=True)))  # the same for ?key= in a link
    return labels
