"""Plotly figure builders: plain numbers in, ``go.Figure`` out; no Streamlit here."""

from .theme import COLORS, DASHES, OKABE_ITO, apply_layout, line_style

__all__ = ["COLORS", "DASHES", "OKABE_ITO", "apply_layout", "line_style"]
