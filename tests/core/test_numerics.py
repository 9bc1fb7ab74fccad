"""Numerics: agreement with SciPy, and exactness at extreme logits (±1e4 and beyond)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special

import core

EXTREME = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [1e4, 1e4 - 1.0, -5.0], [700.0, 710.0, 720.0]])


def test_logsumexp_softmax_log_softmax_equal_scipy() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(scale=20, size=(50, 9))
    np.testing.assert_allclose(core.logsumexp(x), scipy.special.logsumexp(x, axis=-1), rtol=1e-14)
    np.testing.assert_allclose(core.softmax(x), scipy.special.softmax(x, axis=-1), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(core.log_softmax(x), scipy.special.log_softmax(x, axis=-1), rtol=1e-12)
    np.testing.assert_allclose(core.logsumexp(x, axis=0, keepdims=True), scipy.special.logsumexp(x, axis=0)[None])


def test_sigmoid_and_log_sigmoid_equal_scipy() -> None:
    x = np.linspace(-50, 50, 1001)
    np.testing.assert_allclose(core.sigmoid(x), scipy.special.expit(x), rtol=1e-14)
    np.testing.assert_allclose(core.log_sigmoid(x), scipy.special.log_expit(x), rtol=1e-14)


def test_extreme_logits_stay_finite_and_exact() -> None:
    lse = core.logsumexp(EXTREME)
    np.testing.assert_allclose(
        lse,
        [1e4, -1e4 + np.log(3), 1e4 + np.log1p(np.exp(-1.0)), 720 + np.log1p(np.exp(-10) + np.exp(-20))],
        rtol=1e-15,
    )
    p = core.softmax(EXTREME)
    assert np.isfinite(p).all()
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(p[1], [1 / 3] * 3, rtol=1e-15)
    lp = core.log_softmax(EXTREME)
    assert lp[0, 1] == -2e4  # exact: no log(0) = -inf
    assert np.isfinite(lp).all()


def test_sigmoid_extremes() -> None:
    assert core.sigmoid(1e4) == 1.0
    assert core.sigmoid(-1e4) == 0.0
    assert core.log_sigmoid(-1e4) == -1e4  # log σ(-z) = -z - log(1 + e^-z), exact
    assert core.log_sigmoid(1e4) == 0.0 or abs(core.log_sigmoid(1e4)) < 1e-300
    assert core.log_sigmoid(-40.0) == pytest.approx(-40.0 - np.log1p(np.exp(-40.0)), rel=1e-16)


def test_losses_at_extreme_logits_are_finite_and_exact() -> None:
    z = np.array([[1e4, -1e4, 0.0]])
    assert core.cross_entropy_loss(z, [0]) == 0.0
    assert core.cross_entropy_loss(z, [1]) == 2e4
    assert core.binary_cross_entropy_with_logits(
        np.array([1e4, -1e4]), np.array([0.0, 1.0]), reduction="none"
    ).tolist() == [1e4, 1e4]
    fl = core.sigmoid_focal_loss(np.array([1e4, -1e4]), np.array([0.0, 1.0]), reduction="none")
    np.testing.assert_allclose(fl, [0.75 * 1e4, 0.25 * 1e4], rtol=1e-15)
    assert core.softmax_focal_loss(z, [0], gamma=2.0) == 0.0
    for grad in (
        core.softmax_cross_entropy_grad(z, [1]),
        core.softmax_mse_grad(z, [1]),
        core.softmax_focal_grad(z, [1], gamma=0.5),
        core.sigmoid_focal_grad(z, np.array([[0.0, 1.0, 0.3]]), gamma=0.5),
        core.sigmoid_mse_grad(z, np.array([[0.0, 1.0, 0.3]])),
    ):
        assert np.isfinite(grad).all()


def test_temperature_flattens_and_sharpens() -> None:
    z = np.array([2.0, 1.0, 0.0])
    hot, cold = core.softmax(z, temperature=10.0), core.softmax(z, temperature=0.1)
    assert core.entropy(hot) > core.entropy(core.softmax(z)) > core.entropy(cold)
    np.testing.assert_allclose(core.softmax(z, temperature=2.0), core.softmax(z / 2.0), rtol=1e-15)
    np.testing.assert_allclose(core.log_softmax(z, temperature=0.5), np.log(core.softmax(z * 2.0)), rtol=1e-14)
