"""Tampered links: every URL key a page reads, given hostile values alone and together, never crashes it.

The keys come from the pages themselves, not from a list kept here: every keyed
widget a page draws (bound widgets read their own URL key) plus every key the page
reads with ``st.query_params.get`` (client-side sliders, the calculator's texts).
A crash is an exception in AppTest, or the reader-facing error net
(`ui.errors.reader_safe`) having caught one.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from streamlit.runtime.state.query_params_proxy import QueryParamsProxy
from streamlit.testing.v1 import AppTest

from ui.catalog import HOME, PAGES
from ui.errors import MESSAGE

from .conftest import APP, elements

HOSTILE = (
    "inf",
    "-inf",
    "nan",
    "1e400",
    "-1e400",
    "99999999999999999999999",
    "-5",
    "0.5",
    "abc",
    "",
    "x" * 5000,
    "é中文🙂",
    "0x10",
    "1_0",
    "[1, 2]",
    "\x00",
)
SCRIPTS = [HOME.path, *(p.path for p in PAGES)]
NET = MESSAGE.split("{", 1)[0]  # "Something went wrong while drawing "


@contextmanager
def keys_read() -> Iterator[set[str]]:
    """Record every key read through ``st.query_params.get`` while the block runs."""
    seen: set[str] = set()
    original = QueryParamsProxy.get

    def recording(self: QueryParamsProxy, key: str, default: Any = None) -> Any:
        seen.add(key)
        return original(self, key, default)

    QueryParamsProxy.get = recording  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        QueryParamsProxy.get = original  # type: ignore[method-assign]


def run(script: str, query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    at.run()
    if script != HOME.path:
        at.switch_page(script).run()
    return at


def assert_up(at: AppTest, query: dict[str, str]) -> None:
    shown = {k: v[:20] for k, v in query.items()}
    assert not at.exception, (shown, [e.value for e in at.exception])
    caught = [e.value for e in at.error if NET in str(e.value)]
    assert not caught, (shown, caught)


_KEYS: dict[str, list[str]] = {}


def url_keys(script: str) -> list[str]:
    """Every URL key ``script`` reads: its keyed widgets and its ``st.query_params.get`` calls (cached)."""
    if script not in _KEYS:
        with keys_read() as read:
            at = run(script, {})
        widgets = {str(e.key) for e in elements(at) if getattr(e, "key", None) and type(e).__name__ != "Block"}
        _KEYS[script] = sorted(widgets | read)
    return _KEYS[script]


def test_the_keys_are_found_from_the_pages() -> None:
    assert {"units", "kl_label", "calc_row", "calc_ignore_index", "cemse_conf_k"} <= {
        k for s in SCRIPTS for k in url_keys(s)
    }
    assert {"focal_probe_pt", "kl_probe_mu", "entropy_probe_p", "calc_pred"} <= {
        k for s in SCRIPTS for k in url_keys(s)
    }


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v[:12]))
def test_every_key_at_once(script: str, value: str) -> None:
    query = dict.fromkeys(url_keys(script), value)
    assert_up(run(script, query), query)


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_key_alone(script: str) -> None:
    """Each key with a value that broke integer fields (1e400) and a rotating other one."""
    for i, key in enumerate(url_keys(script)):
        for value in ("1e400", HOSTILE[i % len(HOSTILE)]):
            query = {key: value}
            assert_up(run(script, query), query)


@pytest.mark.parametrize("script", SCRIPTS)
def test_random_combinations(script: str) -> None:
    rng = random.Random(f"losslab-{script}")  # reproducible
    keys = url_keys(script)
    for _ in range(12):
        chosen = rng.sample(keys, k=rng.randint(1, len(keys)))
        query = {k: rng.choice(HOSTILE) for k in chosen}
        assert_up(run(script, query), query)
