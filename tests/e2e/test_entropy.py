"""The entropy explorer in a real browser: renders cleanly, a slider moves the numbers and the charts."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from playwright.sync_api import expect

from core import entropy

from .harness import assert_no_exception, screenshot, wait_for_app

PATH = "/entropy"


def metric(page: Any, label: str) -> Any:
    return (
        page.locator('[data-testid="stMetric"]').filter(has_text=label).first.locator('[data-testid="stMetricValue"]')
    )


def metric_value(page: Any, label: str) -> str:
    return str(metric(page, label).inner_text()).strip()


def test_default_view_shows_the_seed_entropy(page: Any, base_url: str) -> None:
    page.goto(base_url + PATH)
    wait_for_app(page)
    assert_no_exception(page)
    page.get_by_text("Entropy explorer").first.wait_for()
    assert metric_value(page, "Entropy H(p)") == "0.8018 nats"
    page.get_by_text("0.804 nats").first.wait_for()
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg')
    screenshot(page, "entropy-light")


def test_moving_a_slider_updates_the_entropy_and_the_chart(page: Any, base_url: str) -> None:
    page.goto(base_url + PATH)
    wait_for_app(page)
    before = metric_value(page, "Entropy H(p)")
    bar = page.locator(".st-key-entropy_sum_chart")  # the entropy as a sum of bars
    bar.scroll_into_view_if_needed()
    bar_before = bar.locator(".barlayer").inner_html()
    slider = page.get_by_role("slider", name="explodes")
    slider.focus()
    page.keyboard.press("End")  # weight 0.1 -> 1: p = (0.7, 0.2, 1) / 1.9
    expected = f"{entropy(np.array([0.7, 0.2, 1.0]) / 1.9):.4f} nats"
    assert expected != before
    expect(metric(page, "Entropy H(p)")).to_have_text(expected, timeout=20_000)
    wait_for_app(page)
    assert_no_exception(page)
    expect(bar.locator(".barlayer")).not_to_have_js_property("innerHTML", bar_before)
    assert "entropy_w2=1" in page.url
    screenshot(page, "entropy-after-slider")


def test_a_shared_link_reproduces_a_preset(page: Any, base_url: str) -> None:
    page.goto(base_url + PATH)
    wait_for_app(page)
    page.get_by_role("button", name="Fair die").click()
    wait_for_app(page)
    assert metric_value(page, "Entropy H(p)") == "1.7918 nats"
    link = page.url
    assert "entropy_k=6" in link
    page.goto(link)
    wait_for_app(page)
    assert_no_exception(page)
    assert metric_value(page, "Entropy H(p)") == "1.7918 nats"
    assert metric_value(page, "Perplexity") == "6.0000"


@pytest.mark.parametrize(
    "page",
    # Streamlit scrolls inside its own container, so a tall window is what shows the whole page.
    [{"height": 3400}, {"color_scheme": "dark", "height": 3400}, {"width": 400, "height": 6400}],
    indirect=True,
    ids=["light", "dark", "narrow"],
)
def test_whole_page_in_light_dark_and_narrow(page: Any, base_url: str, request: pytest.FixtureRequest) -> None:
    page.goto(base_url + PATH)
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')).to_have_count(4, timeout=30_000)
    page.wait_for_timeout(800)
    screenshot(page, f"entropy-full-{request.node.callspec.id}")
