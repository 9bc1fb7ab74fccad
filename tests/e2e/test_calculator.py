"""The calculator in a real browser: the source post's number, a preset, bad input, a shared link; light, dark, narrow.

Windows are tall so that each screenshot shows the whole page (Streamlit
scrolls inside its own container, which a full-page screenshot does not expand).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from .harness import assert_no_exception, screenshot, wait_for_app

METRIC = '[data-testid="stMetricValue"]'
TALL = {"height": 3000}


def open_calculator(page: Any, base_url: str, query: str = "") -> None:
    page.goto(f"{base_url}/calculator{query}")
    wait_for_app(page)
    page.locator(METRIC).first.wait_for()
    assert_no_exception(page)


def metric(page: Any) -> str:
    return str(page.locator(METRIC).first.inner_text()).strip()


@pytest.mark.parametrize("page", [TALL], indirect=True, ids=["tall"])
def test_default_view_shows_the_seeds_number_and_the_code(page: Any, base_url: str) -> None:
    open_calculator(page, base_url)
    assert metric(page) == "0.918493"
    page.get_by_text("Step by step").first.wait_for()
    codes = page.locator('[data-testid="stCode"]').all_text_contents()
    assert any('F.cross_entropy(logits, target, reduction="mean")' in c for c in codes), codes
    assert page.get_by_text("Units of information").count() == 1  # served through the router
    screenshot(page, "calculator-light")


def test_a_preset_and_then_bad_input(page: Any, base_url: str) -> None:
    open_calculator(page, base_url)
    page.get_by_role("button", name="Fashion-MNIST prediction").click()
    wait_for_app(page)
    assert metric(page) == "2.436116"
    box = page.get_by_role("textbox", name="Targets: class indices")
    box.fill("12")
    box.press("Control+Enter")
    wait_for_app(page)
    assert_no_exception(page)
    alert = page.locator('[data-testid="stAlert"]').first
    assert "Row 1 of the targets is class 12, out of range" in alert.inner_text()
    assert metric(page) == "2.436116"  # the last good result stays
    screenshot(page, "calculator-bad-input")


def test_a_link_reproduces_a_calculation(page: Any, base_url: str) -> None:
    query = "?calc_pred=" + quote("2, 1, 0.1") + "&calc_target=0&calc_smoothing=0.1"
    open_calculator(page, base_url, query)
    assert metric(page) == "0.513697"


def test_typing_a_matrix_updates_the_url(page: Any, base_url: str) -> None:
    open_calculator(page, base_url)
    box = page.get_by_role("textbox", name="Predictions (logits): a row per sample, a column per class")
    box.fill("2, 1, 0.1")
    box.press("Control+Enter")
    wait_for_app(page)
    page.get_by_role("textbox", name="Targets: class indices or rows").fill("0")
    page.keyboard.press("Control+Enter")
    wait_for_app(page)
    assert metric(page) == "0.417030"  # F.cross_entropy([[2, 1, 0.1]], [0])
    assert "calc_pred=2" in page.url
    assert "calc_target=0" in page.url


def test_editing_the_grid_rewrites_the_text(page: Any, base_url: str) -> None:
    open_calculator(page, base_url, "?calc_grid=true")
    grid = page.locator('[data-testid="stDataFrame"]').first
    text = page.get_by_role("textbox", name="Predictions (logits): a row per sample, a column per class")
    edited = "5, 0.5, 2\n-1, 0.5, 3"
    # The grid is a canvas: edit its first cell (row 1, class 0; the index column is hidden) by position.
    # Right after the first run the grid can still be re-mounted, dropping an edit; so try a few times.
    for attempt in range(4):
        if attempt:  # start again from a fresh page: the first run may still have been mounting the grid
            open_calculator(page, base_url, "?calc_grid=true")
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(800)
        box = grid.bounding_box()
        # Select the cell, then type: the grid opens its editor with the typed text replacing the value.
        page.mouse.click(box["x"] + box["width"] / 6, box["y"] + 52)
        page.wait_for_timeout(300)
        page.keyboard.type("5")
        page.wait_for_timeout(200)
        page.keyboard.press("Enter")
        page.wait_for_timeout(800)
        wait_for_app(page)
        if text.input_value() == edited:
            break
    assert_no_exception(page)
    expect(text).to_have_value(edited)
    wait_for_app(page)
    assert metric(page) == "2.327394"  # F.cross_entropy([[5, .5, 2], [-1, .5, 3]], [1, 2]) in PyTorch 2.13


@pytest.mark.parametrize(
    "page",
    [{"color_scheme": "dark", **TALL}, {"width": 400, "height": 5200}],
    indirect=True,
    ids=["dark", "narrow"],
)
def test_calculator_in_dark_and_narrow(page: Any, base_url: str, request: pytest.FixtureRequest) -> None:
    open_calculator(page, base_url)
    page.get_by_role("button", name="Class weights + an ignored target").click()
    wait_for_app(page)
    assert_no_exception(page)
    assert metric(page) == "0.542213"
    screenshot(page, f"calculator-{request.node.callspec.id}")
