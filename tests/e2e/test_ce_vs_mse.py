"""Cross-entropy vs MSE in a real browser: renders cleanly, reacts to controls, keeps its state in the URL."""

from __future__ import annotations

from typing import Any

import pytest

from .harness import assert_no_exception, screenshot, wait_for_app

PATH = "/ce-vs-mse"


def open_page(page: Any, base_url: str, query: str = "") -> None:
    page.goto(base_url + PATH + query)
    wait_for_app(page)
    page.get_by_text("5 · Worked example").wait_for()
    # Plotly draws asynchronously; ten charts need a moment after the script is done.
    page.wait_for_selector(".js-plotly-plot", state="attached")
    page.wait_for_timeout(1500)


def test_page_renders_every_section_and_the_seed_numbers(page: Any, base_url: str) -> None:
    open_page(page, base_url)
    assert_no_exception(page)
    for heading in ("1 · Loss against confidence", "2 · Gradients", "3 · Training", "4 · Loss surfaces"):
        page.get_by_text(heading).first.wait_for()
    assert page.locator(".js-plotly-plot").count() == 9  # the toy regression's surfaces wait in a closed tab
    body = page.locator('[data-testid="stMain"]').inner_text()
    for number in ("1.378", "0.639", "0.807", "0.340", "0.268889", "0.113333"):
        assert number in body, number
    screenshot(page, "ce-vs-mse-light")


def test_slider_moves_are_kept_in_the_url(page: Any, base_url: str) -> None:
    open_page(page, base_url, "?cemse_epochs=30")
    assert_no_exception(page)
    page.get_by_text("After 30 epochs, CE").wait_for()
    slider = page.get_by_role("slider", name="epochs").first
    slider.focus()
    slider.press("ArrowRight")
    wait_for_app(page)
    page.get_by_text("After 31 epochs, CE").wait_for()
    assert "cemse_epochs=31" in page.url


def test_contour_view_and_bits(page: Any, base_url: str) -> None:
    open_page(
        page,
        base_url,
        "?cemse_view=contours&units=bits&cemse_conf_mode=softmax&cemse_logreg_tab=On the loss surface: contours",
    )
    assert_no_exception(page)
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "bits" in body
    assert page.locator(".js-plotly-plot .contourlayer").count() >= 4
    screenshot(page, "ce-vs-mse-contour-bits")


@pytest.mark.parametrize(
    "page",
    [{"color_scheme": "dark"}, {"width": 400, "height": 860}],
    indirect=True,
    ids=["dark", "narrow"],
)
def test_page_in_dark_and_narrow(page: Any, base_url: str, request: pytest.FixtureRequest) -> None:
    open_page(page, base_url)
    assert_no_exception(page)
    screenshot(page, f"ce-vs-mse-{request.node.callspec.id}")
