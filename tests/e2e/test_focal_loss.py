"""Focal loss in a real browser: the γ slider redraws the chart client-side, and the page reads well.

The γ slider under the first chart is a Plotly slider over precomputed curves:
moving it must change the plotted curve without the browser sending Streamlit a
single websocket message (no rerun).  Screenshots: light, dark, 400 px narrow.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from core.focal import P_T_GRID, focal_curves

from .harness import APP_IDLE, assert_no_exception, drag_plotly_slider, screenshot, wait_for_app

CHART = ".st-key-focal_family_chart"
SLIDER_TRACE = 5  # after the five curves of the paper's γ family


def open_page(page: Any, base_url: str, query: str = "") -> None:
    page.goto(base_url + "/focal-loss" + query)
    wait_for_app(page)
    page.locator(f"{CHART} .js-plotly-plot").wait_for()
    assert_no_exception(page)


def slider_trace(page: Any) -> tuple[str, np.ndarray]:
    name, y = page.locator(f"{CHART} .js-plotly-plot").evaluate(
        f"el => [el._fullData[{SLIDER_TRACE}].name, Array.from(el._fullData[{SLIDER_TRACE}].y)]"
    )
    return name, np.asarray(y, dtype=np.float64)


def drag_slider_to(page: Any, fraction: float) -> None:
    """Drag the γ slider's grip to ``fraction`` of its rail (0 = γ 0, 1 = γ 10)."""
    drag_plotly_slider(page, CHART, fraction)


def expected(gamma: float) -> np.ndarray:
    return focal_curves(P_T_GRID, [gamma])[0].astype(np.float32).astype(np.float64)


def test_gamma_slider_redraws_the_chart_without_a_rerun(page: Any, base_url: str) -> None:
    sent: list[object] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    open_page(page, base_url)
    name, y = slider_trace(page)
    assert name == "slider: γ = 2.0"
    np.testing.assert_allclose(y, expected(2.0), rtol=1e-6)
    screenshot(page, "focal-loss-light")

    before = len(sent)
    assert before >= 1  # the page's own rerun request: the websocket is being watched
    drag_slider_to(page, 0.5)
    name, y = slider_trace(page)
    assert name == "slider: γ = 5.0"
    np.testing.assert_allclose(y, expected(5.0), rtol=1e-6)
    drag_slider_to(page, 1.0)
    name, y = slider_trace(page)
    assert name == "slider: γ = 10.0"
    np.testing.assert_allclose(y, expected(10.0), rtol=1e-6, atol=1e-30)

    assert len(sent) == before, "moving the γ slider sent messages to the server"
    assert page.locator(APP_IDLE).count() == 1
    assert_no_exception(page)


def test_a_shared_link_opens_the_slider_where_it_says(page: Any, base_url: str) -> None:
    open_page(page, base_url, "?focal_gamma=0.5&focal_alpha=0.25&units=bits")
    name, y = slider_trace(page)
    assert name == "slider: γ = 0.5"
    np.testing.assert_allclose(y, 0.25 * focal_curves(P_T_GRID, [0.5], base=2.0)[0], rtol=1e-6)
    page.get_by_text("Losses are in bits").wait_for()


def test_tampered_url_is_ignored(page: Any, base_url: str) -> None:
    open_page(page, base_url, "?focal_gamma=oops&focal_alpha=7&focal_easy_n=lots&focal_probe_pt=-3")
    assert slider_trace(page)[0] == "slider: γ = 2.0"
    page.get_by_text("100× less loss").wait_for()


@pytest.mark.parametrize(
    "page",
    [{"color_scheme": "dark"}, {"width": 400, "height": 860}],
    indirect=True,
    ids=["dark", "narrow"],
)
def test_focal_loss_in_dark_and_narrow(page: Any, base_url: str, request: pytest.FixtureRequest) -> None:
    open_page(page, base_url)
    page.get_by_text("5. Multi-class: the softmax form").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    screenshot(page, f"focal-loss-{request.node.callspec.id}")
