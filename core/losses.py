"""Classification losses with the semantics of ``torch.nn.functional``.

Names, arguments, defaults and reductions follow PyTorch (and torchvision for
`sigmoid_focal_loss`), and the results equal PyTorch's to 1e-10 in float64.
Where PyTorch would return NaN or silently broadcast, these functions raise
instead; each such difference is listed in the function's docstring.

Shapes: ``(C,)`` is one unbatched sample with ``C`` classes, ``(N, C)`` is a
batch.  Reductions: ``'none'`` returns the per-sample (or per-element) losses,
``'sum'`` their sum, ``'mean'`` their mean as PyTorch defines it for that loss.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (
    FloatArray,
    IntArray,
    as_float_array,
    as_probabilities,
    check_reduction,
    check_scalar,
    class_targets,
    class_vector,
    same_shape,
)
from .numerics import log_sigmoid, log_softmax, xlogy

Loss = float | FloatArray

#: ``F.binary_cross_entropy`` clamps each log term at this value, so that a
#: probability of exactly 0 or 1 gives a large finite loss instead of inf.
BCE_LOG_CLAMP = -100.0


def _logits_2d(x: ArrayLike, name: str) -> FloatArray:
    a = as_float_array(x, name)
    if a.ndim not in (1, 2):
        raise ValueError(f"{name} must have shape (C,) or (N, C), got {a.shape}")
    return a


def _reduce(losses: FloatArray, reduction: str, denominator: float | None = None) -> Loss:
    if reduction == "none":
        return float(losses) if losses.ndim == 0 else losses
    total = float(losses.sum())
    if reduction == "sum":
        return total
    return total / (losses.size if denominator is None else denominator)


def _weighted_mean_denominator(w_picked: FloatArray, what: str) -> float:
    denom = float(w_picked.sum())
    if denom == 0.0:
        # PyTorch returns 0/0 = nan here; a NaN loss is never what anyone wants to see.
        raise ValueError(
            f"reduction='mean' divides by the {what}, which is 0 here (PyTorch would return nan); "
            "use reduction='sum' or check target and ignore_index"
        )
    return denom


def nll_loss(
    log_probs: ArrayLike,
    target: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Loss:
    """Negative log-likelihood ``ℓ_n = -w_{y_n} · log_probs[n, y_n]`` (``F.nll_loss``).

    Args:
        log_probs: ``(C,)`` or ``(N, C)`` log-probabilities (for example from
            `log_softmax`); finite.
        target: class indices, shape ``()`` or ``(N,)``, integers in ``[0, C)`` or
            ``ignore_index``.
        weight: optional ``(C,)`` non-negative class weights ``w_c`` (default all 1).
        ignore_index: a target value that contributes 0 and is left out of the mean.
        reduction: ``'none'`` (per-sample losses, 0 for ignored), ``'sum'``, or
            ``'mean'`` = ``Σ_n ℓ_n / Σ_n w_{y_n}`` over the non-ignored samples,
            the weighted mean (not the mean over N).

    Returns:
        float, or the per-sample array with ``reduction='none'``.

    Raises ``ValueError`` when every target is ignored (or has weight 0) under
    ``'mean'``, where PyTorch returns nan.

    With class weights ``'mean'`` is a weighted mean, divided by the picked weights' sum:

    >>> log_q = np.log([[0.3, 0.3, 0.4], [0.3, 0.4, 0.3], [0.1, 0.2, 0.7]])
    >>> round(nll_loss(log_q, [2, 1, 0]), 6), round(nll_loss(log_q, [2, 1, 0], weight=[1.0, 2.0, 0.5]), 6)
    (1.378389, 1.312375)

    Reference: ``torch.nn.functional.nll_loss``; Bishop, *Pattern Recognition and
    Machine Learning* (2006), eq. 4.108.
    """
    lp = _logits_2d(log_probs, "log_probs")
    reduction = check_reduction(reduction)
    n_classes = lp.shape[-1]
    batched = lp.ndim == 2
    t = class_targets(target, n_classes, lp.shape[:-1], ignore_index=ignore_index)
    w = class_vector(weight, "weight", n_classes)
    losses, w_picked = _picked_nll(lp.reshape(-1, n_classes), t.reshape(-1), w, ignore_index)
    if reduction == "mean":
        return _reduce(losses, reduction, _weighted_mean_denominator(w_picked, "sum of the target weights"))
    return _reduce(losses if batched else losses.reshape(()), reduction)


def _picked_nll(lp: FloatArray, t: IntArray, w: FloatArray | None, ignore_index: int) -> tuple[FloatArray, FloatArray]:
    """Per-sample ``-w_y log p_y`` (0 where ignored) and the weights ``w_y`` (0 where ignored)."""
    keep = t != ignore_index
    safe_t = np.where(keep, t, 0)
    picked = lp[np.arange(lp.shape[0]), safe_t]
    w_picked = (np.ones(len(t)) if w is None else w[safe_t]) * keep
    # 0 * picked is -0.0 for ignored samples; adding 0.0 turns that into +0.0, as PyTorch prints.
    return -(w_picked * picked) + 0.0, w_picked


def cross_entropy_loss(
    logits: ArrayLike,
    target: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Loss:
    """Softmax cross-entropy on raw logits (``F.cross_entropy``, ``nn.CrossEntropyLoss``).

    With class-index targets ``y_n`` and ``log p = log_softmax(z)``, smoothing ``ε``:

        ℓ_n = (1 - ε) · (-w_{y_n} log p_{n,y_n}) + (ε / C) · (-Σ_c w_c log p_{n,c})

    and ``'mean'`` divides the sum by ``Σ_n w_{y_n}`` over non-ignored samples
    (by their count without weights).  With probability targets ``P`` (same shape
    as ``logits``), ``P ← (1 - ε) P + ε / C`` and ``ℓ_n = -Σ_c w_c P_{n,c} log p_{n,c}``;
    ``'mean'`` divides by ``N``.

    Args:
        logits: ``(C,)`` or ``(N, C)`` unnormalised scores; finite.
        target: integer class indices of shape ``()`` / ``(N,)``, or float class
            probabilities of the same shape as ``logits`` (rows summing to 1 are the
            usual case; PyTorch does not check that, nor does this).
        weight: optional ``(C,)`` non-negative class weights.
        ignore_index: class-index target to skip (not allowed with probability targets).
        reduction: ``'none'``, ``'mean'`` or ``'sum'``.
        label_smoothing: ``ε`` in [0, 1].

    Returns:
        float, or the per-sample array with ``reduction='none'``.

    On raw logits, as ``nn.CrossEntropyLoss()``:

    >>> logits, target = [[-1, 0.5, 2], [-1, 0.5, 3]], [1, 2]
    >>> cross_entropy_loss(logits, target, reduction="none").round(6).tolist()
    [1.741311, 0.095674]
    >>> round(cross_entropy_loss(logits, target), 6)
    0.918493

    Reference: ``torch.nn.functional.cross_entropy``; Szegedy et al. (2016),
    "Rethinking the Inception Architecture", §7, for label smoothing.
    """
    z = _logits_2d(logits, "logits")
    reduction = check_reduction(reduction)
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    n_classes = z.shape[-1]
    w = class_vector(weight, "weight", n_classes)
    lp = log_softmax(z, axis=-1)
    tgt = np.asarray(target)
    if np.issubdtype(tgt.dtype, np.floating) and tgt.shape == z.shape:
        if ignore_index != -100:
            raise ValueError(
                f"ignore_index={ignore_index} cannot be used with probability targets (PyTorch raises too)"
            )
        return _soft_target_ce(lp, as_float_array(tgt, "target"), w, eps, reduction)

    batched = z.ndim == 2
    t = class_targets(tgt, n_classes, z.shape[:-1], ignore_index=ignore_index).reshape(-1)
    lp2 = lp.reshape(-1, n_classes)
    losses, w_picked = _picked_nll(lp2, t, w, ignore_index)
    if eps > 0.0:
        keep = t != ignore_index
        smooth = -(lp2 if w is None else lp2 * w).sum(axis=-1) * keep
        losses = (1.0 - eps) * losses + (eps / n_classes) * smooth + 0.0
    if reduction == "mean":
        what = "sum of the target weights" if w is not None else "number of non-ignored targets"
        return _reduce(losses, reduction, _weighted_mean_denominator(w_picked, what))
    return _reduce(losses if batched else losses.reshape(()), reduction)


def _soft_target_ce(lp: FloatArray, p: FloatArray, w: FloatArray | None, eps: float, reduction: str) -> Loss:
    n_classes = lp.shape[-1]
    if eps > 0.0:
        p = p * (1.0 - eps) + eps / n_classes
    terms = p * lp  # lp is finite (log_softmax of finite logits), so a 0 target gives exactly 0
    if w is not None:
        terms = terms * w
    losses = -terms.sum(axis=-1)
    n = lp.size // n_classes
    return _reduce(losses, reduction, float(n))


def binary_cross_entropy(
    probs: ArrayLike,
    target: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    reduction: str = "mean",
) -> Loss:
    """Binary cross-entropy on probabilities (``F.binary_cross_entropy``, ``nn.BCELoss``).

        ℓ = -w · [y · log x + (1 - y) · log(1 - x)]

    elementwise, each log clamped below at -100 as PyTorch does, so ``x = 0`` or
    ``1`` gives a loss of at most 100 instead of inf.  ``'mean'`` averages over
    all elements.

    Args:
        probs: predicted probabilities ``x`` in [0, 1], any shape.
        target: targets ``y`` in [0, 1], the same shape (PyTorch accepts targets
            outside [0, 1]; this raises).
        weight: optional rescaling weight, broadcastable to ``probs``.
        reduction: ``'none'``, ``'mean'`` or ``'sum'``.

    One binary cross-entropy per output node of a multi-label prediction:

    >>> round(binary_cross_entropy([0.1, 0.7, 0.8], [0, 1, 1], reduction="sum"), 6)  # -log 0.9 - log 0.7 - log 0.8
    0.685179
    >>> round(binary_cross_entropy([0.1, 0.7, 0.8], [0, 1, 1]), 6)  # 'mean' over the 3 nodes
    0.228393

    Reference: ``torch.nn.functional.binary_cross_entropy``; Goodfellow et al.,
    *Deep Learning* (2016), §6.2.2.2.
    """
    x = as_probabilities(probs, "probs")
    y = as_probabilities(target, "target")
    same_shape(x, y, "probs", "target")
    reduction = check_reduction(reduction)
    with np.errstate(divide="ignore"):
        log_x = np.maximum(np.log(x), BCE_LOG_CLAMP)
        log_1mx = np.maximum(np.log1p(-x), BCE_LOG_CLAMP)
    losses = -(y * log_x + (1.0 - y) * log_1mx)
    losses = _apply_weight(losses, weight, "weight")
    return _reduce(losses, reduction)


def _apply_weight(losses: FloatArray, weight: ArrayLike | None, name: str) -> FloatArray:
    if weight is None:
        return losses
    w = as_float_array(weight, name)
    try:
        shape = np.broadcast_shapes(w.shape, losses.shape)
    except ValueError:
        raise ValueError(f"{name} of shape {w.shape} does not broadcast to the input's shape {losses.shape}") from None
    if shape != losses.shape:
        raise ValueError(f"{name} of shape {w.shape} would enlarge the input's shape {losses.shape}")
    return losses * w


def binary_cross_entropy_with_logits(
    logits: ArrayLike,
    target: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    pos_weight: ArrayLike | None = None,
    reduction: str = "mean",
) -> Loss:
    """Binary cross-entropy on logits (``F.binary_cross_entropy_with_logits``, ``nn.BCEWithLogitsLoss``).

        ℓ = -w · [p_w · y · log σ(z) + (1 - y) · log(1 - σ(z))]

    computed with ``log σ(z)`` and ``log(1 - σ(z)) = log σ(-z)``, exact for any
    finite logit (no clamping is needed).

    Args:
        logits: ``z``, any shape; finite.
        target: ``y`` in [0, 1], the same shape (multi-label: one 0/1 per class).
        weight: optional weight broadcastable to ``logits``.
        pos_weight: optional weight of the positive term, broadcastable along the
            last (class) axis; ``n_neg / n_pos`` balances a rare positive class.
        reduction: ``'none'``, ``'mean'`` or ``'sum'``.

    >>> bool(binary_cross_entropy_with_logits([0.0], [1.0], pos_weight=[3.0]) == 3 * np.log(2))  # p_w scales y = 1 only
    True

    Reference: ``torch.nn.functional.binary_cross_entropy_with_logits``.
    """
    z = as_float_array(logits, "logits")
    y = as_probabilities(target, "target")
    same_shape(z, y, "logits", "target")
    reduction = check_reduction(reduction)
    pos = log_sigmoid(z)
    neg = log_sigmoid(-z)
    if pos_weight is not None:
        pw = as_float_array(pos_weight, "pos_weight")
        if (pw < 0).any():
            raise ValueError("pos_weight must be non-negative")
        try:
            np.broadcast_shapes(pw.shape, z.shape)
        except ValueError:
            raise ValueError(
                f"pos_weight of shape {pw.shape} does not broadcast to logits of shape {z.shape}"
            ) from None
        pos = pos * pw
    losses = -(y * pos + (1.0 - y) * neg)
    losses = _apply_weight(np.broadcast_to(losses, z.shape).copy(), weight, "weight")
    return _reduce(losses, reduction)


def mse_loss(input: ArrayLike, target: ArrayLike, *, reduction: str = "mean") -> Loss:
    """Mean squared error ``ℓ = (x - y)²`` elementwise (``F.mse_loss``, ``nn.MSELoss``).

    ``'mean'`` averages over *all* elements: for an ``(N, C)`` batch of
    probability rows it divides by ``N·C``, not ``N``.  (The McCaffrey example of
    the post 交叉熵损失(Cross Entropy Loss)学习笔记 sums over classes and averages
    over rows, i.e. ``C`` times this.)

    >>> net, onehot = [[0.3, 0.3, 0.4], [0.3, 0.4, 0.3], [0.1, 0.2, 0.7]], np.eye(3)[[2, 1, 0]]
    >>> round(mse_loss(net, onehot), 6), round(float(mse_loss(net, onehot, reduction="none").sum(axis=1).mean()), 6)
    (0.268889, 0.806667)

    Args:
        input: predictions ``x``, any shape; finite.
        target: targets ``y``, the same shape (PyTorch broadcasts with a warning;
            this raises).
        reduction: ``'none'``, ``'mean'`` or ``'sum'``.

    Reference: ``torch.nn.functional.mse_loss``.
    """
    x = as_float_array(input, "input")
    y = as_float_array(target, "target")
    same_shape(x, y, "input", "target")
    reduction = check_reduction(reduction)
    return _reduce((x - y) ** 2, reduction)


def kl_div(
    input: ArrayLike,
    target: ArrayLike,
    *,
    reduction: str = "mean",
    log_target: bool = False,
) -> Loss:
    """Pointwise KL divergence as ``F.kl_div`` computes it: ``input`` is **log q**, ``target`` is p.

        ℓ = p · (log p - input)          (log_target=False, with 0 · log 0 = 0)
        ℓ = exp(t) · (t - input)         (log_target=True, target t = log p)

    Reductions: ``'batchmean'`` = sum / ``input.shape[0]``, which is KL(p‖q)
    averaged over a batch of rows and the one to use; ``'mean'`` divides by the
    number of *elements* (``N·C``), which is **not** the KL (PyTorch's default,
    kept for compatibility); ``'sum'``; ``'none'``.  Note that for an unbatched
    ``(C,)`` input, PyTorch's ``'batchmean'`` divides by ``C``; so does this.

    Args:
        input: log-probabilities ``log q``, any shape with at least one dimension; finite.
        target: probabilities ``p`` (>= 0), or ``log p`` with ``log_target=True``; same shape.
        reduction: ``'none'``, ``'batchmean'``, ``'sum'`` or ``'mean'``.
        log_target: whether ``target`` is given in log space.

    ``'batchmean'`` is the mean of the rows' KL(p‖q); ``'mean'`` is that divided by ``C``:

    >>> from core import kl_divergence
    >>> q, p = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]], [[0.7, 0.2, 0.1], [0.2, 0.7, 0.1]]
    >>> round(kl_div(np.log(q), p, reduction="batchmean"), 6), round(float(np.mean(kl_divergence(p, q))), 6)
    (0.022579, 0.022579)
    >>> round(kl_div(np.log(q), p, reduction="mean"), 6)
    0.007526

    Reference: ``torch.nn.functional.kl_div``; Hinton et al. (2015), "Distilling
    the Knowledge in a Neural Network", for its use with soft targets.
    """
    lq = as_float_array(input, "input")
    t = as_float_array(target, "target")
    same_shape(lq, t, "input", "target")
    if not isinstance(log_target, (bool, np.bool_)):
        raise TypeError(f"log_target must be True or False, got {log_target!r}")
    reduction = check_reduction(reduction, ("none", "batchmean", "sum", "mean"))
    if log_target:
        losses = np.exp(t) * (t - lq)
    else:
        if (t < 0).any():
            raise ValueError("target has a negative entry; with log_target=False it must hold probabilities")
        losses = xlogy(t, t) - t * lq
    if reduction == "batchmean":
        return float(losses.sum()) / (lq.shape[0] if lq.ndim else 1)
    return _reduce(losses, reduction)


def sigmoid_focal_loss(
    logits: ArrayLike,
    targets: ArrayLike,
    *,
    alpha: float | None = 0.25,
    gamma: float = 2.0,
    reduction: str = "none",
) -> Loss:
    """Binary focal loss on logits, as torchvision's ``sigmoid_focal_loss``.

        FL = α_t · (1 - p_t)^γ · BCE(z, y),   p = σ(z),
        p_t = p·y + (1 - p)(1 - y),   α_t = α·y + (1 - α)(1 - y)

    With hard labels ``BCE = -log p_t``, so ``FL = -α_t (1 - p_t)^γ log p_t``.
    ``γ = 0`` and ``alpha=None`` give plain BCE with logits.  ``1 - p_t`` is
    formed as ``σ(-z)·y + σ(z)·(1 - y)``, so it never cancels to 0 for confident
    predictions.

    Args:
        logits: ``z``, any shape; finite.
        targets: ``y`` in [0, 1], the same shape.
        alpha: weight of the positive class in [0, 1]; ``None`` or any negative
            value for no weighting (torchvision's ``alpha=-1``), so code written
            for torchvision runs unchanged.  Above 1, or NaN, raises.
        gamma: focusing parameter ``γ >= 0``.
        reduction: ``'none'`` (torchvision's default), ``'mean'`` or ``'sum'``.

    >>> z, y = [[3.0, -2.0], [-0.5, 1.0]], [[1.0, 0.0], [1.0, 0.0]]
    >>> round(sigmoid_focal_loss(z, y, reduction="mean"), 6)  # α = 0.25, γ = 2: torchvision's defaults
    0.155534
    >>> sigmoid_focal_loss(z, y, alpha=-1, reduction="mean") == sigmoid_focal_loss(z, y, alpha=None, reduction="mean")
    True

    Reference: Lin et al. (2017), "Focal Loss for Dense Object Detection",
    eq. 5; ``torchvision.ops.sigmoid_focal_loss``.
    """
    z = as_float_array(logits, "logits")
    y = as_probabilities(targets, "targets")
    same_shape(z, y, "logits", "targets")
    g = check_scalar(gamma, "gamma", low=0.0)
    a = _check_alpha(alpha)
    reduction = check_reduction(reduction)
    ce = -(y * log_sigmoid(z) + (1.0 - y) * log_sigmoid(-z))
    p = np.exp(log_sigmoid(z))
    one_minus_p = np.exp(log_sigmoid(-z))
    one_minus_pt = one_minus_p * y + p * (1.0 - y)
    losses = ce * one_minus_pt**g
    if a is not None:
        losses = (a * y + (1.0 - a) * (1.0 - y)) * losses
    return _reduce(losses, reduction)


def _check_alpha(alpha: float | None) -> float | None:
    """The sigmoid focal loss's ``alpha``: a weight in [0, 1], or ``None`` for no weighting.

    A negative alpha means no weighting, as in torchvision (``if alpha >= 0``),
    whose documentation spells it ``alpha=-1``.  NaN and values above 1 raise.
    """
    if alpha is None:
        return None
    if isinstance(alpha, (int, float, np.integer, np.floating)) and not isinstance(alpha, bool) and alpha < 0:
        return None
    return check_scalar(alpha, "alpha", low=0.0, high=1.0)


def softmax_focal_loss(
    logits: ArrayLike,
    target: ArrayLike,
    *,
    gamma: float = 2.0,
    alpha: ArrayLike | float | None = None,
    reduction: str = "mean",
) -> Loss:
    """Multi-class focal loss on logits: ``FL_n = -α_{y_n} (1 - p_{n,y_n})^γ log p_{n,y_n}``.

    ``p = softmax(z)``.  With ``γ = 0`` and ``alpha=None`` it equals
    `cross_entropy_loss` exactly.  ``1 - p_y`` is formed as ``-expm1(log p_y)``,
    exact even when ``p_y`` rounds to 1.

    Args:
        logits: ``(C,)`` or ``(N, C)``; finite.
        target: integer class indices, shape ``()`` or ``(N,)``, in ``[0, C)``.
        gamma: focusing parameter ``γ >= 0``.
        alpha: ``None`` (no weighting), one weight in [0, 1] for every class, or a
            ``(C,)`` vector of per-class weights in [0, 1].
        reduction: ``'none'``, ``'sum'``, or ``'mean'`` (over the ``N`` samples).

    γ quiets the well-classified: here ``p_y = 0.66`` and the loss drops nearly ninefold.

    >>> z = [[2.0, 1.0, 0.1]]
    >>> softmax_focal_loss(z, [0], gamma=0.0) == cross_entropy_loss(z, [0])
    True
    >>> round(cross_entropy_loss(z, [0]), 6), round(softmax_focal_loss(z, [0], gamma=2.0), 6)
    (0.41703, 0.048492)

    Reference: Lin et al. (2017), eq. 5, extended to softmax as in their §5 remark
    and in ``kornia.losses.focal_loss``.
    """
    z = _logits_2d(logits, "logits")
    g = check_scalar(gamma, "gamma", low=0.0)
    reduction = check_reduction(reduction)
    n_classes = z.shape[-1]
    t = class_targets(target, n_classes, z.shape[:-1], ignore_index=None).reshape(-1)
    lp = log_softmax(z, axis=-1).reshape(-1, n_classes)
    lp_t = lp[np.arange(lp.shape[0]), t]
    losses = -((-np.expm1(lp_t)) ** g) * lp_t
    if alpha is not None:
        if np.ndim(alpha) == 0:
            a = check_scalar(alpha, "alpha", low=0.0, high=1.0)  # type: ignore[arg-type]
            losses = a * losses
        else:
            av = class_vector(alpha, "alpha", n_classes, low=0.0, high=1.0)
            assert av is not None
            losses = av[t] * losses
    losses = losses + 0.0
    return _reduce(losses if z.ndim == 2 else losses.reshape(()), reduction)
