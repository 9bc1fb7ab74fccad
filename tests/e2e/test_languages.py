"""Chinese in a real browser: every page opens in Chinese, the browser's language picks the default,
and switching keeps the other controls and the URL."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ui.catalog import PAGES

from .harness import assert_no_exception, screenshot, wait_for_app

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("path", ["", *(p.url_path for p in PAGES)])  # "": Home, the default page
def test_every_page_opens_in_chinese(page: Any, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/{path}?lang=zh")
    wait_for_app(page)
    assert_no_exception(page)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert len(CJK.findall(main)) > 20, main[:300]
    assert "lang=zh" in page.url
    screenshot(page, f"zh-{path or 'home'}")


def test_a_chinese_browser_gets_chinese(browser: Any, base_url: str) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        pg = context.new_page()
        pg.goto(f"{base_url}/entropy")
        wait_for_app(pg)
        assert pg.get_by_role("heading", name=re.compile("熵")).count() >= 1
        assert "lang=zh" in pg.url  # a link copied now opens in Chinese anywhere
    finally:
        context.close()


def test_switching_the_language_keeps_the_other_controls(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/kl-asymmetry?units=bits&kl_g_mu1=1.5")
    wait_for_app(page)
    page.locator(".st-key-lang button", has_text="中文").click()
    wait_for_app(page)
    assert_no_exception(page)
    assert "lang=zh" in page.url
    assert "kl_g_mu1=1.5" in page.url
    assert "比特" in page.locator('[data-testid="stSidebar"]').inner_text()
    page.locator(".st-key-lang button", has_text="English").click()
    wait_for_app(page)
    assert "lang=" not in page.url
    assert "kl_g_mu1=1.5" in page.url
