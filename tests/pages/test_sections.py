"""Every control reruns only the section it belongs to (the section pattern, `ui.sections`).

For each chart page: every widget lives in exactly one section, except the few
page-level controls listed below; and moving any slider-like control of a section
reruns that section alone (AppTest, scoped as a browser scopes it), drawing no
element of another section.
"""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from core.distributions import ENTROPY_PRESETS

from .conftest import elements, headings, keyed, open_page, rerun_section, section_keys

#: Controls a page deliberately keeps outside its sections, with the reason.
PAGE_LEVEL = {
    # The eight preset buttons: a click (rare, unlike a drag) reruns the page, and a move does not
    # re-send them (docs/DESIGN.md, "A section re-sends only what its controls change").
    "views/entropy.py": {f"entropy_preset_{p.key}" for p in ENTROPY_PRESETS} | {"entropy_preset_uniform"},
    "views/ce_vs_mse.py": {"cemse_convention"},  # the quadratic cost's ½ changes sections 1 to 4
    "views/kl_asymmetry.py": set(),
    "views/focal_loss.py": set(),
}
ROUTER = {"units", "lang"}  # the sidebar's units and language: every page follows them, so a change reruns all
PAGES = sorted(PAGE_LEVEL)
MOVABLE = ("Slider", "SelectSlider", "ButtonGroup", "NumberInput")


@pytest.fixture(scope="module", params=PAGES)
def page(request: pytest.FixtureRequest) -> tuple[str, AppTest, dict[str, list[str]]]:
    """A page, and the keyed elements each of its sections draws when it reruns alone."""
    at = open_page(request.param)
    owned = {}
    for key in section_keys(at):
        rerun_section(at, key)
        assert not at.exception, [e.value for e in at.exception]
        owned[key] = keyed(at)
    return request.param, open_page(request.param), owned


def test_every_page_has_sections(page: tuple[str, AppTest, dict[str, list[str]]]) -> None:
    _, _, owned = page
    assert len(owned) >= 1
    assert all(owned.values())


def test_every_control_belongs_to_exactly_one_section(page: tuple[str, AppTest, dict[str, list[str]]]) -> None:
    path, at, owned = page
    everywhere = set(keyed(at))
    in_sections = [k for keys in owned.values() for k in keys]
    assert len(in_sections) == len(set(in_sections)), "a key drawn by two sections"
    assert everywhere - set(in_sections) == PAGE_LEVEL[path] | ROUTER


def _moved(widget: Any) -> Any:
    """Another valid value for a slider-like widget, or None when it has only one."""
    kind = type(widget).__name__
    if kind == "Slider":
        value, lo, hi = widget.value, widget.min, widget.max
        return hi if value != hi else lo
    if kind in ("SelectSlider", "ButtonGroup"):
        options = list(widget.options)
        current = widget.value[0] if isinstance(widget.value, list) and widget.value else widget.value
        others = [o for o in options if str(o) != str(current)]
        return others[-1] if others else None
    if kind == "NumberInput":
        return widget.max if widget.value != widget.max else widget.min
    return None


def test_moving_a_control_reruns_its_section_alone(page: tuple[str, AppTest, dict[str, list[str]]]) -> None:
    path, _, owned = page
    moved = 0
    for section, keys in owned.items():
        mine = set(keys)
        others = {k for s, ks in owned.items() if s != section for k in ks}
        at = rerun_section(open_page(path), section)  # the tree now holds this section alone
        own_headings = set(headings(at))
        movable = [str(e.key) for e in elements(at) if type(e).__name__ in MOVABLE and e.key in mine]
        for key in movable:
            widget = next(e for e in elements(at) if getattr(e, "key", None) == key)
            value = _moved(widget)
            if value is None or getattr(widget, "disabled", False):
                continue
            widget.set_value(value)
            rerun_section(at, section)
            assert not at.exception, (key, [e.value for e in at.exception])
            drawn = set(keyed(at))
            assert key in drawn
            assert not drawn & others, (key, drawn & others)  # nothing of another section was drawn
            assert set(headings(at)) == own_headings
            moved += 1
    assert moved >= len(owned) - 1  # sections have controls to move (a static one may not)
