"""What a decomposition is made of: `Column`, `Steps`, and how a reduction is spelled out.

Shared by the per-sample and the elementwise decompositions: the step table's
columns, the reduction with its numerator and denominator in words, the
checks every decomposition makes of its batch, and the display format of a
loss value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from core._validation import FloatArray, IntArray, as_float_array
from i18n import N_, _

from .latex import reduction_formula

#: How the prediction matrix is to be read.
INPUT_KINDS = ("logits", "probabilities", "log_probabilities")


@dataclass(frozen=True)
class Column:
    """One column of a step table: a machine name (CSV header), a label, a tooltip and the values.

    ``values`` is ``(N, C)`` for a per-class column and ``(N,)`` for a per-sample
    column; NaN marks a cell that does not apply (the target of an ignored row).
    """

    key: str
    label: str
    help: str
    values: FloatArray
    integer: bool = False
    bar: bool = False  # a probability in [0, 1], worth drawing as a bar
    flag: bool = False  # 1 or 0: yes or no


@dataclass(frozen=True)
class Steps:
    """The decomposition of one loss evaluation; see `core.steps`."""

    loss: str
    reduction: str
    n_samples: int
    n_classes: int
    class_columns: tuple[Column, ...]
    sample_columns: tuple[Column, ...]
    unreduced: FloatArray  # what reduction='none' returns: (N,) or (N, C)
    numerator: float  # the sum of ``unreduced``
    denominator: float  # what the sum is divided by (1 for 'sum'; NaN for 'none')
    denominator_text: str  # the denominator in words, with its terms
    value: float | FloatArray  # the loss, exactly as the core function (and PyTorch) returns it
    formulas: tuple[str, ...]  # LaTeX, general first, then the reduction with the numbers
    notes: tuple[str, ...]

    @property
    def is_scalar(self) -> bool:
        """False for ``reduction='none'``, whose value is an array."""
        return not isinstance(self.value, np.ndarray)


def format_value(x: float) -> str:
    """The calculator's display format for a loss value: six decimals, as the source posts print them.

    The generated snippets print with the same format, so the page and a
    script's output can be compared character for character.

    >>> format_value(0.9184927)
    '0.918493'
    """
    return f"{x:.6f}"


def format_values(values: ArrayLike) -> str:
    """Several values in `format_value`'s format, separated by ', ' (row-major for a matrix).

    >>> format_values([[1.7413107, 0.0956744]])
    '1.741311, 0.095674'
    """
    return ", ".join(format_value(float(v)) for v in np.asarray(values, dtype=np.float64).ravel())


# ---------------------------------------------------------------------------------------------
# Columns

#: Columns that hold probabilities in [0, 1].
_BAR_KEYS = frozenset({"softmax", "sigmoid", "prob", "p_y", "q_y", "p_t", "target", "target_smoothed"})
#: Columns that hold yes/no flags as 1/0.
_FLAG_KEYS = frozenset({"is_target", "ignored", "correct"})


def _col(key: str, label: str, help: str, values: ArrayLike, *, integer: bool = False) -> Column:
    return Column(key, label, help, np.asarray(values, dtype=np.float64), integer, key in _BAR_KEYS, key in _FLAG_KEYS)


def _check_batch(pred: ArrayLike, name: str) -> FloatArray:
    a = as_float_array(pred, name)
    if a.ndim != 2:
        raise ValueError(f"{name} must be an (N, C) matrix for the step tables, got shape {a.shape}")
    return a


def _index_targets(target: ArrayLike) -> IntArray:
    t = np.asarray(target)
    if t.dtype == np.bool_ or not np.issubdtype(t.dtype, np.integer):
        raise TypeError(f"target must hold integer class indices here (dtype {t.dtype} given)")
    return t.astype(np.int64, copy=False)


def _accuracy(scores: FloatArray, t: IntArray, keep: NDArray[np.bool_]) -> tuple[list[Column], str]:
    """The predicted class (argmax) of each row, whether it is the target, and the classification error."""
    pred = np.argmax(scores, axis=1)
    correct = (pred == t) & keep
    n_kept = int(keep.sum())
    wrong = n_kept - int(correct.sum())
    cols = [
        _col(
            "argmax",
            _("argmax (predicted)"),
            _("The class with the highest score: the model's answer."),
            pred,
            integer=True,
        ),
        _col("correct", _("correct?"), _("Whether the predicted class is the target."), correct * 1.0),
    ]
    note = (
        _(
            "Classification error: {wrong} of {kept} rows wrong ({rate}). Two models with the same error "
            "can have very different losses: the loss also counts how confident each answer was.",
            wrong=wrong,
            kept=n_kept,
            rate=f"{wrong / n_kept:.6g}",
        )
        if n_kept
        else ""
    )
    return cols, note


# ---------------------------------------------------------------------------------------------
# Reductions, spelled out

#: A reduction's outcome: the value, its denominator, the denominator in words and in LaTeX.
_Reduced = tuple[float | FloatArray, float, str, str]

_NO_DIVISION = N_("none: reduction='none' returns every loss unreduced")
_SUM_DIVISION = N_("1: reduction='sum' does not divide")


def _sum_text(values: FloatArray, max_terms: int = 8) -> str:
    """``'1 + 2 + 0.5 = 3.5'`` for a few values; just the count and total for many."""
    total = float(values.sum())
    if values.size <= max_terms:
        terms = " + ".join(f"{float(v):g}" for v in values)
        return f"{terms} = {total:g}" if values.size > 1 else f"{total:g}"
    return _("{total} (over {count} terms)", total=f"{total:g}", count=f"{values.size:,}")


def _reduce_per_sample(
    losses: FloatArray, reduction: str, mean_den: float, mean_text: str, mean_latex: str
) -> _Reduced:
    """``core.losses._reduce`` for (N,) losses with an explicit mean denominator (the same arithmetic)."""
    if reduction == "none":
        return losses, float("nan"), _(_NO_DIVISION), ""
    total = float(losses.sum())
    if reduction == "sum":
        return total, 1.0, _(_SUM_DIVISION), "1"
    return total / mean_den, mean_den, mean_text, mean_latex


def _reduce_elements(losses: FloatArray, reduction: str) -> _Reduced:
    """Elementwise losses (N, C): mean over all N·C elements, batchmean over the N rows."""
    n, c = losses.shape
    if reduction == "none":
        return losses, float("nan"), _(_NO_DIVISION), ""
    total = float(losses.sum())
    if reduction == "sum":
        return total, 1.0, _(_SUM_DIVISION), "1"
    if reduction == "batchmean":
        return total / n, float(n), _("the batch size N = {n}", n=n), "N"
    return (
        total / losses.size,
        float(losses.size),
        _("the number of elements N·C = {n}·{c} = {size}", n=n, c=c, size=losses.size),
        r"N \cdot C",
    )


def _index_denominator(w_picked: FloatArray, keep: NDArray[np.bool_], weighted: bool) -> tuple[float, str, str]:
    """The weighted-mean denominator of CE/NLL with class-index targets: Σ w[y] over the non-ignored rows."""
    n, n_kept = keep.size, int(keep.sum())
    if weighted:
        text = _(
            "the sum of the target weights w[y] over the {kept} non-ignored rows = {sum}",
            kept=n_kept,
            sum=_sum_text(w_picked[keep]),
        )
        return float(w_picked.sum()), text, r"\sum_{n \text{ kept}} w_{y_n}"
    if n_kept != n:
        text = _("the number of non-ignored rows = {kept} (of {n})", kept=n_kept, n=n)
    else:
        text = _("the number of non-ignored rows = {kept}", kept=n_kept)
    return float(w_picked.sum()), text, (r"N_{\text{kept}}" if n_kept != n else "N")


def _finish(
    loss: str,
    reduction: str,
    n_classes: int,
    class_columns: list[Column],
    sample_columns: list[Column],
    unreduced: FloatArray,
    reduced: _Reduced,
    formulas: list[str],
    notes: list[str],
) -> Steps:
    """The `Steps` of a decomposition: its columns and formulas, then the reduction's formula with the numbers."""
    numerator = float(unreduced.sum())
    value, denominator, denominator_text, den_latex = reduced
    formulas.append(
        reduction_formula(
            reduction,
            elementwise=unreduced.ndim == 2,
            numerator=format_value(numerator),
            denominator=den_latex,
            denominator_value=denominator,
            value=format_value(float(value)) if reduction not in ("none", "sum") else "",
        )
    )
    return Steps(
        loss=loss,
        reduction=reduction,
        n_samples=int(unreduced.shape[0]),
        n_classes=n_classes,
        class_columns=tuple(class_columns),
        sample_columns=tuple(sample_columns),
        unreduced=unreduced,
        numerator=numerator,
        denominator=denominator,
        denominator_text=denominator_text,
        value=value,
        formulas=tuple(formulas),
        notes=tuple(notes),
    )
