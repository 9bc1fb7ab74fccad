"""Check yourself in a real browser: a link opens a page at its checks; answering gives the verdict at once."""

from __future__ import annotations

from typing import Any

from ui.check_questions import CHECKS

from .harness import APP_IDLE, assert_no_exception, screenshot, wait_for_app


def test_a_link_opens_the_page_at_its_checks_and_an_answer_is_marked(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/focal-loss#check-yourself")
    wait_for_app(page)
    heading = page.get_by_role("heading", name="Check yourself")
    heading.wait_for()
    page.wait_for_timeout(1500)  # the browser scrolls to the anchor once the section is drawn
    box = heading.bounding_box()
    assert box is not None
    assert 0 <= box["y"] < page.viewport_size["height"], box  # in view without scrolling by hand
    check = next(c for c in CHECKS["focal-loss"] if c.options)
    right = check.options[int(check.answer())]
    page.locator(f".st-key-focal-loss_check_{check.key}_box").get_by_text(right, exact=True).click()
    page.wait_for_selector(APP_IDLE)
    page.get_by_text("Right.", exact=False).first.wait_for()
    assert_no_exception(page)
    screenshot(page, "checks-focal-answered")
