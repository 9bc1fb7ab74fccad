"""The framework's floor: the cheapest Streamlit page with a slider and a Plotly chart.

`python -m benchmarks browser` and `make load` serve it exactly as they serve Loss Lab and divide
Loss Lab's page loads, slider round trips, server CPU and WebSocket bytes by its own: what Streamlit
and Plotly cost before Loss Lab adds anything.  One slider (bound to the URL, like Loss Lab's), one
small line figure that depends on it, built the ordinary way with ``plotly.graph_objects``.

    streamlit run benchmarks/floor_app.py
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

power = st.slider("Power", 0.1, 5.0, 1.0, 0.1, key="floor_power", bind="query-params")
x = np.linspace(0.0, 1.0, 200)
figure = go.Figure(go.Scatter(x=x, y=x**power, mode="lines", name=f"x^{power:g}"))
figure.update_layout(height=360, margin={"l": 40, "r": 20, "t": 30, "b": 40}, title=f"y = x^{power:g}")
st.plotly_chart(figure, width="stretch")
