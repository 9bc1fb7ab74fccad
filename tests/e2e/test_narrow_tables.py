"""Markdown tables on a 400 px phone: each stays inside the screen and scrolls sideways in its own box.

Without the router's page style (`ui/style.py`) the focal page's multi-class table ran past the right
edge, where nobody could reach it, and the entropy and KL tables squeezed their cells to a few
characters per line.  Wide screens keep Streamlit's own table layout.
"""

from __future__ import annotations

from typing import Any

import pytest

from ui.style import CELL_MIN_EM

from .harness import assert_no_exception, screenshot, wait_for_app

#: Pages whose default view has a markdown table, and how many.
PAGES = {"entropy": 1, "kl-asymmetry": 1, "focal-loss": 1}
STYLED = """() => [...document.querySelectorAll('[data-testid="stMarkdownContainer"] table')]
  .every((t) => getComputedStyle(t).overflowX === "auto")"""
MEASURE = """t => {
  const cells = [...t.querySelectorAll('th, td')];
  const em = parseFloat(getComputedStyle(cells[0]).fontSize);
  return {
    right: t.getBoundingClientRect().right,
    width: innerWidth,
    scrolls: t.scrollWidth > t.clientWidth,
    overflow: getComputedStyle(t).overflowX,
    narrowest: Math.min(...cells.map((c) => c.getBoundingClientRect().width)) / em,
  };
}"""


@pytest.mark.parametrize("page", [{"width": 400, "height": 900}], indirect=True, ids=["narrow"])
@pytest.mark.parametrize("path", list(PAGES))
def test_tables_stay_on_a_narrow_screen_and_scroll_in_their_box(page: Any, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/{path}")
    wait_for_app(page)
    assert_no_exception(page)
    tables = page.locator('[data-testid="stMarkdownContainer"] table')
    tables.first.wait_for(timeout=30_000)
    # The style element's code loads a moment after the page's first elements (Streamlit loads each
    # element kind's code lazily): wait for it to take effect, then measure.
    page.wait_for_function(STYLED, timeout=15_000)
    assert tables.count() == PAGES[path]
    for i in range(tables.count()):
        got = tables.nth(i).evaluate(MEASURE)
        assert got["right"] <= got["width"], got  # nothing past the screen's edge
        assert got["narrowest"] >= CELL_MIN_EM - 0.01, got  # no cell squeezed to a few characters
        assert got["overflow"] == "auto", got
    tables.first.scroll_into_view_if_needed()
    screenshot(page, f"table-{path}-narrow")


@pytest.mark.parametrize("page", [{"width": 1280, "height": 900}], indirect=True, ids=["wide"])
def test_wide_screens_keep_streamlits_table_layout(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/focal-loss")
    wait_for_app(page)
    table = page.locator('[data-testid="stMarkdownContainer"] table').first
    table.wait_for(timeout=30_000)
    got = table.evaluate(MEASURE)
    assert got["overflow"] == "visible", got
    assert not got["scrolls"], got
