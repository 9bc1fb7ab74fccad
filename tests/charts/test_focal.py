"""charts.focal: figures checked on fig.data and fig.layout, the client-side γ slider's steps included."""

from __future__ import annotations

import json
import math

import numpy as np
import plotly.io as pio
import pytest

from charts.focal import (
    decode_typed_array,
    frame_name,
    gamma_family_figure,
    gradient_figure,
    imbalance_figure,
    modulating_factor_figure,
    multiclass_figure,
    ratio_figure,
    share_vs_gamma_figure,
    surface_figure,
    typed_array,
)
from charts.theme import COLORS
from core.focal import (
    GRAD_LOGITS,
    P_T_GRID,
    PAPER_GAMMAS,
    SLIDER_GAMMAS,
    SURFACE_GAMMAS,
    SURFACE_P_T,
    SWEEP_GAMMAS,
    ExampleGroup,
    ce_grad_curve,
    compare_losses,
    focal_curves,
    focal_grad_curves,
    loss_ratio,
    modulating_factor,
    paper_cases,
    share_vs_gamma,
)

F32 = np.float32
BATCH = (
    ExampleGroup("easy negatives", 100_000, 0.99, positive=False),
    ExampleGroup("hard negatives", 500, 0.7, positive=False),
    ExampleGroup("positives", 100, 0.6, positive=True),
)


def arr(v: object) -> np.ndarray:
    return decode_typed_array(v)


def family_figures(alpha: float | None, positive: bool, base: float | None, unit: str) -> tuple[object, object]:
    """The γ family (with its slider) and the (p_t, γ) surface, composed from core's numbers as the page does."""

    def curves(p_t: object, gammas: object) -> np.ndarray:
        return focal_curves(p_t, gammas, alpha=alpha, positive=positive, base=base)

    y_max = 5.0 if base is None else 5.0 / math.log(base)
    family = gamma_family_figure(
        P_T_GRID,
        PAPER_GAMMAS,
        curves(P_T_GRID, PAPER_GAMMAS),
        SLIDER_GAMMAS,
        curves(P_T_GRID, SLIDER_GAMMAS),
        start_gamma=2.0,
        unit=unit,
        y_max=y_max,
    )
    return family, surface_figure(SURFACE_P_T, SURFACE_GAMMAS, curves(SURFACE_P_T, SURFACE_GAMMAS), unit=unit)


def payload_kb(fig: object) -> float:
    return len(pio.to_json(fig, validate=False)) / 1024


def test_typed_array_round_trips_float32_in_one_and_two_dimensions() -> None:
    x = np.linspace(0, 1, 7)
    spec = typed_array(x)
    assert spec["dtype"] == "f4"
    assert "shape" not in spec
    np.testing.assert_array_equal(arr(spec), x.astype(F32))
    m = np.arange(6.0).reshape(2, 3)
    spec2 = typed_array(m)
    assert spec2["shape"] == "2, 3"
    np.testing.assert_array_equal(arr(spec2), m.astype(F32))
    np.testing.assert_array_equal(arr([1.0, 2.0]), np.array([1, 2], dtype=F32))


# --- the γ family with its client-side slider ------------------------------------------------


@pytest.fixture(scope="module")
def family() -> tuple[object, np.ndarray]:
    stops = focal_curves(P_T_GRID, SLIDER_GAMMAS)
    fig = gamma_family_figure(
        P_T_GRID, PAPER_GAMMAS, focal_curves(P_T_GRID, PAPER_GAMMAS), SLIDER_GAMMAS, stops, start_gamma=2.0
    )
    return fig, stops


def test_family_traces_are_the_papers_curves_plus_the_slider_curve(family: tuple[object, np.ndarray]) -> None:
    fig, _ = family
    names = [t.name for t in fig.data]  # type: ignore[attr-defined]
    assert names == ["γ = 0 (CE)", "γ = 0.5", "γ = 1", "γ = 2", "γ = 5", "slider: γ = 2.0"]
    ce = arr(fig.data[0].y)  # type: ignore[attr-defined]
    np.testing.assert_array_equal(ce, (-np.log(P_T_GRID)).astype(F32))
    assert fig.data[0].line.color == COLORS["ce"]  # type: ignore[attr-defined]
    assert fig.data[5].line.color == COLORS["focal"]  # type: ignore[attr-defined]
    for t in fig.data:  # type: ignore[attr-defined]
        np.testing.assert_array_equal(arr(t.x), P_T_GRID.astype(F32))
        assert "nats" in t.hovertemplate
    assert fig.layout.yaxis.range == (0, 5.0)  # type: ignore[attr-defined]


def test_slider_steps_restyle_only_the_slider_curve(family: tuple[object, np.ndarray]) -> None:
    fig, stops = family
    slider = fig.layout.sliders[0]  # type: ignore[attr-defined]
    steps = slider.steps
    assert len(steps) == 101
    assert [s.label for s in steps] == [frame_name(g) for g in SLIDER_GAMMAS]
    assert steps[0].label == "0.0"
    assert steps[-1].label == "10.0"
    assert slider.active == 20  # γ = 2.0
    for i in (0, 5, 20, 50, 100):
        step = steps[i]
        assert step.method == "restyle"
        update, traces = step.args
        assert list(traces) == [5]
        assert list(update["name"]) == [f"slider: γ = {SLIDER_GAMMAS[i]:.1f}"]
        np.testing.assert_array_equal(arr(update["y"][0]), stops[i].astype(F32))
    # The slider's γ = 2 stop is the paper's γ = 2 curve; its γ = 0 stop is CE.
    np.testing.assert_array_equal(arr(steps[20].args[0]["y"][0]), arr(fig.data[3].y))  # type: ignore[attr-defined]
    np.testing.assert_array_equal(arr(steps[0].args[0]["y"][0]), arr(fig.data[0].y))  # type: ignore[attr-defined]
    assert not fig.frames  # type: ignore[attr-defined]


@pytest.mark.parametrize(("start", "active"), [(0.0, 0), (7.34, 73), (10.0, 100), (42.0, 100), (-3.0, 0)])
def test_slider_opens_at_the_nearest_stop(start: float, active: int) -> None:
    stops = np.zeros((SLIDER_GAMMAS.size, 3))
    fig = gamma_family_figure([0.2, 0.5, 0.8], [0.0], np.zeros((1, 3)), SLIDER_GAMMAS, stops, start_gamma=start)
    assert fig.layout.sliders[0].active == active
    assert fig.data[-1].name == f"slider: γ = {SLIDER_GAMMAS[active]:.1f}"


def test_family_refuses_mismatched_shapes() -> None:
    with pytest.raises(ValueError, match="do not match"):
        gamma_family_figure([0.2, 0.5], [0.0], np.zeros((1, 3)), [0.0], np.zeros((1, 2)))


def test_family_section_payload_is_float32_and_small() -> None:
    family_fig, surface_fig = family_figures(None, True, None, "nats")
    spec = json.loads(pio.to_json(family_fig, validate=False))
    assert spec["layout"]["sliders"][0]["steps"][0]["args"][0]["y"][0]["dtype"] == "f4"
    assert payload_kb(family_fig) < 250
    assert payload_kb(surface_fig) < 120
    assert surface_fig.data[0].z["dtype"] == "f4"


def test_family_section_follows_alpha_class_and_units() -> None:
    plain, _ = family_figures(None, True, None, "nats")
    pos, _ = family_figures(0.25, True, None, "nats")
    neg, _ = family_figures(0.25, False, 2.0, "bits")
    base = arr(plain.data[3].y).astype(np.float64)
    np.testing.assert_allclose(arr(pos.data[3].y), 0.25 * base, rtol=1e-6)
    np.testing.assert_allclose(arr(neg.data[3].y), 0.75 * base / math.log(2), rtol=1e-6)
    assert neg.layout.yaxis.title.text == "loss (bits)"
    assert neg.layout.yaxis.range[1] == pytest.approx(5 / math.log(2))


# --- down-weighting and gradients ------------------------------------------------------------


def test_downweighting_section_marks_the_papers_cases() -> None:
    cases = paper_cases()
    factor = modulating_factor_figure(
        P_T_GRID, PAPER_GAMMAS, modulating_factor(P_T_GRID[None, :], np.asarray(PAPER_GAMMAS)[:, None])
    )
    marks = [
        (0.9, cases.ratio_at_0_9, "100×"),
        (cases.p_t_1000, cases.ratio_1000, "1000×"),
        (0.5, cases.hard_max, "4×"),
    ]
    ratio = ratio_figure(P_T_GRID, PAPER_GAMMAS, [loss_ratio(P_T_GRID, g) for g in PAPER_GAMMAS], marks=marks)
    grads = focal_grad_curves(GRAD_LOGITS, PAPER_GAMMAS)
    gradient = gradient_figure(GRAD_LOGITS, PAPER_GAMMAS, grads, ce_grad_curve(GRAD_LOGITS), unit="nats")
    assert [t.name for t in factor.data] == ["γ = 0 (CE)", "γ = 0.5", "γ = 1", "γ = 2", "γ = 5"]
    np.testing.assert_allclose(arr(factor.data[3].y), ((1 - P_T_GRID) ** 2).astype(F32), rtol=1e-6)
    marks = ratio.data[-1]
    assert marks.name == "paper's cases (γ = 2)"
    assert list(marks.text) == ["100×", "1000×", "4×"]
    np.testing.assert_allclose(arr(marks.y), [100, 1000, 4], rtol=1e-6)
    np.testing.assert_allclose(arr(marks.x), [0.9, 1 - 1000**-0.5, 0.5], rtol=1e-6)
    assert ratio.layout.yaxis.type == "log"
    assert ratio.layout.yaxis.ticktext[:3] == ("1×", "10×", "100×")
    assert gradient.data[0].name == "CE: σ(z) − y"


def test_ratio_figure_on_a_log_axis() -> None:
    fig = ratio_figure(P_T_GRID, [2.0], [(1 - P_T_GRID) ** -2.0], y_max=1e3)
    assert fig.layout.yaxis.type == "log"
    assert fig.layout.yaxis.range == (0, 3.0)
    assert len(fig.data) == 1  # no marks asked for, none drawn
    assert fig.layout.shapes[0].x1 == 0.5  # the hard region is shaded


def test_gradient_figure_skips_gamma_zero_which_is_the_ce_line() -> None:
    z = np.linspace(-6, 6, 5)
    ce = 1 / (1 + np.exp(-z)) - 1
    fig = gradient_figure(z, [0.0, 2.0], np.vstack([ce, ce / 2]), ce, unit="nats")
    assert [t.name for t in fig.data] == ["CE: σ(z) − y", "FL, γ = 2"]
    # In bits the legend says what the curve is: the nats gradient divided by ln 2.
    bits = gradient_figure(z, [0.0, 2.0], np.vstack([ce, ce / 2]), ce, unit="bits")
    assert [t.name for t in bits.data] == ["CE: (σ(z) − y) / ln 2, in bits", "FL, γ = 2"]
    assert bits.layout.yaxis.title.text == "∂ℓ/∂z (ℓ in bits)"
    np.testing.assert_allclose(arr(fig.data[0].y), ce.astype(F32))
    np.testing.assert_allclose(arr(fig.data[0].customdata), (ce + 1).astype(F32), rtol=1e-6)  # p_t for hover
    assert fig.layout.yaxis.title.text == "∂ℓ/∂z (ℓ in nats)"


# --- imbalance -----------------------------------------------------------------------------


def test_imbalance_bars_stack_to_one_hundred_percent() -> None:
    rows = list(compare_losses(BATCH).values())
    loss, grad = np.stack([b.loss_share for b in rows]), np.stack([b.grad_share for b in rows])
    fig = imbalance_figure(["CE", "α-balanced CE", "focal"], ["easy", "hard", "pos"], loss, grad)
    assert len(fig.data) == 6  # 3 groups × (loss, gradient)
    assert fig.layout.barmode == "stack"
    loss_bars = [t for t in fig.data if t.xaxis == "x"]
    grad_bars = [t for t in fig.data if t.xaxis == "x2"]
    np.testing.assert_allclose(sum(arr(t.x) for t in loss_bars), 100.0, rtol=1e-5)
    np.testing.assert_allclose(sum(arr(t.x) for t in grad_bars), 100.0, rtol=1e-5)
    assert loss_bars[0].y == ("focal", "α-balanced CE", "CE")  # first loss drawn on top
    np.testing.assert_allclose(arr(loss_bars[0].x)[::-1], 100 * loss[:, 0], rtol=1e-6)
    assert [t.showlegend for t in fig.data] == [True, False, True, False, True, False]


def test_imbalance_figure_refuses_mismatched_shares() -> None:
    with pytest.raises(ValueError, match="expected"):
        imbalance_figure(["CE"], ["a", "b"], np.ones((1, 3)), np.ones((1, 2)))


def test_share_vs_gamma_figure_marks_the_current_gamma() -> None:
    curves = {"focal, no α": share_vs_gamma(BATCH, SWEEP_GAMMAS, alpha=None)}
    sweep = share_vs_gamma_figure(SWEEP_GAMMAS, curves, current_gamma=2.0)
    assert [t.name for t in sweep.data] == ["focal, no α"]
    first = arr(sweep.data[0].y)
    assert first[0] == pytest.approx(100 * compare_losses(BATCH)["CE"].loss_share[0], rel=1e-6)  # γ = 0 is CE
    assert sweep.layout.shapes[0].x0 == 2.0  # the current γ


def test_share_vs_gamma_figure_without_a_marker() -> None:
    fig = share_vs_gamma_figure([0.0, 1.0], {"a": [0.5, 0.25]})
    np.testing.assert_allclose(arr(fig.data[0].y), [50.0, 25.0])
    assert not fig.layout.shapes


# --- surface and multi-class ----------------------------------------------------------------


def test_surface_is_float32_with_projected_contours() -> None:
    p, g = np.linspace(0.01, 0.99, 4), np.linspace(0, 5, 3)
    values = focal_curves(p, g)
    fig = surface_figure(p, g, values, unit="bits")
    s = fig.data[0]
    assert s.type == "surface"
    np.testing.assert_array_equal(arr(s.z), values.astype(F32))
    assert arr(s.z).shape == (3, 4)
    assert s.contours.z.show
    assert s.contours.z.project.z
    assert s.colorbar.title.text == "FL (bits)"
    with pytest.raises(ValueError, match="expected"):
        surface_figure(p, g, values.T)


def test_multiclass_figure() -> None:
    fig = multiclass_figure(["row 0", "row 1"], [1.741311, 0.095674], [1.184346, 0.000796], gamma=2.0)
    assert [t.name for t in fig.data] == ["cross-entropy", "focal, γ = 2"]
    assert fig.data[0].marker.color == COLORS["ce"]
    assert fig.data[1].marker.color == COLORS["focal"]
    np.testing.assert_allclose(arr(fig.data[0].y), [1.741311, 0.095674], rtol=1e-6)
