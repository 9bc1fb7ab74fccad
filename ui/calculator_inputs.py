"""The calculator's inputs, read for one loss: the two texts into arrays, and the option controls into keywords.

`prepare_inputs` turns the pasted predictions and targets into the arrays a
loss of `core.steps.LOSSES` takes (class indices or an ``(N, C)`` target
matrix), checking what that loss needs: probabilities in [0, 1], rows that sum
to 1, whole class indices in range.  `read_options` turns the option controls'
raw values into the keywords of `core.steps.compute_steps`.  `example_texts`
writes a worked example back as the two texts.  Pure functions, no Streamlit:
every problem raises `ui.inputs.InputError` with a message for the reader.
Notes and `LikelyMistake` texts are in the current language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from core._validation import FloatArray, IntArray
from core.steps import LOSSES, Example
from i18n import N_, _
from ui.calculator_catalog import INPUT_KIND_WORDS, LOSS_TITLES
from ui.inputs import InputError, count
from ui.matrix_parse import (
    check_positive,
    check_rows_sum_to_one,
    check_unit_interval,
    class_indices,
    format_matrix,
    one_hot_to_indices,
    parse_class_vector,
    parse_matrix,
    read_targets,
)


@dataclass(frozen=True)
class PreparedInputs:
    """The arrays a loss takes, and what the page should tell the reader about how they were read."""

    pred: FloatArray  # (N, C)
    target: IntArray | FloatArray  # (N,) int64 class indices, or an (N, C) float64 matrix
    target_kind: str  # "indices" or "rows"
    notes: tuple[str, ...] = field(default_factory=tuple)  # in the language of the calculation

    @property
    def shape(self) -> tuple[int, int]:
        n, c = self.pred.shape
        return int(n), int(c)


def prepare_inputs(
    loss: str, input_kind: str, pred_text: str, target_text: str, *, ignore_index: int = -100
) -> PreparedInputs:
    """Parse both texts and check them for ``loss`` (a key of `core.steps.LOSSES`) read as ``input_kind``.

    Class indices are whole numbers in range; one-hot rows become indices for the
    losses that take only indices (NLL, softmax focal); probability predictions
    must lie in [0, 1], and for NLL and KL sum to 1 per row and be positive (their
    log is taken); soft-label targets of cross-entropy and KL sum to 1; the binary
    losses' targets lie in [0, 1].
    """
    spec = LOSSES[loss]
    pred_what = INPUT_KIND_WORDS[input_kind]
    pred = parse_matrix(pred_text, pred_what)
    n, c = pred.shape
    notes: list[str] = []
    if input_kind == "probabilities":
        if ((pred < 0) | (pred > 1)).any():  # most likely logits pasted as probabilities
            message = (
                N_(
                    "Row {row}, column {col} of the {what} is {value}; it must lie between 0 and 1. "
                    "If these are logits, pick the loss with logits."
                )
                if loss == "bce"
                else N_(
                    "Row {row}, column {col} of the {what} is {value}; it must lie between 0 and 1. "
                    "If these are logits, set 'The matrix holds' to logits."
                )
            )
            check_unit_interval(pred, pred_what, message)
        if loss in ("nll", "kl_div"):
            notes += check_rows_sum_to_one(pred, pred_what)
            check_positive(
                pred,
                pred_what,
                N_(
                    "Row {row}, column {col} of the {what} is {value}: its log is −inf, so the loss would be "
                    "infinite. Give every class a positive probability, or enter logits."
                ),
            )
    elif input_kind == "log_probabilities":
        pos = pred > 0
        if pos.any():
            i, j = (int(k) for k in np.argwhere(pos)[0])
            raise InputError(
                N_(
                    "Row {row}, column {col} of the {what} is {value}; a log-probability is at most 0. "
                    "Did you mean logits?"
                ),
                row=i + 1,
                col=j + 1,
                what=pred_what,
                value=f"{pred[i, j]:g}",
            )
        notes += check_rows_sum_to_one(np.exp(pred), N_("exp(log-probabilities)"))

    kind, t = read_targets(target_text, (n, c))
    if kind == "indices" and "indices" not in spec.target_kinds:
        if c == 1:  # one binary label per row, typed on one line
            kind, t = "rows", t.reshape(n, 1)
        else:
            raise InputError(
                N_(
                    "{loss} needs a target for every class: {rows} of {c} numbers "
                    "(for example 0 1 1 for a multi-label row), not one class index per row."
                ),
                loss=LOSS_TITLES[loss],
                rows=count(n, N_("{n} row"), N_("{n} rows")),
                c=c,
            )
    if kind == "indices":
        ignore = ignore_index if "ignore_index" in spec.options else None
        return PreparedInputs(pred, class_indices(t, c, ignore_index=ignore), "indices", tuple(notes))
    if loss == "cross_entropy" and ignore_index != -100:
        raise InputError(
            N_(
                "ignore_index = {ignore_index} works only with class-index targets; these targets are rows "
                "(probability targets), for which PyTorch raises. Give class indices, or set ignore_index back to -100."
            ),
            ignore_index=ignore_index,
        )
    if "rows" not in spec.target_kinds:
        idx = one_hot_to_indices(t, N_("targets"), LOSS_TITLES[loss])
        notes.append(_("The one-hot target rows were read as class indices."))
        return PreparedInputs(pred, idx, "indices", tuple(notes))
    if loss in ("cross_entropy", "kl_div"):
        notes += check_rows_sum_to_one(t, N_("targets"))
        if loss == "cross_entropy" and ((t == 0) | (t == 1)).all():
            notes.append(
                _(
                    "Float target rows are probability targets to PyTorch: one-hot rows give the same row losses as "
                    "class indices, but 'mean' then divides by N even with class weights, and ignore_index does not "
                    "apply."
                )
            )
    else:
        check_unit_interval(t, N_("targets"))
    return PreparedInputs(pred, t, "rows", tuple(notes))


def read_options(loss: str, n_classes: int, values: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword options of ``loss`` for `core.steps.compute_steps`, from the controls' raw values.

    ``values`` maps control names (``weight``, ``ignore_index``, ``smoothing``,
    ``pos_weight``, ``gamma``, ``alpha`` for the sigmoid focal loss,
    ``alpha_mc`` for the softmax one, ``reduction``) to what the widgets hold;
    text fields are parsed (blank means "not given").  Options the loss does
    not take are left out.  Raises `InputError` for bad text or a reduction the
    loss does not have.
    """
    spec = LOSSES[loss]
    red = str(values.get("reduction", "mean"))
    if red not in spec.reductions:
        raise InputError(
            N_("reduction = '{reduction}' is not an option of {function} (PyTorch raises): choose {choices}."),
            reduction=red,
            function=spec.torch_name,
            choices=", ".join(repr(r) for r in spec.reductions),
        )
    opts: dict[str, Any] = {"reduction": red}
    if "weight" in spec.options:
        opts["weight"] = parse_class_vector(str(values.get("weight", "")), n_classes, N_("class weights"))
    if "ignore_index" in spec.options:
        opts["ignore_index"] = int(values.get("ignore_index", -100))
    if "label_smoothing" in spec.options:
        opts["label_smoothing"] = float(values.get("smoothing", 0.0))
    if "pos_weight" in spec.options:
        opts["pos_weight"] = parse_class_vector(
            str(values.get("pos_weight", "")), n_classes, N_("pos_weight values"), allow_scalar=True
        )
    if "gamma" in spec.options:
        opts["gamma"] = float(values.get("gamma", 2.0))
    if loss == "sigmoid_focal":
        opts["alpha"] = parse_class_vector(
            str(values.get("alpha", "")), 1, N_("α (alpha)"), high=1.0, allow_scalar=True
        )
    elif loss == "softmax_focal":
        opts["alpha"] = parse_class_vector(
            str(values.get("alpha_mc", "")), n_classes, N_("α (alpha) values"), high=1.0, allow_scalar=True
        )
    return opts


def example_texts(example: Example) -> tuple[str, str]:
    """A worked example's predictions and targets as the calculator's text (class indices on one line)."""
    target = example.target
    if target and isinstance(target[0], tuple):
        return format_matrix(example.pred), format_matrix(target)
    return format_matrix(example.pred), ", ".join(str(int(v)) for v in target)  # type: ignore[arg-type]


@dataclass(frozen=True)
class LikelyMistake:
    """Input that PyTorch would read one way while the reader probably meant another.

    ``loss`` and ``input_kind`` are what the reader probably meant; ``problem`` says what
    PyTorch does with the input as it is, ``meant`` what the other reading computes (the texts in
    the current language).
    """

    problem: str
    meant: str
    loss: str
    input_kind: str
    button: str


#: How close to 1 a row must sum to look like a probability row.
PROBABILITY_ROW_TOLERANCE = 1e-6


def likely_mistake(loss: str, input_kind: str, pred: FloatArray) -> LikelyMistake | None:
    """The most common PyTorch mix-ups, read from the prediction matrix ``pred`` (N, C).

    * Cross-entropy takes logits: rows that are all non-negative and each sum to 1 are
      almost certainly probabilities, which ``F.cross_entropy`` would put through softmax a
      second time.  Meant: NLL of their log, ``F.nll_loss(torch.log(p), y)``.
    * Binary cross-entropy on probabilities takes values in [0, 1]; values outside are
      logits, for ``F.binary_cross_entropy_with_logits``.
    * Binary cross-entropy with logits: values that all lie in [0, 1] and are not all 0 or 1
      look like probabilities, which it would put through a sigmoid.  Meant: ``F.binary_cross_entropy``.

    Returns None when the input reads as the loss expects.
    """
    p = np.asarray(pred, dtype=np.float64)
    if p.ndim != 2 or p.size == 0 or not np.all(np.isfinite(p)):
        return None
    if loss == "cross_entropy" and input_kind == "logits" and p.shape[1] >= 2:
        rows_sum_to_one = np.all(np.abs(p.sum(axis=1) - 1.0) <= PROBABILITY_ROW_TOLERANCE)
        if np.all(p >= 0) and rows_sum_to_one:
            return LikelyMistake(
                problem=_(
                    "Every row is non-negative and sums to 1: these look like **probabilities**, but "
                    "`F.cross_entropy` takes **logits** and applies softmax to them again."
                ),
                meant=_(
                    "If they are probabilities, the loss you meant is the negative log-likelihood of their log, "
                    "`F.nll_loss(torch.log(p), target)`"
                ),
                loss="nll",
                input_kind="probabilities",
                button=_("Read the rows as probabilities (NLL of their log)"),
            )
    if loss == "bce" and (np.any(p < 0) or np.any(p > 1)):
        return LikelyMistake(
            problem=_(
                "Some values lie outside [0, 1]: `F.binary_cross_entropy` takes **probabilities** and raises "
                "an error for these."
            ),
            meant=_("They look like **logits**; `F.binary_cross_entropy_with_logits` takes them as they are"),
            loss="bce_logits",
            input_kind="logits",
            button=_("Read the values as logits (BCE with logits)"),
        )
    if loss == "bce_logits" and np.all((p >= 0) & (p <= 1)) and not np.all((p == 0) | (p == 1)):
        return LikelyMistake(
            problem=_(
                "Every value lies in [0, 1]: these may be **probabilities**, but "
                "`F.binary_cross_entropy_with_logits` takes **logits** and applies a sigmoid to them."
            ),
            meant=_("If they are probabilities, the loss you meant is `F.binary_cross_entropy`"),
            loss="bce",
            input_kind="probabilities",
            button=_("Read the values as probabilities (BCE)"),
        )
    return None
