"""Building Plotly figures fast: typed arrays and unvalidated figures in the shared theme.

A page rebuilds its figures on every rerun, and Plotly's property validation and
array conversion cost several milliseconds per figure, most of a rerun's budget.
Builders that need the speed write plain trace and layout dicts, encode arrays
once as float32 typed arrays (what Plotly itself sends for numpy arrays: a
``{"dtype", "bdata", "shape"}`` dict that Plotly.js decodes like any array), and
skip validation; tests/charts validates every builder's output with
``go.Figure(fig.to_dict())`` instead.  A figure a page keeps in a cache is
`prepared`: its JSON form is worked out once instead of on every rerun.
"""

from __future__ import annotations

import base64
import functools
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike, NDArray

from .theme import apply_layout

Trace = dict[str, Any]


def as_float32(x: ArrayLike) -> NDArray[np.float32]:
    """``x`` as a float32 array: the precision every figure sends (far finer than a pixel)."""
    return np.asarray(x, dtype=np.float32)


def typed_array(x: ArrayLike) -> dict[str, str]:
    """``x`` as Plotly's float32 typed-array spec ``{"dtype": "f4", "bdata": base64[, "shape": "r, c"]}``.

    float32 halves the payload and is far finer than a pixel.  `decode_typed_array` inverts it.
    """
    a = np.ascontiguousarray(np.asarray(x, dtype="<f4"))
    spec = {"dtype": "f4", "bdata": base64.b64encode(a.tobytes()).decode("ascii")}
    if a.ndim > 1:
        spec["shape"] = ", ".join(str(d) for d in a.shape)
    return spec


def decode_typed_array(spec: Any) -> NDArray[np.float64]:
    """The numbers in a trace property: a typed-array spec (as `typed_array` makes) or a plain list."""
    if isinstance(spec, dict) and "bdata" in spec:
        a = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.dtype(spec["dtype"]).newbyteorder("<"))
        if "shape" in spec:
            a = a.reshape([int(d) for d in str(spec["shape"]).split(",")])
        return a.astype(np.float64)
    return np.asarray(spec, dtype=np.float64)


@functools.cache
def _theme_layout() -> dict[str, Any]:
    """The shared look (`charts.theme.apply_layout`) as a plain layout dict, computed once."""
    layout: dict[str, Any] = apply_layout(go.Figure()).to_dict()["layout"]
    # No Plotly template: st.plotly_chart's theme="streamlit" styles the chart for the app's light or
    # dark theme, and leaving Plotly's default template out saves ~7 KB of JSON per figure.
    layout["template"] = {}
    return layout


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` updated by ``extra``, recursing into nested dicts (neither argument is modified)."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def themed_figure(data: list[Trace], layout: dict[str, Any]) -> go.Figure:
    """A figure in the shared theme from plain trace and layout dicts, without Plotly's validation."""
    return go.Figure({"data": data, "layout": _merge(_theme_layout(), layout)}, _validate=False)


class PreparedFigure(go.Figure):  # type: ignore[misc]  # plotly ships no type hints
    """A finished figure that keeps its JSON form: ``to_dict()`` is worked out once, then handed out.

    ``st.plotly_chart`` calls ``to_dict()`` on every rerun, and Plotly's ``to_dict`` deep-copies every
    property and walks the result to encode arrays: 1.6 ms for the focal page's γ family, 1.7 ms for
    the entropy page's binary curve, whose 101 client-side steps are the same on every move.  A figure
    kept in a cache (``st.cache_resource``) pays that on every rerun that shows it; `prepared` pays it
    once.  The figure reads like any other (``fig.data``, ``fig.layout``; arrays in their JSON form, the
    typed arrays that `decode_typed_array` reads) but is finished: change a figure before preparing it,
    never after (its JSON form would not follow), and never modify what ``to_dict`` returns (Streamlit
    only encodes it).
    """

    def __init__(self, figure: go.Figure | dict[str, Any]) -> None:
        spec = figure.to_dict() if isinstance(figure, go.Figure) else figure
        super().__init__(spec, _validate=False)
        self._prepared_spec = spec

    def to_dict(self) -> dict[str, Any]:
        """The figure as Plotly's JSON-ready dict: the same object on every call."""
        return self._prepared_spec


def prepared(figure: go.Figure) -> PreparedFigure:
    """``figure`` with its JSON form worked out once (`PreparedFigure`): what a cached figure should be."""
    return figure if isinstance(figure, PreparedFigure) else PreparedFigure(figure)
