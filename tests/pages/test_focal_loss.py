"""AppTest: the focal-loss page shows the paper's numbers, its curves equal core's, and survives bad input.

Every expected number comes from `core` (or from the paper and the source posts listed in tests/sources.py), never
from the page.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import binary_cross_entropy_with_logits, cross_entropy_loss
from core.focal import (
    P_T_GRID,
    SLIDER_GAMMAS,
    SURFACE_GAMMAS,
    SURFACE_P_T,
    ExampleGroup,
    compare_losses,
    focal_curves,
    logit,
)

from .conftest import decode, figures, open_page
from .conftest import metric_map as metrics

PAGE = "views/focal_loss.py"


def run_page(**query: str) -> AppTest:
    return open_page(PAGE, **query)


# The charts in page order; the (p_t, γ) surface is drawn only while its tab is open (`surface_tab`).
FAMILY, FACTOR, RATIO, PROBE, GRADIENT, BARS, SWEEP, MULTICLASS = range(8)


def slider(fig: dict[str, Any]) -> dict[str, Any]:
    return fig["layout"]["sliders"][0]


@pytest.fixture(scope="module")
def default() -> AppTest:
    return run_page()


def test_readouts_show_the_papers_100x_and_about_1000x(default: AppTest) -> None:
    """Lin et al. (2017) §3.2, γ = 2: p_t = 0.9 → 100× less loss, p_t ≈ 0.968 → ~1000×, hard ≤ 4×."""
    m = metrics(default)
    assert m["γ = 2, pₜ = 0.9"] == "100× less loss"
    assert m["γ = 2, pₜ ≈ 0.968"] == "1000× less loss"
    assert m["γ = 2, hard (pₜ ≤ 0.5)"] == "at most 4× less"
    assert any("Exactly 1000× at pₜ = 0.96838" in c.value for c in default.caption)
    assert any("where it is 977×" in c.value for c in default.caption)  # 1 / 0.032² = 976.6


def test_gamma_zero_curve_equals_cross_entropy_pointwise(default: AppTest) -> None:
    fam = figures(default)[FAMILY]
    assert fam["data"][0]["name"] == "γ = 0 (CE)"
    ce = binary_cross_entropy_with_logits(logit(P_T_GRID), np.ones_like(P_T_GRID), reduction="none")
    np.testing.assert_array_equal(decode(fam["data"][0]["y"]), np.asarray(ce, dtype=np.float32))
    np.testing.assert_array_equal(decode(fam["data"][0]["x"]), P_T_GRID.astype(np.float32))


def test_the_gamma_slider_is_client_side_over_0_to_10(default: AppTest) -> None:
    fam = figures(default)[FAMILY]
    s = slider(fam)
    assert len(s["steps"]) == 101
    assert (s["steps"][0]["label"], s["steps"][-1]["label"]) == ("0.0", "10.0")
    assert s["active"] == 20
    assert all(step["method"] == "restyle" and step["args"][1] == [5] for step in s["steps"])
    seven = s["steps"][70]["args"][0]["y"][0]
    np.testing.assert_array_equal(decode(seven), focal_curves(P_T_GRID, [7.0])[0].astype(np.float32))
    assert "frames" not in fam


def test_figures_fit_the_budget(default: AppTest) -> None:
    sizes = [len(c.proto.spec) / 1024 for c in default.get("plotly_chart")]
    assert len(sizes) == 8
    assert sum(sizes) < 600, sizes


def test_imbalance_shares_come_from_core_and_sum_to_one(default: AppTest) -> None:
    batch = (
        ExampleGroup("easy negatives", 100_000, 0.99, positive=False),
        ExampleGroup("hard negatives", 500, 0.7, positive=False),
        ExampleGroup("positives", 100, 0.6, positive=True),
    )
    rows = list(compare_losses(batch, gamma=2.0, alpha=0.25).values())
    for b in rows:
        assert b.loss_share.sum() == pytest.approx(1.0, abs=1e-12)
        assert b.grad_share.sum() == pytest.approx(1.0, abs=1e-12)
    m = metrics(default)
    assert m["CE"] == f"{100 * rows[0].loss_share[0]:.1f}%" == "81.4%"
    assert m["α-balanced CE, α = 0.25"] == f"{100 * rows[1].loss_share[0]:.1f}%"
    assert m["focal, γ = 2, α = 0.25"] == f"{100 * rows[2].loss_share[0]:.1f}%" == "0.5%"
    bars = figures(default)[BARS]["data"]
    loss_total = sum(decode(t["x"]).astype(np.float64) for t in bars if t["xaxis"] == "x")
    grad_total = sum(decode(t["x"]).astype(np.float64) for t in bars if t["xaxis"] == "x2")
    np.testing.assert_allclose(loss_total, 100.0, rtol=1e-5)
    np.testing.assert_allclose(grad_total, 100.0, rtol=1e-5)


def test_the_papers_choices_are_stated(default: AppTest) -> None:
    info = default.info[0].value
    assert "b = log(π / (1 − π)) = -4.5951" in info  # -log(99)
    assert f"{100_000 * -math.log(0.99):,.0f} nats" in info
    assert f"{100_000 * math.log(2):,.0f} nats" in info
    assert "torchvision" in info
    assert "α = 0.25, γ = 2" in info
    assert "optax" in info
    assert "alpha=None" in info


def test_multiclass_seed_example(default: AppTest) -> None:
    m = metrics(default)
    ce = cross_entropy_loss([[-1, 0.5, 2], [-1, 0.5, 3]], [1, 2])
    assert m["cross_entropy_loss (mean)"] == f"{ce:.6f} nats" == "0.918493 nats"  # the source posts
    assert m["softmax_focal_loss, γ = 2 (mean)"] != m["cross_entropy_loss (mean)"]


def test_multiclass_rows_count_from_one_as_in_the_calculator(default: AppTest) -> None:
    table = next(m.value for m in default.markdown if m.value.startswith("| row | class |"))
    assert [line.split("|")[1].strip() for line in table.splitlines()[2:]] == ["1", "2"]
    chart = next(f for f in figures(default) if any(t.get("x") == ["row 1", "row 2"] for t in f["data"]))
    assert chart["data"][0]["x"] == ["row 1", "row 2"]


def test_gamma_zero_button_makes_focal_equal_cross_entropy() -> None:
    at = run_page()
    at.button(key="focal_mc_zero").click().run()
    m = metrics(at)
    assert m["softmax_focal_loss, γ = 0 (mean)"] == m["cross_entropy_loss (mean)"] == "0.918493 nats"
    assert m["CE − FL"] == "0 (identical)"
    assert at.slider(key="focal_mc_gamma").value == 0.0


def test_first_step_preset_sets_every_box_to_the_prior() -> None:
    at = run_page()
    at.button(key="focal_first").click().run()
    assert at.slider(key="focal_easy_pt").value == pytest.approx(0.99)
    assert at.slider(key="focal_pos_pt").value == pytest.approx(0.01)
    assert at.select_slider(key="focal_hard_n").value == "0"
    batch = (
        ExampleGroup("easy negatives", 100_000, 0.99, positive=False),
        ExampleGroup("hard negatives", 0, 0.7, positive=False),
        ExampleGroup("positives", 100, 0.01, positive=True),
    )
    ce = compare_losses(batch)["CE"].loss_share[0]
    assert metrics(at)["CE"] == f"{100 * ce:.1f}%"


def test_url_opens_the_slider_and_sets_alpha_and_units() -> None:
    at = run_page(focal_gamma="7.3", focal_alpha="0.25", focal_class="negative", units="bits")
    fam = figures(at)[FAMILY]
    assert slider(fam)["active"] == 73
    expected = focal_curves(P_T_GRID, [2.0], alpha=0.25, positive=False, base=2.0)[0]
    np.testing.assert_allclose(decode(fam["data"][3]["y"]), expected, rtol=1e-6)  # the γ = 2 curve, α_t = 0.75
    assert fam["layout"]["yaxis"]["title"]["text"] == "loss (bits)"
    assert metrics(at)["CE"].endswith("%")
    assert metrics(at)["cross_entropy_loss (mean)"] == f"{0.918493 / math.log(2):.6f} bits"


@pytest.mark.parametrize(
    ("value", "active"), [("oops", 20), ("nan", 20), ("inf", 20), ("1e9", 100), ("-4", 0), ("2.96", 30)]
)
def test_tampered_gamma_in_the_url_is_clamped_or_ignored(value: str, active: int) -> None:
    at = run_page(focal_gamma=value)
    assert slider(figures(at)[FAMILY])["active"] == active


def test_tampered_bound_controls_are_dropped() -> None:
    at = run_page(
        focal_alpha="7",
        focal_class="maybe",
        focal_easy_n="3k",
        focal_easy_pt="2",
        focal_batch_gamma="-1",
        focal_probe_pt="abc",
    )
    m = metrics(at)
    assert m["γ = 2, pₜ = 0.9"] == "100× less loss"
    assert m["CE"] == "81.4%"  # the default batch
    fam = figures(at)[FAMILY]
    np.testing.assert_allclose(decode(fam["data"][3]["y"]), focal_curves(P_T_GRID, [2.0])[0], rtol=1e-6)  # no α


@pytest.mark.parametrize(
    ("logits", "targets", "message"),
    [
        ("1, 2; 3", "0, 0", "row 2 has 1 values but row 1 has 2"),
        ("1, 2; 3, 4", "0, 5", "Target[1] = 5 is not a class index"),
        ("1, two", "0", "not a number"),
        ("", "0", "1 to 20 rows"),
        ("1, 2", "0.5", "not a whole class index"),
        ("1, 2; 3, 4", "0", "1 target(s) for 2 row(s)"),
    ],
)
def test_bad_multiclass_input_shows_an_error_and_the_page_stays_up(logits: str, targets: str, message: str) -> None:
    at = run_page(focal_mc_logits=logits, focal_mc_targets=targets)
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    assert message in errors[0]
    assert metrics(at)["γ = 2, pₜ = 0.9"] == "100× less loss"
    assert len(at.get("plotly_chart")) == 7  # every chart but the multi-class one


def probe_readout(fig: dict[str, Any]) -> str:
    """The example's read-out: the client-side pₜ slider's text at the step it opens at."""
    return str(slider(fig)["steps"][slider(fig)["active"]]["label"])


def test_probe_readout_follows_its_sliders() -> None:
    """The link's pₜ and γ open the example there; the read-out then shows core's numbers."""
    at = run_page(focal_probe_pt="0.5", focal_probe_gamma="5.0")
    readout = probe_readout(figures(at)[PROBE])
    assert "CE / FL = 32×" in readout  # (1/2)^-5
    ce, fl = focal_curves([0.5], [0.0, 5.0])[:, 0]
    assert f"CE = {ce:.4g} nats" in readout
    assert f"FL = {fl:.4g} nats" in readout


def test_probe_slider_steps_carry_cores_values_at_every_stop(default: AppTest) -> None:
    """Each client-side step moves both markers to core's CE and FL at that pₜ, and rewrites the read-out."""
    fig = figures(default)[PROBE]
    steps = slider(fig)["steps"]
    stops = np.array([float(s["value"]) for s in steps])
    ce, fl = focal_curves(stops, [0.0, 2.0])
    for step, p, c, f in zip(steps, stops, ce, fl, strict=True):
        update, _, traces = step["args"]
        assert update["x"] == [[p], [p]]
        np.testing.assert_allclose(np.ravel(update["y"]), [c, f], rtol=1e-12)
        assert f"CE / FL = {c / f:,.4g}×" in step["label"]
        assert f"CE = {c:.4g} nats" in step["label"]
        assert traces == [2, 3]
    assert stops[slider(fig)["active"]] == 0.9  # the default example: the paper's p_t = 0.9
    assert "CE / FL = 100×" in probe_readout(fig)


@pytest.mark.parametrize("value", ["inf", "nan", "-3", "1e400", "x" * 100, "0.5abc", ""])
def test_tampered_probe_link_opens_at_a_valid_stop(value: str) -> None:
    fig = figures(run_page(focal_probe_pt=value))[PROBE]
    stops = [float(s["value"]) for s in slider(fig)["steps"]]
    assert stops[slider(fig)["active"]] == (0.01 if value == "-3" else 0.9)


def test_slider_stops_match_the_charts_constant() -> None:
    assert SLIDER_GAMMAS[0] == 0.0
    assert SLIDER_GAMMAS[-1] == 10.0
    assert SLIDER_GAMMAS.size == 101


def test_surface_is_built_only_when_its_tab_is_open(default: AppTest) -> None:
    """The (p_t, γ) surface is a lazy tab: absent by default, core's values once the link opens the tab."""
    assert not any(f["data"][0]["type"] == "surface" for f in figures(default))
    at = run_page(focal_family_view="Surface over (pₜ, γ)", focal_alpha="0.25")
    (surface,) = [f for f in figures(at) if f["data"][0]["type"] == "surface"]
    trace = surface["data"][0]
    np.testing.assert_allclose(decode(trace["x"]), SURFACE_P_T, rtol=1e-6)
    expected = focal_curves(SURFACE_P_T, SURFACE_GAMMAS, alpha=0.25, positive=True)
    np.testing.assert_allclose(decode(trace["z"]), expected, rtol=1e-6)  # float32 on the wire
    assert len(at.get("plotly_chart")) == 8  # the family chart gives way to the surface
