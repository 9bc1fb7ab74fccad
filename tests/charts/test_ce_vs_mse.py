"""charts.ce_vs_mse: traces, colours, shading, geometry and payload of the page's figures."""

from __future__ import annotations

import json

import numpy as np
import plotly.io as pio
import pytest

from charts.ce_vs_mse import (
    CLASS_STYLE,
    _boundary_segment,
    confidence_figure,
    dataset_figure,
    epoch_figure,
    gradient_figure,
    logistic_figures,
    neuron_figures,
    surface_figure,
    surface_pair,
)
from charts.theme import COLORS, DASHES, SHADE
from core.comparison import confidence_curves, gradient_curves
from core.surfaces import logistic_loss_surface, softmax_loss_surface
from core.training import TOY_DIRECTION, toy_dataset, train_logistic_regression, train_sigmoid_neuron


def trace_by_name(fig: object, prefix: str) -> object:
    matches = [t for t in fig.data if (t.name or "").startswith(prefix)]  # type: ignore[attr-defined]
    assert len(matches) == 1, [t.name for t in fig.data]  # type: ignore[attr-defined]
    return matches[0]


def test_confidence_figure_has_one_line_per_measure_in_the_shared_colours() -> None:
    c = confidence_curves(np.linspace(0.001, 1, 50))
    fig = confidence_figure(c.p, c.cross_entropy, c.quadratic, c.error, unit="nats", marker_p=0.2)
    ce = trace_by_name(fig, "cross-entropy")
    quad = trace_by_name(fig, "quadratic")
    err = trace_by_name(fig, "0-1")
    assert ce.line.color == COLORS["ce"]
    assert ce.line.dash == DASHES["ce"]
    assert quad.line.color == COLORS["mse"]
    assert quad.line.dash == DASHES["mse"]
    assert err.line.color == COLORS["error"]
    assert err.line.shape == "hv"
    assert "(nats)" in ce.name
    assert "nats" in ce.hovertemplate
    assert fig.layout.yaxis.range == (0.0, 4.0)
    assert "nats" in fig.layout.yaxis.title.text
    assert [s.x0 for s in fig.layout.shapes] == [0.2]
    np.testing.assert_allclose(np.asarray(ce.y, dtype=float), c.cross_entropy, rtol=1e-6)  # type: ignore[attr-defined]


def test_gradient_figure_shades_the_dead_zone_clipped_to_the_range() -> None:
    g = gradient_curves(np.linspace(-6, 8, 57))
    fig = gradient_figure(g.z, g.cross_entropy, g.quadratic, dead_zone=g.dead_zone, unit="nats", x_title="z")
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(rects) == 1
    assert rects[0].x0 == pytest.approx(g.dead_zone[0])
    assert rects[0].x1 == 8.0
    assert rects[0].fillcolor == SHADE
    assert any(a.text == "dead zone" for a in fig.layout.annotations)
    # The loss's unit, not "per nat": a gradient with respect to a logit has one meaning.
    assert trace_by_name(fig, "cross-entropy").name == "cross-entropy (loss in nats)"  # type: ignore[attr-defined]
    none = gradient_figure(g.z, g.cross_entropy, g.quadratic, dead_zone=(np.inf, np.inf), unit="bits", x_title="z")
    assert not [s for s in none.layout.shapes if s.type == "rect"]
    assert trace_by_name(none, "cross-entropy").name == "cross-entropy (loss in bits)"  # type: ignore[attr-defined]


def test_epoch_figure_and_neuron_figures() -> None:
    ce = train_sigmoid_neuron(w0=2.0, b0=2.0, loss="ce", epochs=30)
    q = train_sigmoid_neuron(w0=2.0, b0=2.0, loss="quadratic", epochs=30)
    output, cost = neuron_figures(ce, q, quadratic_name="½(a − y)²", unit="bits")
    assert output.layout.yaxis.range == (0.0, 1.0)
    assert cost.layout.yaxis.title.text == "cost (CE in bits)"
    ce_line = trace_by_name(output, "trained with cross-entropy")
    q_line = trace_by_name(output, "trained with ½")
    assert ce_line.line.color == COLORS["ce"]
    assert q_line.line.color == COLORS["mse"]
    np.testing.assert_allclose(np.asarray(ce_line.y, dtype=float), ce.output, rtol=1e-6)  # type: ignore[attr-defined]
    assert len(ce_line.x) == 31  # type: ignore[attr-defined]
    fig = epoch_figure([0, 1], [1, 2], [3, 4], y_title="t", value_format=".1%", ce_suffix=" nats")
    assert "%{y:.1%} nats" in trace_by_name(fig, "trained with cross").hovertemplate  # type: ignore[attr-defined]


def test_boundary_segment_lies_on_the_line_inside_the_box() -> None:
    w, b = np.array([1.0, 2.0]), -1.0
    xs, ys = _boundary_segment(w, b, (-3.0, 3.0), (-3.0, 3.0))
    assert len(xs) == 2
    for x, y in zip(xs, ys, strict=True):
        assert w[0] * x + w[1] * y + b == pytest.approx(0.0, abs=1e-12)
        assert -3 <= x <= 3
        assert -3 <= y <= 3
    assert _boundary_segment([1.0, 0.0], -10.0, (-3.0, 3.0), (-3.0, 3.0)) == ([], [])  # misses the box
    assert _boundary_segment([0.0, 0.0], 1.0, (-3.0, 3.0), (-3.0, 3.0)) == ([], [])  # no boundary at w = 0
    vx, _ = _boundary_segment([1.0, 0.0], -1.0, (-3.0, 3.0), (-3.0, 3.0))  # vertical line x = 1
    assert vx == [1.0, 1.0]


def test_dataset_figure_and_logistic_figures() -> None:
    x, y = toy_dataset()
    kw = {"w0": -4.0 * TOY_DIRECTION, "b0": 2.0, "learning_rate": 0.5, "epochs": 20}
    ce = train_logistic_regression(x, y, loss="ce", **kw)  # type: ignore[arg-type]
    q = train_logistic_regression(x, y, loss="quadratic", **kw)  # type: ignore[arg-type]
    boundaries, accuracy = logistic_figures(x, y, ce, q, quadratic_name="½(a − y)²")
    points = [t for t in boundaries.data if t.mode == "markers"]
    assert [len(t.x) for t in points] == [11, 11]
    assert [t.marker.color for t in points] == [CLASS_STYLE[0]["color"], CLASS_STYLE[1]["color"]]
    assert trace_by_name(boundaries, "boundary, CE").line.color == COLORS["ce"]  # type: ignore[attr-defined]
    assert trace_by_name(boundaries, "start").line.dash == DASHES["target"]  # type: ignore[attr-defined]
    assert boundaries.layout.yaxis.scaleanchor == "x"  # equal aspect: the boundary's angle is true
    acc = trace_by_name(accuracy, "trained with cross")
    np.testing.assert_allclose(np.asarray(acc.y, dtype=float), ce.accuracy, rtol=1e-6)  # type: ignore[attr-defined]
    empty = dataset_figure(x, y, [])
    assert len(empty.data) == 2


def test_surface_figure_3d_and_contour() -> None:
    s = softmax_loss_surface(true_class=0, n=21)
    fig3d = surface_figure(s.x, s.y, s.ce, view="3d", title="CE", x_title="z₁", y_title="z₂", z_title="CE (nats)")
    assert [t.type for t in fig3d.data] == ["surface"]
    surf = fig3d.data[0]
    assert surf.contours.z.show
    assert surf.contours.z.project.z
    assert fig3d.layout.scene.xaxis.title.text == "z₁"
    assert fig3d.layout.showlegend is False  # the title names the surface; a legend would crowd it
    contour = surface_figure(s.x, s.y, s.ce, view="contour", title="CE", x_title="z₁", y_title="z₂", z_title="CE")
    assert [t.type for t in contour.data] == ["contour"]
    assert contour.layout.xaxis.range == (-6.0, 6.0)
    with pytest.raises(ValueError, match="view"):
        surface_figure(s.x, s.y, s.ce, view="4d", title="", x_title="", y_title="", z_title="")


def test_surface_payload_is_float32_and_small() -> None:
    """A 101 × 101 float32 surface is 40 KB of data: about 55 KB of base64 in the JSON, well under budget."""
    s = softmax_loss_surface(true_class=0, n=101)
    fig = surface_figure(s.x, s.y, s.ce, view="3d", title="CE", x_title="x", y_title="y", z_title="z")
    spec = json.loads(pio.to_json(fig, validate=False))
    z = spec["data"][0]["z"]
    assert z["dtype"] == "f4"
    assert len(pio.to_json(fig, validate=False)) < 100_000


def test_surface_pair_draws_each_run_on_its_own_surface_with_endpoints() -> None:
    x, y = toy_dataset()
    s = logistic_loss_surface(x, y, direction=TOY_DIRECTION, n=21)
    path = (np.array([-4.0, -3.0, -1.0]), np.array([2.0, 1.5, 0.5]), np.array([4.0, 3.0, 1.0]))
    for view, line_type in (("3d", "scatter3d"), ("contour", "scatter")):
        ce, quad = surface_pair(
            s, view=view, unit="nats", x_title="w", y_title="b", quadratic_title="q", ce_path=path, quadratic_path=path
        )
        assert ce.layout.title.text == "cross-entropy"
        assert quad.layout.title.text == "q"
        lines = [t for t in ce.data if t.type == line_type and t.mode == "lines"]
        ends = [t for t in ce.data if t.type == line_type and t.mode == "markers"]
        assert len(lines) == 1
        assert lines[0].line.color == COLORS["ce"]
        assert len(ends) == 1
        assert list(ends[0].marker.color) == ["white", COLORS["ce"]]
        assert next(t for t in quad.data if t.type == line_type and t.mode == "lines").line.color == COLORS["mse"]
    bare, _ = surface_pair(s, view="3d", unit="bits", x_title="w", y_title="b", quadratic_title="q")
    assert len(bare.data) == 1
    assert bare.data[0].colorbar.title.text == "CE (bits)"
