"""The KL asymmetry page in a real browser: renders cleanly in light, dark and narrow windows; presets and
sliders update the numbers; an infinite KL is explained; a shared link reproduces the view."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from core import kl_divergence
from core.gaussians import fit_gaussians, gaussian_kl, two_mode_mixture

from .harness import SCREENSHOTS, assert_no_exception, screenshot, wait_for_app

PATH = "/kl-asymmetry"


def metric(page: Any, label: str, index: int = 0) -> Any:
    """The value of the ``index``-th metric whose label contains ``label``."""
    return (
        page.locator('[data-testid="stMetric"]')
        .filter(has=page.locator('[data-testid="stMetricLabel"]', has_text=label))
        .nth(index)
        .locator('[data-testid="stMetricValue"]')
    )


def open_page(page: Any, base_url: str, query: str = "") -> None:
    """Open the page and wait for it to settle (generously: ten charts, four of them contour maps)."""
    page.goto(base_url + PATH + query)
    wait_for_app(page, timeout=90_000)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=90_000)
    wait_for_app(page, timeout=90_000)
    assert_no_exception(page)


def test_default_view_shows_the_textbook_fits(page: Any, base_url: str) -> None:
    open_page(page, base_url)
    expect(metric(page, "Forward fit")).to_have_text("μ = 0.000, σ = 3.162")
    expect(metric(page, "Reverse fit, argmin")).to_have_text("μ = ±2.984, σ = 1.023")
    expect(metric(page, "KL(q‖p) of the reverse fit")).to_have_text("0.6888 nats")
    expect(metric(page, "best centred q")).to_have_text("0.8406 nats")
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 10
    screenshot(page, "kl-asymmetry-light")


def test_q_ruling_out_an_outcome_is_explained_and_the_page_keeps_working(page: Any, base_url: str) -> None:
    open_page(page, base_url)
    page.get_by_role("button", name="Q = 0 somewhere").click()
    wait_for_app(page)
    assert_no_exception(page)
    expect(metric(page, "KL(P‖Q)")).to_have_text("∞")
    page.get_by_text("KL(P‖Q) is infinite").wait_for()
    page.get_by_text("outcome 3").first.wait_for()
    expected = f"{kl_divergence([0.5, 0.5, 0.0], [0.5, 0.3, 0.2]):.4f} nats"
    expect(metric(page, "KL(Q‖P)")).to_have_text(expected)
    assert "kl_q=" in page.url
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 10
    page.get_by_text("KL(P‖Q) is infinite").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "kl-asymmetry-infinite.png"))  # the viewport, not the full page


def test_separation_slider_moves_the_reverse_fit_and_the_url(page: Any, base_url: str) -> None:
    open_page(page, base_url)
    slider = page.get_by_role("slider", name="Separation d")
    slider.focus()
    for _ in range(10):  # 3.0 -> 2.0
        page.keyboard.press("ArrowLeft")
    fits = fit_gaussians(two_mode_mixture(2.0))
    expect(metric(page, "Reverse fit, argmin")).to_have_text(
        f"μ = 0.000, σ = {fits.reverse[0].sigma:.3f}", timeout=20_000
    )
    wait_for_app(page)
    assert_no_exception(page)
    assert "kl_mix_d=2" in page.url


def test_a_shared_link_reproduces_the_gaussians(page: Any, base_url: str) -> None:
    open_page(page, base_url, "?kl_g_mu2=-1.5&kl_g_sigma2=2&units=bits")
    value = gaussian_kl(0.0, 1.0, -1.5, 2.0, base=2)
    expect(metric(page, "KL(P‖Q)", 1)).to_have_text(f"{value:.4f} bits")


@pytest.mark.parametrize(
    "page",
    # Streamlit scrolls inside its own container, so a tall window is what shows the whole page.
    [{"height": 5600}, {"color_scheme": "dark", "height": 5600}, {"width": 400, "height": 13000}],
    indirect=True,
    ids=["light", "dark", "narrow"],
)
def test_whole_page_in_light_dark_and_narrow(page: Any, base_url: str, request: pytest.FixtureRequest) -> None:
    open_page(page, base_url)
    expect(page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')).to_have_count(10, timeout=30_000)
    expect(metric(page, "KL(q‖p) of the reverse fit")).to_have_text("0.6888 nats")
    page.wait_for_timeout(800)
    screenshot(page, f"kl-asymmetry-full-{request.node.callspec.id}")
