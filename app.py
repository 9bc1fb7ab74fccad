"""Loss Lab's router: page config, the shared sidebar, and navigation over the pages.

Run with ``make run`` (or ``streamlit run app.py``).
"""

from __future__ import annotations

import streamlit as st

from ui.catalog import HOME, PAGES
from ui.errors import reader_safe
from ui.units import units_selector

st.set_page_config(page_title="Loss Lab", page_icon="🧪", layout="wide")

navigation = st.navigation(
    [st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path, default=p is HOME) for p in (HOME, *PAGES)]
)
with st.sidebar:
    units_selector()
    st.caption("Loss Lab: entropy, cross-entropy, KL and focal loss, hands on.")
with reader_safe("this page"):
    navigation.run()
