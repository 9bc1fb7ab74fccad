"""core.surfaces: CE and quadratic-cost landscapes on a grid, equal pointwise to core's losses.

References: `core.cross_entropy_loss`, `core.mse_loss`, `core.binary_cross_entropy_with_logits`
(themselves equal to PyTorch's); Bishop (2006) §4.3.2 for the convexity of the logistic CE.
"""

from __future__ import annotations

import numpy as np
import pytest

from core import binary_cross_entropy_with_logits, cross_entropy_loss, mse_loss, sigmoid, softmax
from core.surfaces import MAX_GRID, logistic_loss_surface, softmax_loss_surface
from core.training import TOY_DIRECTION, toy_dataset, train_logistic_regression

F32 = {"rtol": 2e-6, "atol": 2e-6}  # the surfaces are float32


@pytest.mark.parametrize("true_class", [0, 1, 2])
@pytest.mark.parametrize("half", [True, False])
def test_softmax_surface_matches_core_at_every_grid_point(true_class: int, half: bool) -> None:
    s = softmax_loss_surface(true_class=true_class, limit=6.0, n=101, half=half)
    z1, z2 = np.meshgrid(s.x.astype(np.float64), s.y.astype(np.float64))  # z[i, j] at (x[j], y[i])
    logits = np.stack([z1.ravel(), z2.ravel(), np.zeros(z1.size)], axis=-1)
    target = np.full(z1.size, true_class)
    ce = np.asarray(cross_entropy_loss(logits, target, reduction="none")).reshape(z1.shape)
    onehot = np.eye(3)[target]
    quad = np.asarray(mse_loss(softmax(logits), onehot, reduction="none")).sum(axis=1).reshape(z1.shape)
    np.testing.assert_allclose(s.ce, ce, **F32)
    np.testing.assert_allclose(s.quadratic, (0.5 if half else 1.0) * quad, **F32)


def test_surfaces_are_float32_on_a_100_by_100_grid_through_zero() -> None:
    s = softmax_loss_surface(true_class=0)
    for arr in (s.x, s.y, s.ce, s.quadratic):
        assert arr.dtype == np.float32
    assert s.ce.shape == s.quadratic.shape == (101, 101)
    assert s.x[50] == 0.0
    assert s.x[0] == -6.0
    assert s.x[-1] == 6.0
    assert s.ce.nbytes == 101 * 101 * 4


def test_softmax_surface_layout_is_plotlys_rows_are_y() -> None:
    """ce[i, j] is the loss at (z1 = x[j], z2 = y[i]): true class 0 wants z1 large, so CE falls along a row."""
    s = softmax_loss_surface(true_class=0, n=11, limit=5.0)
    row = s.ce[5]  # z2 = 0
    assert np.all(np.diff(row) < 0)
    assert s.ce[5, 10] == pytest.approx(float(cross_entropy_loss([5.0, 0.0, 0.0], 0)), rel=1e-6)


def test_softmax_ce_is_convex_and_the_quadratic_cost_is_not() -> None:
    """Midpoint convexity along every row and column of the grid (discrete second differences)."""
    s = softmax_loss_surface(true_class=1, n=61, limit=6.0)
    h2 = float(s.x[1] - s.x[0]) ** 2
    ce = s.ce.astype(np.float64)
    quad = s.quadratic.astype(np.float64)
    # curvature along rows and columns; float32 rounding alone gives at most ~1e-4 here
    assert min(np.diff(ce, n=2, axis=a).min() for a in (0, 1)) / h2 > -1e-3
    assert min(np.diff(quad, n=2, axis=a).min() for a in (0, 1)) / h2 < -0.1


def test_quadratic_plateau_where_a_wrong_class_wins() -> None:
    """Where class 2 (wrong) takes the mass, CE still slopes by > 1 per unit of logit; the quadratic cost by < 0.01."""
    s = softmax_loss_surface(true_class=0, n=121, limit=6.0)
    gy, gx = np.gradient(s.ce.astype(np.float64), s.y, s.x)
    qy, qx = np.gradient(s.quadratic.astype(np.float64), s.y, s.x)
    i, j = np.searchsorted(s.y, 5.0), np.searchsorted(s.x, -5.0)  # z1 = -5 (true), z2 = 5 (wrong)
    assert np.hypot(gx[i, j], gy[i, j]) > 1.0
    assert np.hypot(qx[i, j], qy[i, j]) < 0.01
    assert s.quadratic[i, j] > 0.99  # high loss, nearly at its ceiling of 1 (½ · 2)


def test_surface_ce_follows_the_base() -> None:
    nats = softmax_loss_surface(true_class=2, n=21)
    bits = softmax_loss_surface(true_class=2, n=21, base=2)
    np.testing.assert_allclose(bits.ce, nats.ce / np.log(2), rtol=1e-6)
    np.testing.assert_array_equal(bits.quadratic, nats.quadratic)


def test_extreme_logits_stay_finite() -> None:
    s = softmax_loss_surface(true_class=0, limit=5000.0, n=5)
    assert np.isfinite(s.ce).all()
    assert s.ce.max() == pytest.approx(10000.0)
    assert np.isfinite(s.quadratic).all()


@pytest.mark.parametrize("half", [True, False])
def test_logistic_surface_matches_core_at_every_grid_point(half: bool) -> None:
    x, y = toy_dataset()
    s = logistic_loss_surface(x, y, direction=TOY_DIRECTION, n=41, half=half)
    w, b = np.meshgrid(s.x.astype(np.float64), s.y.astype(np.float64))
    proj = x @ TOY_DIRECTION
    z = b.ravel()[:, None] + w.ravel()[:, None] * proj[None, :]  # (points, N)
    targets = np.broadcast_to(y, z.shape)
    ce = np.asarray(binary_cross_entropy_with_logits(z, targets, reduction="none")).mean(axis=1)
    quad = np.asarray(mse_loss(sigmoid(z), targets, reduction="none")).mean(axis=1)
    np.testing.assert_allclose(s.ce, ce.reshape(w.shape), **F32)
    np.testing.assert_allclose(s.quadratic, (0.5 if half else 1.0) * quad.reshape(w.shape), **F32)


def test_logistic_surface_equals_the_training_cost_at_a_grid_point() -> None:
    x, y = toy_dataset()
    s = logistic_loss_surface(x, y, direction=TOY_DIRECTION, n=13, base=2)  # grid step 1: integers
    for loss, surface in (("ce", s.ce), ("quadratic", s.quadratic)):
        run = train_logistic_regression(
            x, y, w0=-4.0 * TOY_DIRECTION, b0=2.0, loss=loss, learning_rate=1.0, epochs=0, base=2
        )
        assert surface[8, 2] == pytest.approx(run.cost[0], rel=1e-6)  # b = y[8] = 2, w = x[2] = -4


def test_logistic_direction_is_normalised() -> None:
    x, y = toy_dataset()
    a = logistic_loss_surface(x, y, direction=TOY_DIRECTION, n=11)
    b = logistic_loss_surface(x, y, direction=[3.0, 3.0], n=11)
    np.testing.assert_array_equal(a.ce, b.ce)


def test_logistic_ce_is_convex_with_one_valley_and_quadratic_has_plateaus() -> None:
    x, y = toy_dataset()
    s = logistic_loss_surface(x, y, direction=TOY_DIRECTION, n=101)
    ce, quad = s.ce.astype(np.float64), s.quadratic.astype(np.float64)
    for axis in (0, 1):
        assert np.diff(ce, n=2, axis=axis).min() > -1e-4
    i, j = np.unravel_index(np.argmin(ce), ce.shape)
    assert s.x[j] > 0
    assert s.y[i] < 0
    assert s.y[i] == pytest.approx(-s.x[j], abs=0.5)
    # At the confidently wrong start (w, b) = (-4, 2) the quadratic surface is ~100x flatter than CE's.
    gy, gx = np.gradient(ce, s.y, s.x)
    qy, qx = np.gradient(quad, s.y, s.x)
    i0, j0 = np.argmin(np.abs(s.y - 2.0)), np.argmin(np.abs(s.x + 4.0))
    assert np.hypot(qx[i0, j0], qy[i0, j0]) < 0.02 * np.hypot(gx[i0, j0], gy[i0, j0])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"true_class": 3}, ValueError, "true_class"),
        ({"true_class": True}, ValueError, "true_class"),
        ({"true_class": 0, "n": 1}, ValueError, "n must be"),
        ({"true_class": 0, "n": MAX_GRID + 1}, ValueError, "n must be"),
        ({"true_class": 0, "n": 10.0}, TypeError, "n must be an integer"),
        ({"true_class": 0, "limit": 0.0}, ValueError, "limit"),
        ({"true_class": 0, "half": "yes"}, TypeError, "half"),
    ],
)
def test_softmax_surface_rejects_bad_arguments(kwargs: dict[str, object], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        softmax_loss_surface(**kwargs)  # type: ignore[arg-type]


def test_logistic_surface_rejects_bad_arguments() -> None:
    x, y = toy_dataset()
    with pytest.raises(ValueError, match="zero vector"):
        logistic_loss_surface(x, y, direction=[0.0, 0.0])
    with pytest.raises(ValueError, match="direction has shape"):
        logistic_loss_surface(x, y, direction=[1.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="shape"):
        logistic_loss_surface(x, y[:3], direction=TOY_DIRECTION)
    with pytest.raises(ValueError, match="b_limit"):
        logistic_loss_surface(x, y, direction=TOY_DIRECTION, b_limit=-1.0)
