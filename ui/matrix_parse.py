"""Reading a pasted matrix, and writing one back as text: pure parsing, no Streamlit.

Text fields take one row per line, numbers separated by commas, spaces, tabs
or semicolons (a spreadsheet paste, a CSV, or a Python / NumPy literal such as
``[[-1, 0.5, 2], [-1, 0.5, 3]]``).  Every problem raises
`ui.inputs.InputError` with a message for the person at the keyboard: rows and
columns are counted from 1, as in a spreadsheet; classes from 0, as in PyTorch.
A ``what`` names the numbers in those messages: an English message marked with
``N_`` (translated when the error is shown), as `ui.inputs` explains.

Besides `parse_matrix`: telling class-index targets from target rows
(`read_targets`), the checks a loss's inputs need (`class_indices`,
`one_hot_to_indices`, `check_unit_interval`, `check_rows_sum_to_one`,
`check_positive`, `parse_class_vector`), and the way back to text
(`format_number`, `format_matrix`) with the edits of a grid over it
(`apply_grid_edits`).  Nothing here computes a loss.

>>> parse_matrix("[[-1, 0.5, 2], [-1, 0.5, 3]]").tolist()
[[-1.0, 0.5, 2.0], [-1.0, 0.5, 3.0]]
>>> format_matrix([[-1.0, 0.5, 2.0], [-1.0, 0.5, 3.0]])
'-1, 0.5, 2\n-1, 0.5, 3'
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, NoReturn

import numpy as np

from core._validation import FloatArray, IntArray
from i18n import N_, _
from ui.inputs import InputError, count, parse_numbers

#: Largest matrix the calculator takes: rows (samples), columns (classes), and numbers in all.  Every
#: reader of a server shares one Python process, so one calculation holds up the others' pages while it
#: runs: at 100,000 numbers a paste costs the server about 40 ms of CPU, where 1,000,000 cost it 1.7 s and,
#: pasted repeatedly, over a gigabyte of memory (docs/deploy.md, "A large paste").
MAX_ROWS = 1_000
MAX_COLS = 1_000
MAX_VALUES = 100_000
#: Largest text accepted per field, in characters: `MAX_VALUES` numbers in full float64 precision (a repr
#: and its separator, 25 characters) fit; a larger paste is refused before it is read.
MAX_CHARS = 2_500_000
#: A probability row may miss 1 by this much (numbers rounded to 4 decimals over a dozen classes, as the
#: Fashion-MNIST prediction of the cross-entropy-from-scratch post, which sums to 0.9999); it is used as
#: typed, as PyTorch would.
ROW_SUM_TOLERANCE = 1e-3

_SPLIT = re.compile(r"[,;\s]+")
_ROW_BREAK = re.compile(r"[\])]\s*,?|\n")
_OPENERS = str.maketrans({"[": " ", "(": " "})


def parse_matrix(
    text: str,
    what: str = N_("values"),
    *,
    max_rows: int = MAX_ROWS,
    max_cols: int = MAX_COLS,
    max_chars: int = MAX_CHARS,
    max_values: int = MAX_VALUES,
) -> FloatArray:
    """Parse a matrix: one row per line (or per ``[...]``), numbers separated by commas, spaces or semicolons.

    Returns a float64 array of shape ``(rows, columns)``.  Raises `InputError`
    for empty text, text longer than ``max_chars``, more than ``max_rows`` rows,
    ``max_cols`` columns or ``max_values`` numbers, rows of different lengths, a
    token that is not a number, or NaN / an infinity, naming the row and column
    (from 1).

    ASCII text (every spreadsheet, CSV or NumPy paste) is read by NumPy's text
    parser `CHUNK_ROWS` rows at a time, with exactly the values and messages of
    the general reader, which handles the rest (typeset digits, ``1_000``).
    """
    if not isinstance(text, str):
        raise InputError(N_("The {what} must be text."), what=what)
    if len(text) > max_chars:
        mb = len(text) / 1_000_000
        raise InputError(
            N_(
                "The {what} text is {chars} characters ({mb} MB); the limit is {limit} characters "
                "(about {values} numbers). Paste fewer rows or round the numbers."
            ),
            what=what,
            chars=f"{len(text):,}",
            mb=f"{mb:.1f}",
            limit=f"{max_chars:,}",
            values=f"{max_values:,}",
        )
    # U+2212 (the minus sign of typeset text) and U+2013 read as '-': pasted from a web page they look the same.
    text = text.replace("\u2212", "-").replace("\u2013", "-")
    if text.isascii() and "_" not in text:  # NumPy's parser and float() agree on these tokens, bit for bit
        return _parse_ascii(text, what, max_rows, max_cols, max_values)
    return _parse_general(text, what, max_rows, max_cols, max_values)


def _parse_general(text: str, what: str, max_rows: int, max_cols: int, max_values: int = MAX_VALUES) -> FloatArray:
    """`parse_matrix` for any text: a regular expression splits it, ``float()`` reads every token."""
    lines = [ln for ln in _ROW_BREAK.split(text.translate(_OPENERS)) if _SPLIT.sub("", ln)]
    _check_rows(lines, what, max_rows)
    rows = [[t for t in _SPLIT.split(ln.strip()) if t] for ln in lines]
    _check_widths(rows, what, max_cols)
    _check_count(len(rows), len(rows[0]), what, max_values)
    try:
        values = np.array(rows, dtype=np.float64)
    except ValueError:
        _locate_bad_token(rows, what)
    _check_finite(values, rows, what)
    return values


#: Rows read per NumPy call.  Between calls the interpreter can switch threads, so the other sessions of
#: the server (threads of one Python process) run during a large paste instead of waiting for all of it.
CHUNK_ROWS = 50
#: The ASCII characters that separate numbers (the regular expression's ``\s``, commas, semicolons) and
#: the opening brackets, all read as a space; newlines end rows.
_ASCII_SPACES = str.maketrans(dict.fromkeys(",;\t\r\x0b\x0c\x1c\x1d\x1e\x1f[(", " "))


def _parse_ascii(text: str, what: str, max_rows: int, max_cols: int, max_values: int = MAX_VALUES) -> FloatArray:
    """`parse_matrix` for ASCII text without underscores, NumPy's parser doing the numbers."""
    if "]" in text or ")" in text:
        text = _ROW_BREAK.sub("\n", text.translate(_OPENERS))
    lines = [ln for ln in text.translate(_ASCII_SPACES).split("\n") if ln and not ln.isspace()]
    _check_rows(lines, what, max_rows)
    width = len(lines[0].split())
    if len(lines) * width > max_values:  # refused before a number is read (a ragged row is named first)
        _check_widths([ln.split() for ln in lines], what, max_cols)
        _check_count(len(lines), width, what, max_values)
    blocks = []
    for start in range(0, len(lines), CHUNK_ROWS):
        try:
            block = np.loadtxt(lines[start : start + CHUNK_ROWS], dtype=np.float64, comments=None, ndmin=2)
        except ValueError:
            block = None
        if block is None or block.shape[1] != width or width > max_cols:
            rows = [ln.split() for ln in lines]
            _check_widths(rows, what, max_cols)
            _locate_bad_token(rows[start:], what, first_row=start + 1)
        blocks.append(block)
    values = blocks[0] if len(blocks) == 1 else np.concatenate(blocks)
    bad = ~np.isfinite(values)
    if bad.any():
        i = int(np.argmax(bad.any(axis=1)))
        _check_finite(values[i : i + 1], [lines[i].split()], what, first_row=i + 1)
    return values


def _check_rows(lines: list[str], what: str, max_rows: int) -> None:
    if not lines:
        raise InputError(N_("Enter the {what}: one row per line, numbers separated by commas or spaces."), what=what)
    if len(lines) > max_rows:
        raise InputError(
            N_("The {what} have {rows} rows; at most {limit} are allowed."),
            what=what,
            rows=f"{len(lines):,}",
            limit=f"{max_rows:,}",
        )


def _check_widths(rows: list[list[str]], what: str, max_cols: int) -> None:
    width = len(rows[0])
    for i, r in enumerate(rows, start=1):
        if len(r) > max_cols:
            raise InputError(
                N_("Row {row} of the {what} has {count} numbers; at most {limit} columns are allowed."),
                row=i,
                what=what,
                count=f"{len(r):,}",
                limit=f"{max_cols:,}",
            )
        if len(r) != width:
            raise InputError(
                N_(
                    "Row {row} of the {what} has {numbers} but row 1 has {width}; "
                    "every row needs the same number of columns."
                ),
                row=i,
                what=what,
                numbers=count(len(r), N_("{n} number"), N_("{n} numbers")),
                width=width,
            )


def _check_count(n_rows: int, n_cols: int, what: str, max_values: int) -> None:
    if n_rows * n_cols > max_values:
        raise InputError(
            N_(
                "The {what} are {rows} rows × {cols} columns, {count} numbers; the calculator takes "
                "at most {limit} (for example {rows_a} rows of {cols_a} classes, or "
                "{rows_b} rows of {cols_b}). Everyone using this server shares it, and a larger "
                "calculation would hold up their pages while it runs: check a sample of the rows here; the PyTorch and "
                "NumPy code this page writes runs on all of them."
            ),
            what=what,
            rows=f"{n_rows:,}",
            cols=f"{n_cols:,}",
            count=f"{n_rows * n_cols:,}",
            limit=f"{max_values:,}",
            rows_a=f"{max_values // MAX_COLS:,}",
            cols_a=f"{MAX_COLS:,}",
            rows_b=f"{MAX_ROWS:,}",
            cols_b=f"{max_values // MAX_ROWS:,}",
        )


def _check_finite(values: FloatArray, rows: list[list[str]], what: str, first_row: int = 1) -> None:
    bad = ~np.isfinite(values)
    if bad.any():
        i, j = (int(k) for k in np.argwhere(bad)[0])
        raise InputError(
            N_("Row {row}, column {col} of the {what} is {token}; only finite numbers are allowed (no NaN or inf)."),
            row=i + first_row,
            col=j + 1,
            what=what,
            token=repr(rows[i][j]),
        )


def _locate_bad_token(rows: list[list[str]], what: str, first_row: int = 1) -> NoReturn:
    for i, r in enumerate(rows, start=first_row):
        for j, tok in enumerate(r, start=1):
            try:
                float(tok)
            except ValueError:
                raise InputError(
                    N_("Row {row}, column {col} of the {what} is {token}, which is not a number."),
                    row=i,
                    col=j,
                    what=what,
                    token=repr(tok),
                ) from None
    raise InputError(
        N_("The {what} could not be read as numbers."), what=what
    )  # pragma: no cover - float() and numpy agree


def read_targets(text: str, shape: tuple[int, int], what: str = N_("targets")) -> tuple[str, FloatArray]:
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
    raise InputError(
        N_(
            "The {what} are {rows} × {cols} ({numbers}), but the predictions have {pred_rows} × {pred_cols}: "
            "give one class index per row ({pred_numbers}) or one row of {c} per sample."
        ),
        what=what,
        rows=count(t.shape[0], N_("{n} row"), N_("{n} rows")),
        cols=count(t.shape[1], N_("{n} column"), N_("{n} columns")),
        numbers=count(t.size, N_("{n} number"), N_("{n} numbers")),
        pred_rows=count(n, N_("{n} row"), N_("{n} rows")),
        pred_cols=count(c, N_("{n} column"), N_("{n} columns")),
        pred_numbers=count(n, N_("{n} number"), N_("{n} numbers")),
        c=c,
    )


def class_indices(
    values: FloatArray, n_classes: int, *, ignore_index: int | None, what: str = N_("targets")
) -> IntArray:
    """Whole numbers in ``[0, n_classes)`` (or ``ignore_index``) as int64; `InputError` naming the row otherwise."""
    frac = values != np.round(values)
    if frac.any():
        i = int(np.argmax(frac))
        raise InputError(
            N_("Row {row} of the {what} is {value}; a class index is a whole number from 0 to {last}."),
            row=i + 1,
            what=what,
            value=f"{values[i]:g}",
            last=n_classes - 1,
        )
    idx = values.astype(np.int64)
    ok = (idx >= 0) & (idx < n_classes)
    if ignore_index is not None:
        ok |= idx == ignore_index
    if not ok.all():
        i = int(np.argmax(~ok))
        message = (
            N_(
                "Row {row} of the {what} is class {index}, out of range: the predictions have {columns}, "
                "so classes run from 0 to {last}, or ignore_index = {ignore_index} to skip the row."
            )
            if ignore_index is not None
            else N_(
                "Row {row} of the {what} is class {index}, out of range: the predictions have {columns}, "
                "so classes run from 0 to {last}."
            )
        )
        raise InputError(
            message,
            row=i + 1,
            what=what,
            index=int(idx[i]),
            columns=count(n_classes, N_("{n} column"), N_("{n} columns")),
            last=n_classes - 1,
            ignore_index=ignore_index,
        )
    return idx


def one_hot_to_indices(rows: FloatArray, what: str = N_("targets"), loss_title: str = N_("This loss")) -> IntArray:
    """The class of each one-hot row; `InputError` naming the first row that is not exactly one 1 and 0s."""
    is_one = rows == 1.0
    one_hot = ((rows == 0.0) | is_one).all(axis=1) & (is_one.sum(axis=1) == 1)
    if not one_hot.all():
        i = int(np.argmax(~one_hot))
        raise InputError(
            N_(
                "Row {row} of the {what} is not one-hot (exactly one 1, the rest 0). {loss} needs one class "
                "per row: give class indices, or pick cross-entropy (probability targets) or KL divergence for soft "
                "labels."
            ),
            row=i + 1,
            what=what,
            loss=loss_title,
        )
    idx: IntArray = np.argmax(rows, axis=1).astype(np.int64)
    return idx


#: `check_unit_interval`'s message (placeholders ``row``, ``col``, ``what``, ``value``).
OUTSIDE_UNIT_INTERVAL = N_("Row {row}, column {col} of the {what} is {value}; it must lie between 0 and 1.")


def check_unit_interval(m: FloatArray, what: str, message: str = OUTSIDE_UNIT_INTERVAL) -> None:
    """Every entry in [0, 1], else `InputError` naming the first offending cell (``message``, see its default)."""
    bad = (m < 0) | (m > 1)
    if bad.any():
        i, j = (int(k) for k in np.argwhere(bad)[0])
        raise InputError(message, row=i + 1, col=j + 1, what=what, value=f"{m[i, j]:g}")


def check_rows_sum_to_one(m: FloatArray, what: str, *, tolerance: float = ROW_SUM_TOLERANCE) -> tuple[str, ...]:
    """Rows that are probability distributions: entries in [0, 1] and each row summing to 1.

    Raises `InputError` for a row that misses 1 by more than ``tolerance``;
    returns a note (in the current language) for rows that miss it by less
    (used as typed, as PyTorch would), or an empty tuple.
    """
    check_unit_interval(m, what)
    sums = m.sum(axis=1)
    off = np.abs(sums - 1.0)
    if (off > tolerance).any():
        i = int(np.argmax(off > tolerance))
        raise InputError(
            N_(
                "Row {row} of the {what} sums to {total}, not 1. Probabilities in a row must add up to 1 "
                "(within {tolerance}): divide the row by its sum, or enter logits and use a loss that takes logits."
            ),
            row=i + 1,
            what=what,
            total=f"{sums[i]:.6g}",
            tolerance=f"{tolerance:g}",
        )
    loose = off > 1e-9
    if loose.any():
        i = int(np.argmax(loose))
        params = {"row": i + 1, "what": _(what), "total": f"{sums[i]:.6g}"}
        if loose.sum() > 1:
            return (
                _(
                    "Row {row} of the {what} sums to {total} (and {more} more), not exactly 1 (rounding); "
                    "it is used as typed, as PyTorch would.",
                    more=int(loose.sum()) - 1,
                    **params,
                ),
            )
        return (
            _(
                "Row {row} of the {what} sums to {total}, not exactly 1 (rounding); "
                "it is used as typed, as PyTorch would.",
                **params,
            ),
        )
    return ()


def check_positive(m: FloatArray, what: str, message: str) -> None:
    """No zero entries (their log is -inf), else `InputError` with ``message`` naming the cell.

    ``message`` (marked with ``N_``) has the placeholders ``row``, ``col``, ``what`` and ``value``:
    "Row {row}, column {col} of the {what} is {value}: …" and why it matters.
    """
    zero = m <= 0
    if zero.any():
        i, j = (int(k) for k in np.argwhere(zero)[0])
        raise InputError(message, row=i + 1, col=j + 1, what=what, value=f"{m[i, j]:g}")


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
        message = (
            N_(
                "The {what} have {values} but the predictions have {columns}: give one value per class "
                "(or one number for every class)."
            )
            if allow_scalar
            else N_("The {what} have {values} but the predictions have {columns}: give one value per class.")
        )
        raise InputError(
            message,
            what=what,
            values=count(values.size, N_("{n} value"), N_("{n} values")),
            columns=count(n_classes, N_("{n} column"), N_("{n} columns")),
        )
    else:
        scalar = values
    arr = np.atleast_1d(np.asarray(scalar, dtype=np.float64))
    bad = (arr < low) | (arr > high if high is not None else np.zeros(arr.shape, dtype=bool))
    if bad.any():
        i = int(np.argmax(bad))
        if arr.size > 1:
            message = (
                N_("Value {i} of the {what} is {value}; it must be between {low} and {high}.")
                if high is not None
                else N_("Value {i} of the {what} is {value}; it must be at least {low}.")
            )
        else:
            message = (
                N_("The {what} is {value}; it must be between {low} and {high}.")
                if high is not None
                else N_("The {what} is {value}; it must be at least {low}.")
            )
        high_text = "" if high is None else f"{high:g}"
        raise InputError(message, i=i + 1, what=what, value=f"{arr[i]:g}", low=f"{low:g}", high=high_text)
    return scalar


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
                raise InputError(
                    N_("Row {row}, column {col} of the grid is empty; enter a number."), row=i + 1, col=j + 1
                )
            try:
                v = float(value)
            except (TypeError, ValueError):
                raise InputError(
                    N_("Row {row}, column {col} of the grid is {value}, which is not a number."),
                    row=i + 1,
                    col=j + 1,
                    value=repr(value),
                ) from None
            if not math.isfinite(v):
                raise InputError(
                    N_("Row {row}, column {col} of the grid is {value}; only finite numbers are allowed."),
                    row=i + 1,
                    col=j + 1,
                    value=repr(value),
                )
            out[i, j] = v
    return out
