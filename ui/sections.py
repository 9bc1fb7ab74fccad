"""The section pattern every page follows: each section is a keyed fragment that reruns alone.

A page is a title, one sentence, and a list of sections.  Each section is a
function decorated with `section`, which makes it an ``st.fragment`` with a
stable key: a control inside it reruns that function only, not the router and
not the other sections (Streamlit 1.67: a widget inside a fragment keeps
``bind="query-params"``, so links still restore it and a move still updates the
URL).  A section draws its own controls, asks `core` (through a cached
function) for its numbers, hands them to a `charts` builder and writes the
"what to notice"::

    @section("entropy_binary")
    def binary_entropy_section() -> None:
        headings.subheader("3. Two outcomes")
        ...

    binary_entropy_section()

When one input feeds several sections (the entropy page's distribution feeds
all four), those sections form one fragment: a move reruns them and no others.
Not ``st.rerun(scope=[keys])`` from a callback: in Streamlit 1.67 a keyed rerun
does not write widget values set by the callback (a preset) into the URL, and a
bound widget that the keyed rerun does not draw drops out of the URL (checked in
Chromium: a slider whose ``on_change`` reran only the fragment showing its
result lost its ``?w=`` at once, even with ``st.query_params`` set by hand), so
a section's inputs cannot be left out of its reruns that way.

A fragment's rerun re-sends every element it drew, and each costs the browser
about 0.3 ms before the rerun ends (measured against the floor app), so a section
keeps its heading, prose and "what to notice" outside the fragment: the page draws
them and leaves a container that the fragment fills (Streamlit 1.59+ lets a
fragment write into a container created outside it)::

    def training_section() -> None:
        headings.header("3 · Training")
        st.markdown("One sigmoid neuron ...")
        live = st.container()
        st.markdown("**What to notice.** ...")
        training_live(live)

    @section("cemse_neuron")
    def training_live(where: DeltaGenerator) -> None:
        with where:
            ...  # controls, figures and metrics

A run of widgets or metrics goes in one wrapping `row` rather than columns (one
container instead of a column and a block each), and headings go through
`ui.headings`: the browser re-renders every node of the page at a rerun's start,
fragment or not, and these two are the costly ones (docs/DESIGN.md).

A control that only moves along values `core` can compute ahead (a probe on a
curve) is a client-side Plotly slider instead (`charts.client_slider`); the
page reads where it opens from the URL with `url_stop`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from i18n import _
from ui.errors import reader_safe

F = TypeVar("F", bound=Callable[..., Any])


def section(key: str) -> Callable[[F], F]:
    """Decorator: the function becomes a page section, an ``st.fragment`` with the stable key ``key``.

    Keys are page-prefixed like widget keys (``kl_gaussians``), so tests can name a section.  An
    unexpected error inside it is contained there (`ui.errors.reader_safe`): the other sections stay up.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            with reader_safe(_("this section")):
                return func(*args, **kwargs)
            return None

        return cast(F, st.fragment(guarded, key=key))

    return decorate


def row(where: DeltaGenerator | None = None) -> DeltaGenerator:
    """A row that wraps on narrow screens, for widgets or metrics side by side (one element, not a column each)."""
    return (where or st).container(horizontal=True, gap="medium")


def url_stop(key: str, stops: Sequence[float], default: float) -> float:
    """The stop of a client-side slider that ``?key=value`` asks for: the nearest one, else ``default``.

    Anything that is not a finite number (``inf``, ``nan``, ``abc``, a huge string) gives ``default``; a
    number outside the stops is clamped to the first or last.  The slider itself lives in the browser, so
    the URL only says where it opens.
    """
    raw = st.query_params.get(key)
    if raw is None or len(raw) > 32:
        return default
    try:
        value = float(raw)
    except ValueError:
        return default
    if not math.isfinite(value):
        return default
    return min(stops, key=lambda s: abs(s - value))
