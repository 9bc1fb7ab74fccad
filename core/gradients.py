"""Closed-form gradients of the per-sample losses with respect to the logits.

These are the curves the pages plot: why cross-entropy keeps pushing a
confidently wrong prediction while MSE through a squashing function stalls, and
how focal loss quiets easy examples.  Each is the derivative of the matching
``reduction='none'`` loss in `core.losses`, per sample, and is tested against
central finite differences and PyTorch autograd.

Reference: Nielsen, *Neural Networks and Deep Learning* (2015), ch. 3
("The cross-entropy cost function"); Lin et al. (2017), appendix B.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import FloatArray, as_float_array, as_probabilities, check_scalar, class_targets, same_shape
from .losses import _check_alpha, _logits_2d
from .numerics import log_sigmoid, log_softmax


def _targets_as_probs(z: FloatArray, target: ArrayLike) -> FloatArray:
    """One-hot rows for class indices, or the given probability rows."""
    tgt = np.asarray(target)
    if np.issubdtype(tgt.dtype, np.floating) and tgt.shape == z.shape:
        return as_float_array(tgt, "target")
    t = class_targets(tgt, z.shape[-1], z.shape[:-1], ignore_index=None)
    return np.eye(z.shape[-1])[t]


def softmax_cross_entropy_grad(logits: ArrayLike, target: ArrayLike) -> FloatArray:
    """``∂ℓ/∂z = softmax(z) - y`` for ``ℓ = -Σ_c y_c log softmax(z)_c``.

    Args:
        logits: ``(C,)`` or ``(N, C)``.
        target: class indices (shape ``()`` / ``(N,)``) or probability rows (shape of ``logits``).

    Returns:
        float64 array of ``logits``' shape: the gradient of each sample's loss.
    """
    z = _logits_2d(logits, "logits")
    y = _targets_as_probs(z, target)
    return np.exp(log_softmax(z)) - y


def sigmoid_cross_entropy_grad(logits: ArrayLike, target: ArrayLike) -> FloatArray:
    """``∂ℓ/∂z = σ(z) - y`` for binary cross-entropy ``ℓ = -[y log σ(z) + (1-y) log(1-σ(z))]``.

    The sigmoid's derivative ``σ(1-σ)`` cancels against the log's ``1/σ``: the
    gradient is the plain error, largest when the prediction is most wrong.
    """
    z = as_float_array(logits, "logits")
    y = as_probabilities(target, "target")
    same_shape(z, y, "logits", "target")
    return np.exp(log_sigmoid(z)) - y


def sigmoid_mse_grad(logits: ArrayLike, target: ArrayLike) -> FloatArray:
    """``∂ℓ/∂z = 2 (p - y) · p (1 - p)`` for ``ℓ = (σ(z) - y)²`` (``mse_loss`` on ``sigmoid(z)``).

    The factor ``p(1 - p) ≤ 1/4`` vanishes as ``|z|`` grows, so a confidently
    *wrong* output (``p ≈ 1``, ``y = 0``) gets almost no gradient: the learning
    slowdown.  Nielsen's quadratic cost ``½(p - y)²`` has half this gradient.

    A confidently wrong output (``z = -10``, ``y = 1``): CE pushes at full strength, MSE barely moves.

    >>> z, y = [-10.0], [1.0]
    >>> round(float(sigmoid_cross_entropy_grad(z, y)[0]), 6), round(float(sigmoid_mse_grad(z, y)[0]), 6)
    (-0.999955, -9.1e-05)
    """
    z = as_float_array(logits, "logits")
    y = as_probabilities(target, "target")
    same_shape(z, y, "logits", "target")
    p = np.exp(log_sigmoid(z))
    # p(1 - p) as σ(z)σ(-z): no cancellation in 1 - p for large z.
    return 2.0 * (p - y) * p * np.exp(log_sigmoid(-z))


def softmax_mse_grad(logits: ArrayLike, target: ArrayLike) -> FloatArray:
    """Gradient of ``ℓ = Σ_c (p_c - y_c)²`` with ``p = softmax(z)``, per sample.

        ∂ℓ/∂z_j = 2 p_j [(p_j - y_j) - Σ_c (p_c - y_c) p_c]

    (the softmax Jacobian ``p_c(δ_cj - p_j)`` applied to ``2(p - y)``).  It goes
    to 0 when one wrong class takes nearly all the mass.  The loss is
    ``C · mse_loss(p, y)`` per sample, McCaffrey's "sum over classes" convention.
    """
    z = _logits_2d(logits, "logits")
    y = _targets_as_probs(z, target)
    p = np.exp(log_softmax(z))
    e = p - y
    grad: FloatArray = 2.0 * p * (e - (e * p).sum(axis=-1, keepdims=True))
    return grad


def sigmoid_focal_grad(
    logits: ArrayLike, targets: ArrayLike, *, alpha: float | None = 0.25, gamma: float = 2.0
) -> FloatArray:
    """Gradient of torchvision's `sigmoid_focal_loss` (``reduction='none'``) w.r.t. the logits.

    With ``p = σ(z)``, ``m = 1 - p_t = y + p - 2py`` and ``ce = BCE(z, y)``:

        ∂FL/∂z = α_t [ (p - y) m^γ + γ m^(γ-1) (1 - 2y) p(1 - p) · ce ]

    For a hard label this is ``α_t s m^γ [γ p_t log p_t - (1 - p_t)]`` with
    ``s = 2y - 1``; ``γ = 0`` gives ``α_t (p - y)``, CE's gradient.

    ``alpha`` as in `sigmoid_focal_loss`: ``None`` or a negative value (torchvision's ``-1``) for no weighting.

    Reference: Lin et al. (2017), appendix B (eq. 6 to 9 for ``x_t = s z``).
    """
    z = as_float_array(logits, "logits")
    y = as_probabilities(targets, "targets")
    same_shape(z, y, "logits", "targets")
    g = check_scalar(gamma, "gamma", low=0.0)
    a = _check_alpha(alpha)
    log_p, log_q = log_sigmoid(z), log_sigmoid(-z)
    p, q = np.exp(log_p), np.exp(log_q)
    m = q * y + p * (1.0 - y)
    ce = -(y * log_p + (1.0 - y) * log_q)
    # p(1-p) = m · p_t for hard labels, which keeps m^(γ-1) out of the formula (it is
    # infinite at m = 0 for γ < 1); soft labels have m > 0 and use the general form.
    hard = (y == 0) | (y == 1)
    pt = p * y + q * (1.0 - y)
    with np.errstate(divide="ignore", invalid="ignore"):
        focus_hard = m**g * pt * ce
        focus_soft = np.where(m > 0, m ** (g - 1.0), 0.0) * p * q * ce
    focus = np.where(hard, focus_hard, focus_soft)
    grad = (p - y) * m**g + g * (1.0 - 2.0 * y) * focus
    if a is not None:
        grad = (a * y + (1.0 - a) * (1.0 - y)) * grad
    return grad


def softmax_focal_grad(logits: ArrayLike, target: ArrayLike, *, gamma: float = 2.0) -> FloatArray:
    """Gradient of `softmax_focal_loss` (``reduction='none'``, no α) w.r.t. the logits.

    With ``p = softmax(z)`` and the true class ``y``:

        ∂FL/∂z_j = (1 - p_y)^γ [γ p_y log p_y / (1 - p_y) - 1] (δ_jy - p_j)

    ``γ = 0`` gives ``p - onehot(y)``, CE's gradient.  ``log p_y / (1 - p_y)``
    tends to -1 as ``p_y → 1`` and is evaluated as that limit there.
    """
    z = _logits_2d(logits, "logits")
    g = check_scalar(gamma, "gamma", low=0.0)
    t = class_targets(target, z.shape[-1], z.shape[:-1], ignore_index=None)
    lp = log_softmax(z)
    onehot = np.eye(z.shape[-1])[t]
    lp_t = (lp * onehot).sum(axis=-1, keepdims=True)
    p_t = np.exp(lp_t)
    one_minus = -np.expm1(lp_t)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(one_minus > 0, lp_t / one_minus, -1.0)
    factor = one_minus**g * (g * p_t * ratio - 1.0)
    grad: FloatArray = factor * (onehot - np.exp(lp))
    return grad
