"""KL divergence as a loss: pointwise terms, and soft targets with a temperature (knowledge distillation).

``KL(p‖q) = Σ_i p_i log(p_i / q_i)`` is a sum of per-outcome terms, and which
outcomes dominate it (or make it infinite) is the heart of its asymmetry:
`kl_terms` returns them and `unsupported_outcomes` names the outcomes that make
it ``+inf``.

Knowledge distillation (Hinton, Vinyals and Dean, "Distilling the Knowledge in
a Neural Network", 2015) trains a student on a teacher's *soft targets*
``p_T = softmax(z_teacher / T)``, minimising ``KL(p_T ‖ q_T)`` with
``q_T = softmax(z_student / T)``, usually scaled by ``T²`` so that its gradients
keep their size as ``T`` grows, and mixed with the ordinary cross-entropy on the
hard label.  In PyTorch the KL is ``F.kl_div(log q_T, p_T, reduction="batchmean")``;
`distill` computes it that way with `core.kl_div` and also the numbers the usual
mistakes produce.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._validation import FloatArray, IntArray, as_distribution, as_float_array, check_scalar, log_base, same_shape
from .information import cross_entropy, entropy, kl_terms_unchecked
from .losses import cross_entropy_loss, kl_div
from .numerics import log_softmax, softmax

__all__ = [
    "Distillation",
    "distill",
    "kl_terms",
    "soft_targets",
    "unsupported_outcomes",
]


def _pair(p: ArrayLike, q: ArrayLike) -> tuple[FloatArray, FloatArray]:
    a = as_distribution(p, "p", -1)
    b = as_distribution(q, "q", -1)
    same_shape(a, b, "p", "q")
    return a, b


def kl_terms(p: ArrayLike, q: ArrayLike, *, base: float | None = None) -> FloatArray:
    """The per-outcome terms ``p_i log(p_i / q_i)`` whose sum is ``KL(p‖q)``.

    A term is 0 where ``p_i = 0`` (``0 · log 0 = 0``), ``+inf`` where ``q_i = 0 < p_i``,
    and negative where ``q_i > p_i``; the sum is never negative (Gibbs' inequality).
    This is ``scipy.special.rel_entr(p, q)`` and, for ``q_i > 0``,
    ``F.kl_div(log q, p, reduction="none")``.

    Args:
        p, q: probability distributions along the last axis, same shape.
        base: logarithm base; ``None`` for nats.

    Returns:
        float64 array of ``p``'s shape; never NaN.
    """
    a, b = _pair(p, q)
    terms = kl_terms_unchecked(a, b)
    result: FloatArray = terms / log_base(base)
    return result


def unsupported_outcomes(p: ArrayLike, q: ArrayLike) -> IntArray:
    """Indices ``i`` (last axis) where ``p_i > 0`` but ``q_i = 0``: the outcomes that make ``KL(p‖q) = +inf``.

    ``q`` calls impossible something that ``p`` says happens.  Empty exactly
    when ``KL(p‖q)`` is finite.  For batched input, an index is listed if it is
    unsupported in any row.
    """
    a, b = _pair(p, q)
    bad = (a > 0) & (b == 0)
    if bad.ndim > 1:
        bad = bad.reshape(-1, bad.shape[-1]).any(axis=0)
    return np.flatnonzero(bad).astype(np.int64)


def soft_targets(logits: ArrayLike, *, temperature: float = 1.0) -> FloatArray:
    """A teacher's soft targets ``softmax(z / T)`` along the last axis.

    ``T = 1`` is the ordinary softmax; ``T > 1`` lifts the small probabilities
    (the "dark knowledge" of which wrong classes look alike); ``T → ∞`` tends to
    uniform.  Reference: Hinton et al. (2015), eq. 1.
    """
    return softmax(logits, temperature=temperature)


@dataclass(frozen=True)
class Distillation:
    """The numbers of one distillation step (a single example), in nats unless said.

    Attributes:
        temperature: ``T``.
        teacher: soft targets ``p_T = softmax(z_t / T)``.
        student: the student's tempered prediction ``q_T = softmax(z_s / T)``.
        student_t1: the student's ordinary prediction ``softmax(z_s)``.
        kl: ``KL(p_T ‖ q_T)``: ``F.kl_div(log q_T, p_T, reduction="batchmean")`` on a batch of one.
        kl_scaled: ``T² · KL(p_T ‖ q_T)``, Hinton's scaling.
        soft_ce: ``H(p_T, q_T) = H(p_T) + KL(p_T ‖ q_T)``.
        teacher_entropy: ``H(p_T)``, the part of ``soft_ce`` the student cannot remove.
        hard_ce: ``-log softmax(z_s)_y``, cross-entropy with the hard label at ``T = 1``.
        loss: ``α T² KL + (1 - α) hard_ce``, Hinton's combined loss.
        torch_mean: ``F.kl_div(..., reduction="mean")`` (the default): KL / C, *not* the KL.
        torch_prob_input: ``F.kl_div(q_T, p_T, reduction="batchmean")``: probabilities
            passed where log-probabilities belong; a meaningless number.
        torch_swapped: ``F.kl_div(log p_T, q_T, reduction="batchmean")`` = ``KL(q_T ‖ p_T)``:
            the arguments swapped, the other direction.
    """

    temperature: float
    teacher: FloatArray
    student: FloatArray
    student_t1: FloatArray
    kl: float
    kl_scaled: float
    soft_ce: float
    teacher_entropy: float
    hard_ce: float
    loss: float
    torch_mean: float
    torch_prob_input: float
    torch_swapped: float


def distill(
    teacher_logits: ArrayLike,
    student_logits: ArrayLike,
    *,
    label: int,
    temperature: float = 4.0,
    alpha: float = 0.5,
) -> Distillation:
    """Soft-target KL, hard-label CE and Hinton's combined loss for one example.

    Formula::

        p_T = softmax(z_t / T),  q_T = softmax(z_s / T)
        loss = α · T² · KL(p_T ‖ q_T) + (1 - α) · CE(y, softmax(z_s))

    Args:
        teacher_logits, student_logits: ``(C,)`` finite logits, ``C >= 2``.
        label: the hard label, an integer in ``[0, C)``.
        temperature: ``T > 0``.
        alpha: weight of the soft term, in [0, 1].

    Returns:
        a `Distillation`; every KL is computed by `core.kl_div` as PyTorch would
        and equals `core.kl_divergence` (tested).

    Reference: Hinton, Vinyals and Dean (2015), §2; ``torch.nn.functional.kl_div``.
    """
    zt = as_float_array(teacher_logits, "teacher_logits")
    zs = as_float_array(student_logits, "student_logits")
    if zt.ndim != 1 or zt.size < 2:
        raise ValueError(f"teacher_logits must be a vector of at least 2 logits, got shape {zt.shape}")
    same_shape(zt, zs, "teacher_logits", "student_logits")
    t = check_scalar(temperature, "temperature", low=0.0, low_open=True)
    a = check_scalar(alpha, "alpha", low=0.0, high=1.0)
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)):
        raise TypeError(f"label must be an integer class index, got {label!r}")
    if not 0 <= int(label) < zt.size:
        raise ValueError(f"label = {label} is out of range for {zt.size} classes (valid: 0 to {zt.size - 1})")

    p = soft_targets(zt, temperature=t)
    log_q = log_softmax(zs, temperature=t)
    q = np.exp(log_q)
    batch_p, batch_log_q = p[None, :], log_q[None, :]
    kl = float(kl_div(batch_log_q, batch_p, reduction="batchmean"))
    hard = float(cross_entropy_loss(zs[None, :], np.array([int(label)])))
    return Distillation(
        temperature=t,
        teacher=p,
        student=q,
        student_t1=softmax(zs),
        kl=kl,
        kl_scaled=t * t * kl,
        soft_ce=float(cross_entropy(p, q)),
        teacher_entropy=float(entropy(p)),
        hard_ce=hard,
        loss=a * t * t * kl + (1.0 - a) * hard,
        torch_mean=float(kl_div(batch_log_q, batch_p, reduction="mean")),
        torch_prob_input=float(kl_div(q[None, :], batch_p, reduction="batchmean")),
        torch_swapped=float(kl_div(log_softmax(zt, temperature=t)[None, :], q[None, :], reduction="batchmean")),
    )
