"""Every cache in the app is bounded, so a long-running server cannot fill its memory with cached values.

A Streamlit server lives for weeks and every distinct argument of a cached function adds an entry, so
each ``st.cache_data`` / ``st.cache_resource`` must name ``max_entries`` or ``ttl`` (docs/DESIGN.md,
"Caching"), and a ``functools`` cache must have a ``maxsize`` unless the function takes no argument
(one entry).  The check walks the syntax tree of every module of the app, so a new cache is covered
the day it is written; ``make load LOAD_ARGS="--soak"`` measures what the bounds keep the memory at.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: The app: the router and every package a page imports.
APP_FILES = [ROOT / "app.py", *(p for d in ("views", "ui", "charts", "core") for p in sorted((ROOT / d).rglob("*.py")))]
STREAMLIT_CACHES = {"cache_data", "cache_resource"}
FUNCTOOLS_CACHES = {"cache", "lru_cache"}


def _name(node: ast.expr) -> str:
    """``st.cache_data`` -> "st.cache_data", ``lru_cache`` -> "lru_cache"; "" for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _name(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _streamlit_bounded(call: ast.Call | None) -> bool:
    """A ``max_entries`` or a ``ttl`` that is not None."""
    bounds = [_keyword(call, k) for k in ("max_entries", "ttl")] if call else []
    return any(b is not None and not _is_none(b) for b in bounds)


def unbounded_caches(source: str, filename: str = "<source>") -> tuple[list[str], int]:
    """(problems, number of caches found) in one module's source."""
    tree = ast.parse(source, filename=filename)
    problems: list[str] = []
    found = 0
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        takes_arguments = bool(
            node.args.posonlyargs or node.args.args or node.args.kwonlyargs or node.args.vararg or node.args.kwarg
        )
        for deco in node.decorator_list:
            call = deco if isinstance(deco, ast.Call) else None
            name = _name(call.func if call else deco)
            last = name.rsplit(".", 1)[-1]
            where = f"{filename}:{deco.lineno} {node.name}()"
            if last in STREAMLIT_CACHES and name in {last, f"st.{last}", f"streamlit.{last}"}:
                found += 1
                if not _streamlit_bounded(call):
                    problems.append(f"{where}: @{name} without max_entries or ttl")
            elif last in FUNCTOOLS_CACHES and name in {last, f"functools.{last}"}:
                found += 1
                maxsize = (_keyword(call, "maxsize") or (call.args[0] if call.args else None)) if call else None
                unbounded = last == "cache" or (maxsize is not None and _is_none(maxsize))
                if unbounded and takes_arguments:
                    problems.append(f"{where}: @{name} without a maxsize on a function that takes arguments")
    # Caches made by calling the decorator on a function (st.cache_data(max_entries=...)(f)) count too.
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Call):
            inner = node.func
            name = _name(inner.func)
            if name.rsplit(".", 1)[-1] in STREAMLIT_CACHES:
                found += 1
                if not _streamlit_bounded(inner):
                    problems.append(f"{filename}:{node.lineno}: {name}(...)(...) without max_entries or ttl")
    return problems, found


def test_every_cache_of_the_app_is_bounded() -> None:
    problems: list[str] = []
    found = 0
    for path in APP_FILES:
        p, n = unbounded_caches(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
        problems += p
        found += n
    assert not problems, "unbounded caches:\n" + "\n".join(problems)
    assert found >= 10, f"only {found} caches found: is the scan still looking at the right files?"


@pytest.mark.parametrize(
    ("source", "bounded"),
    [
        ("import streamlit as st\n@st.cache_data\ndef f(x): ...", False),
        ("import streamlit as st\n@st.cache_data()\ndef f(x): ...", False),
        ("import streamlit as st\n@st.cache_data(show_spinner=False)\ndef f(x): ...", False),
        ("import streamlit as st\n@st.cache_resource(max_entries=None)\ndef f(x): ...", False),
        ("import streamlit as st\n@st.cache_data(max_entries=8)\ndef f(x): ...", True),
        ("import streamlit as st\n@st.cache_resource(ttl=3600)\ndef f(x): ...", True),
        ("from streamlit import cache_data\n@cache_data\ndef f(x): ...", False),
        ("import streamlit as st\ng = st.cache_data(show_spinner=False)(len)", False),
        ("import streamlit as st\ng = st.cache_data(max_entries=4)(len)", True),
        ("import functools\n@functools.cache\ndef f(x): ...", False),
        ("import functools\n@functools.cache\ndef f(): ...", True),
        ("import functools\n@functools.lru_cache(maxsize=None)\ndef f(x): ...", False),
        ("import functools\n@functools.lru_cache(None)\ndef f(x): ...", False),
        ("import functools\n@functools.lru_cache(maxsize=4)\ndef f(x): ...", True),
        ("from functools import lru_cache\n@lru_cache\ndef f(x): ...", True),  # maxsize=128
    ],
)
def test_the_scan_tells_bounded_from_unbounded(source: str, bounded: bool) -> None:
    problems, found = unbounded_caches(source)
    assert found == 1
    assert (not problems) is bounded, problems


# ---- cached figures are prepared: their JSON form is worked out once, not on every rerun ----


def unprepared_figures(source: str, filename: str = "<source>") -> tuple[list[str], int]:
    """(problems, cached functions found): a page's ``st.cache_resource`` function returns figures, and
    every ``return`` must pass them through `charts.plotly_json.prepared` (st.plotly_chart would otherwise
    deep-copy and re-encode the cached figure on every rerun that shows it)."""
    tree = ast.parse(source, filename=filename)
    problems: list[str] = []
    found = 0
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        names = {_name(d.func if isinstance(d, ast.Call) else d).rsplit(".", 1)[-1] for d in node.decorator_list}
        if "cache_resource" not in names:
            continue
        found += 1
        returns = [r for r in ast.walk(node) if isinstance(r, ast.Return)]
        for r in returns or [node]:
            value = r.value if isinstance(r, ast.Return) else None
            if value is None or not any(isinstance(n, ast.Name) and n.id == "prepared" for n in ast.walk(value)):
                problems.append(f"{filename}:{r.lineno} {node.name}() returns a figure that is not prepared")
    return problems, found


def test_every_cached_figure_of_the_pages_is_prepared() -> None:
    problems: list[str] = []
    found = 0
    for path in sorted((ROOT / "views").glob("*.py")):
        p, n = unprepared_figures(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
        problems += p
        found += n
    assert not problems, "\n".join(problems)
    assert found >= 10, f"only {found} cached figure functions found: is the scan looking at the pages?"


@pytest.mark.parametrize(
    ("source", "ok"),
    [
        ("@st.cache_resource(max_entries=4)\ndef f(x):\n    return figure(x)", False),
        ("@st.cache_resource(max_entries=4)\ndef f(x):\n    return prepared(figure(x))", True),
        ("@st.cache_resource(max_entries=4)\ndef f(x):\n    return x, tuple(map(prepared, pair(x)))", True),
        ("@st.cache_resource(max_entries=4)\ndef f(x):\n    if x:\n        return prepared(a)\n    return b", False),
        ("@st.cache_resource(max_entries=4)\ndef f(x):\n    figure(x)", False),
        ("@st.cache_data(max_entries=4)\ndef f(x):\n    return numbers(x)", True),
    ],
)
def test_the_scan_finds_cached_figures_that_are_not_prepared(source: str, ok: bool) -> None:
    problems, _found = unprepared_figures(source)
    assert (not problems) is ok, problems
