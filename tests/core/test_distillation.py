"""Pointwise KL terms and distillation with soft targets: SciPy and PyTorch as oracles, identities as properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

import core
from core.distillation import distill, kl_terms, soft_targets, unsupported_outcomes

TEACHER = np.array([4.0, 2.5, 1.0, -2.0, -3.0])
STUDENT = np.array([2.0, 0.0, 1.5, 0.5, 0.0])


def test_kl_terms_equal_scipy_rel_entr_and_sum_to_the_kl() -> None:
    rng = np.random.default_rng(0)
    p, q = rng.dirichlet(np.ones(6), size=20), rng.dirichlet(np.ones(6), size=20)
    p[:, 0] = 0.0
    p /= p.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(kl_terms(p, q), scipy.special.rel_entr(p, q), rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(kl_terms(p, q).sum(axis=1), core.kl_divergence(p, q), rtol=1e-13)
    np.testing.assert_allclose(kl_terms(p, q, base=2), scipy.special.rel_entr(p, q) / math.log(2), rtol=1e-13)


def test_kl_terms_are_infinite_where_q_rules_out_an_outcome_and_never_nan() -> None:
    terms = kl_terms([0.5, 0.3, 0.2, 0.0], [0.5, 0.5, 0.0, 0.0])
    assert terms[2] == math.inf
    assert terms[3] == 0.0  # 0 · log(0/0) = 0 by convention
    assert terms[1] < 0  # a term can be negative where q > p
    assert not np.isnan(terms).any()
    assert core.kl_divergence([0.5, 0.3, 0.2], [0.5, 0.5, 0.0]) == math.inf


def test_unsupported_outcomes_name_what_makes_the_kl_infinite() -> None:
    assert unsupported_outcomes([0.5, 0.3, 0.2], [0.5, 0.5, 0.0]).tolist() == [2]
    assert unsupported_outcomes([0.5, 0.5, 0.0], [0.5, 0.3, 0.2]).tolist() == []
    # the hard label: KL(Q‖P) is infinite because of every outcome but the label
    assert unsupported_outcomes([0.3, 0.6, 0.1], [0.0, 1.0, 0.0]).tolist() == [0, 2]
    batched = unsupported_outcomes([[0.5, 0.5, 0.0], [0.0, 0.5, 0.5]], [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    assert batched.tolist() == [1, 2]


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 10), st.integers(0, 2**32 - 1))
def test_kl_terms_sum_is_nonnegative_and_zero_for_equal_distributions(k: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    p, q = rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))
    assert kl_terms(p, q).sum() >= -1e-15
    assert np.all(kl_terms(p, p) == 0.0)


def test_kl_terms_reject_a_distribution_that_does_not_sum_to_one() -> None:
    with pytest.raises(ValueError, match="sums to"):
        kl_terms([0.5, 0.6], [0.5, 0.5])
    with pytest.raises(ValueError, match="shape"):
        kl_terms([0.5, 0.5], [0.2, 0.3, 0.5])


def test_soft_targets_are_the_tempered_softmax_and_keep_the_ranking() -> None:
    np.testing.assert_allclose(soft_targets(TEACHER), core.softmax(TEACHER), rtol=1e-15)
    hot = soft_targets(TEACHER, temperature=4.0)
    np.testing.assert_allclose(hot, core.softmax(TEACHER / 4.0), rtol=1e-15)
    assert np.all(np.diff(hot) < 0)  # same order as the logits
    assert hot.min() > soft_targets(TEACHER).min()  # the temperature lifts the small probabilities
    np.testing.assert_allclose(soft_targets(TEACHER, temperature=1e6), np.full(5, 0.2), atol=1e-5)


@pytest.mark.parametrize("temperature", [0.5, 1.0, 4.0, 20.0])
def test_distill_identities(temperature: float) -> None:
    r = distill(TEACHER, STUDENT, label=0, temperature=temperature, alpha=0.3)
    p, q = core.softmax(TEACHER / temperature), core.softmax(STUDENT / temperature)
    assert r.kl == pytest.approx(core.kl_divergence(p, q), rel=1e-12)
    assert r.kl_scaled == pytest.approx(temperature**2 * r.kl, rel=1e-15)
    assert r.soft_ce == pytest.approx(r.teacher_entropy + r.kl, rel=1e-12)  # CE = H + KL
    assert r.hard_ce == pytest.approx(-math.log(core.softmax(STUDENT)[0]), rel=1e-12)
    assert r.loss == pytest.approx(0.3 * temperature**2 * r.kl + 0.7 * r.hard_ce, rel=1e-12)
    assert r.torch_mean == pytest.approx(r.kl / 5, rel=1e-12)  # 'mean' divides by N·C = 5
    assert r.torch_swapped == pytest.approx(core.kl_divergence(q, p), rel=1e-12)  # the other direction
    assert r.torch_prob_input != pytest.approx(r.kl)


def test_distill_of_the_student_equal_to_the_teacher_is_zero() -> None:
    r = distill(TEACHER, TEACHER, label=0, temperature=3.0)
    assert r.kl == pytest.approx(0.0, abs=1e-15)
    assert r.soft_ce == pytest.approx(r.teacher_entropy, rel=1e-14)


def test_distill_equals_scipy_for_the_page_defaults() -> None:
    r = distill(TEACHER, STUDENT, label=0, temperature=4.0)
    p, q = scipy.special.softmax(TEACHER / 4.0), scipy.special.softmax(STUDENT / 4.0)
    assert r.kl == pytest.approx(scipy.stats.entropy(p, q), rel=1e-12)
    assert r.teacher_entropy == pytest.approx(scipy.stats.entropy(p), rel=1e-12)
    assert r.hard_ce == pytest.approx(-scipy.special.log_softmax(STUDENT)[0], rel=1e-12)


def test_distill_matches_pytorch() -> None:
    torch = pytest.importorskip("torch")
    functional = pytest.importorskip("torch.nn.functional")
    t = torch.tensor([TEACHER.tolist()], dtype=torch.float64)
    s = torch.tensor([STUDENT.tolist()], dtype=torch.float64)
    temperature = 4.0
    p = functional.softmax(t / temperature, dim=-1)
    log_q = functional.log_softmax(s / temperature, dim=-1)
    r = distill(TEACHER, STUDENT, label=2, temperature=temperature)
    assert r.kl == pytest.approx(functional.kl_div(log_q, p, reduction="batchmean").item(), rel=1e-12)
    with pytest.warns(UserWarning, match="batchmean"):  # PyTorch itself warns that 'mean' is not the KL
        mean = functional.kl_div(log_q, p).item()
    assert r.torch_mean == pytest.approx(mean, rel=1e-12)
    assert r.torch_prob_input == pytest.approx(
        functional.kl_div(log_q.exp(), p, reduction="batchmean").item(), rel=1e-12
    )
    assert r.torch_swapped == pytest.approx(
        functional.kl_div(p.log(), log_q.exp(), reduction="batchmean").item(), rel=1e-12
    )
    assert r.hard_ce == pytest.approx(functional.cross_entropy(s, torch.tensor([2])).item(), rel=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"label": 5}, ValueError, "label = 5 is out of range"),
        ({"label": -1}, ValueError, "out of range"),
        ({"label": True}, TypeError, "label"),
        ({"label": 0, "temperature": 0.0}, ValueError, "temperature"),
        ({"label": 0, "alpha": 1.5}, ValueError, "alpha"),
    ],
)
def test_distill_rejects_bad_arguments(kwargs: dict[str, object], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        distill(TEACHER, STUDENT, **kwargs)  # type: ignore[arg-type]


def test_distill_rejects_mismatched_or_too_short_logits() -> None:
    with pytest.raises(ValueError, match="shape"):
        distill(TEACHER, STUDENT[:3], label=0)
    with pytest.raises(ValueError, match="at least 2"):
        distill([1.0], [1.0], label=0)


def test_distill_is_stable_for_huge_logits() -> None:
    r = distill([1e4, 0.0, -1e4], [0.0, 1e4, 0.0], label=0, temperature=1.0)
    assert math.isfinite(r.kl)
    assert r.kl == pytest.approx(1e4, rel=1e-12)
    assert r.hard_ce == pytest.approx(1e4, rel=1e-12)
