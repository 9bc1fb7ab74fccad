"""Home in a real browser: renders without errors, and the sidebar lists each page once."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from ui.catalog import HOME, PAGES

from .harness import assert_no_exception, screenshot, streamlit_server, wait_for_app


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


def test_first_request_to_a_fresh_server_can_be_a_deep_link(browser: Any) -> None:
    """A shared link must work even when it is the first thing a new server sees.

    With the page scripts in a folder named ``pages/``, Streamlit 1.67 served such a
    link in its legacy multipage mode: no router, no units control, ``?units=`` ignored.
    The scripts live in ``views/`` for that reason.
    """
    target = PAGES[0] if PAGES else HOME
    with streamlit_server() as fresh:
        context = browser.new_context()
        pg = context.new_page()
        pg.goto(f"{fresh}/{target.url_path}?units=bits")
        wait_for_app(pg)
        pg.get_by_text("Units of information").wait_for()
        assert pg.get_by_role("radio", name="bits", exact=True).get_attribute("aria-checked") == "true"
        assert pg.locator('[data-testid="stException"]').count() == 0
        nav = pg.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
        links = [t.strip().splitlines()[-1].strip() for t in nav]
        assert "app" not in links, links
        assert links[0] == HOME.title, links
        context.close()
