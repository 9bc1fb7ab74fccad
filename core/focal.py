"""The math behind the focal-loss page: γ families, down-weighting, imbalance and the softmax form.

Focal loss (Lin et al., 2017) multiplies cross-entropy by a *modulating factor*
``(1 - p_t)^γ`` and optionally a class weight ``α_t``:

    FL(p_t) = -α_t (1 - p_t)^γ log p_t,
    p_t = p if y = 1 else 1 - p,   α_t = α if y = 1 else 1 - α.

``γ = 0`` (and no α) is cross-entropy.  Everything here is built on
`core.sigmoid_focal_loss` (torchvision's semantics), `core.sigmoid_focal_grad`,
`core.softmax_focal_loss`, `core.softmax_focal_grad`,
`core.binary_cross_entropy_with_logits` and `core.cross_entropy_loss`, so the
page's numbers are the library's numbers, not a re-derivation.

A probability ``p_t`` is turned into the logit that produces it,
``z = log p_t - log(1 - p_t)`` (`logit`), and the losses are evaluated on
that logit with target 1 (or on ``-z`` with target 0 for a negative example).
``1 - p_t`` is then recovered by the losses as ``σ(-z)`` with full relative
accuracy, so even ``p_t = 0.9999`` gives an exact down-weighting factor.

Reference: T.-Y. Lin, P. Goyal, R. Girshick, K. He and P. Dollár, "Focal Loss
for Dense Object Detection", ICCV 2017 (arXiv:1708.02002): eq. 5, Figure 1,
§3.2 and §4.1 (γ = 2, α = 0.25, prior π = 0.01); ``torchvision.ops.sigmoid_focal_loss``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from i18n import ReaderError

from ._validation import FloatArray, as_float_array, check_scalar, log_base
from .gradients import sigmoid_cross_entropy_grad, sigmoid_focal_grad, softmax_cross_entropy_grad, softmax_focal_grad
from .losses import _check_alpha, binary_cross_entropy_with_logits, cross_entropy_loss, sigmoid_focal_loss
from .losses import softmax_focal_loss as _softmax_focal_loss
from .numerics import log_softmax

__all__ = [
    "GRAD_LOGITS",
    "HARD_P_T",
    "PAPER_ALPHA",
    "PAPER_GAMMA",
    "PAPER_GAMMAS",
    "PAPER_PRIOR",
    "P_T_GRID",
    "SLIDER_GAMMAS",
    "SURFACE_GAMMAS",
    "SURFACE_P_T",
    "SWEEP_GAMMAS",
    "TORCHVISION_ALPHA",
    "TORCHVISION_GAMMA",
    "BatchBreakdown",
    "ExampleGroup",
    "MulticlassFocal",
    "PaperCases",
    "batch_breakdown",
    "ce_grad_curve",
    "compare_losses",
    "focal_curves",
    "focal_grad_curves",
    "logit",
    "loss_ratio",
    "max_hard_ratio",
    "modulating_factor",
    "multiclass_focal",
    "p_t_for_ratio",
    "paper_cases",
    "prior_bias",
    "share_vs_gamma",
]

#: The γ values of the paper's Figure 1; γ = 0 is cross-entropy.
PAPER_GAMMAS: tuple[float, ...] = (0.0, 0.5, 1.0, 2.0, 5.0)
#: The paper's best setting (Table 1a/1b): γ = 2 with α = 0.25.
PAPER_GAMMA = 2.0
PAPER_ALPHA = 0.25
#: Prior π for the bias of the final classification layer (§4.1, "Initialization").
PAPER_PRIOR = 0.01
#: ``torchvision.ops.sigmoid_focal_loss`` defaults; ``optax.sigmoid_focal_loss`` has ``alpha=None``.
TORCHVISION_ALPHA = 0.25
TORCHVISION_GAMMA = 2.0
#: Examples with ``p_t`` at or below this are "hard" in the paper's sense (misclassified or unsure).
HARD_P_T = 0.5

# Where the focal-loss page samples its curves and surfaces (plain numbers: the figures only draw them).
#: x grid of the loss curves: p_t in (0, 1), where every loss is finite.
P_T_GRID = np.linspace(0.0025, 0.9975, 200)
#: The client-side γ slider's stops: 0 to 10 in steps of 0.1.
SLIDER_GAMMAS = np.round(np.arange(101) * 0.1, 1)
#: Grids of the (p_t, γ) surface: about 100 × 100.
SURFACE_P_T = np.linspace(0.01, 0.99, 99)
SURFACE_GAMMAS = np.linspace(0.0, 5.0, 101)
#: Logits of the gradient chart, and the γ values of the share-against-γ sweep.
GRAD_LOGITS = np.linspace(-6.0, 6.0, 241)
SWEEP_GAMMAS = np.linspace(0.0, 5.0, 51)


def _gammas(gammas: ArrayLike, name: str = "gammas") -> FloatArray:
    g = as_float_array(gammas, name)
    if g.ndim > 1:
        raise ValueError(f"{name} must be a number or a 1-D sequence, got shape {g.shape}")
    g = np.atleast_1d(g)
    if (g < 0).any():
        raise ValueError(f"{name} contains {float(g[np.argmax(g < 0)]):g}; every γ must be >= 0")
    return g


def _open_probabilities(p_t: ArrayLike, name: str = "p_t") -> FloatArray:
    p = as_float_array(p_t, name)
    bad = (p <= 0) | (p >= 1)
    if bad.any():
        value = p[np.unravel_index(int(np.argmax(bad)), p.shape)] if p.ndim else p
        raise ValueError(
            f"{name} = {float(value):g} is outside (0, 1); p_t = 0 gives infinite loss and p_t = 1 needs an "
            "infinite logit"
        )
    return p


def _per_unit(base: float | None) -> float:
    """Divide a loss in nats by this to express it in units of ``base``."""
    return log_base(base)


def logit(p_t: ArrayLike) -> FloatArray:
    """The logit ``z = log p - log(1 - p)`` whose sigmoid is ``p``, for ``p`` in (0, 1).

    ``log1p(-p)`` keeps ``1 - p`` exact for ``p`` near 1, so ``σ(-z)`` gives back
    ``1 - p`` to full relative precision.
    """
    p = _open_probabilities(p_t, "p")
    z: FloatArray = np.log(p) - np.log1p(-p)
    return z


def _example_logits(p_t: FloatArray, positive: bool) -> tuple[FloatArray, FloatArray]:
    """Logits and targets of examples whose true-class probability is ``p_t``."""
    z = logit(p_t)
    if positive:
        return z, np.ones_like(z)
    # A negative (y = 0) with p_t = 1 - p has p = 1 - p_t, i.e. logit -z.
    return -z, np.zeros_like(z)


def focal_curves(
    p_t: ArrayLike,
    gammas: ArrayLike,
    *,
    alpha: float | None = None,
    positive: bool = True,
    base: float | None = None,
) -> FloatArray:
    """``FL(p_t) = -α_t (1 - p_t)^γ log p_t`` for each ``γ`` in ``gammas`` (the paper's Figure 1).

    Args:
        p_t: probabilities of the true class in (0, 1), shape ``(P,)`` (any shape works).
        gammas: the focusing parameters ``γ >= 0``, shape ``(G,)`` (or one number).
        alpha: ``None`` (or a negative value, torchvision's ``-1``) for no class weight (the
            paper's Figure 1), else ``α`` in [0, 1].
        positive: the examples are positives (``α_t = α``) or negatives (``α_t = 1 - α``).
        base: ``None`` for nats, 2 for bits.

    Returns:
        float64 array of shape ``(G,) + p_t.shape``; row 0 for ``γ = 0`` and no α is
        binary cross-entropy ``-log p_t``.

    Computed with `core.sigmoid_focal_loss` on the logit of ``p_t``.
    """
    p = _open_probabilities(p_t)
    g = _gammas(gammas)
    a = _check_alpha(alpha)
    z, y = _example_logits(p, positive)
    out = np.empty((g.size, *p.shape))
    for i, gamma in enumerate(g):
        out[i] = sigmoid_focal_loss(z, y, alpha=a, gamma=float(gamma), reduction="none")
    result: FloatArray = out / _per_unit(base)
    return result


def modulating_factor(p_t: ArrayLike, gamma: ArrayLike) -> FloatArray:
    """The modulating factor ``(1 - p_t)^γ``: what focal loss keeps of cross-entropy.

    ``p_t`` and ``gamma`` broadcast against each other (``p_t`` in [0, 1], ``γ >= 0``);
    ``0^0 = 1``, so ``γ = 0`` is 1 everywhere (cross-entropy).
    """
    p = as_float_array(p_t, "p_t")
    if ((p < 0) | (p > 1)).any():
        raise ValueError("p_t must lie in [0, 1]")
    g = as_float_array(gamma, "gamma")
    if (g < 0).any():
        raise ValueError("gamma must be >= 0")
    # For p_t >= 0.5, 1 - p_t is exact in floating point (Sterbenz), so easy examples lose nothing.
    result: FloatArray = np.power(1.0 - p, g)
    return result


def loss_ratio(p_t: ArrayLike, gamma: float) -> FloatArray:
    """``CE / FL = (1 - p_t)^(-γ)``: how many times less loss focal loss gives an example (no α).

    Both losses come from `core`: ``binary_cross_entropy_with_logits`` over
    ``sigmoid_focal_loss(alpha=None)``, evaluated on the logit of ``p_t``.  At
    ``γ = 2`` this is 100 for ``p_t = 0.9`` and 4 for ``p_t = 0.5`` (Lin et al., §3.2).

    Args:
        p_t: true-class probabilities in (0, 1).
        gamma: ``γ >= 0``.

    Returns:
        float64 array of ``p_t``'s shape, each ``>= 1``.
    """
    p = _open_probabilities(p_t)
    g = check_scalar(gamma, "gamma", low=0.0)
    z, y = _example_logits(p, True)
    ce = np.asarray(binary_cross_entropy_with_logits(z, y, reduction="none"), dtype=np.float64)
    fl = np.asarray(sigmoid_focal_loss(z, y, alpha=None, gamma=g, reduction="none"), dtype=np.float64)
    result: FloatArray = ce / fl
    return result


def p_t_for_ratio(ratio: float, gamma: float) -> float:
    """The ``p_t`` at which focal loss is ``ratio`` times smaller than CE: ``1 - ratio^(-1/γ)``.

    Solves ``(1 - p_t)^(-γ) = ratio``.  At ``γ = 2``, ``ratio = 100`` gives 0.9 and
    ``ratio = 1000`` gives 0.968377 (the paper's "p_t ≈ 0.968").

    Raises ``ValueError`` for ``ratio < 1`` (focal loss never exceeds CE), for
    ``γ = 0`` with ``ratio > 1`` (cross-entropy down-weights nothing), and when the
    answer is so close to 1 that it rounds to 1.0.
    """
    r = check_scalar(ratio, "ratio", low=1.0)
    g = check_scalar(gamma, "gamma", low=0.0)
    if r == 1.0:
        return 0.0
    if g == 0.0:
        raise ValueError(f"gamma = 0 is cross-entropy: no p_t gives {r:g}× less loss")
    # -expm1(-log(r)/γ) = 1 - r^(-1/γ) without cancelling when r^(-1/γ) is near 1.
    p = float(-np.expm1(-np.log(r) / g))
    if p >= 1.0:
        raise ValueError(
            f"{r:g}× less loss at gamma = {g:g} needs p_t = 1 - {r ** (-1 / g):.3g}, which float64 cannot tell from 1"
        )
    return p


def max_hard_ratio(gamma: float, *, hard_p_t: float = HARD_P_T) -> float:
    """The largest ``CE / FL`` among hard examples (``p_t <= hard_p_t``): ``(1 - hard_p_t)^(-γ)``.

    ``CE / FL`` grows with ``p_t``, so the maximum is at ``p_t = hard_p_t``: at
    ``γ = 2`` and the paper's 0.5 it is 4 ("at most 4×").
    """
    h = check_scalar(hard_p_t, "hard_p_t", low=0.0, high=1.0, low_open=True)
    if h >= 1.0:
        raise ValueError("hard_p_t must be below 1")
    return float(loss_ratio(h, gamma))


@dataclass(frozen=True)
class PaperCases:
    """The down-weighting numbers quoted by Lin et al. (2017, §3.2), recomputed at one γ.

    ``ratio_at_0_9``: CE / FL at ``p_t = 0.9`` (100 at γ = 2); ``p_t_1000``: where
    CE / FL reaches 1000 (0.968377 at γ = 2) and ``ratio_1000`` the ratio there;
    ``ratio_at_0_968``: CE / FL at the paper's rounded 0.968 (976.6); ``hard_max``:
    the largest CE / FL of a hard example, ``p_t <= 0.5`` (4 at γ = 2).
    """

    gamma: float
    ratio_at_0_9: float
    p_t_1000: float
    ratio_1000: float
    ratio_at_0_968: float
    hard_max: float


def paper_cases(gamma: float = PAPER_GAMMA) -> PaperCases:
    """`PaperCases` at ``gamma`` (> 0), every number from `loss_ratio` and `p_t_for_ratio`."""
    g = check_scalar(gamma, "gamma", low=0.0, low_open=True)
    p1000 = p_t_for_ratio(1000.0, g)
    r = loss_ratio([0.9, p1000, 0.968], g)
    return PaperCases(
        gamma=g,
        ratio_at_0_9=float(r[0]),
        p_t_1000=p1000,
        ratio_1000=float(r[1]),
        ratio_at_0_968=float(r[2]),
        hard_max=max_hard_ratio(g),
    )


def focal_grad_curves(
    logits: ArrayLike,
    gammas: ArrayLike,
    *,
    alpha: float | None = None,
    base: float | None = None,
) -> FloatArray:
    """``∂FL/∂z`` of a positive example (``y = 1``) at each logit, for each ``γ``.

    Row ``γ = 0`` (no α) is cross-entropy's ``σ(z) - 1`` (`core.sigmoid_cross_entropy_grad`);
    for a negative example the curves are mirrored (``z → -z``, sign flipped).
    Computed with `core.sigmoid_focal_grad`.

    Returns:
        float64 array of shape ``(G, Z)``.
    """
    z = as_float_array(logits, "logits")
    g = _gammas(gammas)
    a = _check_alpha(alpha)
    y = np.ones_like(z)
    out = np.empty((g.size, *z.shape))
    for i, gamma in enumerate(g):
        out[i] = sigmoid_focal_grad(z, y, alpha=a, gamma=float(gamma))
    result: FloatArray = out / _per_unit(base)
    return result


def ce_grad_curve(logits: ArrayLike, *, base: float | None = None) -> FloatArray:
    """Cross-entropy's ``∂ℓ/∂z = σ(z) - y`` for a positive example (``y = 1``)."""
    z = as_float_array(logits, "logits")
    result: FloatArray = sigmoid_cross_entropy_grad(z, np.ones_like(z)) / _per_unit(base)
    return result


def prior_bias(prior: float = PAPER_PRIOR) -> float:
    """The final-layer bias ``b = -log((1 - π) / π)`` that makes every anchor start at ``p = π``.

    With ``π = 0.01`` (Lin et al., §4.1) ``b = -4.59512``: the ~10^5 background
    anchors then start nearly correct and do not swamp the first iterations.
    """
    pi = check_scalar(prior, "prior", low=0.0, high=1.0, low_open=True)
    if pi >= 1.0:
        raise ValueError("prior must be below 1")
    return float(logit(pi))


# --- a simulated detector batch ------------------------------------------------------------


@dataclass(frozen=True)
class ExampleGroup:
    """``count`` examples of one kind, all with true-class probability ``p_t``.

    ``positive`` says whether they are foreground (``y = 1``, weighted ``α``) or
    background (``y = 0``, weighted ``1 - α``).
    """

    name: str
    count: int
    p_t: float
    positive: bool


@dataclass(frozen=True)
class BatchBreakdown:
    """Where a batch's loss and gradient come from, group by group, under one loss.

    ``loss_share`` and ``grad_share`` each sum to 1 (unless every weight is 0,
    which `batch_breakdown` refuses).  The gradient is the total ``|∂ℓ/∂z|`` of
    the group, the push the group gives the classifier's logits.
    """

    names: tuple[str, ...]
    counts: FloatArray
    loss_per_example: FloatArray
    grad_per_example: FloatArray
    loss_total: FloatArray
    grad_total: FloatArray
    loss_share: FloatArray
    grad_share: FloatArray


def _check_groups(groups: Sequence[ExampleGroup]) -> tuple[FloatArray, FloatArray, FloatArray]:
    if len(groups) == 0:
        raise ValueError("groups is empty; give at least one ExampleGroup")
    counts = np.empty(len(groups))
    p_t = np.empty(len(groups))
    y = np.empty(len(groups))
    for i, grp in enumerate(groups):
        if not isinstance(grp, ExampleGroup):
            raise TypeError(f"groups[{i}] must be an ExampleGroup, got {type(grp).__name__}")
        if isinstance(grp.count, bool) or not isinstance(grp.count, (int, np.integer)) or grp.count < 0:
            raise ValueError(f"groups[{i}] ({grp.name}) has count {grp.count!r}; counts are integers >= 0")
        if isinstance(grp.p_t, bool) or not isinstance(grp.p_t, (int, float, np.integer, np.floating)):
            raise TypeError(f"groups[{i}] ({grp.name}) has p_t {grp.p_t!r}; it must be a number in (0, 1)")
        counts[i] = grp.count
        p_t[i] = grp.p_t
        y[i] = 1.0 if grp.positive else 0.0
    if counts.sum() == 0:
        raise ReaderError("every group is empty (all counts are 0)")
    _open_probabilities(p_t, "p_t of a group")
    return counts, p_t, y


def batch_breakdown(
    groups: Sequence[ExampleGroup], *, gamma: float = 0.0, alpha: float | None = None
) -> BatchBreakdown:
    """Each group's share of a batch's total loss and total gradient magnitude.

    Per example: ``ℓ = sigmoid_focal_loss(z, y, alpha, gamma)`` and
    ``|∂ℓ/∂z|`` from `core.sigmoid_focal_grad`; ``γ = 0`` with ``alpha=None`` is
    cross-entropy, ``γ = 0`` with an α is α-balanced cross-entropy.  A group's
    total is ``count × per-example``; its share is its total over the batch's.

    Raises ``ValueError`` when the total loss is 0 (for example ``α = 0`` and no
    negatives), since shares of nothing are undefined.

    Reference: Lin et al. (2017), §3 (the easy negatives of a dense detector
    dominate cross-entropy's loss and gradient).
    """
    counts, p_t, y = _check_groups(groups)
    g = check_scalar(gamma, "gamma", low=0.0)
    a = _check_alpha(alpha)
    z = logit(p_t) * np.where(y == 1.0, 1.0, -1.0)
    loss = np.asarray(sigmoid_focal_loss(z, y, alpha=a, gamma=g, reduction="none"), dtype=np.float64)
    grad = np.abs(sigmoid_focal_grad(z, y, alpha=a, gamma=g))
    loss_total = counts * loss
    grad_total = counts * grad
    lsum, gsum = float(loss_total.sum()), float(grad_total.sum())
    if lsum <= 0.0 or gsum <= 0.0:
        raise ReaderError(
            "the batch's total loss is 0 with alpha={alpha} (every non-empty group has weight 0); "
            "shares are undefined: change alpha or the counts",
            alpha=a,
        )
    return BatchBreakdown(
        names=tuple(grp.name for grp in groups),
        counts=counts,
        loss_per_example=loss,
        grad_per_example=grad,
        loss_total=loss_total,
        grad_total=grad_total,
        loss_share=loss_total / lsum,
        grad_share=grad_total / gsum,
    )


def compare_losses(
    groups: Sequence[ExampleGroup], *, gamma: float = PAPER_GAMMA, alpha: float | None = PAPER_ALPHA
) -> dict[str, BatchBreakdown]:
    """`batch_breakdown` under cross-entropy, α-balanced cross-entropy and focal loss.

    Keys: ``"CE"`` (γ = 0, no α), ``"α-balanced CE"`` (γ = 0, ``alpha``) and
    ``"focal"`` (``gamma``, ``alpha``): the paper's argument (its §3.1 to §3.3)
    in three rows.  With ``alpha=None`` the α-balanced row equals the CE row.
    """
    return {
        "CE": batch_breakdown(groups, gamma=0.0, alpha=None),
        "α-balanced CE": batch_breakdown(groups, gamma=0.0, alpha=alpha),
        "focal": batch_breakdown(groups, gamma=gamma, alpha=alpha),
    }


def share_vs_gamma(
    groups: Sequence[ExampleGroup],
    gammas: ArrayLike,
    *,
    alpha: float | None = None,
    group: int = 0,
    of: str = "loss",
) -> FloatArray:
    """The share of the loss (``of="loss"``) or gradient (``of="grad"``) from ``groups[group]``, per ``γ``.

    Returns a float64 array of shape ``(G,)`` with entries in [0, 1].
    """
    g = _gammas(gammas)
    if of not in ("loss", "grad"):
        raise ValueError(f"of must be 'loss' or 'grad', got {of!r}")
    if isinstance(group, bool) or not isinstance(group, (int, np.integer)) or not 0 <= group < len(groups):
        raise ValueError(f"group = {group!r} is not an index into the {len(groups)} groups")
    out = np.empty(g.size)
    for i, gamma in enumerate(g):
        b = batch_breakdown(groups, gamma=float(gamma), alpha=alpha)
        out[i] = (b.loss_share if of == "loss" else b.grad_share)[group]
    return out


# --- multi-class (softmax) focal loss -------------------------------------------------------


@dataclass(frozen=True)
class MulticlassFocal:
    """Softmax focal loss on a small batch, next to cross-entropy, in the requested units.

    ``fl_mean`` is `core.softmax_focal_loss` (``reduction='mean'``); ``ce_mean`` is
    `core.cross_entropy_loss`; with ``γ = 0`` and no α they are equal exactly.
    Gradients are per sample with respect to the logits (`core.softmax_focal_grad`
    and `core.softmax_cross_entropy_grad`), in the same units.
    """

    target: NDArray[np.int64]  # (N,) true classes
    probs: FloatArray  # (N, C) softmax of the logits
    p_true: FloatArray  # (N,) probability of each sample's true class, its p_t
    ce: FloatArray  # (N,) per-sample cross-entropy
    fl: FloatArray  # (N,) per-sample focal loss
    ce_mean: float
    fl_mean: float
    fl_grad: FloatArray  # (N, C)
    ce_grad: FloatArray  # (N, C)


def _rows(logits: ArrayLike | Sequence[Sequence[float]]) -> FloatArray:
    """Logit rows as an ``(N, C)`` array; a ragged list of rows raises ``ValueError`` saying which row."""
    if isinstance(logits, (list, tuple)) and logits and all(np.ndim(r) == 1 for r in logits):
        widths = [len(r) for r in logits]
        if len(set(widths)) > 1:
            i = next(i for i, w in enumerate(widths) if w != widths[0])
            raise ReaderError(
                "logits row {row} has {found} values but row 1 has {expected}; every row needs one logit per class",
                row=i + 1,
                found=widths[i],
                expected=widths[0],
            )
    z = as_float_array(logits, "logits")
    if z.ndim == 1:
        z = z[None, :]
    if z.ndim != 2:
        raise ValueError(f"logits must have shape (N, C), got {z.shape}")
    return z


def _class_indices(target: ArrayLike) -> NDArray[np.int64]:
    """Class indices given as integers or as whole floats (``1.0``); anything else raises."""
    t = np.atleast_1d(np.asarray(target))
    if t.dtype.kind == "f":
        bad = ~np.isfinite(t) | (t != np.round(t))
        if bad.any():
            raise ReaderError(
                "target[{i}] = {value} is not a whole class index",
                i=int(np.argmax(bad)),
                value=f"{t[np.argmax(bad)]:g}",
            )
        # Beyond int64 a whole float cannot be an index (and the cast would wrap): say so rather than cast.
        huge = np.abs(t) >= 2.0**62
        if huge.any():
            raise ReaderError(
                "target[{i}] = {value} is not a class index", i=int(np.argmax(huge)), value=f"{t[np.argmax(huge)]:g}"
            )
        t = t.astype(np.int64)
    return t


def multiclass_focal(
    logits: ArrayLike | Sequence[Sequence[float]],
    target: ArrayLike,
    *,
    gamma: float = PAPER_GAMMA,
    base: float | None = None,
) -> MulticlassFocal:
    """Softmax focal loss ``-(1 - p_y)^γ log p_y`` and cross-entropy for a batch of logits.

    Args:
        logits: ``(N, C)`` finite logits (a list of equally long rows; ``(C,)`` is one sample).
        target: ``(N,)`` class indices in ``[0, C)``: integers, or floats that are whole numbers.
        gamma: ``γ >= 0``.
        base: ``None`` for nats, 2 for bits.

    Raises ``ValueError`` naming the row or target at fault (ragged rows, a
    target out of range or not whole, a count mismatch).

    The logits of the post that computes cross-entropy from scratch (untitled; it
    opens 进行二分类或多分类问题时): at ``γ = 0`` the focal loss is cross-entropy.

    >>> m = multiclass_focal([[-1, 0.5, 2], [-1, 0.5, 3]], [1, 2], gamma=0.0)
    >>> m.ce.round(6).tolist(), round(m.ce_mean, 6), bool((m.fl == m.ce).all())
    ([1.741311, 0.095674], 0.918493, True)
    """
    z = _rows(logits)
    t = _class_indices(target)
    n, c = z.shape
    if t.shape != (n,):
        raise ReaderError(
            "{targets} target(s) for {rows} row(s) of logits; give one class index per row", targets=t.size, rows=n
        )
    out = (t < 0) | (t >= c)
    if out.any():
        i = int(np.argmax(out))
        raise ReaderError(
            "target[{i}] = {value} is not a class index; with {classes} classes use 0 to {last}",
            i=i,
            value=int(t[i]),
            classes=c,
            last=c - 1,
        )
    g = check_scalar(gamma, "gamma", low=0.0)
    unit = _per_unit(base)
    ce = np.asarray(cross_entropy_loss(z, t, reduction="none"), dtype=np.float64)
    fl = np.asarray(_softmax_focal_loss(z, t, gamma=g, reduction="none"), dtype=np.float64)
    ce_mean = float(cross_entropy_loss(z, t, reduction="mean"))
    fl_mean = float(_softmax_focal_loss(z, t, gamma=g, reduction="mean"))
    probs = np.exp(log_softmax(z))
    return MulticlassFocal(
        target=t,
        probs=probs,
        p_true=probs[np.arange(z.shape[0]), t],
        ce=ce / unit,
        fl=fl / unit,
        ce_mean=ce_mean / unit,
        fl_mean=fl_mean / unit,
        fl_grad=softmax_focal_grad(z, t, gamma=g) / unit,
        ce_grad=softmax_cross_entropy_grad(z, t) / unit,
    )
