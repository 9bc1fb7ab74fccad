"""The floor app's slider and chart on a page as big as a Loss Lab page: the framework's floor for such a page.

`floor_app.py` is the cheapest page with a slider and a chart.  A Loss Lab page is that plus everything
else it shows (headings, prose, formulas, metrics, charts, other controls, checks), and in Streamlit
1.67 the tab re-renders all of it at every rerun's start, a fragment's included (README
"Performance").  This page keeps the floor's slider and chart, in a fragment as a Loss Lab section
is, and surrounds them with plain Streamlit content in a Loss Lab page's proportions: seven sections of
a markdown heading, prose, a formula, a row of metrics, a pair of charts and a row of sliders, then
four bordered questions.  None of it depends on the slider.  `python -m benchmarks browser` reports
its round trip and re-render count beside Loss Lab's, for reference; the targets stay against the floor.

    streamlit run benchmarks/floor_page_app.py
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

SECTIONS = 7
QUESTIONS = 4
X = np.linspace(0.0, 1.0, 200)


def line_chart(power: float, height: int = 300) -> go.Figure:
    figure = go.Figure(go.Scatter(x=X, y=X**power, mode="lines", name=f"x^{power:g}"))
    figure.update_layout(height=height, margin={"l": 40, "r": 20, "t": 30, "b": 40}, title=f"y = x^{power:g}")
    return figure


@st.fragment
def moved_section() -> None:
    power = st.slider("Power", 0.1, 5.0, 1.0, 0.1, key="floor_power", bind="query-params")
    st.plotly_chart(line_chart(power, 360), width="stretch")


st.set_page_config(page_title="Floor page", layout="wide")
st.markdown("<h1>A page as big as a Loss Lab page</h1>", unsafe_allow_html=True)
st.markdown("One paragraph that says what the page shows, about as long as a Loss Lab page's first one.")
moved_section()
for s in range(1, SECTIONS + 1):
    st.markdown(f"<h2>{s}. A section</h2>", unsafe_allow_html=True)
    st.markdown(f"Section {s} explains what its controls do and what the reader should look for below.")
    st.latex(rf"f_{s}(x) = x^{{{s}}}")
    metrics = st.container(horizontal=True, gap="medium")
    for m in range(3):
        metrics.metric(f"Measure {m + 1}", f"{s * (m + 1) / 7:.4f}")
    left, right = st.columns(2)
    left.plotly_chart(line_chart(s), width="stretch", key=f"left_{s}")
    right.plotly_chart(line_chart(1 / s), width="stretch", key=f"right_{s}")
    controls = st.container(horizontal=True, gap="medium")
    controls.slider(f"Setting {s}a", 0.0, 1.0, 0.5, key=f"setting_{s}a")
    controls.slider(f"Setting {s}b", 0.0, 1.0, 0.5, key=f"setting_{s}b")
    st.markdown(f"**What to notice.** Section {s}'s closing remark, a sentence or two long.")
st.markdown("<h2>Check yourself</h2>", unsafe_allow_html=True)
for q in range(1, QUESTIONS + 1):
    with st.container(border=True):
        st.markdown(f"**{q}.** A question about the page, answered with a number.")
        st.number_input("Your answer", value=None, key=f"answer_{q}", placeholder="type a number")
