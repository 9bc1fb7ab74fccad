"""The "check yourself" questions of each topic page.  Every answer is computed by the math library.

Multiple-choice answers are found by computing each option (the largest entropy,
the larger gradient, ...) rather than written down; the conceptual ones name the
option whose statement the page's own numbers bear out.

Texts are English messages marked with ``N_`` (`ui.checks` translates them when drawn); a
question's numbers are placeholders filled from the check's ``params``.
"""

from __future__ import annotations

import math

import numpy as np

from core import (
    cross_entropy,
    entropy,
    kl_divergence,
    sigmoid_cross_entropy_grad,
    sigmoid_mse_grad,
    softmax_focal_loss,
)
from core.comparison import MCCAFFREY_NET2, MCCAFFREY_TARGET, score_predictions
from core.distributions import COMPUTER, perplexity
from core.focal import PAPER_PRIOR, ExampleGroup, compare_losses, loss_ratio, prior_bias
from core.gaussians import fit_gaussians, two_mode_mixture
from i18n import N_
from ui.checks import Check, decimals_tolerance

# --------------------------------------------------------------------------- entropy

FOUR_OUTCOMES = ((0.7, 0.1, 0.1, 0.1), (0.25, 0.25, 0.25, 0.25), (0.4, 0.4, 0.1, 0.1), (1.0, 0.0, 0.0, 0.0))
RARE, COMMON = 0.01, 0.3


def _contribution(p: float) -> float:
    return float(-p * math.log(p))


ENTROPY_CHECKS = (
    Check(
        key="computer_bits",
        question=N_(
            "Load the **Computer boots / fails / explodes** preset and switch the units to bits. "
            "What is its entropy, in bits, to 3 decimals?"
        ),
        answer=lambda: float(entropy(COMPUTER.probabilities, base=2)),
        tolerance=decimals_tolerance(3),
        unit=N_("bits"),
        why=N_("H = −Σ p log₂ p over (0.7, 0.2, 0.1); the same entropy in nats divided by ln 2."),
        anchor="your-distribution",
        section_name=N_("section 1"),
    ),
    Check(
        key="most_uncertain",
        question=N_("Which distribution on four outcomes has the **largest** entropy?"),
        options=tuple(", ".join(f"{p:g}" for p in d) for d in FOUR_OUTCOMES),
        answer=lambda: float(np.argmax([float(entropy(d)) for d in FOUR_OUTCOMES])),
        why=N_("For any number of outcomes k, the uniform distribution is the one with the largest entropy, log k."),
        anchor="three-outcomes",
        section_name=N_("section 4"),
    ),
    Check(
        key="die_perplexity",
        question=N_("What is the **perplexity** of a fair six-sided die? (Try the *Fair die* preset.)"),
        answer=lambda: float(perplexity([1 / 6] * 6)),
        tolerance=decimals_tolerance(2),
        why=N_("Perplexity e^H counts the equally likely outcomes a distribution is worth: a fair die is worth six."),
        anchor="your-distribution",
        section_name=N_("section 1"),
    ),
    Check(
        key="rare_contribution",
        question=N_(
            "An outcome with p = {rare} is very surprising. Is its contribution p·(−log p) to the "
            "entropy larger or smaller than that of an outcome with p = {common}?"
        ),
        params={"rare": f"{RARE:g}", "common": f"{COMMON:g}"},
        options=(N_("larger"), N_("smaller")),
        answer=lambda: 0.0 if _contribution(RARE) > _contribution(COMMON) else 1.0,
        why=N_("Its surprise is large, but it almost never happens: p·(−log p) falls back to 0 as p → 0."),
        anchor="surprise",
        section_name=N_("section 2"),
    ),
)

# --------------------------------------------------------------------------- cross-entropy vs MSE

BAD_START_Z = 4.0  # Nielsen's bad start: w = b = 2, input 1


def _larger_gradient() -> float:
    ce = abs(float(sigmoid_cross_entropy_grad([BAD_START_Z], [0.0])[0]))
    quadratic = abs(float(sigmoid_mse_grad([BAD_START_Z], [0.0])[0]))
    return 0.0 if ce > quadratic else 1.0 if quadratic > ce else 2.0


CE_VS_MSE_CHECKS = (
    Check(
        key="ce_at_005",
        question=N_(
            "A sigmoid output gives the true class p = 0.05. What is its cross-entropy, in nats, to 3 "
            "decimals? (Move the probe of section 1.)"
        ),
        answer=lambda: -math.log(0.05),
        tolerance=decimals_tolerance(3),
        unit=N_("nats"),
        why=N_("CE = −ln p: a confidently wrong prediction costs a lot, and the cost grows without bound as p → 0."),
        anchor="loss-vs-confidence",
        section_name=N_("section 1"),
    ),
    Check(
        key="bad_start_gradient",
        question=N_(
            "Nielsen's neuron starts at z = 4 with target 0 (output 0.98, confidently wrong). Which loss "
            "gives the larger gradient with respect to z?"
        ),
        options=(N_("cross-entropy"), N_("squared error"), N_("they are equal")),
        answer=_larger_gradient,
        why=N_("CE's gradient is the error a − y itself; squared error multiplies it by a(1 − a) ≈ 0.02 there."),
        anchor="gradients",
        section_name=N_("section 2"),
    ),
    Check(
        key="network2_ce",
        question=N_("In the worked example, what is network 2's average cross-entropy, in nats, to 3 decimals?"),
        answer=lambda: score_predictions(MCCAFFREY_NET2, MCCAFFREY_TARGET).cross_entropy,
        tolerance=decimals_tolerance(3),
        unit=N_("nats"),
        why=N_("The mean of −ln p of each row's true class; the post prints 0.54, a typo for this number."),
        anchor="worked-example",
        section_name=N_("section 5"),
    ),
    Check(
        key="error_ties",
        question=N_(
            "Both networks of the worked example get one voter in three wrong. Which measure **cannot** "
            "tell them apart?"
        ),
        options=(N_("cross-entropy"), N_("the squared error"), N_("the classification error")),
        answer=lambda: 2.0,
        why=N_(
            "The classification error only counts which side of the threshold a row is on; CE and the squared "
            "error see how confident each prediction is."
        ),
        anchor="worked-example",
        section_name=N_("section 5"),
    ),
)

# --------------------------------------------------------------------------- KL asymmetry

TWO_MODES_P, UNIFORM_Q = (0.49, 0.49, 0.01, 0.01), (0.25, 0.25, 0.25, 0.25)
HOME_P, HOME_Q = (0.7, 0.2, 0.1), (0.5, 0.3, 0.2)
SEPARATION = 3.0


def _infinite_direction() -> float:
    p, q = (0.5, 0.5), (1.0, 0.0)  # Q calls impossible an outcome P produces
    forward, reverse = float(kl_divergence(p, q)), float(kl_divergence(q, p))
    return 0.0 if math.isinf(forward) and not math.isinf(reverse) else 1.0


def _reverse_fit() -> float:
    fits = fit_gaussians(two_mode_mixture(SEPARATION))
    return 1.0 if abs(fits.reverse[0].mu) > SEPARATION / 2 else 0.0


KL_CHECKS = (
    Check(
        key="two_modes_kl",
        question=N_(
            "Load the **Two modes** preset: P = (0.49, 0.49, 0.01, 0.01), Q uniform. What is KL(P‖Q), in "
            "nats, to 3 decimals?"
        ),
        answer=lambda: float(kl_divergence(TWO_MODES_P, UNIFORM_Q)),
        tolerance=decimals_tolerance(3),
        unit=N_("nats"),
        why=N_(
            "Σ P log(P/Q): the two likely outcomes each add 0.49·ln(0.49/0.25), the rare ones a little less "
            "than nothing."
        ),
        anchor="discrete",
        section_name=N_("section 1"),
    ),
    Check(
        key="infinite_direction",
        question=N_("Q gives probability 0 to an outcome that P produces. Which divergence is infinite?"),
        options=("KL(P‖Q)", "KL(Q‖P)", N_("both"), N_("neither")),
        answer=_infinite_direction,
        why=N_("KL(P‖Q) has the term P log(P/0) = ∞: Q calls impossible something that happens."),
        anchor="discrete",
        section_name=N_("section 1"),
    ),
    Check(
        key="ce_identity",
        question=N_(
            "For P = {p} and Q = {q}: H(P) = {entropy} nats and KL(P‖Q) = {kl} nats. What is the "
            "cross-entropy H(P, Q), in nats, to 3 decimals?"
        ),
        params={
            "p": str(HOME_P),
            "q": str(HOME_Q),
            "entropy": f"{float(entropy(HOME_P)):.4f}",
            "kl": f"{float(kl_divergence(HOME_P, HOME_Q)):.4f}",
        },
        answer=lambda: float(cross_entropy(HOME_P, HOME_Q)),
        tolerance=decimals_tolerance(3),
        unit=N_("nats"),
        why=N_("H(P, Q) = H(P) + KL(P‖Q): cross-entropy is entropy plus the divergence."),
        anchor="discrete",
        section_name=N_("section 1"),
    ),
    Check(
        key="reverse_fit",
        question=N_(
            "One Gaussian q is fitted to two equal modes at ±{separation} by minimising the **reverse** "
            "KL(q‖p). Where does it end up?"
        ),
        params={"separation": f"{SEPARATION:g}"},
        options=(
            N_("centred, wide enough to cover both modes"),
            N_("on one of the modes"),
            N_("exactly between, narrow"),
        ),
        answer=_reverse_fit,
        why=N_("KL(q‖p) punishes q for mass where p has little, so q hides inside one mode (mode-seeking)."),
        anchor="two-modes",
        section_name=N_("section 3"),
    ),
)

# --------------------------------------------------------------------------- focal loss

CALCULATOR_LOGITS = ((-1.0, 0.5, 2.0), (-1.0, 0.5, 3.0))
CALCULATOR_TARGETS = (1, 2)


def _tells_easy_from_hard() -> float:
    easy = ExampleGroup("easy negatives", 100_000, 0.99, positive=False)  # i18n: not reader text
    hard = ExampleGroup("hard negatives", 500, 0.7, positive=False)  # i18n: not reader text
    shares = compare_losses((easy, hard), gamma=2.0, alpha=0.25)
    ce_share, alpha_share, focal_share = (b.loss_share[0] for b in shares.values())
    # α scales both negative groups alike, so it leaves the easy share where CE put it; γ moves it.
    alpha_moves = not math.isclose(alpha_share, ce_share, rel_tol=1e-9)
    focal_moves = not math.isclose(focal_share, alpha_share, rel_tol=1e-9)
    return {(False, True): 1.0, (True, False): 0.0, (True, True): 2.0}.get((alpha_moves, focal_moves), 3.0)


FOCAL_CHECKS = (
    Check(
        key="ratio_09",
        question=N_(
            "With γ = 2, how many times smaller than its cross-entropy is the focal loss of an example with pₜ = 0.9?"
        ),
        answer=lambda: float(loss_ratio(0.9, 2.0)),
        tolerance=0.5,
        why=N_("FL / CE = (1 − pₜ)^γ = 0.1² = 1/100."),
        anchor="down-weighting",
        section_name=N_("section 2"),
    ),
    Check(
        key="gamma_zero",
        question=N_(
            "In the multi-class section, set γ = 0. What does the focal loss of the example batch come to, "
            "in nats, to 4 decimals?"
        ),
        answer=lambda: float(softmax_focal_loss(CALCULATOR_LOGITS, CALCULATOR_TARGETS, gamma=0.0)),
        tolerance=decimals_tolerance(4),
        unit=N_("nats"),
        why=N_(
            "At γ = 0 the focal term is 1 and the loss is exactly cross-entropy: the number nn.CrossEntropyLoss "
            "prints for this batch."
        ),
        anchor="multi-class",
        section_name=N_("section 5"),
    ),
    Check(
        key="easy_vs_hard",
        question=N_("In a detector batch, which knob can tell an **easy** negative from a **hard** one?"),
        options=(N_("α, the class weight"), N_("γ, the focusing parameter"), N_("both"), N_("neither")),
        answer=_tells_easy_from_hard,
        why=N_(
            "α weights every negative alike; (1 − pₜ)^γ is small only for the examples the model already gets right."
        ),
        anchor="imbalance",
        section_name=N_("section 4"),
    ),
    Check(
        key="prior_bias",
        question=N_(
            "The paper starts the classifier's bias at b = log(π / (1 − π)) with prior π = {prior}. "
            "What is b, to 2 decimals?"
        ),
        params={"prior": f"{PAPER_PRIOR:g}"},
        answer=lambda: prior_bias(PAPER_PRIOR),
        tolerance=decimals_tolerance(2),
        why=N_("Every box then starts at p = π, so the many background boxes begin nearly right instead of at ½."),
        anchor="imbalance",
        section_name=N_("section 4"),
    ),
)

#: The checks of each topic page, by the page's URL path.
CHECKS = {
    "entropy": ENTROPY_CHECKS,
    "ce-vs-mse": CE_VS_MSE_CHECKS,
    "kl-asymmetry": KL_CHECKS,
    "focal-loss": FOCAL_CHECKS,
}
