"""Driving a page's sections through AppTest the way a browser does.

A browser that moves a widget inside a fragment asks the server to rerun that
fragment alone (the rerun request carries its id).  AppTest always reruns the
whole script, so `rerun_section` makes the same request: a rerun scoped to the
fragment registered under a section key (`ui.sections.section`).  After it, the
AppTest tree holds only what that run drew, which is what a test of "a control
reruns only its own section" needs.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import streamlit.testing.v1.local_script_runner as local_script_runner
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(page: str, **query: str) -> AppTest:
    """The page after a first run of the router with ``query`` in the URL, as a shared link opens it."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def section_keys(at: AppTest) -> list[str]:
    """The keys of the sections (keyed fragments) the last full run registered, in page order."""
    return list(at._fragment_storage._ids_by_target_key)


def rerun_section(at: AppTest, key: str) -> AppTest:
    """Rerun only the section ``key``, with the widget values set on ``at``, as a browser would."""
    (fragment_id,) = at._fragment_storage.resolve_target(key)
    scoped = functools.partial(local_script_runner.RerunData, fragment_id=fragment_id)
    with mock.patch.object(local_script_runner, "RerunData", scoped):
        return at.run()


def elements(at: AppTest) -> Iterator[Any]:
    """Every element and block of the last run, depth first."""
    stack = list(getattr(at._tree, "children", {}).values())[::-1]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(list(getattr(node, "children", {}).values())[::-1])


def keyed(at: AppTest) -> list[str]:
    """The keys of the keyed widgets, charts and containers the last run drew, in order."""
    return [str(e.key) for e in elements(at) if getattr(e, "key", None)]


def headings(at: AppTest) -> list[str]:
    """The section headings (headers and subheaders) the last run drew."""
    return [str(h.value) for kind in ("header", "subheader") for h in at.get(kind)]
