"""core.distributions: the entropy explorer's math, checked against SciPy, the source posts and identities.

The worked example is that of the post 一文搞懂交叉熵在机器学习中的使用，透彻理解交叉熵背后的直觉
(tests/sources.py, `INTUITION`): H(0.7, 0.2, 0.1) = 0.801819 nats = 1.156780 bits, which the post
prints as 0.804 after rounding each surprisal.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

import core
from core.distributions import (
    COMPUTER,
    ENTROPY_PRESETS,
    FASHION_MNIST,
    ZERO_PROBABILITY_LOGIT,
    Preset,
    binary_entropy_curve,
    contour_levels,
    entropy_from_rounded_terms,
    entropy_level_sets,
    entropy_terms,
    logits_from_probabilities,
    max_entropy,
    normalized_entropy,
    perplexity,
    simplex_directions,
    simplex_entropy_map,
    simplex_grid,
    summarize,
)

POST_P = (0.7, 0.2, 0.1)  # INTUITION's "computer boots / fails / explodes"


@st.composite
def distributions(draw: st.DrawFn, k_min: int = 2, k_max: int = 12) -> np.ndarray:
    """Random distributions, some with exact zeros (the 0 · log 0 = 0 edge)."""
    k = draw(st.integers(k_min, k_max))
    w = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=k, max_size=k)))
    zero_mask = np.array(draw(st.lists(st.booleans(), min_size=k, max_size=k)))
    w = np.where(zero_mask, 0.0, w)
    w[draw(st.integers(0, k - 1))] += 0.5  # at least one positive weight
    return w / w.sum()


# --- the post's worked example (H = 0.801819 nats = 1.156780 bits; the post's 0.804) ---


def test_post_terms_and_entropy() -> None:
    terms = entropy_terms(POST_P)
    # 0.7·(-ln 0.7), 0.2·(-ln 0.2), 0.1·(-ln 0.1), by hand from the surprisals (the post's 0.36, 1.61, 2.30, exact).
    np.testing.assert_allclose(terms, [0.7 * 0.356675, 0.2 * 1.609438, 0.1 * 2.302585], atol=5e-7)
    assert float(terms.sum()) == pytest.approx(0.801819, abs=5e-7)
    assert float(entropy_terms(POST_P, base=2).sum()) == pytest.approx(1.156780, abs=5e-7)


def test_the_posts_0_804_comes_from_rounding_each_surprisal_first() -> None:
    assert entropy_from_rounded_terms(POST_P, decimals=2) == pytest.approx(0.804, abs=1e-12)
    # With enough decimals the rounding disappears and the exact entropy is back.
    assert entropy_from_rounded_terms(POST_P, decimals=12) == pytest.approx(core.entropy(POST_P), abs=1e-12)


def test_summary_of_the_posts_example() -> None:
    s = summarize(POST_P)
    assert s.k == 3
    assert s.entropy == pytest.approx(0.801819, abs=5e-7)
    assert s.max_entropy == pytest.approx(math.log(3))
    assert s.normalized == pytest.approx(0.801819 / math.log(3), abs=1e-6)
    assert s.perplexity == pytest.approx(math.exp(0.8018185525433372), rel=1e-12)
    np.testing.assert_allclose(s.surprisal, [0.356675, 1.609438, 2.302585], atol=5e-7)
    bits = summarize(POST_P, base=2)
    assert bits.entropy == pytest.approx(1.156780, abs=5e-7)
    assert bits.perplexity == pytest.approx(s.perplexity, rel=1e-12)  # unit-free
    assert bits.normalized == pytest.approx(s.normalized, rel=1e-12)


# --- identities ---


@settings(max_examples=60, deadline=None)
@given(distributions())
def test_terms_sum_to_the_entropy(p: np.ndarray) -> None:
    for base in (None, 2.0):
        assert float(entropy_terms(p, base=base).sum()) == pytest.approx(core.entropy(p, base=base), abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(distributions())
def test_entropy_lies_between_zero_and_log_k(p: np.ndarray) -> None:
    h = core.entropy(p)
    assert -1e-12 <= h <= max_entropy(p.size) + 1e-12
    assert 0.0 <= normalized_entropy(p) <= 1.0
    assert 1.0 - 1e-12 <= perplexity(p) <= p.size + 1e-9


@settings(max_examples=60, deadline=None)
@given(distributions())
def test_perplexity_is_e_to_the_nats_and_2_to_the_bits(p: np.ndarray) -> None:
    assert perplexity(p) == pytest.approx(math.exp(core.entropy(p)), rel=1e-12)
    assert perplexity(p) == pytest.approx(2.0 ** core.entropy(p, base=2), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(distributions(), st.floats(0.1, 10.0))
def test_softmax_inverts_logits_from_probabilities(p: np.ndarray, temperature: float) -> None:
    z = logits_from_probabilities(p)
    assert z.max() == 0.0
    np.testing.assert_allclose(core.softmax(z), p, rtol=1e-12, atol=1e-15)
    # An outcome of probability 0 stays exactly 0, even heated up to T = 10.
    assert np.all(core.softmax(z, temperature=temperature)[p == 0] == 0.0)


def test_entropy_terms_match_scipy() -> None:
    rng = np.random.default_rng(7)
    p = rng.dirichlet(np.ones(9), size=25)
    p[:, 0] = 0.0
    p /= p.sum(axis=-1, keepdims=True)
    np.testing.assert_allclose(entropy_terms(p).sum(axis=-1), scipy.stats.entropy(p, axis=-1), rtol=1e-12)
    np.testing.assert_allclose(
        entropy_terms(p, base=2).sum(axis=-1), scipy.stats.entropy(p, axis=-1, base=2), rtol=1e-12
    )


# --- extremes ---


@pytest.mark.parametrize("k", [2, 3, 6, 10, 12])
def test_uniform_reaches_every_maximum(k: int) -> None:
    p = np.full(k, 1.0 / k)
    assert core.entropy(p) == pytest.approx(max_entropy(k), rel=1e-12)
    assert max_entropy(k, base=2) == pytest.approx(math.log2(k))
    assert normalized_entropy(p) == pytest.approx(1.0, rel=1e-12)
    assert perplexity(p) == pytest.approx(k, rel=1e-12)


def test_a_certain_outcome_has_zero_of_everything_and_no_negative_zero() -> None:
    s = summarize([1.0, 0.0, 0.0], base=2)
    assert (s.entropy, s.normalized, s.perplexity) == (0.0, 0.0, 1.0)
    assert not math.copysign(1.0, s.entropy) < 0  # prints as 0.0000, not -0.0000
    assert not np.signbit(s.terms).any()
    assert not np.signbit(s.surprisal).any()
    assert s.surprisal[0] == 0.0
    assert np.isinf(s.surprisal[1:]).all()
    assert not np.isnan(entropy_terms([1.0, 0.0, 0.0])).any()


def test_batches_along_an_axis() -> None:
    p = np.array([[0.5, 0.5], [1.0, 0.0]])
    np.testing.assert_allclose(normalized_entropy(p), [1.0, 0.0])
    np.testing.assert_allclose(perplexity(p), [2.0, 1.0])
    np.testing.assert_allclose(normalized_entropy(p.T, axis=0), [1.0, 0.0])


# --- bad input ---


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: entropy_terms([0.5, 0.6]), ValueError, "sums to"),
        (lambda: entropy_terms([-0.5, 1.5]), ValueError, "negative"),
        (lambda: max_entropy(0), ValueError, "at least 1"),
        (lambda: max_entropy(2.5), TypeError, "integer"),  # type: ignore[arg-type]
        (lambda: max_entropy(True), TypeError, "integer"),
        (lambda: normalized_entropy([1.0]), ValueError, "at least 2 outcomes"),
        (lambda: perplexity([0.2, 0.2]), ValueError, "sums to"),
        (lambda: entropy_from_rounded_terms(POST_P, decimals=-1), ValueError, "decimals"),
        (lambda: entropy_from_rounded_terms([[0.5, 0.5]]), ValueError, "1-D"),
        (lambda: logits_from_probabilities([0.5, 0.6]), ValueError, "sums to"),
        (lambda: logits_from_probabilities([0.5, 0.5], zero_logit=-math.inf), ValueError, "finite"),
        (lambda: summarize([[0.5, 0.5]]), ValueError, "1-D"),
        (lambda: simplex_grid(0), ValueError, "positive"),
        (lambda: simplex_directions(2), ValueError, ">= 3"),
        (lambda: contour_levels(0.0, step=0.1), ValueError, "top"),
        (lambda: contour_levels(1.0, step=0.0), ValueError, "step"),
        (lambda: entropy_level_sets([1.2]), ValueError, "outside"),
        (lambda: entropy_level_sets([[0.5]]), ValueError, "1-D"),
        (lambda: binary_entropy_curve(1), ValueError, ">= 2"),
    ],
)
def test_bad_arguments_raise_with_a_message(call: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()  # type: ignore[operator]


# --- the simplex: grid, directions, level sets ---


def test_simplex_grid_covers_the_triangle_and_peaks_at_the_uniform_point() -> None:
    n = 30
    g = simplex_grid(n)
    assert g.shape == ((n + 1) * (n + 2) // 2, 3)
    np.testing.assert_allclose(g.sum(axis=1), 1.0, atol=1e-15)
    assert (g >= 0).all()
    for vertex in np.eye(3):
        assert np.any(np.all(g == vertex, axis=1))
    h = np.asarray(core.entropy(g))
    # "Uniform is the peak": the grid's highest entropy is at (1/3, 1/3, 1/3), and equals log 3.
    np.testing.assert_allclose(g[np.argmax(h)], [1 / 3, 1 / 3, 1 / 3], atol=1e-15)
    assert h.max() == pytest.approx(math.log(3), rel=1e-12)


def test_simplex_directions_are_unit_vectors_in_the_plane_pointing_at_the_vertices() -> None:
    d = simplex_directions(12)
    np.testing.assert_allclose(np.linalg.norm(d, axis=1), 1.0, atol=1e-15)
    np.testing.assert_allclose(d.sum(axis=1), 0.0, atol=1e-15)
    for i, vertex in zip((0, 4, 8), np.eye(3), strict=True):  # 0, 120 and 240 degrees
        towards = vertex - 1 / 3
        np.testing.assert_allclose(d[i], towards / np.linalg.norm(towards), atol=1e-12)


@pytest.mark.parametrize("base", [None, 2.0])
def test_level_sets_lie_on_their_level_or_on_the_edge(base: float | None) -> None:
    levels = contour_levels(max_entropy(3, base=base), step=0.1 if base is None else 0.2)
    sets = entropy_level_sets(levels, base=base, n_angles=90)
    assert sets.shape == (levels.size, 90, 3)
    np.testing.assert_allclose(sets.sum(axis=-1), 1.0, atol=1e-12)
    assert (sets >= 0).all()
    h = np.asarray(core.entropy(sets, base=base))
    on_edge = sets.min(axis=-1) < 1e-12
    target = np.broadcast_to(levels[:, None], h.shape)
    # Inside the triangle the boundary is exactly the level curve ...
    np.testing.assert_allclose(h[~on_edge], target[~on_edge], atol=1e-9)
    # ... and where it follows an edge, the whole edge there is above the level.
    assert (h[on_edge] >= target[on_edge] - 1e-9).all()
    assert (~on_edge).any()


def test_level_sets_shrink_to_the_uniform_point_and_grow_to_the_triangle() -> None:
    sets = entropy_level_sets([0.0, math.log(3)], n_angles=60)
    assert (sets[0].min(axis=-1) < 1e-12).all()  # H >= 0 is the whole triangle: the boundary is its edge
    np.testing.assert_allclose(sets[1], 1 / 3, atol=1e-6)  # H >= log 3 is the uniform point alone


def test_level_sets_in_bits_are_the_same_curves_as_in_nats() -> None:
    bits = entropy_level_sets([0.5, 1.0, 1.5], base=2, n_angles=36)
    nats = entropy_level_sets(np.array([0.5, 1.0, 1.5]) * math.log(2), n_angles=36)
    np.testing.assert_allclose(bits, nats, atol=1e-12)


def test_contour_levels_are_multiples_of_the_step_below_the_top() -> None:
    np.testing.assert_allclose(contour_levels(math.log(3), step=0.1), np.arange(1, 11) / 10)
    np.testing.assert_allclose(contour_levels(math.log2(3), step=0.2), [0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4])
    np.testing.assert_allclose(contour_levels(1.0, step=0.25), [0.25, 0.5, 0.75])  # 1.0 itself is left out


def test_cached_results_are_read_only() -> None:
    p, h = binary_entropy_curve(base=2.0)
    assert h[0] == 0.0
    assert h[-1] == 0.0
    assert h[p.size // 2] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="read-only"):
        h[0] = 1.0
    m = simplex_entropy_map(base=2.0)
    assert m.top == pytest.approx(math.log2(3))
    np.testing.assert_allclose(m.levels, [0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4])
    with pytest.raises(ValueError, match="read-only"):
        m.level_sets[0, 0, 0] = 0.0
    assert simplex_entropy_map(base=2.0) is m  # computed once


# --- presets ---


def test_presets_are_valid_distributions_with_names() -> None:
    keys = [p.key for p in ENTROPY_PRESETS]
    assert len(set(keys)) == len(keys)
    assert ENTROPY_PRESETS[0] is COMPUTER
    for preset in ENTROPY_PRESETS:
        assert 2 <= len(preset.weights) <= 12
        assert len(preset.names) == len(preset.weights)
        assert float(preset.probabilities.sum()) == pytest.approx(1.0, abs=1e-15)
        assert max(preset.weights) <= 1.0  # fits the weight sliders as they are


def test_preset_values_from_the_source_posts() -> None:
    """COMPUTER is INTUITION's example; FASHION_MNIST is FROM_SCRATCH's prediction (tests/sources.py)."""
    np.testing.assert_allclose(COMPUTER.probabilities, POST_P)
    assert core.entropy(COMPUTER.probabilities) == pytest.approx(0.801819, abs=5e-7)
    assert sum(FASHION_MNIST.weights) == pytest.approx(0.9999, abs=1e-12)  # the post's rounding
    assert FASHION_MNIST.weights[4] == 0.0875  # class 4, whose -ln q is the post's CE 2.436116
    assert -math.log(FASHION_MNIST.weights[4]) == pytest.approx(2.436116, abs=5e-7)
    by_key = {p.key: p for p in ENTROPY_PRESETS}
    assert core.entropy(by_key["fair_coin"].probabilities, base=2) == pytest.approx(1.0)
    assert core.entropy(by_key["fair_die"].probabilities) == pytest.approx(math.log(6))
    assert core.entropy(by_key["certain"].probabilities) == 0.0


def test_a_preset_with_mismatched_names_or_no_mass_is_refused() -> None:
    with pytest.raises(ValueError, match="names"):
        Preset("x", "X", (0.5, 0.5), ("a",))
    with pytest.raises(ValueError, match="at least one"):
        Preset("x", "X", (0.0, 0.0), ("a", "b"))


def test_zero_probability_logit_underflows_at_the_hottest_temperature() -> None:
    assert math.exp(ZERO_PROBABILITY_LOGIT / 10.0) == 0.0
