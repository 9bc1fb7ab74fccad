"""Discrete distributions for the entropy explorer: presets, perplexity, per-outcome terms, the simplex.

Everything here builds on `core.information`: ``H(p) = -Σ p_i log p_i`` in nats
unless ``base`` is given (``base=2``: bits).  What this module adds:

* `entropy_terms`: each outcome's share ``p_i · (-log p_i)`` of the entropy, so
  that a chart can show the terms adding up to ``H``;
* `max_entropy`, `normalized_entropy` and `perplexity`: ``log k``, ``H / log k``
  and ``e^H`` (the "effective number of outcomes");
* `entropy_from_rounded_terms`: the blog post's hand arithmetic, which rounds each
  surprisal before summing (0.804 instead of 0.8018 nats for (0.7, 0.2, 0.1));
* `logits_from_probabilities`: logits whose softmax is ``p`` (the inverse of
  softmax up to an additive constant);
* `simplex_grid` and `entropy_level_sets`: entropy over every distribution on
  three outcomes, for a ternary contour chart whose peak is the uniform point;
* `Preset` and `ENTROPY_PRESETS`: the worked examples the page offers.

Reference: Cover and Thomas, *Elements of Information Theory* (2nd ed., 2006),
§2.1 (entropy, ``H ≤ log k`` with equality only at the uniform distribution,
Theorem 2.6.4) and §2.7 (concavity of ``H``, Theorem 2.7.3).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from i18n import N_

from ._validation import FloatArray, _check_axis, as_distribution, as_float_array, log_base
from .information import binary_entropy, entropy, surprisal
from .numerics import xlogy

__all__ = [
    "COMPUTER",
    "ENTROPY_PRESETS",
    "FASHION_MNIST",
    "ZERO_PROBABILITY_LOGIT",
    "EntropySummary",
    "Preset",
    "SimplexEntropyMap",
    "binary_entropy_curve",
    "contour_levels",
    "entropy_from_rounded_terms",
    "entropy_level_sets",
    "entropy_terms",
    "logits_from_probabilities",
    "max_entropy",
    "normalized_entropy",
    "perplexity",
    "simplex_directions",
    "simplex_entropy_map",
    "simplex_grid",
    "summarize",
]

#: Logit given to an outcome of probability exactly 0 by `logits_from_probabilities`:
#: ``exp(-10000 / T)`` underflows to exactly 0.0 in float64 for every temperature T <= 10.
ZERO_PROBABILITY_LOGIT = -10_000.0


@dataclass(frozen=True)
class Preset:
    """A named distribution the page can load.

    ``weights`` are non-negative and need not sum to 1 (the page divides by their
    sum, as it does for slider weights); ``names`` label the outcomes.  ``label``, ``note``
    and ``names`` are English messages (marked with ``N_``): pass them through ``_()`` to show them.
    """

    key: str
    label: str
    weights: tuple[float, ...]
    names: tuple[str, ...]
    note: str = ""

    def __post_init__(self) -> None:
        if len(self.weights) != len(self.names):
            raise ValueError(f"preset {self.key!r}: {len(self.weights)} weights but {len(self.names)} names")
        if any(w < 0 for w in self.weights) or not any(w > 0 for w in self.weights):
            raise ValueError(f"preset {self.key!r}: weights must be >= 0 with at least one > 0")

    @property
    def probabilities(self) -> FloatArray:
        """The weights divided by their sum."""
        w = np.asarray(self.weights, dtype=np.float64)
        result: FloatArray = w / w.sum()
        return result


#: The example of the post 一文搞懂交叉熵在机器学习中的使用，透彻理解交叉熵背后的直觉:
#: H = 0.801819 nats = 1.156780 bits.
COMPUTER = Preset(
    "computer",
    N_("Computer boots / fails / explodes"),
    (0.7, 0.2, 0.1),
    (N_("boots"), N_("fails"), N_("explodes")),
    N_("The blog post's example: a computer that boots with probability 0.7, fails with 0.2, explodes with 0.1."),
)

#: The near-uniform 10-class prediction of the cross-entropy-from-scratch post (untitled; it opens
#: 进行二分类或多分类问题时), over the Fashion-MNIST classes.  The post's q sums to 0.9999 because of
#: rounding; as weights it is renormalised.
FASHION_MNIST = Preset(
    "fashion",
    N_("Fashion-MNIST prediction"),
    (0.1058, 0.1043, 0.0988, 0.1066, 0.0875, 0.0881, 0.1027, 0.1046, 0.1057, 0.0958),
    (
        N_("T-shirt"),
        N_("Trouser"),
        N_("Pullover"),
        N_("Dress"),
        N_("Coat"),
        N_("Sandal"),
        N_("Shirt"),
        N_("Sneaker"),
        N_("Bag"),
        N_("Boot"),
    ),
    N_(
        "An untrained 10-class network's prediction from the blog post: nearly uniform, so nearly log 10 of entropy. "
        "Its values sum to 0.9999 (rounding), so they are renormalised."
    ),
)

_COIN = (N_("heads"), N_("tails"))
_DIE = ("1", "2", "3", "4", "5", "6")

ENTROPY_PRESETS: tuple[Preset, ...] = (
    COMPUTER,
    Preset("fair_coin", N_("Fair coin"), (0.5, 0.5), _COIN, N_("The most uncertain coin: exactly 1 bit.")),
    Preset(
        "biased_coin",
        N_("Biased coin"),
        (0.9, 0.1),
        _COIN,
        N_("Heads nine times in ten: far less than 1 bit of uncertainty."),
    ),
    Preset(
        "fair_die",
        N_("Fair die"),
        (1.0,) * 6,
        _DIE,
        N_("Six equal weights: the uniform distribution, entropy log 6."),
    ),
    Preset(
        "loaded_die",
        N_("Loaded die"),
        (0.1, 0.1, 0.1, 0.1, 0.1, 0.5),
        _DIE,
        N_("A six comes up half the time: less uncertain than a fair die."),
    ),
    Preset(
        "certain",
        N_("Certain outcome"),
        (1.0, 0.0, 0.0),
        COMPUTER.names,
        N_("A computer that always boots: no surprise, zero entropy."),
    ),
    FASHION_MNIST,
)


def entropy_terms(p: ArrayLike, *, axis: int = -1, base: float | None = None) -> FloatArray:
    """Each outcome's contribution ``p_i · (-log p_i)`` to the entropy; they sum to ``H(p)``.

    A term is exactly 0 where ``p_i = 0`` (the limit of ``p log p``), not NaN.

    Args:
        p: probability distributions along ``axis`` (validated as by `core.entropy`).
        axis: the outcome axis.
        base: logarithm base; ``None`` for nats, 2 for bits.

    Returns:
        float64 array of ``p``'s shape.

    The terms sum to the entropy:

    >>> entropy_terms([0.7, 0.2, 0.1]).round(6).tolist()  # nats; H = 0.801819
    [0.249672, 0.321888, 0.230259]
    """
    a = as_distribution(p, "p", axis)
    result: FloatArray = -xlogy(a, a) / log_base(base) + 0.0  # + 0.0: no -0.0 for p = 0 or 1
    return result


def max_entropy(k: int, *, base: float | None = None) -> float:
    """The largest entropy of a distribution on ``k`` outcomes: ``log k``, reached only by the uniform one.

    Reference: Cover and Thomas (2006), Theorem 2.6.4.
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k must be an integer number of outcomes, got {k!r}")
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    return math.log(int(k)) / log_base(base)


def normalized_entropy(p: ArrayLike, *, axis: int = -1) -> float | FloatArray:
    """``H(p) / log k`` for ``k`` outcomes along ``axis``: 0 for a certain outcome, 1 for the uniform.

    Unit-free (the log base cancels).  Also called efficiency or evenness
    (Pielou's J).  Needs ``k ≥ 2``: with one outcome, ``log k = 0``.

    Reference: Pielou (1966), "The measurement of diversity in different types
    of biological collections", J. Theor. Biol. 13.
    """
    a = as_distribution(p, "p", axis)
    axis = _check_axis(axis, a.ndim, "p")
    k = a.shape[axis]
    if k < 2:
        raise ValueError(f"normalized entropy needs at least 2 outcomes along axis {axis}; p has {k}")
    h = np.asarray(entropy(a, axis=axis)) / math.log(k)
    # Round-off can push H a hair past log k for a uniform p; the ratio is at most 1.
    h = np.minimum(h, 1.0)
    return float(h) if h.ndim == 0 else h


def perplexity(p: ArrayLike, *, axis: int = -1) -> float | FloatArray:
    """Perplexity ``e^{H(p)}`` (``H`` in nats) = ``2^{H(p)}`` (``H`` in bits): the effective number of outcomes.

    A uniform distribution on ``k`` outcomes has perplexity ``k``; a certain
    outcome has 1.  Unit-free: it is the same number whichever log base is used.

    Reference: Jelinek et al. (1977), "Perplexity: a measure of the difficulty of
    speech recognition tasks", J. Acoust. Soc. Am. 62(S1).
    """
    a = as_distribution(p, "p", axis)
    pp = np.exp(np.asarray(entropy(a, axis=axis)))
    return float(pp) if pp.ndim == 0 else pp


def entropy_from_rounded_terms(p: ArrayLike, *, decimals: int = 2, base: float | None = None) -> float:
    """``Σ p_i · round(-log p_i, decimals)``: entropy by hand, rounding each surprisal first.

    This is how the post 一文搞懂交叉熵在机器学习中的使用，透彻理解交叉熵背后的直觉
    gets H = 0.804 for (0.7, 0.2, 0.1): it rounds the surprisals to 0.36, 1.61,
    2.30 before weighting them.  The exact value is 0.801819 nats;
    `core.entropy` computes that.  Outcomes with ``p_i = 0`` contribute 0.

    >>> round(entropy_from_rounded_terms([0.7, 0.2, 0.1]), 6)
    0.804
    """
    a = as_distribution(p, "p", -1)
    if a.ndim != 1:
        raise ValueError(f"p must be a single distribution (1-D), got shape {a.shape}")
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise ValueError(f"decimals must be a non-negative integer, got {decimals!r}")
    pos = a > 0
    surprisals = -np.log(a[pos]) / log_base(base)
    return float(np.sum(a[pos] * np.round(surprisals, decimals)))


def logits_from_probabilities(p: ArrayLike, *, zero_logit: float = ZERO_PROBABILITY_LOGIT) -> FloatArray:
    """Logits whose softmax is ``p``: ``z_i = log(p_i / max_j p_j)``, so the largest logit is 0.

    Softmax forgets an additive constant, so any ``log p + c`` would do; shifting
    the maximum to 0 keeps the numbers short.  An outcome with ``p_i = 0`` has no
    finite logit: it gets ``zero_logit`` (default -10000, whose softmax weight
    ``e^{-10000/T}`` underflows to exactly 0 for any temperature T up to 10).

    Args:
        p: probability distributions along the last axis.
        zero_logit: finite logit for outcomes of probability 0.

    Returns:
        float64 array of ``p``'s shape, at most 0.
    """
    a = as_distribution(p, "p", -1)
    if not math.isfinite(zero_logit):
        raise ValueError(f"zero_logit must be finite, got {zero_logit}")
    ratio = a / a.max(axis=-1, keepdims=True)  # the max is > 0 because p sums to 1
    z = np.full(a.shape, float(zero_logit))
    np.log(ratio, out=z, where=ratio > 0)
    return z


def contour_levels(top: float, *, step: float) -> FloatArray:
    """Evenly spaced contour levels ``step, 2·step, ...`` strictly below ``top``.

    >>> contour_levels(math.log(3), step=0.1).round(6).tolist()  # below log 3 = 1.0986 nats
    [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    """
    t = float(top)
    s = float(step)
    if not (math.isfinite(t) and t > 0):
        raise ValueError(f"top must be a positive finite number, got {top!r}")
    if not (math.isfinite(s) and s > 0):
        raise ValueError(f"step must be a positive finite number, got {step!r}")
    n = math.ceil(t / s - 1e-9) - 1  # multiples of step below top, leaving out one that equals it
    result: FloatArray = s * np.arange(1, n + 1, dtype=np.float64)
    return result


def simplex_grid(n: int) -> FloatArray:
    """Every distribution on three outcomes whose entries are multiples of ``1/n``.

    Returns an ``((n + 1)(n + 2) / 2, 3)`` float64 array of rows ``(i, j, n - i - j) / n``;
    each row sums to 1 (to round-off) and the vertices and edges are included.
    When ``3 | n`` the uniform point ``(1/3, 1/3, 1/3)`` is one of the rows.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer number of divisions, got {n!r}")
    i, j = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    keep = i + j <= n
    i, j = i[keep], j[keep]
    counts = np.stack([i, j, n - i - j], axis=-1).astype(np.float64)
    result: FloatArray = counts / float(n)
    return result


def _entropy_rows(points: FloatArray) -> FloatArray:
    """Entropy in nats of each row of ``points`` (already on the simplex; no validation, for speed)."""
    q = np.clip(points, 0.0, 1.0)
    result: FloatArray = -xlogy(q, q).sum(axis=-1)
    return result


def simplex_directions(n_angles: int) -> FloatArray:
    """``n_angles`` unit vectors in the plane ``Σ x = 0``, at equal angles, starting towards outcome 1.

    Returns an ``(n_angles, 3)`` array.  The angles 0, 120 and 240 degrees point
    at the three vertices when ``3 | n_angles``.
    """
    if isinstance(n_angles, bool) or not isinstance(n_angles, (int, np.integer)) or n_angles < 3:
        raise ValueError(f"n_angles must be an integer >= 3, got {n_angles!r}")
    # An orthonormal basis of the plane Σ x = 0: e1 points at vertex 1, e2 is orthogonal to it.
    e1 = np.array([2.0, -1.0, -1.0]) / math.sqrt(6.0)
    e2 = np.array([0.0, 1.0, -1.0]) / math.sqrt(2.0)
    theta = np.linspace(0.0, 2.0 * math.pi, n_angles, endpoint=False)
    result: FloatArray = np.cos(theta)[:, None] * e1 + np.sin(theta)[:, None] * e2
    return result


def entropy_level_sets(
    levels: ArrayLike, *, base: float | None = None, n_angles: int = 240, iterations: int = 60
) -> FloatArray:
    """Boundaries of the regions ``{p : H(p) ≥ c}`` on the 3-outcome simplex, one closed polygon per level.

    ``H`` is concave with its maximum ``log 3`` at the uniform point ``u``
    (Cover and Thomas, Theorem 2.7.3), so along every ray ``u + t·d`` it falls
    monotonically from the centre to the edge of the simplex, and each region
    ``{H ≥ c}`` is convex and contains ``u``.  Its boundary in direction ``d`` is
    found by bisection on ``t``; where even the edge point has ``H ≥ c`` the
    boundary follows the edge.  Filling the polygons from the lowest level to the
    highest draws a filled contour plot.

    Args:
        levels: entropy levels ``c``, each in ``[0, log 3]``, in nats (or in units of ``base``).
        base: logarithm base of ``levels``; ``None`` for nats, 2 for bits.
        n_angles: points per polygon (directions from the centre).
        iterations: bisection steps; 60 halvings resolve ``t`` to float64 precision.

    Returns:
        float64 array ``(len(levels), n_angles, 3)`` of points on the simplex.
    """
    c_units = as_float_array(levels, "levels")
    if c_units.ndim != 1:
        raise ValueError(f"levels must be 1-D, got shape {c_units.shape}")
    top = max_entropy(3, base=base)
    bad = (c_units < 0) | (c_units > top)
    if bad.any():
        raise ValueError(
            f"levels[{int(np.argmax(bad))}] = {c_units[bad][0]:g} is outside [0, log 3 = {top:.6f}] "
            f"({'nats' if base is None else f'base {base:g}'})"
        )
    c = c_units * log_base(base)  # the search below works in nats
    d = simplex_directions(n_angles)
    u = np.full(3, 1.0 / 3.0)
    # Largest t that keeps u + t·d inside the simplex: the first coordinate to reach 0.
    with np.errstate(divide="ignore"):
        t_max = np.min(np.where(d < 0, (1.0 / 3.0) / -d, np.inf), axis=-1)
    lo = np.zeros((c.size, n_angles))
    hi = np.broadcast_to(t_max, (c.size, n_angles)).copy()
    edge_h = _entropy_rows(u + t_max[:, None] * d)
    inside = edge_h[None, :] >= c[:, None]  # the whole ray lies in {H >= c}
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        h = _entropy_rows(u + mid[..., None] * d)
        above = h >= c[:, None]
        lo = np.where(above, mid, lo)
        hi = np.where(above, hi, mid)
    t = np.where(inside, t_max[None, :], lo)
    points = u + t[..., None] * d
    points = np.clip(points, 0.0, 1.0)
    result: FloatArray = points / points.sum(axis=-1, keepdims=True)
    return result


def _frozen(a: FloatArray) -> FloatArray:
    """``a`` made read-only, so that a cached result cannot be changed by a caller."""
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class EntropySummary:
    """Everything the entropy explorer shows about one distribution, in one log base."""

    p: FloatArray  #: the distribution
    surprisal: FloatArray  #: ``-log p_i`` (``inf`` where ``p_i = 0``)
    terms: FloatArray  #: ``p_i · (-log p_i)``, summing to `entropy`
    entropy: float  #: ``H(p)``
    max_entropy: float  #: ``log k``
    normalized: float  #: ``H / log k`` (unit-free)
    perplexity: float  #: ``e^{H_nats}`` (unit-free)

    @property
    def k(self) -> int:
        """Number of outcomes."""
        return int(self.p.size)


def summarize(p: ArrayLike, *, base: float | None = None) -> EntropySummary:
    """`EntropySummary` of one distribution on ``k ≥ 2`` outcomes, in nats (or units of ``base``).

    >>> s = summarize([0.7, 0.2, 0.1])
    >>> [round(v, 6) for v in (s.entropy, s.max_entropy, s.normalized, s.perplexity)]  # H, log 3, H / log 3, e^H
    [0.801819, 1.098612, 0.729847, 2.229592]
    """
    a = as_distribution(p, "p", -1)
    if a.ndim != 1:
        raise ValueError(f"p must be a single distribution (1-D), got shape {a.shape}")
    # "+ 0.0" turns the -0.0 that -(0 · log 0) and -log 1 produce into 0.0, which prints without a sign.
    return EntropySummary(
        p=a,
        surprisal=np.asarray(surprisal(a, base=base), dtype=np.float64) + 0.0,
        terms=entropy_terms(a, base=base) + 0.0,
        entropy=float(entropy(a, base=base)) + 0.0,
        max_entropy=max_entropy(a.size, base=base),
        normalized=float(normalized_entropy(a)) + 0.0,
        perplexity=float(perplexity(a)),
    )


@functools.lru_cache(maxsize=4)
def binary_entropy_curve(n: int = 201, *, base: float | None = None) -> tuple[FloatArray, FloatArray]:
    """``(p, H_b(p))`` on ``n`` evenly spaced points of [0, 1]; cached, read-only arrays."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an integer >= 2, got {n!r}")
    p = np.linspace(0.0, 1.0, n)
    return _frozen(p), _frozen(np.asarray(binary_entropy(p, base=base), dtype=np.float64))


@dataclass(frozen=True)
class SimplexEntropyMap:
    """Entropy over the 3-outcome simplex, ready for a ternary contour chart (see `simplex_entropy_map`)."""

    levels: FloatArray  #: contour levels, in units of the base
    level_sets: FloatArray  #: ``(n_levels, n_angles, 3)`` boundaries of ``{H ≥ level}``
    grid: FloatArray  #: ``(m, 3)`` grid points, for hover read-outs
    grid_h: FloatArray  #: entropy at each grid point
    top: float  #: ``log 3``, the peak, at the uniform point


@functools.lru_cache(maxsize=4)
def simplex_entropy_map(
    *, base: float | None = None, step: float | None = None, n_angles: int = 180, grid_n: int = 30
) -> SimplexEntropyMap:
    """Contours of ``H`` on the 3-outcome simplex every ``step`` (default 0.1 nats, else 0.2), and a hover grid.

    Cached (it depends only on its arguments); the arrays are read-only.
    """
    top = max_entropy(3, base=base)
    if step is None:
        step = 0.1 if base is None else 0.2
    levels = contour_levels(top, step=step)
    grid = simplex_grid(grid_n)
    return SimplexEntropyMap(
        levels=_frozen(levels),
        level_sets=_frozen(entropy_level_sets(levels, base=base, n_angles=n_angles)),
        grid=_frozen(grid),
        grid_h=_frozen(np.asarray(entropy(grid, base=base), dtype=np.float64)),
        top=top,
    )
