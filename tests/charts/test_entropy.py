"""charts.entropy: every figure is valid Plotly, carries the numbers it was given, and reads safely."""

from __future__ import annotations

import base64
import json
import math
from typing import Any

import numpy as np
import plotly.graph_objects as go
import pytest

import core
from charts.entropy import (
    CURRENT_MARKER,
    binary_entropy_figure,
    entropy_sum_figure,
    outcome_figure,
    simplex_entropy_figure,
)
from core.distributions import binary_entropy_curve, simplex_entropy_map, summarize

SEED = summarize([0.7, 0.2, 0.1])
NAMES = ("boots", "fails", "explodes")


def values(array: Any) -> np.ndarray:
    """A trace array as numbers, whether a list or Plotly's typed-array spec ``{"dtype", "bdata"}``."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).astype(np.float64)
    return np.array([np.nan if v is None else v for v in array], dtype=np.float64)


def assert_valid(fig: go.Figure) -> dict[str, Any]:
    """The builders skip Plotly's validation for speed; validating here catches any bad property."""
    spec = fig.to_dict()
    go.Figure(spec)  # raises ValueError on an unknown property or a bad value
    return spec


def seed_simplex(**kwargs: Any) -> go.Figure:
    m = simplex_entropy_map()
    return simplex_entropy_figure(
        m.level_sets, m.levels, h_top=m.top, grid=m.grid, grid_h=m.grid_h, unit="nats", **kwargs
    )


def all_figures() -> list[go.Figure]:
    return [
        outcome_figure(SEED.p, SEED.surprisal, SEED.terms, NAMES, unit="nats"),
        entropy_sum_figure(SEED.terms, NAMES, h=SEED.entropy, h_max=SEED.max_entropy, unit="nats"),
        binary_entropy_figure(*binary_entropy_curve(), unit="nats", h_half=math.log(2), current=(0.9, 0.325083)),
        seed_simplex(names=NAMES, current=SEED.p, current_h=SEED.entropy),
    ]


@pytest.mark.parametrize("index", range(4))
def test_figures_are_valid_plotly_with_transparent_backgrounds(index: int) -> None:
    spec = assert_valid(all_figures()[index])
    assert spec["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)"
    assert spec["layout"]["template"] == {}  # Streamlit's theme styles it, in light and dark


def test_all_figures_together_stay_well_under_the_page_budget() -> None:
    kb = sum(len(fig.to_json()) for fig in all_figures()) / 1024
    assert kb < 150, kb  # the page's budget is 300 KB for everything


# --- outcome_figure ---


def test_outcome_figure_has_the_three_rows_of_numbers() -> None:
    fig = outcome_figure(SEED.p, SEED.surprisal, SEED.terms, NAMES, unit="bits")
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.yaxis for t in bars] == ["y", "y2", "y3"]
    for trace, expected in zip(bars, (SEED.p, SEED.surprisal, SEED.terms), strict=True):
        np.testing.assert_allclose(values(trace.y), expected)
        assert list(trace.x) == [0, 1, 2]
    assert list(fig.layout.xaxis.ticktext) == list(NAMES)
    assert "bits" in fig.layout.yaxis2.title.text
    assert "bits" in fig.layout.yaxis3.title.text
    assert "bits" in bars[1].hovertemplate
    assert list(bars[1].text) == ["0.3567", "1.6094", "2.3026"]


def test_an_impossible_outcome_gets_an_infinity_label_not_a_bar() -> None:
    s = summarize([1.0, 0.0])
    fig = outcome_figure(s.p, s.surprisal, s.terms, ("yes", "no"), unit="nats")
    assert_valid(fig)
    surprisal_bar = fig.data[1]
    assert surprisal_bar.y[1] is None
    assert surprisal_bar.text[1] == ""
    labels = [t for t in fig.data if t.type == "scatter"]
    assert len(labels) == 1
    assert list(labels[0].text) == ["∞"]
    assert list(labels[0].x) == [1]
    json.dumps(fig.to_dict(), allow_nan=False)  # raises if an inf or a NaN reached the JSON


def test_names_are_escaped_and_duplicates_stay_separate() -> None:
    s = summarize([0.5, 0.5])
    fig = outcome_figure(s.p, s.surprisal, s.terms, ("<b>x</b>", "<b>x</b>"), unit="nats")
    assert list(fig.layout.xaxis.ticktext) == ["&lt;b&gt;x&lt;/b&gt;"] * 2
    assert list(fig.data[0].x) == [0, 1]
    assert "<b>" not in json.dumps(fig.to_dict()["data"])


def test_outcome_figure_refuses_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="one entry per outcome"):
        outcome_figure(SEED.p, SEED.surprisal, SEED.terms, ("a", "b"), unit="nats")


# --- entropy_sum_figure ---


def test_the_sum_bar_is_as_long_as_the_entropy() -> None:
    fig = entropy_sum_figure(SEED.terms, NAMES, h=SEED.entropy, h_max=SEED.max_entropy, unit="nats")
    assert fig.layout.barmode == "stack"
    lengths = [t.x[0] for t in fig.data]
    assert sum(lengths) == pytest.approx(SEED.entropy, rel=1e-12)
    assert [t.name for t in fig.data] == list(NAMES)
    assert fig.layout.shapes[0].x0 == pytest.approx(math.log(3))
    texts = [a.text for a in fig.layout.annotations]
    assert "H = 0.8018 nats" in texts
    assert "max log k = 1.0986" in texts


def test_outcomes_that_add_nothing_get_no_segment() -> None:
    s = summarize([1.0, 0.0, 0.0])
    fig = entropy_sum_figure(s.terms, NAMES, h=s.entropy, h_max=s.max_entropy, unit="bits")
    assert_valid(fig)
    assert len(fig.data) == 0
    assert "H = 0.0000 bits" in [a.text for a in fig.layout.annotations]


# --- binary_entropy_figure ---


def test_binary_curve_marks_the_maximum_and_the_current_coin() -> None:
    p, h = binary_entropy_curve(base=2.0)
    fig = binary_entropy_figure(p, h, unit="bits", h_half=1.0, current=(0.9, float(core.binary_entropy(0.9, base=2))))
    curve, peak, coin = fig.data
    np.testing.assert_allclose(values(curve.x), p, atol=1e-7)  # sent as float32
    np.testing.assert_allclose(values(curve.y), h, atol=1e-7)
    assert (peak.x[0], peak.y[0]) == (0.5, 1.0)
    assert coin.x[0] == 0.9
    assert coin.y[0] == pytest.approx(0.468996, abs=5e-7)
    assert coin.marker.symbol == CURRENT_MARKER["symbol"]
    assert fig.layout.yaxis.title.text == "H (bits)"


def test_binary_curve_without_a_current_point() -> None:
    fig = binary_entropy_figure(*binary_entropy_curve(), unit="nats", h_half=math.log(2))
    assert len(fig.data) == 2


# --- simplex_entropy_figure ---


def test_simplex_bands_nest_from_the_triangle_to_the_peak() -> None:
    m = simplex_entropy_map()
    fig = seed_simplex(names=NAMES, current=SEED.p, current_h=SEED.entropy)
    fills = [t for t in fig.data if t.fill == "toself"]
    assert len(fills) == m.levels.size + 1  # the whole triangle, then one region per level
    assert len({t.fillcolor for t in fills}) == len(fills)
    triangle = np.stack([values(fills[0].a), values(fills[0].b), values(fills[0].c)], axis=1)
    np.testing.assert_allclose(triangle[:3], np.eye(3))
    radii = []
    for trace in fills[1:]:
        a, b, c = values(trace.a), values(trace.b), values(trace.c)
        np.testing.assert_allclose(a + b + c, 1.0, atol=1e-6)
        radii.append(np.linalg.norm(np.stack([a, b, c], axis=1) - 1 / 3, axis=1))
    # Same directions from the centre for every level: a higher level is never further out.
    assert (np.diff(np.array(radii), axis=0) <= 1e-6).all()


def test_simplex_marks_the_uniform_peak_and_the_current_distribution() -> None:
    fig = seed_simplex(names=NAMES, current=SEED.p, current_h=SEED.entropy)
    uniform, mine = fig.data[-2], fig.data[-1]
    assert (uniform.a[0], uniform.b[0], uniform.c[0]) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert "1.0986 nats" in uniform.name
    assert (mine.a[0], mine.b[0], mine.c[0]) == pytest.approx((0.7, 0.2, 0.1))
    assert mine.name == "your distribution: H = 0.8018 nats"
    assert fig.layout.ternary.aaxis.title.text == "p(boots)"
    hover = fig.data[-3]
    assert hover.marker.cmax == pytest.approx(math.log(3))
    assert hover.marker.showscale
    np.testing.assert_allclose(values(hover.customdata), simplex_entropy_map().grid_h, atol=1e-6)


def test_simplex_without_a_current_distribution() -> None:
    fig = seed_simplex()
    assert not any("your distribution" in (t.name or "") for t in fig.data)
    assert fig.layout.ternary.caxis.title.text == "p(p₃)"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"names": ("a", "b")}, "3 outcome names"),
        ({"current": [0.5, 0.5]}, "3 probabilities"),
    ],
)
def test_simplex_refuses_bad_arguments(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        seed_simplex(**kwargs)


def test_simplex_refuses_level_sets_of_the_wrong_shape() -> None:
    m = simplex_entropy_map()
    with pytest.raises(ValueError, match="level_sets"):
        simplex_entropy_figure(m.level_sets[:2], m.levels, h_top=m.top, grid=m.grid, grid_h=m.grid_h, unit="nats")
