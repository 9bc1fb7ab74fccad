""" "Check yourself": a few questions at the end of a topic page, with instant feedback.

A `Check` is a question a team lead would ask a new hire: multiple choice, or a
number to type.  Its answer is computed by a function (from `core`, never typed
in by hand), so a test can verify every answer against the library.  An answer
gets feedback at once: right or wrong, one sentence of why, and a link to the
section that shows it.  What the reader passed is kept in the session, and Home
shows it.  Answers are not bound to the URL: a shared link should not carry them.

A page ends with ``checks_section(PAGE, CHECKS)``; a link to ``/<page>#check-yourself``
opens the page at its checks.

A check's texts are English messages marked with ``N_`` (`ui.check_questions`) and translated
when drawn; a question's numbers are placeholders filled from ``params``.  Choices are answered
by index, so the translated labels never change what an answer means.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import streamlit as st

from i18n import _
from ui import headings
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

    The texts (question, why, section name, options, unit) are English messages, marked with ``N_``
    and shown through ``_``; the question's ``{name}`` placeholders are filled from ``params``.
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
    params: Mapping[str, str] = field(default_factory=dict, hash=False)  #: the question's placeholders (numbers)

    def question_text(self) -> str:
        """The question in the current language, its placeholders filled in."""
        return _(self.question, **self.params)

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
        headings.header(_("Check yourself"), anchor=ANCHOR)
        st.markdown(
            _(
                "A few questions a team lead might ask. Some need the controls above; you get the verdict as "
                "soon as you answer."
            )
        )
        for number, check in enumerate(checks, start=1):
            _draw_check(page, number, check)
        done = sum(passed(page).values())
        st.caption(
            _(
                "Answered right so far: {done} of {total} (kept while this browser tab is open).",
                done=done,
                total=len(checks),
            )
        )

    draw()


def _draw_check(page: str, number: int, check: Check) -> None:
    key = f"{page}_check_{check.key}"
    with st.container(border=True, key=f"{key}_box"):
        st.markdown(f"**{number}.** {check.question_text()}")
        given: float | int | None
        if check.options:
            labels = [_(option) for option in check.options]  # translated now: Streamlit may format later
            choice = st.radio(
                _("Your answer"),
                range(len(labels)),  # answered by index: a label's language never changes the answer
                index=None,
                format_func=labels.__getitem__,
                key=key,
                label_visibility="collapsed",
            )
            given = None if choice is None else int(choice)
        else:
            given = st.number_input(
                _("Your answer ({unit})", unit=_(check.unit)) if check.unit else _("Your answer"),
                value=None,
                step=check.tolerance * 2 if check.tolerance else 1.0,
                format=_format(check.tolerance),
                key=key,
                placeholder=_("type a number"),
            )
        right = check.is_right(given)
        _record(page, check.key, right)
        if right is None:
            return
        link = f"[{_(check.section_name)}](#{check.anchor})"
        if right:
            st.success(_("**Right.** {why} See {link}.", why=_(check.why), link=link), icon="✅")
        else:
            st.error(_("**Not quite.** {why} See {link}.", why=_(check.why), link=link), icon="↩️")


def _format(tolerance: float) -> str:
    """The number field's format: as many decimals as the tolerance asks for."""
    if tolerance <= 0:
        return "%.4f"
    decimals = max(0, math.ceil(-math.log10(tolerance * 2)))
    return f"%.{decimals}f"
