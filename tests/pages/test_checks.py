"""AppTest: each topic page's "check yourself" marks answers at once, and Home counts what was passed."""

from __future__ import annotations

import math

import pytest
from streamlit.testing.v1 import AppTest

from i18n import translation
from ui.catalog import HOME
from ui.check_questions import CHECKS
from ui.checks import ANCHOR

from .conftest import headings, open_page

PAGES = {
    "entropy": "views/entropy.py",
    "ce-vs-mse": "views/ce_vs_mse.py",
    "kl-asymmetry": "views/kl_asymmetry.py",
    "focal-loss": "views/focal_loss.py",
}


def answer(at: AppTest, page: str, key: str, value: float | int) -> None:
    widget_key = f"{page}_check_{key}"
    check = next(c for c in CHECKS[page] if c.key == key)
    if check.options:
        at.radio(key=widget_key).set_value(int(value))
    else:
        at.number_input(key=widget_key).set_value(float(value))
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def feedback(at: AppTest) -> tuple[list[str], list[str]]:
    return [s.value for s in at.success], [e.value for e in at.error]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_right_answers_get_a_tick_and_a_link_to_the_section(page: str) -> None:
    at = open_page(PAGES[page])
    assert "Check yourself" in headings(at)
    assert_all_right(at, page, "**Right.**")


@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_checks_pass_in_chinese(page: str) -> None:
    zh = translation("zh")
    at = open_page(PAGES[page], lang="zh")
    assert zh.gettext("Check yourself") in headings(at)
    right = zh.gettext("**Right.** {why} See {link}.").split("{why}")[0].strip()
    assert right not in ("", "**Right.**")
    assert_all_right(at, page, right, counted=False)


def assert_all_right(at: AppTest, page: str, right: str, counted: bool = True) -> None:
    """Answer every check of ``page`` rightly: each gets a tick that starts with ``right`` and a link."""
    for check in CHECKS[page]:
        value = check.answer()
        answer(at, page, check.key, int(value) if check.options else round(value, 6))
    successes, errors = feedback(at)
    assert len(successes) == len(CHECKS[page])
    assert not errors
    for check, text in zip(CHECKS[page], successes, strict=True):
        assert text.startswith(right)
        assert f"(#{check.anchor})" in text
    if counted:
        assert f"{len(CHECKS[page])} of {len(CHECKS[page])}" in " ".join(c.value for c in at.caption)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_wrong_answers_say_why_and_do_not_count(page: str) -> None:
    at = open_page(PAGES[page])
    for check in CHECKS[page]:
        value = check.answer()
        wrong = (int(value) + 1) % len(check.options) if check.options else value + 10 * check.tolerance + 1
        answer(at, page, check.key, wrong)
    successes, errors = feedback(at)
    assert not successes
    assert len(errors) == len(CHECKS[page])
    assert all(e.startswith("**Not quite.**") for e in errors)
    assert f"0 of {len(CHECKS[page])}" in " ".join(c.value for c in at.caption)


def test_home_counts_the_checks_passed_in_this_session() -> None:
    at = open_page(PAGES["focal-loss"])
    right = CHECKS["focal-loss"][0]
    answer(at, "focal-loss", right.key, right.answer())
    at.switch_page(HOME.path).run()
    lines = [m.value for m in at.markdown if "right ·" in m.value]
    assert len(lines) == len(CHECKS)
    focal = next(line for line in lines if "Focal loss" in line)
    assert f"1 of {len(CHECKS['focal-loss'])} right" in focal
    assert f"(/focal-loss#{ANCHOR})" in focal
    entropy = next(line for line in lines if "Entropy explorer" in line)
    assert f"0 of {len(CHECKS['entropy'])} right" in entropy


def test_an_infinite_answer_is_never_right_and_never_an_exception() -> None:
    at = open_page(PAGES["focal-loss"])
    numeric = next(c for c in CHECKS["focal-loss"] if not c.options)
    answer(at, "focal-loss", numeric.key, math.inf)  # `answer` asserts there was no exception
    successes, _ = feedback(at)
    assert not successes
