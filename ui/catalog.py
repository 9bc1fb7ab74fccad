"""The pages of Loss Lab: one entry per page, read by the router and by Home.

A page is listed here once its script exists; Home shows a card per entry in
this order, which is also the suggested learning path.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageInfo:
    """What the router and Home need to know about one page."""

    path: str  # script path relative to the repository root
    title: str
    icon: str  # an emoji: Material icons would be fetched from the internet
    url_path: str
    promise: str  # one line on Home: what the reader gets from the page


HOME = PageInfo("pages/home.py", "Home", "🏠", "home", "What Loss Lab teaches and where to start.")

PAGES: tuple[PageInfo, ...] = ()
