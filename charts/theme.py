"""One look for every chart: a colour per loss, colour-blind-safe, readable in light and dark themes.

Colours are the Okabe-Ito palette (Okabe and Ito, "Color Universal Design",
2008), distinguishable under the common colour-vision deficiencies; each loss
also has its own dash style so that the lines differ without colour too.
Surfaces use Viridis or Cividis.  Backgrounds are left transparent so that
Streamlit's light and dark themes both show through.
"""

from __future__ import annotations

import plotly.graph_objects as go

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

#: One colour per quantity, the same on every page.
COLORS = {
    "ce": OKABE_ITO["blue"],
    "mse": OKABE_ITO["vermillion"],
    "focal": OKABE_ITO["bluish_green"],
    "kl": OKABE_ITO["reddish_purple"],
    "kl_reverse": OKABE_ITO["orange"],
    "entropy": OKABE_ITO["sky_blue"],
    "error": OKABE_ITO["grey"],
    "target": OKABE_ITO["grey"],
}

#: A dash style per quantity: the second cue after colour.
DASHES = {
    "ce": "solid",
    "mse": "dash",
    "focal": "dashdot",
    "kl": "solid",
    "kl_reverse": "dash",
    "entropy": "solid",
    "error": "dot",
    "target": "dot",
}

SURFACE_COLORSCALE = "Viridis"
DIVERGING_COLORSCALE = "Cividis"

#: Semi-transparent grey that reads on white and on Streamlit's dark background.
SHADE = "rgba(153, 153, 153, 0.25)"


def line_style(kind: str, width: float = 2.5) -> dict[str, object]:
    """The ``line`` dict for a trace of quantity ``kind`` (a key of `COLORS`)."""
    return {"color": COLORS[kind], "dash": DASHES.get(kind, "solid"), "width": width}


def apply_layout(
    fig: go.Figure,
    *,
    title: str | None = None,
    x_title: str | None = None,
    y_title: str | None = None,
    height: int = 380,
) -> go.Figure:
    """Shared layout: transparent background, compact margins, legend on top, axis titles."""
    fig.update_layout(
        title={"text": title} if title else None,
        height=height,
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        hoverlabel={"namelength": -1},
    )
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    return fig
