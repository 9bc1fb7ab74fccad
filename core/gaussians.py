"""KL divergence between Gaussians, and fitting one Gaussian to a mixture in either direction.

Two things live here:

* the closed form of ``KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²))``, vectorised for heatmaps;
* the classic picture of KL's asymmetry (Bishop, *Pattern Recognition and
  Machine Learning*, 2006, §10.1.2 and Fig. 10.3; Goodfellow, Bengio and
  Courville, *Deep Learning*, 2016, Fig. 3.6): the single Gaussian
  ``q = N(μ, σ²)`` that best approximates a Gaussian mixture ``p``.  Minimising
  the *forward* KL(p‖q) matches moments and spreads over every mode
  (mass-covering); minimising the *reverse* KL(q‖p) can lock onto one mode
  (mode-seeking) and then has several local optima.

Numerical integration
---------------------
The reverse KL has no closed form: ``KL(q‖p) = -H(q) - E_q[log p(X)]`` with
``H(q) = ½ log(2πe σ²)`` exact and the expectation computed on a grid in the
standardised variable ``z = (x - μ)/σ``::

    E_q[log p(X)] = ∫ φ(z) log p(μ + σ z) dz,   φ the standard normal density.

The grid (`Quadrature`) truncates ``z`` to ``[-8, 8]`` (the mass left out,
``2 Φ(-8) ≈ 1.2e-15``, weighs ``log p`` there, which grows like
``-(σ z)² / (2 σ_k²)``: below 1e-10 nats for ``σ/σ_k < 40``), splits it into
unit panels, and adds panel edges where ``log p`` bends: graded as
``w·{0, ±1, ±4, ±16}`` around each point where two weighted components of ``p``
cross (``log p`` switches from one parabola to the other there, over a width
``w = 1/|Δ'|`` in ``x``, ``Δ`` the difference of the two components' log
densities), and at ``μ_k + σ_k·{0, ±1, ±3}`` around each component (a light,
narrow component can bend ``log p`` without ever crossing a heavier one).  Each
panel gets 8-point Gauss-Legendre.  The reported error estimate is ``|I₈ - I₁₆|``,
the change when every panel gets 16 points instead: the 16-point rule being far
more accurate, this estimates the 8-point rule's own error.  The tests check the
8-point rule against ``scipy.integrate.quad`` to 1e-8 nats (absolute; 1e-9
relative) over the page's parameter ranges.  A plain uniform grid (trapezoid in
``z``) is not enough: a wide ``q`` over narrow, well-separated modes sees a bend
narrower than its grid step and errs by up to 0.05 nats.

The mixture's entropy ``H(p) = -Σ_k w_k E_{N(μ_k, σ_k²)}[log p]`` uses the same
rule once per component, and then the forward KL is exact in ``μ, σ``:
``KL(p‖q) = -H(p) + ½ log(2π σ²) + (Var_p + (E_p - μ)²) / (2σ²)``, minimised by
``μ = E_p[X]``, ``σ² = Var_p[X]`` (moment matching).

Everything is in nats unless ``base`` is given.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike

from ._validation import SUM_TOLERANCE, FloatArray, as_float_array, check_scalar, log_base

__all__ = [
    "DEFAULT_QUADRATURE",
    "LOG_2PI",
    "GaussianFit",
    "GaussianMixture",
    "MixtureFits",
    "Quadrature",
    "expected_log_density",
    "fit_gaussians",
    "forward_kl",
    "forward_kl_surface",
    "gaussian_entropy",
    "gaussian_kl",
    "gaussian_logpdf",
    "gaussian_mixture",
    "mixture_entropy",
    "moment_match",
    "parameter_grid",
    "reverse_kl",
    "reverse_kl_surface",
    "two_mode_mixture",
]

LOG_2PI = math.log(2.0 * math.pi)


def _positive(x: ArrayLike, name: str) -> FloatArray:
    arr = as_float_array(x, name)
    bad = arr <= 0
    if bad.any():
        value = float(arr.flat[int(np.argmax(bad))])
        raise ValueError(f"{name} = {value:g} must be > 0 (a standard deviation)")
    return arr


def _out(x: FloatArray) -> float | FloatArray:
    return float(x) if np.ndim(x) == 0 else x


# --------------------------------------------------------------------------- closed form


def gaussian_kl(
    mu1: ArrayLike, sigma1: ArrayLike, mu2: ArrayLike, sigma2: ArrayLike, *, base: float | None = None
) -> float | FloatArray:
    """``KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²))`` in closed form, broadcasting over its arguments.

    Formula::

        KL = log(σ₂/σ₁) + (σ₁² + (μ₁ - μ₂)²) / (2 σ₂²) - ½

    Zero exactly when ``μ₁ = μ₂`` and ``σ₁ = σ₂``.  Not symmetric: as a function
    of the second argument it grows only like ``log σ₂`` for a wide ``σ₂`` but
    like ``1/σ₂²`` for a narrow one, so KL(p‖q) forgives a ``q`` that is too wide
    and punishes one that is too narrow, and KL(q‖p) the other way round.

    Args:
        mu1, sigma1: mean and standard deviation (> 0) of the first Gaussian (``p``).
        mu2, sigma2: those of the second (``q``).  All four broadcast together.
        base: logarithm base; ``None`` for nats.

    Returns:
        float if every argument is a scalar, else the broadcast array.

    Reference: Bishop, PRML (2006), exercise 1.30; Kullback, *Information Theory
    and Statistics* (1959).
    """
    m1 = as_float_array(mu1, "mu1")
    m2 = as_float_array(mu2, "mu2")
    s1 = _positive(sigma1, "sigma1")
    s2 = _positive(sigma2, "sigma2")
    ratio = (s1 / s2) ** 2
    # log(σ₂/σ₁) written as -½ log(ratio) so that the same ratio feeds both terms.
    kl = 0.5 * (ratio + ((m1 - m2) / s2) ** 2 - 1.0 - np.log(ratio))
    return _out(np.maximum(kl, 0.0) / log_base(base))


def gaussian_logpdf(x: ArrayLike, mu: ArrayLike, sigma: ArrayLike) -> FloatArray:
    """``log N(x; μ, σ²) = -½ log(2π σ²) - (x - μ)² / (2σ²)``, broadcasting."""
    xx = as_float_array(x, "x", allow_empty=True)
    m = as_float_array(mu, "mu")
    s = _positive(sigma, "sigma")
    result: FloatArray = -0.5 * LOG_2PI - np.log(s) - 0.5 * ((xx - m) / s) ** 2
    return result


def gaussian_entropy(sigma: ArrayLike, *, base: float | None = None) -> float | FloatArray:
    """Differential entropy of ``N(μ, σ²)``: ``H = ½ log(2πe σ²)`` (any ``μ``)."""
    s = _positive(sigma, "sigma")
    return _out((0.5 * (LOG_2PI + 1.0) + np.log(s)) / log_base(base))


# --------------------------------------------------------------------------- mixtures


@dataclass(frozen=True, eq=False)
class GaussianMixture:
    """A mixture ``p(x) = Σ_k w_k N(x; μ_k, σ_k²)`` of univariate Gaussians.

    Build it with `gaussian_mixture` (which validates) or `two_mode_mixture`.
    Components with weight 0 are dropped.
    """

    weights: FloatArray
    means: FloatArray
    sigmas: FloatArray
    _log_norm: FloatArray = field(repr=False, compare=False)

    @property
    def mean(self) -> float:
        """``E_p[X] = Σ_k w_k μ_k``."""
        return float(self.weights @ self.means)

    @property
    def variance(self) -> float:
        """``Var_p[X] = Σ_k w_k (σ_k² + μ_k²) - E_p[X]²`` (law of total variance)."""
        centred = self.means - self.mean
        return float(self.weights @ (self.sigmas**2 + centred**2))

    @property
    def std(self) -> float:
        """``√Var_p[X]``."""
        return math.sqrt(self.variance)

    def component_logpdfs(self, x: FloatArray) -> FloatArray:
        """``log w_k + log N(x; μ_k, σ_k²)`` for each component, on a new last axis."""
        z = (x[..., None] - self.means) / self.sigmas
        result: FloatArray = self._log_norm - 0.5 * z * z
        return result

    def logpdf(self, x: ArrayLike) -> FloatArray:
        """``log p(x)``, elementwise over any shape, via a stable log-sum-exp over components."""
        return self._logpdf(as_float_array(x, "x", allow_empty=True))

    def _logpdf(self, x: FloatArray) -> FloatArray:
        # One contiguous array per component (a trailing axis of length 2 would make every
        # operation strided, about twice as slow on the 10⁶-point grids of `reverse_kl_surface`).
        terms = []
        for k in range(self.means.size):
            t = x - self.means[k]
            t *= 1.0 / self.sigmas[k]
            t *= t
            t *= -0.5
            t += self._log_norm[k]
            terms.append(t)
        if len(terms) == 1:
            only: FloatArray = terms[0]
            return only
        if len(terms) == 2:
            result: FloatArray = np.logaddexp(terms[0], terms[1])  # shifts by the larger term internally
            return result
        m = np.maximum.reduce(terms)
        # Shift by the largest term so that exp never overflows and the sum is at least 1.
        total = sum(np.exp(t - m) for t in terms)
        out: FloatArray = m + np.log(total)
        return out

    def pdf(self, x: ArrayLike) -> FloatArray:
        """``p(x)``, elementwise."""
        return np.exp(self.logpdf(x))

    @cached_property
    def crossovers(self) -> tuple[FloatArray, FloatArray]:
        """Where two weighted components have equal density, and how sharply ``log p`` bends there.

        For each pair (i, j) solves ``Δ(x) = ℓ_i(x) - ℓ_j(x) = 0``, a quadratic in
        ``x`` (linear when ``σ_i = σ_j``), and returns the real roots and the
        widths ``1/|Δ'(x)|`` over which ``log p`` switches from one component's
        parabola to the other's.  Used to place the integration panels.
        """
        roots: list[float] = []
        widths: list[float] = []
        k = self.means.size
        # Crossings farther out than this carry no mass worth a panel; components that are all but
        # identical (a subnormal separation) cross at ~1e308, which would overflow the panels' arithmetic.
        reach = float(np.max(np.abs(self.means)) + 1e3 * np.max(self.sigmas))
        for i in range(k):
            for j in range(i + 1, k):
                a = 0.5 / self.sigmas[j] ** 2 - 0.5 / self.sigmas[i] ** 2
                b = self.means[i] / self.sigmas[i] ** 2 - self.means[j] / self.sigmas[j] ** 2
                c = (
                    self._log_norm[i]
                    - self._log_norm[j]
                    - 0.5 * (self.means[i] / self.sigmas[i]) ** 2
                    + 0.5 * (self.means[j] / self.sigmas[j]) ** 2
                )
                for r in _quadratic_roots(float(a), float(b), float(c)):
                    if not abs(r) <= reach:
                        continue
                    slope = abs(2.0 * a * r + b)
                    roots.append(r)
                    # A bend wider than the reach is no bend (and 1/slope could overflow): as flat as 0.
                    widths.append(1.0 / slope if slope * reach > 1.0 else math.inf)
        return np.array(roots, dtype=np.float64), np.array(widths, dtype=np.float64)


def _quadratic_roots(a: float, b: float, c: float) -> list[float]:
    """Real roots of ``a x² + b x + c``, computed without cancellation."""
    scale = max(abs(b), abs(c), 1.0)
    if abs(a) <= 1e-14 * scale:
        return [-c / b] if b != 0 else []
    disc = b * b - 4.0 * a * c
    if disc < 0:
        return []
    # q has the sign of b, so b + sign(b)√disc never cancels; the second root is c/q (Vieta).
    q = -0.5 * (b + math.copysign(math.sqrt(disc), b))
    out = [q / a]
    if q != 0:
        out.append(c / q)
    return out


def _logsumexp_last(a: FloatArray) -> FloatArray:
    if a.shape[-1] == 1:
        return a[..., 0]
    if a.shape[-1] == 2:
        # logaddexp shifts by the larger argument internally.
        result: FloatArray = np.logaddexp(a[..., 0], a[..., 1])
        return result
    m = a.max(axis=-1)
    # Shift by the largest term so that exp never overflows and the sum is at least 1.
    out: FloatArray = m + np.log(np.exp(a - m[..., None]).sum(axis=-1))
    return out


def gaussian_mixture(weights: ArrayLike, means: ArrayLike, sigmas: ArrayLike) -> GaussianMixture:
    """Validate and build a `GaussianMixture`.

    Args:
        weights: non-negative mixture weights summing to 1 (within `core.SUM_TOLERANCE`).
        means: component means, same length.
        sigmas: component standard deviations (> 0), same length.

    Raises ``ValueError`` naming the argument for mismatched lengths, a negative
    weight, weights not summing to 1, or a non-positive ``σ``.
    """
    w = as_float_array(weights, "weights").reshape(-1)
    m = as_float_array(means, "means").reshape(-1)
    s = _positive(sigmas, "sigmas").reshape(-1)
    if not (w.size == m.size == s.size):
        raise ValueError(f"weights, means and sigmas have lengths {w.size}, {m.size}, {s.size}; they must match")
    if (w < 0).any():
        raise ValueError(f"weights[{int(np.argmax(w < 0))}] is negative; mixture weights are >= 0")
    if abs(w.sum() - 1.0) > SUM_TOLERANCE:
        raise ValueError(f"weights sum to {w.sum():.10g}, not 1; normalise them first")
    keep = w > 0
    w, m, s = w[keep] / w[keep].sum(), m[keep], s[keep]
    log_norm = np.log(w) - np.log(s) - 0.5 * LOG_2PI
    return GaussianMixture(w, m, s, log_norm)


def two_mode_mixture(
    separation: float, *, sigma_left: float = 1.0, sigma_right: float = 1.0, weight_left: float = 0.5
) -> GaussianMixture:
    """``p = w N(-d, σ_L²) + (1 - w) N(d, σ_R²)``: two modes at ``-d`` and ``+d``.

    The textbook case is ``d = 3``, ``σ_L = σ_R = 1``, ``w = ½``: the forward fit
    is ``N(0, 1 + d²)`` and the reverse fit sits on one mode.  For the equal,
    unit-width mixture one-mode reverse-KL optima appear between ``d = 2.40`` and
    ``2.45`` (below, the only optimum is centred) and beat the centred one from
    ``d ≈ 2.8`` (tests/core/test_gaussians.py pins both).

    Args:
        separation: ``d >= 0``, half the distance between the modes.
        sigma_left, sigma_right: the modes' standard deviations (> 0).
        weight_left: ``w`` in [0, 1], the weight of the mode at ``-d``.
    """
    d = check_scalar(separation, "separation", low=0.0)
    sl = check_scalar(sigma_left, "sigma_left", low=0.0, low_open=True)
    sr = check_scalar(sigma_right, "sigma_right", low=0.0, low_open=True)
    w = check_scalar(weight_left, "weight_left", low=0.0, high=1.0)
    return gaussian_mixture([w, 1.0 - w], [-d, d], [sl, sr])


# --------------------------------------------------------------------------- quadrature


@dataclass(frozen=True)
class Quadrature:
    """The integration grid for ``E_{N(μ,σ²)}[f(X)] = ∫ φ(z) f(μ + σ z) dz``.

    Attributes:
        half_width: ``z`` is truncated to ``[-half_width, half_width]``.
        n_gauss: Gauss-Legendre nodes per panel (the error estimate uses twice as many).
        grading: offsets, in units of each crossover's width, of the extra panel
            edges placed on both sides of every crossover of ``p``'s components.
        component_grading: offsets, in units of ``σ_k``, of the extra panel edges
            placed around each component's mean ``μ_k``.
    """

    half_width: float = 8.0
    n_gauss: int = 8
    grading: tuple[float, ...] = (0.0, 1.0, 4.0, 16.0)
    component_grading: tuple[float, ...] = (0.0, 1.0, 3.0)

    def rule(self, n: int | None = None) -> tuple[FloatArray, FloatArray]:
        """Gauss-Legendre nodes and weights on ``[-1, 1]`` (``n`` defaults to `n_gauss`)."""
        return _gauss_legendre(n or self.n_gauss)


@functools.lru_cache(maxsize=16)
def _gauss_legendre(n: int) -> tuple[FloatArray, FloatArray]:
    nodes, weights = np.polynomial.legendre.leggauss(n)
    return nodes, weights


DEFAULT_QUADRATURE = Quadrature()
_CHUNK = 256
_OFFSETS_CACHE: dict[tuple[float, ...], FloatArray] = {}


def _panel_edges(mix: GaussianMixture, mu: FloatArray, sigma: FloatArray, quad: Quadrature) -> FloatArray:
    """Sorted panel edges in ``z`` for each of the ``P`` (μ, σ) pairs: shape ``(P, M)``."""
    h = quad.half_width
    uniform = np.arange(-h, h + 0.5, 1.0)
    roots, widths = mix.crossovers
    offsets = _OFFSETS_CACHE.get(quad.grading)
    if offsets is None:
        g = np.asarray(quad.grading, dtype=np.float64)
        offsets = np.unique(np.concatenate([-g, g]))
        _OFFSETS_CACHE[quad.grading] = offsets
    parts = [np.broadcast_to(uniform, (mu.size, uniform.size))]
    if quad.component_grading:
        # Each component's own scale: where a narrow component pokes out of a wide one, log p curves on it.
        cg = np.asarray(quad.component_grading, dtype=np.float64)
        cg = np.unique(np.concatenate([-cg, cg]))
        at = mix.means[:, None] + mix.sigmas[:, None] * cg  # (K, C) in x
        parts.append((at.reshape(-1)[None, :] - mu[:, None]) / sigma[:, None])
    if roots.size:
        finite = np.where(np.isfinite(widths), widths, 0.0)
        centre = (roots[None, :] - mu[:, None]) / sigma[:, None]  # (P, R)
        scale = finite[None, :] / sigma[:, None]
        graded = centre[:, :, None] + scale[:, :, None] * offsets  # (P, R, G)
        parts.append(graded.reshape(mu.size, -1))
    edges: FloatArray = np.clip(np.concatenate(parts, axis=1), -h, h)
    edges.sort(axis=1)
    return edges


def _nodes(
    mix: GaussianMixture, mu: FloatArray, sigma: FloatArray, quad: Quadrature, n: int | None = None
) -> tuple[FloatArray, FloatArray]:
    """Quadrature nodes ``z`` and weights (including ``φ(z)``), each of shape ``(P, N)``."""
    edges = _panel_edges(mix, mu, sigma, quad)
    a, b = edges[:, :-1, None], edges[:, 1:, None]
    t, v = quad.rule(n)
    half = 0.5 * (b - a)
    z = (0.5 * (a + b) + half * t).reshape(mu.size, -1)
    w = (half * v).reshape(mu.size, -1) * np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)
    return z, w


def _flat_params(mu: ArrayLike, sigma: ArrayLike) -> tuple[FloatArray, FloatArray, tuple[int, ...]]:
    m = as_float_array(mu, "mu")
    s = _positive(sigma, "sigma")
    m, s = np.broadcast_arrays(m, s)
    return m.reshape(-1).astype(np.float64), s.reshape(-1).astype(np.float64), m.shape


def expected_log_density(
    mix: GaussianMixture,
    mu: ArrayLike,
    sigma: ArrayLike,
    *,
    quadrature: Quadrature = DEFAULT_QUADRATURE,
    n_gauss: int | None = None,
) -> float | FloatArray:
    """``E_{X ~ N(μ, σ²)}[log p(X)]`` by the documented grid (see the module docstring).

    ``mu`` and ``sigma`` broadcast; the result has their broadcast shape.  The
    work is ``O(size × panels × n_gauss)``, about 250 evaluations of ``log p``
    per (μ, σ) for a two-component mixture.
    """
    m, s, shape = _flat_params(mu, sigma)
    values = np.empty_like(m)
    # Chunks of a few hundred (μ, σ) keep the temporaries in cache (and a 100 × 100 grid fast).
    for lo in range(0, m.size, _CHUNK):
        mc, sc = m[lo : lo + _CHUNK], s[lo : lo + _CHUNK]
        z, w = _nodes(mix, mc, sc, quadrature, n_gauss)
        x = z
        x *= sc[:, None]
        x += mc[:, None]
        values[lo : lo + _CHUNK] = np.einsum("ij,ij->i", w, mix._logpdf(x))
    return _out(values.reshape(shape))


def mixture_entropy(
    mix: GaussianMixture, *, base: float | None = None, quadrature: Quadrature = DEFAULT_QUADRATURE
) -> float:
    """Differential entropy ``H(p) = -∫ p log p = -Σ_k w_k E_{N(μ_k, σ_k²)}[log p(X)]``.

    Each expectation uses the documented grid; for a single component this is
    ``½ log(2πe σ²)`` to rounding.
    """
    e = np.asarray(expected_log_density(mix, mix.means, mix.sigmas, quadrature=quadrature))
    return float(-(mix.weights @ e.reshape(-1)) / log_base(base))


def reverse_kl(
    mix: GaussianMixture,
    mu: ArrayLike,
    sigma: ArrayLike,
    *,
    base: float | None = None,
    quadrature: Quadrature = DEFAULT_QUADRATURE,
) -> float | FloatArray:
    """Reverse (exclusive) KL ``KL(q‖p)`` from ``q = N(μ, σ²)`` to the mixture ``p``.

    Formula: ``KL(q‖p) = -½ log(2πe σ²) - E_q[log p(X)]``, the expectation on the
    documented grid.  It punishes ``q`` for mass where ``p`` has little, so its
    minimisers hide inside one mode when the modes are far apart.

    ``mu`` and ``sigma`` (> 0) broadcast.  Reference: Bishop (2006), eq. 10.4 and Fig. 10.3.
    """
    m, s, shape = _flat_params(mu, sigma)
    elp = np.asarray(expected_log_density(mix, m, s, quadrature=quadrature)).reshape(-1)
    kl = -(0.5 * (LOG_2PI + 1.0) + np.log(s)) - elp
    return _out(np.maximum(kl, 0.0).reshape(shape) / log_base(base))


def forward_kl(
    mix: GaussianMixture,
    mu: ArrayLike,
    sigma: ArrayLike,
    *,
    base: float | None = None,
    entropy: float | None = None,
) -> float | FloatArray:
    """Forward (inclusive) KL ``KL(p‖q)`` from the mixture ``p`` to ``q = N(μ, σ²)``.

    Formula: ``KL(p‖q) = -H(p) + ½ log(2π σ²) + (Var_p + (E_p - μ)²) / (2σ²)``;
    only ``H(p)`` is numerical (`mixture_entropy`, pass it as ``entropy`` in nats
    to reuse it).  It punishes ``q`` for little mass where ``p`` has much, so its
    minimiser covers every mode: ``μ = E_p[X]``, ``σ² = Var_p[X]``.

    ``mu`` and ``sigma`` (> 0) broadcast.  Reference: Bishop (2006), §10.7 (moment matching).
    """
    m, s, shape = _flat_params(mu, sigma)
    h = mixture_entropy(mix) if entropy is None else float(entropy)
    kl = -h + 0.5 * LOG_2PI + np.log(s) + (mix.variance + (mix.mean - m) ** 2) / (2.0 * s * s)
    return _out(np.maximum(kl, 0.0).reshape(shape) / log_base(base))


# --------------------------------------------------------------------------- fits


@dataclass(frozen=True)
class GaussianFit:
    """A single Gaussian ``N(μ, σ²)`` fitted to a mixture, with both KLs in nats.

    Attributes:
        mu, sigma: the fit.
        forward_kl: ``KL(p‖q)`` in nats.
        reverse_kl: ``KL(q‖p)`` in nats.
        integration_error: estimated absolute error of the numerical parts, in nats.
    """

    mu: float
    sigma: float
    forward_kl: float
    reverse_kl: float
    integration_error: float


def _reverse_terms(mix: GaussianMixture, mu: float, s: float, quad: Quadrature) -> tuple[float, FloatArray, FloatArray]:
    """Reverse KL at ``(μ, log σ = s)`` with its gradient and Hessian in ``(μ, s)``.

    With ``g = (log p)'`` and ``x = μ + σ z``, ``z ~ N(0, 1)``::

        J      = -½ log(2πe) - s - E[log p(x)]
        ∂J/∂μ  = -E[g(x)]                 ∂J/∂s  = -1 - σ E[z g(x)]
        ∂²J/∂μ² = -E[g'(x)]               ∂²J/∂μ∂s = -σ E[z g'(x)]
        ∂²J/∂s² = -σ E[z g(x)] - σ² E[z² g'(x)]

    and for the mixture ``g = Σ_k r_k a_k``, ``g' = Σ_k r_k (a_k² - 1/σ_k²) - g²``
    with ``a_k = -(x - μ_k)/σ_k²`` and responsibilities ``r_k = w_k N_k(x) / p(x)``.
    """
    sigma = math.exp(s)
    z, w = _nodes(mix, np.array([mu]), np.array([sigma]), quad)
    z, w = z[0], w[0]
    x = mu + sigma * z
    comp = mix.component_logpdfs(x)
    logp = _logsumexp_last(comp)
    r = np.exp(comp - logp[:, None])
    a = -(x[:, None] - mix.means) / mix.sigmas**2
    g = (r * a).sum(axis=1)
    gp = (r * (a * a - 1.0 / mix.sigmas**2)).sum(axis=1) - g * g
    j = -0.5 * (LOG_2PI + 1.0) - s - float(w @ logp)
    e_zg = float(w @ (z * g))
    grad = np.array([-float(w @ g), -1.0 - sigma * e_zg])
    h_mm = -float(w @ gp)
    h_ms = -sigma * float(w @ (z * gp))
    h_ss = -sigma * e_zg - sigma * sigma * float(w @ (z * z * gp))
    return j, grad, np.array([[h_mm, h_ms], [h_ms, h_ss]])


@dataclass(frozen=True)
class _Stationary:
    mu: float
    s: float
    value: float
    grad_norm: float
    is_minimum: bool


def _newton(
    mix: GaussianMixture, mu: float, s: float, quad: Quadrature, *, fix_mu: bool = False, max_iter: int = 80
) -> _Stationary:
    """Damped Newton on the reverse KL in ``(μ, log σ)`` (or in ``log σ`` alone), with backtracking.

    Falls back to steepest descent where the Hessian is not positive definite,
    and caps each step (2 in ``μ`` per unit of the mixture's spread, 1 in ``log σ``).
    """
    spread = max(mix.std, float(mix.sigmas.min()))
    j, grad, hess = _reverse_terms(mix, mu, s, quad)
    mask = np.array([0.0, 1.0]) if fix_mu else np.ones(2)
    for _ in range(max_iter):
        gm = grad * mask
        if float(np.abs(gm).max()) < 1e-11:
            break
        hm = hess * np.outer(mask, mask) + np.diag(1.0 - mask)
        try:
            eig_min = float(np.linalg.eigvalsh(hm).min())
            step = -np.linalg.solve(hm, gm) if eig_min > 1e-10 else -gm
        except np.linalg.LinAlgError:
            step = -gm
        if float(step @ gm) >= 0:  # not a descent direction: use the gradient
            step = -gm
        cap = max(abs(step[0]) / (2.0 * spread), abs(step[1]))
        if cap > 1.0:
            step = step / cap
        t, accepted = 1.0, False
        while t > 1e-12:
            cand_mu, cand_s = mu + t * step[0], s + t * step[1]
            cj, cg, ch = _reverse_terms(mix, cand_mu, cand_s, quad)
            if cj <= j + 1e-4 * t * float(step @ gm) + 1e-14 * max(1.0, abs(j)):
                mu, s, j, grad, hess, accepted = cand_mu, cand_s, cj, cg, ch, True
                break
            t *= 0.5
        if not accepted:
            break
    gm = grad * mask
    is_min = bool(hess[1, 1] > 0) if fix_mu else bool(np.linalg.eigvalsh(hess).min() > 0)
    return _Stationary(mu, s, j, float(np.abs(gm).max()), is_min)


def parameter_grid(mix: GaussianMixture, n: int = 100) -> tuple[FloatArray, FloatArray]:
    """A grid of ``(μ, log σ)`` wide enough to hold every KL optimum of a fit to ``mix``.

    ``μ`` spans the modes with 3 of their own widths to spare; ``log σ`` spans
    ``[log(σ_min / 4), log(2 · max(std_p, σ_max))]``, which contains the
    moment-matched ``σ`` and, for the mixtures here, every reverse-KL optimum.

    Returns:
        ``(mus, log_sigmas)``, each of length ``n`` (``n >= 3``).
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 3:
        raise ValueError(f"n must be an integer >= 3, got {n!r}")
    lo = float((mix.means - 3.0 * mix.sigmas).min())
    hi = float((mix.means + 3.0 * mix.sigmas).max())
    s_lo = math.log(float(mix.sigmas.min()) / 4.0)
    s_hi = math.log(2.0 * max(mix.std, float(mix.sigmas.max())))
    return np.linspace(lo, hi, n), np.linspace(s_lo, s_hi, n)


def reverse_kl_surface(
    mix: GaussianMixture, mus: ArrayLike, log_sigmas: ArrayLike, *, quadrature: Quadrature = DEFAULT_QUADRATURE
) -> FloatArray:
    """``KL(q‖p)`` in nats for ``q = N(μ, σ²)`` on the grid: shape ``(len(log_sigmas), len(mus))``."""
    m = as_float_array(mus, "mus").reshape(-1)
    s = as_float_array(log_sigmas, "log_sigmas").reshape(-1)
    mm, ss = np.meshgrid(m, np.exp(s))
    return np.asarray(reverse_kl(mix, mm, ss, quadrature=quadrature), dtype=np.float64)


def forward_kl_surface(
    mix: GaussianMixture, mus: ArrayLike, log_sigmas: ArrayLike, *, entropy: float | None = None
) -> FloatArray:
    """``KL(p‖q)`` in nats for ``q = N(μ, σ²)`` on the grid: shape ``(len(log_sigmas), len(mus))``."""
    m = as_float_array(mus, "mus").reshape(-1)
    s = as_float_array(log_sigmas, "log_sigmas").reshape(-1)
    mm, ss = np.meshgrid(m, np.exp(s))
    return np.asarray(forward_kl(mix, mm, ss, entropy=entropy), dtype=np.float64)


def _local_minima(surface: FloatArray) -> list[tuple[int, int]]:
    """Grid cells no higher than any of their (up to 8) neighbours, lowest first."""
    padded = np.pad(surface, 1, constant_values=np.inf)
    rows, cols = surface.shape
    is_min = np.ones_like(surface, dtype=bool)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di == 0 and dj == 0:
                continue
            is_min &= surface <= padded[1 + di : 1 + di + rows, 1 + dj : 1 + dj + cols]
    cells = [(int(i), int(j)) for i, j in zip(*np.nonzero(is_min), strict=True)]
    return sorted(cells, key=lambda c: float(surface[c]))


def _fit(mix: GaussianMixture, mu: float, sigma: float, entropy: float, entropy_err: float) -> GaussianFit:
    m, s = np.array([mu]), np.array([sigma])
    e = float(np.asarray(expected_log_density(mix, m, s)).reshape(-1)[0])
    e_fine = float(np.asarray(expected_log_density(mix, m, s, n_gauss=2 * DEFAULT_QUADRATURE.n_gauss)).reshape(-1)[0])
    rev = max(-(0.5 * (LOG_2PI + 1.0) + math.log(sigma)) - e, 0.0)
    fwd = float(np.asarray(forward_kl(mix, mu, sigma, entropy=entropy)))
    return GaussianFit(float(mu), float(sigma), fwd, rev, max(abs(e - e_fine), entropy_err))


def moment_match(mix: GaussianMixture) -> GaussianFit:
    """The forward-KL fit: ``argmin_q KL(p‖q) = N(E_p[X], Var_p[X])``.

    For ``½ N(-d, 1) + ½ N(d, 1)`` this is ``N(0, 1 + d²)``: ``σ = √10 ≈ 3.162`` at ``d = 3``.
    Setting the derivatives of `forward_kl` to zero gives it.

    Reference: Bishop (2006), §10.7; Minka, "Expectation Propagation" (UAI 2001).
    """
    h, err = _entropy_with_error(mix)
    return _fit(mix, mix.mean, mix.std, h, err)


def _entropy_with_error(mix: GaussianMixture) -> tuple[float, float]:
    h = mixture_entropy(mix)
    fine = np.asarray(expected_log_density(mix, mix.means, mix.sigmas, n_gauss=2 * DEFAULT_QUADRATURE.n_gauss)).reshape(
        -1
    )
    return h, abs(h + float(mix.weights @ fine))


@dataclass(frozen=True)
class MixtureFits:
    """Everything the fitting picture needs, in nats.

    Attributes:
        mixture: the target ``p``.
        entropy: ``H(p)``.
        forward: the moment-matched fit (the global minimum of ``KL(p‖q)``).
        reverse: local minima of ``KL(q‖p)``, lowest first; ``reverse[0]`` is the global one.
        centred: the best ``q`` with ``μ`` fixed at ``E_p[X]`` (minimum of ``KL(q‖p)`` over ``σ``).
        mus, log_sigmas: the parameter grid.
        forward_surface, reverse_surface: the two objectives on it, shape ``(len(log_sigmas), len(mus))``.
    """

    mixture: GaussianMixture
    entropy: float
    forward: GaussianFit
    reverse: tuple[GaussianFit, ...]
    centred: GaussianFit
    mus: FloatArray
    log_sigmas: FloatArray
    forward_surface: FloatArray
    reverse_surface: FloatArray

    @property
    def integration_error(self) -> float:
        """The largest integration-error estimate among the reported fits, in nats."""
        return max(f.integration_error for f in (self.forward, self.centred, *self.reverse))


def fit_gaussians(mix: GaussianMixture, *, n: int = 100) -> MixtureFits:
    """Fit one Gaussian to ``mix`` by forward KL (moment matching) and by reverse KL (all local optima).

    The reverse KL is evaluated on the `parameter_grid` (``n × n``); every grid
    cell no higher than its neighbours starts a damped Newton iteration in
    ``(μ, log σ)`` with the exact gradient and Hessian of the quadrature
    (`_reverse_terms`), run until the gradient is below 1e-11.  Distinct minima
    (Hessian positive definite) are returned lowest first.  The centred fit
    fixes ``μ = E_p[X]`` and minimises over ``σ`` alone.

    For ``two_mode_mixture(3.0)`` the reverse fits lock onto either mode, with
    KL(q‖p) = 0.6888 nats, and the centred one spreads over both, with 0.8406
    (cross-checked with ``scipy.optimize`` and ``scipy.integrate.quad`` in the tests):

    >>> fits = fit_gaussians(two_mode_mixture(3.0))
    >>> sorted((round(f.mu, 3), round(f.sigma, 3), round(f.reverse_kl, 4)) for f in fits.reverse[:2])
    [(-2.984, 1.023, 0.6888), (2.984, 1.023, 0.6888)]
    >>> round(fits.centred.sigma, 3), round(fits.centred.reverse_kl, 4)
    (2.744, 0.8406)
    """
    mus, log_sigmas = parameter_grid(mix, n)
    entropy, entropy_err = _entropy_with_error(mix)
    rev_surface = reverse_kl_surface(mix, mus, log_sigmas)
    fwd_surface = forward_kl_surface(mix, mus, log_sigmas, entropy=entropy)
    quad = DEFAULT_QUADRATURE

    found: list[_Stationary] = []
    dmu, ds = float(mus[1] - mus[0]), float(log_sigmas[1] - log_sigmas[0])
    for i, j in _local_minima(rev_surface)[:8]:
        st = _newton(mix, float(mus[j]), float(log_sigmas[i]), quad)
        if not st.is_minimum:
            continue
        if any(abs(st.mu - f.mu) < 0.05 * dmu and abs(st.s - f.s) < 0.05 * ds for f in found):
            continue
        found.append(st)
    if not found:  # every start ended on a saddle (not seen in practice): report the grid's best cell
        row, col = (int(k) for k in np.unravel_index(int(np.argmin(rev_surface)), rev_surface.shape))
        found.append(
            _Stationary(float(mus[col]), float(log_sigmas[row]), float(rev_surface[row, col]), math.nan, False)
        )
    # Lowest first; fits within 1e-9 nats of the best (mirror images in a symmetric mixture) right-most first.
    best = min(f.value for f in found)
    found.sort(key=lambda f: (0.0, -f.mu) if f.value - best < 1e-9 else (f.value, 0.0))
    reverse = tuple(_fit(mix, f.mu, math.exp(f.s), entropy, entropy_err) for f in found)

    centre = mix.mean
    column = np.asarray(reverse_kl(mix, centre, np.exp(log_sigmas))).reshape(-1)
    start = float(log_sigmas[int(np.argmin(column))])
    c = _newton(mix, centre, start, quad, fix_mu=True)
    centred = _fit(mix, centre, math.exp(c.s), entropy, entropy_err)

    return MixtureFits(
        mixture=mix,
        entropy=entropy,
        forward=_fit(mix, mix.mean, mix.std, entropy, entropy_err),
        reverse=reverse,
        centred=centred,
        mus=mus,
        log_sigmas=log_sigmas,
        forward_surface=fwd_surface,
        reverse_surface=rev_surface,
    )
