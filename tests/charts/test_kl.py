"""Figure builders of the KL page: valid Plotly, the right numbers in the right traces, infinities drawn, not NaN."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import pytest

from charts.kl import (
    Marker,
    decomposition_figure,
    densities_figure,
    distributions_figure,
    kl_map_figure,
    pointwise_figure,
    soft_targets_figure,
)
from charts.plotly_json import decode_typed_array as decode
from charts.plotly_json import typed_array
from charts.theme import COLORS
from core import kl_divergence
from core.distillation import kl_terms
from core.gaussians import gaussian_kl


def validated(fig: go.Figure) -> dict:  # type: ignore[type-arg]
    """The figure as a dict, after Plotly's full validation (the builders skip it for speed)."""
    return go.Figure(fig.to_dict()).to_dict()


def test_typed_array_round_trips_in_float32() -> None:
    a = np.arange(12, dtype=np.float64).reshape(3, 4) / 7
    spec = typed_array(a)
    assert spec["dtype"] == "f4"
    assert spec["shape"] == "3, 4"
    np.testing.assert_allclose(decode(spec), a.astype(np.float32))
    assert decode([1, 2]).tolist() == [1.0, 2.0]


def test_distributions_figure_has_p_and_q_bars() -> None:
    fig = validated(distributions_figure(["1", "2", "<b>3</b>"], [0.5, 0.3, 0.2], [0.2, 0.3, 0.5]))
    p, q = fig["data"]
    assert (p["name"], q["name"]) == ("P", "Q")
    assert list(p["y"]) == [0.5, 0.3, 0.2]
    assert list(q["y"]) == [0.2, 0.3, 0.5]
    assert list(p["x"])[2] == "&lt;b&gt;3&lt;/b&gt;"  # names are escaped, not read as markup


def test_pointwise_figure_shows_both_directions_and_sums_to_the_kls() -> None:
    p, q = np.array([0.49, 0.49, 0.01, 0.01]), np.full(4, 0.25)
    fig = validated(pointwise_figure(["1", "2", "3", "4"], kl_terms(p, q), kl_terms(q, p), "nats"))
    fwd, rev = fig["data"]
    assert fwd["marker"]["color"] == COLORS["kl"]
    assert rev["marker"]["color"] == COLORS["kl_reverse"]
    assert sum(fwd["y"]) == pytest.approx(kl_divergence(p, q), rel=1e-12)
    assert sum(rev["y"]) == pytest.approx(kl_divergence(q, p), rel=1e-12)
    assert min(fwd["y"]) < 0  # a negative term is drawn below the axis
    assert fig["layout"]["yaxis"]["title"]["text"] == "contribution (nats)"


def test_pointwise_figure_draws_an_infinite_term_as_a_hatched_bar_to_the_top() -> None:
    p, q = [0.5, 0.3, 0.2], [0.5, 0.5, 0.0]
    fig = validated(pointwise_figure(["1", "2", "3"], kl_terms(p, q), kl_terms(q, p), "bits"))
    fwd = fig["data"][0]
    top = fig["layout"]["yaxis"]["range"][1]
    assert all(math.isfinite(v) for v in fwd["y"])
    assert fwd["y"][2] == pytest.approx(top / 1.12)
    assert list(fwd["text"]) == ["", "", "∞"]
    assert list(fwd["marker"]["pattern"]["shape"])[2] == "/"
    assert fwd["customdata"][2] == "+∞"


def test_decomposition_figure_stacks_entropy_and_kl_to_the_cross_entropy() -> None:
    fig = validated(decomposition_figure(0.8, 0.6, 1.4, "nats"))
    h, kl, ce = fig["data"]
    assert h["x"][0] + kl["x"][0] == pytest.approx(ce["x"][0])
    assert h["y"][0] == kl["y"][0] != ce["y"][0]
    assert fig["layout"]["barmode"] == "stack"


def test_decomposition_figure_with_infinite_kl_is_labelled_not_nan() -> None:
    fig = validated(decomposition_figure(1.0, math.inf, math.inf, "nats"))
    h, kl, ce = fig["data"]
    right = fig["layout"]["xaxis"]["range"][1]
    assert h["x"][0] + kl["x"][0] == pytest.approx(right)
    assert ce["x"][0] == pytest.approx(right)
    assert kl["text"][0] == "KL = ∞"
    assert ce["text"][0] == "H(P, Q) = ∞"
    assert kl["marker"]["pattern"]["shape"] == "/"


def test_densities_figure_styles_each_kind() -> None:
    x = np.linspace(-3, 3, 7)
    fig = validated(
        densities_figure(x, [("p", np.ones(7), "p"), ("fwd", np.ones(7), "kl"), ("other", np.ones(7), "other")])
    )
    p, fwd, other = fig["data"]
    assert p["fill"] == "tozeroy"
    assert fwd["line"]["color"] == COLORS["kl"]
    assert other["line"]["dash"] == "dot"
    np.testing.assert_allclose(decode(fwd["x"]), x.astype(np.float32))


def test_kl_map_figure_sends_the_grid_as_float32_with_markers_grouped() -> None:
    mus, sigmas = np.linspace(-2, 2, 5), np.geomspace(0.5, 2.0, 4)
    values = np.asarray(gaussian_kl(0.0, 1.0, *np.meshgrid(mus, sigmas)))
    markers = [Marker("fit", -1.0, 1.0, "star"), Marker("fit", 1.0, 1.0, "star"), Marker("other", 0.0, 2.0, "diamond")]
    fig = validated(kl_map_figure(mus, sigmas, values, title="KL(P‖Q)", unit="nats", cap=3.0, markers=markers))
    surface, fits, other = fig["data"]
    assert surface["type"] == "contour"
    np.testing.assert_allclose(decode(surface["z"]), values.astype(np.float32))
    assert (surface["zmin"], surface["zmax"]) == (0.0, 3.0)
    assert list(fits["x"]) == [-1.0, 1.0]
    assert other["marker"]["symbol"] == "diamond"
    assert fig["layout"]["yaxis"]["type"] == "log"
    assert list(fig["layout"]["yaxis"]["tickvals"]) == [0.5, 1.0, 2.0]


def test_kl_map_figure_rejects_a_grid_of_the_wrong_shape() -> None:
    with pytest.raises(ValueError, match="expected"):
        kl_map_figure([0, 1, 2], [1, 2], np.zeros((3, 2)), title="t", unit="nats", cap=1.0)


def test_soft_targets_figure_marks_the_hard_label() -> None:
    fig = validated(soft_targets_figure(["0", "1", "2"], [0.5, 0.3, 0.2], [0.2, 0.3, 0.5], 1, 4.0))
    teacher, student, hard = fig["data"]
    assert list(student["y"]) == [0.2, 0.3, 0.5]
    assert list(teacher["y"]) == [0.5, 0.3, 0.2]
    assert list(hard["y"]) == [0.0, 1.0, 0.0]
    assert "T = 4" in teacher["name"]
