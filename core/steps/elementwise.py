"""The elementwise losses: binary cross-entropy (on probabilities and on logits), KL divergence and the
sigmoid focal loss, step by step.

Each element ``(n, c)`` has its own loss; a row's sum is listed beside them,
and ``'mean'`` divides by all ``N·C`` elements (``'batchmean'``, KL's own, by
the ``N`` rows).  As for the per-sample losses, the arithmetic repeats
`core.losses` operation for operation.  See `core.steps`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from core._validation import FloatArray, as_float_array
from core.losses import (
    BCE_LOG_CLAMP,
    _check_alpha,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    kl_div,
    sigmoid_focal_loss,
)
from core.numerics import log_sigmoid, xlogy
from i18n import _

from .latex import (
    bce_formulas,
    bce_with_logits_formulas,
    kl_div_formulas,
    sigmoid_focal_formulas,
)
from .per_sample import _input_columns, log_probabilities
from .table import Column, Steps, _check_batch, _col, _finish, _reduce_elements, format_value

#: Up to this many classes, the per-row table of an elementwise loss lists each class's loss.
ELEMENT_COLUMNS_MAX_CLASSES = 8


def _row_sum_column(losses: FloatArray) -> Column:
    return _col(
        "row_sum",
        _("Σ over classes"),
        _("The sum of the row's element losses (each class is its own binary problem)."),
        losses.sum(axis=-1),
    )


def _elementwise_finish(
    loss: str,
    reduction: str,
    losses: FloatArray,
    cls: list[Column],
    rows: list[Column],
    formulas: list[str],
    notes: list[str],
) -> Steps:
    n_classes = losses.shape[1]
    if n_classes <= ELEMENT_COLUMNS_MAX_CLASSES:  # the element losses, one column per class, then their sum
        per_class = [
            _col(f"loss_{j}", _("ℓ[class {j}]", j=j), _("The element loss of class {j}.", j=j), losses[:, j])
            for j in range(n_classes)
        ]
        rows = [*per_class, *rows]
    return _finish(loss, reduction, n_classes, cls, rows, losses, _reduce_elements(losses, reduction), formulas, notes)


def bce_steps(
    probs: ArrayLike, target: ArrayLike, *, weight: ArrayLike | None = None, reduction: str = "mean"
) -> Steps:
    """`core.binary_cross_entropy` step by step: ``ℓ = -w[y log x + (1-y) log(1-x)]``, logs clamped at -100."""
    x = _check_batch(probs, "probs")
    binary_cross_entropy(x, target, weight=weight, reduction=reduction)
    y = as_float_array(target, "target")
    with np.errstate(divide="ignore"):
        log_x = np.maximum(np.log(x), BCE_LOG_CLAMP)
        log_1mx = np.maximum(np.log1p(-x), BCE_LOG_CLAMP)
    losses = -(y * log_x + (1.0 - y) * log_1mx)
    cls = [
        _col("prob", _("x (probability)"), _("The predicted probability that the class is present."), x),
        _col("target", _("y (target)"), _("1 if the class is present, 0 if not."), y),
        _col("log_x", "log x", _("Clamped below at −100, as PyTorch does."), log_x),
        _col("log_1mx", "log(1−x)", _("Computed as log1p(−x); clamped below at −100."), log_1mx),
    ]
    if weight is not None:
        w = as_float_array(weight, "weight")
        losses = losses * w
        cls.append(_col("weight", "w", _("The weight of each element."), np.broadcast_to(w, x.shape)))
    cls.append(_col("loss", _("ℓ (element loss)"), _("−w·[y·log x + (1−y)·log(1−x)]."), losses))
    notes = []
    if (x == 0).any() or (x == 1).any():
        notes.append(
            _(
                "A probability of exactly 0 or 1 makes a log −inf; PyTorch clamps each log at −100, "
                "so an element's loss is at most 100."
            )
        )
    formulas = bce_formulas(weighted=weight is not None)
    return _elementwise_finish("bce", reduction, losses, cls, [_row_sum_column(losses)], formulas, notes)


def bce_with_logits_steps(
    logits: ArrayLike,
    target: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    pos_weight: ArrayLike | None = None,
    reduction: str = "mean",
) -> Steps:
    """`core.binary_cross_entropy_with_logits` step by step: ``ℓ = -w[p_w y log σ(z) + (1-y) log σ(-z)]``."""
    z = _check_batch(logits, "logits")
    binary_cross_entropy_with_logits(z, target, weight=weight, pos_weight=pos_weight, reduction=reduction)
    y = as_float_array(target, "target")
    pos = log_sigmoid(z)
    neg = log_sigmoid(-z)
    cls = [
        _col("logit", "z (logit)", _("The raw score of each class."), z),
        _col(
            "sigmoid", "σ(z)", _("1 / (1 + exp(−z)): the predicted probability that the class is present."), np.exp(pos)
        ),
        _col("target", _("y (target)"), _("1 if the class is present, 0 if not."), y),
        _col("log_sigmoid", "log σ(z)", _("Computed as −log(1 + exp(−z)), exact for any z."), pos),
        _col(
            "log_1m_sigmoid",
            "log(1−σ(z)) = log σ(−z)",
            _("Never formed as 1 − σ(z), which cancels to 0 for large z."),
            neg,
        ),
    ]
    if pos_weight is not None:
        pw = as_float_array(pos_weight, "pos_weight")
        pos = pos * pw
        cls.append(
            _col("pos_weight", "p_w (pos_weight)", _("The weight of the positive term."), np.broadcast_to(pw, z.shape))
        )
    losses = -(y * pos + (1.0 - y) * neg)
    losses = np.broadcast_to(losses, z.shape).copy()
    if weight is not None:
        w = as_float_array(weight, "weight")
        losses = losses * w
        cls.append(_col("weight", "w", _("The weight of each element."), np.broadcast_to(w, z.shape)))
    cls.append(_col("loss", _("ℓ (element loss)"), _("−w·[p_w·y·log σ(z) + (1−y)·log σ(−z)]."), losses))
    formulas = bce_with_logits_formulas(weighted=weight is not None, pos_weighted=pos_weight is not None)
    notes = []
    if pos_weight is not None:
        notes.append(
            _("pos_weight multiplies only the positive (y = 1) term: n_neg / n_pos balances a rare positive class.")
        )
    return _elementwise_finish("bce_logits", reduction, losses, cls, [_row_sum_column(losses)], formulas, notes)


def kl_div_steps(
    pred: ArrayLike, target: ArrayLike, *, input_kind: str = "log_probabilities", reduction: str = "mean"
) -> Steps:
    """`core.kl_div` step by step: input ``log q`` (see `log_probabilities`), target ``p``; ``ℓ = p (log p - log q)``.

    Each row's sum is KL(p_n‖q_n); ``'batchmean'`` averages those over the rows;
    ``'mean'`` divides by N·C, which is not a KL divergence.
    """
    a = _check_batch(pred, "input")
    lq = log_probabilities(a, input_kind)
    kl_div(lq, target, reduction=reduction)
    p = as_float_array(target, "target")
    plogp = xlogy(p, p)
    losses = plogp - p * lq
    cls = [*_input_columns(a, lq, input_kind, "q")]
    cls += [
        _col("target", _("p (target)"), _("The target distribution."), p),
        _col("p_log_p", "p·log p", _("With 0·log 0 = 0."), plogp),
        _col("loss", "ℓ = p·(log p − log q)", _("The element's contribution to KL(p‖q)."), losses),
    ]
    rows = [
        _col("kl", "KL(p‖q) = Σ ℓ", _("The row's KL divergence: the sum of its element losses."), losses.sum(axis=-1)),
        _col("cross_entropy", "H(p, q) = −Σ p·log q", _("The row's cross-entropy."), -(p * lq).sum(axis=-1) + 0.0),
        _col(
            "entropy",
            "H(p) = −Σ p·log p",
            _("The target's entropy; H(p, q) = H(p) + KL(p‖q)."),
            -plogp.sum(axis=-1) + 0.0,
        ),
    ]
    notes = [
        _(
            "F.kl_div takes the *log* of the prediction as input and the target p as probabilities: KL(p‖q), "
            "not KL(q‖p)."
        )
    ]
    if reduction == "mean":
        n = lq.shape[0]
        notes.append(
            _(
                "'mean' divides by all N·C = {size} elements, which is not the KL divergence; "
                "PyTorch warns about it too. Use reduction='batchmean' (divide by N = "
                "{n}) for the mean KL per row: {value}.",
                size=lq.size,
                n=n,
                value=format_value(float(losses.sum()) / n),
            )
        )
    formulas = kl_div_formulas()
    return _elementwise_finish("kl_div", reduction, losses, cls, rows, formulas, notes)


def sigmoid_focal_steps(
    logits: ArrayLike,
    targets: ArrayLike,
    *,
    alpha: float | None = 0.25,
    gamma: float = 2.0,
    reduction: str = "none",
) -> Steps:
    """`core.sigmoid_focal_loss` (torchvision's) step by step: ``FL = α_t (1-p_t)^γ · BCE``."""
    z = _check_batch(logits, "logits")
    sigmoid_focal_loss(z, targets, alpha=alpha, gamma=gamma, reduction=reduction)
    a = _check_alpha(alpha)  # None for no weighting (None, or a negative alpha as torchvision spells it)
    y = as_float_array(targets, "targets")
    g = float(gamma)
    ce = -(y * log_sigmoid(z) + (1.0 - y) * log_sigmoid(-z))
    p = np.exp(log_sigmoid(z))
    one_minus_p = np.exp(log_sigmoid(-z))
    one_minus_pt = one_minus_p * y + p * (1.0 - y)
    factor = one_minus_pt**g
    losses = ce * factor
    cls = [
        _col("logit", "z (logit)", _("The raw score of each class."), z),
        _col("sigmoid", "p = σ(z)", _("The predicted probability that the class is present."), p),
        _col("target", _("y (target)"), _("1 if the class is present, 0 if not."), y),
        _col("p_t", "p_t", _("The probability given to the right answer: p if y = 1, else 1 − p."), 1.0 - one_minus_pt),
        _col("bce", "BCE = −log p_t", _("Binary cross-entropy with logits, unweighted."), ce),
        _col(
            "focal_factor", f"(1−p_t)^{g:g}", _("The focal factor: near 0 for easy, well-classified elements."), factor
        ),
    ]
    if a is not None:
        alpha_t = a * y + (1.0 - a) * (1.0 - y)
        losses = alpha_t * losses
        cls.append(_col("alpha_t", "α_t", _("α for positives (y = 1), 1 − α for negatives."), alpha_t))
    cls.append(_col("loss", _("ℓ (element loss)"), _("α_t·(1−p_t)^γ·BCE."), losses))
    formulas = sigmoid_focal_formulas(alpha=a, gamma=g)
    notes = []
    if reduction == "none":
        notes.append(
            _(
                "torchvision's default reduction is 'none'; detectors usually sum and divide by "
                "the number of positive anchors."
            )
        )
    return _elementwise_finish("sigmoid_focal", reduction, losses, cls, [_row_sum_column(losses)], formulas, notes)
