"""core.comparison: loss-vs-confidence curves, logit gradients with the dead zone, McCaffrey's scores.

References: the post 交叉熵损失(Cross Entropy Loss)学习笔记 (after McCaffrey 2013; tests/sources.py,
`MCCAFFREY`) for the worked example; `core.nll_loss`,
`core.mse_loss` and the core gradients (each equal to PyTorch's); PyTorch itself where installed.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import mse_loss, nll_loss, sigmoid_mse_grad, softmax_cross_entropy_grad, softmax_mse_grad
from core.comparison import (
    MCCAFFREY_CLASSES,
    MCCAFFREY_NET1,
    MCCAFFREY_NET2,
    MCCAFFREY_TARGET,
    confidence_curves,
    gradient_curves,
    prediction_table,
    quadratic_factor,
    score_predictions,
)

TARGET = np.array(MCCAFFREY_TARGET)


# ---------------------------------------------------------------- the post's worked example


def test_mccaffrey_scores_are_the_posts_values() -> None:
    """Error 1/3 for both; CE 1.378389 / 0.639108; MSE 0.806667 / 0.340000; MSELoss 0.268889 / 0.113333 (exact)."""
    one = score_predictions(MCCAFFREY_NET1, TARGET)
    two = score_predictions(MCCAFFREY_NET2, TARGET)
    assert one.classification_error == two.classification_error == pytest.approx(1 / 3, abs=1e-15)
    assert one.cross_entropy == pytest.approx(1.378389, abs=5e-7)
    assert two.cross_entropy == pytest.approx(0.639108, abs=5e-7)
    assert one.squared_error == pytest.approx(0.806667, abs=5e-7)
    assert two.squared_error == pytest.approx(0.340000, abs=5e-7)
    assert one.mse_loss == pytest.approx(0.268889, abs=5e-7)
    assert two.mse_loss == pytest.approx(0.113333, abs=5e-7)
    assert round(two.cross_entropy, 2) == 0.64  # McCaffrey's value; the post's "0.54" is a typo


def test_scores_agree_with_core_losses_and_the_definitions() -> None:
    for rows in (MCCAFFREY_NET1, MCCAFFREY_NET2):
        p = np.array(rows)
        s = score_predictions(p, TARGET)
        assert s.cross_entropy == pytest.approx(float(nll_loss(np.log(p), TARGET)), rel=1e-14)
        onehot = np.eye(3)[TARGET]
        assert s.mse_loss == pytest.approx(float(mse_loss(p, onehot)), rel=1e-14)
        assert s.squared_error == pytest.approx(3 * s.mse_loss, rel=1e-14)  # Σ over C = 3 classes
        np.testing.assert_allclose(s.row_cross_entropy, -np.log(p[np.arange(3), TARGET]), rtol=1e-14)


def test_scores_in_bits() -> None:
    nats = score_predictions(MCCAFFREY_NET1, TARGET)
    bits = score_predictions(MCCAFFREY_NET1, TARGET, base=2)
    assert bits.cross_entropy == pytest.approx(nats.cross_entropy / math.log(2), rel=1e-14)
    assert bits.squared_error == nats.squared_error  # no units


@pytest.mark.torch
def test_scores_match_pytorch() -> None:
    torch = pytest.importorskip("torch")
    for rows in (MCCAFFREY_NET1, MCCAFFREY_NET2):
        p = torch.tensor(rows, dtype=torch.float64)
        t = torch.tensor(MCCAFFREY_TARGET)
        s = score_predictions(rows, TARGET)
        assert s.cross_entropy == pytest.approx(float(torch.nn.NLLLoss()(p.log(), t)), abs=1e-14)
        onehot = torch.nn.functional.one_hot(t, 3).double()
        assert s.mse_loss == pytest.approx(float(torch.nn.MSELoss()(p, onehot)), abs=1e-14)


def test_ties_count_as_errors_and_zero_probability_gives_infinite_ce() -> None:
    s = score_predictions([[0.5, 0.5, 0.0], [0.2, 0.8, 0.0]], np.array([0, 2]))
    assert s.correct.tolist() == [False, False]  # a tie is not a win; p_true = 0 is wrong
    assert math.isinf(s.cross_entropy)
    assert s.cross_entropy > 0
    assert s.row_cross_entropy[0] == pytest.approx(math.log(2))
    assert s.squared_error == pytest.approx(((0.25 + 0.25) + (0.04 + 0.64 + 1.0)) / 2)


def test_scores_reject_non_distributions() -> None:
    with pytest.raises(ValueError, match="sums to"):
        score_predictions([[0.3, 0.3, 0.3]], np.array([0]))
    with pytest.raises(ValueError, match="negative"):
        score_predictions([[1.2, -0.2, 0.0]], np.array([0]))
    with pytest.raises(ValueError, match="out of range"):
        score_predictions(MCCAFFREY_NET1, np.array([0, 1, 3]))
    with pytest.raises(ValueError, match=r"shape \(N, C\)"):
        score_predictions([0.2, 0.8], np.array(0))


# ---------------------------------------------------------------- reading an edited table


def _table(**overrides: list[object]) -> dict[str, list[object]]:
    table: dict[str, list[object]] = {c: [r[i] for r in MCCAFFREY_NET1] for i, c in enumerate(MCCAFFREY_CLASSES)}
    table["true class"] = [MCCAFFREY_CLASSES[t] for t in MCCAFFREY_TARGET]
    return table | overrides


def test_prediction_table_reads_the_posts_rows() -> None:
    probs, target = prediction_table(_table(), classes=MCCAFFREY_CLASSES, target_column="true class")
    np.testing.assert_array_equal(probs, np.array(MCCAFFREY_NET1))
    np.testing.assert_array_equal(target, TARGET)
    assert MCCAFFREY_CLASSES[2] == "democrat"  # the post's one-hot (0, 0, 1) is democrat


def test_prediction_table_accepts_unnormalised_rows_and_numeric_text() -> None:
    probs, _ = prediction_table(_table(other=["3", 1, 1]), classes=MCCAFFREY_CLASSES, target_column="true class")
    assert probs[0].tolist() == [3.0, 0.3, 0.4]


@pytest.mark.parametrize(
    ("overrides", "match"),
    [
        ({"other": [0.3, None, 0.1]}, r"Row 2, other: enter a probability"),
        ({"republican": [0.3, 0.4, -0.2]}, r"Row 3, republican is -0.2; probabilities cannot be negative"),
        ({"democrat": [0.4, "abc", 0.7]}, r"Row 2, democrat: 'abc' is not a number"),
        ({"democrat": [0.4, float("nan"), 0.7]}, r"Row 2, democrat: enter a probability"),
        ({"true class": ["democrat", None, "other"]}, r"Row 2: choose the true class"),
        ({"true class": ["democrat", "green", "other"]}, r"Row 2: choose the true class"),
        ({"other": [0, 0.3, 0.1], "republican": [0, 0.4, 0.2], "democrat": [0, 0.3, 0.7]}, "Row 1 is all zeros"),
        ({"other": [], "republican": [], "democrat": [], "true class": []}, "empty"),
        ({"other": [0.3]}, r"Row 2, other: enter a probability"),
        ({"other": [1e308, 0.3, 0.1], "democrat": [1e308, 0.3, 0.7]}, "Row 1: the numbers are too large"),
    ],
)
def test_prediction_table_says_what_to_fix(overrides: dict[str, list[object]], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        prediction_table(_table(**overrides), classes=MCCAFFREY_CLASSES, target_column="true class")


def test_prediction_table_missing_column() -> None:
    table = _table()
    del table["other"]
    with pytest.raises(ValueError, match="no column 'other'"):
        prediction_table(table, classes=MCCAFFREY_CLASSES, target_column="true class")


# ---------------------------------------------------------------- loss against confidence


def test_confidence_curves_binary() -> None:
    c = confidence_curves([0.0, 0.05, 0.5, 0.9, 1.0])
    assert c.cross_entropy[0] == math.inf
    assert c.cross_entropy[1] == pytest.approx(-math.log(0.05))
    np.testing.assert_allclose(c.quadratic, 0.5 * (1 - c.p) ** 2)
    assert c.error.tolist() == [1.0, 1.0, 1.0, 0.0, 0.0]  # p = ½ is a tie: an error


@pytest.mark.parametrize("k", [2, 3, 10])
def test_confidence_curves_softmax_equal_the_sum_over_classes(k: int) -> None:
    p = np.linspace(0.0, 1.0, 11)
    c = confidence_curves(p, n_classes=k, half=False)
    rows = np.column_stack([p] + [(1 - p) / (k - 1)] * (k - 1))
    onehot = np.zeros(k)
    onehot[0] = 1.0
    expected = np.asarray(mse_loss(rows, np.tile(onehot, (11, 1)), reduction="none")).sum(axis=1)
    np.testing.assert_allclose(c.quadratic, expected, atol=1e-15)
    assert c.quadratic.max() == pytest.approx(k / (k - 1))  # the ceiling, at p = 0
    np.testing.assert_array_equal(c.error, (p <= 1 / k).astype(float))


def test_ce_is_unbounded_and_quadratic_saturates() -> None:
    c = confidence_curves([1e-300, 1e-10], half=True, base=2)
    assert c.cross_entropy[0] == pytest.approx(300 * math.log2(10), rel=1e-12)
    assert c.quadratic.max() <= 0.5  # its ceiling ½·1², reached (in float64) long before CE is large


def test_confidence_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="outside"):
        confidence_curves([1.5])
    with pytest.raises(ValueError, match="at least 2"):
        confidence_curves([0.5], n_classes=1)
    with pytest.raises(TypeError, match="n_classes"):
        confidence_curves([0.5], n_classes=2.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="half"):
        quadratic_factor("yes")  # type: ignore[arg-type]


# ---------------------------------------------------------------- gradients and the dead zone

Z = np.linspace(-6.0, 8.0, 281)


@pytest.mark.parametrize("half", [True, False])
def test_sigmoid_gradients_are_core_gradients(half: bool) -> None:
    g = gradient_curves(Z, half=half)
    a = 1 / (1 + np.exp(-Z))
    np.testing.assert_allclose(g.cross_entropy, a, rtol=1e-14)
    np.testing.assert_allclose(g.quadratic, (0.5 if half else 1.0) * sigmoid_mse_grad(Z, np.zeros_like(Z)))
    np.testing.assert_allclose(g.wrong_probability, a, rtol=1e-14)


@pytest.mark.parametrize("k", [2, 3, 7])
def test_softmax_gradients_are_core_gradients_for_the_wrong_logit(k: int) -> None:
    g = gradient_curves(Z, n_classes=k)
    logits = np.zeros((Z.size, k))
    logits[:, 1] = Z
    t = np.zeros(Z.size, dtype=np.int64)
    np.testing.assert_allclose(g.cross_entropy, softmax_cross_entropy_grad(logits, t)[:, 1], atol=1e-16)
    np.testing.assert_allclose(g.quadratic, 0.5 * softmax_mse_grad(logits, t)[:, 1], atol=1e-16)


@pytest.mark.parametrize(("half", "ratio"), [(True, 0.1), (False, 0.1), (True, 0.2), (False, 0.3)])
def test_sigmoid_dead_zone_starts_where_the_ratio_hits_the_threshold(half: bool, ratio: float) -> None:
    g = gradient_curves(Z, half=half, ratio=ratio)
    start = g.dead_zone[0]
    a = 1 / (1 + math.exp(-start))
    assert (1.0 if half else 2.0) * a * (1 - a) == pytest.approx(ratio, rel=1e-12)
    assert g.dead_zone[1] == math.inf
    inside = start < Z
    np.testing.assert_array_less(np.abs(g.quadratic[inside]), ratio * np.abs(g.cross_entropy[inside]) + 1e-15)


def test_sigmoid_dead_zone_reference_value() -> None:
    # a(1 - a) = 0.1  =>  a = (1 + √0.6)/2 = 0.887298,  z = logit(a) = 2.063437
    assert gradient_curves(Z).dead_zone[0] == pytest.approx(2.0634370688955608, rel=1e-14)
    assert gradient_curves(Z, ratio=0.5, half=False).dead_zone[0] == 0.0  # 2a(1-a) <= ½: the whole wrong side


def test_softmax_dead_zone_is_the_trailing_run_on_the_grid() -> None:
    g = gradient_curves(Z, n_classes=3)
    start = g.dead_zone[0]
    assert start in Z
    assert start > 0
    inside = start <= Z
    assert np.all(np.abs(g.quadratic[inside]) < 0.1 * np.abs(g.cross_entropy[inside]))
    previous = Z[np.searchsorted(Z, start) - 1]
    i = np.searchsorted(Z, previous)
    assert not abs(g.quadratic[i]) < 0.1 * abs(g.cross_entropy[i])
    narrow = gradient_curves(np.linspace(-1.0, 1.0, 5), n_classes=3)
    assert narrow.dead_zone == (math.inf, math.inf)  # not on this range


def test_gradients_follow_the_base() -> None:
    nats = gradient_curves(Z)
    bits = gradient_curves(Z, base=2)
    np.testing.assert_allclose(bits.cross_entropy, nats.cross_entropy / math.log(2))
    np.testing.assert_array_equal(bits.quadratic, nats.quadratic)
    assert bits.dead_zone == nats.dead_zone


@settings(max_examples=30, deadline=None)
@given(st.floats(-40, 40), st.integers(2, 12))
def test_gradient_is_the_derivative_of_the_curve_loss(z0: float, k: int) -> None:
    """Central differences of CE and of ½Σ(p - y)² in the wrong logit equal the closed forms."""
    h = 1e-5
    zs = np.array([z0 - h, z0, z0 + h])
    g = gradient_curves(zs, n_classes=k)
    logits = np.zeros((3, k))
    logits[:, 1] = zs
    lp = (
        logits
        - np.log(np.exp(logits - logits.max(1, keepdims=True)).sum(1, keepdims=True))
        - logits.max(1, keepdims=True)
    )
    ce = -lp[:, 0]
    y = np.eye(k)[0]
    quad = 0.5 * ((np.exp(lp) - y) ** 2).sum(axis=1)
    assert g.cross_entropy[1] == pytest.approx((ce[2] - ce[0]) / (2 * h), abs=1e-6)
    assert g.quadratic[1] == pytest.approx((quad[2] - quad[0]) / (2 * h), abs=1e-6)


def test_gradient_curves_reject_bad_grids() -> None:
    with pytest.raises(ValueError, match="increasing"):
        gradient_curves([1.0, 0.0])
    with pytest.raises(ValueError, match="increasing"):
        gradient_curves([1.0])
    with pytest.raises(ValueError, match="ratio"):
        gradient_curves(Z, ratio=0.0)
    with pytest.raises(ValueError, match="finite"):
        gradient_curves([0.0, float("inf")])
