"""KL asymmetry: KL(P‖Q) ≠ KL(Q‖P), what each direction punishes, and why the direction changes what a model learns.

Sections: (1) two discrete distributions, their KLs both ways, per-outcome terms
and H(P, Q) = H(P) + KL(P‖Q); (2) two Gaussians, KL in closed form as maps over
Q's (μ, σ); (3) one Gaussian fitted to a two-mode mixture by forward KL (moment
matching) and by reverse KL (mode-seeking), with both objectives over (μ, σ);
(4) KL as a loss with a teacher's soft targets (knowledge distillation) and the
PyTorch call.  Numbers from `core`, figures from `charts.kl`, the P/Q input from
`ui.kl_inputs`.  Every control's key starts with ``kl_`` and is bound to the URL.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from charts.kl import (
    Marker,
    add_probe_q,
    decomposition_figure,
    densities_figure,
    distributions_figure,
    kl_map_figure,
    pointwise_figure,
    soft_targets_figure,
)
from charts.theme import COLORS, OKABE_ITO
from core import cross_entropy, entropy, js_divergence, kl_divergence
from core.distillation import distill, kl_terms, unsupported_outcomes
from core.gaussians import (
    MixtureFits,
    fit_gaussians,
    forward_kl,
    gaussian_kl,
    gaussian_logpdf,
    reverse_kl,
    two_mode_mixture,
)
from i18n import N_, _, describe, ngettext
from ui import headings
from ui.check_questions import CHECKS
from ui.checks import checks_section
from ui.inputs import InputError, parse_numbers
from ui.kl_inputs import outcome_list, pq_input, preset_buttons
from ui.sections import row, section, url_stop
from ui.units import current_units
from ui.url_guard import number_input

#: Grid of section 2's maps: Q's mean and (log-spaced) standard deviation.
MAP_MUS = np.linspace(-5.0, 5.0, 51)
MAP_SIGMAS = np.geomspace(0.2, 5.0, 50)
#: Top of the colour range of the KL maps, in nats.
MAP_CAP_NATS = 3.0
FIT_CAP_NATS = 3.0
MAX_CLASSES = 10

units = current_units()
base, unit = units.base, units.symbol
log = units.latex_log


def chart(where: Any, fig: go.Figure, key: str) -> None:
    """Draw a figure full width without Plotly's logo."""
    where.plotly_chart(fig, width="stretch", config={"displaylogo": False}, key=key)


def num(x: float, digits: int = 3) -> str:
    """A plain number with ``digits`` decimals, never printed as -0.000."""
    return f"{round(x, digits) + 0.0:.{digits}f}"


def fmt(x: float) -> str:
    """A divergence for a metric: four decimals and the unit, or ∞."""
    return "∞" if math.isinf(x) else f"{round(x, 4) + 0.0:.4f} {unit}"  # + 0.0: never "-0.0000"


@st.cache_data(max_entries=64, show_spinner=False)
def mixture_fits(d: float, sl: float, sr: float, w: float) -> MixtureFits:
    """The fits and both objective surfaces (pure function of the four controls; cached)."""
    return fit_gaussians(two_mode_mixture(d, sigma_left=sl, sigma_right=sr, weight_left=w))


#: Stops of the client-side slider that moves "your q" along x (section 3), and the grid of its curve.
PROBE_MUS = np.round(np.arange(-7.0, 7.0 + 1e-9, 0.2), 1)
PROBE_OFFSETS = np.linspace(-4.0, 4.0, 161)


@st.cache_data(max_entries=64, show_spinner=False)
def probe_kls(d: float, sl: float, sr: float, w: float, sigma: float, base: float | None) -> tuple[Any, Any]:
    """KL(p‖q) and KL(q‖p) for q = N(μ, σ²) at every stop μ of the probe, in the chosen unit."""
    mix = two_mode_mixture(d, sigma_left=sl, sigma_right=sr, weight_left=w)
    return forward_kl(mix, PROBE_MUS, sigma, base=base), reverse_kl(mix, PROBE_MUS, sigma, base=base)


@section("kl_discrete")
def discrete_section() -> None:
    headings.subheader(_("1. Two discrete distributions"), anchor="discrete")
    st.latex(rf"D_{{\mathrm{{KL}}}}(P\,\|\,Q) = \sum_i P_i \,{log}\frac{{P_i}}{{Q_i}}")
    st.latex(r"H(P, Q) = H(P) + D_{\mathrm{KL}}(P\,\|\,Q)")
    preset_buttons()
    pq = pq_input()
    if pq.p is None or pq.q is None:
        st.info(_("Fix P and Q above to see their divergences; the sections below do not depend on them."))
    else:
        p, q = pq.p, pq.q
        labels = [str(i + 1) for i in range(p.size)]
        kl_pq = float(kl_divergence(p, q, base=base))
        kl_qp = float(kl_divergence(q, p, base=base))
        h_p = float(entropy(p, base=base))
        h_pq = float(cross_entropy(p, q, base=base))
        kls = row()
        kls.metric("KL(P‖Q)", fmt(kl_pq), help=_("Σ P log(P/Q): the extra cost of coding P with a code built for Q."))
        kls.metric("KL(Q‖P)", fmt(kl_qp), help=_("Σ Q log(Q/P): the same with the roles swapped."))
        others = row()
        others.metric(
            "JS(P, Q)", fmt(float(js_divergence(p, q, base=base))), help=_("Symmetric, always finite, ≤ log 2.")
        )
        others.metric("H(P)", fmt(h_p), help=_("Entropy of P: the part of the cross-entropy no model can remove."))
        others.metric("H(P, Q)", fmt(h_pq), help=_("Cross-entropy = H(P) + KL(P‖Q): the classification loss."))
        missing = unsupported_outcomes(p, q)
        if missing.size:
            where = outcome_list(missing)
            probs = _(", ").join(f"P = {p[i]:.4g}" for i in missing)
            st.warning(
                _(
                    "**KL(P‖Q) is infinite** because Q gives probability 0 to {where} ({probs}). Q calls impossible "
                    "something that happens, and log(P/0) is infinite; so is the cross-entropy H(P, Q). In training "
                    "this is the loss of a model that is certain and wrong. KL(Q‖P) and JS(P, Q) are still finite.",
                    where=where,
                    probs=probs,
                )
            )
        invented = unsupported_outcomes(q, p)
        if invented.size:
            where = outcome_list(invented)
            st.info(
                _(
                    "**KL(Q‖P) is infinite** because P gives probability 0 to {where}, where Q puts mass. "
                    "With a one-hot (hard) label as P, this always happens: that is why the label is the *first* "
                    "argument of the classification loss, KL(P‖Q) = H(P, Q) − H(P).",
                    where=where,
                )
            )
        fwd_terms = kl_terms(p, q, base=base)
        rev_terms = kl_terms(q, p, base=base)
        left, right = st.columns(2)
        chart(left, distributions_figure(labels, p, q), key="kl_chart_pq")
        chart(right, pointwise_figure(labels, fwd_terms, rev_terms, unit), key="kl_chart_terms")
        chart(st, decomposition_figure(h_p, kl_pq, h_pq, unit), key="kl_chart_decomposition")
        st.caption(
            _(
                "**What to notice.** A term P log(P/Q) is large where P is large and Q small: KL(P‖Q) punishes Q "
                "for *missing* what P does. A term Q log(Q/P) is large where Q is large and P small: KL(Q‖P) "
                "punishes Q for *inventing* what P does not. Single terms can be negative; each sum is ≥ 0, and 0 "
                "only when P = Q. Cross-entropy is entropy plus KL, so minimising the CE loss over Q minimises "
                "KL(P‖Q)."
            )
        )


def gaussians_section() -> None:
    """Section 2: its heading, formula and "what to notice"; the fragment `gaussians_live` draws the rest."""
    headings.subheader(_("2. Two Gaussians"), anchor="gaussians")
    st.markdown(
        _("P = N(μ₁, σ₁²) and Q = N(μ₂, σ₂²) have a closed-form KL (in nats; divide by ln 2 for bits):")
        if base is not None
        else _("P = N(μ₁, σ₁²) and Q = N(μ₂, σ₂²) have a closed-form KL:")
    )
    st.latex(
        r"D_{\mathrm{KL}}(P\,\|\,Q) = \ln\frac{\sigma_2}{\sigma_1}"
        r" + \frac{\sigma_1^2 + (\mu_1-\mu_2)^2}{2\sigma_2^2} - \frac12"
    )
    live = st.container()
    cap = units.from_nats(MAP_CAP_NATS)
    st.caption(
        _(
            "**What to notice.** Both maps are 0 only at Q = P, but their shapes differ. KL(P‖Q) explodes as Q gets "
            "narrow (bottom of the map) and grows only like log σ₂ as Q gets wide: a Q too wide is forgiven, one too "
            "narrow is not. KL(Q‖P) is the other way round: a wide Q puts mass where P is thin and pays for it "
            "quadratically. Colours stop at {cap} {unit}; hover for exact values.",
            cap=f"{cap:.2f}",
            unit=unit,
        )
    )
    gaussians_live(live)


@section("kl_gaussians")
def gaussians_live(where: DeltaGenerator) -> None:
    """Section 2's sliders, the two KLs, the densities and the two maps over Q."""
    c = row(where)
    mu1 = c.slider(_("P: mean μ₁"), -3.0, 3.0, 0.0, 0.1, key="kl_g_mu1", bind="query-params")
    s1 = c.slider(_("P: std σ₁"), 0.3, 3.0, 1.0, 0.05, key="kl_g_sigma1", bind="query-params")
    mu2 = c.slider(_("Q: mean μ₂"), -4.0, 4.0, 1.0, 0.1, key="kl_g_mu2", bind="query-params")
    s2 = c.slider(_("Q: std σ₂"), 0.2, 5.0, 0.5, 0.05, key="kl_g_sigma2", bind="query-params")
    g_pq = float(gaussian_kl(mu1, s1, mu2, s2, base=base))
    g_qp = float(gaussian_kl(mu2, s2, mu1, s1, base=base))
    gm = row(where)
    gm.metric(
        "KL(P‖Q)", fmt(g_pq), help=_("Closed form. Large when Q is too narrow or misses P's mass."), width="stretch"
    )
    gm.metric(
        "KL(Q‖P)", fmt(g_qp), help=_("Closed form. Large when Q is too wide or sits where P is thin."), width="stretch"
    )
    xs = np.linspace(-8.0, 8.0, 321)
    chart(
        where,
        densities_figure(
            xs,
            [
                ("P = N(μ₁, σ₁²)", np.exp(gaussian_logpdf(xs, mu1, s1)), "p"),
                ("Q = N(μ₂, σ₂²)", np.exp(gaussian_logpdf(xs, mu2, s2)), "q"),
            ],
            height=240,
        ),
        key="kl_chart_gauss",
    )
    grid_mu, grid_sigma = np.meshgrid(MAP_MUS, MAP_SIGMAS)
    forward_map = np.asarray(gaussian_kl(mu1, s1, grid_mu, grid_sigma, base=base))
    reverse_map = np.asarray(gaussian_kl(grid_mu, grid_sigma, mu1, s1, base=base))
    here = [
        Marker(_("Q (current)"), mu2, s2, "x", OKABE_ITO["vermillion"], f"Q = N({mu2:.2f}, {s2:.2f}²)"),
        Marker("Q = P (KL = 0)", mu1, s1, "circle", "white", f"P = N({mu1:.2f}, {s1:.2f}²)", line_color="black"),
    ]
    cap = units.from_nats(MAP_CAP_NATS)
    mc = where.columns(2)
    chart(
        mc[0],
        kl_map_figure(
            MAP_MUS,
            MAP_SIGMAS,
            forward_map,
            title=_("KL(P‖Q) over Q"),
            unit=unit,
            cap=cap,
            x_title="μ₂",
            markers=here,
        ),
        key="kl_chart_map_forward",
    )
    chart(
        mc[1],
        kl_map_figure(
            MAP_MUS,
            MAP_SIGMAS,
            reverse_map,
            title=_("KL(Q‖P) over Q"),
            unit=unit,
            cap=cap,
            x_title="μ₂",
            markers=here,
        ),
        key="kl_chart_map_reverse",
    )


def fits_section() -> None:
    """Section 3: its heading and prose; the fragment `fits_live` draws the rest into the slots left here."""
    headings.subheader(_("3. Fitting one Gaussian to two modes"), anchor="two-modes")
    st.markdown(
        _(
            "P is a mixture of two Gaussians; q = N(μ, σ²) must stand in for it. Minimising the **forward** KL(p‖q) "
            "matches P's mean and variance and spreads over both modes (*mass-covering*); minimising the **reverse** "
            "KL(q‖p) hides inside one mode (*mode-seeking*), as in Bishop's *PRML* Fig. 10.3 and Goodfellow et "
            "al.'s *Deep Learning* Fig. 3.6."
        )
    )
    top = st.container()
    probe_col, probe_text = st.columns([1, 3])
    probe_text.markdown(
        _(
            "**Move a q yourself.** Drag the slider under the chart to slide your q = N(μ, σ²) along x and read "
            "both KLs as it moves: KL(p‖q) is large wherever q leaves a mode uncovered, KL(q‖p) wherever q sits "
            "between the modes."
        )
    )
    bottom = st.container()
    fits_live((top, probe_col, bottom))


@section("kl_fits")
def fits_live(slots: tuple[DeltaGenerator, DeltaGenerator, DeltaGenerator]) -> None:
    """Section 3's mixture and its fits (top), the probe's width (beside the static prose), the chart,
    table and maps (bottom)."""
    top, probe_col, bottom = slots
    xc = row(top)
    d = xc.slider(_("Separation d (modes at ±d)"), 0.0, 5.0, 3.0, 0.1, key="kl_mix_d", bind="query-params")
    sl = xc.slider(_("Left mode: std σ_L"), 0.5, 2.5, 1.0, 0.1, key="kl_mix_sl", bind="query-params")
    sr = xc.slider(_("Right mode: std σ_R"), 0.5, 2.5, 1.0, 0.1, key="kl_mix_sr", bind="query-params")
    w = xc.slider(_("Left mode: weight w"), 0.05, 0.95, 0.5, 0.05, key="kl_mix_w", bind="query-params")

    fits = mixture_fits(round(d, 4), round(sl, 4), round(sr, 4), round(w, 4))
    mix, fwd, rev = fits.mixture, fits.forward, fits.reverse
    best = rev[0]
    # Optima as good as the best (to 1e-9 nats) are mirror images in a symmetric mixture: all "the" reverse fit.
    tied = [f for f in rev if f.reverse_kl - best.reverse_kl < 1e-9]
    others = [f for f in rev if f.reverse_kl - best.reverse_kl >= 1e-9]
    mirror = len(tied) == 2 and abs(tied[0].mu + tied[1].mu) < 1e-6
    near = min(range(mix.means.size), key=lambda k: abs(best.mu - float(mix.means[k])))
    centred = abs(best.mu - mix.mean) < 0.1 * mix.std
    on_mode = not centred and abs(best.mu - float(mix.means[near])) < 0.5 * float(mix.sigmas[near])
    fm = row(top)
    fm.metric(
        _("Forward fit, argmin KL(p‖q)"),
        f"μ = {num(fwd.mu)}, σ = {num(fwd.sigma)}",
        help=_("Moment matching: μ = E_p[X], σ² = Var_p[X] (exact)."),
        width="stretch",
    )
    fm.metric(
        _("Reverse fit, argmin KL(q‖p)"),
        f"μ = {'±' + num(abs(best.mu)) if mirror else num(best.mu)}, σ = {num(best.sigma)}",
        help=_("The lowest of the local minima that Newton's method finds from every basin of the map below."),
        width="stretch",
    )
    fm.metric(_("KL(q‖p) of the reverse fit"), fmt(units.from_nats(best.reverse_kl)), width="stretch")
    fm.metric(
        _("KL(q‖p) of the best centred q"),
        fmt(units.from_nats(fits.centred.reverse_kl)),
        help=_(
            "μ fixed at the mixture's mean {mean}; σ = {sigma} minimises KL(q‖p).",
            mean=num(mix.mean),
            sigma=num(fits.centred.sigma),
        ),
        width="stretch",
    )
    if centred:
        verdict = _("the modes are too close to tell apart: the reverse fit is centred too")
    elif on_mode:
        verdict = _("the reverse fit sits on the mode at {mode}", mode=num(float(mix.means[near])))
    else:
        verdict = _("the reverse fit is pulled between the modes but leans to one")
    if mirror:
        verdict = _(
            "{verdict} (the mixture is symmetric: μ = ±{mu} are equally good, and which one an optimiser "
            "finds depends on where it starts)",
            verdict=verdict,
            mu=num(abs(best.mu)),
        )

    xs = np.linspace(float(fits.mus[0]) - 1.0, float(fits.mus[-1]) + 1.0, 401)
    curves = [
        (_("p, the mixture"), mix.pdf(xs), "p"),
        (
            _("forward fit N({mu}, {sigma}²)", mu=num(fwd.mu, 2), sigma=num(fwd.sigma, 2)),
            np.exp(gaussian_logpdf(xs, fwd.mu, fwd.sigma)),
            "kl",
        ),
    ]
    for i, f in enumerate(tied):
        mu, sigma = num(f.mu, 2), num(f.sigma, 2)
        name = (
            _("reverse fit N({mu}, {sigma}²)", mu=mu, sigma=sigma)
            if i == 0
            else _("reverse fit, mirror image N({mu}, {sigma}²)", mu=mu, sigma=sigma)
        )
        curves.append((name, np.exp(gaussian_logpdf(xs, f.mu, f.sigma)), "kl_reverse"))
    for f in others:
        curves.append(
            (
                _("other local optimum N({mu}, {sigma}²)", mu=num(f.mu, 2), sigma=num(f.sigma, 2)),
                np.exp(gaussian_logpdf(xs, f.mu, f.sigma)),
                "other",
            )
        )
    fits_fig = densities_figure(xs, curves, height=340)
    probe_sigma = probe_col.slider(
        _("Your q: std σ"),
        0.3,
        3.0,
        1.0,
        0.05,
        key="kl_probe_sigma",
        bind="query-params",
        help=_("Its mean is the slider under the chart."),
    )
    probe_sigma = round(float(probe_sigma), 2)
    forward_probe, reverse_probe = probe_kls(round(d, 4), round(sl, 4), round(sr, 4), round(w, 4), probe_sigma, base)
    add_probe_q(
        fits_fig,
        offsets=PROBE_OFFSETS * probe_sigma,
        density=np.exp(gaussian_logpdf(PROBE_OFFSETS * probe_sigma, 0.0, probe_sigma)),
        stops=PROBE_MUS,
        forward=forward_probe,
        reverse=reverse_probe,
        sigma=probe_sigma,
        unit=unit,
        start=url_stop("kl_probe_mu", PROBE_MUS.tolist(), 0.0),
    )
    chart(bottom, fits_fig, key="kl_chart_fits")

    rows = [(_("forward fit (moment matching)"), fwd)]
    rows += [(_("reverse fit") if i == 0 else _("reverse fit, mirror image"), f) for i, f in enumerate(tied)]
    rows += [(_("reverse KL, other local optimum"), f) for f in others]
    if not any(abs(f.mu - fits.centred.mu) < 1e-6 and abs(f.sigma - fits.centred.sigma) < 1e-6 for f in rev):
        rows.append((_("best centred q (μ = mean of p)"), fits.centred))
    table = [f"| q | μ | σ | KL(p‖q) ({unit}) | KL(q‖p) ({unit}) |", "|---|---:|---:|---:|---:|"]
    table += [
        f"| {name} | {num(f.mu)} | {num(f.sigma)} | {units.from_nats(f.forward_kl):.4f} "
        f"| {units.from_nats(f.reverse_kl):.4f} |"
        for name, f in rows
    ]
    bottom.markdown("\n".join(table))

    sigmas = np.exp(fits.log_sigmas)
    # The maps show every other grid point (50 × 50): the contours look the same at a quarter of the bytes.
    fit_markers = [
        Marker(
            _("forward fit"),
            fwd.mu,
            fwd.sigma,
            "circle",
            COLORS["kl"],
            _("forward fit N({mu}, {sigma}²)", mu=num(fwd.mu), sigma=num(fwd.sigma)),
        )
    ]
    fit_markers += [
        Marker(
            _("reverse fit"),
            f.mu,
            f.sigma,
            "star",
            COLORS["kl_reverse"],
            _(
                "reverse fit N({mu}, {sigma}²): KL(q‖p) = {kl} {unit}",
                mu=num(f.mu),
                sigma=num(f.sigma),
                kl=f"{units.from_nats(f.reverse_kl):.4f}",
                unit=unit,
            ),
        )
        for f in tied
    ]
    fit_markers += [
        Marker(
            _("other local optimum"),
            f.mu,
            f.sigma,
            "diamond",
            OKABE_ITO["yellow"],
            _(
                "local optimum N({mu}, {sigma}²): KL(q‖p) = {kl} {unit}",
                mu=num(f.mu),
                sigma=num(f.sigma),
                kl=f"{units.from_nats(f.reverse_kl):.4f}",
                unit=unit,
            ),
        )
        for f in others
    ]
    cap = units.from_nats(FIT_CAP_NATS)
    fc = bottom.columns(2)
    chart(
        fc[0],
        kl_map_figure(
            fits.mus[::2],
            sigmas[::2],
            units.from_nats(fits.forward_surface[::2, ::2]),
            title=_("forward KL(p‖q)"),
            unit=unit,
            cap=cap,
            markers=fit_markers,
        ),
        key="kl_chart_fit_forward",
    )
    chart(
        fc[1],
        kl_map_figure(
            fits.mus[::2],
            sigmas[::2],
            units.from_nats(fits.reverse_surface[::2, ::2]),
            title=_("reverse KL(q‖p)"),
            unit=unit,
            cap=cap,
            markers=fit_markers,
        ),
        key="kl_chart_fit_reverse",
    )
    n_min = len(rev)
    bottom.caption(
        ngettext(
            "**What to notice.** Here {verdict}. The forward objective (left) has a single basin, at the "
            "moment-matched q, which covers both modes. The reverse objective (right) has "
            "{n} local minimum: for well-separated modes one per mode plus a "
            "centred one, and a mode wins. For two equal unit-width modes, "
            "the one-mode minima appear at d ≈ 2.4 and win from d ≈ 2.8; below that the reverse fit is centred. "
            "Each fit is best in its own direction and poor in the other (table).",
            "**What to notice.** Here {verdict}. The forward objective (left) has a single basin, at the "
            "moment-matched q, which covers both modes. The reverse objective (right) has "
            "{n} local minima: for well-separated modes one per mode plus a "
            "centred one, and a mode wins. For two equal unit-width modes, "
            "the one-mode minima appear at d ≈ 2.4 and win from d ≈ 2.8; below that the reverse fit is centred. "
            "Each fit is best in its own direction and poor in the other (table).",
            n_min,
            verdict=verdict,
        )
    )
    with bottom.expander(_("How these numbers are computed (grid and error)")):
        st.markdown(
            _(
                "The forward KL is exact up to H(p): KL(p‖q) = −H(p) + ½ log(2πσ²) + (Var_p + (E_p − μ)²)/(2σ²), "
                "minimised by μ = E_p, σ² = Var_p. The reverse KL(q‖p) = −½ log(2πeσ²) − E_q[log p] needs "
                "E_q[log p] = ∫ φ(z) log p(μ + σz) dz, computed in numpy on a grid in z ∈ [−8, 8]: unit panels, "
                "plus panels graded around each mode and around each point where the two weighted components "
                "cross (log p bends sharply there), each with 8-point Gauss-Legendre; H(p) uses the same rule. "
                "Estimated integration error of the reported numbers: {error} nats (the change "
                "with 16 points per panel); the tests check the rule against SciPy's adaptive quadrature to 1e-8 "
                "nats. The maps are {n_mu} × {n_sigma} grids of (μ, log σ); every grid cell lower than "
                "its neighbours starts Newton's method (exact gradient and Hessian), which converges to a gradient "
                "below 1e-11.",
                error=f"{fits.integration_error:.1e}",
                n_mu=fits.mus.size,
                n_sigma=fits.log_sigmas.size,
            )
        )


def distillation_section() -> None:
    """Section 4: its heading, formulas and "what to notice"; the fragment `distillation_live` draws the rest."""
    headings.subheader(_("4. KL as a loss with soft targets"), anchor="distillation")
    st.markdown(
        _(
            "In knowledge distillation a small **student** learns from a big **teacher**'s softened predictions "
            "(Hinton et al., 2015). A temperature T > 1 lifts the small probabilities, which say which wrong classes "
            "look alike; the student minimises KL(p_T‖q_T) to them, usually times T², beside the ordinary CE with "
            "the hard label."
        )
    )
    # Two lines: on one it is cut off at 400 px.
    st.latex(r"p_T = \mathrm{softmax}(z_{\text{teacher}}/T)")
    st.latex(r"q_T = \mathrm{softmax}(z_{\text{student}}/T)")
    st.latex(r"\mathcal L = \alpha\,T^2\,D_{\mathrm{KL}}(p_T\,\|\,q_T) + (1-\alpha)\,\mathrm{CE}(y, q_1)")
    live = st.container()
    st.caption(
        _(
            "**What to notice.** The hard-label CE only asks the student to raise q_y; the KL asks it to "
            "reproduce the teacher's whole ranking, including how much the wrong classes resemble the right one. "
            "Raise T and the soft targets flatten, so that ranking carries more weight. `F.kl_div` takes log q "
            "as its *input* and p as its *target* and computes KL(target‖exp(input)): swapping them silently "
            "gives the other direction, and its default reduction='mean' is not the KL ('batchmean' is)."
        )
    )
    distillation_live(live)


@section("kl_distillation")
def distillation_live(where: DeltaGenerator) -> None:
    """Section 4's inputs, the four numbers, the soft targets and the PyTorch lines that print them."""
    inputs = row(where)
    teacher_text = inputs.text_input(
        _("Teacher logits"), "4, 2.5, 1, -2, -3", key="kl_teacher", bind="query-params", max_chars=400
    )
    student_text = inputs.text_input(
        _("Student logits"), "2, 0, 1.5, 0.5, 0", key="kl_student", bind="query-params", max_chars=400
    )
    label = number_input(
        inputs, _("Hard label y (class index)"), min_value=0, max_value=MAX_CLASSES - 1, value=0, step=1, key="kl_label"
    )
    temperature = inputs.slider(_("Temperature T"), 0.5, 20.0, 4.0, 0.5, key="kl_temp", bind="query-params")
    try:
        zt = parse_numbers(str(teacher_text), N_("teacher logits"), max_count=MAX_CLASSES)
        zs = parse_numbers(str(student_text), N_("student logits"), max_count=MAX_CLASSES)
        if zt.size < 2:
            raise InputError(N_("Give at least 2 teacher logits, one per class."))
        if zt.size != zs.size:
            raise InputError(
                N_("The teacher has {teacher} logits and the student {student}; give both one per class."),
                teacher=int(zt.size),
                student=int(zs.size),
            )
        if max(np.abs(zt).max(), np.abs(zs).max()) > 1e6:
            raise InputError(N_("Logits must lie within ±1e6."))
    except InputError as exc:
        where.error(describe(exc))
    else:
        y = int(label)
        if y >= zt.size:
            where.warning(
                _(
                    "The hard label {y} is not a class of these {n} logits (0 to {last}); using 0.",
                    y=y,
                    n=int(zt.size),
                    last=int(zt.size) - 1,
                )
            )
            y = 0
        r = distill(zt, zs, label=y, temperature=float(temperature))
        km = row(where)
        km.metric(
            "KL(p_T‖q_T)",
            fmt(units.from_nats(r.kl)),
            help=_("What the student minimises on the soft targets."),
            width="stretch",
        )
        km.metric(
            "T² · KL",
            fmt(units.from_nats(r.kl_scaled)),
            help=_("Hinton's scaling keeps gradients comparable across T."),
            width="stretch",
        )
        km.metric(
            _("CE with the hard label"),
            fmt(units.from_nats(r.hard_ce)),
            help=_("−log q_y at T = 1: the ordinary loss."),
            width="stretch",
        )
        km.metric(
            "H(p_T)",
            fmt(units.from_nats(r.teacher_entropy)),
            help=_("Soft CE H(p_T, q_T) = H(p_T) + KL(p_T‖q_T)."),
            width="stretch",
        )
        classes = [str(i) for i in range(zt.size)]
        chart(where, soft_targets_figure(classes, r.teacher, r.student, y, float(temperature)), key="kl_chart_soft")
        t_str = ", ".join(f"{v:g}" for v in zt)
        s_str = ", ".join(f"{v:g}" for v in zs)
        where.markdown(_("The same numbers from PyTorch (which always works in nats), for a batch of one:"))
        where.code(
            "import torch\n"
            "import torch.nn.functional as F\n\n"
            f"teacher = torch.tensor([[{t_str}]], dtype=torch.float64)\n"
            f"student = torch.tensor([[{s_str}]], dtype=torch.float64)\n"
            f"T = {float(temperature):g}\n\n"
            "p = F.softmax(teacher / T, dim=-1)          # soft targets\n"
            "log_q = F.log_softmax(student / T, dim=-1)  # the input must be LOG-probabilities\n\n"
            f'F.kl_div(log_q, p, reduction="batchmean")        # {r.kl:.6f} = KL(p_T‖q_T)\n'
            f'T**2 * F.kl_div(log_q, p, reduction="batchmean")  # {r.kl_scaled:.6f}\n\n'
            "# Common mistakes and what they print instead:\n"
            f"F.kl_div(log_q, p)  # {r.torch_mean:.6f}: reduction='mean' also divides by the {zt.size} classes\n"
            f'F.kl_div(log_q.exp(), p, reduction="batchmean")  # {r.torch_prob_input:.6f}: probabilities as input\n'
            f'F.kl_div(p.log(), log_q.exp(), reduction="batchmean")  # {r.torch_swapped:.6f}: swapped, = KL(q_T‖p_T)',
            language="python",
        )


headings.title(_("↔️ KL asymmetry"))
st.markdown(
    _(
        "KL divergence measures how badly a model **Q** stands in for the truth **P**, and it is not symmetric: "
        "KL(P‖Q) punishes Q for missing what P does, KL(Q‖P) for inventing what P does not. Which one you "
        "minimise changes what a model learns. Everything here is in **{unit}** (switch in the sidebar).",
        unit=unit,
    )
)

discrete_section()
gaussians_section()
fits_section()
distillation_section()
checks_section("kl-asymmetry", CHECKS["kl-asymmetry"])
