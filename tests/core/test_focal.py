"""core.focal: the focal-loss page's math, checked against closed forms, the paper's numbers and PyTorch.

Reference values: Lin et al. (2017), "Focal Loss for Dense Object Detection", §3.2
(γ = 2: p_t = 0.9 gives 100× less loss than CE, p_t ≈ 0.968 about 1000×) and §4.1
(prior π = 0.01, b = -log((1 - π) / π)); the multi-class example of the post that opens
进行二分类或多分类问题时 (tests/sources.py, `FROM_SCRATCH`): logits ((-1, 0.5, 2), (-1, 0.5, 3)),
targets (1, 2) → CE 1.741311, 0.095674, mean 0.918493.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core
from core.focal import (
    HARD_P_T,
    PAPER_GAMMAS,
    ExampleGroup,
    batch_breakdown,
    ce_grad_curve,
    compare_losses,
    focal_curves,
    focal_grad_curves,
    logit,
    loss_ratio,
    max_hard_ratio,
    modulating_factor,
    multiclass_focal,
    p_t_for_ratio,
    paper_cases,
    prior_bias,
    share_vs_gamma,
)

P = np.linspace(0.001, 0.999, 301)
probabilities = st.floats(1e-6, 1 - 1e-6)
gammas = st.floats(0.0, 10.0)
alphas = st.one_of(st.none(), st.sampled_from([0.0, 1.0]), st.floats(1e-3, 1 - 1e-3))

MID_BATCH = (
    ExampleGroup("easy negatives", 100_000, 0.99, positive=False),
    ExampleGroup("hard negatives", 500, 0.7, positive=False),
    ExampleGroup("positives", 100, 0.6, positive=True),
)


# --- the γ family -----------------------------------------------------------------------------


def test_gamma_zero_curve_is_binary_cross_entropy_pointwise() -> None:
    ce = core.binary_cross_entropy_with_logits(logit(P), np.ones_like(P), reduction="none")
    fam = focal_curves(P, PAPER_GAMMAS)
    assert np.array_equal(fam[0], ce)  # exactly: (1 - p_t)^0 = 1
    np.testing.assert_allclose(fam[0], -np.log(P), rtol=1e-12)


@pytest.mark.parametrize("positive", [True, False])
@pytest.mark.parametrize("alpha", [None, 0.25, 0.9])
def test_curves_match_the_closed_form(positive: bool, alpha: float | None) -> None:
    g = np.array(PAPER_GAMMAS)[:, None]
    alpha_t = 1.0 if alpha is None else (alpha if positive else 1.0 - alpha)
    closed = -alpha_t * (1.0 - P) ** g * np.log(P)
    np.testing.assert_allclose(focal_curves(P, PAPER_GAMMAS, alpha=alpha, positive=positive), closed, rtol=1e-12)


def test_curves_shrink_as_gamma_grows_and_bits_divide_by_ln2() -> None:
    fam = focal_curves(P, PAPER_GAMMAS)
    assert fam.shape == (len(PAPER_GAMMAS), P.size)
    assert np.all(np.diff(fam, axis=0) < 0)  # each larger γ lies strictly below
    np.testing.assert_allclose(focal_curves(P, PAPER_GAMMAS, base=2.0), fam / math.log(2), rtol=1e-15)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.1, 1.5, float("nan")])
def test_curves_refuse_p_t_outside_the_open_interval(bad: float) -> None:
    with pytest.raises(ValueError, match="p_t"):
        focal_curves([0.5, bad], [2.0])


def test_curves_refuse_negative_gamma_and_bad_alpha() -> None:
    with pytest.raises(ValueError, match="γ must be >= 0"):
        focal_curves(P, [1.0, -0.5])
    with pytest.raises(ValueError, match="alpha"):
        focal_curves(P, [2.0], alpha=1.5)


def test_logit_inverts_the_sigmoid_near_one() -> None:
    p = np.array([1e-12, 0.3, 0.5, 0.9, 1 - 1e-9])
    np.testing.assert_allclose(core.sigmoid(logit(p)), p, rtol=1e-12)
    # 1 - p is recovered as σ(-z) with full relative precision, not as 1 - σ(z).
    np.testing.assert_allclose(core.sigmoid(-logit(p)), 1 - p, rtol=1e-6)


# --- down-weighting -----------------------------------------------------------------------------


def test_the_papers_numbers() -> None:
    """Lin et al. §3.2: γ = 2, p_t = 0.9 → 100×; p_t ≈ 0.968 → about 1000×; hard examples at most 4×."""
    c = paper_cases(2.0)
    assert c.ratio_at_0_9 == pytest.approx(100.0, rel=1e-12)
    assert c.p_t_1000 == pytest.approx(1 - 1 / math.sqrt(1000), rel=1e-15)
    assert round(c.p_t_1000, 3) == 0.968
    assert c.ratio_1000 == pytest.approx(1000.0, rel=1e-12)
    assert c.ratio_at_0_968 == pytest.approx(1 / 0.032**2, rel=1e-9)  # 976.5625
    assert c.hard_max == pytest.approx(4.0, rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(probabilities, gammas)
def test_loss_ratio_is_the_inverse_modulating_factor(p: float, g: float) -> None:
    r = float(loss_ratio(p, g))
    assert r == pytest.approx(float(modulating_factor(p, g)) ** -1, rel=1e-9)
    assert r >= 1.0


@settings(max_examples=60, deadline=None)
@given(st.floats(1.0, 1e8), st.floats(0.1, 10.0))
def test_p_t_for_ratio_inverts_loss_ratio(r: float, g: float) -> None:
    tail = r ** (-1 / g)  # 1 - p_t
    if tail < 5e-17:  # 1 - tail rounds to 1.0: no float64 p_t can do it
        with pytest.raises(ValueError, match="cannot tell from 1"):
            p_t_for_ratio(r, g)
        return
    if tail < 2.3e-16:  # within an ulp of 1: rounding may go either way
        return
    expected = 1 - tail
    p = p_t_for_ratio(r, g)
    assert 0.0 <= p < 1.0
    assert p == pytest.approx(expected, rel=1e-12, abs=1e-15)
    if p > 0:
        # Rounding p to float64 moves 1 - p by up to 1.1e-16, i.e. CE / FL by γ·1.1e-16 / (1 - p).
        rounding = g * 1.2e-16 / (1 - p)
        assert float(loss_ratio(p, g)) == pytest.approx(r, rel=1e-9 + rounding)


def test_p_t_for_ratio_edge_cases() -> None:
    assert p_t_for_ratio(1.0, 0.0) == 0.0
    assert p_t_for_ratio(100.0, 2.0) == pytest.approx(0.9, rel=1e-15)
    with pytest.raises(ValueError, match="gamma = 0 is cross-entropy"):
        p_t_for_ratio(10.0, 0.0)
    with pytest.raises(ValueError, match="ratio"):
        p_t_for_ratio(0.5, 2.0)


@pytest.mark.parametrize("g", [0.0, 0.5, 1.0, 2.0, 5.0, 10.0])
def test_hard_examples_lose_at_most_two_to_the_gamma(g: float) -> None:
    assert max_hard_ratio(g) == pytest.approx(2.0**g, rel=1e-12)
    hard = P[P <= HARD_P_T]
    assert float(loss_ratio(hard, g).max()) <= max_hard_ratio(g) * (1 + 1e-12)


def test_modulating_factor_broadcasts_and_keeps_zero_to_the_zero() -> None:
    out = modulating_factor([0.0, 0.5, 1.0], np.array([[0.0], [2.0]]))
    np.testing.assert_array_equal(out, [[1.0, 1.0, 1.0], [1.0, 0.25, 0.0]])
    with pytest.raises(ValueError, match=r"p_t must lie in \[0, 1\]"):
        modulating_factor(1.2, 2.0)
    with pytest.raises(ValueError, match="gamma"):
        modulating_factor(0.5, -1.0)


# --- gradients ----------------------------------------------------------------------------------


def test_gamma_zero_gradient_is_ces_p_minus_y() -> None:
    z = np.linspace(-8, 8, 81)
    grads = focal_grad_curves(z, PAPER_GAMMAS)
    np.testing.assert_array_equal(grads[0], ce_grad_curve(z))
    np.testing.assert_allclose(ce_grad_curve(z), core.sigmoid(z) - 1.0, atol=1e-15)
    np.testing.assert_allclose(focal_grad_curves(z, [2.0], base=2.0)[0], grads[3] / math.log(2), rtol=1e-15)


@pytest.mark.parametrize("g", PAPER_GAMMAS)
def test_gradient_curves_match_finite_differences_of_the_loss_curves(g: float) -> None:
    z = np.linspace(-6, 6, 49)
    h = 1e-6
    up = focal_curves(core.sigmoid(z + h), [g])[0]
    down = focal_curves(core.sigmoid(z - h), [g])[0]
    np.testing.assert_allclose(focal_grad_curves(z, [g])[0], (up - down) / (2 * h), atol=1e-7)


def test_focal_gradient_vanishes_for_confident_examples() -> None:
    """FL'/CE' = (1 - p)^γ (1 + γ p (-ln p) / (1 - p)): under 1/30 of CE's push once p_t > 0.9 at γ = 2."""
    z = np.linspace(2.2, 8, 30)
    p = core.sigmoid(z)
    grads = focal_grad_curves(z, [0.0, 2.0])
    ratio = (1 - p) ** 2 * (1 + 2 * p * -np.log(p) / (1 - p))
    np.testing.assert_allclose(grads[1] / grads[0], ratio, rtol=1e-9)
    assert np.all(grads[1] / grads[0] < 1 / 30)


# --- the detector batch -------------------------------------------------------------------------


def test_shares_sum_to_one_for_the_default_batch() -> None:
    for b in compare_losses(MID_BATCH).values():
        assert b.loss_share.sum() == pytest.approx(1.0, abs=1e-12)
        assert b.grad_share.sum() == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 10**6), probabilities, st.booleans()), min_size=1, max_size=5),
    st.floats(0.0, 5.0),
    alphas,
)
def test_shares_sum_to_one(rows: list[tuple[int, float, bool]], g: float, a: float | None) -> None:
    groups = [ExampleGroup(f"g{i}", n, p, positive=pos) for i, (n, p, pos) in enumerate(rows)]
    weights = [(1.0 if a is None else (a if pos else 1 - a)) * n for n, _, pos in rows]
    if sum(weights) == 0:  # all empty, or every non-empty group weighted 0 by α
        with pytest.raises(ValueError, match=r"empty|total loss is 0"):
            batch_breakdown(groups, gamma=g, alpha=a)
        return
    b = batch_breakdown(groups, gamma=g, alpha=a)
    assert b.loss_share.sum() == pytest.approx(1.0, abs=1e-9)
    assert b.grad_share.sum() == pytest.approx(1.0, abs=1e-9)
    assert np.all((b.loss_share >= 0) & (b.grad_share >= 0))


def test_cross_entropy_breakdown_by_hand() -> None:
    b = batch_breakdown(MID_BATCH)  # γ = 0, no α: plain CE
    per = -np.log([0.99, 0.7, 0.6])
    np.testing.assert_allclose(b.loss_per_example, per, rtol=1e-12)
    totals = np.array([100_000, 500, 100]) * per
    np.testing.assert_allclose(b.loss_share, totals / totals.sum(), rtol=1e-12)
    np.testing.assert_allclose(b.grad_per_example, [0.01, 0.3, 0.4], rtol=1e-12)  # |p - y| = 1 - p_t


def test_the_papers_argument_in_numbers() -> None:
    """Easy negatives dominate CE and α-balanced CE, and are silenced by the focal term."""
    rows = compare_losses(MID_BATCH, gamma=2.0, alpha=0.25)
    ce, balanced, focal = (rows[k].loss_share[0] for k in ("CE", "α-balanced CE", "focal"))
    assert ce > 0.8
    assert balanced > 0.8
    assert focal < 0.01
    assert rows["focal"].grad_share[0] < 0.01


def test_without_alpha_the_balanced_row_is_ce() -> None:
    rows = compare_losses(MID_BATCH, gamma=2.0, alpha=None)
    np.testing.assert_array_equal(rows["α-balanced CE"].loss_share, rows["CE"].loss_share)


def test_share_vs_gamma_starts_at_ce_and_falls() -> None:
    g = np.linspace(0, 5, 26)
    s = share_vs_gamma(MID_BATCH, g)
    assert s[0] == pytest.approx(batch_breakdown(MID_BATCH).loss_share[0], rel=1e-12)
    assert np.all(np.diff(s) < 0)
    grad = share_vs_gamma(MID_BATCH, g, of="grad", group=2, alpha=0.25)
    assert grad.shape == g.shape
    assert np.all((grad >= 0) & (grad <= 1))
    with pytest.raises(ValueError, match="of must be"):
        share_vs_gamma(MID_BATCH, g, of="both")
    with pytest.raises(ValueError, match="not an index"):
        share_vs_gamma(MID_BATCH, g, group=3)


def test_batch_breakdown_matches_torchvision_and_autograd() -> None:
    torch = pytest.importorskip("torch")
    from tests.core.torch_reference import torchvision_sigmoid_focal_loss

    b = batch_breakdown(MID_BATCH, gamma=2.0, alpha=0.25)
    z = torch.tensor(logit([0.99, 0.7, 0.6]) * np.array([-1.0, -1.0, 1.0]), dtype=torch.float64, requires_grad=True)
    y = torch.tensor([0.0, 0.0, 1.0], dtype=torch.float64)
    loss = torchvision_sigmoid_focal_loss(z, y, 0.25, 2.0, "none")
    loss.sum().backward()
    np.testing.assert_allclose(b.loss_per_example, loss.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(b.grad_per_example, np.abs(z.grad.numpy()), rtol=1e-10)


def test_zero_weight_everywhere_is_refused() -> None:
    negatives_only = [ExampleGroup("neg", 10, 0.9, positive=False)]
    with pytest.raises(ValueError, match="total loss is 0"):
        batch_breakdown(negatives_only, alpha=1.0)  # negatives weighted 1 - α = 0


@pytest.mark.parametrize(
    ("groups", "error", "match"),
    [
        ([], ValueError, "empty"),
        ([ExampleGroup("a", 0, 0.5, True)], ValueError, "all counts are 0"),
        ([ExampleGroup("a", -1, 0.5, True)], ValueError, "count -1"),
        ([ExampleGroup("a", 2.5, 0.5, True)], ValueError, "count 2.5"),  # type: ignore[arg-type]
        ([ExampleGroup("a", 3, 1.0, True)], ValueError, "outside"),
        ([ExampleGroup("a", 3, "high", True)], TypeError, "p_t 'high'"),  # type: ignore[arg-type]
        ([("a", 3, 0.5, True)], TypeError, "ExampleGroup"),
    ],
)
def test_bad_groups_are_named(groups: list[ExampleGroup], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        batch_breakdown(groups)


def test_prior_bias() -> None:
    """§4.1: b = -log((1 - π) / π) = -4.59512 for π = 0.01; every box then starts at p = π."""
    b = prior_bias(0.01)
    assert b == pytest.approx(-math.log(99), rel=1e-15)
    assert float(core.sigmoid(b)) == pytest.approx(0.01, rel=1e-14)
    for bad in (0.0, 1.0, 1.5):
        with pytest.raises(ValueError, match="prior"):
            prior_bias(bad)


# --- multi-class --------------------------------------------------------------------------------

POST_Z = [[-1.0, 0.5, 2.0], [-1.0, 0.5, 3.0]]  # the logits of FROM_SCRATCH (tests/sources.py)


def test_gamma_zero_reproduces_cross_entropy_exactly_on_the_posts_example() -> None:
    m = multiclass_focal(POST_Z, [1, 2], gamma=0.0)
    np.testing.assert_allclose(m.ce, [1.741311, 0.095674], atol=5e-7)
    assert m.ce_mean == pytest.approx(0.918493, abs=5e-7)
    assert m.fl_mean == m.ce_mean  # exactly
    np.testing.assert_array_equal(m.fl, m.ce)
    np.testing.assert_array_equal(m.fl_grad, m.ce_grad)
    np.testing.assert_allclose(m.p_true, [0.175290, 0.908760], atol=5e-7)


def test_softmax_focal_matches_its_closed_form_and_units() -> None:
    m = multiclass_focal(POST_Z, [1.0, 2.0], gamma=2.0)  # whole floats are class indices
    p = m.p_true
    np.testing.assert_allclose(m.fl, -((1 - p) ** 2) * np.log(p), rtol=1e-12)
    assert m.fl_mean == pytest.approx(m.fl.mean(), rel=1e-15)
    bits = multiclass_focal(POST_Z, [1, 2], gamma=2.0, base=2.0)
    assert bits.fl_mean == pytest.approx(m.fl_mean / math.log(2), rel=1e-15)
    np.testing.assert_array_equal(m.target, [1, 2])


@pytest.mark.parametrize(
    ("logits", "target", "match"),
    [
        ([[1.0, 2.0], [1.0, 2.0, 3.0]], [0, 1], "row 2 has 3 values but row 1 has 2"),
        ([[1.0, 2.0], [3.0, 4.0]], [0, 2], r"target\[1\] = 2 is not a class index; with 2 classes use 0 to 1"),
        ([[1.0, 2.0], [3.0, 4.0]], [0.5, 1], r"target\[0\] = 0.5 is not a whole class index"),
        ([[1.0, 2.0], [3.0, 4.0]], [0], "1 target"),
        ([[1.0, float("nan")]], [0], "finite"),
    ],
)
def test_multiclass_bad_input_names_the_culprit(logits: list[list[float]], target: list[float], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        multiclass_focal(logits, target)


def test_multiclass_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    from tests.core.torch_reference import softmax_focal_loss_torch

    z = torch.tensor(POST_Z, dtype=torch.float64, requires_grad=True)
    t = torch.tensor([1, 2])
    loss = softmax_focal_loss_torch(z, t, None, 2.0, "none")
    loss.sum().backward()
    m = multiclass_focal(POST_Z, [1, 2], gamma=2.0)
    np.testing.assert_allclose(m.fl, loss.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(m.fl_grad, z.grad.numpy(), rtol=1e-10, atol=1e-15)


def test_a_huge_whole_target_is_refused_not_wrapped() -> None:
    """1e22 is a whole float but no int64: casting would wrap to a negative index (found by the URL fuzz test)."""
    from core.focal import multiclass_focal

    with pytest.raises(ValueError, match="is not a class index"):
        multiclass_focal([[0.0, 1.0]], [1e22], gamma=2.0)
