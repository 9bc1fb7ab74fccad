"""Closed-form gradients equal central finite differences of the matching `core` losses."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core

H = 1e-6


def central_difference(loss: Callable[[np.ndarray], np.ndarray], z: np.ndarray) -> np.ndarray:
    """∂(Σ loss)/∂z by (f(z + h) - f(z - h)) / 2h, one coordinate at a time."""
    grad = np.zeros_like(z)
    for idx in np.ndindex(z.shape):
        up, down = z.copy(), z.copy()
        up[idx] += H
        down[idx] -= H
        grad[idx] = (np.sum(loss(up)) - np.sum(loss(down))) / (2 * H)
    return grad


logit_rows = st.lists(st.floats(-8, 8), min_size=2, max_size=6)


@settings(max_examples=60, deadline=None)
@given(logit_rows, st.data())
def test_softmax_cross_entropy_grad(z: list[float], data: st.DataObject) -> None:
    x = np.array([z])
    y = np.array([data.draw(st.integers(0, len(z) - 1))])
    fd = central_difference(lambda t: core.cross_entropy_loss(t, y, reduction="none"), x)
    np.testing.assert_allclose(core.softmax_cross_entropy_grad(x, y), fd, atol=1e-7)


@settings(max_examples=60, deadline=None)
@given(logit_rows, st.data())
def test_softmax_mse_grad(z: list[float], data: st.DataObject) -> None:
    x = np.array([z])
    y = np.array([data.draw(st.integers(0, len(z) - 1))])
    onehot = np.eye(len(z))[y]
    fd = central_difference(lambda t: core.mse_loss(core.softmax(t), onehot, reduction="none").sum(axis=-1), x)
    np.testing.assert_allclose(core.softmax_mse_grad(x, y), fd, atol=1e-7)


@settings(max_examples=60, deadline=None)
@given(logit_rows, st.data(), st.sampled_from([0.0, 0.5, 1.0, 2.0, 5.0]))
def test_softmax_focal_grad(z: list[float], data: st.DataObject, gamma: float) -> None:
    x = np.array([z])
    y = np.array([data.draw(st.integers(0, len(z) - 1))])
    fd = central_difference(lambda t: core.softmax_focal_loss(t, y, gamma=gamma, reduction="none"), x)
    np.testing.assert_allclose(core.softmax_focal_grad(x, y, gamma=gamma), fd, atol=1e-7)


@settings(max_examples=60, deadline=None)
@given(
    st.floats(-12, 12),
    st.sampled_from([0.0, 1.0, 0.3]),
    st.sampled_from([0.0, 0.5, 2.0, 5.0]),
    st.sampled_from([0.25, None, 0.9]),
)
def test_sigmoid_grads(z: float, y: float, gamma: float, alpha: float | None) -> None:
    x, t = np.array([z]), np.array([y])
    checks = [
        (
            core.sigmoid_cross_entropy_grad(x, t),
            lambda v: core.binary_cross_entropy_with_logits(v, t, reduction="none"),
        ),
        (core.sigmoid_mse_grad(x, t), lambda v: core.mse_loss(core.sigmoid(v), t, reduction="none")),
        (
            core.sigmoid_focal_grad(x, t, alpha=alpha, gamma=gamma),
            lambda v: core.sigmoid_focal_loss(v, t, alpha=alpha, gamma=gamma),
        ),
    ]
    for closed, loss in checks:
        np.testing.assert_allclose(closed, central_difference(loss, x), atol=1e-7)


def test_gamma_zero_focal_gradients_equal_cross_entropy_gradients() -> None:
    rng = np.random.default_rng(0)
    z, y = rng.normal(scale=3, size=(10, 4)), rng.integers(0, 4, size=10)
    np.testing.assert_allclose(
        core.softmax_focal_grad(z, y, gamma=0.0), core.softmax_cross_entropy_grad(z, y), atol=1e-15
    )
    t = rng.integers(0, 2, size=(10, 4)).astype(float)
    np.testing.assert_allclose(
        core.sigmoid_focal_grad(z, t, alpha=None, gamma=0.0), core.sigmoid_cross_entropy_grad(z, t), atol=1e-15
    )


def test_mse_gradient_vanishes_when_confidently_wrong_but_ce_does_not() -> None:
    z, y = np.array([10.0]), np.array([0.0])
    assert abs(core.sigmoid_mse_grad(z, y)[0]) < 1e-4
    assert core.sigmoid_cross_entropy_grad(z, y)[0] == pytest.approx(1.0, abs=1e-4)


def test_probability_targets_are_accepted() -> None:
    z = np.array([[1.0, 2.0, 0.5]])
    p = np.array([[0.2, 0.5, 0.3]])
    np.testing.assert_allclose(core.softmax_cross_entropy_grad(z, p), core.softmax(z) - p, rtol=1e-15)
