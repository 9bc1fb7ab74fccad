"""Words a reader sees are for readers: no internal names (the math package, "seed") on any page."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from ui.catalog import HOME, PAGES

from .conftest import APP, elements

INTERNAL = re.compile(r"\bseeds?\b|`core`|\bcore\.\w|views/|charts\.|ui\.\w", re.IGNORECASE)


def visible_text(at: AppTest) -> list[str]:
    """Every string the page shows: element values, labels, help texts, options and chart titles."""
    out: list[str] = []
    for e in elements(at):
        proto = getattr(e, "proto", None)
        for name in ("value", "label", "help", "body", "placeholder"):
            v = getattr(e, name, None)
            if isinstance(v, str):
                out.append(v)
        if proto is not None:
            for name in ("label", "help", "body", "placeholder", "default"):
                v = getattr(proto, name, None)
                if isinstance(v, str):
                    out.append(v)
            out.extend(str(o) for o in getattr(proto, "options", []) if isinstance(o, str))
            spec = getattr(proto, "spec", None)
            if isinstance(spec, str):
                out.append(spec)
    return out


@pytest.mark.parametrize("script", [HOME.path, *(p.path for p in PAGES)])
def test_no_internal_names_on_the_page(script: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    if script != HOME.path:
        at.switch_page(script).run()
    found = sorted({m.group(0) for text in visible_text(at) for m in INTERNAL.finditer(text)})
    assert not found, found
