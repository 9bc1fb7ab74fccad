"""Figures for the focal-loss page: the γ family with a client-side γ slider, down-weighting,
gradients, a detector batch's loss shares, a (p_t, γ) surface and the softmax example.

Pure functions: numbers in, ``go.Figure`` out.  Curves are sent as float32.
The γ slider of `gamma_family_figure` is a Plotly slider over precomputed
frames, so moving it redraws in the browser without a round trip to the server.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike, NDArray
from plotly.subplots import make_subplots

from i18n import N_, _

from .client_slider import add_client_slider, step_index
from .plotly_json import as_float32, typed_array
from .plotly_json import decode_typed_array as _decode
from .theme import COLORS, OKABE_ITO, SHADE, SURFACE_COLORSCALE, apply_layout, line_style

F32 = NDArray[np.float32]

#: Colour and dash of each γ of the paper's Figure 1; γ = 0 is cross-entropy's own style.
GAMMA_STYLES: dict[float, tuple[str, str]] = {
    0.0: (COLORS["ce"], "solid"),
    0.5: (OKABE_ITO["sky_blue"], "dash"),
    1.0: (OKABE_ITO["orange"], "dashdot"),
    2.0: (OKABE_ITO["reddish_purple"], "longdash"),
    5.0: (OKABE_ITO["grey"], "dot"),
}
#: The curve the slider moves: focal loss's colour, drawn thick.
SLIDER_STYLE = {"color": COLORS["focal"], "dash": "solid", "width": 4.5}
#: Bar colours for the groups of a detector batch.
GROUP_COLORS = (OKABE_ITO["grey"], OKABE_ITO["orange"], OKABE_ITO["sky_blue"], OKABE_ITO["vermillion"])

P_T = "p<sub>t</sub>"


def decode_typed_array(spec: object) -> F32:
    """The float32 array inside a `typed_array` spec (an array or list is returned as float32)."""
    return as_float32(_decode(spec))


def frame_name(gamma: float) -> str:
    """The name of the slider frame for ``gamma`` (one decimal): ``"2.0"``."""
    return f"{gamma:.1f}"


def gamma_label(gamma: float) -> str:
    """Legend label of a γ curve; γ = 0 is named as cross-entropy."""
    return "γ = 0 (CE)" if gamma == 0 else f"γ = {gamma:g}"


def _gamma_line(gamma: float, width: float = 2.2) -> dict[str, object]:
    color, dash = GAMMA_STYLES.get(float(gamma), (OKABE_ITO["grey"], "solid"))
    return {"color": color, "dash": dash, "width": width}


def gamma_family_figure(
    p_t: ArrayLike,
    family_gammas: Sequence[float],
    family_curves: ArrayLike,
    slider_gammas: ArrayLike,
    slider_curves: ArrayLike,
    *,
    start_gamma: float = 2.0,
    unit: str = "nats",
    y_max: float = 5.0,
) -> go.Figure:
    """FL against ``p_t`` for a fixed γ family plus one thick curve moved by a client-side γ slider.

    Args:
        p_t: the x grid, shape ``(P,)``.
        family_gammas, family_curves: the fixed curves, ``(F,)`` and ``(F, P)``.
        slider_gammas, slider_curves: the slider's stops, ``(S,)`` and ``(S, P)``;
            one slider step per stop, labelled by `frame_name`.
        start_gamma: the stop shown first (the nearest one is used).
        unit: unit symbol for the axis and hover.
        y_max: top of the y axis (the paper's Figure 1 shows 0 to 5).

    The slider trace is the last one; each slider step is a ``restyle`` of that
    trace alone, replacing its ``y`` (and name) with the stop's precomputed curve:
    Plotly.js does it in the browser, with no message to the server.
    """
    n = as_float32(p_t).size
    x = typed_array(p_t)
    fam = np.asarray(family_curves, dtype=np.float64)
    stops = np.atleast_1d(np.asarray(slider_gammas, dtype=np.float64))
    sc = np.asarray(slider_curves, dtype=np.float64)
    if fam.shape != (len(family_gammas), n) or sc.shape != (stops.size, n):
        raise ValueError(
            f"curve shapes {fam.shape} and {sc.shape} do not match {len(family_gammas)} and "  # i18n: not reader text
            f"{stops.size} γ values over {n} points"  # i18n: not reader text
        )
    active = int(np.argmin(np.abs(stops - start_gamma)))
    hover = f"{P_T} = %{{x:.4f}}<br>FL = %{{y:.4g}} {unit}<extra>%{{fullData.name}}</extra>"
    fig = go.Figure()
    for g, y in zip(family_gammas, fam, strict=True):
        fig.add_trace(
            go.Scatter(
                x=x, y=typed_array(y), mode="lines", name=gamma_label(g), line=_gamma_line(g), hovertemplate=hover
            )
        )
    slider_index = len(family_gammas)
    fig.add_trace(
        go.Scatter(
            x=x,
            y=typed_array(sc[active]),
            mode="lines",
            name=_("slider: γ = {gamma}", gamma=frame_name(stops[active])),
            line=SLIDER_STYLE,
            hovertemplate=hover,
        )
    )
    # One restyle per stop: it swaps in that stop's curve (a float32 typed array) and name.
    steps = [
        {
            "method": "restyle",
            "label": frame_name(g),
            "args": [{"y": [typed_array(y)], "name": [_("slider: γ = {gamma}", gamma=frame_name(g))]}, [slider_index]],
        }
        for g, y in zip(stops, sc, strict=True)
    ]
    fig.update_layout(
        sliders=[
            {
                "active": active,
                "steps": steps,
                "currentvalue": {"prefix": "γ = ", "font": {"size": 15}, "xanchor": "left"},
                "pad": {"t": 55, "b": 0},
                "len": 1.0,
                "x": 0.0,
                "y": 0.0,
                "yanchor": "top",
                "ticklen": 4,
                "minorticklen": 2,
                "font": {"size": 11},
            }
        ]
    )
    apply_layout(
        fig,
        x_title=_("probability of the true class, {p_t}", p_t=P_T),
        y_title=_("loss ({unit})", unit=unit),
        height=520,
    )
    fig.update_layout(margin={"l": 10, "r": 10, "t": 20, "b": 10})
    fig.update_xaxes(range=[0, 1])
    fig.update_yaxes(range=[0, y_max])
    return fig


def modulating_factor_figure(
    p_t: ArrayLike, gammas: Sequence[float], factors: ArrayLike, *, hard_p_t: float = 0.5
) -> go.Figure:
    """The modulating factor ``(1 - p_t)^γ`` for each γ, with the hard region ``p_t <= hard_p_t`` shaded."""
    x = typed_array(p_t)
    fac = np.asarray(factors, dtype=np.float64)
    fig = go.Figure()
    _shade_hard(fig, hard_p_t, "bottom left")  # i18n: not reader text
    for g, y in zip(gammas, fac, strict=True):
        fig.add_trace(
            go.Scatter(
                x=x,
                y=typed_array(y),
                mode="lines",
                name=gamma_label(g),
                line=_gamma_line(g),
                hovertemplate=f"{P_T} = %{{x:.4f}}<br>(1 − {P_T})<sup>γ</sup> = %{{y:.4g}}"
                "<extra>%{fullData.name}</extra>",
            )
        )
    apply_layout(fig, x_title=P_T, y_title=_("(1 − {p_t})<sup>γ</sup>, the share of CE kept", p_t=P_T), height=360)
    fig.update_xaxes(range=[0, 1])
    fig.update_yaxes(range=[0, 1.02])
    return fig


def _shade_hard(fig: go.Figure, hard_p_t: float, position: str = "top left") -> None:  # i18n: not reader text
    fig.add_vrect(
        x0=0,
        x1=hard_p_t,
        fillcolor=SHADE,
        line_width=0,
        layer="below",
        annotation_text=_("hard examples"),
        annotation_position=position,
    )


def ratio_figure(
    p_t: ArrayLike,
    gammas: Sequence[float],
    ratios: ArrayLike,
    *,
    marks: Sequence[tuple[float, float, str]] = (),
    hard_p_t: float = 0.5,
    y_max: float = 1e4,
) -> go.Figure:
    """``CE / FL`` on a log axis for each γ; ``marks`` are ``(p_t, ratio, label)`` points to highlight."""
    x = typed_array(p_t)
    rat = np.asarray(ratios, dtype=np.float64)
    fig = go.Figure()
    _shade_hard(fig, hard_p_t)
    for g, y in zip(gammas, rat, strict=True):
        fig.add_trace(
            go.Scatter(
                x=x,
                y=typed_array(y),
                mode="lines",
                name=gamma_label(g),
                line=_gamma_line(g),
                hovertemplate=f"{P_T} = %{{x:.4f}}<br>CE / FL = %{{y:.4g}}×<extra>%{{fullData.name}}</extra>",
            )
        )
    if marks:
        fig.add_trace(
            go.Scatter(
                x=typed_array([m[0] for m in marks]),
                y=typed_array([m[1] for m in marks]),
                mode="markers+text",
                name=_("paper's cases (γ = 2)"),
                text=[m[2] for m in marks],
                textposition="middle left",
                marker={"size": 11, "color": COLORS["focal"], "symbol": "diamond", "line": {"width": 1}},
                hovertemplate=f"{P_T} = %{{x:.4f}}<br>CE / FL = %{{y:.4g}}×<extra></extra>",
            )
        )
    apply_layout(fig, x_title=P_T, y_title=_("CE / FL (times less loss)"), height=360)
    fig.update_xaxes(range=[0, 1])
    decades = int(np.ceil(np.log10(y_max)))
    fig.update_yaxes(
        type="log",
        range=[0, float(np.log10(y_max))],
        tickvals=[10.0**k for k in range(decades + 1)],
        ticktext=[f"{10**k:,}×" for k in range(decades + 1)],
    )
    return fig


def gradient_figure(
    logits: ArrayLike,
    gammas: Sequence[float],
    grads: ArrayLike,
    ce_grad: ArrayLike,
    *,
    unit: str = "nats",
) -> go.Figure:
    """``∂FL/∂z`` of a positive example for each γ, against cross-entropy's ``σ(z) − 1``.

    The losses are measured in ``unit``: in bits every gradient is the nats one divided by ln 2,
    and the legend and axis say so.
    """
    z = np.asarray(logits, dtype=np.float64)
    p_t = typed_array(1.0 / (1.0 + np.exp(-z)))
    zs = typed_array(z)
    gr = np.asarray(grads, dtype=np.float64)
    hover = _(
        "z = %{{x:.2f}} ({p_t} = %{{customdata:.4f}})<br>∂ℓ/∂z = %{{y:.4g}} (ℓ in {unit})"
        "<extra>%{{fullData.name}}</extra>",
        p_t=P_T,
        unit=unit,
    )
    # `unit` is the symbol a reader sees: "nats" in English, its translation otherwise.
    ce_name = "CE: σ(z) − y" if unit == _("nats") else _("CE: (σ(z) − y) / ln 2, in {unit}", unit=unit)
    fig = go.Figure()
    fig.add_vrect(x0=float(z.min()), x1=0.0, fillcolor=SHADE, line_width=0, layer="below")
    fig.add_trace(
        go.Scatter(
            x=zs,
            y=typed_array(ce_grad),
            customdata=p_t,
            mode="lines",
            name=ce_name,
            line={"color": COLORS["ce"], "dash": "solid", "width": 3},
            hovertemplate=hover,
        )
    )
    for g, y in zip(gammas, gr, strict=True):
        if g == 0:
            continue  # identical to the CE line
        fig.add_trace(
            go.Scatter(
                x=zs,
                y=typed_array(y),
                customdata=p_t,
                mode="lines",
                name=f"FL, {gamma_label(g)}",
                line=_gamma_line(g),
                hovertemplate=hover,
            )
        )
    apply_layout(
        fig, x_title=_("logit z of a positive example (y = 1)"), y_title=_("∂ℓ/∂z (ℓ in {unit})", unit=unit), height=380
    )
    fig.add_annotation(
        x=float(z.min()), y=0.05, xanchor="left", yanchor="bottom", text=_("misclassified (p < ½)"), showarrow=False
    )
    return fig


def imbalance_figure(
    loss_names: Sequence[str],
    group_names: Sequence[str],
    loss_shares: ArrayLike,
    grad_shares: ArrayLike,
) -> go.Figure:
    """Stacked horizontal bars: each group's share of the total loss (top) and gradient (bottom), per loss.

    ``loss_shares`` and ``grad_shares`` have shape ``(L, G)``: one row per loss,
    rows summing to 1.
    """
    ls = np.asarray(loss_shares, dtype=np.float64)
    gs = np.asarray(grad_shares, dtype=np.float64)
    shape = (len(loss_names), len(group_names))
    if ls.shape != shape or gs.shape != shape:
        raise ValueError(f"shares have shapes {ls.shape} and {gs.shape}, expected {shape}")  # i18n: not reader text
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.14,
        subplot_titles=(_("share of the total loss"), _("share of the total gradient |∂ℓ/∂z|")),
    )
    rows = list(reversed(loss_names))  # first loss on top
    for j, group in enumerate(group_names):
        color = GROUP_COLORS[j % len(GROUP_COLORS)]
        for r, shares in ((1, ls), (2, gs)):
            values = 100.0 * shares[::-1, j]
            fig.add_trace(
                go.Bar(
                    x=typed_array(values),
                    y=rows,
                    orientation="h",
                    name=group,
                    legendgroup=group,
                    showlegend=r == 1,
                    marker={"color": color},
                    text=[f"{v:.1f}%" if v >= 8 else "" for v in values],
                    textposition="inside",
                    insidetextanchor="middle",
                    # Black reads on every group colour, in either theme (the theme's grey text did not).
                    insidetextfont={"color": "#000000"},
                    textangle=0,
                    hovertemplate=f"{group}: %{{x:.3g}}%<extra>%{{y}}</extra>",
                ),
                row=r,
                col=1,
            )
    # Labels that would have to shrink below 10 px (narrow bars, narrow screens) are hidden.
    fig.update_layout(barmode="stack", uniformtext={"minsize": 10, "mode": "hide"})
    apply_layout(fig, height=470)
    # The group names are long: the legend goes under the bars, where it can wrap.
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.16, "xanchor": "left", "x": 0})
    ticks = [0, 20, 40, 60, 80, 100]
    fig.update_xaxes(range=[0, 100], tickvals=ticks, ticktext=[f"{t}%" for t in ticks])
    # Shares of the loss and of the gradient, not of the batch: the easy negatives are most of the batch.
    fig.update_xaxes(title_text=_("share of the total loss (top) and of the total gradient (bottom)"), row=2, col=1)
    fig.update_yaxes(automargin=True)
    return fig


def share_vs_gamma_figure(
    gammas: ArrayLike,
    curves: Mapping[str, ArrayLike],
    *,
    current_gamma: float | None = None,
    what: str = N_("easy negatives' share"),
) -> go.Figure:
    """Shares (0 to 1) against γ, one line per label in ``curves``; a vertical line at ``current_gamma``.

    ``what`` names the share on the y axis: an English message (marked with ``N_``), translated here.
    """
    g = typed_array(gammas)
    styles = (
        {"color": COLORS["ce"], "dash": "dash", "width": 2.5},
        {"color": COLORS["focal"], "dash": "solid", "width": 3},
        {"color": OKABE_ITO["orange"], "dash": "dot", "width": 2.5},
    )
    fig = go.Figure()
    for i, (label, y) in enumerate(curves.items()):
        fig.add_trace(
            go.Scatter(
                x=g,
                y=typed_array(100.0 * np.asarray(y, dtype=np.float64)),
                mode="lines",
                name=label,
                line=styles[i % len(styles)],
                hovertemplate="γ = %{x:.2f}<br>%{y:.3g}%<extra>%{fullData.name}</extra>",
            )
        )
    if current_gamma is not None:
        fig.add_vline(x=current_gamma, line={"color": OKABE_ITO["grey"], "dash": "dot", "width": 1.5})
    apply_layout(fig, x_title="γ", y_title=_("{what} (%)", what=_(what)), height=360)
    fig.update_yaxes(range=[0, 100], ticksuffix="%")
    return fig


def surface_figure(p_t: ArrayLike, gammas: ArrayLike, values: ArrayLike, *, unit: str = "nats") -> go.Figure:
    """FL over (``p_t``, γ) as a 3-D surface with its contours projected on the floor.

    ``values`` has shape ``(G, P)`` (one row per γ), sent as float32.
    """
    x, y, z = as_float32(p_t), as_float32(gammas), as_float32(values)
    if z.shape != (y.size, x.size):
        raise ValueError(f"values has shape {z.shape}, expected ({y.size}, {x.size})")  # i18n: not reader text
    fig = go.Figure(
        go.Surface(
            x=typed_array(x),
            y=typed_array(y),
            z=typed_array(z),
            colorscale=SURFACE_COLORSCALE,
            # A horizontal colour bar under the scene leaves its full width to the surface (narrow screens).
            colorbar={
                "title": {"text": f"FL ({unit})", "side": "top"},
                "orientation": "h",
                "thickness": 12,
                "len": 0.6,
                "y": 0.0,
                "yanchor": "top",
            },
            contours={"z": {"show": True, "usecolormap": True, "project": {"z": True}, "width": 2}},
            hovertemplate=f"{P_T} = %{{x:.3f}}<br>γ = %{{y:.2f}}<br>FL = %{{z:.4g}} {unit}<extra></extra>",
        )
    )
    apply_layout(fig, height=460)
    fig.update_layout(
        scene={
            "xaxis": {"title": {"text": "pₜ"}},
            "yaxis": {"title": {"text": "γ"}},
            "zaxis": {"title": {"text": f"FL ({unit})"}},
            # Looking from the hard corner (small p_t, small γ), aimed a little low so the
            # surface fills the frame instead of floating under empty space.
            "camera": {"eye": {"x": -1.4, "y": -1.35, "z": 0.8}, "center": {"x": 0, "y": 0, "z": -0.2}},
            "aspectmode": "manual",
            "aspectratio": {"x": 1.15, "y": 1.0, "z": 0.75},
        },
        margin={"l": 0, "r": 0, "t": 10, "b": 60},
    )
    return fig


def multiclass_figure(
    sample_labels: Sequence[str], ce: ArrayLike, fl: ArrayLike, *, gamma: float, unit: str = "nats"
) -> go.Figure:
    """Per-sample cross-entropy and softmax focal loss, side by side."""
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=list(sample_labels),
            y=typed_array(ce),
            name=_("cross-entropy"),
            marker={"color": COLORS["ce"]},
            hovertemplate=f"%{{x}}<br>CE = %{{y:.6f}} {unit}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=list(sample_labels),
            y=typed_array(fl),
            name=_("focal, γ = {gamma}", gamma=f"{gamma:g}"),
            marker={"color": COLORS["focal"], "pattern": {"shape": "/"}},
            hovertemplate=f"%{{x}}<br>FL = %{{y:.6f}} {unit}<extra></extra>",
        )
    )
    fig.update_layout(barmode="group")
    apply_layout(fig, y_title=_("loss ({unit})", unit=unit), height=320)
    return fig


# --- whole sections: numbers from core.focal, then the figures above ------------------------------
# A page caches these by their (hashable) arguments, so each figure is built once.


def probe_figure(
    p_t: ArrayLike,
    ce: ArrayLike,
    fl: ArrayLike,
    stops: ArrayLike,
    stop_ce: ArrayLike,
    stop_fl: ArrayLike,
    *,
    gamma: float,
    start: float,
    unit: str = "nats",
) -> go.Figure:
    """CE and FL at one γ against ``p_t``, with an example the reader drags along them (client-side).

    Args:
        p_t, ce, fl: the curves, shape ``(P,)`` each.
        stops, stop_ce, stop_fl: the slider's stops and both losses there, shape ``(S,)`` each.
        gamma: the γ of the FL curve.
        start: the stop shown first (the nearest one).
        unit: unit symbol for the axis, hover and read-out.

    The read-out gives both losses and their ratio ``CE / FL = (1 - p_t)^-γ``, computed from the stops'
    values, at every stop.
    """
    st_x, st_ce, st_fl = (np.asarray(a, dtype=np.float64) for a in (stops, stop_ce, stop_fl))
    if not st_x.shape == st_ce.shape == st_fl.shape or st_x.ndim != 1:
        shapes = f"{st_x.shape}, {st_ce.shape}, {st_fl.shape}"
        rule = "stops and their losses must be 1-D arrays of one length"  # i18n: not reader text
        raise ValueError(f"{rule}, got {shapes}")
    x = typed_array(p_t)
    hover = f"{P_T} = %{{x:.3f}}<br>%{{fullData.name}} = %{{y:.4g}} {unit}<extra></extra>"
    fig = go.Figure(
        [
            go.Scatter(x=x, y=typed_array(ce), mode="lines", name="CE", line=line_style("ce"), hovertemplate=hover),
            go.Scatter(
                x=x,
                y=typed_array(fl),
                mode="lines",
                name=f"FL, γ = {gamma:g}",
                line=line_style("focal"),
                hovertemplate=hover,
            ),
        ]
    )
    active = step_index(st_x.tolist(), start)
    marker = {"size": 12, "symbol": "diamond", "line": {"width": 1}}
    for y, kind in ((st_ce, "ce"), (st_fl, "focal")):
        fig.add_trace(
            go.Scatter(
                x=[st_x[active]],
                y=[y[active]],
                mode="markers",
                showlegend=False,
                name=_("your example: CE") if kind == "ce" else _("your example: FL"),
                marker={**marker, "color": COLORS[kind]},
                hovertemplate=hover,
            )
        )

    template = _("{p_t} = {p}:  CE = {ce} {unit},  FL = {fl} {unit},  <b>CE / FL = {ratio}</b>")

    def readout(p: float, c: float, f: float) -> str:
        ratio = f"{c / f:,.4g}×" if f > 0 else "∞"
        return template.format(p_t=P_T, p=f"{p:.3f}", ce=f"{c:.4g}", fl=f"{f:.4g}", unit=unit, ratio=ratio)

    add_client_slider(
        fig,
        values=[f"{p:.3f}" for p in st_x],
        traces=[2, 3],
        trace_updates=[
            {"x": [[float(p)], [float(p)]], "y": [[float(c)], [float(f)]]}
            for p, c, f in zip(st_x, st_ce, st_fl, strict=True)
        ],
        readouts=[readout(p, c, f) for p, c, f in zip(st_x, st_ce, st_fl, strict=True)],
        active=active,
    )
    apply_layout(
        fig,
        x_title=_("probability of the true class, {p_t}", p_t=P_T),
        y_title=_("loss ({unit})", unit=unit),
        height=360,
    )
    fig.update_xaxes(range=[0, 1])
    fig.update_yaxes(range=[0, float(np.max(st_ce)) * 1.05])
    return fig
