"""`core.steps`: every decomposition ends bitwise on the core loss's number, and its steps are right.

Reference values: the worked numbers of the source posts (tests/sources.py, cited by title),
recomputed with PyTorch 2.13 in float64; the identities are the ones the steps spell out.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import core
from core.numerics import log_softmax
from core.steps import (
    EXAMPLES,
    LOSSES,
    Steps,
    class_table_csv,
    compute_steps,
    format_value,
    format_values,
    sample_table_csv,
)
from tests.sources import FROM_SCRATCH, INTUITION, MCCAFFREY, POSTS

EXAMPLE = {e.key: e for e in EXAMPLES}


def col(steps: Steps, key: str, *, per_class: bool = False) -> np.ndarray:
    cols = steps.class_columns if per_class else steps.sample_columns
    return next(c.values for c in cols if c.key == key)


# ----------------------------------------------------------------------------------------------
# The worked examples give the source posts' numbers


@pytest.mark.parametrize(
    ("key", "value", "numerator"),
    [
        ("from_scratch", "0.918493", "1.836986"),  # FROM_SCRATCH's logits, and nn.CrossEntropyLoss
        ("fashion", "2.436116", "2.436116"),  # FROM_SCRATCH's Fashion-MNIST prediction, -log 0.0875
        ("multilabel", "0.228393", "0.685179"),  # INTUITION: mean over 3 nodes, and the sum
        ("mccaffrey1", "1.378389", "4.135167"),  # MCCAFFREY, after McCaffrey (2013)
        ("mccaffrey2", "0.639108", "1.917323"),  # MCCAFFREY: the post's 0.54 is a typo
        ("smoothing", "0.513697", "0.513697"),  # F.cross_entropy(label_smoothing=0.1)
        ("weighted", "0.542213", "1.897745"),  # F.cross_entropy(weight=(1, 2, .5)), target -100 ignored
    ],
)
def test_examples_give_the_documented_numbers(key: str, value: str, numerator: str) -> None:
    steps = EXAMPLE[key].compute()
    assert format_value(steps.value) == value
    assert format_value(steps.numerator) == numerator


def test_post_softmax_rows_and_row_losses() -> None:
    """FROM_SCRATCH prints softmax rows (0.0391, 0.1753, 0.7856), (0.0166, 0.0746, 0.9088); exactly, to 6 decimals:"""
    steps = EXAMPLE["from_scratch"].compute()
    p = col(steps, "softmax", per_class=True)
    np.testing.assert_allclose(p, [[0.039113, 0.175290, 0.785597], [0.016645, 0.074596, 0.908760]], atol=5e-7)
    np.testing.assert_allclose(col(steps, "loss"), [1.741311, 0.095674], atol=5e-7)
    assert format_values(col(steps, "loss")) == "1.741311, 0.095674"


def test_weighted_example_spells_out_its_denominator() -> None:
    steps = EXAMPLE["weighted"].compute()
    assert steps.denominator == 3.5
    assert "1 + 2 + 0.5 = 3.5" in steps.denominator_text
    assert "3 non-ignored rows" in steps.denominator_text
    ignored = col(steps, "ignored")
    assert ignored.tolist() == [0, 0, 1, 0]
    assert col(steps, "loss")[2] == 0.0
    assert np.isnan(col(steps, "log_p_y")[2])
    assert r"\frac{1.897745}{3.5} = 0.542213" in steps.formulas[-1]


def test_mccaffrey_networks_have_the_same_error_and_different_losses() -> None:
    """MCCAFFREY: both networks misclassify one row of three; cross-entropy tells them apart."""
    one, two = EXAMPLE["mccaffrey1"].compute(), EXAMPLE["mccaffrey2"].compute()
    for steps in (one, two):
        assert col(steps, "correct").tolist() == [1, 1, 0]
        assert any("Classification error: 1 of 3 rows wrong (0.333333)" in n for n in steps.notes)
    assert col(one, "argmax").tolist() == [2, 1, 2]
    assert col(two, "argmax").tolist() == [2, 1, 1]


def test_elementwise_losses_list_each_class_in_the_row_table() -> None:
    steps = EXAMPLE["multilabel"].compute()
    np.testing.assert_allclose(
        [col(steps, f"loss_{j}")[0] for j in range(3)], [-np.log(0.9), -np.log(0.7), -np.log(0.8)], rtol=1e-15
    )
    wide = compute_steps("bce_logits", np.zeros((2, 9)), np.zeros((2, 9)))
    assert [c.key for c in wide.sample_columns] == ["row_sum"]  # beyond 8 classes, only the sum


def test_every_example_is_documented_and_uses_a_known_loss() -> None:
    """Each example cites its source: a post by its title, or the PyTorch call that gives the number.

    The words a page shows for an example (label, tooltip) are the page's: tests/ui/test_calculator_inputs.py.
    """
    assert len({e.key for e in EXAMPLES}) == len(EXAMPLES)
    for e in EXAMPLES:
        assert e.loss in LOSSES
        assert e.source
        assert any(post.title in e.source for post in POSTS) or e.source.startswith(("F.", "torchvision.")), e.key
    cited = {post.key for post in POSTS for e in EXAMPLES if post.title in e.source}
    assert cited == {FROM_SCRATCH.key, INTUITION.key, MCCAFFREY.key}


# ----------------------------------------------------------------------------------------------
# Bitwise equality with core, across options

REDUCTIONS = ("none", "mean", "sum")


def same(a: object, b: object) -> bool:
    return bool(np.array_equal(np.asarray(a), np.asarray(b))) and np.shape(a) == np.shape(b)


@st.composite
def batch(draw: st.DrawFn, min_classes: int = 2) -> tuple[np.ndarray, int, int]:
    n = draw(st.integers(1, 6))
    c = draw(st.integers(min_classes, 6))
    scale = draw(st.sampled_from([0.1, 1.0, 10.0, 1e3]))
    seed = draw(st.integers(0, 2**32 - 1))
    z = np.random.default_rng(seed).normal(scale=scale, size=(n, c))
    return z, n, c


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(batch(), st.data())
def test_cross_entropy_index_targets_bitwise(b: tuple[np.ndarray, int, int], data: st.DataObject) -> None:
    z, n, c = b
    ignore = data.draw(st.sampled_from([-100, 0, c - 1]))
    t = np.array(data.draw(st.lists(st.sampled_from([*range(c), ignore]), min_size=n, max_size=n)), dtype=np.int64)
    weight = data.draw(st.one_of(st.none(), st.lists(st.floats(0.1, 3.0), min_size=c, max_size=c)))
    eps = data.draw(st.sampled_from([0.0, 0.1, 0.5, 1.0]))
    red = data.draw(st.sampled_from(REDUCTIONS))
    kw = {"weight": weight, "ignore_index": ignore, "reduction": red, "label_smoothing": eps}
    try:
        expected = core.cross_entropy_loss(z, t, **kw)
    except ValueError:  # every target ignored under 'mean': both must refuse
        with pytest.raises(ValueError, match="mean"):
            compute_steps("cross_entropy", z, t, **kw)
        return
    steps = compute_steps("cross_entropy", z, t, **kw)
    assert same(steps.value, expected)
    assert steps.numerator == float(steps.unreduced.sum())


@SETTINGS
@given(batch(), st.data())
def test_cross_entropy_probability_targets_bitwise(b: tuple[np.ndarray, int, int], data: st.DataObject) -> None:
    z, n, c = b
    p = np.random.default_rng(n * 7 + c).dirichlet(np.ones(c), size=n)
    weight = data.draw(st.one_of(st.none(), st.lists(st.floats(0.1, 3.0), min_size=c, max_size=c)))
    eps = data.draw(st.sampled_from([0.0, 0.2]))
    red = data.draw(st.sampled_from(REDUCTIONS))
    kw = {"weight": weight, "reduction": red, "label_smoothing": eps}
    steps = compute_steps("cross_entropy", z, p, **kw)
    assert same(steps.value, core.cross_entropy_loss(z, p, **kw))
    if red == "mean":
        assert steps.denominator == n  # probability targets: 'mean' divides by N, even with weights


@SETTINGS
@given(batch(), st.data())
def test_nll_bitwise_for_every_input_kind(b: tuple[np.ndarray, int, int], data: st.DataObject) -> None:
    z, n, c = b
    kind = data.draw(st.sampled_from(["logits", "probabilities", "log_probabilities"]))
    q = core.softmax(np.clip(z, -30, 30))  # positive probabilities, so log q is finite
    pred = {"logits": z, "probabilities": q, "log_probabilities": log_softmax(z)}[kind]
    lq = {"logits": log_softmax(z), "probabilities": np.log(q), "log_probabilities": pred}[kind]
    t = np.array(data.draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)), dtype=np.int64)
    weight = data.draw(st.one_of(st.none(), st.lists(st.floats(0.1, 3.0), min_size=c, max_size=c)))
    red = data.draw(st.sampled_from(REDUCTIONS))
    steps = compute_steps("nll", pred, t, input_kind=kind, weight=weight, reduction=red)
    assert same(steps.value, core.nll_loss(lq, t, weight=weight, reduction=red))


@SETTINGS
@given(batch(min_classes=1), st.data())
def test_binary_losses_bitwise(b: tuple[np.ndarray, int, int], data: st.DataObject) -> None:
    z, n, c = b
    y = np.array(data.draw(st.lists(st.sampled_from([0.0, 1.0, 0.3]), min_size=n * c, max_size=n * c))).reshape(n, c)
    weight = data.draw(st.one_of(st.none(), st.lists(st.floats(0.1, 3.0), min_size=c, max_size=c)))
    pos_weight = data.draw(st.one_of(st.none(), st.lists(st.floats(0.1, 5.0), min_size=c, max_size=c)))
    red = data.draw(st.sampled_from(REDUCTIONS))
    x = core.sigmoid(z)
    x[0, 0] = data.draw(st.sampled_from([x[0, 0], 0.0, 1.0]))  # exact 0 and 1 hit the -100 clamp
    steps = compute_steps("bce", x, y, weight=weight, reduction=red)
    assert same(steps.value, core.binary_cross_entropy(x, y, weight=weight, reduction=red))
    steps = compute_steps("bce_logits", z, y, weight=weight, pos_weight=pos_weight, reduction=red)
    assert same(
        steps.value,
        core.binary_cross_entropy_with_logits(z, y, weight=weight, pos_weight=pos_weight, reduction=red),
    )
    if red == "mean":
        assert steps.denominator == n * c


@SETTINGS
@given(batch(), st.data())
def test_kl_div_bitwise(b: tuple[np.ndarray, int, int], data: st.DataObject) -> None:
    z, n, c = b
    p = np.random.default_rng(n + 10 * c).dirichlet(np.ones(c), size=n)
    p[0, 0] = 0.0  # 0 · log 0 = 0
    p[0] /= p[0].sum()
    kind = data.draw(st.sampled_from(["logits", "probabilities", "log_probabilities"]))
    q = core.softmax(np.clip(z, -30, 30))
    pred = {"logits": z, "probabilities": q, "log_probabilities": log_softmax(z)}[kind]
    lq = {"logits": log_softmax(z), "probabilities": np.log(q), "log_probabilities": pred}[kind]
    red = data.draw(st.sampled_from(["none", "batchmean", "sum", "mean"]))
    steps = compute_steps("kl_div", pred, p, input_kind=kind, reduction=red)
    assert same(steps.value, core.kl_div(lq, p, reduction=red))


@SETTINGS
@given(batch(min_classes=1), st.data())
def test_sigmoid_focal_bitwise(b: tuple[np.ndarray, int, int], data: st.DataObject) -> None:
    z, n, c = b
    y = (np.random.default_rng(n * c).random((n, c)) < 0.4) * 1.0
    alpha = data.draw(st.sampled_from([None, 0.0, 0.25, 1.0, -1.0]))  # -1: torchvision's "no weighting"
    gamma = data.draw(st.sampled_from([0.0, 0.5, 2.0, 5.0]))
    red = data.draw(st.sampled_from(REDUCTIONS))
    steps = compute_steps("sigmoid_focal", z, y, alpha=alpha, gamma=gamma, reduction=red)
    assert same(steps.value, core.sigmoid_focal_loss(z, y, alpha=alpha, gamma=gamma, reduction=red))


@SETTINGS
@given(batch(), st.data())
def test_softmax_focal_bitwise(b: tuple[np.ndarray, int, int], data: st.DataObject) -> None:
    z, n, c = b
    t = np.array(data.draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)), dtype=np.int64)
    alpha = data.draw(st.one_of(st.none(), st.floats(0, 1), st.lists(st.floats(0, 1), min_size=c, max_size=c)))
    gamma = data.draw(st.sampled_from([0.0, 1.0, 2.0]))
    red = data.draw(st.sampled_from(REDUCTIONS))
    steps = compute_steps("softmax_focal", z, t, alpha=alpha, gamma=gamma, reduction=red)
    assert same(steps.value, core.softmax_focal_loss(z, t, alpha=alpha, gamma=gamma, reduction=red))


# ----------------------------------------------------------------------------------------------
# Identities the steps display


def test_log_p_y_is_logit_minus_logsumexp_and_softmax_rows_sum_to_one() -> None:
    z = np.array([[1e4, 0.0, -1e4], [3.0, 2.0, 1.0], [0.0, 0.0, 0.0]])
    steps = compute_steps("cross_entropy", z, np.array([1, 0, 2]))
    np.testing.assert_allclose(col(steps, "log_p_y"), col(steps, "z_y") - col(steps, "logsumexp"), atol=1e-12)
    np.testing.assert_allclose(col(steps, "softmax", per_class=True).sum(axis=1), 1.0, rtol=1e-15)
    assert col(steps, "loss")[0] == 1e4  # exact at ±1e4: the picked class is 1e4 below the max
    assert col(steps, "loss")[2] == pytest.approx(np.log(3), rel=1e-15)


def test_cross_entropy_equals_nll_of_log_softmax_step_for_step() -> None:
    z, t = np.array([[-1.0, 0.5, 2.0], [-1.0, 0.5, 3.0]]), np.array([1, 2])
    ce = compute_steps("cross_entropy", z, t)
    nll = compute_steps("nll", z, t, input_kind="logits")
    assert ce.value == nll.value
    np.testing.assert_array_equal(col(ce, "loss"), col(nll, "loss"))


def test_softmax_focal_with_gamma_zero_is_cross_entropy() -> None:
    z, t = np.array([[2.0, 1.0, 0.1], [0.3, -1.0, 2.0]]), np.array([0, 2])
    fl = compute_steps("softmax_focal", z, t, gamma=0.0, alpha=None)
    assert fl.value == pytest.approx(compute_steps("cross_entropy", z, t).value, rel=1e-15)
    assert any("exactly cross-entropy" in n for n in fl.notes)


def test_kl_rows_are_cross_entropy_minus_entropy() -> None:
    EX = EXAMPLE["kl"].compute()
    np.testing.assert_allclose(col(EX, "kl"), col(EX, "cross_entropy") - col(EX, "entropy"), atol=1e-15)
    assert EX.value == pytest.approx(col(EX, "kl").mean(), rel=1e-15)  # batchmean = mean KL per row


def test_kl_mean_warns_that_it_is_not_the_kl() -> None:
    ex = EXAMPLE["kl"]
    steps = compute_steps("kl_div", ex.pred, np.array(ex.target), input_kind="logits", reduction="mean")
    assert steps.denominator == 6
    assert any("batchmean" in n and "not the KL" in n for n in steps.notes)


def test_multilabel_mean_and_sum_denominators() -> None:
    ex = EXAMPLE["multilabel"]
    mean = compute_steps("bce", ex.pred, np.array(ex.target))
    total = compute_steps("bce", ex.pred, np.array(ex.target), reduction="sum")
    assert mean.denominator == 3
    assert "N·C = 1·3 = 3" in mean.denominator_text
    assert total.value == mean.numerator
    assert total.denominator == 1
    np.testing.assert_allclose(col(mean, "loss", per_class=True), [[-np.log(0.9), -np.log(0.7), -np.log(0.8)]])


def test_bce_clamps_logs_at_minus_100_and_says_so() -> None:
    steps = compute_steps("bce", [[0.0, 1.0]], np.array([[1.0, 0.0]]), reduction="none")
    np.testing.assert_array_equal(steps.value, [[100.0, 100.0]])
    assert any("−100" in n for n in steps.notes)


def test_sigmoid_focal_factor_and_alpha_columns() -> None:
    steps = compute_steps("sigmoid_focal", [[3.0, -2.0]], np.array([[1.0, 0.0]]), alpha=0.25, gamma=2.0)
    p_t = col(steps, "p_t", per_class=True)
    np.testing.assert_allclose(p_t, core.sigmoid(np.array([[3.0, 2.0]])), rtol=1e-15)
    np.testing.assert_allclose(col(steps, "alpha_t", per_class=True), [[0.25, 0.75]])
    np.testing.assert_allclose(col(steps, "focal_factor", per_class=True), (1 - p_t) ** 2, rtol=1e-12)


def test_none_reduction_returns_every_loss() -> None:
    steps = compute_steps("cross_entropy", [[-1.0, 0.5, 2.0], [-1.0, 0.5, 3.0]], np.array([1, 2]), reduction="none")
    assert not steps.is_scalar
    assert np.isnan(steps.denominator)
    assert format_values(steps.value) == "1.741311, 0.095674"
    elem = compute_steps("bce", [[0.1, 0.7]], np.array([[0.0, 1.0]]), reduction="none")
    assert np.shape(elem.value) == (1, 2)


# ----------------------------------------------------------------------------------------------
# Bad arguments


def test_bad_arguments_raise_naming_them() -> None:
    z, t = [[1.0, 2.0]], np.array([0])
    with pytest.raises(ValueError, match="loss must be one of"):
        compute_steps("hinge", z, t)
    with pytest.raises(ValueError, match="batchmean"):
        compute_steps("cross_entropy", z, t, reduction="batchmean")
    with pytest.raises(ValueError, match="cannot read the input as probabilities"):
        compute_steps("cross_entropy", z, t, input_kind="probabilities")
    with pytest.raises(ValueError, match="out of range"):
        compute_steps("cross_entropy", z, np.array([2]))
    with pytest.raises(ValueError, match=r"\(N, C\) matrix"):
        compute_steps("cross_entropy", [1.0, 2.0], np.array(0))
    with pytest.raises(ValueError, match="finite"):
        compute_steps("cross_entropy", [[1.0, np.nan]], t)
    with pytest.raises(ValueError, match="finite"):  # log 0 = -inf reaches nll_loss
        compute_steps("nll", [[0.0, 1.0]], t, input_kind="probabilities")
    with pytest.raises(TypeError, match="integer class indices"):
        compute_steps("nll", z, np.array([0.0]))
    with pytest.raises(ValueError, match="gamma"):
        compute_steps("softmax_focal", z, t, gamma=-1.0)


# ----------------------------------------------------------------------------------------------
# CSV export


def test_csv_tables_round_trip_exactly() -> None:
    steps = EXAMPLE["weighted"].compute()
    rows = list(csv.DictReader(io.StringIO(sample_table_csv(steps))))
    assert [r["row"] for r in rows] == ["1", "2", "3", "4"]
    assert [r["target_class"] for r in rows] == ["0", "1", "-100", "2"]
    assert rows[2]["log_p_y"] == ""  # n/a for the ignored row
    np.testing.assert_array_equal([float(r["loss"]) for r in rows], col(steps, "loss"))
    per_class = list(csv.DictReader(io.StringIO(class_table_csv(steps))))
    assert len(per_class) == 4 * 3
    assert per_class[0]["row"] == "1"
    assert per_class[0]["class"] == "0"
    np.testing.assert_array_equal(
        np.array([float(r["softmax"]) for r in per_class]).reshape(4, 3), col(steps, "softmax", per_class=True)
    )
