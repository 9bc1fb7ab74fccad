"""Sources: the posts and papers Loss Lab's material and numbers come from."""

from __future__ import annotations

import streamlit as st

from ui.sources import LITERATURE, POSTS

st.title("📚 Sources")
st.markdown(
    "Loss Lab started from five short Chinese-language blog posts on cross-entropy and its relatives, and "
    "reproduces every number they work out, exactly (where a post rounded, the page says so). The rest comes "
    "from the papers and books they lean on."
)

st.subheader("The five posts", anchor="posts")
for source in POSTS:
    st.markdown(f"- {source.citation}  \n  {source.what}")

st.subheader("Papers and books", anchor="literature")
for source in LITERATURE:
    st.markdown(f"- {source.citation}  \n  {source.what}")

st.caption("Every number on the pages is computed by Loss Lab itself and checked against PyTorch and SciPy.")
