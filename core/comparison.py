"""Cross-entropy against squared error for classifiers: loss, gradient and score curves.

The quadratic cost comes in several conventions, and the factor matters when
you compare gradients or learning rates, so every function here says which one
it uses:

* ``half=True``: ``C = ½ Σ_c (p_c - y_c)²``, Nielsen's quadratic cost (the ½
  cancels the 2 of the derivative);
* ``half=False``: ``C = Σ_c (p_c - y_c)²``, squared error summed over the
  outputs: PyTorch's ``F.mse_loss`` for a single sigmoid output, and McCaffrey's
  "sum over classes" for softmax outputs (as the post 交叉熵损失(Cross Entropy Loss)学习笔记
  computes it).

PyTorch's ``nn.MSELoss()`` on ``(N, C)`` rows averages over all ``N·C``
elements, i.e. divides the ``half=False`` value by ``C`` (see `score_predictions`).

Cross-entropy is ``-log p_y`` of the true class, in nats (or in units of
``base``).  Its gradient with respect to the logits is the plain error
``p - y``; the quadratic cost's is the error times the output's slope, which
vanishes where the output is confidently wrong.

Reference: Nielsen, *Neural Networks and Deep Learning* (2015), ch. 3; J.
McCaffrey, "Why You Should Use Cross-Entropy Error Instead Of Classification
Error Or Mean Squared Error For Neural Network Classifier Training" (2013).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from i18n import N_, ReaderError

from ._validation import (
    FloatArray,
    IntArray,
    as_distribution,
    as_float_array,
    as_probabilities,
    check_scalar,
    class_targets,
    log_base,
)
from .gradients import sigmoid_cross_entropy_grad, sigmoid_mse_grad, softmax_cross_entropy_grad, softmax_mse_grad
from .losses import mse_loss

__all__ = [
    "MCCAFFREY_CLASSES",
    "MCCAFFREY_NET1",
    "MCCAFFREY_NET2",
    "MCCAFFREY_TARGET",
    "ConfidenceCurves",
    "GradientCurves",
    "PredictionScores",
    "confidence_curves",
    "gradient_curves",
    "prediction_table",
    "quadratic_factor",
    "score_predictions",
]


def quadratic_factor(half: bool) -> float:
    """The constant in front of ``Σ (p - y)²``: ``0.5`` with Nielsen's ½, else ``1.0``."""
    if not isinstance(half, (bool, np.bool_)):
        raise TypeError(f"half must be True or False, got {half!r}")
    return 0.5 if half else 1.0


def _check_classes(n_classes: int | None) -> int | None:
    """``None`` (one sigmoid output) or an integer number of softmax classes ``>= 2``."""
    if n_classes is None:
        return None
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)):
        raise TypeError(f"n_classes must be an integer or None, got {n_classes!r}")
    if n_classes < 2:
        raise ValueError(f"n_classes must be at least 2, got {n_classes}")
    return int(n_classes)


@dataclass(frozen=True)
class ConfidenceCurves:
    """Losses as functions of the probability ``p`` given to the true class (arrays of ``p``'s shape)."""

    p: FloatArray
    cross_entropy: FloatArray  # -log p, in the requested units; +inf at p = 0
    quadratic: FloatArray  # the quadratic cost of the whole output vector
    error: FloatArray  # 0-1 classification error: 1 where the true class is not the strict winner


def confidence_curves(
    p: ArrayLike, *, n_classes: int | None = None, base: float | None = None, half: bool = True
) -> ConfidenceCurves:
    """CE, quadratic cost and 0-1 error against the probability ``p`` of the true class.

    With one sigmoid output (``n_classes=None``) and target 1:

        CE = -log p,   C = f · (1 - p)²,   error = [p <= 1/2]

    With a ``k``-class softmax whose other ``k - 1`` classes share ``1 - p``
    evenly:

        CE = -log p,   C = f · [(1 - p)² + (k-1) · ((1 - p)/(k-1))²] = f · (1 - p)² · k/(k-1),
        error = [p <= 1/k]

    where ``f`` is `quadratic_factor` (``½`` with ``half=True``).  A tie for the
    largest probability counts as an error.  CE grows without bound as
    ``p → 0``; the quadratic cost stays below ``f · k/(k-1)``.

    Args:
        p: probabilities of the true class, in [0, 1], any shape.
        n_classes: ``None`` for one sigmoid output, else ``k >= 2`` softmax classes.
        base: log base for CE (``None``: nats; 2: bits).
        half: Nielsen's ½ in front of the quadratic cost.

    Reference: McCaffrey (2013); Nielsen (2015), ch. 3.
    """
    pa = as_probabilities(p, "p")
    k = _check_classes(n_classes)
    f = quadratic_factor(half)
    with np.errstate(divide="ignore"):
        ce = -np.log(pa) / log_base(base)
    if k is None:
        quad = f * (1.0 - pa) ** 2
        error = (pa <= 0.5).astype(np.float64)
    else:
        quad = f * (1.0 - pa) ** 2 * (k / (k - 1))
        error = (pa <= 1.0 / k).astype(np.float64)
    return ConfidenceCurves(p=pa, cross_entropy=ce, quadratic=quad, error=error)


@dataclass(frozen=True)
class GradientCurves:
    """Gradients of CE and of the quadratic cost with respect to one logit ``z``, over a grid of ``z``."""

    z: FloatArray
    cross_entropy: FloatArray
    quadratic: FloatArray
    wrong_probability: FloatArray  # probability the model gives the wrong class whose logit is z
    dead_zone: tuple[float, float]  # interval of z where |quadratic| < ratio·|cross_entropy|, wrong side


def gradient_curves(
    z: ArrayLike,
    *,
    n_classes: int | None = None,
    base: float | None = None,
    half: bool = True,
    ratio: float = 0.1,
) -> GradientCurves:
    """``∂L/∂z`` for CE and the quadratic cost, where ``z`` is the logit of a *wrong* class.

    Sigmoid (``n_classes=None``): one output ``a = σ(z)``, target 0 (Nielsen's
    set-up), so ``a`` is the probability of the wrong answer:

        ∂CE/∂z = a - y = a,   ∂C/∂z = 2f (a - y) a (1 - a) = 2f a² (1 - a)

    Softmax with ``k`` classes: logits ``(0, z, 0, …, 0)``, true class 0, and
    the derivative with respect to the wrong class's logit ``z``:

        ∂CE/∂z = p_z,   ∂C/∂z = 2f p_z [(p_z - 0) - Σ_c (p_c - y_c) p_c]

    (from `core.softmax_cross_entropy_grad` and `core.softmax_mse_grad`).  As
    ``z → ∞`` the model is confidently wrong: CE's gradient tends to 1 and keeps
    pushing, the quadratic cost's tends to 0.

    The *dead zone* is the interval of ``z`` where the model is wrong (the wrong
    class has the larger probability) and the quadratic gradient is less than
    ``ratio`` times CE's.  For the sigmoid, where that ratio is ``2f·a(1 - a)``,
    it is ``z > logit(a*)`` with ``a* = (1 + √(1 - 2r/f)) / 2``; for softmax it
    is the trailing run of grid points where the condition holds (its start is a
    grid point).  CE's gradient is per unit of
    ``base`` (divided by ``ln base``); the quadratic cost has no units.

    Args:
        z: logits of the wrong class, a 1-D increasing grid of finite values.
        n_classes: ``None`` for a sigmoid output, else ``k >= 2`` softmax classes.
        base: log base for CE (``None``: nats).
        half: Nielsen's ½ in front of the quadratic cost.
        ratio: threshold of the dead zone, in (0, 1).

    Reference: Nielsen (2015), ch. 3, "The cross-entropy cost function".
    """
    zz = as_float_array(z, "z")
    if zz.ndim != 1 or zz.size < 2 or not (np.diff(zz) > 0).all():
        raise ValueError("z must be a 1-D increasing grid of at least 2 logits")
    k = _check_classes(n_classes)
    f = quadratic_factor(half)
    r = check_scalar(ratio, "ratio", low=0.0, high=1.0, low_open=True)
    scale = 1.0 / log_base(base)
    if k is None:
        y = np.zeros_like(zz)
        ce = sigmoid_cross_entropy_grad(zz, y)
        quad = f * sigmoid_mse_grad(zz, y)
        wrong = ce.copy()  # σ(z) - 0
        lo = _sigmoid_dead_zone_start(2.0 * f, r)
        zone = (lo, math.inf)
    else:
        logits = np.zeros((zz.size, k))
        logits[:, 1] = zz
        target = np.zeros(zz.size, dtype=np.int64)
        ce = softmax_cross_entropy_grad(logits, target)[:, 1]
        quad = f * softmax_mse_grad(logits, target)[:, 1]
        wrong = ce.copy()  # p_z - 0
        # The wrong class leads when its logit is the largest, z > 0.
        mask = (zz > 0) & (np.abs(quad) < r * np.abs(ce))
        zone = (_trailing_run_start(zz, mask), math.inf)
    return GradientCurves(z=zz, cross_entropy=ce * scale, quadratic=quad, wrong_probability=wrong, dead_zone=zone)


def _trailing_run_start(z: FloatArray, mask: NDArray[np.bool_]) -> float:
    """The first ``z`` of the run of True values that reaches the end of the grid (``inf`` if none)."""
    if not mask[-1]:
        return math.inf
    false = np.flatnonzero(~mask)
    return float(z[0] if false.size == 0 else z[false[-1] + 1])


def _sigmoid_dead_zone_start(c: float, r: float) -> float:
    """Smallest ``z > 0`` with ``c · a(1 - a) < r`` for ``a = σ(z)``: ``logit(a*)``."""
    if r / c >= 0.25:  # a(1 - a) <= 1/4 everywhere: the whole wrong half-line
        return 0.0
    a_star = (1.0 + math.sqrt(1.0 - 4.0 * r / c)) / 2.0
    return math.log(a_star / (1.0 - a_star))


@dataclass(frozen=True)
class PredictionScores:
    """How good a set of predicted distributions is, by four measures (McCaffrey's comparison)."""

    classification_error: float  # share of rows whose true class is not the strict winner
    cross_entropy: float  # mean over rows of -log p_y (units of base); +inf if some p_y = 0
    squared_error: float  # Σ_c (p_c - y_c)² per row, mean over rows (McCaffrey's "MSE")
    mse_loss: float  # nn.MSELoss(): mean over all N·C elements = squared_error / C
    row_cross_entropy: FloatArray  # (N,)
    row_squared_error: FloatArray  # (N,)
    correct: NDArray[np.bool_]  # (N,)


def score_predictions(probs: ArrayLike, target: ArrayLike, *, base: float | None = None) -> PredictionScores:
    """Classification error, average cross-entropy and two MSEs of predicted distributions.

    For rows ``p_n`` (each summing to 1) and true classes ``y_n``:

        error = (1/N) Σ_n [p_{n,y_n} is not the strict maximum of row n]
        CE    = (1/N) Σ_n -log p_{n,y_n}
        SE    = (1/N) Σ_n Σ_c (p_{n,c} - [c = y_n])²      (McCaffrey's "MSE")
        MSE   = SE / C                                   (``nn.MSELoss()``)

    A tie for the top probability counts as an error.  CE equals
    ``nll_loss(log(probs), target)`` and is ``+inf`` when a true class has
    probability 0.

    The example of the post 交叉熵损失(Cross Entropy Loss)学习笔记 (after McCaffrey
    2013): two networks with the same error, 1/3, that CE and SE tell apart:

    >>> for net in (MCCAFFREY_NET1, MCCAFFREY_NET2):
    ...     s = score_predictions(net, MCCAFFREY_TARGET)
    ...     print(f"{s.classification_error:.4f} {s.cross_entropy:.6f} {s.squared_error:.6f} {s.mse_loss:.6f}")
    0.3333 1.378389 0.806667 0.268889
    0.3333 0.639108 0.340000 0.113333

    Args:
        probs: ``(N, C)`` rows that are probability distributions (within `core.SUM_TOLERANCE`).
        target: ``(N,)`` integer class indices in ``[0, C)``.
        base: log base for CE (``None``: nats).
    """
    p = as_distribution(probs, "probs", axis=-1)
    if p.ndim != 2:
        raise ValueError(f"probs must have shape (N, C), got {p.shape}")
    n, c = p.shape
    t = class_targets(target, c, (n,), ignore_index=None)
    onehot = np.eye(c)[t]
    p_true = p[np.arange(n), t]
    others = np.where(onehot > 0, -np.inf, p).max(axis=1)
    correct = p_true > others
    with np.errstate(divide="ignore"):
        row_ce = -np.log(p_true) / log_base(base)
    row_se = np.asarray(mse_loss(p, onehot, reduction="none")).sum(axis=1)
    return PredictionScores(
        classification_error=float(np.mean(~correct)),
        cross_entropy=float(row_ce.mean()),
        squared_error=float(row_se.mean()),
        mse_loss=float(mse_loss(p, onehot)),
        row_cross_entropy=row_ce,
        row_squared_error=row_se,
        correct=correct,
    )


def prediction_table(
    table: Mapping[str, Sequence[object]],
    *,
    classes: Sequence[str],
    target_column: str,
    labels: Mapping[str, str] | None = None,
    separator: str = ", ",
) -> tuple[FloatArray, IntArray]:
    """Probability rows and true-class indices from a column-oriented table of predictions.

    ``table`` maps each class name to a column of probabilities and
    ``target_column`` to a column of class names (the shape ``st.data_editor``
    returns for a dict of lists).  Rows need not sum to 1 (`core.normalize`
    them); everything else is checked, and the ``ValueError`` names the row and
    the column in words meant for the person who typed the table: an `i18n.ReaderError`, whose
    columns are named by ``labels`` (a column's name as the reader sees it; the name itself if absent)
    and listed with ``separator``.

    Returns:
        ``(probs, target)``: ``(N, C)`` float64 non-negative rows with a positive
        sum, and ``(N,)`` integer class indices.
    """
    names = list(classes)
    shown = dict(labels or {})

    def label(column: str) -> str:
        return shown.get(column, column)

    missing = [c for c in (*names, target_column) if c not in table]
    if missing:
        raise ReaderError(N_("The table has no column {column}."), column=repr(label(missing[0])))
    targets = list(table[target_column])
    n_rows = len(targets)
    if n_rows == 0:
        raise ReaderError(N_("The table is empty: add at least one row."))
    probs = np.zeros((n_rows, len(names)))
    target = np.zeros(n_rows, dtype=np.int64)
    for r in range(n_rows):
        for c, name in enumerate(names):
            column = list(table[name])
            value = column[r] if r < len(column) else None
            where = {"row": r + 1, "column": label(name)}
            if value is None or isinstance(value, bool):
                raise ReaderError(N_("Row {row}, {column}: enter a probability (the cell is empty)."), **where)
            try:
                v = float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise ReaderError(
                    N_("Row {row}, {column}: {value} is not a number."), value=repr(value), **where
                ) from None
            if not math.isfinite(v):
                raise ReaderError(
                    N_("Row {row}, {column}: enter a probability (the cell holds {value})."), value=v, **where
                )
            if v < 0:
                raise ReaderError(
                    N_("Row {row}, {column} is {value}; probabilities cannot be negative."), value=f"{v:g}", **where
                )
            probs[r, c] = v
        if targets[r] not in names:
            raise ReaderError(
                N_("Row {row}: choose the true class ({classes})."),
                row=r + 1,
                classes=separator.join(label(n) for n in names),
            )
        target[r] = names.index(str(targets[r]))
        with np.errstate(over="ignore"):  # an overflowing sum is reported below, not warned about
            total = probs[r].sum()
        if total == 0:
            raise ReaderError(N_("Row {row} is all zeros: give at least one class a positive probability."), row=r + 1)
        if not math.isfinite(total):
            raise ReaderError(N_("Row {row}: the numbers are too large to add up; enter probabilities."), row=r + 1)
    return probs, target


#: The worked example of the post 交叉熵损失(Cross Entropy Loss)学习笔记 (after McCaffrey 2013): classes,
#: two networks' predictions, true classes.
#: The post's one-hot targets put democrat last, (0, 0, 1), and "other" first, (1, 0, 0).
MCCAFFREY_CLASSES = ("other", "republican", "democrat")
MCCAFFREY_NET1 = ((0.3, 0.3, 0.4), (0.3, 0.4, 0.3), (0.1, 0.2, 0.7))
MCCAFFREY_NET2 = ((0.1, 0.2, 0.7), (0.1, 0.7, 0.2), (0.3, 0.4, 0.3))
MCCAFFREY_TARGET = (2, 1, 0)
