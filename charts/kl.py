"""Figures for the KL asymmetry page: per-outcome terms, CE = H + KL, Gaussian KL maps, one-Gaussian fits, soft targets.

Pure functions: numbers computed by `core` in (already in the page's units),
``go.Figure`` out.  The two directions keep one colour each everywhere:
KL(P‖Q) is ``COLORS["kl"]`` (solid), KL(Q‖P) is ``COLORS["kl_reverse"]``
(dashed).  An infinite term is drawn as a hatched bar to the top of the axis
labelled "∞", never as NaN.  Surfaces are float32 typed arrays; maps use
Viridis with a capped colour range so that the basins near the minimum keep
their contrast.

Figures are built from plain dicts without Plotly's per-property validation,
which costs milliseconds per figure on every rerun; tests/charts validates every
builder's output with ``go.Figure(fig.to_dict())``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike

from i18n import _

from .client_slider import add_client_slider, step_index
from .plotly_json import Trace, themed_figure, typed_array
from .theme import COLORS, OKABE_ITO, SHADE, SURFACE_COLORSCALE, line_style

#: Colours of the two distributions themselves (the directions have COLORS["kl"] / ["kl_reverse"]).
P_COLOR = OKABE_ITO["blue"]
Q_COLOR = OKABE_ITO["sky_blue"]
#: The hatching of a bar that stands for +∞.
INF_PATTERN = {"shape": "/", "solidity": 0.4}


def _fmt(v: float, unit: str) -> str:
    if math.isinf(v):
        return "+∞" if v > 0 else "−∞"
    return f"{v:.4f} {unit}"


def _axis_top(values: Sequence[float]) -> float:
    finite = [abs(v) for v in values if math.isfinite(v)]
    return 1.25 * max(finite, default=0.0) or 1.0


# --------------------------------------------------------------------------- section 1: discrete P and Q


def distributions_figure(labels: Sequence[str], p: ArrayLike, q: ArrayLike) -> go.Figure:
    """Grouped bars of P and Q over the outcomes."""
    names = [html.escape(str(s)) for s in labels]
    data = [
        {
            "type": "bar",
            "name": "P",
            "x": names,
            "y": [float(v) for v in np.asarray(p).ravel()],
            "marker": {"color": P_COLOR},
            "hovertemplate": _("outcome %{x}<br>P = %{y:.4f}<extra></extra>"),
        },
        {
            "type": "bar",
            "name": "Q",
            "x": names,
            "y": [float(v) for v in np.asarray(q).ravel()],
            "marker": {"color": Q_COLOR, "pattern": {"shape": "."}},
            "hovertemplate": _("outcome %{x}<br>Q = %{y:.4f}<extra></extra>"),
        },
    ]
    layout = {
        "barmode": "group",
        "height": 260,
        "xaxis": {"title": {"text": _("outcome")}, "type": "category"},
        "yaxis": {"title": {"text": _("probability")}, "range": [0, 1.05]},
    }
    return themed_figure(data, layout)


def pointwise_figure(labels: Sequence[str], forward: ArrayLike, reverse: ArrayLike, unit: str) -> go.Figure:
    """Each outcome's term of KL(P‖Q) (``P log P/Q``) beside its term of KL(Q‖P) (``Q log Q/P``).

    Terms can be negative (where the other distribution is larger) though each
    sum is not.  An infinite term is a hatched bar to the top of the axis, labelled ∞.
    """
    names = [html.escape(str(s)) for s in labels]
    fwd = [float(v) for v in np.asarray(forward, dtype=np.float64).ravel()]
    rev = [float(v) for v in np.asarray(reverse, dtype=np.float64).ravel()]
    top = _axis_top(fwd + rev)
    low = min([0.0, *(v for v in fwd + rev if math.isfinite(v))])
    data = []
    for name, values, kind, formula in (
        (_("P log(P/Q): term of KL(P‖Q)"), fwd, "kl", "P log P/Q"),
        (_("Q log(Q/P): term of KL(Q‖P)"), rev, "kl_reverse", "Q log Q/P"),
    ):
        shown = [top if math.isinf(v) else v for v in values]
        data.append(
            {
                "type": "bar",
                "name": name,
                "x": names,
                "y": shown,
                "text": ["∞" if math.isinf(v) else "" for v in values],
                "textposition": "outside",
                "customdata": [_fmt(v, unit) for v in values],
                "marker": {
                    "color": COLORS[kind],
                    "pattern": {
                        "shape": ["/" if math.isinf(v) else ("" if kind == "kl" else "x") for v in values],
                        "solidity": 0.4,
                    },
                },
                "hovertemplate": _("outcome %{{x}}<br>{formula} = %{{customdata}}<extra></extra>", formula=formula),
            }
        )
    layout = {
        "barmode": "group",
        "height": 300,
        "xaxis": {"title": {"text": _("outcome")}, "type": "category"},
        "yaxis": {"title": {"text": _("contribution ({unit})", unit=unit)}, "range": [low * 1.15, top * 1.12]},
        "shapes": [
            {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": 0, "y1": 0, "line": {"color": SHADE, "width": 1}}
        ],
    }
    return themed_figure(data, layout)


def decomposition_figure(entropy: float, kl: float, cross_entropy: float, unit: str) -> go.Figure:
    """``H(P, Q) = H(P) + KL(P‖Q)`` as two horizontal bars: one stacked, one whole.

    With an infinite KL the KL segment and the cross-entropy bar are hatched and
    run to the right edge, labelled ∞.
    """
    finite = math.isfinite(kl)
    right = 1.25 * max(cross_entropy if math.isfinite(cross_entropy) else 0.0, entropy, 1e-9)
    kl_shown = kl if finite else right - entropy
    ce_shown = cross_entropy if math.isfinite(cross_entropy) else right
    rows = ["H(P) + KL(P‖Q)", "H(P, Q)"]
    hatched = {"shape": "/", "solidity": 0.4}
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": _("H(P): entropy"),
            "y": [rows[0]],
            "x": [entropy],
            "marker": {"color": COLORS["entropy"]},
            "text": [f"H(P) {entropy:.3f}"],
            "textposition": "inside",
            "hovertemplate": f"H(P) = {_fmt(entropy, unit)}<extra></extra>",
        },
        {
            "type": "bar",
            "orientation": "h",
            "name": "KL(P‖Q)",
            "y": [rows[0]],
            "x": [kl_shown],
            "marker": {"color": COLORS["kl"], "pattern": hatched if not finite else {"shape": ""}},
            "text": [f"KL {kl:.3f}" if finite else "KL = ∞"],
            "textposition": "inside",
            "hovertemplate": f"KL(P‖Q) = {_fmt(kl, unit)}<extra></extra>",
        },
        {
            "type": "bar",
            "orientation": "h",
            "name": _("H(P, Q): cross-entropy"),
            "y": [rows[1]],
            "x": [ce_shown],
            "marker": {"color": COLORS["ce"], "pattern": hatched if not finite else {"shape": ""}},
            "text": [f"H(P, Q) {cross_entropy:.3f}" if math.isfinite(cross_entropy) else "H(P, Q) = ∞"],
            "textposition": "inside",
            "hovertemplate": f"H(P, Q) = {_fmt(cross_entropy, unit)}<extra></extra>",
        },
    ]
    layout = {
        "barmode": "stack",
        "height": 220,
        "xaxis": {"title": {"text": unit}, "range": [0, right]},
        "yaxis": {"autorange": "reversed"},
        "uniformtext": {"minsize": 10, "mode": "hide"},
        "legend": {"traceorder": "normal"},
    }
    return themed_figure(data, layout)


# --------------------------------------------------------------------------- sections 2 and 3: Gaussians


@dataclass(frozen=True)
class Marker:
    """A labelled point on a KL map (``y`` is σ, the axis is logarithmic)."""

    name: str
    x: float
    y: float
    symbol: str = "x"
    color: str = OKABE_ITO["vermillion"]
    hover: str = ""
    line_color: str = "white"


def densities_figure(
    x: ArrayLike, curves: Sequence[tuple[str, ArrayLike, str]], *, fill_first: bool = True, height: int = 300
) -> go.Figure:
    """Density curves over ``x``: ``curves`` are ``(name, density, kind)``.

    ``kind`` is ``"p"`` (the target: filled grey when ``fill_first``), ``"q"``, a key of
    ``COLORS`` (``"kl"``, ``"kl_reverse"``), or ``"other"`` (a thin dotted line).
    """
    xs = typed_array(np.asarray(x).ravel())
    data: list[Trace] = []
    for i, (name, y, kind) in enumerate(curves):
        trace: Trace = {
            "type": "scatter",
            "mode": "lines",
            "name": html.escape(name),
            "x": xs,
            "y": typed_array(np.asarray(y).ravel()),
            "hovertemplate": _("x = %{{x:.2f}}<br>density = %{{y:.4f}}<extra>{name}</extra>", name=html.escape(name)),
        }
        if kind == "p":
            trace["line"] = {"color": OKABE_ITO["grey"], "width": 2}
            if fill_first and i == 0:
                trace["fill"] = "tozeroy"
                trace["fillcolor"] = SHADE
        elif kind == "q":
            trace["line"] = {"color": P_COLOR, "width": 2.5, "dash": "dash"}
        elif kind == "other":
            trace["line"] = {"color": COLORS["kl_reverse"], "width": 1.5, "dash": "dot"}
        else:
            trace["line"] = line_style(kind, width=3)
        data.append(trace)
    layout = {
        "height": height,
        "xaxis": {"title": {"text": "x"}},
        "yaxis": {"title": {"text": _("density")}, "rangemode": "tozero"},
    }
    return themed_figure(data, layout)


def add_probe_q(
    fig: go.Figure,
    *,
    offsets: ArrayLike,
    density: ArrayLike,
    stops: ArrayLike,
    forward: ArrayLike,
    reverse: ArrayLike,
    sigma: float,
    unit: str,
    start: float,
) -> go.Figure:
    """Add a Gaussian q = N(μ, σ²) that the reader slides along x with a client-side slider.

    Args:
        fig: a `densities_figure` (modified in place and returned).
        offsets: x − μ on an even grid (first to last), shape ``(X,)``; ``density`` is N(0, σ²) there.
        stops: the slider's values of μ, shape ``(S,)``.
        forward, reverse: KL(p‖q) and KL(q‖p) in ``unit`` at each stop, shape ``(S,)``.
        sigma: q's standard deviation (for the legend and read-out).
        start: the stop shown first (the nearest one).

    The curve is drawn with ``x0``/``dx`` (an even grid from ``x0``), so a step only moves ``x0``:
    the shape is sent once, each stop costs a number and a read-out.
    """
    off, mus = np.asarray(offsets, dtype=np.float64), np.asarray(stops, dtype=np.float64)
    fwd, rev = np.asarray(forward, dtype=np.float64), np.asarray(reverse, dtype=np.float64)
    if off.ndim != 1 or off.size < 2 or not mus.shape == fwd.shape == rev.shape:
        why = "offsets must be 1-D and stops, forward, reverse of one shape"  # i18n: not reader text
        raise ValueError(f"{why}: {mus.shape}, {fwd.shape}")
    dx = float(off[-1] - off[0]) / (off.size - 1)
    active = step_index(mus.tolist(), start)
    fig.add_trace(
        go.Scatter(
            x0=float(mus[active] + off[0]),
            dx=dx,
            y=typed_array(density),
            mode="lines",
            name=_("your q = N(μ, {sigma}²): slider below", sigma=f"{sigma:.2f}"),
            line={"color": P_COLOR, "width": 2.5, "dash": "dash"},
            hovertemplate=_("x = %{x:.2f}<br>density = %{y:.4f}<extra>your q</extra>"),
        )
    )

    def readout(mu: float, f: float, r: float) -> str:
        return _(
            "your q = N({mu}, {sigma}²):  KL(p‖q) = <b>{forward}</b>,  KL(q‖p) = <b>{reverse}</b>",
            mu=f"{mu + 0.0:.1f}",
            sigma=f"{sigma:.2f}",
            forward=_kl_text(f, unit),
            reverse=_kl_text(r, unit),
        )

    return add_client_slider(
        fig,
        values=[f"{m + 0.0:.1f}" for m in mus],  # + 0.0: never "-0.0"
        traces=[len(fig.data) - 1],
        trace_updates=[{"x0": [float(m + off[0])]} for m in mus],
        readouts=[readout(m, f, r) for m, f, r in zip(mus, fwd, rev, strict=True)],
        active=active,
    )


def _kl_text(x: float, unit: str) -> str:
    return "∞" if math.isinf(x) else f"{x:.4f} {unit}"


def kl_map_figure(
    mus: ArrayLike,
    sigmas: ArrayLike,
    values: ArrayLike,
    *,
    title: str,
    unit: str,
    cap: float,
    x_title: str = "μ",
    y_title: str | None = None,
    markers: Sequence[Marker] = (),
    height: int = 380,
) -> go.Figure:
    """A KL value over a grid of Gaussians ``N(μ, σ²)``: filled contours (Viridis), σ on a log axis.

    Args:
        mus: the ``n`` x-values (means).
        sigmas: the ``m`` y-values (standard deviations, > 0).
        values: shape ``(m, n)``, already in ``unit``; sent as float32.
        cap: the top of the colour range (values above are drawn in its colour).
        y_title: the y axis's title; "σ (log scale)" in the reader's language by default.
        markers: points to mark (the current Q, fits, ...).
    """
    if y_title is None:
        y_title = _("σ (log scale)")
    z = np.asarray(values, dtype=np.float64)
    mu = np.asarray(mus, dtype=np.float64).ravel()
    sg = np.asarray(sigmas, dtype=np.float64).ravel()
    if z.shape != (sg.size, mu.size):
        expected = f"({sg.size}, {mu.size}) (sigmas × mus)"
        raise ValueError(f"values has shape {z.shape}; expected {expected}")  # i18n: not reader text
    size = cap / 12.0
    data: list[Trace] = [
        {
            "type": "contour",
            "name": title,
            "x": typed_array(mu),
            "y": typed_array(sg),
            "z": typed_array(np.minimum(z, 1e30)),
            "zmin": 0.0,
            "zmax": cap,
            "zauto": False,
            "colorscale": SURFACE_COLORSCALE,
            "contours": {"start": 0.0, "end": cap, "size": size, "coloring": "heatmap", "showlines": True},
            "line": {"width": 0.5, "color": "rgba(255,255,255,0.35)"},
            "colorbar": {"title": {"text": unit, "side": "right"}, "thickness": 12, "len": 0.9},
            "hovertemplate": (
                f"{x_title} = %{{x:.2f}}<br>σ = %{{y:.3f}}<br>{html.escape(title)} = %{{z:.4f}} {unit}<extra></extra>"
            ),
            "showlegend": False,
        }
    ]
    groups: dict[tuple[str, str, str, str], list[Marker]] = {}
    for m in markers:  # one trace (and one legend entry) per kind of marker
        groups.setdefault((m.name, m.symbol, m.color, m.line_color), []).append(m)
    for (name, symbol, color, line_color), ms in groups.items():
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": html.escape(name),
                "x": [m.x for m in ms],
                "y": [m.y for m in ms],
                "text": [html.escape(m.hover or m.name) for m in ms],
                "marker": {"symbol": symbol, "size": 14, "color": color, "line": {"color": line_color, "width": 1.5}},
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    lo, hi = float(sg[0]), float(sg[-1])
    ticks = [t for t in (0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0) if lo <= t <= hi]
    layout = {
        "title": {"text": html.escape(title), "font": {"size": 14}},
        "height": height,
        "margin": {"t": 40, "b": 10},
        "xaxis": {"title": {"text": x_title, "standoff": 4}, "range": [float(mu[0]), float(mu[-1])]},
        "yaxis": {
            "title": {"text": y_title},
            "type": "log",
            "range": [math.log10(lo), math.log10(hi)],
            "tickvals": ticks,
            "ticktext": [f"{t:g}" for t in ticks],
        },
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.22, "xanchor": "left", "x": 0},
    }
    return themed_figure(data, layout)


# --------------------------------------------------------------------------- section 4: soft targets


def soft_targets_figure(
    labels: Sequence[str], teacher: ArrayLike, student: ArrayLike, label: int, temperature: float
) -> go.Figure:
    """The teacher's soft targets and the student's tempered prediction, with the hard label marked."""
    names = [html.escape(str(s)) for s in labels]
    t = [float(v) for v in np.asarray(teacher).ravel()]
    s = [float(v) for v in np.asarray(student).ravel()]
    hard = [1.0 if i == label else 0.0 for i in range(len(t))]
    data = [
        {
            "type": "bar",
            "name": _("teacher, soft targets (T = {t})", t=f"{temperature:g}"),
            "x": names,
            "y": t,
            "marker": {"color": COLORS["kl"]},
            "hovertemplate": _("class %{x}<br>p<sub>T</sub> = %{y:.4f}<extra></extra>"),
        },
        {
            "type": "bar",
            "name": _("student (T = {t})", t=f"{temperature:g}"),
            "x": names,
            "y": s,
            "marker": {"color": Q_COLOR, "pattern": {"shape": "."}},
            "hovertemplate": _("class %{x}<br>q<sub>T</sub> = %{y:.4f}<extra></extra>"),
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": _("hard label (one-hot)"),
            "x": names,
            "y": hard,
            "marker": {
                "symbol": "line-ew-open",
                "size": 28,
                "color": COLORS["target"],
                "line": {"width": 3, "color": COLORS["target"]},
            },
            "hovertemplate": _("class %{x}<br>hard label = %{y:.0f}<extra></extra>"),
        },
    ]
    layout = {
        "barmode": "group",
        "height": 300,
        "xaxis": {"title": {"text": _("class")}, "type": "category"},
        "yaxis": {"title": {"text": _("probability")}, "range": [0, 1.08]},
    }
    return themed_figure(data, layout)
