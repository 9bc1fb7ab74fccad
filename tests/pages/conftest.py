"""The page tests' kit: opening a page as a link would, reading its metrics and figures, rerunning one section.

Every page test imports what it needs from here (``from .conftest import ...``),
so that there is one way to open a page, one decoder of Plotly's typed arrays
(`charts.plotly_json.decode_typed_array`, shapes included) and one way to find a
figure.

Driving a page's sections through AppTest the way a browser does:

A browser that moves a widget inside a fragment asks the server to rerun that
fragment alone (the rerun request carries its id).  AppTest always reruns the
whole script, so `rerun_section` makes the same request: a rerun scoped to the
fragment registered under a section key (`ui.sections.section`).  After it, the
AppTest tree holds only what that run drew, which is what a test of "a control
reruns only its own section" needs.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import streamlit.testing.v1.local_script_runner as local_script_runner
from numpy.typing import NDArray
from streamlit.testing.v1 import AppTest

from charts.plotly_json import decode_typed_array

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(
    page: str, *, edits: Mapping[str, Any] | None = None, check: bool = True, timeout: float = 60, **query: str
) -> AppTest:
    """The page after a first run of the router with ``query`` in the URL, as a shared link opens it.

    ``edits`` are session-state values set before the page runs (a data editor's edits); with
    ``check`` the page must have run without an exception.
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params.update(query)
    at.run()
    for key, state in (edits or {}).items():
        at.session_state[key] = state
    at.switch_page(page).run()
    if check:
        assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at: AppTest) -> list[dict[str, Any]]:
    """Every Plotly figure of the last run, as the JSON the browser gets."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def figure(at: AppTest, key: str) -> dict[str, Any]:
    """The figure drawn with ``key``."""
    for chart in at.get("plotly_chart"):
        if key in str(chart.proto.id):
            return dict(json.loads(chart.proto.spec))
    raise AssertionError(f"no chart with key {key}")


def decode(spec: Any) -> NDArray[np.float64]:
    """A Plotly array: a plain list, or a typed array ``{"dtype", "bdata"[, "shape"]}``."""
    return decode_typed_array(spec)


def metric_map(at: AppTest) -> dict[str, str]:
    """Each metric's value by its label (the last one where a label repeats)."""
    return {m.label: m.value for m in at.metric}


def metric_lists(at: AppTest) -> dict[str, list[str]]:
    """Every value of each metric label, in page order."""
    out: dict[str, list[str]] = {}
    for m in at.metric:
        out.setdefault(m.label, []).append(m.value)
    return out


def metric_pairs(at: AppTest) -> list[tuple[str, str]]:
    """(label, value) of every metric, in page order."""
    return [(m.label, m.value) for m in at.metric]


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


HEADING = re.compile(r'<h([1-3])(?: data-anchor="([^"]*)")?>(.*)</h\1>', re.DOTALL)


def headings(at: AppTest, levels: str = "23") -> list[str]:
    """The headings the last run drew (`ui.headings`: markdown ``<h1>``-``<h3>``), section headings by default.

    ``levels`` picks them: "1" the page title, "2" a section's heading, "3" a heading within a section.
    """
    found = [HEADING.fullmatch(str(m.value)) for m in at.markdown]
    return [html.unescape(m.group(3)) for m in found if m and m.group(1) in levels]


def title(at: AppTest) -> str:
    """The page's title (its one ``<h1>``)."""
    (text,) = headings(at, "1")
    return text
