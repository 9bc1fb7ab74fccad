"""Page-wide style rules the router adds to every page (one style element, drawn once per full run).

Narrow screens (400 px phones) and markdown tables: Streamlit sets a markdown table as wide as its
column and lets the cells wrap, so on a phone a numeric table either squeezes its cells to a
character per line (the entropy and KL tables) or runs past the screen's right edge (focal loss's
multi-class table).  Under 640 px (where Streamlit stacks columns) each table scrolls sideways in
its own box instead, and no cell is narrower than a number with a few decimals.  Wider screens are
left as Streamlit draws them.
"""

from __future__ import annotations

import streamlit as st

#: Where Streamlit's layout turns to one column (its "sm" breakpoint).
NARROW_MAX_PX = 640
#: The narrowest a table cell may get: "0.123456" and "KL(p‖q)" fit on one line.
CELL_MIN_EM = 5.5

_TABLE = '[data-testid="stMarkdownContainer"] table'
PAGE_CSS = (
    f"<style>@media (max-width: {NARROW_MAX_PX}px) {{ "
    f"{_TABLE} {{ display: block; max-width: 100%; overflow-x: auto; }} "
    f"{_TABLE} th, {_TABLE} td {{ min-width: {CELL_MIN_EM}em; }} }}</style>"
)


def page_style() -> None:
    """Add the page-wide rules (`PAGE_CSS`) to the page being drawn.

    A style element in a markdown element at the foot of the sidebar: it takes no room there (the
    sidebar ends with it), and it applies a fraction of a second after the page's first elements
    (0.05 to 0.8 s measured on a first visit, when Streamlit loads its HTML support), where an
    ``st.html`` style element took up to 2.3 s.
    """
    st.sidebar.markdown(PAGE_CSS, unsafe_allow_html=True)
