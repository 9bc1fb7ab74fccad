"""Information measures: SciPy as the oracle, identities as properties, edge cases as contract."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.spatial.distance import jensenshannon

import core

BASES = [None, 2.0, 10.0, np.e, 3.5]


def random_distributions(rng: np.random.Generator, shape: tuple[int, ...], zeros: bool = False) -> np.ndarray:
    p = rng.dirichlet(np.full(shape[-1], rng.uniform(0.1, 3.0)), size=shape[:-1])
    if zeros:
        p[..., 0] = 0.0
        p /= p.sum(axis=-1, keepdims=True)
    return p


@pytest.mark.parametrize("base", BASES)
def test_entropy_equals_scipy(base: float | None) -> None:
    rng = np.random.default_rng(0)
    for k in (2, 3, 10, 50):
        p = random_distributions(rng, (40, k), zeros=k > 2)
        np.testing.assert_allclose(core.entropy(p, base=base), scipy.stats.entropy(p, axis=-1, base=base), rtol=1e-12)


@pytest.mark.parametrize("base", BASES)
def test_kl_equals_scipy_rel_entr(base: float | None) -> None:
    rng = np.random.default_rng(1)
    p, q = random_distributions(rng, (60, 7), zeros=True), random_distributions(rng, (60, 7))
    expected = scipy.special.rel_entr(p, q).sum(axis=-1) / (1.0 if base is None else np.log(base))
    np.testing.assert_allclose(core.kl_divergence(p, q, base=base), expected, rtol=1e-12)
    np.testing.assert_allclose(
        core.kl_divergence(p, q, base=base), scipy.stats.entropy(p, q, axis=-1, base=base), rtol=1e-12
    )


@pytest.mark.parametrize("base", BASES)
def test_js_is_the_square_of_scipys_jensenshannon_distance(base: float | None) -> None:
    rng = np.random.default_rng(2)
    p, q = random_distributions(rng, (60, 6), zeros=True), random_distributions(rng, (60, 6))
    expected = jensenshannon(p, q, axis=-1, base=base) ** 2
    np.testing.assert_allclose(core.js_divergence(p, q, base=base), expected, rtol=1e-9, atol=1e-15)


def test_cross_entropy_equals_scipy_xlogy() -> None:
    rng = np.random.default_rng(3)
    p, q = random_distributions(rng, (30, 5), zeros=True), random_distributions(rng, (30, 5))
    np.testing.assert_allclose(core.cross_entropy(p, q), -scipy.special.xlogy(p, q).sum(axis=-1), rtol=1e-12)


def test_binary_entropy_equals_scipy_and_peaks_at_one_bit() -> None:
    p = np.linspace(0, 1, 101)
    expected = scipy.stats.entropy(np.stack([p, 1 - p]), base=2)
    np.testing.assert_allclose(core.binary_entropy(p, base=2), expected, rtol=1e-12, atol=1e-15)
    assert core.binary_entropy(0.5, base=2) == 1.0
    assert core.binary_entropy(0.0) == 0.0
    assert core.binary_entropy(1.0) == 0.0


def test_axis_argument_selects_the_outcome_axis() -> None:
    rng = np.random.default_rng(4)
    p = random_distributions(rng, (5, 4))
    np.testing.assert_allclose(core.entropy(p.T, axis=0), core.entropy(p), rtol=1e-15)
    np.testing.assert_allclose(core.kl_divergence(p.T, p[::-1].T, axis=0), core.kl_divergence(p, p[::-1]))


# ---- edge cases that are part of the contract ----------------------------------------------------


def test_kl_is_infinite_where_q_is_zero_and_p_is_not() -> None:
    assert core.kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert core.cross_entropy([0.5, 0.5], [1.0, 0.0]) == np.inf


def test_zero_p_terms_contribute_nothing_even_where_q_is_zero() -> None:
    assert core.kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert core.kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(np.log(2), rel=1e-15)
    assert core.cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0


def test_certain_outcome_has_zero_entropy_and_surprisal() -> None:
    assert core.entropy([0.0, 1.0, 0.0]) == 0.0
    assert core.surprisal(1.0) == 0.0
    assert core.surprisal(0.0) == np.inf


def test_uniform_has_log_n_entropy() -> None:
    for n in (2, 6, 12):
        assert core.entropy(np.full(n, 1 / n)) == pytest.approx(np.log(n), rel=1e-14)
        assert core.entropy(np.full(n, 1 / n), base=n) == pytest.approx(1.0, rel=1e-14)


def test_normalize_rescales_weights() -> None:
    np.testing.assert_allclose(core.normalize([2, 1, 1]), [0.5, 0.25, 0.25])
    np.testing.assert_allclose(core.normalize([[1, 3], [5, 5]]).sum(axis=-1), [1, 1])
    np.testing.assert_allclose(core.normalize([[1, 3], [1, 1]], axis=0), [[0.5, 0.75], [0.5, 0.25]])


def test_sum_tolerance_is_documented_and_applied() -> None:
    assert core.SUM_TOLERANCE == 1e-6
    core.entropy([0.5, 0.5 + 0.9e-6])  # within tolerance
    with pytest.raises(ValueError, match="sums to"):
        core.entropy([0.5, 0.5 + 2e-6])


# ---- properties ----------------------------------------------------------------------------------

probability_vectors = (
    st.integers(2, 12)
    .flatmap(lambda n: arrays(np.float64, n, elements=st.floats(0.0, 1.0, allow_subnormal=False)))
    .filter(lambda w: w.sum() > 1e-3)
)


def as_dist(w: np.ndarray) -> np.ndarray:
    return w / w.sum()


@settings(max_examples=150, deadline=None)
@given(probability_vectors, st.data())
def test_cross_entropy_is_entropy_plus_kl(w: np.ndarray, data: st.DataObject) -> None:
    p = as_dist(w)
    q = as_dist(data.draw(arrays(np.float64, len(w), elements=st.floats(0.01, 1.0))))
    assert core.cross_entropy(p, q) == pytest.approx(core.entropy(p) + core.kl_divergence(p, q), rel=1e-10, abs=1e-12)


@settings(max_examples=150, deadline=None)
@given(probability_vectors, st.data())
def test_kl_is_non_negative_and_zero_on_the_diagonal(w: np.ndarray, data: st.DataObject) -> None:
    p = as_dist(w)
    q = as_dist(data.draw(arrays(np.float64, len(w), elements=st.floats(0.0, 1.0))).clip(1e-300) + 0)
    assert core.kl_divergence(p, q) >= 0.0
    assert core.kl_divergence(p, p) == 0.0


@settings(max_examples=150, deadline=None)
@given(probability_vectors)
def test_entropy_is_between_zero_and_log_n(w: np.ndarray) -> None:
    h = core.entropy(as_dist(w))
    assert 0.0 <= h <= np.log(len(w)) + 1e-12


@settings(max_examples=150, deadline=None)
@given(probability_vectors, probability_vectors)
def test_js_is_symmetric_and_at_most_log_2(a: np.ndarray, b: np.ndarray) -> None:
    n = min(len(a), len(b))
    if a[:n].sum() <= 1e-3 or b[:n].sum() <= 1e-3:
        return
    p, q = as_dist(a[:n]), as_dist(b[:n])
    js = core.js_divergence(p, q)
    assert js == pytest.approx(core.js_divergence(q, p), abs=1e-15)
    assert 0.0 <= js <= np.log(2) + 1e-15
