"""Entropy explorer: the surprise of each outcome and the entropy of the whole distribution, in nats or bits.

Sections: (1) your distribution, with its entropy, maximum, normalised entropy and
perplexity; (2) each outcome's probability, surprisal and contribution, with the
worked table of the blog post's example; (3) the binary entropy curve; (4) entropy
over every distribution on three outcomes.  Numbers from `core`, figures from
`charts.entropy`, the input widget from `ui.distribution_input`.

Every section shows the distribution being explored (sections 3 and 4 mark it
when it has two or three outcomes), so the four form one fragment
(`ui.sections`): a change of the input reruns them and not the router.  The page
draws what does not depend on the distribution (headings, prose, formulas, the
preset buttons) once, and the fragment fills the `Slots` left for it, so that a
move re-sends half the elements it would otherwise.  Section 3's probe is a
client-side slider: dragging it costs no round trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from charts.entropy import binary_entropy_figure, entropy_sum_figure, outcome_figure, simplex_entropy_figure
from charts.plotly_json import prepared
from core import binary_entropy, entropy
from core.distributions import (
    COMPUTER,
    ENTROPY_PRESETS,
    EntropySummary,
    binary_entropy_curve,
    entropy_from_rounded_terms,
    simplex_entropy_map,
    summarize,
)
from i18n import _, current_language
from ui import headings
from ui.check_questions import CHECKS
from ui.checks import checks_section
from ui.distribution_input import distribution_input, escape_markdown, preset_buttons
from ui.sections import section, url_stop
from ui.sources import post
from ui.units import BITS, NATS, current_units

PREFIX, K_MIN, K_MAX = "entropy", 2, 12
CONFIG = {"displaylogo": False}
#: Stops of the client-side probe on the binary entropy curve.
PROBE_STOPS = tuple(round(i / 100, 2) for i in range(101))


@st.cache_data(max_entries=4, show_spinner=False)
def probe_values(base: float | None) -> tuple[float, ...]:
    """H(p) at every probe stop, in the chosen units."""
    return tuple(np.atleast_1d(binary_entropy(np.array(PROBE_STOPS), base=base)).tolist())


@dataclass(frozen=True)
class Slots:
    """Where the explorer writes: containers the page laid out around its static text."""

    input: DeltaGenerator  # section 1, left: the distribution's widgets
    summary: DeltaGenerator  # section 1, right: its numbers and the sum chart
    outcomes: DeltaGenerator  # section 2: surprise per outcome
    table: DeltaGenerator  # section 2, full width: the worked table
    binary: DeltaGenerator  # section 3: the curve, with the distribution when k = 2
    binary_note: DeltaGenerator
    simplex: DeltaGenerator  # section 4: the triangle, with the distribution when k = 3
    simplex_note: DeltaGenerator


@section("entropy_explorer")
def explorer(slots: Slots) -> None:
    """Every section shows the distribution being explored, so they rerun together when it changes."""
    with slots.input:
        dist = distribution_input(PREFIX, default=COMPUTER, k_min=K_MIN, k_max=K_MAX)
    summary = None if dist.p is None else summarize(dist.p, base=current_units().base)
    summary_block(slots.summary, summary, dist.names)
    outcomes_block(slots.outcomes, slots.table, summary, dist.names)
    binary_block(slots.binary, slots.binary_note, summary, dist.names)
    simplex_block(slots.simplex, slots.simplex_note, summary, dist.names)


def summary_block(where: DeltaGenerator, summary: EntropySummary | None, names: tuple[str, ...]) -> None:
    """Section 1, right: entropy, maximum, normalised entropy and perplexity, and H as a sum of bars."""
    units = current_units()
    unit = units.symbol
    if summary is None:
        where.info(
            _("Fix the input on the left to see this distribution's entropy; the charts further down still work.")
        )
        return
    k = summary.k
    metrics = where.container(horizontal=True, gap="small")
    metrics.metric(
        _("Entropy H(p)"),
        f"{summary.entropy:.4f} {unit}",
        help=_("The average surprise, H = −Σ p log p."),
        width="stretch",
    )
    metrics.metric(
        _("Maximum log {k}", k=k),
        f"{summary.max_entropy:.4f} {unit}",
        help=_("H of the uniform distribution on {k}.", k=k),
        width="stretch",
    )
    metrics.metric(
        _("Normalised H / log k"),
        f"{summary.normalized:.4f}",
        help=_("0 if certain, 1 if uniform; unit-free."),
        width="stretch",
    )
    metrics.metric(
        _("Perplexity"),
        f"{summary.perplexity:.4f}",
        help=_("e^H (H in nats): the effective number of outcomes."),
        width="stretch",
    )
    other = BITS if units.base is None else NATS
    where.caption(
        _(
            "H = {h} {unit} = {h_other} {other} (1 bit = ln 2 nats). **For any k, H ≤ log k, with equality only "
            "for the uniform distribution**: no distribution on {k} outcomes is more uncertain than the one that "
            "makes them all equally likely.\n\n"
            "**The entropy is a sum**: each outcome adds p·(−log p). The bar's length is H; the dashed line is the "
            "maximum, log {k}.",
            h=f"{summary.entropy:.4f}",
            unit=unit,
            h_other=f"{float(entropy(summary.p, base=other.base)):.4f}",
            other=other.symbol,
            k=k,
        )
    )
    where.plotly_chart(
        entropy_sum_figure(summary.terms, names, h=summary.entropy, h_max=summary.max_entropy, unit=unit),
        width="stretch",
        config=CONFIG,
        key="entropy_sum_chart",
    )


def outcomes_text(where: DeltaGenerator) -> None:
    """Section 2's prose and formulas (static: the units change reruns the whole page)."""
    log = current_units().latex_log
    where.markdown(_("**Information content** (surprisal) of an outcome x: the rarer, the more surprising."))
    where.latex(rf"I(x) = -{log} p(x)")
    where.markdown(_("**Entropy**: the surprise to expect on average."))
    where.latex(rf"\begin{{aligned}} H(X) &= \sum_x p(x)\, I(x) \\ &= -\sum_x p(x) {log} p(x) \end{{aligned}}")
    where.markdown(_("**Units**: nats use the natural log, bits log base 2; 1 bit = ln 2 ≈ 0.6931 nats."))
    where.latex(r"H_{\text{bits}} = \frac{H_{\text{nats}}}{\ln 2}")
    where.markdown(
        _(
            "**What to notice.** An outcome with p = 1 carries no surprise (−log 1 = 0). As p → 0 its surprise "
            "grows without bound, yet its contribution p·(−log p) shrinks back to 0: it almost never happens. "
            "Middling probabilities contribute most."
        )
    )


def outcomes_block(
    chart: DeltaGenerator, table: DeltaGenerator, summary: EntropySummary | None, names: tuple[str, ...]
) -> None:
    """Section 2: each outcome's probability, surprisal and contribution, and the worked table."""
    unit = current_units().symbol
    if summary is None:
        chart.info(_("No distribution to show until the input above is fixed."))
        return
    chart.plotly_chart(
        outcome_figure(summary.p, summary.surprisal, summary.terms, names, unit=unit), width="stretch", config=CONFIG
    )
    rows = "".join(
        f"| {escape_markdown(n)} | {p:.4f} | {f'{s:.4f}' if np.isfinite(s) else '∞'} | {t:.4f} |\n"
        for n, p, s, t in zip(names, summary.p, summary.surprisal, summary.terms, strict=True)
    )
    note = ""
    if summary.k == 3 and np.allclose(summary.p, COMPUTER.probabilities, rtol=0, atol=1e-9):
        nats = summarize(summary.p)
        note = _(
            "ℹ️ The blog post {post} gets H = {rounded} nats because it rounds each surprisal first "
            "({surprisals}); unrounded, H = {nats} nats = {bits} bits.",
            post=post("intuition_post"),
            rounded=f"{entropy_from_rounded_terms(summary.p, decimals=2):.3f}",
            surprisals=", ".join(f"{x:.2f}" for x in nats.surprisal),
            nats=f"{nats.entropy:.4f}",
            bits=f"{float(entropy(summary.p, base=2)):.4f}",
        )
    header = _("| outcome | p | −log p ({unit}) | p·(−log p) ({unit}) |", unit=unit)
    total = _("| **sum** | {total} | | **H = {h}** |", total=f"{summary.p.sum():.4f}", h=f"{summary.entropy:.4f}")
    table.markdown(
        _("**Worked table.** The last column is p times the surprisal; it sums to H.")
        + f"\n\n{header}\n|:--|--:|--:|--:|\n{rows}{total}"
    )
    if note:
        table.caption(note)


def binary_text(where: DeltaGenerator) -> None:
    """Section 3's formula and prose."""
    units = current_units()
    h_half = float(binary_entropy(0.5, base=units.base))
    where.latex(rf"H(p) = -p {units.latex_log} p - (1-p) {units.latex_log} (1-p)")
    where.markdown(
        _(
            "Drag the slider under the chart: the point and its read-out follow your hand.\n\n"
            "**What to notice.** A coin is most uncertain when it is fair: the curve peaks at p = ½ with "
            "H = {h} {unit} (exactly 1 bit). It falls to 0 at p = 0 and p = 1, where the outcome is "
            "certain, and it is symmetric: swapping heads and tails changes nothing.",
            h=f"{h_half:.4f}",
            unit=units.symbol,
        )
    )


@st.cache_resource(max_entries=16, show_spinner=False)
def binary_chart(
    base: float | None, unit: str, coin: tuple[float, float] | None, label: str, start: float, lang: str
) -> Any:
    """The binary entropy curve with its client-side probe, prepared (shared and never mutated).  Its
    101 probe steps make it the page's costliest figure to build, and unless the distribution has two
    outcomes it is the same on every move."""
    figure = binary_entropy_figure(
        *binary_entropy_curve(base=base),
        unit=unit,
        h_half=float(binary_entropy(0.5, base=base)),
        current=coin,
        current_label=label,
        probe=(PROBE_STOPS, probe_values(base)),
        probe_start=start,
    )
    return prepared(figure)


def binary_block(
    chart: DeltaGenerator, note: DeltaGenerator, summary: EntropySummary | None, names: tuple[str, ...]
) -> None:
    """Section 3: the binary entropy curve, a client-side probe, and the distribution when k = 2."""
    units = current_units()
    base, unit = units.base, units.symbol
    coin = (float(summary.p[0]), summary.entropy) if summary is not None and summary.k == 2 else None
    label = _("your distribution: p({name}) = {p}", name=names[0], p=f"{coin[0]:.4f}") if coin else ""
    start = url_stop("entropy_probe_p", PROBE_STOPS, 0.3)
    chart.plotly_chart(
        binary_chart(base, unit, coin, label, start, current_language()),
        width="stretch",
        config=CONFIG,
        key="entropy_binary_chart",
    )
    if coin is None:
        note.caption(_("Load a coin preset, or set k = 2, to place your distribution on this curve."))


def simplex_text(where: DeltaGenerator) -> None:
    """Section 4's prose."""
    units = current_units()
    top = float(entropy(np.full(3, 1 / 3), base=units.base))
    where.markdown(
        _(
            "Every point of the triangle is a distribution on three outcomes: the corners are certain outcomes, "
            "the edges leave one outcome out, the centre is (⅓, ⅓, ⅓). Colour is entropy.\n\n"
            "**What to notice.** Entropy rises from 0 at each corner to a single peak at the centre, log 3 = "
            "{top} {unit}: no distribution on three outcomes is more uncertain than the uniform one. The "
            "contours are closed convex curves around the centre because entropy is a concave function.",
            top=f"{top:.4f}",
            unit=units.symbol,
        )
    )


def simplex_block(
    chart: DeltaGenerator, note: DeltaGenerator, summary: EntropySummary | None, names: tuple[str, ...]
) -> None:
    """Section 4: entropy over the 3-outcome simplex, with the distribution marked when k = 3."""
    units = current_units()
    simplex = simplex_entropy_map(base=units.base, step=0.2 if units.base is None else 0.25, n_angles=90, grid_n=20)
    mine = summary if summary is not None and summary.k == 3 else None
    chart.plotly_chart(
        simplex_entropy_figure(
            simplex.level_sets,
            simplex.levels,
            h_top=simplex.top,
            grid=simplex.grid,
            grid_h=simplex.grid_h,
            unit=units.symbol,
            names=names if mine else ("p₁", "p₂", "p₃"),
            current=mine.p if mine else None,
            current_h=mine.entropy if mine else None,
        ),
        width="stretch",
        config=CONFIG,
    )
    if mine is None:
        note.caption(_("Set k = 3, or load the computer preset, to mark your distribution on the triangle."))


def layout() -> Slots:
    """The page around the explorer: headings, prose and formulas, drawn once per full run."""
    headings.subheader(_("1. Your distribution"), anchor="your-distribution")
    preset_buttons(PREFIX, ENTROPY_PRESETS, default=COMPUTER, k_min=K_MIN, k_max=K_MAX, uniform=True)
    left, right = st.columns([5, 6], gap="large")
    headings.subheader(_("2. Surprise per outcome, and the average surprise"), anchor="surprise")
    outcomes, text = st.columns([3, 2], gap="large")
    outcomes_text(text)
    table = st.container()
    headings.subheader(_("3. Two outcomes: the binary entropy curve"), anchor="binary-entropy")
    binary, text = st.columns([3, 2], gap="large")
    binary_text(text)
    binary_note = text.container()
    headings.subheader(_("4. Three outcomes: entropy over every distribution"), anchor="three-outcomes")
    simplex, text = st.columns([3, 2], gap="large")
    simplex_text(text)
    simplex_note = text.container()
    return Slots(left, right, outcomes, table, binary, binary_note, simplex, simplex_note)


units = current_units()
headings.title(_("🎲 Entropy explorer"))
st.markdown(
    _(
        "How surprising is each outcome, and how uncertain is the whole distribution? Build a distribution, or "
        "load a preset, and watch its **entropy**, the average surprise, in **{unit}** (switch units in the "
        "sidebar).",
        unit=units.symbol,
    )
)
explorer(layout())
st.caption(
    _(
        "Sources: {literature}. The computer example comes from the blog post {post}; the Fashion-MNIST "
        "prediction from another of the five posts Loss Lab started from (see Sources).",
        literature=post("shannon"),
        post=post("intuition_post"),
    )
)
checks_section("entropy", CHECKS["entropy"])
