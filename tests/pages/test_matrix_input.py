"""`ui.matrix_input`: pasted matrices and targets, read or refused with a message naming row and column."""

from __future__ import annotations

import numpy as np
import pytest

from core.steps import EXAMPLES
from ui.inputs import InputError
from ui.matrix_input import (
    MAX_CHARS,
    MAX_COLS,
    MAX_ROWS,
    ROW_SUM_TOLERANCE,
    apply_grid_edits,
    check_rows_sum_to_one,
    class_indices,
    example_texts,
    format_matrix,
    format_number,
    one_hot_to_indices,
    option_controls,
    parse_class_vector,
    parse_matrix,
    prepare_inputs,
    read_options,
    read_targets,
)

SEED_LOGITS = [[-1.0, 0.5, 2.0], [-1.0, 0.5, 3.0]]


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
    np.testing.assert_array_equal(parse_matrix(text), SEED_LOGITS)


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
    ten_mb = "0.123456789, " * 900_000  # about 11.7 MB
    with pytest.raises(InputError, match=r"characters \(11\.7 MB\); the limit is 9,500,000"):
        parse_matrix(ten_mb, "logits")
    # the largest allowed matrix, with four decimals, fits under the character limit
    big = format_matrix(np.full((MAX_ROWS, MAX_COLS), -1.2345))
    assert len(big) <= MAX_CHARS
    assert parse_matrix(big).shape == (MAX_ROWS, MAX_COLS)


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
    notes = check_rows_sum_to_one(np.array([[0.5, 0.5], [0.2, 0.7999]]), "q")  # seed-style rounding
    assert len(notes) == 1
    assert "Row 2 of the q sums to 0.9999" in notes[0]
    with pytest.raises(InputError, match=r"Row 2 of the q sums to 0\.9, not 1.*divide the row by its sum"):
        check_rows_sum_to_one(np.array([[0.5, 0.5], [0.2, 0.7]]), "q")
    with pytest.raises(InputError, match=r"Row 1, column 1 of the q is -0.2; it must lie between 0 and 1"):
        check_rows_sum_to_one(np.array([[-0.2, 1.2]]), "q")
    assert ROW_SUM_TOLERANCE == 1e-3


# ----------------------------------------------------------------------------------------------
# prepare_inputs: what each loss needs


def test_prepare_cross_entropy_indices_and_rows() -> None:
    p = prepare_inputs("cross_entropy", "logits", "-1, 0.5, 2\n-1, 0.5, 3", "1, 2")
    assert p.target_kind == "indices"
    assert p.target.dtype == np.int64
    assert p.shape == (2, 3)
    rows = prepare_inputs("cross_entropy", "logits", "-1, 0.5, 2\n-1, 0.5, 3", "0 1 0\n0 0 1")
    assert rows.target_kind == "rows"
    assert rows.target.dtype == np.float64
    assert any("probability targets" in n for n in rows.notes)
    with pytest.raises(InputError, match="ignore_index = 1 works only with class-index targets"):
        prepare_inputs("cross_entropy", "logits", "1 2\n3 4", "0 1\n1 0", ignore_index=1)
    with pytest.raises(InputError, match=r"Row 1 of the targets sums to 0.5"):
        prepare_inputs("cross_entropy", "logits", "1 2", "0.2 0.3")
    with pytest.raises(InputError, match="out of range"):
        prepare_inputs("cross_entropy", "logits", "1 2", "2")
    ok = prepare_inputs("cross_entropy", "logits", "1 2\n3 4", "0\n-100")
    np.testing.assert_array_equal(ok.target, [0, -100])


def test_prepare_nll_checks_the_probabilities() -> None:
    q = "0.1058, 0.1043, 0.0988, 0.1066, 0.0875, 0.0881, 0.1027, 0.1046, 0.1057, 0.0958"
    p = prepare_inputs("nll", "probabilities", q, "4")
    assert p.target.tolist() == [4]
    assert any("sums to 0.9999" in n for n in p.notes)
    onehot = prepare_inputs("nll", "probabilities", "0.3 0.7\n0.6 0.4", "0 1\n1 0")
    assert onehot.target.tolist() == [1, 0]
    assert any("one-hot" in n for n in onehot.notes)
    with pytest.raises(InputError, match=r"Row 2 of the probabilities sums to 1.1"):
        prepare_inputs("nll", "probabilities", "0.3 0.7\n0.6 0.5", "0 1")
    with pytest.raises(InputError, match="Row 1, column 1 of the probabilities is 0: its log is −inf"):
        prepare_inputs("nll", "probabilities", "0 1", "1")
    with pytest.raises(InputError, match=r"Row 1, column 2 of the log-probabilities is 0.5; a log-probability is at"):
        prepare_inputs("nll", "log_probabilities", "-1 0.5", "1")
    with pytest.raises(InputError, match="Row 1 of the exp"):
        prepare_inputs("nll", "log_probabilities", "-1 -1", "1")
    with pytest.raises(InputError, match="not one-hot"):
        prepare_inputs("nll", "probabilities", "0.3 0.7", "0.5 0.5")


def test_prepare_binary_losses_need_a_target_per_class() -> None:
    p = prepare_inputs("bce", "probabilities", "0.1, 0.7, 0.8", "0, 1, 1")
    assert p.target_kind == "rows"
    assert p.target.shape == (1, 3)
    single = prepare_inputs("bce_logits", "logits", "0.5\n-1\n2", "1, 0, 1")  # one label per row, on one line
    assert single.target.shape == (3, 1)
    with pytest.raises(InputError, match="needs a target for every class: 2 rows of 3 numbers"):
        prepare_inputs("bce_logits", "logits", "1 2 3\n4 5 6", "0, 1")
    with pytest.raises(InputError, match="Row 1, column 2 of the targets is 2; it must lie between 0 and 1"):
        prepare_inputs("sigmoid_focal", "logits", "1 2", "0 2")
    with pytest.raises(InputError, match=r"Row 1, column 3 of the probabilities is 1.5"):
        prepare_inputs("bce", "probabilities", "0.1 0.2 1.5", "0 1 1")


def test_logits_pasted_as_probabilities_get_a_hint() -> None:
    with pytest.raises(InputError, match=r"is -1; it must lie between 0 and 1\. If these are logits, set 'The matrix"):
        prepare_inputs("nll", "probabilities", "-1, 0.5, 2", "1")
    with pytest.raises(InputError, match=r"If these are logits, pick the loss with logits"):
        prepare_inputs("bce", "probabilities", "-1, 0.5, 2", "0, 1, 1")


def test_prepare_kl_needs_distributions() -> None:
    p = prepare_inputs("kl_div", "logits", "2 1 0.1", "0.7 0.2 0.1")
    assert p.target_kind == "rows"
    with pytest.raises(InputError, match=r"Row 1 of the targets sums to 1.1"):
        prepare_inputs("kl_div", "logits", "2 1 0.1", "0.7 0.3 0.1")


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


def test_read_options_takes_only_what_the_loss_has() -> None:
    controls = {
        "reduction": "sum",
        "weight": "1 2 3",
        "ignore_index": 1,
        "smoothing": 0.1,
        "pos_weight": "4",
        "gamma": 1.0,
        "alpha": "",
        "alpha_mc": "0.5",
    }
    ce = read_options("cross_entropy", 3, controls)
    assert set(ce) == {"reduction", "weight", "ignore_index", "label_smoothing"}
    assert ce["label_smoothing"] == 0.1
    assert set(read_options("bce_logits", 3, controls)) == {"reduction", "weight", "pos_weight"}
    assert read_options("sigmoid_focal", 3, controls)["alpha"] is None
    assert read_options("softmax_focal", 3, controls)["alpha"] == 0.5
    assert read_options("kl_div", 3, controls) == {"reduction": "sum"}
    with pytest.raises(InputError, match=r"reduction = 'batchmean' is not an option of F.cross_entropy"):
        read_options("cross_entropy", 3, {**controls, "reduction": "batchmean"})
    assert option_controls("cross_entropy") == ["weight", "ignore_index", "smoothing"]
    assert option_controls("sigmoid_focal") == ["gamma", "alpha"]
    assert option_controls("softmax_focal") == ["gamma", "alpha_mc"]
    assert option_controls("kl_div") == []


# ----------------------------------------------------------------------------------------------
# Writing back: examples, the grid


def test_numbers_and_matrices_round_trip() -> None:
    assert format_number(2.0) == "2"
    assert format_number(-0.5) == "-0.5"
    assert format_number(1e-8) == "1e-08"
    m = np.array([[0.1, 1 / 3, -2.0], [1e-300, 5.0, 123456.789]])
    np.testing.assert_array_equal(parse_matrix(format_matrix(m)), m)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.key for e in EXAMPLES])
def test_examples_as_text_read_back_to_their_arrays(example: object) -> None:
    pred, target = example_texts(example)  # type: ignore[arg-type]
    np.testing.assert_array_equal(parse_matrix(pred), example.pred)  # type: ignore[attr-defined]
    np.testing.assert_array_equal(parse_matrix(target).ravel(), np.ravel(example.target))  # type: ignore[attr-defined]


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
