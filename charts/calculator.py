"""The calculator's picture: each row's predicted probabilities with its target marked, and the row's loss.

Pure: numbers in, ``go.Figure`` out.  One small bar chart per row (the first
`MAX_ROWS` rows), bars in the cross-entropy blue where the target puts its mass
and grey elsewhere; a target given as rows (one-hot, soft or multi-label) is
also drawn as diamonds, so a soft label can be compared with the prediction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike
from plotly.subplots import make_subplots

from .theme import COLORS, OKABE_ITO, apply_layout

#: Rows drawn at most (small multiples stop being readable beyond this).
MAX_ROWS = 12
COLUMNS = 4


def rows_figure(
    probabilities: ArrayLike,
    targets: ArrayLike,
    row_losses: ArrayLike,
    *,
    unit: str = "nats",
    loss_label: str = "loss",
) -> go.Figure:
    """Small multiples: row ``i``'s probabilities (``(N, C)``) with its target and loss in the title.

    Args:
        probabilities: what the loss reads each row as, in [0, 1], shape ``(N, C)``.
        targets: class indices ``(N,)`` (a negative index, ignored, marks nothing) or rows ``(N, C)``.
        row_losses: each row's loss, ``(N,)``, in ``unit``.
        unit: the loss's unit, for the titles.
        loss_label: what a title calls the row's loss (e.g. ``"loss (sum over outputs)"``).

    Raises:
        ValueError: if the shapes disagree.
    """
    p = np.asarray(probabilities, dtype=np.float64)
    t = np.asarray(targets, dtype=np.float64)
    losses = np.asarray(row_losses, dtype=np.float64)
    if p.ndim != 2 or losses.shape != (p.shape[0],) or t.shape not in ((p.shape[0],), p.shape):
        raise ValueError(f"shapes {p.shape}, {t.shape}, {losses.shape} do not describe N rows of C classes")
    n = min(p.shape[0], MAX_ROWS)
    cols = min(COLUMNS, n)
    rows = math.ceil(n / cols)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[_title(i, losses[i], unit, loss_label) for i in range(n)],
        horizontal_spacing=0.06,
        vertical_spacing=0.3 / rows + 0.08,
    )
    classes = [str(c) for c in range(p.shape[1])]
    for i in range(n):
        r, c = i // cols + 1, i % cols + 1
        marked = _marked(t[i], p.shape[1])
        colors = [COLORS["ce"] if m else OKABE_ITO["grey"] for m in marked]
        fig.add_trace(
            go.Bar(
                x=classes,
                y=p[i],
                marker={"color": colors},
                showlegend=False,
                name=f"row {i + 1}",
                hovertemplate="class %{x}: p = %{y:.4f}<extra>row " + str(i + 1) + "</extra>",
            ),
            row=r,
            col=c,
        )
        if t.ndim == 2:
            fig.add_trace(
                go.Scatter(
                    x=classes,
                    y=t[i],
                    mode="markers",
                    marker={"symbol": "diamond", "size": 9, "color": COLORS["target"], "line": {"width": 1}},
                    name="target",
                    showlegend=i == 0,
                    hovertemplate="class %{x}: target %{y:.4g}<extra>row " + str(i + 1) + "</extra>",
                ),
                row=r,
                col=c,
            )
    apply_layout(fig, height=170 * rows + 60)
    fig.update_yaxes(range=[0, 1.05], tickvals=[0, 0.5, 1])
    fig.update_xaxes(type="category")
    fig.update_annotations(font={"size": 12})
    return fig


def _marked(target: float | Sequence[float], n_classes: int) -> list[bool]:
    """Which classes a target puts mass on: the class index, or the non-zero entries of a target row."""
    if np.ndim(target) == 0:
        index = float(np.asarray(target))
        return [index >= 0 and int(index) == k for k in range(n_classes)]
    return [bool(v > 0) for v in np.asarray(target, dtype=np.float64)]


def _title(i: int, loss: float, unit: str, label: str) -> str:
    value = "ignored" if not np.isfinite(loss) and np.isnan(loss) else f"{loss:.4f} {unit}"
    return f"row {i + 1}: {label} {value}"
