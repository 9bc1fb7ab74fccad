"""Home in a real browser: renders without errors, and the sidebar lists each page once."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from ui.catalog import HOME, PAGES

from .harness import assert_no_exception, screenshot, wait_for_app


def test_home_renders_and_lists_each_page_once(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    wait_for_app(page)
    assert_no_exception(page)
    page.get_by_text("One identity ties it together").wait_for()
    if not PAGES:
        pytest.skip("Streamlit shows no page list while Home is the only page")
    links = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    titles = Counter(text.strip().splitlines()[-1].strip() for text in links)  # icon, then title
    for info in (HOME, *PAGES):
        assert titles[info.title] == 1, (info.title, links)
    assert sum(titles.values()) == len(PAGES) + 1
    screenshot(page, "home-light")


def test_units_switch_is_kept_in_the_url(page: Any, base_url: str) -> None:
    page.goto(base_url + "/?units=bits")
    wait_for_app(page)
    assert_no_exception(page)
    page.get_by_text("1.1568").first.wait_for()
    page.get_by_role("radio", name="nats", exact=True).click()
    wait_for_app(page)
    page.get_by_text("0.8018").first.wait_for()
    assert "units=bits" not in page.url


@pytest.mark.parametrize(
    "page",
    [{"color_scheme": "dark"}, {"width": 400, "height": 860}],
    indirect=True,
    ids=["dark", "narrow"],
)
def test_home_in_dark_and_narrow(page: Any, base_url: str, request: pytest.FixtureRequest) -> None:
    page.goto(base_url + "/")
    wait_for_app(page)
    assert_no_exception(page)
    screenshot(page, f"home-{request.node.callspec.id}")
