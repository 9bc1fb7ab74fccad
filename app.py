"""Loss Lab's router: page config, the shared sidebar, and navigation over the pages.

Run with ``make run`` (or ``streamlit run app.py``).
"""

from __future__ import annotations

import streamlit as st

from i18n import _
from ui.catalog import HOME, PAGES
from ui.errors import reader_safe
from ui.language import language_selector
from ui.serving import freeze_new_modules, tune_interpreter
from ui.style import page_style
from ui.units import units_selector

tune_interpreter()
st.set_page_config(page_title="Loss Lab", page_icon="🧪", layout="wide")

with st.sidebar:  # the language first: the navigation's titles are in it
    language_selector()
navigation = st.navigation(
    [st.Page(p.path, title=_(p.title), icon=p.icon, url_path=p.url_path, default=p is HOME) for p in (HOME, *PAGES)]
)
with st.sidebar:
    units_selector()
    st.caption(_("Loss Lab: entropy, cross-entropy, KL and focal loss, hands on."))
page_style()
with reader_safe(_("this page")):
    navigation.run()
freeze_new_modules()
