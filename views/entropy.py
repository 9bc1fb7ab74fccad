"""Entropy explorer: the surprise of each outcome and the entropy of the whole distribution, in nats or bits.

Sections: (1) your distribution, with its entropy, maximum, normalised entropy and
perplexity; (2) each outcome's probability, surprisal and contribution, with the
worked table of the blog post's example; (3) the binary entropy curve; (4) entropy
over every distribution on three outcomes.  Numbers from `core`, figures from
`charts.entropy`, the input widget from `ui.distribution_input`.

Every section shows the distribution being explored (sections 3 and 4 mark it
when it has two or three outcomes), so the four form one fragment
(`ui.sections`): a change of the input reruns them and not the router.
Section 3's probe is a client-side slider: dragging it costs no round trip.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from charts.entropy import binary_entropy_figure, entropy_sum_figure, outcome_figure, simplex_entropy_figure
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


@section("entropy_explorer")
def explorer() -> None:
    """Every section shows the distribution being explored, so they rerun together when it changes."""
    summary, names = distribution_sections()
    binary_section(summary, names)
    simplex_section(summary, names)


def distribution_sections() -> tuple[EntropySummary | None, tuple[str, ...]]:
    """Sections 1 and 2: the input, its numbers, the surprise per outcome and the worked table."""
    units = current_units()
    base, unit = units.base, units.symbol
    st.subheader("1. Your distribution", anchor="your-distribution")
    preset_buttons(PREFIX, ENTROPY_PRESETS, default=COMPUTER, k_min=K_MIN, k_max=K_MAX, uniform=True)
    left, right = st.columns([5, 6], gap="large")
    with left:
        dist = distribution_input(PREFIX, default=COMPUTER, k_min=K_MIN, k_max=K_MAX)
    names = dist.names
    summary = None if dist.p is None else summarize(dist.p, base=base)
    if summary is None:
        right.info("Fix the input on the left to see this distribution's entropy; the charts further down still work.")
    else:
        k = summary.k
        m1, m2 = right.columns(2)
        m1.metric("Entropy H(p)", f"{summary.entropy:.4f} {unit}", help="The average surprise, H = −Σ p log p.")
        m2.metric(
            f"Maximum log {k}", f"{summary.max_entropy:.4f} {unit}", help=f"H of the uniform distribution on {k}."
        )
        m3, m4 = right.columns(2)
        m3.metric("Normalised H / log k", f"{summary.normalized:.4f}", help="0 if certain, 1 if uniform; unit-free.")
        m4.metric("Perplexity", f"{summary.perplexity:.4f}", help="e^H (H in nats): the effective number of outcomes.")
        other = BITS if units.base is None else NATS
        right.caption(
            f"H = {summary.entropy:.4f} {unit} = {float(entropy(summary.p, base=other.base)):.4f} {other.symbol} "
            f"(1 bit = ln 2 nats). **For any k, H ≤ log k, with equality only for the uniform distribution**: no "
            f"distribution on {k} outcomes is more uncertain than the one that makes them all equally likely."
        )
        right.caption(
            f"**The entropy is a sum**: each outcome adds p·(−log p). The bar's length is H; the dashed line is the "
            f"maximum, log {k}."
        )
        right.plotly_chart(
            entropy_sum_figure(summary.terms, names, h=summary.entropy, h_max=summary.max_entropy, unit=unit),
            width="stretch",
            config=CONFIG,
            key="entropy_sum_chart",
        )

    st.subheader("2. Surprise per outcome, and the average surprise", anchor="surprise")
    chart_col, text_col = st.columns([3, 2], gap="large")
    log = units.latex_log
    text_col.markdown("**Information content** (surprisal) of an outcome x: the rarer, the more surprising.")
    text_col.latex(rf"I(x) = -{log} p(x)")
    text_col.markdown("**Entropy**: the surprise to expect on average.")
    text_col.latex(rf"\begin{{aligned}} H(X) &= \sum_x p(x)\, I(x) \\ &= -\sum_x p(x) {log} p(x) \end{{aligned}}")
    text_col.markdown("**Units**: nats use the natural log, bits log base 2; 1 bit = ln 2 ≈ 0.6931 nats.")
    text_col.latex(r"H_{\text{bits}} = \frac{H_{\text{nats}}}{\ln 2}")
    text_col.markdown(
        "**What to notice.** An outcome with p = 1 carries no surprise (−log 1 = 0). As p → 0 its surprise grows "
        "without bound, yet its contribution p·(−log p) shrinks back to 0: it almost never happens. Middling "
        "probabilities contribute most."
    )
    if summary is None:
        chart_col.info("No distribution to show until the input above is fixed.")
        return summary, names
    chart_col.plotly_chart(
        outcome_figure(summary.p, summary.surprisal, summary.terms, names, unit=unit), width="stretch", config=CONFIG
    )
    rows = "".join(
        f"| {escape_markdown(n)} | {p:.4f} | {f'{s:.4f}' if np.isfinite(s) else '∞'} | {t:.4f} |\n"
        for n, p, s, t in zip(names, summary.p, summary.surprisal, summary.terms, strict=True)
    )
    st.markdown(
        "**Worked table.** The last column is p times the surprisal; it sums to H.\n\n"
        f"| outcome | p | −log p ({unit}) | p·(−log p) ({unit}) |\n|:--|--:|--:|--:|\n{rows}"
        f"| **sum** | {summary.p.sum():.4f} | | **H = {summary.entropy:.4f}** |"
    )
    if summary.k == 3 and np.allclose(summary.p, COMPUTER.probabilities, rtol=0, atol=1e-9):
        nats = summarize(summary.p)
        st.caption(
            f"ℹ️ The blog post {post('intuition_post')} gets "
            f"H = {entropy_from_rounded_terms(summary.p, decimals=2):.3f} nats because it "
            f"rounds each surprisal first ({', '.join(f'{x:.2f}' for x in nats.surprisal)}); unrounded, "
            f"H = {nats.entropy:.4f} nats = {float(entropy(summary.p, base=2)):.4f} bits."
        )
    return summary, names


def binary_section(summary: EntropySummary | None, names: tuple[str, ...]) -> None:
    """Section 3: the binary entropy curve, a client-side probe, and the distribution when k = 2."""
    units = current_units()
    base, unit = units.base, units.symbol
    st.subheader("3. Two outcomes: the binary entropy curve", anchor="binary-entropy")
    chart_col, text_col = st.columns([3, 2], gap="large")
    h_half = float(binary_entropy(0.5, base=base))
    coin = (float(summary.p[0]), summary.entropy) if summary is not None and summary.k == 2 else None
    chart_col.plotly_chart(
        binary_entropy_figure(
            *binary_entropy_curve(base=base),
            unit=unit,
            h_half=h_half,
            current=coin,
            current_label=f"your distribution: p({names[0]}) = {coin[0]:.4f}" if coin else "",
            probe=(PROBE_STOPS, probe_values(base)),
            probe_start=url_stop("entropy_probe_p", PROBE_STOPS, 0.3),
        ),
        width="stretch",
        config=CONFIG,
        key="entropy_binary_chart",
    )
    text_col.latex(rf"H(p) = -p {units.latex_log} p - (1-p) {units.latex_log} (1-p)")
    text_col.markdown(
        "Drag the slider under the chart: the point and its read-out follow your hand.\n\n"
        f"**What to notice.** A coin is most uncertain when it is fair: the curve peaks at p = ½ with "
        f"H = {h_half:.4f} {unit} (exactly 1 bit). It falls to 0 at p = 0 and p = 1, where the outcome is certain, "
        "and it is symmetric: swapping heads and tails changes nothing."
    )
    if coin is None:
        text_col.caption("Load a coin preset, or set k = 2, to place your distribution on this curve.")


def simplex_section(summary: EntropySummary | None, names: tuple[str, ...]) -> None:
    """Section 4: entropy over the 3-outcome simplex, with the distribution marked when k = 3."""
    units = current_units()
    base, unit = units.base, units.symbol
    st.subheader("4. Three outcomes: entropy over every distribution", anchor="three-outcomes")
    chart_col, text_col = st.columns([3, 2], gap="large")
    # Contours every 0.2 nats (0.25 bits) on 90 angles: the triangle redraws on every move of the input.
    simplex = simplex_entropy_map(base=base, step=0.2 if base is None else 0.25, n_angles=90, grid_n=20)
    mine = summary if summary is not None and summary.k == 3 else None
    chart_col.plotly_chart(
        simplex_entropy_figure(
            simplex.level_sets,
            simplex.levels,
            h_top=simplex.top,
            grid=simplex.grid,
            grid_h=simplex.grid_h,
            unit=unit,
            names=names if mine else ("p₁", "p₂", "p₃"),
            current=mine.p if mine else None,
            current_h=mine.entropy if mine else None,
        ),
        width="stretch",
        config=CONFIG,
    )
    text_col.markdown(
        "Every point of the triangle is a distribution on three outcomes: the corners are certain outcomes, the "
        "edges leave one outcome out, the centre is (⅓, ⅓, ⅓). Colour is entropy.\n\n"
        f"**What to notice.** Entropy rises from 0 at each corner to a single peak at the centre, log 3 = "
        f"{simplex.top:.4f} {unit}: no distribution on three outcomes is more uncertain than the uniform one. The "
        "contours are closed convex curves around the centre because entropy is a concave function."
    )
    if mine is None:
        text_col.caption("Set k = 3, or load the computer preset, to mark your distribution on the triangle.")


units = current_units()
st.title("🎲 Entropy explorer")
st.markdown(
    "How surprising is each outcome, and how uncertain is the whole distribution? Build a distribution, or load "
    f"a preset, and watch its **entropy**, the average surprise, in **{units.name}** (switch units in the sidebar)."
)
explorer()
st.caption(
    "Sources: Shannon (1948), *A Mathematical Theory of Communication*; Cover and Thomas (2006), *Elements of "
    f"Information Theory*, ch. 2. The computer example comes from the blog post {post('intuition_post')}; the "
    "Fashion-MNIST prediction from another of the five posts Loss Lab started from (see Sources)."
)
checks_section("entropy", CHECKS["entropy"])
