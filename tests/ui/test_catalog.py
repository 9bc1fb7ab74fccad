"""`ui.catalog`: every page it lists exists, so a mistyped path fails here instead of hiding a page."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.catalog import HOME, PAGES, PageInfo

ROOT = Path(__file__).resolve().parents[2]
ENTRIES = (HOME, *PAGES)


@pytest.mark.parametrize("page", ENTRIES, ids=[p.url_path for p in ENTRIES])
def test_every_catalogued_script_exists(page: PageInfo) -> None:
    path = ROOT / page.path
    assert path.is_file(), f"ui/catalog.py lists {page.path!r} ({page.title}), which does not exist"
    assert path.parent == ROOT / "views", page.path  # not pages/: see docs/DESIGN.md


def test_titles_and_url_paths_are_unique() -> None:
    assert len({p.title for p in ENTRIES}) == len(ENTRIES)
    assert len({p.url_path for p in ENTRIES}) == len(ENTRIES)
    assert all(p.promise and p.icon for p in ENTRIES)
