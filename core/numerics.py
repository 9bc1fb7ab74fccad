"""Numerically stable building blocks: log-sum-exp, softmax, sigmoid and their logs.

Every function here is exact in float64 for logits as large as ±1e4 (and far
beyond): nothing is ever exponentiated before the largest term is shifted out,
and nothing is clipped with an epsilon.

Reference: Blanchard, Higham and Higham, "Accurately computing the log-sum-exp
and softmax functions", IMA Journal of Numerical Analysis 41 (2021).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from i18n import N_, ReaderError

from ._validation import FloatArray, _check_axis, as_float_array, check_scalar


def xlogy(x: FloatArray, y: FloatArray) -> FloatArray:
    """``x * log(y)`` with the convention ``0 * log(0) = 0`` (as ``scipy.special.xlogy``).

    Where ``x == 0`` the result is exactly 0, whatever ``y``; where ``x > 0`` and
    ``y == 0`` it is ``-inf``.  Inputs are assumed already validated.
    """
    logs = np.zeros(np.broadcast_shapes(np.shape(x), np.shape(y)))
    # log is evaluated only where x != 0; elsewhere logs stays 0, so x * logs is exactly 0.
    with np.errstate(divide="ignore"):
        np.log(y, out=logs, where=x != 0)
    logs *= x
    return logs


def _scaled(logits: ArrayLike, temperature: float) -> FloatArray:
    z = as_float_array(logits, "logits")
    if z.ndim == 0:
        raise ValueError("logits must have at least one dimension (one logit per class)")
    t = check_scalar(temperature, "temperature", low=0.0, low_open=True)
    if t == 1.0:
        return z
    with np.errstate(over="ignore"):
        scaled = z / t
    if not np.isfinite(scaled).all():
        raise ReaderError(
            N_("logits / temperature overflows float64 (temperature={temperature}); use a larger temperature"),
            temperature=f"{t:g}",
        )
    return scaled


def logsumexp(x: ArrayLike, *, axis: int = -1, keepdims: bool = False) -> FloatArray:
    """``log Σ_i exp(x_i)`` along ``axis``, computed stably.

    Formula: ``m + log Σ_i exp(x_i - m)`` with ``m = max_i x_i``; the shift makes
    the largest term exp(0) = 1, so the sum neither overflows nor underflows to 0.

    Args:
        x: array of finite reals, any shape with at least one dimension.
        axis: the axis to reduce.
        keepdims: keep the reduced axis with length 1.

    Returns:
        float64 array with ``axis`` removed (or kept with length 1).

    >>> float(logsumexp([1000.0, 1000.0]))  # 1000 + log 2; exp(1000) alone would overflow
    1000.6931471805599

    Reference: Blanchard, Higham and Higham (2021), §2; ``scipy.special.logsumexp``.
    """
    a = as_float_array(x, "x")
    if a.ndim == 0:
        raise ValueError("x must have at least one dimension")
    axis = _check_axis(axis, a.ndim, "x")
    m = a.max(axis=axis, keepdims=True)
    out = m + np.log(np.exp(a - m).sum(axis=axis, keepdims=True))
    result: FloatArray = out if keepdims else np.squeeze(out, axis=axis)
    return result


def log_softmax(logits: ArrayLike, axis: int = -1, *, temperature: float = 1.0) -> FloatArray:
    """Log of the softmax: ``z_i / T - logsumexp(z / T)``.

    Args:
        logits: finite reals, at least one dimension; classes along ``axis``.
        axis: the class axis.
        temperature: ``T > 0``; ``T > 1`` flattens the distribution, ``T < 1`` sharpens it.

    Returns:
        float64 array of ``logits``' shape; ``exp`` of it sums to 1 along ``axis``.

    Reference: ``torch.nn.functional.log_softmax``; Hinton et al. (2015),
    "Distilling the Knowledge in a Neural Network", for the temperature.
    """
    z = _scaled(logits, temperature)
    axis = _check_axis(axis, z.ndim, "logits")
    with np.errstate(over="ignore"):
        shifted = z - z.max(axis=axis, keepdims=True)
    if np.isinf(shifted).any():
        # Two logits ~1e308 apart: the log-probability itself is not representable.
        raise ReaderError(N_("logits differ by more than float64 can represent (about 1.8e308); rescale them"))
    # After the shift the largest term is exp(0) = 1, so the log below is of a number in [1, n].
    result: FloatArray = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    return result


def softmax(logits: ArrayLike, axis: int = -1, *, temperature: float = 1.0) -> FloatArray:
    """Softmax ``exp(z_i / T) / Σ_j exp(z_j / T)`` along ``axis``.

    Args:
        logits: finite reals, at least one dimension; classes along ``axis``.
        axis: the class axis.
        temperature: ``T > 0``.

    Returns:
        float64 probabilities of ``logits``' shape, summing to 1 along ``axis``.

    >>> softmax([1.0, 2.0, 3.0]).round(6).tolist()
    [0.090031, 0.244728, 0.665241]
    >>> softmax([1.0, 2.0, 3.0], temperature=10.0).round(6).tolist()  # a high temperature flattens it
    [0.30061, 0.332225, 0.367165]

    Reference: Goodfellow, Bengio and Courville, *Deep Learning* (2016), §6.2.2.3.
    """
    z = _scaled(logits, temperature)
    axis = _check_axis(axis, z.ndim, "logits")
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    result: FloatArray = e / e.sum(axis=axis, keepdims=True)
    return result


def sigmoid(x: ArrayLike) -> FloatArray:
    """Logistic function ``σ(x) = 1 / (1 + exp(-x))``, elementwise.

    Evaluated as ``exp(x) / (1 + exp(x))`` for ``x < 0`` so that ``exp`` never
    overflows; σ(1e4) is exactly 1.0 and σ(-1e4) underflows cleanly to 0.0 (use
    `log_sigmoid` when the log is wanted: it stays exact, -1e4).

    >>> float(sigmoid(0.0)), float(sigmoid(1e4)), float(sigmoid(-1e4))
    (0.5, 1.0, 0.0)

    Reference: ``scipy.special.expit``; ``torch.sigmoid``.
    """
    a = as_float_array(x, "x")
    # exp(-|x|) is in (0, 1], so neither branch can overflow.
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log_sigmoid(x: ArrayLike) -> FloatArray:
    """``log σ(x) = -log(1 + exp(-x))``, elementwise and stable.

    ``log(1 - σ(x))`` is ``log_sigmoid(-x)``: never form ``1 - σ(x)``, which
    cancels to 0 for large ``x``.  Computed as ``-logaddexp(0, -x)``.

    >>> float(log_sigmoid(-1e4))  # exact where log(sigmoid(-1e4)) would be log 0 = -inf
    -10000.0

    Reference: ``torch.nn.functional.logsigmoid``.
    """
    a = as_float_array(x, "x")
    return -np.logaddexp(0.0, -a)
