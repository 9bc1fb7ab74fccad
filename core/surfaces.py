"""Loss surfaces on a grid: cross-entropy against the quadratic cost, for plotting.

Two landscapes, each evaluated in one vectorised pass and returned as float32
(what a browser needs; about 100 × 100 points):

* `softmax_loss_surface`: a 3-class softmax with logits ``(z1, z2, 0)`` (the
  third logit fixed, since adding a constant to all logits changes nothing),
  over the ``(z1, z2)`` plane, for a chosen true class;
* `logistic_loss_surface`: the mean loss of logistic regression on a dataset
  over ``(w, b)``, with the weight vector ``w · u`` along a fixed direction ``u``.

Cross-entropy is convex in the logits (and in ``(w, b)``); the quadratic cost
through a sigmoid or softmax is not, and flattens into plateaus where the model
is confidently wrong, which is where gradient descent crawls.

The quadratic cost follows the ``half`` convention of `core.comparison`:
``f · Σ_c (p_c - y_c)²`` with ``f = ½`` (Nielsen) or 1 (summed over classes).

Reference: Nielsen, *Neural Networks and Deep Learning* (2015), ch. 3; Bishop,
*Pattern Recognition and Machine Learning* (2006), §4.3.2 (convexity of the
logistic-regression cross-entropy).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import as_float_array, as_probabilities, check_scalar, log_base
from .comparison import quadratic_factor
from .numerics import log_softmax

__all__ = [
    "MAX_GRID",
    "Float32Array",
    "Surface",
    "logistic_loss_surface",
    "softmax_loss_surface",
]

Float32Array = NDArray[np.float32]

#: Largest number of grid points per axis a surface accepts.
MAX_GRID = 401


@dataclass(frozen=True)
class Surface:
    """Two losses on the same grid.  ``ce[i, j]`` and ``quadratic[i, j]`` are at ``(x[j], y[i])``.

    That is Plotly's ``go.Surface(x=x, y=y, z=ce)`` layout.  All arrays are float32.
    """

    x: Float32Array
    y: Float32Array
    ce: Float32Array
    quadratic: Float32Array


def _grid(limit: float, n: int, name: str) -> NDArray[np.float64]:
    lim = check_scalar(limit, name, low=0.0, low_open=True)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"n must be an integer, got {n!r}")
    if not 2 <= n <= MAX_GRID:
        raise ValueError(f"n must be in [2, {MAX_GRID}], got {n}")
    return np.linspace(-lim, lim, int(n))


def softmax_loss_surface(
    *, true_class: int, limit: float = 6.0, n: int = 101, base: float | None = None, half: bool = True
) -> Surface:
    """CE and the quadratic cost of a 3-class softmax with logits ``(z1, z2, 0)`` on a square grid.

        p = softmax(z1, z2, 0),   CE = -log p_y,   C = f · Σ_c (p_c - [c = y])²

    evaluated for ``z1`` (x) and ``z2`` (y) on ``n`` points in ``[-limit, limit]``.
    Pointwise, CE equals ``core.cross_entropy_loss((z1, z2, 0), y)`` and
    ``C / f`` equals ``3 · core.mse_loss(p, onehot(y))``.

    Args:
        true_class: the true class ``y``: 0 (logit z1), 1 (logit z2) or 2 (logit fixed at 0).
        limit: half-width of the grid, ``> 0``.
        n: points per axis, ``2 <= n <=`` `MAX_GRID` (odd puts 0 on the grid).
        base: log base for CE (``None``: nats).
        half: Nielsen's ½ in front of the quadratic cost.

    Returns:
        `Surface`, float32.
    """
    if isinstance(true_class, bool) or not isinstance(true_class, (int, np.integer)) or not 0 <= true_class <= 2:
        raise ValueError(f"true_class must be 0, 1 or 2, got {true_class!r}")
    f = quadratic_factor(half)
    g = _grid(limit, n, "limit")
    z1, z2 = np.meshgrid(g, g)  # z1 varies along columns (x), z2 along rows (y)
    logits = np.stack([z1, z2, np.zeros_like(z1)], axis=-1)
    lp = log_softmax(logits)
    ce = -lp[..., true_class] / log_base(base)
    onehot = np.zeros(3)
    onehot[true_class] = 1.0
    quad = f * ((np.exp(lp) - onehot) ** 2).sum(axis=-1)
    g32 = g.astype(np.float32)
    return Surface(x=g32, y=g32.copy(), ce=ce.astype(np.float32), quadratic=quad.astype(np.float32))


def logistic_loss_surface(
    x: ArrayLike,
    y: ArrayLike,
    *,
    direction: ArrayLike,
    w_limit: float = 6.0,
    b_limit: float = 6.0,
    n: int = 101,
    base: float | None = None,
    half: bool = True,
) -> Surface:
    """Mean CE and mean quadratic cost of logistic regression ``σ(w · (u·x_n) + b)`` over ``(w, b)``.

        z_n = w · (u · x_n) + b,   a_n = σ(z_n)
        CE = (1/N) Σ_n -[y_n log a_n + (1 - y_n) log(1 - a_n)],   C = (1/N) Σ_n f (a_n - y_n)²

    on ``n`` points of ``w`` in ``[-w_limit, w_limit]`` (x) and of ``b`` in
    ``[-b_limit, b_limit]`` (y).  Pointwise, CE equals
    ``core.binary_cross_entropy_with_logits(z, y)`` and ``C / f`` equals
    ``core.mse_loss(σ(z), y)``.

    Args:
        x: ``(N, D)`` features.
        y: ``(N,)`` labels in [0, 1].
        direction: ``(D,)`` non-zero vector ``u`` (normalised here to unit length).
        w_limit, b_limit: half-widths of the grid, ``> 0``.
        n: points per axis, ``2 <= n <=`` `MAX_GRID`.
        base: log base for CE (``None``: nats).
        half: Nielsen's ½ in front of the quadratic cost.

    Returns:
        `Surface` with ``x`` the ``w`` grid and ``y`` the ``b`` grid, float32.
    """
    xs = as_float_array(x, "x")
    ys = as_probabilities(y, "y")
    if xs.ndim != 2 or ys.shape != (xs.shape[0],):
        raise ValueError(f"x must have shape (N, D) and y shape (N,); got {xs.shape} and {ys.shape}")
    u = as_float_array(direction, "direction")
    if u.shape != (xs.shape[1],):
        raise ValueError(f"direction has shape {u.shape}, expected ({xs.shape[1]},)")
    norm = float(np.linalg.norm(u))
    if norm == 0.0:
        raise ValueError("direction must not be the zero vector")
    f = quadratic_factor(half)
    w = _grid(w_limit, n, "w_limit")
    b = _grid(b_limit, n, "b_limit")
    s = xs @ (u / norm)  # (N,) projections on u
    z = b[:, None, None] + w[None, :, None] * s[None, None, :]  # (n_b, n_w, N)
    # log σ(z) = -logaddexp(0, -z) and log(1 - σ(z)) = -logaddexp(0, z): exact for any z.
    ce = (ys * np.logaddexp(0.0, -z) + (1.0 - ys) * np.logaddexp(0.0, z)).mean(axis=-1) / log_base(base)
    a = np.exp(-np.logaddexp(0.0, -z))
    quad = f * ((a - ys) ** 2).mean(axis=-1)
    return Surface(
        x=w.astype(np.float32), y=b.astype(np.float32), ce=ce.astype(np.float32), quadratic=quad.astype(np.float32)
    )
