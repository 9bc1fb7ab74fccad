""" "Check yourself": a few questions at the end of a topic page, with instant feedback.

A `Check` is a question a team lead would ask a new hire: multiple choice, or a
number to type.  Its answer is computed by a function (from `core`, never typed
in by hand), so a test can verify every answer against the library.  An answer
gets feedback at once: right or wrong, one sentence of why, and a link to the
section that shows it.  What the reader passed is kept in the session, and Home
shows it.  Answers are not bound to the URL: a shared link should not carry them.

A page ends with ``checks_section(PAGE, CHECKS)``; a link to ``/<page>#check-yourself``
opens the page at its checks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from ui.sections import section

#: Anchor of every page's checks (``/<page>#check-yourself``).
ANCHOR = "check-yourself"
#: Session-state key of the checks passed so far: ``{page: {check key: passed}}``.
PASSED = "_losslab_checks_passed"


@dataclass(frozen=True)
class Check:
    """One question and how to mark an answer.

    For multiple choice, ``options`` lists the choices and ``answer()`` returns the index of
    the right one; for a number, ``options`` is empty and ``answer()`` returns the value, and an
    answer within ``tolerance`` is right.
    """

    key: str
    question: str  #: Markdown; may ask the reader to use the page's controls
    answer: Callable[[], float]
    why: str  #: one sentence, shown with the verdict
    anchor: str  #: the section that shows it (its header's anchor)
    section_name: str  #: how the link reads, e.g. "section 2"
    options: tuple[str, ...] = ()
    tolerance: float = 0.0
    unit: str = ""  #: printed after the number field's label

    def is_right(self, given: float | int | None) -> bool | None:
        """Whether ``given`` is right; None when nothing was given yet."""
        if given is None:
            return None
        expected = float(self.answer())
        if self.options:
            return int(given) == int(expected)
        value = float(given)
        return math.isfinite(value) and abs(value - expected) <= self.tolerance + 1e-12


def decimals_tolerance(decimals: int) -> float:
    """The tolerance of an answer asked "to ``decimals`` decimals": half a unit of the last one."""
    return 0.5 * 10.0**-decimals


def passed(page: str) -> dict[str, bool]:
    """The checks of ``page`` answered right in this session (key -> True)."""
    table: dict[str, dict[str, bool]] = st.session_state.setdefault(PASSED, {})
    return table.setdefault(page, {})


def _record(page: str, key: str, right: bool | None) -> None:
    record = passed(page)
    if right:
        record[key] = True
    else:
        record.pop(key, None)


def checks_section(page: str, checks: Sequence[Check]) -> None:
    """Draw the page's checks as one section (answering reruns it alone)."""

    @section(f"{page}_checks")
    def draw() -> None:
        st.header("Check yourself", anchor=ANCHOR)
        st.markdown(
            "A few questions a team lead might ask. Some need the controls above; you get the verdict as "
            "soon as you answer."
        )
        for number, check in enumerate(checks, start=1):
            _draw_check(page, number, check)
        done = sum(passed(page).values())
        st.caption(f"Answered right so far: {done} of {len(checks)} (kept while this browser tab is open).")

    draw()


def _draw_check(page: str, number: int, check: Check) -> None:
    key = f"{page}_check_{check.key}"
    with st.container(border=True, key=f"{key}_box"):
        st.markdown(f"**{number}.** {check.question}")
        given: float | int | None
        if check.options:
            choice = st.radio(
                "Your answer",
                range(len(check.options)),
                index=None,
                format_func=check.options.__getitem__,
                key=key,
                label_visibility="collapsed",
            )
            given = None if choice is None else int(choice)
        else:
            given = st.number_input(
                f"Your answer{f' ({check.unit})' if check.unit else ''}",
                value=None,
                step=check.tolerance * 2 if check.tolerance else 1.0,
                format=_format(check.tolerance),
                key=key,
                placeholder="type a number",
            )
        right = check.is_right(given)
        _record(page, check.key, right)
        if right is None:
            return
        link = f"[{check.section_name}](#{check.anchor})"
        if right:
            st.success(f"**Right.** {check.why} See {link}.", icon="✅")
        else:
            st.error(f"**Not quite.** {check.why} See {link}.", icon="↩️")


def _format(tolerance: float) -> str:
    """The number field's format: as many decimals as the tolerance asks for."""
    if tolerance <= 0:
        return "%.4f"
    decimals = max(0, math.ceil(-math.log10(tolerance * 2)))
    return f"%.{decimals}f"
