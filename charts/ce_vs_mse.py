"""Figures of the cross-entropy vs MSE page: loss and gradient curves, learning curves, surfaces.

Pure functions: numbers in, ``go.Figure`` out.  Cross-entropy is always
``COLORS["ce"]`` (solid), the quadratic cost ``COLORS["mse"]`` (dashed), the 0-1
error ``COLORS["error"]`` (dotted).  Arrays go to Plotly as float32 where they
are large (surfaces), so that the JSON stays small.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike, NDArray

from core.surfaces import Surface
from core.training import LogisticRun, NeuronRun
from i18n import N_, _

from .client_slider import add_client_slider, step_index
from .plotly_json import as_float32
from .theme import COLORS, OKABE_ITO, SHADE, SURFACE_COLORSCALE, apply_layout, line_style

#: Marker colour and symbol of each class in the toy dataset (not loss colours, so no confusion).
CLASS_STYLE = {
    0: {"color": OKABE_ITO["bluish_green"], "symbol": "circle", "name": N_("class 0")},
    1: {"color": OKABE_ITO["reddish_purple"], "symbol": "diamond", "name": N_("class 1")},
}


def confidence_figure(
    p: ArrayLike,
    ce: ArrayLike,
    quadratic: ArrayLike,
    error: ArrayLike,
    *,
    unit: str,
    ce_name: str | None = None,
    quadratic_name: str | None = None,
    marker_p: float | None = None,
    probe: tuple[ArrayLike, ArrayLike, ArrayLike, ArrayLike] | None = None,
    y_max: float = 4.0,
    x_title: str | None = None,
) -> go.Figure:
    """CE, the quadratic cost and the 0-1 error against ``p`` on one chart.

    The y-axis stops at ``y_max`` (CE is unbounded as ``p → 0``: the line runs off
    the top); ``marker_p`` puts a vertical guide at a probed ``p``.  With ``probe``,
    ``(stops, ce, quadratic, error)`` at each stop (shape ``(S,)`` each), the guide
    and a marker on each loss follow a client-side slider under the chart, with a
    read-out of the three values; it opens at the stop nearest ``marker_p``.
    Names and titles left out are the defaults, in the current language.
    """
    fig = go.Figure()
    fig.add_scatter(
        x=as_float32(p),
        y=as_float32(error),
        name=_("0-1 classification error"),
        line={**line_style("error"), "shape": "hv"},
        hovertemplate=_("p = {p}<br>error = {value}<extra></extra>", p="%{x:.3f}", value="%{y:.0f}"),
    )
    fig.add_scatter(
        x=as_float32(p),
        y=as_float32(quadratic),
        name=_("quadratic cost") if quadratic_name is None else quadratic_name,
        line=line_style("mse"),
        hovertemplate=_("p = {p}<br>quadratic = {value}<extra></extra>", p="%{x:.3f}", value="%{y:.4f}"),
    )
    fig.add_scatter(
        x=as_float32(p),
        y=as_float32(ce),
        name=_("{name} ({unit})", name=_("cross-entropy  −log p") if ce_name is None else ce_name, unit=unit),
        line=line_style("ce"),
        hovertemplate=f"p = %{{x:.3f}}<br>CE = %{{y:.4f}} {unit}<extra></extra>",
    )
    arrays: list[NDArray[np.float64]] = []
    if probe is not None:
        arrays = [np.asarray(a, dtype=np.float64) for a in probe]
        if arrays[0].ndim != 1 or any(a.shape != arrays[0].shape for a in arrays):
            shapes = [a.shape for a in arrays]
            raise ValueError(f"probe arrays must be 1-D of one length, got shapes {shapes}")  # i18n: not reader text
        marker_p = float(arrays[0][step_index(arrays[0].tolist(), 0.5 if marker_p is None else marker_p)])
    if marker_p is not None:
        fig.add_vline(x=marker_p, line={"color": COLORS["target"], "width": 1, "dash": "dot"})
        if arrays:
            _add_confidence_probe(fig, *arrays, unit=unit, start=marker_p)
    apply_layout(
        fig,
        x_title=_("p, probability given to the true class") if x_title is None else x_title,
        y_title=_("loss (CE in {unit})", unit=unit),
    )
    fig.update_xaxes(range=[0.0, 1.0])
    fig.update_yaxes(range=[0.0, y_max], rangemode="tozero")
    return fig


def _add_confidence_probe(
    fig: go.Figure,
    stops: NDArray[np.float64],
    ce: NDArray[np.float64],
    quadratic: NDArray[np.float64],
    error: NDArray[np.float64],
    *,
    unit: str,
    start: float,
) -> None:
    """Markers on the CE and quadratic curves and the guide line, moved by a client-side slider."""
    active = step_index(stops.tolist(), start)
    first = len(fig.data)
    for y, kind in ((ce, "ce"), (quadratic, "mse")):
        fig.add_scatter(
            x=[stops[active]],
            y=[y[active]],
            mode="markers",
            showlegend=False,
            name=_("probe"),
            marker={"color": COLORS[kind], "size": 11, "symbol": "diamond", "line": {"width": 1}},
            hovertemplate=_("probe: p = {p}, {value}<extra></extra>", p="%{x:.2f}", value="%{y:.4f}"),
        )
    add_client_slider(
        fig,
        values=[f"{p:.2f}" for p in stops],
        traces=[first, first + 1],
        trace_updates=[
            {"x": [[float(p)], [float(p)]], "y": [[float(c)], [float(q)]]}
            for p, c, q in zip(stops, ce, quadratic, strict=True)
        ],
        layout_updates=[{"shapes[0].x0": float(p), "shapes[0].x1": float(p)} for p in stops],
        readouts=[
            _(
                "p = {p}:  −log p = <b>{ce} {unit}</b>,  quadratic = <b>{quadratic}</b>,  0-1 error = {error}",
                p=f"{p:.2f}",
                ce=f"{c:.3f}",
                unit=unit,
                quadratic=f"{q:.3f}",
                error=f"{e:.0f}",
            )
            for p, c, q, e in zip(stops, ce, quadratic, error, strict=True)
        ],
        active=active,
    )


def bce_labels_figure(
    p: ArrayLike, loss_if_1: ArrayLike, loss_if_0: ArrayLike, *, unit: str, y_max: float = 5.0
) -> go.Figure:
    """Binary cross-entropy against the model's output p, once for each label: −log p (y = 1), −log(1 − p) (y = 0).

    Each curve is 0 where the prediction matches its label and grows without bound as it goes wrong.
    """
    fig = go.Figure()
    fig.add_scatter(
        x=as_float32(p),
        y=as_float32(loss_if_1),
        name=_("label y = 1:  −log p"),
        line=line_style("ce"),
        hovertemplate=f"p = %{{x:.3f}}<br>BCE = %{{y:.4f}} {unit}<extra>y = 1</extra>",
    )
    fig.add_scatter(
        x=as_float32(p),
        y=as_float32(loss_if_0),
        name=_("label y = 0:  −log(1 − p)"),
        line={**line_style("ce"), "dash": "dash", "color": OKABE_ITO["orange"]},
        hovertemplate=f"p = %{{x:.3f}}<br>BCE = %{{y:.4f}} {unit}<extra>y = 0</extra>",
    )
    apply_layout(fig, x_title=_("p, the model's output (probability of y = 1)"), y_title=f"BCE ({unit})", height=340)
    fig.update_xaxes(range=[0.0, 1.0])
    fig.update_yaxes(range=[0.0, y_max], rangemode="tozero")
    return fig


def gradient_figure(
    z: ArrayLike,
    ce: ArrayLike,
    quadratic: ArrayLike,
    *,
    dead_zone: tuple[float, float],
    unit: str,
    x_title: str,
    ce_name: str | None = None,
    quadratic_name: str | None = None,
    marker_z: float | None = None,
) -> go.Figure:
    """``∂L/∂z`` of CE and of the quadratic cost over ``z``, with the dead zone shaded.

    ``dead_zone`` is an interval of ``z`` (its ends may be infinite and are
    clipped to the plotted range); an empty or off-range interval draws no shading.
    """
    zz = as_float32(z)
    lo, hi = float(zz.min()), float(zz.max())
    fig = go.Figure()
    start, end = max(dead_zone[0], lo), min(dead_zone[1], hi)
    if start < end:
        fig.add_vrect(
            x0=start,
            x1=end,
            fillcolor=SHADE,
            line_width=0,
            layer="below",
            annotation_text=_("dead zone"),
            annotation_position="top left",  # i18n: not reader text
        )
    fig.add_scatter(
        x=zz,
        y=as_float32(quadratic),
        name=_("quadratic cost") if quadratic_name is None else quadratic_name,
        line=line_style("mse"),
        hovertemplate="z = %{x:.2f}<br>∂C/∂z = %{y:.4f}<extra></extra>",
    )
    fig.add_scatter(
        x=zz,
        y=as_float32(ce),
        name=_("{name} (loss in {unit})", name=_("cross-entropy") if ce_name is None else ce_name, unit=unit),
        line=line_style("ce"),
        hovertemplate=f"z = %{{x:.2f}}<br>∂CE/∂z = %{{y:.4f}} {unit}<extra></extra>",
    )
    if marker_z is not None:
        fig.add_vline(x=marker_z, line={"color": COLORS["target"], "width": 1, "dash": "dot"})
    apply_layout(fig, x_title=x_title, y_title="∂L/∂z")
    fig.update_xaxes(range=[lo, hi])
    return fig


def epoch_figure(
    epochs: ArrayLike,
    ce: ArrayLike,
    quadratic: ArrayLike,
    *,
    y_title: str,
    ce_name: str | None = None,
    quadratic_name: str | None = None,
    value_format: str = ".4f",
    y_range: Sequence[float] | None = None,
    ce_suffix: str = "",
    quadratic_suffix: str = "",
) -> go.Figure:
    """A learning curve: one value per epoch for the CE run and for the quadratic-cost run."""
    ep = as_float32(epochs)
    fig = go.Figure()
    fig.add_scatter(
        x=ep,
        y=as_float32(quadratic),
        name=_("trained with quadratic cost") if quadratic_name is None else quadratic_name,
        line=line_style("mse"),
        hovertemplate=_(
            "epoch {epoch}<br>{value}{suffix}<extra></extra>",
            epoch="%{x:.0f}",
            value=f"%{{y:{value_format}}}",
            suffix=quadratic_suffix,
        ),
    )
    fig.add_scatter(
        x=ep,
        y=as_float32(ce),
        name=_("trained with cross-entropy") if ce_name is None else ce_name,
        line=line_style("ce"),
        hovertemplate=_(
            "epoch {epoch}<br>{value}{suffix}<extra></extra>",
            epoch="%{x:.0f}",
            value=f"%{{y:{value_format}}}",
            suffix=ce_suffix,
        ),
    )
    apply_layout(fig, x_title=_("epoch"), y_title=y_title, height=340)
    if y_range is not None:
        fig.update_yaxes(range=list(y_range))
    return fig


def _boundary_segment(
    w: ArrayLike, b: float, xlim: tuple[float, float], ylim: tuple[float, float]
) -> tuple[list[float], list[float]]:
    """The part of the line ``w·x + b = 0`` inside the box (empty lists if it misses the box)."""
    w1, w2 = (float(v) for v in np.asarray(w, dtype=np.float64))
    pts: list[tuple[float, float]] = []
    if w2 != 0.0:
        for x in xlim:
            y = -(b + w1 * x) / w2
            if ylim[0] <= y <= ylim[1]:
                pts.append((x, y))
    if w1 != 0.0:
        for y in ylim:
            x = -(b + w2 * y) / w1
            if xlim[0] <= x <= xlim[1]:
                pts.append((x, y))
    if len(pts) < 2:
        return [], []
    pts.sort()
    (x0, y0), (x1, y1) = pts[0], pts[-1]
    return [x0, x1], [y0, y1]


def dataset_figure(
    x: ArrayLike,
    y: ArrayLike,
    boundaries: Sequence[tuple[str, str, ArrayLike, float]],
    *,
    xlim: tuple[float, float] = (-2.5, 3.5),
    ylim: tuple[float, float] = (-2.5, 3.5),
) -> go.Figure:
    """The 2-D toy dataset with decision boundaries ``w·x + b = 0``.

    ``boundaries`` holds ``(kind, name, w, b)`` with ``kind`` a key of
    `charts.theme.COLORS` (``"ce"``, ``"mse"``, ``"target"`` for the start).
    """
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y)
    fig = go.Figure()
    for label, style in CLASS_STYLE.items():
        pts = xs[ys == label]
        class_name = _(str(style["name"]))
        fig.add_scatter(
            x=as_float32(pts[:, 0]),
            y=as_float32(pts[:, 1]),
            mode="markers",
            name=class_name,
            marker={
                "color": style["color"],
                "symbol": style["symbol"],
                "size": 10,
                "line": {"width": 1, "color": "rgba(80,80,80,0.9)"},
            },
            hovertemplate=f"{class_name}<br>x₁ = %{{x:.2f}}, x₂ = %{{y:.2f}}<extra></extra>",
        )
    for kind, name, w, b in boundaries:
        bx, by = _boundary_segment(w, b, xlim, ylim)
        fig.add_scatter(x=bx, y=by, mode="lines", name=name, line=line_style(kind), hoverinfo="skip")
    apply_layout(fig, x_title="x₁", y_title="x₂", height=380)
    fig.update_xaxes(range=list(xlim), constrain="domain")
    fig.update_yaxes(range=list(ylim), scaleanchor="x", scaleratio=1)
    return fig


def surface_figure(
    x: ArrayLike,
    y: ArrayLike,
    z: ArrayLike,
    *,
    view: str,
    title: str,
    x_title: str,
    y_title: str,
    z_title: str,
    paths: Sequence[tuple[str, str, ArrayLike, ArrayLike, ArrayLike]] = (),
) -> go.Figure:
    """A loss surface: ``go.Surface`` with contours projected on the floor (``view="3d"``) or ``go.Contour``.

    ``z[i, j]`` is the loss at ``(x[j], y[i])``.  ``paths`` holds
    ``(kind, name, xs, ys, zs)`` training paths drawn on the surface (``zs`` is
    used in 3-D only), each with a hollow marker at its start and a filled one
    at its end.
    """
    if view not in ("3d", "contour"):
        raise ValueError(f"view must be '3d' or 'contour', got {view!r}")  # i18n: not reader text
    zz = as_float32(z)
    fig = go.Figure()
    hover = f"{x_title} = %{{x:.2f}}<br>{y_title} = %{{y:.2f}}<br>{z_title} = %{{z:.4f}}<extra></extra>"
    colorbar = {"title": {"text": z_title, "side": "right"}, "thickness": 12, "len": 0.8}
    if view == "3d":
        zmin, zmax = float(zz.min()), float(zz.max())
        fig.add_surface(
            x=as_float32(x),
            y=as_float32(y),
            z=zz,
            colorscale=SURFACE_COLORSCALE,
            colorbar=colorbar,
            hovertemplate=hover,
            contours={
                "z": {
                    "show": True,
                    "project": {"z": True},
                    "usecolormap": True,
                    "start": zmin,
                    "end": zmax,
                    "size": (zmax - zmin) / 12 if zmax > zmin else 1.0,
                }
            },
        )
        lift = 0.02 * (zmax - zmin)  # draw a path just above the surface, so that it is not buried in it
        for kind, name, px, py, pz in paths:
            fig.add_scatter3d(
                x=as_float32(px),
                y=as_float32(py),
                z=as_float32(pz) + np.float32(lift),
                mode="lines",
                name=name,
                line={"color": COLORS[kind], "width": 8},
                hoverinfo="skip",
            )
            fig.add_scatter3d(
                x=as_float32(px)[[0, -1]],
                y=as_float32(py)[[0, -1]],
                z=as_float32(pz)[[0, -1]] + np.float32(lift),
                mode="markers",
                name=_("{name}: start and end", name=name),
                showlegend=False,
                marker={"color": ["white", COLORS[kind]], "size": 6, "line": {"color": COLORS[kind], "width": 2}},
                hovertemplate=f"{name}<br>{x_title} = %{{x:.2f}}, {y_title} = %{{y:.2f}}<extra></extra>",
            )
        fig.update_layout(
            scene={
                "xaxis": {"title": {"text": x_title}},
                "yaxis": {"title": {"text": y_title}},
                "zaxis": {"title": {"text": z_title}},
                "camera": {"eye": {"x": 1.75, "y": -1.75, "z": 1.2}},
                "aspectmode": "cube",
            }
        )
        apply_layout(fig, title=title, height=420)
        fig.update_layout(margin={"l": 30, "r": 10, "t": 40, "b": 10})
    else:
        fig.add_contour(
            x=as_float32(x),
            y=as_float32(y),
            z=zz,
            colorscale=SURFACE_COLORSCALE,
            colorbar=colorbar,
            hovertemplate=hover,
            ncontours=20,
            contours={"coloring": "heatmap", "showlines": True},
            line={"width": 0.5, "color": "rgba(255,255,255,0.5)"},
        )
        for kind, name, px, py, _unused in paths:
            fig.add_scatter(
                x=as_float32(px),
                y=as_float32(py),
                mode="lines",
                name=name,
                line={**line_style(kind), "width": 3},
                hoverinfo="skip",
            )
            fig.add_scatter(
                x=as_float32(px)[[0, -1]],
                y=as_float32(py)[[0, -1]],
                mode="markers",
                name=_("{name}: start and end", name=name),
                showlegend=False,
                marker={"color": ["white", COLORS[kind]], "size": 9, "line": {"color": COLORS[kind], "width": 2}},
                hovertemplate=f"{name}<br>{x_title} = %{{x:.2f}}, {y_title} = %{{y:.2f}}<extra></extra>",
            )
        apply_layout(fig, title=title, x_title=x_title, y_title=y_title, height=420)
        fig.update_xaxes(range=[float(np.min(x)), float(np.max(x))])
        fig.update_yaxes(range=[float(np.min(y)), float(np.max(y))])
    # The title names the surface and a path has its surface's colour: a legend would only crowd the title.
    fig.update_layout(showlegend=False)
    return fig


# ---------------------------------------------------------------- section builders: core results in, figures out


def neuron_figures(
    ce_run: NeuronRun, quadratic_run: NeuronRun, *, quadratic_name: str, unit: str
) -> tuple[go.Figure, go.Figure]:
    """Nielsen's neuron: output against epoch, and cost against epoch, for both runs."""
    output = epoch_figure(
        ce_run.epochs,
        ce_run.output,
        quadratic_run.output,
        y_title=_("output a"),
        y_range=(0.0, 1.0),
        quadratic_name=_("trained with {loss}", loss=quadratic_name),
    )
    cost = epoch_figure(
        ce_run.epochs,
        ce_run.cost,
        quadratic_run.cost,
        y_title=_("cost (CE in {unit})", unit=unit),
        quadratic_name=_("trained with {loss}", loss=quadratic_name),
        ce_suffix=f" {unit}",
    )
    return output, cost


def logistic_figures(
    x: ArrayLike, y: ArrayLike, ce_run: LogisticRun, quadratic_run: LogisticRun, *, quadratic_name: str
) -> tuple[go.Figure, go.Figure]:
    """The toy dataset with the start and both final boundaries, and accuracy against epoch."""
    boundaries = dataset_figure(
        x,
        y,
        [
            ("target", _("start"), ce_run.weights[0], float(ce_run.bias[0])),
            (
                "mse",
                _("boundary, {loss}", loss=quadratic_name),
                quadratic_run.weights[-1],
                float(quadratic_run.bias[-1]),
            ),
            ("ce", _("boundary, CE"), ce_run.weights[-1], float(ce_run.bias[-1])),
        ],
    )
    accuracy = epoch_figure(
        ce_run.epochs,
        ce_run.accuracy,
        quadratic_run.accuracy,
        y_title=_("training accuracy"),
        y_range=(0.0, 1.02),
        value_format=".1%",
        quadratic_name=_("trained with {loss}", loss=quadratic_name),
    )
    return boundaries, accuracy


def surface_pair(
    surface: Surface,
    *,
    view: str,
    unit: str,
    x_title: str,
    y_title: str,
    quadratic_title: str,
    ce_path: tuple[ArrayLike, ArrayLike, ArrayLike] | None = None,
    quadratic_path: tuple[ArrayLike, ArrayLike, ArrayLike] | None = None,
) -> tuple[go.Figure, go.Figure]:
    """CE and quadratic-cost surfaces on the same grid, each with its optional training path ``(x, y, loss)``."""
    ce = surface_figure(
        surface.x,
        surface.y,
        surface.ce,
        view=view,
        title=_("cross-entropy"),
        x_title=x_title,
        y_title=y_title,
        z_title=f"CE ({unit})",
        paths=[("ce", _("CE run"), *ce_path)] if ce_path is not None else (),
    )
    quad = surface_figure(
        surface.x,
        surface.y,
        surface.quadratic,
        view=view,
        title=quadratic_title,
        x_title=x_title,
        y_title=y_title,
        z_title=_("quadratic"),
        paths=[("mse", _("quadratic run"), *quadratic_path)] if quadratic_path is not None else (),
    )
    return ce, quad
