"""Gaussian KL and one-Gaussian fits to a mixture: SciPy's quadrature and optimiser as the oracles.

Reference values for the textbook mixture ½N(-3, 1) + ½N(3, 1) (Bishop, PRML Fig. 10.3)
were computed independently with ``scipy.integrate.quad`` (the reverse KL) inside
``scipy.optimize.minimize`` (Nelder-Mead, xatol 1e-10) and ``minimize_scalar``:
reverse fit μ = ±2.98430599, σ = 1.02336854, KL = 0.68876900; best centred fit
σ = 2.74376932, KL = 0.84062143.  The tests below recompute what is cheap to recompute.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import scipy.integrate
import scipy.optimize
import scipy.stats
from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.gaussians import (
    DEFAULT_QUADRATURE,
    _reverse_terms,
    expected_log_density,
    fit_gaussians,
    forward_kl,
    gaussian_entropy,
    gaussian_kl,
    gaussian_logpdf,
    gaussian_mixture,
    mixture_entropy,
    moment_match,
    parameter_grid,
    reverse_kl,
    reverse_kl_surface,
    two_mode_mixture,
)

LN2 = math.log(2.0)


def quad_kl(logp, logq, lo: float, hi: float, points=None) -> float:  # type: ignore[no-untyped-def]
    """KL(p‖q) = ∫ p (log p - log q) by adaptive quadrature."""

    def f(x: float) -> float:
        lp = float(logp(x))
        return math.exp(lp) * (lp - float(logq(x)))

    return float(scipy.integrate.quad(f, lo, hi, points=points, epsabs=1e-13, epsrel=1e-12, limit=400)[0])


def quad_expected_log_density(mix, mu: float, sigma: float) -> float:  # type: ignore[no-untyped-def]
    """E_{N(μ,σ²)}[log p] by adaptive quadrature, split at the components' crossovers."""
    roots, _ = mix.crossovers
    lo, hi = mu - 12 * sigma, mu + 12 * sigma
    cuts = sorted({lo, hi, *(float(r) for r in roots if lo < r < hi)})

    def f(x: float) -> float:
        return scipy.stats.norm.pdf(x, mu, sigma) * float(mix.logpdf(np.array([x]))[0])

    return sum(
        scipy.integrate.quad(f, a, b, epsabs=1e-13, epsrel=1e-13, limit=400)[0] for a, b in itertools.pairwise(cuts)
    )


# --------------------------------------------------------------------------- closed form


@pytest.mark.parametrize(
    ("mu1", "s1", "mu2", "s2"),
    [(0.0, 1.0, 1.0, 0.5), (0.0, 1.0, 0.0, 1.0), (-2.0, 0.3, 1.5, 3.0), (4.0, 2.0, -1.0, 0.7)],
)
def test_gaussian_kl_closed_form_equals_numerical_integration(mu1: float, s1: float, mu2: float, s2: float) -> None:
    expected = quad_kl(
        lambda x: scipy.stats.norm.logpdf(x, mu1, s1),
        lambda x: scipy.stats.norm.logpdf(x, mu2, s2),
        mu1 - 15 * s1,
        mu1 + 15 * s1,
    )
    assert gaussian_kl(mu1, s1, mu2, s2) == pytest.approx(expected, abs=1e-10)


def test_gaussian_kl_page_default_is_asymmetric() -> None:
    # P = N(0, 1), Q = N(1, 0.5²): by hand, log 0.5 + (1 + 1)/(2 · 0.25) - ½ and log 2 + (0.25 + 1)/2 - ½.
    assert gaussian_kl(0.0, 1.0, 1.0, 0.5) == pytest.approx(math.log(0.5) + 4.0 - 0.5, rel=1e-14)
    assert gaussian_kl(1.0, 0.5, 0.0, 1.0) == pytest.approx(math.log(2.0) + 0.625 - 0.5, rel=1e-14)


def test_gaussian_kl_of_itself_is_zero_and_bits_divide_by_ln2() -> None:
    assert gaussian_kl(1.3, 0.7, 1.3, 0.7) == 0.0
    assert gaussian_kl(0.0, 1.0, 2.0, 3.0, base=2) == pytest.approx(gaussian_kl(0.0, 1.0, 2.0, 3.0) / LN2, rel=1e-14)


@settings(max_examples=60, deadline=None)
@given(
    st.floats(-5, 5),
    st.floats(0.05, 5),
    st.floats(-5, 5),
    st.floats(0.05, 5),
)
def test_gaussian_kl_is_nonnegative_and_finite(mu1: float, s1: float, mu2: float, s2: float) -> None:
    v = gaussian_kl(mu1, s1, mu2, s2)
    assert isinstance(v, float)
    assert math.isfinite(v)
    assert v >= 0.0


def test_gaussian_kl_broadcasts_over_a_grid() -> None:
    mus, sigmas = np.meshgrid(np.linspace(-2, 2, 5), np.geomspace(0.5, 2, 4))
    grid = gaussian_kl(0.0, 1.0, mus, sigmas)
    assert isinstance(grid, np.ndarray)
    assert grid.shape == (4, 5)
    assert grid[2, 2] == pytest.approx(gaussian_kl(0.0, 1.0, 0.0, float(sigmas[2, 2])), rel=1e-15)


def test_gaussian_kl_matches_torch_distributions() -> None:
    torch = pytest.importorskip("torch")
    from torch.distributions import Normal, kl_divergence

    rng = np.random.default_rng(5)
    mu1, mu2 = rng.normal(size=20), rng.normal(size=20)
    s1, s2 = rng.uniform(0.1, 3, 20), rng.uniform(0.1, 3, 20)
    ref = kl_divergence(
        Normal(torch.from_numpy(mu1), torch.from_numpy(s1)), Normal(torch.from_numpy(mu2), torch.from_numpy(s2))
    ).numpy()
    np.testing.assert_allclose(gaussian_kl(mu1, s1, mu2, s2), ref, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("bad", [0.0, -1.0])
def test_gaussian_kl_rejects_a_non_positive_sigma_by_name(bad: float) -> None:
    with pytest.raises(ValueError, match="sigma2"):
        gaussian_kl(0.0, 1.0, 0.0, bad)
    with pytest.raises(ValueError, match="mu1"):
        gaussian_kl(float("nan"), 1.0, 0.0, 1.0)


def test_gaussian_entropy_and_logpdf_equal_scipy() -> None:
    assert gaussian_entropy(2.5) == pytest.approx(float(scipy.stats.norm(0, 2.5).entropy()), rel=1e-14)
    x = np.linspace(-4, 4, 9)
    np.testing.assert_allclose(gaussian_logpdf(x, 0.5, 1.5), scipy.stats.norm.logpdf(x, 0.5, 1.5), rtol=1e-14)


# --------------------------------------------------------------------------- mixtures


def test_mixture_density_and_moments_equal_direct_sums() -> None:
    mix = gaussian_mixture([0.2, 0.5, 0.3], [-2.0, 0.5, 3.0], [0.5, 1.0, 2.0])
    x = np.linspace(-6, 8, 29)
    direct = sum(
        w * scipy.stats.norm.pdf(x, m, s)
        for w, m, s in zip([0.2, 0.5, 0.3], [-2.0, 0.5, 3.0], [0.5, 1.0, 2.0], strict=False)
    )
    np.testing.assert_allclose(mix.pdf(x), direct, rtol=1e-13)
    mean = scipy.integrate.quad(lambda t: t * float(mix.pdf(np.array([t]))[0]), -30, 30, limit=200)[0]
    second = scipy.integrate.quad(lambda t: t * t * float(mix.pdf(np.array([t]))[0]), -30, 30, limit=200)[0]
    assert mix.mean == pytest.approx(mean, abs=1e-10)
    assert mix.variance == pytest.approx(second - mean**2, abs=1e-9)


def test_mixture_log_density_is_finite_far_in_the_tails() -> None:
    mix = two_mode_mixture(3.0)
    lp = mix.logpdf(np.array([-1e4, 1e4]))
    assert np.isfinite(lp).all()
    assert lp[0] == pytest.approx(math.log(0.5) + float(scipy.stats.norm.logpdf(-1e4, -3, 1)), rel=1e-12)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (([0.5, 0.5], [0.0], [1.0, 1.0]), "lengths"),
        (([1.5, -0.5], [0.0, 1.0], [1.0, 1.0]), "negative"),
        (([0.5, 0.4], [0.0, 1.0], [1.0, 1.0]), "sum to 0.9"),
        (([0.5, 0.5], [0.0, 1.0], [1.0, 0.0]), "sigmas"),
    ],
)
def test_gaussian_mixture_rejects_bad_arguments(args: tuple[list[float], ...], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        gaussian_mixture(*args)


def test_two_mode_mixture_validates_and_drops_empty_components() -> None:
    with pytest.raises(ValueError, match="separation"):
        two_mode_mixture(-1.0)
    with pytest.raises(ValueError, match="weight_left"):
        two_mode_mixture(1.0, weight_left=1.5)
    one = two_mode_mixture(2.0, weight_left=0.0)
    assert one.means.tolist() == [2.0]
    assert one.mean == 2.0


def test_crossovers_of_equal_widths_are_one_point_between_the_modes() -> None:
    roots, widths = two_mode_mixture(3.0).crossovers
    # Δ(x) = ℓ_L - ℓ_R = -6x for σ = 1 and equal weights: one root at 0, width 1/6.
    np.testing.assert_allclose(roots, [0.0], atol=1e-15)
    np.testing.assert_allclose(widths, [1 / 6], rtol=1e-14)
    roots2, _ = two_mode_mixture(1.5, sigma_left=2.5, sigma_right=0.5, weight_left=0.5).crossovers
    assert roots2.size == 2  # a narrow mode pokes out of a wide one: two crossings
    roots3, _ = two_mode_mixture(1.5, sigma_left=2.5, sigma_right=0.5, weight_left=0.95).crossovers
    assert roots3.size == 0  # too light to poke out: only a bend, which the panels around each mode resolve


# --------------------------------------------------------------------------- the integration grid


CASES = [
    (d, sl, sr, w)
    for d in (0.0, 1.5, 3.0, 5.0)
    for sl, sr in ((0.5, 2.5), (1.0, 1.0), (2.5, 0.5))
    for w in (0.05, 0.5, 0.95)
]


@pytest.mark.parametrize(("d", "sl", "sr", "w"), [*CASES[::3], (1.5, 2.5, 0.5, 0.95), (1.5, 0.5, 2.5, 0.05)])
def test_expected_log_density_equals_adaptive_quadrature_over_the_page_ranges(
    d: float, sl: float, sr: float, w: float
) -> None:
    mix = two_mode_mixture(d, sigma_left=sl, sigma_right=sr, weight_left=w)
    mus, log_sigmas = parameter_grid(mix)
    for mu in mus[[0, 33, 50, 99]]:
        for s in np.exp(log_sigmas[[0, 40, 99]]):
            ref = quad_expected_log_density(mix, float(mu), float(s))
            got = float(expected_log_density(mix, float(mu), float(s)))
            assert got == pytest.approx(ref, abs=1e-8, rel=1e-10), (mu, s)


def test_a_plain_uniform_grid_would_not_be_enough() -> None:
    # The documented failure the graded panels fix: wide q, narrow separated modes.
    mix = two_mode_mixture(4.0, sigma_left=0.3, sigma_right=0.5)
    mu, s = -4.0, 8.0
    z = np.arange(-8, 8 + 1 / 32, 1 / 16)
    trapezoid = float((scipy.stats.norm.pdf(z) * mix.logpdf(mu + s * z)).sum() / 16)
    ref = quad_expected_log_density(mix, mu, s)
    assert abs(trapezoid - ref) > 1e-3
    assert float(expected_log_density(mix, mu, s)) == pytest.approx(ref, abs=1e-8)


@pytest.mark.parametrize(("mu", "sigma", "m", "s"), [(0.0, 1.0, 0.0, 1.0), (1.0, 0.5, -2.0, 1.5), (3.0, 4.0, 0.0, 0.6)])
def test_numerical_kls_of_a_one_component_mixture_equal_the_closed_form(
    mu: float, sigma: float, m: float, s: float
) -> None:
    single = gaussian_mixture([1.0], [m], [s])
    assert reverse_kl(single, mu, sigma) == pytest.approx(gaussian_kl(mu, sigma, m, s), abs=1e-11)
    assert forward_kl(single, mu, sigma) == pytest.approx(gaussian_kl(m, s, mu, sigma), abs=1e-11)
    assert mixture_entropy(single) == pytest.approx(gaussian_entropy(s), abs=1e-12)


def test_reverse_kl_equals_quadrature_of_the_definition() -> None:
    mix = two_mode_mixture(2.0, sigma_left=0.7, sigma_right=1.4, weight_left=0.3)
    for mu, s in [(-2.0, 0.7), (0.5, 2.0), (2.0, 1.2)]:
        ref = quad_kl(
            lambda x, mu=mu, s=s: scipy.stats.norm.logpdf(x, mu, s),
            lambda x: float(mix.logpdf(np.array([x]))[0]),
            mu - 14 * s,
            mu + 14 * s,
            points=[float(r) for r in mix.crossovers[0]],
        )
        assert reverse_kl(mix, mu, s) == pytest.approx(ref, abs=1e-9)


def test_mixture_entropy_equals_quadrature() -> None:
    mix = two_mode_mixture(3.0)

    def f(x: float) -> float:
        lp = float(mix.logpdf(np.array([x]))[0])
        return -math.exp(lp) * lp

    ref = scipy.integrate.quad(f, -20, 20, points=[0.0], epsabs=1e-13, limit=400)[0]
    assert mixture_entropy(mix) == pytest.approx(ref, abs=1e-11)
    assert mixture_entropy(mix, base=2) == pytest.approx(ref / LN2, abs=1e-11)


def test_reverse_kl_is_finite_and_nonnegative_at_extreme_parameters() -> None:
    mix = two_mode_mixture(5.0, sigma_left=0.5, sigma_right=2.5)
    values = np.asarray(reverse_kl(mix, np.array([-50.0, 0.0, 50.0]), np.array([1e-3, 1e3, 0.5])))
    assert np.isfinite(values).all()
    assert (values >= 0).all()


def test_gradient_and_hessian_of_the_reverse_kl_equal_finite_differences() -> None:
    mix = two_mode_mixture(2.0, sigma_left=0.8, sigma_right=1.3, weight_left=0.4)
    mu, s, h = 0.7, 0.2, 1e-4

    def j(m: float, ls: float) -> float:
        return _reverse_terms(mix, m, ls, DEFAULT_QUADRATURE)[0]

    value, grad, hess = _reverse_terms(mix, mu, s, DEFAULT_QUADRATURE)
    assert value == pytest.approx(float(reverse_kl(mix, mu, math.exp(s))), abs=1e-12)
    fd = [(j(mu + h, s) - j(mu - h, s)) / (2 * h), (j(mu, s + h) - j(mu, s - h)) / (2 * h)]
    np.testing.assert_allclose(grad, fd, atol=1e-7)
    g = lambda m, ls: _reverse_terms(mix, m, ls, DEFAULT_QUADRATURE)[1]  # noqa: E731
    fd_h = np.column_stack([(g(mu + h, s) - g(mu - h, s)) / (2 * h), (g(mu, s + h) - g(mu, s - h)) / (2 * h)])
    np.testing.assert_allclose(hess, fd_h, atol=1e-6)


# --------------------------------------------------------------------------- the fits


@pytest.fixture(scope="module")
def textbook():  # type: ignore[no-untyped-def]
    return fit_gaussians(two_mode_mixture(3.0))


def test_forward_fit_of_the_textbook_mixture_is_n0_sqrt10(textbook) -> None:  # type: ignore[no-untyped-def]
    assert textbook.forward.mu == 0.0
    assert textbook.forward.sigma == pytest.approx(math.sqrt(10.0), rel=1e-15)  # 1 + d² = 10


def test_reverse_fit_of_the_textbook_mixture_sits_on_a_mode(textbook) -> None:  # type: ignore[no-untyped-def]
    best, mirror = textbook.reverse[0], textbook.reverse[1]
    assert best.mu == pytest.approx(2.98430599, abs=1e-7)  # right mode first among mirror images
    assert mirror.mu == pytest.approx(-best.mu, abs=1e-9)
    assert best.sigma == pytest.approx(1.02336854, abs=1e-7)
    assert best.reverse_kl == pytest.approx(0.68876900, abs=1e-8)
    assert mirror.reverse_kl == pytest.approx(best.reverse_kl, abs=1e-12)
    assert textbook.centred.sigma == pytest.approx(2.74376932, abs=1e-7)
    assert textbook.centred.reverse_kl == pytest.approx(0.84062143, abs=1e-8)
    assert len(textbook.reverse) == 3  # two modes and the centred local optimum
    assert textbook.reverse[2].mu == pytest.approx(0.0, abs=1e-9)
    assert textbook.integration_error < 1e-8


def test_reverse_fit_is_a_stationary_point_of_the_quadrature_free_objective(textbook) -> None:  # type: ignore[no-untyped-def]
    mix, best = textbook.mixture, textbook.reverse[0]

    def j(mu: float, log_sigma: float) -> float:
        s = math.exp(log_sigma)
        return -(0.5 * math.log(2 * math.pi * math.e) + log_sigma) - quad_expected_log_density(mix, mu, s)

    h, s0 = 1e-4, math.log(best.sigma)
    assert j(best.mu, s0) == pytest.approx(best.reverse_kl, abs=1e-9)
    assert abs(j(best.mu + h, s0) - j(best.mu - h, s0)) / (2 * h) < 1e-5
    assert abs(j(best.mu, s0 + h) - j(best.mu, s0 - h)) / (2 * h) < 1e-5


def test_forward_fit_equals_moment_matching_by_numerical_minimisation() -> None:
    mix = two_mode_mixture(2.0, sigma_left=0.6, sigma_right=1.8, weight_left=0.3)
    h = mixture_entropy(mix)
    res = scipy.optimize.minimize(
        lambda t: float(forward_kl(mix, t[0], math.exp(t[1]), entropy=h)), [1.0, 0.0], method="BFGS", tol=1e-12
    )
    fit = moment_match(mix)
    assert fit.mu == pytest.approx(res.x[0], abs=1e-6)
    assert fit.sigma == pytest.approx(math.exp(res.x[1]), rel=1e-6)
    assert fit.mu == pytest.approx(0.3 * -2.0 + 0.7 * 2.0, rel=1e-15)
    assert fit.forward_kl == pytest.approx(res.fun, abs=1e-12)
    # and on the map: the lowest cell of the forward surface is the one nearest the moment-matched point
    fits = fit_gaussians(mix)
    i, j = np.unravel_index(int(np.argmin(fits.forward_surface)), fits.forward_surface.shape)
    assert abs(fits.mus[j] - fit.mu) <= fits.mus[1] - fits.mus[0]
    assert abs(fits.log_sigmas[i] - math.log(fit.sigma)) <= fits.log_sigmas[1] - fits.log_sigmas[0]


def test_reverse_fit_is_centred_at_separation_2() -> None:
    fits = fit_gaussians(two_mode_mixture(2.0))
    assert len(fits.reverse) == 1
    assert fits.reverse[0].mu == pytest.approx(0.0, abs=1e-9)
    assert fits.reverse[0].sigma == pytest.approx(fits.centred.sigma, rel=1e-9)
    assert fits.reverse[0].sigma < fits.forward.sigma  # still narrower than moment matching


@pytest.mark.parametrize(("d", "n_minima"), [(2.4, 1), (2.45, 3)])
def test_one_mode_optima_appear_between_separation_2_4_and_2_45(d: float, n_minima: int) -> None:
    assert len(fit_gaussians(two_mode_mixture(d)).reverse) == n_minima


@pytest.mark.parametrize(("d", "winner"), [(2.7, "centre"), (2.9, "mode")])
def test_the_mode_fit_wins_from_separation_about_2_8(d: float, winner: str) -> None:
    best = fit_gaussians(two_mode_mixture(d)).reverse[0]
    assert (abs(best.mu) > 1.0) == (winner == "mode")


def test_each_fit_is_best_in_its_own_direction() -> None:
    fits = fit_gaussians(two_mode_mixture(2.5, sigma_left=0.5, sigma_right=1.5, weight_left=0.3))
    fwd, rev = fits.forward, fits.reverse[0]
    assert fwd.forward_kl < rev.forward_kl
    assert rev.reverse_kl < fwd.reverse_kl
    assert rev.mu > 0  # the heavier, wider right mode attracts the mode-seeking fit


def test_reverse_surface_has_the_grid_shape_and_matches_pointwise_values() -> None:
    mix = two_mode_mixture(3.0)
    mus, log_sigmas = parameter_grid(mix, 7)
    surface = reverse_kl_surface(mix, mus, log_sigmas)
    assert surface.shape == (7, 7)
    assert surface[3, 2] == pytest.approx(float(reverse_kl(mix, mus[2], math.exp(log_sigmas[3]))), rel=1e-13)


def test_parameter_grid_rejects_a_tiny_grid() -> None:
    with pytest.raises(ValueError, match="n must be"):
        parameter_grid(two_mode_mixture(1.0), 2)


@settings(max_examples=8, deadline=None)
@given(
    st.floats(0.0, 5.0),
    st.floats(0.5, 2.5),
    st.floats(0.5, 2.5),
    st.floats(0.05, 0.95),
)
# Found by hypothesis: a subnormal separation made a crossover's slope overflow on inversion.
@example(2.225073858507203e-309, 1.0, 1.0, 0.5)
def test_fits_over_the_page_ranges_are_finite_minima(d: float, sl: float, sr: float, w: float) -> None:
    fits = fit_gaussians(two_mode_mixture(d, sigma_left=sl, sigma_right=sr, weight_left=w), n=40)
    for f in (fits.forward, fits.centred, *fits.reverse):
        assert math.isfinite(f.forward_kl)
        assert math.isfinite(f.reverse_kl)
        assert f.sigma > 0
    best = fits.reverse[0]
    assert best.reverse_kl <= fits.centred.reverse_kl + 1e-9
    assert best.reverse_kl <= float(fits.reverse_surface.min()) + 1e-9
    assert fits.forward.forward_kl <= float(fits.forward_surface.min()) + 1e-12
    assert fits.integration_error < 1e-6
