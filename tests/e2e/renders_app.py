"""A slider in a section and, after it, ``?extra=N`` static sliders: for `benchmarks/react_renders.py`'s test.

The section comes first, so its slider is the page's first, the one `make bench` counts."""

import streamlit as st

from ui.sections import section


@section("renders_section")
def moved_section() -> None:
    power = st.slider("Power", 1, 5, 2, key="renders_power")
    st.markdown(f"x to the power {power}")


moved_section()
for i in range(int(st.query_params.get("extra", "0"))):
    st.slider(f"Static slider {i}", 0, 10, 5, key=f"static_{i}")
