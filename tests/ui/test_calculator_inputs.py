"""`ui.calculator_inputs`: the two texts read for one loss, the option controls read into keywords; no Streamlit."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from core.steps import EXAMPLES, LOSSES, Example
from ui.calculator_catalog import EXAMPLE_TEXTS, INPUT_KIND_WORDS, LOSS_TITLES, OPTION_CONTROLS, option_controls
from ui.calculator_inputs import example_texts, prepare_inputs, read_options
from ui.inputs import InputError
from ui.matrix_parse import parse_matrix

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
# Writing back: examples


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.key for e in EXAMPLES])
def test_examples_as_text_read_back_to_their_arrays(example: Example) -> None:
    pred, target = example_texts(example)
    np.testing.assert_array_equal(parse_matrix(pred), example.pred)
    np.testing.assert_array_equal(parse_matrix(target).ravel(), np.ravel(example.target))


# ----------------------------------------------------------------------------------------------
# The calculator's words (ui.calculator_catalog)


def test_every_loss_and_example_has_its_words() -> None:
    assert set(LOSS_TITLES) == set(LOSSES)
    assert all(LOSS_TITLES.values())
    assert set(EXAMPLE_TEXTS) == {e.key for e in EXAMPLES}
    for text in EXAMPLE_TEXTS.values():
        assert text.label
        assert text.help
    assert {k for spec in LOSSES.values() for k in spec.input_kinds} == set(INPUT_KIND_WORDS)
    assert {name for loss in LOSSES for name in option_controls(loss)} == set(OPTION_CONTROLS)


def test_reading_inputs_needs_no_streamlit() -> None:
    code = "import sys, ui.calculator_inputs, ui.calculator_catalog; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


# --- the most common PyTorch mix-ups (likely_mistake) ---


def test_probability_rows_under_cross_entropy_are_flagged() -> None:
    from ui.calculator_inputs import likely_mistake

    rows = np.array([[0.2, 0.5, 0.3], [0.1, 0.1, 0.8]])
    mistake = likely_mistake("cross_entropy", "logits", rows)
    assert mistake is not None
    assert (mistake.loss, mistake.input_kind) == ("nll", "probabilities")
    assert "softmax to them again" in mistake.problem
    assert likely_mistake("cross_entropy", "logits", np.array([[-1.0, 0.5, 2.0]])) is None  # real logits
    assert likely_mistake("cross_entropy", "logits", np.array([[0.2, 0.5, 0.2]])) is None  # sums to 0.9
    assert likely_mistake("nll", "probabilities", rows) is None  # read as meant


def test_binary_cross_entropy_mixups_both_ways() -> None:
    from ui.calculator_inputs import likely_mistake

    logits = np.array([[-2.0, 0.5, 3.0]])
    probs = np.array([[0.1, 0.7, 0.8]])
    to_logits = likely_mistake("bce", "probabilities", logits)
    assert to_logits is not None
    assert to_logits.loss == "bce_logits"
    to_probs = likely_mistake("bce_logits", "logits", probs)
    assert to_probs is not None
    assert to_probs.loss == "bce"
    assert likely_mistake("bce", "probabilities", probs) is None
    assert likely_mistake("bce_logits", "logits", logits) is None
    assert likely_mistake("bce_logits", "logits", np.array([[0.0, 1.0, 1.0]])) is None  # 0/1 logits: ambiguous


def test_unreadable_matrices_raise_no_alarm() -> None:
    from ui.calculator_inputs import likely_mistake

    assert likely_mistake("cross_entropy", "logits", np.array([[np.nan, 1.0]])) is None
    assert likely_mistake("cross_entropy", "logits", np.zeros((0, 3))) is None
