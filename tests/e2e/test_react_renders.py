"""The re-render count of `make bench` (`benchmarks/react_renders.py`) counts what a move re-renders.

In Streamlit 1.67 a fragment's rerun also re-renders the elements outside it, so 20 static sliders
outside the moved section must show up in the count, and a page without them must count fewer.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from benchmarks.browser import Target, measure_renders
from benchmarks.react_renders import RenderRow, per_move

from .harness import CHROMIUM, CHROMIUM_ARGS, streamlit_server

EXTRA = 20


def test_per_move_sums_a_moves_commits() -> None:
    commits = [{"rendered": 3, "total": 100}, {"rendered": 40, "total": 120}, {"rendered": 0, "total": 110}]
    assert per_move(commits) == (43, 3, 120)
    assert per_move([]) == (0, 0, 0)


async def _count(url: str) -> RenderRow:
    """What `make bench` counts for the page's first slider (`benchmarks.browser.measure_renders`)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        row = await measure_renders(browser, "test", Target("", "renders_app", "test"), url, 2)
        await browser.close()
    assert row is not None, "no slider found"
    assert not row.error, row.error
    assert row.key == "renders_power"
    return row


def count(url: str) -> RenderRow:
    """`_count` on a thread of its own: the other browser tests' sync Playwright keeps a loop on this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _count(url)).result()


def test_components_outside_the_moved_section_are_counted() -> None:
    with streamlit_server("tests/e2e/renders_app.py") as url:
        alone = count(url)
        crowded = count(f"{url}/?extra={EXTRA}")
    assert alone.rendered is not None
    assert crowded.rendered is not None
    assert alone.components is not None
    assert crowded.components is not None
    assert alone.rendered > 0
    assert crowded.components > alone.components + EXTRA
    assert crowded.rendered >= alone.rendered + EXTRA  # each static slider re-renders at least once per move
