"""Pages that fail on purpose: what a reader sees when something unexpected goes wrong.

The first failure is inside a section (a fragment), the second in the page itself; the router's and
the sections' net (`ui.errors.reader_safe`) must catch both.
"""

import streamlit as st

from ui.errors import reader_safe
from ui.sections import section


@section("crash_section")
def failing_section() -> None:
    st.slider("A control of the failing section", 0, 10, 3, key="crash_slider")
    raise ValueError("section detail: this must stay on the server")


st.title("Crash on purpose")
with reader_safe("this page"):
    failing_section()
    st.markdown("The section above failed; this text still shows.")
    raise RuntimeError("page detail: this must stay on the server")
