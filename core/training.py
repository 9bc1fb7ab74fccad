"""Training by plain gradient descent with cross-entropy and with a quadratic cost.

Two small experiments that show the *learning slowdown* of a squared-error
loss behind a sigmoid:

* `train_sigmoid_neuron`: Nielsen's single sigmoid neuron ``a = σ(w x + b)``,
  one example (input 1, target 0), one update per epoch;
* `train_logistic_regression`: logistic regression ``p = σ(X w + b)`` on the
  deterministic 2-D `toy_dataset`, full-batch, one update per epoch.

The cost per example, with ``a`` the output and ``y`` the target:

* ``"ce"``: ``-[y log a + (1 - y) log(1 - a)]`` (binary cross-entropy, nats), ``∂/∂z = a - y``;
* ``"quadratic"``: ``½ (a - y)²``, **Nielsen's convention** (with the ½), ``∂/∂z = (a - y) a (1 - a)``;
* ``"mse"``: ``(a - y)²``, PyTorch's ``F.mse_loss`` (no ½), ``∂/∂z = 2 (a - y) a (1 - a)``.

``"mse"`` is ``"quadratic"`` at twice the learning rate.  The factor
``a(1 - a) = σ'(z)`` is what makes a confidently wrong output (``a ≈ 1`` for
``y = 0``) learn slowly; cross-entropy's gradient has no such factor.

The epoch loop is sequential by nature; everything inside it is vectorised
(over any batch of starting points, and over the examples).

Reference: Nielsen, *Neural Networks and Deep Learning* (2015), ch. 3, "The
cross-entropy cost function" (the neuron, learning rate 0.15, starts
``w = 0.6, b = 0.9`` and ``w = b = 2``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._validation import FloatArray, as_float_array, as_probabilities, check_scalar, log_base, same_shape

__all__ = [
    "MAX_EPOCHS",
    "NIELSEN_BAD_START",
    "NIELSEN_GOOD_START",
    "NIELSEN_LEARNING_RATE",
    "TOY_DIRECTION",
    "TRAINING_LOSSES",
    "LogisticRun",
    "NeuronRun",
    "logit_gradient",
    "toy_dataset",
    "train_logistic_regression",
    "train_sigmoid_neuron",
]

#: The costs `train_sigmoid_neuron` and `train_logistic_regression` know.
TRAINING_LOSSES = ("ce", "quadratic", "mse")

#: Largest number of epochs a training call accepts (the history is kept for every epoch).
MAX_EPOCHS = 100_000

#: Nielsen's two starting points (input 1, target 0): output ≈ 0.82 and ≈ 0.98.
NIELSEN_GOOD_START = (0.6, 0.9)
NIELSEN_BAD_START = (2.0, 2.0)
NIELSEN_LEARNING_RATE = 0.15


def _check_loss(loss: str) -> str:
    if not isinstance(loss, str) or loss not in TRAINING_LOSSES:
        options = ", ".join(repr(s) for s in TRAINING_LOSSES)
        raise ValueError(f"loss must be one of {options}; got {loss!r}")
    return loss


def _check_epochs(epochs: int) -> int:
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)):
        raise TypeError(f"epochs must be an integer, got {epochs!r}")
    if not 0 <= epochs <= MAX_EPOCHS:
        raise ValueError(f"epochs must be in [0, {MAX_EPOCHS}], got {epochs}")
    return int(epochs)


def _sigmoids(z: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``σ(z)`` and ``1 - σ(z) = σ(-z)``, each without cancellation or overflow."""
    # exp(-logaddexp(0, ∓z)) never overflows, and 1 - σ(z) is never formed by subtraction.
    return np.exp(-np.logaddexp(0.0, -z)), np.exp(-np.logaddexp(0.0, z))


def _cost_and_dz(z: FloatArray, y: FloatArray, loss: str) -> tuple[FloatArray, FloatArray]:
    """Per-example cost and its derivative with respect to the logit ``z``."""
    a, one_minus_a = _sigmoids(z)
    err = a - y
    if loss == "ce":
        # -[y log σ(z) + (1-y) log σ(-z)] with log σ(±z) = -logaddexp(0, ∓z): exact for any z.
        cost = y * np.logaddexp(0.0, -z) + (1.0 - y) * np.logaddexp(0.0, z)
        return cost, err
    factor = 0.5 if loss == "quadratic" else 1.0
    return factor * err**2, 2.0 * factor * err * a * one_minus_a


def logit_gradient(z: ArrayLike, y: ArrayLike, *, loss: str) -> FloatArray:
    """``∂cost/∂z`` per example for a sigmoid output ``a = σ(z)`` (the step every trainer here takes).

    ``"ce"``: ``a - y``; ``"quadratic"``: ``(a - y) a (1 - a)``; ``"mse"``:
    ``2 (a - y) a (1 - a)`` (equal to `core.sigmoid_cross_entropy_grad` and to
    ½ and 1 times `core.sigmoid_mse_grad`).
    """
    zz = as_float_array(z, "z")
    yy = as_probabilities(y, "y")
    same_shape(zz, yy, "z", "y")
    return _cost_and_dz(zz, yy, _check_loss(loss))[1]


@dataclass(frozen=True)
class NeuronRun:
    """The history of `train_sigmoid_neuron`: index ``t`` is the state after ``t`` updates.

    Every array has shape ``(epochs + 1, *batch)``, where ``batch`` is the
    broadcast shape of the starting points.
    """

    w: FloatArray
    b: FloatArray
    output: FloatArray  # a_t = σ(w_t x + b_t)
    cost: FloatArray  # the trained cost at (w_t, b_t), CE in units of `base` (nats by default)
    target: float

    @property
    def epochs(self) -> FloatArray:
        """``0, 1, …, epochs``: the x-axis of a learning curve."""
        return np.arange(self.output.shape[0], dtype=np.float64)

    def first_epoch_within(self, tolerance: float) -> int | None:
        """The first epoch ``t`` with ``|a_t - y| < tolerance`` (an unbatched run), or ``None`` if never."""
        tol = check_scalar(tolerance, "tolerance", low=0.0, low_open=True)
        if self.output.ndim != 1:
            raise ValueError("first_epoch_within needs an unbatched run (scalar w0 and b0)")
        hits = np.flatnonzero(np.abs(self.output - self.target) < tol)
        return int(hits[0]) if hits.size else None


def train_sigmoid_neuron(
    *,
    w0: ArrayLike,
    b0: ArrayLike,
    loss: str,
    x: float = 1.0,
    y: float = 0.0,
    learning_rate: float = NIELSEN_LEARNING_RATE,
    epochs: int = 300,
    base: float | None = None,
) -> NeuronRun:
    """Train one sigmoid neuron ``a = σ(w x + b)`` on one example by plain gradient descent.

        w ← w - η · x · ∂C/∂z,    b ← b - η · ∂C/∂z,    z = w x + b

    with ``∂C/∂z`` from `logit_gradient`.  Nielsen's experiment is ``x = 1``,
    ``y = 0``, ``η = 0.15``: from ``w = b = 2`` (output 0.982) the output after
    30 epochs is 0.979 with ``loss="quadratic"`` and 0.204 with ``loss="ce"``;
    from ``w = 0.6, b = 0.9`` both learn quickly.

    Args:
        w0, b0: starting weight and bias; scalars or arrays that broadcast
            together (a batch of independent neurons trained at once).
        loss: ``"ce"``, ``"quadratic"`` (½(a - y)², Nielsen) or ``"mse"`` ((a - y)², PyTorch).
        x: the input (finite).
        y: the target, in [0, 1].
        learning_rate: ``η > 0``.
        epochs: number of updates, ``0 <= epochs <=`` `MAX_EPOCHS`.
        base: log base in which a CE cost is *reported* (``None``: nats).  The
            updates always use the natural-log gradient, as frameworks do.

    Returns:
        `NeuronRun` with the weights, biases, outputs and costs at every epoch.

    Reference: Nielsen (2015), ch. 3, eq. 55 and 61 for the two gradients.
    """
    w_start = as_float_array(w0, "w0")
    b_start = as_float_array(b0, "b0")
    loss = _check_loss(loss)
    xv = check_scalar(x, "x")
    yv = check_scalar(y, "y", low=0.0, high=1.0)
    lr = check_scalar(learning_rate, "learning_rate", low=0.0, low_open=True)
    n = _check_epochs(epochs)
    ce_scale = log_base(base)
    try:
        shape = np.broadcast_shapes(w_start.shape, b_start.shape)
    except ValueError:
        raise ValueError(f"w0 of shape {w_start.shape} and b0 of shape {b_start.shape} do not broadcast") from None

    ws = np.empty((n + 1, *shape))
    bs = np.empty((n + 1, *shape))
    ws[0], bs[0] = w_start, b_start
    target = np.full(shape, yv)
    for t in range(n):
        _, dz = _cost_and_dz(ws[t] * xv + bs[t], target, loss)
        ws[t + 1] = ws[t] - lr * xv * dz
        bs[t + 1] = bs[t] - lr * dz
    z = ws * xv + bs
    cost, _ = _cost_and_dz(z, np.broadcast_to(yv, z.shape), loss)
    if loss == "ce":
        cost = cost / ce_scale
    return NeuronRun(w=ws, b=bs, output=_sigmoids(z)[0], cost=cost, target=yv)


#: Unit vector along which the two classes of `toy_dataset` are separated: (1, 1)/√2.
TOY_DIRECTION = np.array([1.0, 1.0]) / np.sqrt(2.0)
_TOY_NORMAL = np.array([-1.0, 1.0]) / np.sqrt(2.0)


def toy_dataset() -> tuple[FloatArray, FloatArray]:
    """A small deterministic 2-D binary dataset: 22 points, 11 per class, not linearly separable.

    Built without random numbers, in coordinates ``(s, t)`` along
    `TOY_DIRECTION` ``u`` and its normal ``v``: class 1 has
    ``s = 1.9 + 0.75·k`` for ``k`` in (-1.5, -0.9, -0.3, 0.3, 0.9, 1.5), class 0
    the mirror image ``s = 0.1 - 0.75·k`` about ``s = 1``; each ``s`` appears
    at ``t = ±c_k`` except the innermost, which sits on the axis (``t = 0``).
    One point of each class lies across the best boundary, so the
    cross-entropy minimum is finite.

    The dataset is mirror-symmetric about the line ``t = 0``: gradient descent
    started with the weights along ``u`` keeps them along ``u`` (the gradient's
    ``v`` component cancels in pairs), so a run stays in the ``(w, b)`` plane of
    `core.surfaces.logistic_loss_surface`.

    Returns:
        ``X`` of shape ``(22, 2)`` and labels ``y`` of shape ``(22,)`` in {0, 1}.
    """
    k = np.array([-1.5, -0.9, -0.3, 0.3, 0.9, 1.5])
    c = np.array([0.0, 1.2, 0.35, 0.9, 1.4, 0.6])
    s_pos = 1.9 + 0.75 * k
    s_neg = 0.1 - 0.75 * k
    rows_s, rows_t, labels = [], [], []
    for s_values, label in ((s_pos, 1.0), (s_neg, 0.0)):
        for s, ck in zip(s_values, c, strict=True):
            for t in (ck, -ck) if ck > 0 else (0.0,):
                rows_s.append(s)
                rows_t.append(t)
                labels.append(label)
    s_arr, t_arr = np.array(rows_s), np.array(rows_t)
    x: FloatArray = s_arr[:, None] * TOY_DIRECTION + t_arr[:, None] * _TOY_NORMAL
    return x, np.array(labels)


@dataclass(frozen=True)
class LogisticRun:
    """The history of `train_logistic_regression`: index ``t`` is the state after ``t`` updates."""

    weights: FloatArray  # (epochs + 1, D)
    bias: FloatArray  # (epochs + 1,)
    cost: FloatArray  # (epochs + 1,) mean cost over the examples, CE in units of `base`
    accuracy: FloatArray  # (epochs + 1,) share of examples on the right side (p > ½ ⇔ class 1)

    @property
    def epochs(self) -> FloatArray:
        """``0, 1, …, epochs``."""
        return np.arange(self.bias.shape[0], dtype=np.float64)

    def first_epoch_reaching(self, accuracy: float) -> int | None:
        """The first epoch whose accuracy is at least ``accuracy``, or ``None`` if never."""
        acc = check_scalar(accuracy, "accuracy", low=0.0, high=1.0)
        # A hair of slack so that 20/22 counts as reaching 20/22 computed another way.
        hits = np.flatnonzero(self.accuracy >= acc - 1e-12)
        return int(hits[0]) if hits.size else None


def train_logistic_regression(
    x: ArrayLike,
    y: ArrayLike,
    *,
    w0: ArrayLike,
    b0: float,
    loss: str,
    learning_rate: float,
    epochs: int,
    base: float | None = None,
) -> LogisticRun:
    """Full-batch gradient descent for ``p = σ(X w + b)`` on the mean cost over the examples.

        g_n = ∂C_n/∂z_n,   w ← w - η · Xᵀ g / N,   b ← b - η · mean(g)

    with ``g`` from `logit_gradient`.  The accuracy counts an example as right
    when ``z > 0`` for class 1 and ``z < 0`` for class 0 (``z = 0`` is wrong
    for both).

    Args:
        x: ``(N, D)`` features, finite.
        y: ``(N,)`` labels in [0, 1].
        w0: ``(D,)`` starting weights.
        b0: starting bias.
        loss: ``"ce"``, ``"quadratic"`` or ``"mse"``.
        learning_rate: ``η > 0``.
        epochs: number of updates, ``0 <= epochs <=`` `MAX_EPOCHS`.
        base: log base in which a CE cost is reported (``None``: nats); the
            updates use the natural-log gradient.

    Reference: Bishop, *Pattern Recognition and Machine Learning* (2006), §4.3.2
    (eq. 4.91, the cross-entropy gradient ``Σ (p_n - y_n) x_n``).
    """
    xs = as_float_array(x, "x")
    ys = as_probabilities(y, "y")
    if xs.ndim != 2 or ys.shape != (xs.shape[0],):
        raise ValueError(f"x must have shape (N, D) and y shape (N,); got {xs.shape} and {ys.shape}")
    w = as_float_array(w0, "w0")
    if w.shape != (xs.shape[1],):
        raise ValueError(f"w0 has shape {w.shape}, expected ({xs.shape[1]},): one weight per feature")
    b = check_scalar(b0, "b0")
    loss = _check_loss(loss)
    lr = check_scalar(learning_rate, "learning_rate", low=0.0, low_open=True)
    n = _check_epochs(epochs)
    ce_scale = log_base(base)

    n_examples = xs.shape[0]
    weights = np.empty((n + 1, xs.shape[1]))
    bias = np.empty(n + 1)
    weights[0], bias[0] = w, b
    for t in range(n):
        _, g = _cost_and_dz(xs @ weights[t] + bias[t], ys, loss)
        weights[t + 1] = weights[t] - lr * (xs.T @ g) / n_examples
        bias[t + 1] = bias[t] - lr * g.mean()
    z = weights @ xs.T + bias[:, None]  # (epochs + 1, N)
    cost, _ = _cost_and_dz(z, np.broadcast_to(ys, z.shape), loss)
    positive = ys >= 0.5
    right = np.where(positive, z > 0, z < 0)
    mean_cost = cost.mean(axis=1) / (ce_scale if loss == "ce" else 1.0)
    return LogisticRun(weights=weights, bias=bias, cost=mean_cost, accuracy=right.mean(axis=1))
