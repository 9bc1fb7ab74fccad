"""The calculator's picture: each row's predicted probabilities with its target marked, and the row's loss.

Pure: numbers in, ``go.Figure`` out.  One small bar chart per row (the first
`MAX_ROWS` rows), bars in the cross-entropy blue where the target puts its mass
and grey elsewhere; a target given as rows (one-hot, soft or multi-label) is
also drawn as diamonds, so a soft label can be compared with the prediction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike

from i18n import _

from .plotly_json import Trace, themed_figure, typed_array
from .theme import COLORS, OKABE_ITO

#: Rows drawn at most (small multiples stop being readable beyond this).
MAX_ROWS = 12
COLUMNS = 4


def rows_figure(
    probabilities: ArrayLike,
    targets: ArrayLike,
    row_losses: ArrayLike,
    *,
    unit: str | None = None,
    loss_label: str | None = None,
) -> go.Figure:
    """Small multiples: row ``i``'s probabilities (``(N, C)``) with its target and loss in the title.

    Args:
        probabilities: what the loss reads each row as, in [0, 1], shape ``(N, C)``.
        targets: class indices ``(N,)`` (a negative index, ignored, marks nothing) or rows ``(N, C)``.
        row_losses: each row's loss, ``(N,)``, in ``unit``.
        unit: the loss's unit, for the titles (nats, in the current language, by default).
        loss_label: what a title calls the row's loss (e.g. ``"loss (sum over outputs)"``; "loss" by default).

    Raises:
        ValueError: if the shapes disagree.
    """
    unit = _("nats") if unit is None else unit
    loss_label = _("loss") if loss_label is None else loss_label
    p = np.asarray(probabilities, dtype=np.float64)
    t = np.asarray(targets, dtype=np.float64)
    losses = np.asarray(row_losses, dtype=np.float64)
    if p.ndim != 2 or losses.shape != (p.shape[0],) or t.shape not in ((p.shape[0],), p.shape):
        shapes = f"{p.shape}, {t.shape}, {losses.shape}"
        raise ValueError(f"shapes {shapes} do not describe N rows of C classes")  # i18n: not reader text
    n = min(p.shape[0], MAX_ROWS)
    cols = min(COLUMNS, n)
    rows = math.ceil(n / cols)
    gap_x, gap_y = 0.06, 0.3 / rows + 0.08
    width, height = (1 - gap_x * (cols - 1)) / cols, (1 - gap_y * (rows - 1)) / rows
    classes = [str(c) for c in range(p.shape[1])]
    data: list[Trace] = []
    layout: dict[str, Any] = {"height": 170 * rows + 60, "showlegend": t.ndim == 2, "annotations": []}
    # Built as plain dicts on a manual grid: make_subplots and validation cost ~40 ms for 12 panels.
    for i in range(n):
        r, c = divmod(i, cols)
        x0, y1 = c * (width + gap_x), 1 - r * (height + gap_y)
        suffix = "" if i == 0 else str(i + 1)
        xa, ya = f"x{suffix}", f"y{suffix}"
        layout[f"xaxis{suffix}"] = {"domain": [x0, x0 + width], "anchor": ya, "type": "category"}
        layout[f"yaxis{suffix}"] = {
            "domain": [y1 - height, y1],
            "anchor": xa,
            "range": [0, 1.05],
            "tickvals": [0, 0.5, 1],
        }
        layout["annotations"].append(
            {
                "text": _title(i, losses[i], unit, loss_label),
                "x": x0 + width / 2,
                "y": y1,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 12},
            }
        )
        marked = _marked(t[i], p.shape[1])
        data.append(
            {
                "type": "bar",
                "x": classes,
                "y": typed_array(p[i]),
                "xaxis": xa,
                "yaxis": ya,
                "marker": {"color": [COLORS["ce"] if m else OKABE_ITO["grey"] for m in marked]},
                "showlegend": False,
                "name": _("row {row}", row=i + 1),
                "hovertemplate": _("class %{{x}}: p = %{{y:.4f}}<extra>row {row}</extra>", row=i + 1),
            }
        )
        if t.ndim == 2:
            data.append(
                {
                    "type": "scatter",
                    "x": classes,
                    "y": typed_array(t[i]),
                    "xaxis": xa,
                    "yaxis": ya,
                    "mode": "markers",
                    "marker": {"symbol": "diamond", "size": 9, "color": COLORS["target"], "line": {"width": 1}},
                    "name": _("target"),
                    "showlegend": i == 0,
                    "hovertemplate": _("class %{{x}}: target %{{y:.4g}}<extra>row {row}</extra>", row=i + 1),
                }
            )
    return themed_figure(data, layout)


def _marked(target: float | Sequence[float], n_classes: int) -> list[bool]:
    """Which classes a target puts mass on: the class index, or the non-zero entries of a target row."""
    if np.ndim(target) == 0:
        index = float(np.asarray(target))
        return [index >= 0 and int(index) == k for k in range(n_classes)]
    return [bool(v > 0) for v in np.asarray(target, dtype=np.float64)]


def _title(i: int, loss: float, unit: str, label: str) -> str:
    if not np.isfinite(loss) and np.isnan(loss):
        return _("row {row}: {label} ignored", row=i + 1, label=label)
    return _("row {row}: {label} {value} {unit}", row=i + 1, label=label, value=f"{loss:.4f}", unit=unit)
