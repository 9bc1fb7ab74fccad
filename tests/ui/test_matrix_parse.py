"""`ui.matrix_parse`: pasted matrices and targets, read or refused with a message naming row and column.

Pure parsing, tested without Streamlit; the module must not import it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui.inputs import InputError
from ui.matrix_parse import (  # the two readers parse_matrix chooses between
    CHUNK_ROWS,
    MAX_CHARS,
    MAX_COLS,
    MAX_ROWS,
    MAX_VALUES,
    ROW_SUM_TOLERANCE,
    _parse_ascii,
    _parse_general,
    apply_grid_edits,
    check_rows_sum_to_one,
    class_indices,
    format_matrix,
    format_number,
    one_hot_to_indices,
    parse_class_vector,
    parse_matrix,
    read_targets,
)

POST_LOGITS = [[-1.0, 0.5, 2.0], [-1.0, 0.5, 3.0]]  # the cross-entropy-from-scratch post's logits


# ----------------------------------------------------------------------------------------------
# parse_matrix


@pytest.mark.parametrize(
    "text",
    [
        "-1, 0.5, 2\n-1, 0.5, 3",
        "-1 0.5 2\n-1 0.5 3\n",
        "-1\t0.5\t2\r\n-1\t0.5\t3",  # a spreadsheet paste
        "[[-1, 0.5, 2], [-1, 0.5, 3]]",  # a Python / NumPy literal
        "[[-1, 0.5, 2],\n [-1, 0.5, 3]]",
        "((-1, 0.5, 2), (-1, 0.5, 3))",
        "\n\n  -1; 0.5; 2,\n\n−1, 0.5, 3e0  \n",  # blank lines, semicolons, a typeset minus sign
    ],
)
def test_matrix_formats_that_read_the_same(text: str) -> None:
    np.testing.assert_array_equal(parse_matrix(text), POST_LOGITS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the logits"),
        ("  \n ,, \n", "Enter the logits"),
        ("1, 2, 3\n4, 5", "Row 2 of the logits has 2 numbers but row 1 has 3"),
        ("1, 2\n3, 4\n5", "Row 3 of the logits has 1 number but row 1 has 2"),
        ("1, 2\n3, abc", "Row 2, column 2 of the logits is 'abc', which is not a number"),
        ("1, 2,, 3x", "Row 1, column 3 of the logits is '3x'"),
        ("1, nan\n2, 3", "Row 1, column 2 of the logits is 'nan'; only finite numbers"),
        ("1, 2\ninf, 3", "Row 2, column 1 of the logits is 'inf'"),
        ("1, 2\n3, -Infinity", "Row 2, column 2 of the logits is '-Infinity'"),
        ("1e400, 2", "Row 1, column 1 of the logits is '1e400'"),  # overflows to inf
    ],
)
def test_bad_matrices_name_row_and_column(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_matrix(text, "logits")


def test_size_limits() -> None:
    with pytest.raises(InputError, match=f"at most {MAX_ROWS:,} are allowed"):
        parse_matrix("1\n" * (MAX_ROWS + 1), "logits")
    with pytest.raises(InputError, match=f"Row 1 of the logits has 1,001 numbers; at most {MAX_COLS:,} columns"):
        parse_matrix(" ".join(["1"] * (MAX_COLS + 1)), "logits")
    three_mb = "0.123456789, " * 250_000  # 3.25 MB
    with pytest.raises(InputError, match=r"characters \(3\.2 MB\); the limit is 2,500,000 characters \(about 100,000"):
        parse_matrix(three_mb, "logits")
    # the largest allowed matrices, in full float64 precision, fit under the character limit
    rng = np.random.default_rng(0)
    for shape in [(MAX_ROWS, MAX_VALUES // MAX_ROWS), (MAX_VALUES // MAX_COLS, MAX_COLS)]:
        big = format_matrix(-rng.random(shape) / 3)  # -0.1234567890123456 and the like: 20 characters
        assert len(big) <= MAX_CHARS
        np.testing.assert_array_equal(
            parse_matrix(big), np.array([[float(v) for v in ln.split(", ")] for ln in big.split("\n")])
        )


@pytest.mark.parametrize("reader", [_parse_ascii, _parse_general])
def test_more_numbers_than_allowed_are_refused_with_the_limit_and_why(reader: Any) -> None:
    text = "\n".join([", ".join(["0.5"] * 500)] * 201)  # 201 × 500 = 100,500 numbers
    with pytest.raises(InputError) as exc:
        reader(text, "logits", MAX_ROWS, MAX_COLS)
    message = str(exc.value)
    assert "The logits are 201 rows × 500 columns, 100,500 numbers; the calculator takes at most 100,000" in message
    assert "100 rows of 1,000 classes, or 1,000 rows of 100" in message
    assert "hold up their pages" in message  # why
    # the limit is checked before a number is read, and after the rows' lengths
    with pytest.raises(InputError, match="Row 201 of the logits has 499 numbers"):
        reader(text[: text.rindex(",")], "logits", MAX_ROWS, MAX_COLS)


# ----------------------------------------------------------------------------------------------
# Targets


def test_targets_are_told_apart_by_shape() -> None:
    assert read_targets("1, 2", (2, 3))[0] == "indices"
    assert read_targets("1\n2", (2, 3))[0] == "indices"
    kind, t = read_targets("0 1 0\n0 0 1", (2, 3))
    assert kind == "rows"
    assert t.shape == (2, 3)
    assert read_targets("0, 1, 1", (1, 3))[0] == "rows"  # a multi-label row, not 3 indices
    assert read_targets("1", (1, 3))[0] == "indices"
    with pytest.raises(InputError, match=r"targets are 1 row × 3 columns \(3 numbers\), but the predictions have 2"):
        read_targets("1, 2, 0", (2, 3))
    with pytest.raises(InputError, match="give one class index per row"):
        read_targets("0 1\n1 0", (2, 3))


def test_class_indices_must_be_whole_and_in_range() -> None:
    np.testing.assert_array_equal(class_indices(np.array([1.0, 2.0]), 3, ignore_index=-100), [1, 2])
    assert class_indices(np.array([-100.0]), 3, ignore_index=-100).dtype == np.int64
    with pytest.raises(InputError, match=r"Row 2 of the targets is 1.5; a class index is a whole number from 0 to 2"):
        class_indices(np.array([1.0, 1.5]), 3, ignore_index=-100)
    with pytest.raises(InputError, match=r"Row 1 of the targets is class 3, out of range.*0 to 2, or ignore_index"):
        class_indices(np.array([3.0]), 3, ignore_index=-100)
    with pytest.raises(InputError, match=r"class -1, out of range.*from 0 to 2\.$"):
        class_indices(np.array([-1.0]), 3, ignore_index=None)


def test_one_hot_rows_become_indices_and_soft_rows_are_refused() -> None:
    np.testing.assert_array_equal(one_hot_to_indices(np.array([[0.0, 0, 1], [1, 0, 0]])), [2, 0])
    with pytest.raises(InputError, match="Row 2 of the targets is not one-hot"):
        one_hot_to_indices(np.array([[0.0, 1, 0], [0.5, 0.5, 0]]))
    with pytest.raises(InputError, match="Row 1 of the targets is not one-hot"):
        one_hot_to_indices(np.array([[1.0, 1, 0]]))


def test_rows_must_sum_to_one_within_the_tolerance() -> None:
    assert check_rows_sum_to_one(np.array([[0.2, 0.8]]), "q") == ()
    notes = check_rows_sum_to_one(np.array([[0.5, 0.5], [0.2, 0.7999]]), "q")  # rounded, as posts print them
    assert len(notes) == 1
    assert "Row 2 of the q sums to 0.9999" in notes[0]
    with pytest.raises(InputError, match=r"Row 2 of the q sums to 0\.9, not 1.*divide the row by its sum"):
        check_rows_sum_to_one(np.array([[0.5, 0.5], [0.2, 0.7]]), "q")
    with pytest.raises(InputError, match=r"Row 1, column 1 of the q is -0.2; it must lie between 0 and 1"):
        check_rows_sum_to_one(np.array([[-0.2, 1.2]]), "q")
    assert ROW_SUM_TOLERANCE == 1e-3


# ----------------------------------------------------------------------------------------------
# Options


def test_class_vectors() -> None:
    assert parse_class_vector("  ", 3, "class weights") is None
    np.testing.assert_array_equal(parse_class_vector("1, 2, 0.5", 3, "class weights"), [1, 2, 0.5])
    assert parse_class_vector("2", 3, "pos_weight values", allow_scalar=True) == 2.0
    with pytest.raises(InputError, match="class weights have 2 values but the predictions have 3 columns"):
        parse_class_vector("1, 2", 3, "class weights")
    with pytest.raises(InputError, match="Value 2 of the class weights is -1; it must be at least 0"):
        parse_class_vector("1, -1, 2", 3, "class weights")
    with pytest.raises(InputError, match=r"The α \(alpha\) is 1.5; it must be between 0 and 1"):
        parse_class_vector("1.5", 1, "α (alpha)", high=1.0, allow_scalar=True)
    with pytest.raises(InputError, match="is not a number"):
        parse_class_vector("1, x, 2", 3, "class weights")


# ----------------------------------------------------------------------------------------------
# Writing back: the grid


def test_numbers_and_matrices_round_trip() -> None:
    assert format_number(2.0) == "2"
    assert format_number(-0.5) == "-0.5"
    assert format_number(1e-8) == "1e-08"
    m = np.array([[0.1, 1 / 3, -2.0], [1e-300, 5.0, 123456.789]])
    np.testing.assert_array_equal(parse_matrix(format_matrix(m)), m)


def test_grid_edits_apply_and_bad_cells_are_named() -> None:
    m = np.array([[1.0, 2.0], [3.0, 4.0]])
    out = apply_grid_edits(m, {"1": {"class 0": 9.5}, 0: {"class 1": "-1"}}, ["class 0", "class 1"])
    np.testing.assert_array_equal(out, [[1.0, -1.0], [9.5, 4.0]])
    np.testing.assert_array_equal(m, [[1.0, 2.0], [3.0, 4.0]])  # the original is untouched
    with pytest.raises(InputError, match="Row 2, column 1 of the grid is empty"):
        apply_grid_edits(m, {1: {"class 0": None}}, ["class 0", "class 1"])
    with pytest.raises(InputError, match="Row 1, column 2 of the grid is 'x', which is not a number"):
        apply_grid_edits(m, {0: {"class 1": "x"}}, ["class 0", "class 1"])
    with pytest.raises(InputError, match="only finite numbers"):
        apply_grid_edits(m, {0: {"class 1": float("inf")}}, ["class 0", "class 1"])


def test_parsing_needs_no_streamlit() -> None:
    code = "import sys, ui.matrix_parse; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


# ----------------------------------------------------------------------------------------------
# The fast reader (NumPy's parser, for ASCII text) and the general one agree on values and messages


def _outcome(parse: Any, text: str) -> Any:
    try:
        return parse(text, "logits", MAX_ROWS, MAX_COLS).tobytes()  # bit for bit, signed zeros included
    except InputError as exc:
        return str(exc)


_TOKENS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.floats(min_value=-1e6, max_value=1e6).map(lambda v: f"{v:.4f}"),
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(
        ["nan", "inf", "-Infinity", "1e400", "-0", "+.5", "5.", "1e", "abc", "0x10", "1d5", "--1", ".", "#", "1e-400"]
    ),
)
_SEPARATORS = st.sampled_from([", ", ",", " ", "\t", "; ", ",,", " ,", "\x0b", "\x1f"])


@st.composite
def _matrix_texts(draw: Any) -> str:
    rows = draw(st.lists(st.lists(_TOKENS, min_size=1, max_size=6), min_size=1, max_size=6))
    sep = draw(_SEPARATORS)
    style = draw(st.sampled_from(["lines", "crlf", "literal", "tuples", "blank lines"]))
    lines = [sep.join(r) for r in rows]
    if style == "literal":
        return "[" + ", ".join(f"[{ln}]" for ln in lines) + "]"
    if style == "tuples":
        return "(" + ",\n ".join(f"({ln})" for ln in lines) + ")"
    if style == "crlf":
        return "\r\n".join(lines) + "\r\n"
    if style == "blank lines":
        return "\n\n  " + "\n \n".join(lines) + "\n"
    return "\n".join(lines)


@settings(max_examples=400, deadline=None)
@given(_matrix_texts())
def test_the_numpy_reader_agrees_with_the_general_one(text: str) -> None:
    assert _outcome(_parse_ascii, text) == _outcome(_parse_general, text)


@pytest.mark.parametrize("rows", [1, CHUNK_ROWS - 1, CHUNK_ROWS, CHUNK_ROWS + 1, 3 * CHUNK_ROWS + 7])
def test_chunks_join_up_and_errors_name_the_right_row(rows: int) -> None:
    m = np.arange(rows * 3, dtype=np.float64).reshape(rows, 3) - 7.25
    text = format_matrix(m)
    np.testing.assert_array_equal(parse_matrix(text), m)
    lines = text.split("\n")
    last = rows - 1
    for broken, message in [
        ([*lines[:last], "1, 2"], f"Row {rows} of the logits has 2 numbers but row 1 has 3"),
        ([*lines[:last], "1, x, 2"], f"Row {rows}, column 2 of the logits is 'x', which is not a number"),
        ([*lines[:last], "1, inf, 2"], f"Row {rows}, column 2 of the logits is 'inf'; only finite"),
    ]:
        if rows == 1 and "row 1 has" in message:
            continue
        with pytest.raises(InputError, match=re.escape(message)):
            parse_matrix("\n".join(broken), "logits")


def test_a_ragged_row_is_named_before_a_bad_token_above_it() -> None:
    """As in the general reader: every row's length is checked before any number is read."""
    text = "\n".join(["1, 2"] * (CHUNK_ROWS + 5) + ["1"])
    text = text.replace("1, 2", "1, x", 1)
    with pytest.raises(InputError, match=re.escape(f"Row {CHUNK_ROWS + 6} of the logits has 1 number")):
        parse_matrix(text, "logits")


def test_typeset_digits_and_underscores_take_the_general_reader() -> None:
    assert parse_matrix("1_000, \u0662").tolist() == [[1000.0, 2.0]]
