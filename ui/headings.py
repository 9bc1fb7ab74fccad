"""Page titles and section headings, drawn as markdown.

``st.title``, ``st.header`` and ``st.subheader`` each add a heading element that the browser draws
again whenever any part of the page reruns, a fragment included: in Streamlit 1.67 a rerun's start
and end re-render every element on the page, and a heading element does not skip that work as a
paragraph does.  Measured in Chromium against the floor app (one slider in a fragment, 30 headings
outside it, 8 moves, 2 rounds): 30 ``st.subheader`` calls add 15 ms to every slider round trip, the
same 30 headings written as markdown 3 ms.  On the focal-loss page alone (7 headings) the γ probe's
round trip went from 2.0x to 1.55x the floor's.

A markdown heading is drawn by the same heading component (same size, same link icon on hover); the
explicit anchor that keeps a section's deep link (``#gamma-family``) is passed as ``data-anchor``,
which Streamlit's markdown reads for headings.  Without one the anchor comes from the text, as
``st.header``'s does.
"""

from __future__ import annotations

import html

import streamlit as st


def title(text: str) -> None:
    """The page's title, as ``st.title`` draws it (its anchor comes from the text)."""
    _heading(1, text, None)


def header(text: str, anchor: str | None = None) -> None:
    """A section's heading, as ``st.header`` draws it; ``anchor`` is the fragment a link jumps to."""
    _heading(2, text, anchor)


def subheader(text: str, anchor: str | None = None) -> None:
    """A heading within a section (or a short page's section), as ``st.subheader`` draws it."""
    _heading(3, text, anchor)


def _heading(level: int, text: str, anchor: str | None) -> None:
    """``text`` as plain text (escaped, never markdown) in an ``<h{level}>`` with an optional ``data-anchor``."""
    attrs = f' data-anchor="{html.escape(anchor, quote=True)}"' if anchor else ""
    st.markdown(f"<h{level}{attrs}>{html.escape(text, quote=False)}</h{level}>", unsafe_allow_html=True)
