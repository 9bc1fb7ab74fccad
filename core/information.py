"""Information measures: surprisal, entropy, cross-entropy, KL and JS divergence.

All use the natural log (nats) unless ``base`` is given (``base=2``: bits).
Distributions lie along ``axis`` (default: the last); other axes are batch
axes.  A distribution that has a negative or non-finite entry, or does not sum
to 1 within `core.SUM_TOLERANCE`, raises ``ValueError``; `normalize` rescales
non-negative weights into a distribution first.

The convention ``0 · log 0 = 0`` (the limit of ``p log p`` as ``p → 0``) is
applied exactly, never by adding an epsilon.

Reference: Cover and Thomas, *Elements of Information Theory* (2nd ed., 2006),
ch. 2; the definitions match ``scipy.stats.entropy`` and
``scipy.special.rel_entr``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (
    FloatArray,
    _check_axis,
    as_distribution,
    as_float_array,
    as_probabilities,
    log_base,
    same_shape,
)
from .numerics import xlogy

Float = float | FloatArray


def _out(x: FloatArray) -> Float:
    """A 0-d result as a Python float, anything else as an array; -0.0 becomes 0.0."""
    x = x + 0.0  # a certain outcome's -0.0 would print as "-0.0000"
    return float(x) if np.ndim(x) == 0 else x


def normalize(p: ArrayLike, *, axis: int = -1) -> FloatArray:
    """Rescale non-negative weights so that they sum to 1 along ``axis``: ``p / Σ p``.

    Raises ``ValueError`` if an entry is negative or not finite, or if a slice sums to 0.

    >>> normalize([1, 1, 2]).tolist()
    [0.25, 0.25, 0.5]
    """
    a = as_float_array(p, "p")
    if a.ndim == 0:
        raise ValueError("p must have at least one dimension")
    axis = _check_axis(axis, a.ndim, "p")
    if (a < 0).any():
        raise ValueError("p has a negative entry; only non-negative weights can be normalised")
    total = a.sum(axis=axis, keepdims=True)
    if (total == 0).any():
        raise ValueError("p sums to 0 (all zeros); there is nothing to normalise")
    result: FloatArray = a / total
    return result


def surprisal(p: ArrayLike, *, base: float | None = None) -> Float:
    """Information content (surprisal) of an outcome of probability ``p``: ``I = -log p``.

    Elementwise over any shape; ``p`` must lie in [0, 1].  ``I(1) = 0`` (a
    certain outcome tells nothing) and ``I(0) = +inf``.

    The rarer the outcome, the more it tells:

    >>> surprisal([0.7, 0.2, 0.1]).round(6).tolist()  # nats
    [0.356675, 1.609438, 2.302585]

    Reference: Shannon (1948), "A Mathematical Theory of Communication".
    """
    a = as_probabilities(p, "p")
    with np.errstate(divide="ignore"):
        return _out(-np.log(a) / log_base(base))


def entropy(p: ArrayLike, *, axis: int = -1, base: float | None = None) -> Float:
    """Shannon entropy ``H(p) = -Σ_i p_i log p_i`` of each distribution along ``axis``.

    ``0 ≤ H(p) ≤ log n`` for ``n`` outcomes, with equality at a certain outcome
    and at the uniform distribution respectively.

    Args:
        p: probability distributions along ``axis``.
        axis: the outcome axis.
        base: logarithm base; ``None`` for nats, 2 for bits.

    Returns:
        float for a single distribution, else an array with ``axis`` removed.

    The expected surprisal; ``base=2`` gives bits:

    >>> round(entropy([0.7, 0.2, 0.1]), 6), round(entropy([0.7, 0.2, 0.1], base=2), 6)
    (0.801819, 1.15678)

    Reference: Cover and Thomas (2006), eq. 2.1; ``scipy.stats.entropy(p)``.
    """
    a = as_distribution(p, "p", axis)
    return _out(-xlogy(a, a).sum(axis=axis) / log_base(base))


def binary_entropy(p: ArrayLike, *, base: float | None = None) -> Float:
    """Entropy of a coin with heads probability ``p``: ``H_b(p) = -p log p - (1-p) log(1-p)``.

    Elementwise; ``p`` in [0, 1].  Maximal at ``p = 1/2``: ``log 2`` nats = 1 bit.

    >>> binary_entropy(0.5, base=2), binary_entropy(1.0)
    (1.0, 0.0)

    Reference: Cover and Thomas (2006), eq. 2.5.
    """
    a = as_probabilities(p, "p")
    q = 1.0 - a
    return _out(-(xlogy(a, a) + xlogy(q, q)) / log_base(base))


def _pair(p: ArrayLike, q: ArrayLike, axis: int) -> tuple[FloatArray, FloatArray]:
    a = as_distribution(p, "p", axis)
    b = as_distribution(q, "q", axis)
    same_shape(a, b, "p", "q")
    return a, b


def cross_entropy(p: ArrayLike, q: ArrayLike, *, axis: int = -1, base: float | None = None) -> Float:
    """Cross-entropy ``H(p, q) = -Σ_i p_i log q_i`` of model ``q`` against truth ``p``.

    ``H(p, q) = H(p) + KL(p‖q) ≥ H(p)``: the average code length when events drawn
    from ``p`` are coded with a code built for ``q``.  ``+inf`` when ``q_i = 0``
    where ``p_i > 0``.  With a one-hot ``p`` it is ``-log q_y``, the classification loss.

    A one-hot ``p`` picks ``-log q`` of the true class:

    >>> round(cross_entropy([0, 1, 0], [0.3, 0.6, 0.1]), 6)  # -log 0.6
    0.510826

    Reference: Cover and Thomas (2006), §2.3 and problem 2.29 (as in Murphy,
    *Probabilistic Machine Learning*, 2022, §6.1.6).
    """
    a, b = _pair(p, q, axis)
    with np.errstate(divide="ignore"):
        return _out(-xlogy(a, b).sum(axis=axis) / log_base(base))


def kl_divergence(p: ArrayLike, q: ArrayLike, *, axis: int = -1, base: float | None = None) -> Float:
    """Kullback-Leibler divergence ``KL(p‖q) = Σ_i p_i log(p_i / q_i)``.

    Non-negative, zero exactly when ``p = q``, and not symmetric: ``KL(p‖q)``
    punishes ``q`` for putting little mass where ``p`` has much.  It is
    ``+inf`` when ``q_i = 0`` for some ``i`` with ``p_i > 0`` (``q`` calls
    impossible something ``p`` says happens); terms with ``p_i = 0`` contribute 0.

    Args:
        p: the reference ("true") distributions along ``axis``.
        q: the approximating distributions, same shape as ``p``.
        axis: the outcome axis.
        base: logarithm base; ``None`` for nats.

    Returns:
        float for a single pair, else an array with ``axis`` removed.

    A sum that round-off leaves a few ulps below 0 is returned as 0.

    Not symmetric, and infinite where ``q`` rules out what ``p`` allows:

    >>> round(kl_divergence([0.5, 0.5], [0.9, 0.1]), 6), round(kl_divergence([0.9, 0.1], [0.5, 0.5]), 6)
    (0.510826, 0.368064)
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf

    Reference: Kullback and Leibler (1951); ``scipy.special.rel_entr(p, q).sum()``.
    """
    a, b = _pair(p, q, axis)
    terms = kl_terms_unchecked(a, b)
    # KL >= 0 (Gibbs' inequality); round-off can leave a sum a few ulps below 0, clipped here.
    return _out(np.maximum(terms.sum(axis=axis), 0.0) / log_base(base))


def kl_terms_unchecked(a: FloatArray, b: FloatArray) -> FloatArray:
    """The terms ``a_i log(a_i / b_i)`` of KL for validated distributions (``scipy.special.rel_entr``).

    0 where ``a_i = 0``; ``+inf`` where ``b_i = 0 < a_i``.  Callers validate ``a`` and ``b`` first.
    """
    pos = a > 0
    terms = np.zeros_like(a)
    with np.errstate(divide="ignore"):
        # p log(p/q), evaluated only where p > 0 (elsewhere the term is 0 by convention);
        # q = 0 there gives p/q = inf and a term of +inf, as it should.
        np.divide(a, b, out=terms, where=pos)
        np.log(terms, out=terms, where=pos)
    terms *= a
    return terms


def js_divergence(p: ArrayLike, q: ArrayLike, *, axis: int = -1, base: float | None = None) -> Float:
    """Jensen-Shannon divergence ``JS(p, q) = ½ KL(p‖m) + ½ KL(q‖m)`` with ``m = (p + q) / 2``.

    Symmetric, always finite, and bounded: ``0 ≤ JS ≤ log 2`` (1 bit).  Its square
    root is a metric, which is what ``scipy.spatial.distance.jensenshannon`` returns.

    >>> js_divergence([1.0, 0.0], [0.0, 1.0], base=2)  # disjoint supports: the bound, 1 bit
    1.0

    Reference: Lin (1991), "Divergence measures based on the Shannon entropy",
    IEEE Trans. Inf. Theory 37(1).
    """
    a, b = _pair(p, q, axis)
    m = 0.5 * (a + b)
    # m > 0 wherever a > 0 or b > 0, so both KL terms are finite.
    js = 0.5 * (xlogy(a, a) - xlogy(a, m) + xlogy(b, b) - xlogy(b, m)).sum(axis=axis)
    return _out(np.maximum(js, 0.0) / log_base(base))
