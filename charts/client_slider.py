"""A slider that lives in the browser: Plotly.js swaps precomputed values in, with no round trip.

Streamlit reruns a page only when a slider is released, so a server-side slider
cannot make a curve follow the hand.  A Plotly slider can: each of its steps is
a ``Plotly.update`` call that replaces some trace properties (a marker's
position, a curve) and layout properties (a guide line) with values computed
ahead by `core`.  Moving it sends nothing to the server.

`add_client_slider` attaches one to a figure.  The figure's own traces carry
the values of the step it opens at (``active``), so the figure reads right
before any interaction, in a screenshot, and in tests.  The read-out (the
numbers at the current stop) is the slider's current-value text above it, set
on two lines when it is longer than a phone's screen shows (`wrap_readout`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

#: The slider's own tick labels are hidden (a hundred of them would overlap); the current one is shown
#: above the slider in a mid grey that reads on Streamlit's light and dark backgrounds.
_TRACK_COLOR = "rgba(128, 132, 149, 0.35)"  # Streamlit's grey, translucent
_HIDDEN = "rgba(0,0,0,0)"
_READOUT_COLOR = "#808495"
#: A read-out longer than this (in columns: a CJK character counts two) is set on two lines, broken at the
#: separator nearest its middle: Plotly draws it on one line that does not wrap, and a 400 px screen
#: shows about 50 columns of it at 12 px.
READOUT_COLUMNS = 46
_SEPARATORS = ("，", "；", "：", ", ", "; ", ": ", "  →  ")


def add_client_slider(
    fig: go.Figure,
    *,
    values: Sequence[str],
    readouts: Sequence[str],
    traces: Sequence[int],
    trace_updates: Sequence[Mapping[str, Sequence[Any]]],
    layout_updates: Sequence[Mapping[str, Any]] | None = None,
    active: int = 0,
) -> go.Figure:
    """Add a client-side slider to ``fig`` (modified in place and returned).

    Args:
        fig: the figure, already showing step ``active``.
        values: one value per step (e.g. ``"0.30"``): the step's ``value``, which tests and links use.
        readouts: one text per step, shown above the slider while it is on that step (plain text: the
            numbers `core` computed for the stop, e.g. ``"p = 0.30 → H(p) = 0.8813 bits"``).
        traces: indices of the traces the steps update.
        trace_updates: per step, ``{property: [value for each trace in traces]}``, as ``Plotly.restyle``
            takes it (e.g. ``{"x": [[0.3]], "y": [[0.88]]}`` for one marker trace).
        layout_updates: per step, layout properties to set, as ``Plotly.relayout`` takes them
            (e.g. ``{"shapes[0].x0": 0.3, "shapes[0].x1": 0.3}`` to move a guide line).
        active: the step shown first.

    Raises:
        ValueError: if the per-step sequences differ in length, or ``active`` is not a step.
    """
    n = len(values)
    if len(readouts) != n or len(trace_updates) != n or (layout_updates is not None and len(layout_updates) != n):
        # A programming error, never a reader's: not translated.
        rule = "values, readouts, trace_updates and layout_updates need one entry per step"  # i18n: not reader text
        layouts_n = "none" if layout_updates is None else len(layout_updates)
        raise ValueError(f"{rule}: {n}, {len(readouts)}, {len(trace_updates)}, {layouts_n}")
    if not 0 <= active < n:
        raise ValueError(f"active must be a step index in [0, {n - 1}], got {active}")  # i18n: not reader text
    layouts = [dict(u) for u in layout_updates] if layout_updates is not None else [{} for __ in range(n)]
    steps = [
        {"method": "update", "label": wrap_readout(text), "value": value, "args": [dict(update), layout, list(traces)]}
        for value, text, update, layout in zip(values, readouts, trace_updates, layouts, strict=True)
    ]
    fig.update_layout(
        sliders=[
            {
                "active": active,
                "steps": steps,
                "currentvalue": {"font": {"size": 12, "color": _READOUT_COLOR}, "xanchor": "left"},  # fits 400 px
                "pad": {"t": 50, "b": 0},  # below the x-axis title
                "len": 1.0,
                "x": 0.0,
                "y": 0.0,
                "yanchor": "top",
                "ticklen": 0,  # no tick under each stop: the read-out says where the slider is
                "minorticklen": 0,
                # Mid-grey track and rail, readable on Streamlit's light and dark backgrounds (Plotly's
                # defaults are a white track that glares on the dark theme).
                "bgcolor": _TRACK_COLOR,
                "activebgcolor": _READOUT_COLOR,
                "bordercolor": _READOUT_COLOR,
                "borderwidth": 1,
                "tickcolor": _HIDDEN,
                "font": {"color": _HIDDEN, "size": 8},
            }
        ]
    )
    return fig


def _columns(text: str) -> int:
    """Display width of a read-out: tags left out, CJK and full-width characters counted twice."""
    plain = re.sub(r"<[^>]+>", "", text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in plain)


def wrap_readout(text: str, columns: int = READOUT_COLUMNS) -> str:
    """``text`` on two lines (``<br>`` after the separator nearest the middle) if it is wider than ``columns``.

    Only at a separator (a comma, semicolon, colon or arrow, ASCII or full-width) outside a tag: a
    read-out with none stays on one line.
    """
    if _columns(text) <= columns:
        return text
    cuts = [
        m.end()
        for sep in _SEPARATORS
        for m in re.finditer(re.escape(sep), text)
        if text.count("<", 0, m.start()) == text.count(">", 0, m.start())  # not inside a tag
    ]
    if not cuts:
        return text
    half = _columns(text) / 2
    cut = min(cuts, key=lambda i: abs(_columns(text[:i]) - half))
    return text[:cut].rstrip() + "<br>" + text[cut:].lstrip()


def step_index(stops: Sequence[float], value: float) -> int:
    """Index of the stop nearest to ``value``."""
    return min(range(len(stops)), key=lambda i: abs(stops[i] - value))
