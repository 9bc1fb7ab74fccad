"""Figures for the entropy explorer: per-outcome surprise, the entropy as a sum, binary and ternary entropy.

Pure functions: numbers computed by `core` in, ``go.Figure`` out.  Quantities
keep one colour each: probability grey, surprisal ``-log p`` the CE blue (it is
the cross-entropy loss when that outcome is the true class), entropy and its
terms the entropy sky blue.  Outcome names are escaped before they reach
Plotly, which would otherwise read ``<b>`` and friends as markup; outcomes are
placed by index, so two outcomes with the same name stay two bars.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike, NDArray
from plotly.colors import sample_colorscale

from i18n import _

from .client_slider import add_client_slider, step_index
from .plotly_json import Trace, themed_figure, typed_array
from .theme import COLORS, OKABE_ITO, SURFACE_COLORSCALE, line_style

#: Colour of the probability bars.
PROBABILITY_COLOR = OKABE_ITO["grey"]
#: Colour of the surprisal bars: the CE colour, since -log p of the true class is the CE loss.
SURPRISAL_COLOR = COLORS["ce"]
#: Marker for "your distribution" on the binary and ternary charts: readable on light, dark and Viridis.
CURRENT_MARKER: dict[str, Any] = {
    "color": OKABE_ITO["vermillion"],
    "size": 16,
    "symbol": "x",
    "line": {"color": "white", "width": 1.5},
}


def _band_colors(fractions: tuple[float, ...]) -> tuple[str, ...]:
    """Colours of the surface colour scale at ``fractions`` of its range (cached: Plotly's sampler is slow)."""
    return tuple(sample_colorscale(SURFACE_COLORSCALE, list(fractions)))


def _labels(names: Sequence[str]) -> list[str]:
    return [html.escape(str(n)) for n in names]


def _floats(x: ArrayLike) -> NDArray[np.float64]:
    return np.asarray(x, dtype=np.float64)


def _flat_typed(x: ArrayLike) -> dict[str, str]:
    """``x`` flattened, as a float32 typed-array spec (`typed_array`)."""
    return typed_array(np.ravel(x))


def outcome_figure(
    p: ArrayLike,
    surprisal: ArrayLike,
    terms: ArrayLike,
    names: Sequence[str],
    *,
    unit: str,
    height: int = 540,
) -> go.Figure:
    """Three rows of bars over the outcomes: ``p``, surprisal ``-log p`` and its weighted share ``p·(-log p)``.

    Args:
        p: probabilities, one per outcome.
        surprisal: ``-log p`` in ``unit`` (``inf`` where ``p = 0``: drawn as an "∞" label, no bar).
        terms: ``p·(-log p)`` in ``unit``; they sum to the entropy.
        names: outcome labels (plain text).
        unit: "nats" or "bits", used in titles and hover text.
    """
    pv, sv, tv = _floats(p), _floats(surprisal), _floats(terms)
    k = pv.size
    if not (sv.size == tv.size == len(names) == k):
        why = "p, surprisal, terms and names need one entry per outcome"  # i18n: not reader text
        raise ValueError(f"{why}; got {pv.size}, {sv.size}, {tv.size}, {len(names)}")
    labels = _labels(names)
    x = list(range(k))
    finite = np.isfinite(sv)
    s_plot = np.where(finite, sv, np.nan)
    rows = (
        ("y", pv, PROBABILITY_COLOR, _("probability p"), "p"),
        ("y2", s_plot, SURPRISAL_COLOR, _("surprisal −log p ({unit})", unit=unit), f"−log p ({unit})"),
        ("y3", tv, COLORS["entropy"], _("contribution p·(−log p) ({unit})", unit=unit), f"p·(−log p) ({unit})"),
    )
    data: list[Trace] = [
        {
            "type": "bar",
            "x": x,
            "y": [float(v) if math.isfinite(v) else None for v in values],
            "yaxis": axis,
            "name": name,
            "marker": {"color": color},
            "text": [f"{v:.4f}" if math.isfinite(v) else "" for v in values],
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": labels,
            "hovertemplate": f"%{{customdata}}<br>{hover} = %{{y:.4f}}<extra></extra>",
            "showlegend": False,
        }
        for axis, values, color, hover, name in rows
    ]
    if not finite.all():
        never = np.flatnonzero(~finite)
        data.append(
            {
                "type": "scatter",
                "x": never.tolist(),
                "y": [0.0] * never.size,
                "yaxis": "y2",
                "mode": "text",
                "text": ["∞"] * never.size,
                "textposition": "top center",  # i18n: not reader text
                "textfont": {"size": 18, "color": SURPRISAL_COLOR},
                "hovertext": [_("{name}: p = 0, so −log p = ∞ (it never happens)", name=labels[i]) for i in never],
                "hoverinfo": "text",
                "name": _("infinite surprisal"),
                "showlegend": False,
            }
        )
    top_s = float(np.nanmax(s_plot)) if finite.any() else 1.0
    top_t = float(tv.max()) if tv.size else 1.0
    gap = 0.08
    third = (1.0 - 2 * gap) / 3
    layout = {
        "xaxis": {"tickvals": x, "ticktext": labels, "anchor": "y3", "title": {"text": _("outcome")}},
        "yaxis": {"domain": [2 * (third + gap), 1.0], "range": [0, 1.2], "title": {"text": "p"}},
        "yaxis2": {
            "domain": [third + gap, 2 * third + gap],
            "range": [0, max(top_s, 1e-9) * 1.3],
            "title": {"text": f"−log p<br>({unit})"},
        },
        "yaxis3": {
            "domain": [0, third],
            "range": [0, max(top_t, 1e-9) * 1.3],
            "title": {"text": f"p·(−log p)<br>({unit})"},
        },
        "bargap": 0.35,
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
    }
    return themed_figure(data, layout)


def entropy_sum_figure(
    terms: ArrayLike,
    names: Sequence[str],
    *,
    h: float,
    h_max: float,
    unit: str,
    height: int = 180,
) -> go.Figure:
    """One horizontal bar built from the terms ``p_i·(-log p_i)``: its length is ``H``; a dashed line marks ``log k``.

    Args:
        terms: each outcome's contribution, in ``unit`` (non-negative).
        names: outcome labels (plain text).
        h: the entropy (the sum of ``terms``), in ``unit``.
        h_max: ``log k``, the largest possible entropy, in ``unit``.
        unit: "nats" or "bits".
    """
    tv = _floats(terms)
    labels = _labels(names)
    if tv.size != len(labels):
        raise ValueError(f"terms has {tv.size} entries but names has {len(labels)}")  # i18n: not reader text
    shades = (COLORS["entropy"], OKABE_ITO["blue"])
    data: list[Trace] = [
        {
            "type": "bar",
            "x": [float(t)],
            "y": ["H"],
            "orientation": "h",
            "name": label,
            "marker": {"color": shades[i % 2], "line": {"color": "white", "width": 1.5}},
            "text": [label],
            "textposition": "inside",
            "insidetextanchor": "middle",
            "textangle": 0,  # horizontal, and hidden (uniformtext) when the segment is too narrow
            "textfont": {"color": "white"},
            "hovertemplate": _("{name}: p·(−log p) = %{{x:.4f}} {unit}<extra></extra>", name=label, unit=unit),
            "showlegend": False,
        }
        for i, (t, label) in enumerate(zip(tv, labels, strict=True))
        if t > 0  # p = 0 or p = 1: the outcome adds nothing to H
    ]
    layout = {
        "barmode": "stack",
        "uniformtext": {"minsize": 10, "mode": "hide"},
        "xaxis": {"range": [0, max(h_max, 1e-9) * 1.05], "title": {"text": unit, "standoff": 8}, "automargin": True},
        "yaxis": {"showticklabels": False, "range": [-0.95, 0.95], "fixedrange": True},
        "shapes": [
            {
                "type": "line",
                "x0": h_max,
                "x1": h_max,
                "y0": -0.55,
                "y1": 0.55,
                "line": {"color": COLORS["target"], "dash": "dash", "width": 2},
            }
        ],
        "annotations": [
            {
                "x": h_max,
                "y": 0.55,
                "yanchor": "bottom",
                "xanchor": "right",
                "text": _("max log k = {value}", value=f"{h_max:.4f}"),
                "showarrow": False,
                "font": {"color": COLORS["target"]},
            },
            {
                "x": h,
                "y": -0.55,
                "yanchor": "top",
                "xanchor": "right" if h > 0.5 * h_max else "left",
                "text": f"H = {h:.4f} {unit}",
                "showarrow": False,
            },
        ],
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 36},  # room for the axis title under its ticks
    }
    return themed_figure(data, layout)


def binary_entropy_figure(
    p_grid: ArrayLike,
    h_grid: ArrayLike,
    *,
    unit: str,
    h_half: float,
    current: tuple[float, float] | None = None,
    current_label: str | None = None,
    probe: tuple[ArrayLike, ArrayLike] | None = None,
    probe_start: float = 0.5,
    height: int = 360,
) -> go.Figure:
    """The binary entropy curve ``H(p) = -p log p - (1-p) log(1-p)`` with its maximum and the current point.

    Args:
        p_grid: probabilities of outcome 1, increasing, in [0, 1].
        h_grid: ``H`` at each of them, in ``unit``.
        unit: "nats" or "bits".
        h_half: ``H(½)`` in ``unit`` (1 bit, ln 2 nats), the maximum.
        current: ``(p, H(p))`` of the distribution being explored, or None for none.
        current_label: its legend entry (plain text); None for "your coin".
        probe: ``(p_stops, H(p_stops))``: a point the reader drags along the curve with a client-side
            slider under the chart, its value read out at the top left; None for none.
        probe_start: the stop the probe opens at (the nearest one).
    """
    pg, hg = _floats(p_grid), _floats(h_grid)
    if pg.shape != hg.shape:
        raise ValueError(f"p_grid has shape {pg.shape} but h_grid has shape {hg.shape}")  # i18n: not reader text
    data: list[Trace] = [
        {
            "type": "scatter",
            "x": _flat_typed(pg),
            "y": _flat_typed(hg),
            "mode": "lines",
            "name": "H(p)",
            "line": line_style("entropy"),
            "hovertemplate": f"p = %{{x:.3f}}<br>H = %{{y:.4f}} {unit}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": [0.5],
            "y": [h_half],
            "mode": "markers",
            "name": _("maximum {value} {unit} at p = ½", value=f"{h_half:.4f}", unit=unit),
            "marker": {"color": COLORS["entropy"], "size": 11, "symbol": "circle-open", "line": {"width": 2.5}},
            "hovertemplate": _("fair coin: p = ½, H = {value} {unit}<extra></extra>", value=f"{h_half:.4f}", unit=unit),
        },
    ]
    if current is not None:
        label = html.escape(_("your coin") if current_label is None else current_label)
        data.append(
            {
                "type": "scatter",
                "x": [float(current[0])],
                "y": [float(current[1])],
                "mode": "markers",
                "name": label,
                "marker": CURRENT_MARKER,
                "hovertemplate": f"{label}<br>p = %{{x:.4f}}, H = %{{y:.4f}} {unit}<extra></extra>",
            }
        )
    layout = {
        "xaxis": {"range": [-0.02, 1.02], "title": {"text": _("p = P(outcome 1)")}},
        "yaxis": {"range": [0, h_half * 1.12], "title": {"text": f"H ({unit})"}},
        "height": height,
    }
    probe_index = None
    if probe is not None:
        stops, values = _floats(probe[0]), _floats(probe[1])
        if stops.shape != values.shape or stops.ndim != 1 or stops.size < 2:
            why = "probe stops and values must be 1-D, of one length >= 2"  # i18n: not reader text
            raise ValueError(f"{why}: {stops.shape}, {values.shape}")
        active = step_index(stops.tolist(), probe_start)
        probe_index = 2
        data.insert(
            probe_index,
            {
                "type": "scatter",
                "x": [float(stops[active])],
                "y": [float(values[active])],
                "mode": "markers",
                "name": _("the probe (slider below)"),
                "marker": {"color": COLORS["entropy"], "size": 14, "symbol": "diamond", "line": {"width": 1.5}},
                "hovertemplate": _("probe: p = %{{x:.2f}}, H = %{{y:.4f}} {unit}<extra></extra>", unit=unit),
            },
        )
    fig = themed_figure(data, layout)
    if probe_index is not None:
        add_client_slider(
            fig,
            values=[f"{p:.2f}" for p in stops],
            traces=[probe_index],
            trace_updates=[{"x": [[float(p)]], "y": [[float(v)]]} for p, v in zip(stops, values, strict=True)],
            readouts=[f"p = {p:.2f}  →  H(p) = <b>{v:.4f} {unit}</b>" for p, v in zip(stops, values, strict=True)],
            active=active,
        )
    return fig


def simplex_entropy_figure(
    level_sets: ArrayLike,
    levels: ArrayLike,
    *,
    h_top: float,
    grid: ArrayLike,
    grid_h: ArrayLike,
    unit: str,
    names: Sequence[str] = ("p₁", "p₂", "p₃"),
    current: ArrayLike | None = None,
    current_h: float | None = None,
    height: int = 500,
) -> go.Figure:
    """Entropy over every distribution on three outcomes, as a filled ternary contour plot.

    Each region ``{H ≥ c}`` is drawn as a filled polygon, lowest level first, so
    the bands between levels show; the colour of a band is the Viridis colour
    of its middle on the colour bar's scale ``[0, h_top]``.

    Args:
        level_sets: ``(n_levels, n_points, 3)`` boundaries of ``{H ≥ c}``, one per level
            (from `core.distributions.entropy_level_sets`), levels increasing.
        levels: the levels ``c`` in ``unit``, increasing, each in ``(0, h_top)``.
        h_top: ``log 3`` in ``unit``, the peak, reached at the uniform point.
        grid: ``(m, 3)`` points of the simplex, for hover read-outs.
        grid_h: ``H`` at each grid point, in ``unit``.
        unit: "nats" or "bits".
        names: the three outcome names (axis titles; plain text).
        current: the distribution being explored (3 probabilities), or None.
        current_h: its entropy in ``unit``.
    """
    polys = _floats(level_sets)
    lv = _floats(levels)
    g, gh = _floats(grid), _floats(grid_h)
    if polys.ndim != 3 or polys.shape[0] != lv.size or polys.shape[2] != 3:
        why = f"level_sets has shape {polys.shape}"  # i18n: not reader text
        raise ValueError(f"{why}; expected ({lv.size}, n_points, 3)")
    if g.ndim != 2 or g.shape[1] != 3 or gh.shape != (g.shape[0],):
        why = f"grid has shape {g.shape} and grid_h {gh.shape}"  # i18n: not reader text
        raise ValueError(f"{why}; expected (m, 3) and (m,)")
    if len(names) != 3:
        raise ValueError(f"names must hold 3 outcome names, got {len(names)}")  # i18n: not reader text
    labels = _labels(names)
    edges = np.concatenate([[0.0], lv, [h_top]])
    mids = 0.5 * (edges[:-1] + edges[1:]) / h_top
    colors = _band_colors(tuple(round(float(m), 6) for m in mids))
    triangle = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    outlines = [triangle, *(np.vstack([poly, poly[:1]]) for poly in polys)]
    data: list[Trace] = [
        {
            "type": "scatterternary",
            "a": _flat_typed(outline[:, 0]),
            "b": _flat_typed(outline[:, 1]),
            "c": _flat_typed(outline[:, 2]),
            "mode": "lines",
            "fill": "toself",
            "fillcolor": color,
            "line": {"color": "rgba(255,255,255,0.6)", "width": 0.8},
            "hoverinfo": "skip",
            "showlegend": False,
            "name": f"H ≥ {low:.2f} {unit}",
        }
        for outline, color, low in zip(outlines, colors, edges[:-1], strict=True)
    ]
    data.append(
        {
            "type": "scatterternary",
            "a": _flat_typed(g[:, 0]),
            "b": _flat_typed(g[:, 1]),
            "c": _flat_typed(g[:, 2]),
            "mode": "markers",
            # Invisible points that carry the hover read-out and the colour bar.
            "marker": {
                "size": 10,
                "opacity": 0,
                "color": _flat_typed(gh),
                "colorscale": SURFACE_COLORSCALE,
                "cmin": 0.0,
                "cmax": h_top,
                "showscale": True,
                # Horizontal, under the triangle: beside it, it collides with the axis titles on narrow screens.
                "colorbar": {
                    "title": {"text": f"H ({unit})", "side": "top"},
                    "orientation": "h",
                    "x": 0.5,
                    "xanchor": "center",
                    "y": -0.08,
                    "yanchor": "top",
                    "thickness": 10,
                    "len": 0.7,
                },
            },
            "customdata": _flat_typed(gh),
            "hovertemplate": (
                f"{labels[0]} %{{a:.2f}}, {labels[1]} %{{b:.2f}}, {labels[2]} %{{c:.2f}}"
                f"<br>H = %{{customdata:.3f}} {unit}<extra></extra>"
            ),
            "showlegend": False,
            "name": _("entropy"),
        }
    )
    data.append(
        {
            "type": "scatterternary",
            "a": [1 / 3],
            "b": [1 / 3],
            "c": [1 / 3],
            "mode": "markers",
            "name": _("uniform: the peak, log 3 = {value} {unit}", value=f"{h_top:.4f}", unit=unit),
            "marker": {"color": "white", "size": 11, "symbol": "circle", "line": {"color": "black", "width": 1.5}},
            "hovertemplate": _(
                "uniform (⅓, ⅓, ⅓)<br>H = log 3 = {value} {unit}<extra></extra>", value=f"{h_top:.4f}", unit=unit
            ),
        }
    )
    if current is not None:
        cur = _floats(current)
        if cur.shape != (3,):
            raise ValueError(f"current must hold 3 probabilities, got shape {cur.shape}")  # i18n: not reader text
        point = {"p1": f"{cur[0]:.3f}", "p2": f"{cur[1]:.3f}", "p3": f"{cur[2]:.3f}"}
        if current_h is None:
            name = _("your distribution")
            hover = _("your distribution ({p1}, {p2}, {p3})<extra></extra>", **point)
        else:
            h = {"value": f"{current_h:.4f}", "unit": unit}
            name = _("your distribution: H = {value} {unit}", **h)
            hover = _("your distribution ({p1}, {p2}, {p3}): H = {value} {unit}<extra></extra>", **point, **h)
        data.append(
            {
                "type": "scatterternary",
                "a": [float(cur[0])],
                "b": [float(cur[1])],
                "c": [float(cur[2])],
                "mode": "markers",
                "name": name,
                "marker": CURRENT_MARKER,
                "hovertemplate": hover,
            }
        )
    # Ticks at 0.2 ... 0.8 only: 0 and 1 would pile up at the corners.
    axis = {"min": 0, "ticks": "outside", "ticklen": 3, "tickvals": [0.2, 0.4, 0.6, 0.8], "showgrid": False}
    layout = {
        "ternary": {
            # Room above for the legend and the top corner's title, beside for the bottom corners' titles.
            "domain": {"x": [0.1, 0.9], "y": [0.0, 0.85]},
            "sum": 1,
            "bgcolor": "rgba(0,0,0,0)",
            "aaxis": {**axis, "title": {"text": f"p({labels[0]})"}},
            "baxis": {**axis, "title": {"text": f"p({labels[1]})"}},
            "caxis": {**axis, "title": {"text": f"p({labels[2]})"}},
        },
        "height": height,
        "margin": {"l": 20, "r": 20, "t": 50, "b": 95},
    }
    return themed_figure(data, layout)
