"""Liveness in a real browser: client-side sliders answer with no round trip; section controls keep the URL.

Every chart page has at least one client-side slider (a Plotly slider over values
computed ahead).  Dragging it must move the chart's markers and read-out while the
browser sends Streamlit nothing.  A server-side control inside a section must still
write its value into the URL, and a link must restore every section.
"""

from __future__ import annotations

from typing import Any

import pytest

from .harness import APP_IDLE, assert_no_exception, drag_plotly_slider, wait_for_app

#: (page, chart key, the client-side slider's URL key, a trace the steps move)
CLIENT_SLIDERS = [
    ("entropy", "entropy_binary_chart", "entropy_probe_p", 2),
    ("ce-vs-mse", "cemse_confidence_chart", "cemse_conf_p", 3),
    ("kl-asymmetry", "kl_chart_fits", "kl_probe_mu", -1),
    ("focal-loss", "focal_probe_chart", "focal_probe_pt", 2),
]


def open_page(page: Any, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/{path}")
    wait_for_app(page)
    assert_no_exception(page)


def chart_state(page: Any, chart: str, trace: int) -> dict[str, Any]:
    """The slider's active step, its value and read-out as Plotly shows them, and the moved trace."""
    return dict(
        page.locator(f".st-key-{chart} .js-plotly-plot").evaluate(
            """(el, trace) => {
                const s = el._fullLayout.sliders[0];
                const t = el._fullData.at(trace);
                return {
                    active: s.active,
                    value: s.steps[s.active].value,
                    label: s.steps[s.active].label,
                    shown: el.querySelector('.slider-group .slider-label').textContent,  // the current value
                    x0: t.x0,
                    x: t.x ? Array.from(t.x) : null,
                };
            }""",
            trace,
        )
    )


@pytest.mark.parametrize(("path", "chart", "url_key", "trace"), CLIENT_SLIDERS, ids=[c[0] for c in CLIENT_SLIDERS])
def test_client_slider_follows_the_drag_without_a_round_trip(
    page: Any, base_url: str, path: str, chart: str, url_key: str, trace: int
) -> None:
    sent: list[object] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    open_page(page, base_url, path)
    before = chart_state(page, chart, trace)
    assert before["shown"].replace("\u00a0", " ").strip() != ""
    sent.clear()
    drag_plotly_slider(page, f".st-key-{chart}", 0.8)
    after = chart_state(page, chart, trace)
    assert after["active"] != before["active"]
    assert after["label"] != before["label"]
    # The read-out shows the new step's value, and the marker (or curve) moved to it.
    assert after["value"] in after["shown"]
    assert after["shown"] != before["shown"]
    if after["x"] is not None:
        assert after["x"][0] == pytest.approx(float(after["value"]))
    else:
        assert after["x0"] != before["x0"]
    assert sent == []  # nothing went to the server: no rerun
    assert page.locator(APP_IDLE).count() == 1
    assert_no_exception(page)


@pytest.mark.parametrize(("path", "chart", "url_key", "trace"), CLIENT_SLIDERS, ids=[c[0] for c in CLIENT_SLIDERS])
def test_a_link_opens_the_client_slider_where_it_says(
    page: Any, base_url: str, path: str, chart: str, url_key: str, trace: int
) -> None:
    open_page(page, base_url, f"{path}?{url_key}=0.4")  # a stop of every one of these sliders
    assert float(chart_state(page, chart, trace)["value"]) == pytest.approx(0.4)


def slider_value(page: Any, key: str) -> float:
    """The value of the Streamlit slider with this key (a visually hidden range input)."""
    return float(page.locator(f".st-key-{key} input[type='range']").first.input_value())


def test_section_controls_write_the_url_and_a_link_restores_every_section(page: Any, base_url: str) -> None:
    link = "kl-asymmetry?kl_g_mu1=1.5&kl_mix_d=2&kl_probe_sigma=0.8&kl_temp=6&kl_probe_mu=-1"
    open_page(page, base_url, link)
    assert slider_value(page, "kl_g_mu1") == 1.5
    assert slider_value(page, "kl_mix_d") == 2.0
    assert slider_value(page, "kl_probe_sigma") == 0.8
    assert slider_value(page, "kl_temp") == 6.0
    assert float(chart_state(page, "kl_chart_fits", -1)["value"]) == -1.0
    slider = page.locator(".st-key-kl_mix_d input[type='range']").first
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_selector(APP_IDLE)
    page.wait_for_function("() => window.location.search.includes('kl_mix_d=2.1')")
    assert "kl_g_mu1=1.5" in page.url  # the other sections' values stay in the link
    assert slider_value(page, "kl_g_mu1") == 1.5
    assert_no_exception(page)
