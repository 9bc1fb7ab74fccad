"""Reading a pasted prediction matrix and its targets, with messages that name the row and column.

The calculator's text fields take one row per line, numbers separated by
commas, spaces, tabs or semicolons (a spreadsheet paste, a CSV, or a Python /
NumPy literal such as ``[[-1, 0.5, 2], [-1, 0.5, 3]]``).  Every problem raises
`ui.inputs.InputError` with a message for the person at the keyboard: rows and
columns are counted from 1, as in a spreadsheet; classes from 0, as in PyTorch.

`prepare_inputs` turns the two texts into the arrays a loss takes (class
indices or an ``(N, C)`` target matrix), checking what that loss needs:
probabilities in [0, 1], rows that sum to 1, whole class indices in range.
Nothing here computes a loss.

The Streamlit part at the end keeps a text field in the URL while it is short
enough (`text_from_url`, `sync_text_to_url`) and offers an editable grid over
a small matrix whose edits are written back into its text field (`matrix_grid`).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import streamlit as st

from core._validation import FloatArray, IntArray
from core.steps import LOSSES, Example
from ui.inputs import InputError, parse_numbers

#: Largest matrix the calculator takes: rows (samples) and columns (classes).
MAX_ROWS = 1_000
MAX_COLS = 1_000
#: Largest text accepted per field, in characters: 1,000 × 1,000 numbers with four decimals fit; a 10 MB paste does not.
MAX_CHARS = 9_500_000
#: A probability row may miss 1 by this much (numbers rounded to 4 decimals over a dozen classes, as the
#: seeds' Fashion-MNIST prediction, which sums to 0.9999); it is used as typed, as PyTorch would.
ROW_SUM_TOLERANCE = 1e-3

_SPLIT = re.compile(r"[,;\s]+")
_ROW_BREAK = re.compile(r"[\])]\s*,?|\n")
_OPENERS = str.maketrans({"[": " ", "(": " "})


def _ordinal_cell(what: str, row: int, col: int) -> str:
    return f"Row {row}, column {col} of the {what}"


def parse_matrix(
    text: str,
    what: str = "values",
    *,
    max_rows: int = MAX_ROWS,
    max_cols: int = MAX_COLS,
    max_chars: int = MAX_CHARS,
) -> FloatArray:
    """Parse a matrix: one row per line (or per ``[...]``), numbers separated by commas, spaces or semicolons.

    Returns a float64 array of shape ``(rows, columns)``.  Raises `InputError`
    for empty text, text longer than ``max_chars``, more than ``max_rows`` rows
    or ``max_cols`` columns, rows of different lengths, a token that is not a
    number, or NaN / an infinity, naming the row and column (from 1).
    """
    if not isinstance(text, str):
        raise InputError(f"The {what} must be text.")
    if len(text) > max_chars:
        mb = len(text) / 1_000_000
        raise InputError(
            f"The {what} text is {len(text):,} characters ({mb:.1f} MB); the limit is {max_chars:,} characters "
            f"(about {max_rows:,} × {max_cols:,} numbers). Paste fewer rows or round the numbers."
        )
    # U+2212 (the minus sign of typeset text) and U+2013 read as '-': pasted from a web page they look the same.
    text = text.replace("\u2212", "-").replace("\u2013", "-")
    lines = [ln for ln in _ROW_BREAK.split(text.translate(_OPENERS)) if _SPLIT.sub("", ln)]
    if not lines:
        raise InputError(f"Enter the {what}: one row per line, numbers separated by commas or spaces.")
    if len(lines) > max_rows:
        raise InputError(f"The {what} have {len(lines):,} rows; at most {max_rows:,} are allowed.")
    rows = [[t for t in _SPLIT.split(ln.strip()) if t] for ln in lines]
    width = len(rows[0])
    for i, r in enumerate(rows, start=1):
        if len(r) > max_cols:
            raise InputError(f"Row {i} of the {what} has {len(r):,} numbers; at most {max_cols:,} columns are allowed.")
        if len(r) != width:
            raise InputError(
                f"Row {i} of the {what} has {len(r)} number{'s' if len(r) != 1 else ''} but row 1 has {width}; "
                "every row needs the same number of columns."
            )
    try:
        values = np.array(rows, dtype=np.float64)
    except ValueError:
        values = _locate_bad_token(rows, what)
    bad = ~np.isfinite(values)
    if bad.any():
        i, j = (int(k) for k in np.argwhere(bad)[0])
        raise InputError(
            f"{_ordinal_cell(what, i + 1, j + 1)} is {rows[i][j]!r}; only finite numbers are allowed (no NaN or inf)."
        )
    return values


def _locate_bad_token(rows: list[list[str]], what: str) -> FloatArray:
    for i, r in enumerate(rows, start=1):
        for j, tok in enumerate(r, start=1):
            try:
                float(tok)
            except ValueError:
                raise InputError(f"{_ordinal_cell(what, i, j)} is {tok!r}, which is not a number.") from None
    raise InputError(f"The {what} could not be read as numbers.")  # pragma: no cover - float() and numpy agree


@dataclass(frozen=True)
class PreparedInputs:
    """The arrays a loss takes, and what the page should tell the reader about how they were read."""

    pred: FloatArray  # (N, C)
    target: IntArray | FloatArray  # (N,) int64 class indices, or an (N, C) float64 matrix
    target_kind: str  # "indices" or "rows"
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def shape(self) -> tuple[int, int]:
        n, c = self.pred.shape
        return int(n), int(c)


def read_targets(text: str, shape: tuple[int, int], what: str = "targets") -> tuple[str, FloatArray]:
    """Parse the targets and tell their form from the predictions' shape ``(N, C)``.

    A matrix of the same shape is ``'rows'`` (one-hot, soft-label or multi-label
    rows); exactly ``N`` numbers (one per line, or all on one line) are
    ``'indices'``.  Anything else raises `InputError` explaining both forms.
    """
    n, c = shape
    t = parse_matrix(text, what, max_rows=MAX_ROWS, max_cols=MAX_COLS)
    if t.shape == (n, c):
        return "rows", t
    if t.size == n and (t.shape[0] == 1 or t.shape[1] == 1):
        return "indices", t.ravel()
    got = f"{t.shape[0]} row{'s' if t.shape[0] != 1 else ''} × {t.shape[1]} column{'s' if t.shape[1] != 1 else ''}"
    raise InputError(
        f"The {what} are {got} ({t.size} number{'s' if t.size != 1 else ''}), but the predictions have {n} row"
        f"{'s' if n != 1 else ''} × {c} column{'s' if c != 1 else ''}: give one class index per row ({n} "
        f"number{'s' if n != 1 else ''}) or one row of {c} per sample."
    )


def class_indices(values: FloatArray, n_classes: int, *, ignore_index: int | None, what: str = "targets") -> IntArray:
    """Whole numbers in ``[0, n_classes)`` (or ``ignore_index``) as int64; `InputError` naming the row otherwise."""
    frac = values != np.round(values)
    if frac.any():
        i = int(np.argmax(frac))
        raise InputError(
            f"Row {i + 1} of the {what} is {values[i]:g}; a class index is a whole number from 0 to {n_classes - 1}."
        )
    idx = values.astype(np.int64)
    ok = (idx >= 0) & (idx < n_classes)
    if ignore_index is not None:
        ok |= idx == ignore_index
    if not ok.all():
        i = int(np.argmax(~ok))
        extra = f", or ignore_index = {ignore_index} to skip the row" if ignore_index is not None else ""
        raise InputError(
            f"Row {i + 1} of the {what} is class {idx[i]}, out of range: the predictions have {n_classes} "
            f"column{'s' if n_classes != 1 else ''}, so classes run from 0 to {n_classes - 1}{extra}."
        )
    return idx


def one_hot_to_indices(rows: FloatArray, what: str = "targets", loss_title: str = "This loss") -> IntArray:
    """The class of each one-hot row; `InputError` naming the first row that is not exactly one 1 and 0s."""
    is_one = rows == 1.0
    one_hot = ((rows == 0.0) | is_one).all(axis=1) & (is_one.sum(axis=1) == 1)
    if not one_hot.all():
        i = int(np.argmax(~one_hot))
        raise InputError(
            f"Row {i + 1} of the {what} is not one-hot (exactly one 1, the rest 0). {loss_title} needs one class "
            "per row: give class indices, or pick cross-entropy (probability targets) or KL divergence for soft labels."
        )
    idx: IntArray = np.argmax(rows, axis=1).astype(np.int64)
    return idx


def check_unit_interval(m: FloatArray, what: str) -> None:
    """Every entry in [0, 1], else `InputError` naming the first offending cell."""
    bad = (m < 0) | (m > 1)
    if bad.any():
        i, j = (int(k) for k in np.argwhere(bad)[0])
        raise InputError(f"{_ordinal_cell(what, i + 1, j + 1)} is {m[i, j]:g}; it must lie between 0 and 1.")


def check_rows_sum_to_one(m: FloatArray, what: str, *, tolerance: float = ROW_SUM_TOLERANCE) -> tuple[str, ...]:
    """Rows that are probability distributions: entries in [0, 1] and each row summing to 1.

    Raises `InputError` for a row that misses 1 by more than ``tolerance``;
    returns a note for rows that miss it by less (used as typed, as PyTorch
    would), or an empty tuple.
    """
    check_unit_interval(m, what)
    sums = m.sum(axis=1)
    off = np.abs(sums - 1.0)
    if (off > tolerance).any():
        i = int(np.argmax(off > tolerance))
        raise InputError(
            f"Row {i + 1} of the {what} sums to {sums[i]:.6g}, not 1. Probabilities in a row must add up to 1 "
            f"(within {tolerance:g}): divide the row by its sum, or enter logits and use a loss that takes logits."
        )
    loose = off > 1e-9
    if loose.any():
        i = int(np.argmax(loose))
        more = f" (and {int(loose.sum()) - 1} more)" if loose.sum() > 1 else ""
        return (
            f"Row {i + 1} of the {what} sums to {sums[i]:.6g}{more}, not exactly 1 (rounding); "
            "it is used as typed, as PyTorch would.",
        )
    return ()


def check_positive(m: FloatArray, what: str, why: str) -> None:
    """No zero entries (their log is -inf), else `InputError` naming the cell and ``why`` it matters."""
    zero = m <= 0
    if zero.any():
        i, j = (int(k) for k in np.argwhere(zero)[0])
        raise InputError(f"{_ordinal_cell(what, i + 1, j + 1)} is {m[i, j]:g}: {why}")


def parse_class_vector(
    text: str, n_classes: int, what: str, *, low: float = 0.0, high: float | None = None, allow_scalar: bool = False
) -> FloatArray | float | None:
    """An optional per-class vector (``None`` for blank text), or one number when ``allow_scalar``.

    Raises `InputError` when the count is not ``n_classes`` (or 1 with
    ``allow_scalar``) or a value lies outside ``[low, high]``.
    """
    if not text.strip():
        return None
    values = parse_numbers(text, what, max_count=MAX_COLS)
    if allow_scalar and values.size == 1:
        scalar: FloatArray | float = float(values[0])
    elif values.size != n_classes:
        one = " (or one number for every class)" if allow_scalar else ""
        raise InputError(
            f"The {what} have {values.size} value{'s' if values.size != 1 else ''} but the predictions have "
            f"{n_classes} column{'s' if n_classes != 1 else ''}: give one value per class{one}."
        )
    else:
        scalar = values
    arr = np.atleast_1d(np.asarray(scalar, dtype=np.float64))
    bad = (arr < low) | (arr > high if high is not None else np.zeros(arr.shape, dtype=bool))
    if bad.any():
        i = int(np.argmax(bad))
        rng = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
        pos = f"Value {i + 1} of the {what}" if arr.size > 1 else f"The {what}"
        raise InputError(f"{pos} is {arr[i]:g}; it must be {rng}.")
    return scalar


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
    pred_what = {"logits": "logits", "probabilities": "probabilities", "log_probabilities": "log-probabilities"}[
        input_kind
    ]
    pred = parse_matrix(pred_text, pred_what)
    n, c = pred.shape
    notes: list[str] = []
    if input_kind == "probabilities":
        if ((pred < 0) | (pred > 1)).any():  # most likely logits pasted as probabilities
            hint = (
                " If these are logits, pick the loss with logits."
                if loss == "bce"
                else " If these are logits, set 'The matrix holds' to logits."
            )
            try:
                check_unit_interval(pred, pred_what)
            except InputError as exc:
                raise InputError(str(exc) + hint) from None
        if loss in ("nll", "kl_div"):
            notes += check_rows_sum_to_one(pred, pred_what)
            check_positive(
                pred,
                pred_what,
                "its log is −inf, so the loss would be infinite. Give every class a positive probability, "
                "or enter logits.",
            )
    elif input_kind == "log_probabilities":
        pos = pred > 0
        if pos.any():
            i, j = (int(k) for k in np.argwhere(pos)[0])
            raise InputError(
                f"{_ordinal_cell(pred_what, i + 1, j + 1)} is {pred[i, j]:g}; a log-probability is at most 0. "
                "Did you mean logits?"
            )
        notes += check_rows_sum_to_one(np.exp(pred), "exp(log-probabilities)")

    kind, t = read_targets(target_text, (n, c))
    if kind == "indices" and "indices" not in spec.target_kinds:
        if c == 1:  # one binary label per row, typed on one line
            kind, t = "rows", t.reshape(n, 1)
        else:
            raise InputError(
                f"{spec.title} needs a target for every class: {n} row{'s' if n != 1 else ''} of {c} numbers "
                "(for example 0 1 1 for a multi-label row), not one class index per row."
            )
    if kind == "indices":
        ignore = ignore_index if "ignore_index" in spec.options else None
        return PreparedInputs(pred, class_indices(t, c, ignore_index=ignore), "indices", tuple(notes))
    if loss == "cross_entropy" and ignore_index != -100:
        raise InputError(
            f"ignore_index = {ignore_index} works only with class-index targets; these targets are rows "
            "(probability targets), for which PyTorch raises. Give class indices, or set ignore_index back to -100."
        )
    if "rows" not in spec.target_kinds:
        idx = one_hot_to_indices(t, "targets", spec.title)
        notes.append("The one-hot target rows were read as class indices.")
        return PreparedInputs(pred, idx, "indices", tuple(notes))
    if loss in ("cross_entropy", "kl_div"):
        notes += check_rows_sum_to_one(t, "targets")
        if loss == "cross_entropy" and ((t == 0) | (t == 1)).all():
            notes.append(
                "Float target rows are probability targets to PyTorch: one-hot rows give the same row losses as "
                "class indices, but 'mean' then divides by N even with class weights, and ignore_index does not apply."
            )
    else:
        check_unit_interval(t, "targets")
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
            f"reduction = '{red}' is not an option of {spec.torch_name} (PyTorch raises): "
            f"choose {', '.join(repr(r) for r in spec.reductions)}."
        )
    opts: dict[str, Any] = {"reduction": red}
    if "weight" in spec.options:
        opts["weight"] = parse_class_vector(str(values.get("weight", "")), n_classes, "class weights")
    if "ignore_index" in spec.options:
        opts["ignore_index"] = int(values.get("ignore_index", -100))
    if "label_smoothing" in spec.options:
        opts["label_smoothing"] = float(values.get("smoothing", 0.0))
    if "pos_weight" in spec.options:
        opts["pos_weight"] = parse_class_vector(
            str(values.get("pos_weight", "")), n_classes, "pos_weight values", allow_scalar=True
        )
    if "gamma" in spec.options:
        opts["gamma"] = float(values.get("gamma", 2.0))
    if loss == "sigmoid_focal":
        opts["alpha"] = parse_class_vector(str(values.get("alpha", "")), 1, "α (alpha)", high=1.0, allow_scalar=True)
    elif loss == "softmax_focal":
        opts["alpha"] = parse_class_vector(
            str(values.get("alpha_mc", "")), n_classes, "α (alpha) values", high=1.0, allow_scalar=True
        )
    return opts


#: The option controls: widget kind, label, extra widget arguments, tooltip.  Keys are the names
#: `read_options` reads; each widget's key is ``"calc_" + name``.
OPTION_CONTROLS: dict[str, tuple[str, str, dict[str, Any], str]] = {
    "weight": (
        "text", "Class weights (weight)", {"placeholder": "blank: all 1"},
        "One weight per class (column). With class-index targets 'mean' divides by the sum of the picked weights.",
    ),
    "ignore_index": (
        "number", "ignore_index", {"min_value": -1_000_000, "max_value": 1_000_000, "step": 1},
        "A target equal to this adds 0 and is left out of the mean.",
    ),
    "smoothing": (
        "number", "label_smoothing ε", {"min_value": 0.0, "max_value": 1.0, "step": 0.05, "format": "%.3f"},
        "Mixes the target with the uniform distribution: (1 − ε)·one-hot + ε/C.",
    ),
    "pos_weight": (
        "text", "pos_weight", {"placeholder": "blank: all 1"},
        "Weight of the positive term: one per class, or one for all. n_neg / n_pos balances a rare class.",
    ),
    "gamma": (
        "number", "γ (gamma)", {"min_value": 0.0, "max_value": 20.0, "step": 0.5},
        "The focusing parameter: γ = 0 is plain cross-entropy, 2 the paper's choice.",
    ),
    "alpha": (
        "text", "α (alpha)", {"placeholder": "blank: no α"},
        "Weight of the positives in [0, 1] (negatives get 1 − α). torchvision's default is 0.25; blank means no "
        "weighting (torchvision's alpha=-1).",
    ),
    "alpha_mc": (
        "text", "α (alpha)", {"placeholder": "blank: no α"},
        "Blank for none, one number for every class, or one per class, each in [0, 1].",
    ),
}  # fmt: skip
_CONTROL_OF = {"weight": "weight", "ignore_index": "ignore_index", "label_smoothing": "smoothing",
               "pos_weight": "pos_weight", "gamma": "gamma"}  # fmt: skip


def option_controls(loss: str) -> list[str]:
    """The names (keys of `OPTION_CONTROLS`) of the controls ``loss`` takes, in display order."""
    options = LOSSES[loss].options
    names = [control for opt, control in _CONTROL_OF.items() if opt in options]
    if loss == "sigmoid_focal":
        names.append("alpha")
    elif loss == "softmax_focal":
        names.append("alpha_mc")
    return names


def option_input(name: str, default: Any) -> None:
    """Draw one option control (key ``calc_<name>``, bound to the URL)."""
    kind, label, extra, tip = OPTION_CONTROLS[name]
    key = f"calc_{name}"
    if kind == "text":
        st.text_input(label, value=default, key=key, bind="query-params", help=tip, **extra)
    else:
        st.number_input(label, value=default, key=key, bind="query-params", help=tip, **extra)


def example_texts(example: Example) -> tuple[str, str]:
    """A worked example's predictions and targets as the calculator's text (class indices on one line)."""
    target = example.target
    if target and isinstance(target[0], tuple):
        return format_matrix(example.pred), format_matrix(target)
    return format_matrix(example.pred), ", ".join(str(int(v)) for v in target)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Writing matrices back as text (presets, the editable grid)


def format_number(v: float) -> str:
    """The shortest text that reads back as ``v`` exactly, without a trailing ``.0`` (``2``, ``-0.5``, ``1e-08``)."""
    r = repr(float(v))
    return r[:-2] if r.endswith(".0") else r


def format_matrix(m: Any) -> str:
    """A matrix as the calculator's text: one row per line, values separated by ', '."""
    a = np.atleast_2d(np.asarray(m, dtype=np.float64))
    return "\n".join(", ".join(format_number(v) for v in row) for row in a)


def apply_grid_edits(m: FloatArray, edited_rows: Mapping[Any, Mapping[str, Any]], columns: list[str]) -> FloatArray:
    """Apply ``st.data_editor``'s ``edited_rows`` (``{row: {column name: value}}``) to a copy of ``m``.

    Raises `InputError` for a cleared cell or a value that is not a finite number.
    """
    out = np.array(m, dtype=np.float64, copy=True)
    for r, cells in edited_rows.items():
        i = int(r)
        for name, value in cells.items():
            j = columns.index(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                raise InputError(f"Row {i + 1}, column {j + 1} of the grid is empty; enter a number.")
            try:
                v = float(value)
            except (TypeError, ValueError):
                raise InputError(
                    f"Row {i + 1}, column {j + 1} of the grid is {value!r}, which is not a number."
                ) from None
            if not math.isfinite(v):
                raise InputError(
                    f"Row {i + 1}, column {j + 1} of the grid is {value!r}; only finite numbers are allowed."
                )
            out[i, j] = v
    return out


# ---------------------------------------------------------------------------------------------
# Streamlit: a text field in the URL, and an editable grid over it


def text_from_url(key: str, default: str, max_chars: int) -> None:
    """Seed a text field's session state from the URL (if there and at most ``max_chars``), else ``default``.

    Call before drawing the widget (without a ``value``); later reruns keep what the person typed.
    """
    if key not in st.session_state:
        from_url = st.query_params.get(key)
        ok = from_url is not None and len(from_url) <= max_chars
        st.session_state[key] = from_url if ok else default


def sync_text_to_url(key: str, value: str, default: str, max_chars: int) -> bool:
    """Keep ``?key=value`` in the URL while ``value`` differs from ``default`` and fits; return whether it fits."""
    fits = len(value) <= max_chars
    want = value if (value != default and fits) else None
    have = st.query_params.get(key)
    if want is None and have is not None:
        del st.query_params[key]
    elif want is not None and have != want:
        st.query_params[key] = want
    return fits


def _on_grid_edit(grid_key: str, text_key: str, columns: list[str], column_vector: bool, error_key: str) -> None:
    """Write a grid's edits back into its text field (the text stays the one source of truth)."""
    state = st.session_state.get(grid_key) or {}
    try:
        m = parse_matrix(st.session_state.get(text_key, ""), "grid")
        if column_vector:
            m = m.reshape(-1, 1)
        edited = apply_grid_edits(m, state.get("edited_rows", {}), columns)
    except InputError as exc:
        st.session_state[error_key] = str(exc)
        return
    st.session_state.pop(error_key, None)
    if column_vector:
        st.session_state[text_key] = ", ".join(format_number(v) for v in edited.ravel())
    else:
        st.session_state[text_key] = format_matrix(edited)


def matrix_grid(text_key: str, *, max_cells: int, column_vector: bool = False, error_key: str) -> None:
    """An editable grid over the matrix in ``st.session_state[text_key]``; edits rewrite the text.

    ``column_vector`` shows one number per row (class indices) as a single
    "target" column.  Nothing is drawn but a caption when the text does not
    parse or has more than ``max_cells`` numbers.
    """
    text = st.session_state.get(text_key, "")
    try:
        m = parse_matrix(text)
    except InputError:
        st.caption("The grid shows what the text reads; fix the text first.")
        return
    if m.size > max_cells:
        st.caption(f"The grid is offered up to {max_cells:,} numbers; edit the text instead.")
        return
    if column_vector:
        columns = ["target"]
        data: dict[str, Any] = {"target": [int(v) if float(v).is_integer() else float(v) for v in m.ravel()]}
    else:
        columns = [f"class {j}" for j in range(m.shape[1])]
        data = {name: m[:, j].tolist() for j, name in enumerate(columns)}
    # A new key whenever the text changes, so the grid always starts from the text.
    grid_key = f"{text_key}_grid_{hashlib.sha1(text.encode()).hexdigest()[:12]}"
    st.data_editor(
        data,
        key=grid_key,
        on_change=_on_grid_edit,
        args=(grid_key, text_key, columns, column_vector, error_key),
        num_rows="fixed",
        width="stretch",
        height="auto" if m.shape[0] <= 10 else 300,
    )
