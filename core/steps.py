"""Every loss of the calculator, taken apart step by step, ending on PyTorch's number.

Each ``*_steps`` function takes the same inputs as its `core.losses`
counterpart (and so as ``torch.nn.functional``) and returns a `Steps`: the
per-class intermediate values (logits → softmax or sigmoid → log-probabilities
→ the terms that are picked or weighted), the per-sample (or per-element)
losses, and the reduction with its numerator and denominator spelled out.  The
decomposition repeats the arithmetic of `core.losses` operation for operation,
so its final number is *bitwise* equal to the core function's (the tests check
this with ``==`` across every option), which in turn equals PyTorch's to 1e-10.

Inputs are always a batch: predictions of shape ``(N, C)``; targets either
``N`` integer class indices or an ``(N, C)`` float matrix, exactly as PyTorch
tells the two apart.  Arguments are validated by calling the core function
first, so a bad argument raises the same ``ValueError``/``TypeError``.

Reference: ``torch.nn.functional`` (cross_entropy, nll_loss,
binary_cross_entropy, binary_cross_entropy_with_logits, kl_div);
``torchvision.ops.sigmoid_focal_loss``; Lin et al. (2017), "Focal Loss for
Dense Object Detection", eq. 5.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import FloatArray, IntArray, as_float_array
from .losses import (
    BCE_LOG_CLAMP,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy_loss,
    kl_div,
    nll_loss,
    sigmoid_focal_loss,
    softmax_focal_loss,
)
from .numerics import log_sigmoid, log_softmax, xlogy

__all__ = [
    "ELEMENT_COLUMNS_MAX_CLASSES",
    "EXAMPLES",
    "INPUT_KINDS",
    "LOSSES",
    "Column",
    "Example",
    "LossSpec",
    "Steps",
    "bce_steps",
    "bce_with_logits_steps",
    "class_table_csv",
    "compute_steps",
    "cross_entropy_steps",
    "format_value",
    "format_values",
    "kl_div_steps",
    "log_probabilities",
    "nll_steps",
    "sample_table_csv",
    "sigmoid_focal_steps",
    "softmax_focal_steps",
]

#: How the prediction matrix is to be read.
INPUT_KINDS = ("logits", "probabilities", "log_probabilities")


@dataclass(frozen=True)
class LossSpec:
    """What the calculator needs to know about one loss."""

    key: str
    title: str  # shown in the loss picker
    torch_name: str  # the PyTorch (or torchvision) function
    input_kinds: tuple[str, ...]  # accepted readings of the prediction matrix; the first is the default
    target_kinds: tuple[str, ...]  # "indices" (one class per row) and/or "rows" (an (N, C) matrix)
    options: frozenset[str]  # which of weight, ignore_index, label_smoothing, pos_weight, gamma, alpha apply
    reductions: tuple[str, ...]
    elementwise: bool  # True: one loss per element (N, C); False: one per sample (N,)


LOSSES: dict[str, LossSpec] = {
    s.key: s
    for s in (
        LossSpec(
            "cross_entropy",
            "Cross-entropy (softmax on logits)",
            "F.cross_entropy",
            ("logits",),
            ("indices", "rows"),
            frozenset({"weight", "ignore_index", "label_smoothing"}),
            ("none", "mean", "sum"),
            False,
        ),
        LossSpec(
            "nll",
            "Negative log-likelihood (NLL)",
            "F.nll_loss",
            ("probabilities", "log_probabilities", "logits"),
            ("indices",),
            frozenset({"weight", "ignore_index"}),
            ("none", "mean", "sum"),
            False,
        ),
        LossSpec(
            "bce",
            "Binary cross-entropy on probabilities",
            "F.binary_cross_entropy",
            ("probabilities",),
            ("rows",),
            frozenset({"weight"}),
            ("none", "mean", "sum"),
            True,
        ),
        LossSpec(
            "bce_logits",
            "Binary cross-entropy with logits",
            "F.binary_cross_entropy_with_logits",
            ("logits",),
            ("rows",),
            frozenset({"weight", "pos_weight"}),
            ("none", "mean", "sum"),
            True,
        ),
        LossSpec(
            "kl_div",
            "KL divergence (F.kl_div)",
            "F.kl_div",
            ("probabilities", "log_probabilities", "logits"),
            ("rows",),
            frozenset(),
            ("none", "batchmean", "sum", "mean"),
            True,
        ),
        LossSpec(
            "sigmoid_focal",
            "Sigmoid focal loss (torchvision)",
            "torchvision.ops.sigmoid_focal_loss",
            ("logits",),
            ("rows",),
            frozenset({"gamma", "alpha"}),
            ("none", "mean", "sum"),
            True,
        ),
        LossSpec(
            "softmax_focal",
            "Softmax focal loss (multi-class)",
            "softmax focal loss",
            ("logits",),
            ("indices",),
            frozenset({"gamma", "alpha"}),
            ("none", "mean", "sum"),
            False,
        ),
    )
}


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
    """The decomposition of one loss evaluation; see the module docstring."""

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
    """The calculator's display format for a loss value: six decimals, as the seeds print them.

    The generated snippets print with the same format, so the page and a
    script's output can be compared character for character.
    """
    return f"{x:.6f}"


def format_values(values: ArrayLike) -> str:
    """Several values in `format_value`'s format, separated by ', ' (row-major for a matrix)."""
    return ", ".join(format_value(float(v)) for v in np.asarray(values, dtype=np.float64).ravel())


# ---------------------------------------------------------------------------------------------
# Helpers

#: A reduction's outcome: the value, its denominator, the denominator in words and in LaTeX.
_Reduced = tuple[float | FloatArray, float, str, str]


#: Columns that hold probabilities in [0, 1].
_BAR_KEYS = frozenset({"softmax", "sigmoid", "prob", "p_y", "q_y", "p_t", "target", "target_smoothed"})
#: Columns that hold yes/no flags as 1/0.
_FLAG_KEYS = frozenset({"is_target", "ignored", "correct"})


def _col(key: str, label: str, help: str, values: ArrayLike, *, integer: bool = False) -> Column:
    return Column(key, label, help, np.asarray(values, dtype=np.float64), integer, key in _BAR_KEYS, key in _FLAG_KEYS)


def _number(x: float) -> str:
    """A denominator as people write it: ``2``, ``1000000``, ``3.5``, ``0.333333``."""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else f"{x:.6g}"


def _sum_text(values: FloatArray, max_terms: int = 8) -> str:
    """``'1 + 2 + 0.5 = 3.5'`` for a few values; just the count and total for many."""
    total = float(values.sum())
    if values.size <= max_terms:
        terms = " + ".join(f"{float(v):g}" for v in values)
        return f"{terms} = {total:g}" if values.size > 1 else f"{total:g}"
    return f"{total:g} (over {values.size:,} terms)"


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
    numerator = float(unreduced.sum())
    value, denominator, denominator_text, den_latex = reduced
    sum_sym = r"\sum_{n,c} \ell_{n,c}" if unreduced.ndim == 2 else r"\sum_n \ell_n"
    if reduction == "none":
        formulas.append(r"\text{reduction='none': every loss is returned, unreduced}")
    elif reduction == "sum":
        formulas.append(r"\text{loss} = " + sum_sym + " = " + format_value(numerator))
    else:
        formulas.append(
            r"\text{loss} = \frac{"
            + sum_sym
            + "}{"
            + den_latex
            + r"} = \frac{"
            + format_value(numerator)
            + "}{"
            + _number(denominator)
            + "} = "
            + format_value(float(value))
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


_NO_DIVISION = "none: reduction='none' returns every loss unreduced"
_SUM_DIVISION = "1: reduction='sum' does not divide"


def _reduce_per_sample(
    losses: FloatArray, reduction: str, mean_den: float, mean_text: str, mean_latex: str
) -> _Reduced:
    """``core.losses._reduce`` for (N,) losses with an explicit mean denominator (the same arithmetic)."""
    if reduction == "none":
        return losses, float("nan"), _NO_DIVISION, ""
    total = float(losses.sum())
    if reduction == "sum":
        return total, 1.0, _SUM_DIVISION, "1"
    return total / mean_den, mean_den, mean_text, mean_latex


def _reduce_elements(losses: FloatArray, reduction: str) -> _Reduced:
    """Elementwise losses (N, C): mean over all N·C elements, batchmean over the N rows."""
    n, c = losses.shape
    if reduction == "none":
        return losses, float("nan"), _NO_DIVISION, ""
    total = float(losses.sum())
    if reduction == "sum":
        return total, 1.0, _SUM_DIVISION, "1"
    if reduction == "batchmean":
        return total / n, float(n), f"the batch size N = {n}", "N"
    return (
        total / losses.size,
        float(losses.size),
        f"the number of elements N·C = {n}·{c} = {losses.size}",
        r"N \cdot C",
    )


def _index_denominator(w_picked: FloatArray, keep: NDArray[np.bool_], weighted: bool) -> tuple[float, str, str]:
    """The weighted-mean denominator of CE/NLL with class-index targets: Σ w[y] over the non-ignored rows."""
    n, n_kept = keep.size, int(keep.sum())
    if weighted:
        text = f"the sum of the target weights w[y] over the {n_kept} non-ignored rows = {_sum_text(w_picked[keep])}"
        return float(w_picked.sum()), text, r"\sum_{n \text{ kept}} w_{y_n}"
    text = f"the number of non-ignored rows = {n_kept}" + (f" (of {n})" if n_kept != n else "")
    return float(w_picked.sum()), text, (r"N_{\text{kept}}" if n_kept != n else "N")


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


# ---------------------------------------------------------------------------------------------
# Softmax cross-entropy and NLL


def cross_entropy_steps(
    logits: ArrayLike,
    target: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Steps:
    """`core.cross_entropy_loss` step by step: logits → softmax → log p → picked term → ℓ_n → reduction.

    Class-index targets: ``ℓ_n = (1-ε)(-w_{y_n} log p_{n,y_n}) + (ε/C)(-Σ_c w_c log p_{n,c})``,
    ``'mean'`` divides by ``Σ w_{y_n}`` over the non-ignored rows.  Probability
    targets (float ``(N, C)``): ``ℓ_n = -Σ_c w_c P'_{n,c} log p_{n,c}`` with
    ``P' = (1-ε)P + ε/C``, ``'mean'`` divides by ``N``.
    """
    z = _check_batch(logits, "logits")
    _ = cross_entropy_loss(
        z, target, weight=weight, ignore_index=ignore_index, reduction=reduction, label_smoothing=label_smoothing
    )
    n, c = z.shape
    eps = float(label_smoothing)
    w = None if weight is None else as_float_array(weight, "weight")
    lp = log_softmax(z, axis=-1)
    p = np.exp(lp)
    tgt = np.asarray(target)
    cls: list[Column] = [
        _col("logit", "z (logit)", "The raw score the model gives each class.", z),
        _col("softmax", "p = softmax(z)", "exp(z_c) / Σ_j exp(z_j): the predicted probability of each class.", p),
        _col("log_p", "log p", "log_softmax(z) = z_c − logsumexp(z), computed without forming p.", lp),
    ]
    if w is not None:
        cls.append(_col("weight", "w (class weight)", "The weight of each class.", np.broadcast_to(w, z.shape)))
    notes: list[str] = []

    if np.issubdtype(tgt.dtype, np.floating) and tgt.shape == z.shape:
        # Probability ("soft") targets: same arithmetic as core.losses._soft_target_ce.
        P = as_float_array(tgt, "target")
        Ps = P * (1.0 - eps) + eps / c if eps > 0.0 else P
        terms = Ps * lp
        if w is not None:
            terms = terms * w
        losses = -terms.sum(axis=-1)
        reduced = _reduce_per_sample(losses, reduction, float(n), f"the number of rows N = {n}", "N")
        cls.append(_col("target", "P (target)", "The target probability of each class, as given.", P))
        if eps > 0.0:
            cls.append(_col("target_smoothed", "P′ = (1−ε)P + ε/C", "The target after label smoothing.", Ps))
        cls.append(
            _col(
                "term",
                "−w·P′·log p" if w is not None else "−P′·log p",
                "Each class's contribution to the row's loss.",
                -terms + 0.0,
            )
        )
        rows = [
            _col("target_sum", "Σ P", "The target row's sum (1 for a probability distribution).", P.sum(axis=-1)),
            _col("loss", "ℓ (row loss)", "The row's loss: the sum of its terms.", losses),
        ]
        formulas = [
            r"\log p_{n,c} = z_{n,c} - \log\sum_j e^{z_{n,j}}",
            r"\ell_n = -\sum_c " + (r"w_c\," if w is not None else "") + r"P'_{n,c} \log p_{n,c}",
        ]
        if eps > 0.0:
            formulas.append(
                rf"P' = (1-\varepsilon)\,P + \frac{{\varepsilon}}{{C}}, \quad \varepsilon = {eps:g}, C = {c}"
            )
        else:
            formulas.append(r"P' = P \text{ (no label smoothing)}")
        if ignore_index != -100:
            notes.append("ignore_index applies only to class-index targets.")
        notes.append(
            "Probability targets: 'mean' divides by the number of rows N, even with class weights "
            "(with class-index targets it divides by the sum of the picked weights)."
        )
        return _finish("cross_entropy", reduction, c, cls, rows, losses, reduced, formulas, notes)

    t = _index_targets(tgt).reshape(-1)
    keep = t != ignore_index
    safe_t = np.where(keep, t, 0)
    picked = lp[np.arange(n), safe_t]
    w_picked = (np.ones(n) if w is None else w[safe_t]) * keep
    nll = -(w_picked * picked) + 0.0
    losses = nll
    smooth = None
    if eps > 0.0:
        smooth = -(lp if w is None else lp * w).sum(axis=-1) * keep
        losses = (1.0 - eps) * nll + (eps / c) * smooth + 0.0
    reduced = _reduce_per_sample(losses, reduction, *_index_denominator(w_picked, keep, w is not None))

    nan = np.nan
    cls.append(
        _col("is_target", "target?", "1 for the row's target class.", (np.arange(c) == t[:, None]) * 1.0, integer=True)
    )
    rows = [
        _col("target_class", "y (target class)", "The class index given as target.", t, integer=True),
        _col("z_y", "z[y]", "The logit of the target class.", np.where(keep, z[np.arange(n), safe_t], nan)),
        _col(
            "logsumexp",
            "logsumexp(z)",
            "log Σ_j exp(z_j), computed as max(z) + log Σ_j exp(z_j − max(z)).",
            z.max(axis=-1) + np.log(np.exp(z - z.max(axis=-1, keepdims=True)).sum(axis=-1)),
        ),
        _col(
            "log_p_y",
            "log p[y]",
            "log-probability of the target class: z[y] − logsumexp(z).",
            np.where(keep, picked, nan),
        ),
        _col("p_y", "p[y]", "Predicted probability of the target class.", np.where(keep, np.exp(picked), nan)),
    ]
    if w is not None:
        rows.append(_col("w_y", "w[y]", "Weight of the target class (0 for an ignored row).", w_picked))
    if not keep.all():
        rows.append(
            _col(
                "ignored",
                "ignored?",
                f"1 where the target equals ignore_index = {ignore_index}.",
                ~keep * 1.0,
                integer=True,
            )
        )
    if smooth is not None:
        rows.append(_col("nll", "−w[y]·log p[y]" if w is not None else "−log p[y]", "The picked term.", nll))
        rows.append(
            _col(
                "smooth",
                "−Σ w·log p" if w is not None else "−Σ log p",
                "The label-smoothing term: minus the (weighted) sum of all the row's log-probabilities.",
                smooth + 0.0,
            )
        )
    rows.append(_col("loss", "ℓ (row loss)", "The row's loss before the reduction.", losses))
    acc_cols, acc_note = _accuracy(z, t, keep)
    rows[1:1] = acc_cols
    wy = "w_{y_n}" if w is not None else ""
    if eps > 0.0:
        formulas = [
            r"\log p_{n,c} = z_{n,c} - \log\sum_j e^{z_{n,j}}",
            r"\ell_n = (1-\varepsilon)\,a_n + \frac{\varepsilon}{C}\,b_n, \quad " + rf"\varepsilon = {eps:g}, C = {c}",
            r"a_n = -"
            + wy
            + r"\log p_{n,y_n}, \quad b_n = -\sum_c "
            + (r"w_c" if w is not None else "")
            + r"\log p_{n,c}",
        ]
    else:
        formulas = [r"\log p_{n,c} = z_{n,c} - \log\sum_j e^{z_{n,j}}", r"\ell_n = -" + wy + r"\log p_{n,y_n}"]
    if w is not None:
        notes.append(
            "With class weights, 'mean' is a weighted mean: it divides by the sum of the picked weights, not by N."
        )
    if not keep.all():
        notes.append(
            f"Rows whose target is ignore_index = {ignore_index} add 0 and are left out of the mean's denominator."
        )
    if acc_note:
        notes.append(acc_note)
    return _finish("cross_entropy", reduction, c, cls, rows, losses, reduced, formulas, notes)


def log_probabilities(pred: ArrayLike, input_kind: str) -> FloatArray:
    """``log q`` from a prediction matrix read as ``'probabilities'``, ``'log_probabilities'`` or ``'logits'``.

    Probabilities are logged as they are (no renormalisation, as ``torch.log(q)``);
    logits go through `log_softmax`.  A probability of 0 gives ``-inf``, which the
    losses then reject.
    """
    a = as_float_array(pred, "input")
    if input_kind == "log_probabilities":
        return a
    if input_kind == "logits":
        return log_softmax(a, axis=-1)
    if input_kind == "probabilities":
        with np.errstate(divide="ignore"):
            return np.log(a)
    raise ValueError(f"input_kind must be one of {', '.join(INPUT_KINDS)}; got {input_kind!r}")


def _input_columns(pred: FloatArray, lq: FloatArray, input_kind: str, sym: str) -> list[Column]:
    if input_kind == "probabilities":
        return [
            _col("prob", f"{sym} (probability)", "The predicted probability of each class, as given.", pred),
            _col("log_prob", f"log {sym}", f"The natural log of {sym}.", lq),
        ]
    if input_kind == "logits":
        return [
            _col("logit", "z (logit)", "The raw score of each class.", pred),
            _col("log_prob", f"log {sym} = log_softmax(z)", "z_c − logsumexp(z).", lq),
            _col("prob", f"{sym} = softmax(z)", "The predicted probability of each class.", np.exp(lq)),
        ]
    return [
        _col("log_prob", f"log {sym} (as given)", "The log-probability of each class, as given.", lq),
        _col("prob", f"{sym} = exp(log {sym})", "The probability it stands for.", np.exp(lq)),
    ]


def nll_steps(
    pred: ArrayLike,
    target: ArrayLike,
    *,
    input_kind: str = "log_probabilities",
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Steps:
    """`core.nll_loss` on ``log q`` (see `log_probabilities`) step by step: ``ℓ_n = -w_{y_n} log q_{n,y_n}``."""
    a = _check_batch(pred, "input")
    lq = log_probabilities(a, input_kind)
    _ = nll_loss(lq, target, weight=weight, ignore_index=ignore_index, reduction=reduction)
    n, c = lq.shape
    w = None if weight is None else as_float_array(weight, "weight")
    t = _index_targets(target).reshape(-1)
    keep = t != ignore_index
    safe_t = np.where(keep, t, 0)
    picked = lq[np.arange(n), safe_t]
    w_picked = (np.ones(n) if w is None else w[safe_t]) * keep
    losses = -(w_picked * picked) + 0.0
    reduced = _reduce_per_sample(losses, reduction, *_index_denominator(w_picked, keep, w is not None))
    sym = "q"
    cls = _input_columns(a, lq, input_kind, sym)
    if w is not None:
        cls.append(_col("weight", "w (class weight)", "The weight of each class.", np.broadcast_to(w, a.shape)))
    cls.append(
        _col("is_target", "target?", "1 for the row's target class.", (np.arange(c) == t[:, None]) * 1.0, integer=True)
    )
    nan = np.nan
    rows = [
        _col("target_class", "y (target class)", "The class index given as target.", t, integer=True),
        _col("q_y", "q[y]", "Predicted probability of the target class.", np.where(keep, np.exp(picked), nan)),
        _col("log_q_y", "log q[y]", "Its log: the number NLL picks.", np.where(keep, picked, nan)),
    ]
    if w is not None:
        rows.append(_col("w_y", "w[y]", "Weight of the target class (0 for an ignored row).", w_picked))
    if not keep.all():
        rows.append(
            _col(
                "ignored",
                "ignored?",
                f"1 where the target equals ignore_index = {ignore_index}.",
                ~keep * 1.0,
                integer=True,
            )
        )
    rows.append(_col("loss", "ℓ (row loss)", "−w[y]·log q[y]: the row's loss before the reduction.", losses))
    acc_cols, acc_note = _accuracy(lq, t, keep)
    rows[1:1] = acc_cols
    notes: list[str] = []
    if input_kind == "probabilities":
        notes.append(
            "NLL expects log-probabilities: the probabilities are logged first (torch.log), as the seeds do by hand. "
            "Cross-entropy on logits does both steps at once."
        )
    if w is not None:
        notes.append("With class weights, 'mean' divides by the sum of the picked weights, not by N.")
    if not keep.all():
        notes.append(
            f"Rows whose target is ignore_index = {ignore_index} add 0 and are left out of the mean's denominator."
        )
    if acc_note:
        notes.append(acc_note)
    formulas = [r"\ell_n = -" + ("w_{y_n}" if w is not None else "") + r"\log q_{n,y_n}"]
    return _finish("nll", reduction, c, cls, rows, losses, reduced, formulas, notes)


# ---------------------------------------------------------------------------------------------
# Binary cross-entropy and the sigmoid family (elementwise losses)


#: Up to this many classes, the per-row table of an elementwise loss lists each class's loss.
ELEMENT_COLUMNS_MAX_CLASSES = 8


def _accuracy(scores: FloatArray, t: IntArray, keep: NDArray[np.bool_]) -> tuple[list[Column], str]:
    """The predicted class (argmax) of each row, whether it is the target, and the classification error."""
    pred = np.argmax(scores, axis=1)
    correct = (pred == t) & keep
    n_kept = int(keep.sum())
    wrong = n_kept - int(correct.sum())
    cols = [
        _col(
            "argmax", "argmax (predicted)", "The class with the highest score: the model's answer.", pred, integer=True
        ),
        _col("correct", "correct?", "Whether the predicted class is the target.", correct * 1.0),
    ]
    note = (
        f"Classification error: {wrong} of {n_kept} rows wrong ({wrong / n_kept:.6g}). Two models with the same error "
        "can have very different losses: the loss also counts how confident each answer was."
        if n_kept
        else ""
    )
    return cols, note


def _row_sum_column(losses: FloatArray, label: str = "Σ over classes") -> Column:
    return _col(
        "row_sum",
        label,
        "The sum of the row's element losses (each class is its own binary problem).",
        losses.sum(axis=-1),
    )


def _elementwise_finish(
    loss: str,
    reduction: str,
    losses: FloatArray,
    cls: list[Column],
    rows: list[Column],
    formulas: list[str],
    notes: list[str],
) -> Steps:
    n_classes = losses.shape[1]
    if n_classes <= ELEMENT_COLUMNS_MAX_CLASSES:  # the element losses, one column per class, then their sum
        per_class = [
            _col(f"loss_{j}", f"ℓ[class {j}]", f"The element loss of class {j}.", losses[:, j])
            for j in range(n_classes)
        ]
        rows = [*per_class, *rows]
    return _finish(loss, reduction, n_classes, cls, rows, losses, _reduce_elements(losses, reduction), formulas, notes)


def bce_steps(
    probs: ArrayLike, target: ArrayLike, *, weight: ArrayLike | None = None, reduction: str = "mean"
) -> Steps:
    """`core.binary_cross_entropy` step by step: ``ℓ = -w[y log x + (1-y) log(1-x)]``, logs clamped at -100."""
    x = _check_batch(probs, "probs")
    _ = binary_cross_entropy(x, target, weight=weight, reduction=reduction)
    y = as_float_array(target, "target")
    with np.errstate(divide="ignore"):
        log_x = np.maximum(np.log(x), BCE_LOG_CLAMP)
        log_1mx = np.maximum(np.log1p(-x), BCE_LOG_CLAMP)
    losses = -(y * log_x + (1.0 - y) * log_1mx)
    cls = [
        _col("prob", "x (probability)", "The predicted probability that the class is present.", x),
        _col("target", "y (target)", "1 if the class is present, 0 if not.", y),
        _col("log_x", "log x", "Clamped below at −100, as PyTorch does.", log_x),
        _col("log_1mx", "log(1−x)", "Computed as log1p(−x); clamped below at −100.", log_1mx),
    ]
    if weight is not None:
        w = as_float_array(weight, "weight")
        losses = losses * w
        cls.append(_col("weight", "w", "The weight of each element.", np.broadcast_to(w, x.shape)))
    cls.append(_col("loss", "ℓ (element loss)", "−w·[y·log x + (1−y)·log(1−x)].", losses))
    notes = []
    if (x == 0).any() or (x == 1).any():
        notes.append(
            "A probability of exactly 0 or 1 makes a log −inf; PyTorch clamps each log at −100, "
            "so an element's loss is at most 100."
        )
    formulas = [
        r"\ell_{n,c} = -"
        + (r"w_c\," if weight is not None else "")
        + r"\bigl[y_{n,c}\log x_{n,c} + (1-y_{n,c})\log(1-x_{n,c})\bigr]"
    ]
    return _elementwise_finish("bce", reduction, losses, cls, [_row_sum_column(losses)], formulas, notes)


def bce_with_logits_steps(
    logits: ArrayLike,
    target: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    pos_weight: ArrayLike | None = None,
    reduction: str = "mean",
) -> Steps:
    """`core.binary_cross_entropy_with_logits` step by step: ``ℓ = -w[p_w y log σ(z) + (1-y) log σ(-z)]``."""
    z = _check_batch(logits, "logits")
    _ = binary_cross_entropy_with_logits(z, target, weight=weight, pos_weight=pos_weight, reduction=reduction)
    y = as_float_array(target, "target")
    pos = log_sigmoid(z)
    neg = log_sigmoid(-z)
    cls = [
        _col("logit", "z (logit)", "The raw score of each class.", z),
        _col("sigmoid", "σ(z)", "1 / (1 + exp(−z)): the predicted probability that the class is present.", np.exp(pos)),
        _col("target", "y (target)", "1 if the class is present, 0 if not.", y),
        _col("log_sigmoid", "log σ(z)", "Computed as −log(1 + exp(−z)), exact for any z.", pos),
        _col(
            "log_1m_sigmoid",
            "log(1−σ(z)) = log σ(−z)",
            "Never formed as 1 − σ(z), which cancels to 0 for large z.",
            neg,
        ),
    ]
    if pos_weight is not None:
        pw = as_float_array(pos_weight, "pos_weight")
        pos = pos * pw
        cls.append(
            _col("pos_weight", "p_w (pos_weight)", "The weight of the positive term.", np.broadcast_to(pw, z.shape))
        )
    losses = -(y * pos + (1.0 - y) * neg)
    losses = np.broadcast_to(losses, z.shape).copy()
    if weight is not None:
        w = as_float_array(weight, "weight")
        losses = losses * w
        cls.append(_col("weight", "w", "The weight of each element.", np.broadcast_to(w, z.shape)))
    cls.append(_col("loss", "ℓ (element loss)", "−w·[p_w·y·log σ(z) + (1−y)·log σ(−z)].", losses))
    formulas = [
        r"\ell_{n,c} = -"
        + (r"w_c\," if weight is not None else "")
        + r"\bigl["
        + (r"p_{w,c}\," if pos_weight is not None else "")
        + r"y_{n,c}\log\sigma(z_{n,c}) + (1-y_{n,c})\log\sigma(-z_{n,c})\bigr]"
    ]
    notes = []
    if pos_weight is not None:
        notes.append(
            "pos_weight multiplies only the positive (y = 1) term: n_neg / n_pos balances a rare positive class."
        )
    return _elementwise_finish("bce_logits", reduction, losses, cls, [_row_sum_column(losses)], formulas, notes)


def kl_div_steps(
    pred: ArrayLike, target: ArrayLike, *, input_kind: str = "log_probabilities", reduction: str = "mean"
) -> Steps:
    """`core.kl_div` step by step: input ``log q`` (see `log_probabilities`), target ``p``; ``ℓ = p (log p - log q)``.

    Each row's sum is KL(p_n‖q_n); ``'batchmean'`` averages those over the rows;
    ``'mean'`` divides by N·C, which is not a KL divergence.
    """
    a = _check_batch(pred, "input")
    lq = log_probabilities(a, input_kind)
    _ = kl_div(lq, target, reduction=reduction)
    p = as_float_array(target, "target")
    plogp = xlogy(p, p)
    losses = plogp - p * lq
    cls = [*_input_columns(a, lq, input_kind, "q")]
    cls += [
        _col("target", "p (target)", "The target distribution.", p),
        _col("p_log_p", "p·log p", "With 0·log 0 = 0.", plogp),
        _col("loss", "ℓ = p·(log p − log q)", "The element's contribution to KL(p‖q).", losses),
    ]
    rows = [
        _col("kl", "KL(p‖q) = Σ ℓ", "The row's KL divergence: the sum of its element losses.", losses.sum(axis=-1)),
        _col("cross_entropy", "H(p, q) = −Σ p·log q", "The row's cross-entropy.", -(p * lq).sum(axis=-1) + 0.0),
        _col(
            "entropy", "H(p) = −Σ p·log p", "The target's entropy; H(p, q) = H(p) + KL(p‖q).", -plogp.sum(axis=-1) + 0.0
        ),
    ]
    notes = [
        "F.kl_div takes the *log* of the prediction as input and the target p as probabilities: KL(p‖q), not KL(q‖p)."
    ]
    if reduction == "mean":
        n = lq.shape[0]
        notes.append(
            f"'mean' divides by all N·C = {lq.size} elements, which is not the KL divergence; "
            "PyTorch warns about it too. Use reduction='batchmean' (divide by N = "
            f"{n}) for the mean KL per row: {format_value(float(losses.sum()) / n)}."
        )
    formulas = [
        r"\ell_{n,c} = p_{n,c}\,(\log p_{n,c} - \log q_{n,c})",
        r"\sum_c \ell_{n,c} = D_{\mathrm{KL}}(p_n \,\|\, q_n)",
    ]
    return _elementwise_finish("kl_div", reduction, losses, cls, rows, formulas, notes)


def sigmoid_focal_steps(
    logits: ArrayLike,
    targets: ArrayLike,
    *,
    alpha: float | None = 0.25,
    gamma: float = 2.0,
    reduction: str = "none",
) -> Steps:
    """`core.sigmoid_focal_loss` (torchvision's) step by step: ``FL = α_t (1-p_t)^γ · BCE``."""
    z = _check_batch(logits, "logits")
    _ = sigmoid_focal_loss(z, targets, alpha=alpha, gamma=gamma, reduction=reduction)
    y = as_float_array(targets, "targets")
    g = float(gamma)
    ce = -(y * log_sigmoid(z) + (1.0 - y) * log_sigmoid(-z))
    p = np.exp(log_sigmoid(z))
    one_minus_p = np.exp(log_sigmoid(-z))
    one_minus_pt = one_minus_p * y + p * (1.0 - y)
    factor = one_minus_pt**g
    losses = ce * factor
    cls = [
        _col("logit", "z (logit)", "The raw score of each class.", z),
        _col("sigmoid", "p = σ(z)", "The predicted probability that the class is present.", p),
        _col("target", "y (target)", "1 if the class is present, 0 if not.", y),
        _col("p_t", "p_t", "The probability given to the right answer: p if y = 1, else 1 − p.", 1.0 - one_minus_pt),
        _col("bce", "BCE = −log p_t", "Binary cross-entropy with logits, unweighted.", ce),
        _col("focal_factor", f"(1−p_t)^{g:g}", "The focal factor: near 0 for easy, well-classified elements.", factor),
    ]
    if alpha is not None:
        a = float(alpha)
        alpha_t = a * y + (1.0 - a) * (1.0 - y)
        losses = alpha_t * losses
        cls.append(_col("alpha_t", "α_t", "α for positives (y = 1), 1 − α for negatives.", alpha_t))
    cls.append(_col("loss", "ℓ (element loss)", "α_t·(1−p_t)^γ·BCE.", losses))
    formulas = [
        r"p_t = \begin{cases} p & y = 1 \\ 1-p & y = 0 \end{cases}"
        + (
            r", \quad \alpha_t = \begin{cases} \alpha & y = 1 \\ 1-\alpha & y = 0 \end{cases}"
            if alpha is not None
            else ""
        ),
        r"\ell_{n,c} = "
        + (r"-\alpha_t\," if alpha is not None else "-")
        + rf"(1-p_t)^{{\gamma}}\log p_t, \quad \gamma = {g:g}"
        + ("" if alpha is None else rf", \alpha = {float(alpha):g}"),
    ]
    notes = []
    if reduction == "none":
        notes.append(
            "torchvision's default reduction is 'none'; detectors usually sum and divide by "
            "the number of positive anchors."
        )
    return _elementwise_finish("sigmoid_focal", reduction, losses, cls, [_row_sum_column(losses)], formulas, notes)


def softmax_focal_steps(
    logits: ArrayLike,
    target: ArrayLike,
    *,
    gamma: float = 2.0,
    alpha: ArrayLike | float | None = None,
    reduction: str = "mean",
) -> Steps:
    """`core.softmax_focal_loss` step by step: ``FL_n = -α_{y_n} (1 - p_{n,y_n})^γ log p_{n,y_n}``."""
    z = _check_batch(logits, "logits")
    _ = softmax_focal_loss(z, target, gamma=gamma, alpha=alpha, reduction=reduction)
    n, c = z.shape
    g = float(gamma)
    t = _index_targets(target).reshape(-1)
    lp = log_softmax(z, axis=-1).reshape(-1, c)
    lp_t = lp[np.arange(n), t]
    one_minus = -np.expm1(lp_t)
    losses = -((-np.expm1(lp_t)) ** g) * lp_t
    cls = [
        _col("logit", "z (logit)", "The raw score of each class.", z),
        _col("softmax", "p = softmax(z)", "The predicted probability of each class.", np.exp(lp)),
        _col("log_p", "log p", "log_softmax(z).", lp),
        _col("is_target", "target?", "1 for the row's target class.", (np.arange(c) == t[:, None]) * 1.0, integer=True),
    ]
    rows = [
        _col("target_class", "y (target class)", "The class index given as target.", t, integer=True),
        _col("p_y", "p[y]", "Predicted probability of the target class.", np.exp(lp_t)),
        _col("log_p_y", "log p[y]", "Its log: cross-entropy's term.", lp_t),
        _col("one_minus_p_y", "1 − p[y]", "Computed as −expm1(log p[y]), exact even when p[y] rounds to 1.", one_minus),
        _col(
            "focal_factor",
            f"(1 − p[y])^{g:g}",
            "The focal factor: near 0 for easy, well-classified rows.",
            one_minus**g,
        ),
    ]
    if alpha is not None:
        if np.ndim(alpha) == 0:
            a_y = np.full(n, float(alpha))  # type: ignore[arg-type]
            losses = float(alpha) * losses  # type: ignore[arg-type]
        else:
            av = as_float_array(alpha, "alpha")
            a_y = av[t]
            losses = av[t] * losses
        rows.append(_col("alpha_y", "α[y]", "The weight of the target class.", a_y))
    losses = losses + 0.0
    rows.append(_col("loss", "ℓ (row loss)", "−α[y]·(1 − p[y])^γ·log p[y].", losses))
    acc_cols, acc_note = _accuracy(lp, t, np.ones(n, dtype=bool))
    rows[1:1] = acc_cols
    reduced = _reduce_per_sample(losses, reduction, float(n), f"the number of rows N = {n}", "N")
    formulas = [
        r"\ell_n = -"
        + ("" if alpha is None else r"\alpha_{y_n}\,")
        + r"(1-p_{n,y_n})^{\gamma}\log p_{n,y_n}, \quad \gamma = "
        + f"{g:g}"
    ]
    notes = [acc_note]
    if g == 0.0 and alpha is None:
        notes.append("With γ = 0 and no α this is exactly cross-entropy.")
    return _finish("softmax_focal", reduction, c, cls, rows, losses, reduced, formulas, notes)


# ---------------------------------------------------------------------------------------------
# One entry point for the page, and CSV export


def compute_steps(
    loss: str,
    pred: ArrayLike,
    target: ArrayLike,
    *,
    input_kind: str | None = None,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    label_smoothing: float = 0.0,
    pos_weight: ArrayLike | None = None,
    gamma: float = 2.0,
    alpha: ArrayLike | float | None = None,
    reduction: str = "mean",
) -> Steps:
    """Dispatch to the ``*_steps`` function of ``loss`` (a key of `LOSSES`), passing the options it takes.

    Options a loss does not take are ignored (``weight`` for the focal losses,
    say), so the page can pass every control's value.
    """
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {', '.join(LOSSES)}; got {loss!r}")
    spec = LOSSES[loss]
    kind = spec.input_kinds[0] if input_kind is None else input_kind
    if kind not in spec.input_kinds:
        raise ValueError(f"{spec.torch_name} cannot read the input as {kind}; it takes {', '.join(spec.input_kinds)}")
    if reduction not in spec.reductions:
        raise ValueError(
            f"reduction={reduction!r} is not an option of {spec.torch_name}; choose one of "
            + ", ".join(repr(r) for r in spec.reductions)
        )
    if loss == "cross_entropy":
        return cross_entropy_steps(
            pred, target, weight=weight, ignore_index=ignore_index, reduction=reduction, label_smoothing=label_smoothing
        )
    if loss == "nll":
        return nll_steps(pred, target, input_kind=kind, weight=weight, ignore_index=ignore_index, reduction=reduction)
    if loss == "bce":
        return bce_steps(pred, target, weight=weight, reduction=reduction)
    if loss == "bce_logits":
        return bce_with_logits_steps(pred, target, weight=weight, pos_weight=pos_weight, reduction=reduction)
    if loss == "kl_div":
        return kl_div_steps(pred, target, input_kind=kind, reduction=reduction)
    if loss == "sigmoid_focal":
        a = None if alpha is None else float(alpha)  # type: ignore[arg-type]
        return sigmoid_focal_steps(pred, target, alpha=a, gamma=gamma, reduction=reduction)
    return softmax_focal_steps(pred, target, gamma=gamma, alpha=alpha, reduction=reduction)


def _csv_cell(v: float, integer: bool) -> str:
    if np.isnan(v):
        return ""
    return str(int(v)) if integer else repr(float(v))


def sample_table_csv(steps: Steps) -> str:
    """The per-row step table as CSV: one line per row, full float64 precision (``repr``); '' where n/a."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    cols = steps.sample_columns
    writer.writerow(["row", *(c.key for c in cols)])
    values = [c.values for c in cols]
    for i in range(steps.n_samples):
        writer.writerow([i + 1, *(_csv_cell(float(v[i]), c.integer) for v, c in zip(values, cols, strict=True))])
    return buf.getvalue()


def class_table_csv(steps: Steps) -> str:
    """The per-class step table as CSV in long form: one line per (row, class)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    cols = steps.class_columns
    writer.writerow(["row", "class", *(c.key for c in cols)])
    values = [c.values for c in cols]
    for i in range(steps.n_samples):
        for j in range(steps.n_classes):
            writer.writerow(
                [i + 1, j, *(_csv_cell(float(v[i, j]), c.integer) for v, c in zip(values, cols, strict=True))]
            )
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Worked examples: the seeds' numbers (and a few more), one click each in the calculator


@dataclass(frozen=True)
class Example:
    """A worked example: inputs and options for `compute_steps`, and where its number comes from."""

    key: str
    label: str
    help: str
    loss: str
    pred: tuple[tuple[float, ...], ...]
    target: tuple[int, ...] | tuple[tuple[float, ...], ...]  # class indices, or rows
    source: str
    input_kind: str | None = None
    reduction: str = "mean"
    weight: tuple[float, ...] | None = None
    label_smoothing: float = 0.0
    alpha: float | None = None  # the focal losses' α (torchvision's sigmoid focal loss defaults to 0.25)
    gamma: float = 2.0

    def compute(self) -> Steps:
        """This example's steps.

        Class-index targets go in as int64 and rows as float64, as PyTorch tells
        them apart; one-hot rows become class indices for a loss that takes only
        indices (NLL), as the calculator reads them.
        """
        rows = bool(self.target) and isinstance(self.target[0], tuple)
        target = np.array(self.target, dtype=np.float64 if rows else np.int64)
        if rows and "rows" not in LOSSES[self.loss].target_kinds:
            target = np.argmax(target, axis=1)
        return compute_steps(
            self.loss,
            np.array(self.pred, dtype=np.float64),
            target,
            input_kind=self.input_kind,
            reduction=self.reduction,
            weight=self.weight,
            label_smoothing=self.label_smoothing,
            alpha=self.alpha,
            gamma=self.gamma,
        )


_MCCAFFREY_TARGET = ((0.0, 0.0, 1.0), (0.0, 1.0, 0.0), (1.0, 0.0, 0.0))

EXAMPLES: tuple[Example, ...] = (
    Example(
        "seeds", "Seeds: logits vs PyTorch",
        "The seeds' check against nn.CrossEntropyLoss: two samples of logits, classes 1 and 2.",
        "cross_entropy", ((-1.0, 0.5, 2.0), (-1.0, 0.5, 3.0)), (1, 2),
        "seed 004: losses 1.741311 and 0.095674, mean 0.918493 = nn.CrossEntropyLoss()",
    ),
    Example(
        "fashion", "Fashion-MNIST prediction",
        "An untrained network's 10-class prediction q; the true class is 4. NLL of log q.",
        "nll", ((0.1058, 0.1043, 0.0988, 0.1066, 0.0875, 0.0881, 0.1027, 0.1046, 0.1057, 0.0958),), (4,),
        "seed 004: −log 0.0875 = 2.436116 (q sums to 0.9999, the post's rounding)",
        input_kind="probabilities",
    ),
    Example(
        "multilabel", "Multi-label: cat / frog / mouse",
        "Sigmoid outputs (0.1, 0.7, 0.8) for labels (0, 1, 1): one binary cross-entropy per output node.",
        "bce", ((0.1, 0.7, 0.8),), ((0.0, 1.0, 1.0),),
        "seed 003: −log 0.9 − log 0.7 − log 0.8 = 0.685179 summed; BCELoss's mean over 3 nodes 0.228393",
    ),
    Example(
        "mccaffrey1", "McCaffrey: network 1",
        "J. McCaffrey's three-class example, network 1 (classification error 1/3), one-hot targets.",
        "nll", ((0.3, 0.3, 0.4), (0.3, 0.4, 0.3), (0.1, 0.2, 0.7)), _MCCAFFREY_TARGET,
        "seed 000 after McCaffrey (2013): average cross-entropy 1.378389",
        input_kind="probabilities",
    ),
    Example(
        "mccaffrey2", "McCaffrey: network 2",
        "The same targets; network 2 has the same error, 1/3, but is right with more confidence.",
        "nll", ((0.1, 0.2, 0.7), (0.1, 0.7, 0.2), (0.3, 0.4, 0.3)), _MCCAFFREY_TARGET,
        "seed 000 after McCaffrey (2013): 0.639108 (the post's 0.54 is a typo; McCaffrey has 0.64)",
        input_kind="probabilities",
    ),
    Example(
        "weighted", "Class weights + an ignored target",
        "Class weights (1, 2, 0.5) and a target of -100 (ignored): 'mean' divides by the counted rows' weights.",
        "cross_entropy", ((2.0, 0.5, -1.0), (0.1, 1.2, 0.3), (-0.5, 0.2, 2.2), (1.0, 1.0, 1.0)), (0, 1, -100, 2),
        "F.cross_entropy(weight=(1, 2, 0.5)): 1.897745 / (1 + 2 + 0.5) = 0.542213",
        weight=(1.0, 2.0, 0.5),
    ),
    Example(
        "smoothing", "Label smoothing 0.1",
        "Logits (2, 1, 0.1), true class 0, label_smoothing = 0.1.",
        "cross_entropy", ((2.0, 1.0, 0.1),), (0,),
        "F.cross_entropy(label_smoothing=0.1) = 0.513697",
        label_smoothing=0.1,
    ),
    Example(
        "kl", "KL: soft labels",
        "Soft targets p against a prediction given as logits; reduction 'batchmean', the mean KL per row.",
        "kl_div", ((2.0, 1.0, 0.1), (0.5, 2.5, -1.0)), ((0.7, 0.2, 0.1), (0.1, 0.8, 0.1)),
        "F.kl_div(F.log_softmax(z, 1), p, reduction='batchmean')",
        input_kind="logits", reduction="batchmean",
    ),
    Example(
        "focal", "Sigmoid focal loss",
        "torchvision's focal loss, α = 0.25, γ = 2: an easy and a hard positive, an easy and a hard negative.",
        "sigmoid_focal", ((3.0, -2.0), (-0.5, 1.0)), ((1.0, 0.0), (1.0, 0.0)),
        "torchvision.ops.sigmoid_focal_loss(alpha=0.25, gamma=2, reduction='mean')",
        alpha=0.25,
    ),
)  # fmt: skip
