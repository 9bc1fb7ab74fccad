"""Fixtures for the browser tests: one server and one Chromium per session, a fresh page per test.

Every test here is marked ``e2e`` and skipped, with the reason, where Chromium
or Playwright is missing.  ``page`` takes an optional indirect parameter
``{"color_scheme": "dark", "width": 400}`` for themes and narrow windows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .harness import CHROMIUM, CHROMIUM_ARGS, skip_reason, streamlit_server

_REASON = skip_reason()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)
            if _REASON:
                item.add_marker(pytest.mark.skip(reason=_REASON))


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    opts = getattr(request, "param", {}) or {}
    context = browser.new_context(
        viewport={"width": opts.get("width", 1280), "height": opts.get("height", 900)},
        color_scheme=opts.get("color_scheme", "light"),
    )
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
