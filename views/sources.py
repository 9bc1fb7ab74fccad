"""Sources: the posts and papers Loss Lab's material and numbers come from."""

from __future__ import annotations

import streamlit as st

from i18n import _
from ui import headings
from ui.sources import LITERATURE, POSTS

headings.title(f"📚 {_('Sources')}")
st.markdown(
    _(
        "Loss Lab started from five short Chinese-language blog posts on cross-entropy and its relatives, and "
        "reproduces every number they work out, exactly (where a post rounded, the page says so). The rest comes "
        "from the papers and books they lean on."
    )
)

headings.subheader(_("The five posts"), anchor="posts")
for source in POSTS:
    st.markdown(f"- {source.citation}  \n  {_(source.what)}")

headings.subheader(_("Papers and books"), anchor="literature")
for source in LITERATURE:
    st.markdown(f"- {source.citation}  \n  {_(source.what)}")

st.caption(_("Every number on the pages is computed by Loss Lab itself and checked against PyTorch and SciPy."))
