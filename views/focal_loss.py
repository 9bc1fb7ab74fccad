"""Focal loss: how γ down-weights easy examples, what α does, and why it rescues dense detectors.

Sections (each a fragment, `ui.sections`): (1) the γ family, with a client-side γ
slider, and the (pₜ, γ) surface in a lazy tab (both follow section 1's α);
(2) how much easy examples are down-weighted, with an example whose pₜ is a
client-side slider; (3) gradients (static); (4) a simulated detector batch;
(5) the multi-class form.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from charts.focal import (
    frame_name,
    gamma_family_figure,
    gradient_figure,
    imbalance_figure,
    modulating_factor_figure,
    multiclass_figure,
    probe_figure,
    ratio_figure,
    share_vs_gamma_figure,
    surface_figure,
)
from charts.plotly_json import prepared
from core.focal import (
    GRAD_LOGITS,
    HARD_P_T,
    P_T_GRID,
    PAPER_ALPHA,
    PAPER_GAMMA,
    PAPER_GAMMAS,
    PAPER_PRIOR,
    SLIDER_GAMMAS,
    SURFACE_GAMMAS,
    SURFACE_P_T,
    SWEEP_GAMMAS,
    TORCHVISION_ALPHA,
    TORCHVISION_GAMMA,
    ExampleGroup,
    batch_breakdown,
    ce_grad_curve,
    compare_losses,
    focal_curves,
    focal_grad_curves,
    loss_ratio,
    modulating_factor,
    multiclass_focal,
    paper_cases,
    prior_bias,
    share_vs_gamma,
)
from i18n import N_, ReaderError, _, current_language, describe
from ui import headings
from ui.check_questions import CHECKS
from ui.checks import checks_section
from ui.inputs import parse_numbers
from ui.sections import row, section, url_stop
from ui.units import current_units, units_of
from ui.url_guard import translated_choice, translated_tabs

CONFIG = {"displaylogo": False}
ALPHA_OPTIONS = ("off", *(f"{i / 20:.2f}" for i in range(21)))
#: How the α controls show their options: "off" in the reader's language, the numbers as they are.
ALPHA_LABELS = {**{o: o for o in ALPHA_OPTIONS}, "off": N_("off")}
#: The example's class (section 1), by code.
CLASS_LABELS = {"positive": N_("positive"), "negative": N_("negative")}
#: The groups of section 4's batch, named in English (translated when shown).
EASY_NEGATIVES, HARD_NEGATIVES, POSITIVES = N_("easy negatives"), N_("hard negatives"), N_("positives")
EASY_COUNTS = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000)
HARD_COUNTS = (0, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000)
POS_COUNTS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000)
SEED_LOGITS, SEED_TARGETS = "-1, 0.5, 2; -1, 0.5, 3", "1, 2"
# ---------------------------------------------------------------- cached figures, one per section's chart
# Numbers from core, figures from charts; resources, not data: shared and never mutated (st.plotly_chart
# serialises a copy).  Every argument is hashable and rounded to its control's step; ``lang`` keeps the two
# languages' figures (their titles, legends and hover text) apart.


@st.cache_resource(show_spinner=False, max_entries=64)
def family_figure(alpha: float | None, positive: bool, base: float | None, unit: str, start: float, lang: str) -> Any:
    """Section 1: the paper's γ family and the client-side γ slider's 101 curves, for one α setting."""
    curves = focal_curves(P_T_GRID, PAPER_GAMMAS, alpha=alpha, positive=positive, base=base)
    stops = focal_curves(P_T_GRID, SLIDER_GAMMAS, alpha=alpha, positive=positive, base=base)
    y_max = units_of(base).from_nats(5.0)
    return prepared(
        gamma_family_figure(
            P_T_GRID, PAPER_GAMMAS, curves, SLIDER_GAMMAS, stops, start_gamma=start, unit=unit, y_max=y_max
        )
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def family_surface_figure(alpha: float | None, positive: bool, base: float | None, unit: str, lang: str) -> Any:
    """Section 1's lazy tab: the loss over (p_t, γ), built only while the tab is open."""
    values = focal_curves(SURFACE_P_T, SURFACE_GAMMAS, alpha=alpha, positive=positive, base=base)
    return prepared(surface_figure(SURFACE_P_T, SURFACE_GAMMAS, values, unit=unit))


@st.cache_resource(show_spinner=False, max_entries=4)
def downweighting_figures(base: float | None, unit: str, lang: str) -> Any:
    """Sections 2 and 3's fixed charts: the modulating factor, CE / FL with the paper's cases, the gradients."""
    cases = paper_cases()
    marks = [
        (0.9, cases.ratio_at_0_9, f"{cases.ratio_at_0_9:.0f}×"),
        (cases.p_t_1000, cases.ratio_1000, f"{cases.ratio_1000:.0f}×"),
        (HARD_P_T, cases.hard_max, f"{cases.hard_max:.0f}×"),
    ]
    factors = modulating_factor(P_T_GRID[None, :], np.asarray(PAPER_GAMMAS)[:, None])
    ratios = np.stack([loss_ratio(P_T_GRID, g) for g in PAPER_GAMMAS])
    grads = focal_grad_curves(GRAD_LOGITS, PAPER_GAMMAS, base=base)
    return (
        prepared(modulating_factor_figure(P_T_GRID, PAPER_GAMMAS, factors, hard_p_t=HARD_P_T)),
        prepared(ratio_figure(P_T_GRID, PAPER_GAMMAS, ratios, marks=marks, hard_p_t=HARD_P_T)),
        prepared(gradient_figure(GRAD_LOGITS, PAPER_GAMMAS, grads, ce_grad_curve(GRAD_LOGITS, base=base), unit=unit)),
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def batch_figures(
    groups: tuple[ExampleGroup, ...], gamma: float, alpha: float | None, labels: tuple[str, ...], lang: str
) -> Any:
    """Section 4: each group's share of the loss and of the gradient, and the easy negatives' share against γ."""
    rows = list(compare_losses(groups, gamma=gamma, alpha=alpha).values())
    curves = {_("focal, no α"): share_vs_gamma(groups, SWEEP_GAMMAS, alpha=None)}
    if alpha is not None:
        curves[_("focal, α = {alpha}", alpha=f"{alpha:g}")] = share_vs_gamma(groups, SWEEP_GAMMAS, alpha=alpha)
    bars = imbalance_figure(
        labels,
        [_("{group} ({count} at pₜ = {p_t})", group=_(g.name), count=f"{g.count:,}", p_t=f"{g.p_t:g}") for g in groups],
        np.stack([b.loss_share for b in rows]),
        np.stack([b.grad_share for b in rows]),
    )
    return prepared(bars), prepared(share_vs_gamma_figure(SWEEP_GAMMAS, curves, current_gamma=gamma))


@st.cache_resource(show_spinner=False, max_entries=32)
def multiclass_chart(ce: tuple[float, ...], fl: tuple[float, ...], gamma: float, unit: str, lang: str) -> Any:
    """Section 5: each row's CE and focal loss."""
    return prepared(
        multiclass_figure([_("row {i}", i=i) for i in range(1, len(ce) + 1)], ce, fl, gamma=gamma, unit=unit)
    )


def count_label(n: int) -> str:
    """1_000 -> '1k', 1_000_000 -> '1M': labels of the count sliders, and their URL values."""
    return f"{n // 10**6}M" if n >= 10**6 else f"{n // 1000}k" if n >= 1000 else str(n)


def alpha_value(choice: object) -> float | None:
    """α from an α control: None for 'off'."""
    return None if choice == "off" else float(str(choice))


#: Stops of the client-side γ slider (section 1) and of the example's pₜ (section 2).
GAMMA_STOPS = tuple(round(i / 10, 1) for i in range(101))
PROBE_STOPS = (*(round(i / 100, 2) for i in range(1, 100)), 0.995, 0.999)
PROBE_GRID = np.linspace(0.005, 0.999, 300)
FAMILY_TABS = (N_("Curves"), N_("Surface over (pₜ, γ)"))


@st.cache_resource(show_spinner=False, max_entries=64)
def probe_section_figure(gamma: float, base: float | None, unit: str, start: float, lang: str) -> Any:
    """Section 2's example: CE and FL at ``gamma`` with the client-side pₜ slider (shared, never mutated)."""
    ce, fl = focal_curves(PROBE_GRID, [0.0, gamma], base=base)
    stop_ce, stop_fl = focal_curves(list(PROBE_STOPS), [0.0, gamma], base=base)
    return prepared(
        probe_figure(PROBE_GRID, ce, fl, PROBE_STOPS, stop_ce, stop_fl, gamma=gamma, start=start, unit=unit)
    )


def preset(values: dict[str, object]) -> None:
    for key, value in values.items():
        st.session_state[key] = value


def show(fig: Any, where: Any = st, key: str | None = None) -> None:
    where.plotly_chart(fig, width="stretch", config=CONFIG, key=key)


@section("focal_family")
def family_section() -> None:
    units = current_units()
    headings.header(_("1. The γ family"), anchor="gamma-family")
    c1, c2 = st.columns([3, 2])  # a row would squeeze the slider beside the choice on a phone
    alpha = alpha_value(
        c1.select_slider(
            _("Class weight α"),
            options=ALPHA_OPTIONS,
            value="off",
            format_func=translated_choice("focal_alpha", ALPHA_LABELS),
            key="focal_alpha",
            bind="query-params",
            help=_("'off' is the paper's Figure 1. α weights positives, 1 − α negatives."),
        )
    )
    example_class = c2.segmented_control(
        _("The example is a"),
        options=("positive", "negative"),
        format_func=translated_choice("focal_class", CLASS_LABELS),
        default="positive",
        required=True,
        key="focal_class",
        bind="query-params",
        help=_("Matters only with α on: a positive is weighted α, a negative 1 − α."),
    )
    positive = example_class != "negative"
    start = url_stop("focal_gamma", GAMMA_STOPS, PAPER_GAMMA)
    lang = current_language()
    family_fig = family_figure(alpha, positive, units.base, units.symbol, start, lang)
    curves_tab, surface_tab = st.tabs(
        translated_tabs("focal_family_view", FAMILY_TABS),
        key="focal_family_view",
        on_change="rerun",
        bind="query-params",
    )
    alpha_t = None if alpha is None else (alpha if positive else 1.0 - alpha)
    if curves_tab.open:
        show(family_fig, curves_tab, key="focal_family_chart")
        if alpha_t is None:
            drag = _(
                "Drag the **γ** slider under the chart (0 to 10): the thick green curve follows in your browser, "
                "without a reload. It opens at γ = {gamma}; a link ending in `?focal_gamma=5` opens it at 5. "
                "No α: the paper's Figure 1.",
                gamma=frame_name(start),
            )
        else:
            drag = _(
                "Drag the **γ** slider under the chart (0 to 10): the thick green curve follows in your browser, "
                "without a reload. It opens at γ = {gamma}; a link ending in `?focal_gamma=5` opens it at 5. "
                "α_t = {alpha_t} scales every curve.",
                gamma=frame_name(start),
                alpha_t=f"{alpha_t:g}",
            )
        curves_tab.caption(drag)
    if surface_tab.open:
        surface_fig = family_surface_figure(alpha, positive, units.base, units.symbol, lang)
        show(surface_fig, surface_tab, key="focal_surface_chart")
        surface_tab.markdown(
            _(
                "**What to notice.** Each slice at fixed γ is a curve of the γ family (with the α chosen above). The "
                "contours on the floor bend towards small $p_t$ as γ grows: the loss is left only where the examples "
                "are hard. Drag to rotate."
            )
        )
    ce_09, fl_09 = focal_curves([0.9], [0.0, PAPER_GAMMA], base=units.base)[:, 0]
    st.markdown(
        _(
            "**What to notice.** The curves agree on the left: a badly misclassified example (small $p_t$) keeps "
            "nearly all of its cross-entropy. On the right they part: at $p_t = 0.9$ CE still charges {ce} {unit}, "
            "γ = 2 only {fl} {unit}. Thousands of such easy examples add up under CE; under focal loss they fall "
            "silent.",
            ce=f"{ce_09:.4f}",
            fl=f"{fl_09:.6f}",
            unit=units.symbol,
        )
    )


def downweighting_static() -> Any:
    """Section 2's fixed part: the paper's cases and the two unit-free charts; returns the gradient figure."""
    units = current_units()
    headings.header(_("2. How much easy examples are down-weighted"), anchor="down-weighting")
    st.latex(
        r"\frac{\mathrm{FL}}{\mathrm{CE}} = (1-p_t)^{\gamma},\qquad"
        r"\frac{\mathrm{CE}}{\mathrm{FL}} = (1-p_t)^{-\gamma}"
    )
    cases = paper_cases(PAPER_GAMMA)
    cuts = row()
    cuts.metric("γ = 2, pₜ = 0.9", _("{ratio}× less loss", ratio=f"{cases.ratio_at_0_9:.0f}"))
    cuts.metric("γ = 2, pₜ ≈ 0.968", _("{ratio}× less loss", ratio=f"{cases.ratio_1000:.0f}"))
    cuts.metric(_("γ = 2, hard (pₜ ≤ 0.5)"), _("at most {ratio}× less", ratio=f"{cases.hard_max:.0f}"))
    st.caption(
        _(
            "Exactly 1000× at pₜ = {p_t} (the paper rounds to 0.968, where it is {ratio}×). CE / FL grows with pₜ, "
            "so among hard examples the deepest cut is at pₜ = 0.5: (1/2)⁻² = {hard_max}.",
            p_t=f"{cases.p_t_1000:.5f}",
            ratio=f"{cases.ratio_at_0_968:.0f}",
            hard_max=f"{cases.hard_max:g}",
        )
    )
    factor_fig, ratio_fig, gradient_fig = downweighting_figures(units.base, units.symbol, current_language())
    d1, d2 = st.columns(2)
    show(factor_fig, d1)
    show(ratio_fig, d2)
    return gradient_fig


@section("focal_probe")
def probe_section() -> None:
    units = current_units()
    with st.container(border=True):
        top = row()
        top.markdown(
            _(
                "**Try an example.** Drag the slider under the chart to set its $p_t$: both losses and their ratio "
                "follow in your browser."
            ),
            width="stretch",
        )
        gamma = top.slider(_("its γ"), 0.0, 10.0, PAPER_GAMMA, step=0.1, key="focal_probe_gamma", bind="query-params")
        start = url_stop("focal_probe_pt", PROBE_STOPS, 0.9)
        fig = probe_section_figure(round(float(gamma), 1), units.base, units.symbol, start, current_language())
        show(fig, key="focal_probe_chart")


def gradients_section(gradient_fig: Any) -> None:
    headings.header(_("3. Gradients"), anchor="gradients")
    units = current_units()
    per = "" if units.base is None else r"\frac{1}{\ln 2}\,"
    st.latex(rf"\frac{{\partial\,\mathrm{{CE}}}}{{\partial z}} = {per}(p - y)")
    st.latex(
        # "(y = 1)" as the derivative's subscript, not after it: at 400 px the line would not fit.
        rf"\left.\frac{{\partial\,\mathrm{{FL}}}}{{\partial z}}\right|_{{y=1}} = {per}(1-p_t)^{{\gamma}}"
        r"\,\bigl(\gamma\,p_t\ln p_t - (1-p_t)\bigr)"
    )
    if units.base is not None:
        st.caption(
            _(
                "In bits every loss is its value in nats divided by ln 2, and so is every gradient: frameworks work "
                "in nats, where CE's gradient is exactly p − y."
            )
        )
    show(gradient_fig)
    st.markdown(
        _(
            "**What to notice.** A positive example's logit $z$ should grow. While it is misclassified ($z < 0$, "
            "shaded) every curve pushes almost as hard as CE's $p - y$; once $z > 0$ the focal gradients fade to "
            "zero long before CE's does, so confident examples stop steering the weights. For a negative the "
            "picture is mirrored."
        )
    )


MID = {"focal_easy_n": "100k", "focal_easy_pt": 0.99, "focal_hard_n": "500", "focal_hard_pt": 0.7}
START = {"focal_easy_n": "100k", "focal_easy_pt": 1 - PAPER_PRIOR, "focal_hard_n": "0", "focal_pos_pt": PAPER_PRIOR}


def batch_section() -> None:
    """Section 4: its heading and prose; the fragment `batch_live` draws the rest."""
    headings.header(_("4. Imbalance: a simulated detector batch"), anchor="imbalance")
    st.markdown(
        _(
            "A one-stage detector scores 10⁴ to 10⁵ candidate boxes per image, nearly all of them easy background. "
            "Each group below is a number of boxes sharing one $p_t$. Which group does the loss listen to?"
        )
    )
    live = st.container()
    st.markdown(
        _(
            "**What to notice.** Under CE each easy negative costs little, but there are so many that they own most "
            "of the loss and of the gradient: training would mostly teach the model what it already knows. α only "
            "re-weights the two classes, so it cannot tell an easy negative from a hard one. The focal term can: "
            "the easy negatives' share collapses and the hard examples (hard negatives and positives) take over."
        )
    )
    batch_live(live)


@section("focal_batch")
def batch_live(where: DeltaGenerator) -> None:
    """Section 4's presets, the three groups' controls, γ and α, the shares and the two charts."""
    buttons = row(where)
    buttons.button(_("Mid-training batch"), on_click=preset, args=({**MID, "focal_pos_pt": 0.6},), key="focal_mid")
    buttons.button(_("First step (prior π = 0.01)"), on_click=preset, args=(START,), key="focal_first")
    g1, g2, g3 = where.columns(3)  # three (how many, their pₜ) pairs, one above the other on a phone
    easy_n = g1.select_slider(
        _("Easy negatives"), [count_label(n) for n in EASY_COUNTS], "100k", key="focal_easy_n", bind="query-params"
    )
    easy_pt = g1.slider(
        _("their pₜ"), 0.9, 0.999, 0.99, step=0.001, format="%.3f", key="focal_easy_pt", bind="query-params"
    )
    hard_n = g2.select_slider(
        _("Hard negatives"), [count_label(n) for n in HARD_COUNTS], "500", key="focal_hard_n", bind="query-params"
    )
    hard_pt = g2.slider(
        _("their pₜ"), 0.05, 0.9, 0.7, step=0.05, format="%.2f", key="focal_hard_pt", bind="query-params"
    )
    pos_n = g3.select_slider(
        _("Positives (objects)"), [count_label(n) for n in POS_COUNTS], "100", key="focal_pos_n", bind="query-params"
    )
    pos_pt = g3.slider(
        _("their pₜ"), 0.01, 0.99, 0.6, step=0.01, format="%.2f", key="focal_pos_pt", bind="query-params"
    )
    h = row(where)
    batch_gamma = h.slider(
        _("γ of the focal loss"), 0.0, 5.0, PAPER_GAMMA, step=0.1, key="focal_batch_gamma", bind="query-params"
    )
    batch_alpha = alpha_value(
        h.select_slider(
            _("α (α-balanced CE and focal)"),
            ALPHA_OPTIONS,
            f"{PAPER_ALPHA:.2f}",
            format_func=translated_choice("focal_batch_alpha", ALPHA_LABELS),
            key="focal_batch_alpha",
            bind="query-params",
        )
    )
    counts = {count_label(n): n for n in (*EASY_COUNTS, *HARD_COUNTS, *POS_COUNTS)}
    groups = (
        ExampleGroup(EASY_NEGATIVES, counts[str(easy_n)], easy_pt, positive=False),
        ExampleGroup(HARD_NEGATIVES, counts[str(hard_n)], hard_pt, positive=False),
        ExampleGroup(POSITIVES, counts[str(pos_n)], pos_pt, positive=True),
    )
    alpha_txt = _("no α") if batch_alpha is None else f"α = {batch_alpha:g}"
    labels = (
        "CE",
        _("α-balanced CE, {alpha}", alpha=alpha_txt),
        _("focal, γ = {gamma}, {alpha}", gamma=f"{batch_gamma:g}", alpha=alpha_txt),
    )
    try:
        rows = compare_losses(groups, gamma=batch_gamma, alpha=batch_alpha).values()
        bars_fig, sweep_fig = batch_figures(groups, batch_gamma, batch_alpha, labels, current_language())
    except ValueError as exc:
        where.error(
            _(
                "These settings leave nothing to share out ({error}). Give some group a non-zero weight.",
                error=describe(exc),
            )
        )
        return
    where.markdown(_("**The easy negatives' share of the total loss** (and of the total gradient)"))
    shares = row(where)
    for label, b in zip(labels, rows, strict=True):
        shares.metric(label, f"{100 * b.loss_share[0]:.1f}%", width="stretch")
    ce, balanced, focal = (f"{100 * b.grad_share[0]:.1f}%" for b in rows)
    where.caption(
        _(
            "Of the gradient: {ce} under CE, {balanced} under α-balanced CE, {focal} under the focal loss.",
            ce=ce,
            balanced=balanced,
            focal=focal,
        )
    )
    s1, s2 = where.columns([3, 2])
    show(bars_fig, s1)
    show(sweep_fig, s2)


def papers_choices() -> None:
    units = current_units()
    cold, warm = (
        batch_breakdown([ExampleGroup("boxes", 100_000, p, False)]).loss_total[0] for p in (0.5, 1 - PAPER_PRIOR)
    )
    st.info(
        _(
            "**The paper's choices.** γ = {gamma} with α = {alpha}: since the focal term already quiets easy "
            "negatives, the best α turns the positives *down* a little. The classifier's final bias starts at "
            "b = log(π / (1 − π)) = {bias} with prior π = {prior}, so every box starts at p = π: 100k background "
            "boxes then cost {warm} {unit} of CE in the first step instead of {cold} {unit} at b = 0 (p = ½), which "
            "destabilises training. Libraries differ: torchvision's `sigmoid_focal_loss` defaults to "
            "α = {tv_alpha}, γ = {tv_gamma}; optax's has no α (`alpha=None`).",
            gamma=f"{PAPER_GAMMA:g}",
            alpha=f"{PAPER_ALPHA:g}",
            bias=f"{prior_bias(PAPER_PRIOR):.4f}",
            prior=f"{PAPER_PRIOR:g}",
            warm=f"{units.from_nats(warm):,.0f}",
            cold=f"{units.from_nats(cold):,.0f}",
            unit=units.symbol,
            tv_alpha=f"{TORCHVISION_ALPHA:g}",
            tv_gamma=f"{TORCHVISION_GAMMA:g}",
        )
    )


@section("focal_multiclass")
def multiclass_section() -> None:
    units = current_units()
    u = units.symbol
    headings.header(_("5. Multi-class: the softmax form"), anchor="multi-class")
    st.latex(
        r"\begin{gathered}\mathrm{FL} = -\,(1-p_y)^{\gamma}\," + units.latex_log + r" p_y,\qquad"
        r" p = \mathrm{softmax}(z)\\ \gamma = 0:\ \mathrm{FL} = \mathrm{CE}\end{gathered}"
    )
    inputs = row()
    logits_text = inputs.text_input(
        _("Logits (rows separated by ';')"), SEED_LOGITS, max_chars=600, key="focal_mc_logits", bind="query-params"
    )
    targets_text = inputs.text_input(
        _("True classes"), SEED_TARGETS, max_chars=100, key="focal_mc_targets", bind="query-params"
    )
    mc_gamma = inputs.slider("γ", 0.0, 5.0, PAPER_GAMMA, step=0.1, key="focal_mc_gamma", bind="query-params")
    buttons = row()
    buttons.button(_("γ = 0: check against CE"), on_click=preset, args=({"focal_mc_gamma": 0.0},), key="focal_mc_zero")
    reset = {"focal_mc_logits": SEED_LOGITS, "focal_mc_targets": SEED_TARGETS}
    buttons.button(_("The post's example"), on_click=preset, args=(reset,), key="focal_mc_seed")
    try:
        rows_text = [r for r in re.split(r"[;\n]+", str(logits_text)) if r.strip()][:21]
        if not rows_text or len(rows_text) > 20:
            raise ReaderError("enter 1 to 20 rows of logits, separated by ';'")
        logits = [parse_numbers(r, _("logits of row {i}", i=i), max_count=20) for i, r in enumerate(rows_text, start=1)]
        mc = multiclass_focal(
            logits, parse_numbers(str(targets_text), N_("true classes"), max_count=20), gamma=mc_gamma, base=units.base
        )
    except ValueError as exc:  # ui.inputs.InputError and core's ReaderError are ValueErrors
        message = describe(exc)
        st.error(message[:1].upper() + message[1:])
        return
    means = row()
    means.metric(_("softmax_focal_loss, γ = {gamma} (mean)", gamma=f"{mc_gamma:g}"), f"{mc.fl_mean:.6f} {u}")
    means.metric(_("cross_entropy_loss (mean)"), f"{mc.ce_mean:.6f} {u}")
    gap = mc.ce_mean - mc.fl_mean
    means.metric("CE − FL", _("0 (identical)") if gap == 0 else f"{gap:.6f} {u}")
    table = (
        _("| row | class | p_y | CE | FL | CE / FL | ∂FL/∂z |")
        + "\n|---|---|---|---|---|---|---|\n"
        + "".join(
            f"| {i} | {t} | {py:.6f} | {c:.6f} | {f:.6f} | {c / f if f > 0 else math.inf:.4g}× | "
            f"({', '.join(f'{v:.4f}' for v in gr)}) |\n"
            for i, (t, py, c, f, gr) in enumerate(
                zip(mc.target, mc.p_true, mc.ce, mc.fl, mc.fl_grad, strict=True), start=1
            )
        )
    )
    st.markdown(table)
    show(multiclass_chart(tuple(mc.ce.tolist()), tuple(mc.fl.tolist()), mc_gamma, u, current_language()))
    st.markdown(
        _(
            "**What to notice.** At γ = 0 the mean equals `cross_entropy_loss` to the last digit: for the example, "
            "taken from a blog post that checks it against PyTorch (see Sources), the number `nn.CrossEntropyLoss` "
            "prints. As γ grows, a confident row (large $p_y$) loses nearly all of its loss while an unsure one "
            "keeps most of it."
        )
    )


units = current_units()
headings.title(_("🎯 Focal loss"))
st.markdown(
    _(
        "Focal loss is cross-entropy with a volume knob: a factor $(1-p_t)^\\gamma$ turns down the loss of examples "
        "the model already gets right, so that training listens to the hard ones. Lin et al. (2017) introduced it "
        "for one-stage object detectors, where easy background boxes outnumber objects a thousand to one."
    )
)
# Three short formulas rather than one wide block: each fits a 400-px screen.
st.latex(r"\mathrm{FL}(p_t) = -\,\alpha_t\,(1-p_t)^{\gamma}\," + units.latex_log + r" p_t")
formulas = row()
formulas.latex(r"p_t = \begin{cases} p & y = 1\\ 1-p & y = 0\end{cases}")
formulas.latex(r"\alpha_t = \begin{cases} \alpha & y = 1\\ 1-\alpha & y = 0\end{cases}")
st.caption(
    _(
        "$p = \\sigma(z)$ is the predicted probability of the positive class. Losses are in {unit} (switch in the "
        "sidebar). The numbers follow torchvision's `sigmoid_focal_loss`.",
        unit=units.symbol,
    )
)
family_section()
gradient_fig = downweighting_static()
probe_section()
st.markdown(
    _(
        "**What to notice.** The cut is steep and one-sided: at γ = 2 an example the model gets {right} right loses "
        "{lost} of its loss, while a misclassified one ($p_t < 0.5$) keeps at least {kept}. A larger γ widens the "
        "quiet zone.",
        right="90%",
        lost=f"{1 - 1 / paper_cases(PAPER_GAMMA).ratio_at_0_9:.0%}",
        kept=f"{1 / paper_cases(PAPER_GAMMA).hard_max:.0%}",
    )
)
gradients_section(gradient_fig)
batch_section()
papers_choices()
multiclass_section()
checks_section("focal-loss", CHECKS["focal-loss"])
