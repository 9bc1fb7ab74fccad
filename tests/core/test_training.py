"""core.training: Nielsen's neuron and the toy logistic regression, trained by plain gradient descent.

References: Nielsen, *Neural Networks and Deep Learning* (2015), ch. 3 (the neuron: input 1,
target 0, η = 0.15, starts w = 0.6, b = 0.9 with output 0.82 and w = b = 2 with output 0.98);
an independent pure-Python loop; PyTorch autograd with ``torch.optim.SGD`` where torch is installed.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import sigmoid_cross_entropy_grad, sigmoid_mse_grad
from core.training import (
    MAX_EPOCHS,
    NIELSEN_BAD_START,
    NIELSEN_GOOD_START,
    NIELSEN_LEARNING_RATE,
    TOY_DIRECTION,
    logit_gradient,
    toy_dataset,
    train_logistic_regression,
    train_sigmoid_neuron,
)

NORMAL = np.array([-1.0, 1.0]) / np.sqrt(2.0)


def reference_neuron(w: float, b: float, loss: str, lr: float, epochs: int, x: float = 1.0, y: float = 0.0) -> float:
    """Nielsen's update rules written out with the math module: the output after ``epochs`` updates."""
    for _ in range(epochs):
        a = 1.0 / (1.0 + math.exp(-(w * x + b)))
        if loss == "ce":
            dz = a - y  # Nielsen eq. 61
        elif loss == "quadratic":
            dz = (a - y) * a * (1.0 - a)  # Nielsen eq. 55, with the ½ of C = ½(a - y)²
        else:
            dz = 2.0 * (a - y) * a * (1.0 - a)
        w, b = w - lr * x * dz, b - lr * dz
    return 1.0 / (1.0 + math.exp(-(w * x + b)))


# ---------------------------------------------------------------- Nielsen's neuron


def test_nielsen_starting_outputs_are_082_and_098() -> None:
    good = train_sigmoid_neuron(w0=NIELSEN_GOOD_START[0], b0=NIELSEN_GOOD_START[1], loss="ce", epochs=0)
    bad = train_sigmoid_neuron(w0=NIELSEN_BAD_START[0], b0=NIELSEN_BAD_START[1], loss="ce", epochs=0)
    assert good.output[0] == pytest.approx(0.8175744762, abs=1e-10)  # σ(1.5)
    assert bad.output[0] == pytest.approx(0.9820137900, abs=1e-10)  # σ(4)
    assert round(float(good.output[0]), 2) == 0.82
    assert round(float(bad.output[0]), 2) == 0.98


def test_bad_start_after_30_epochs_mse_still_098_ce_about_021() -> None:
    """The issue's check: plain gradient descent, one example, η = 0.15, 30 epochs from w = b = 2."""
    quad = train_sigmoid_neuron(w0=2.0, b0=2.0, loss="quadratic", learning_rate=0.15, epochs=30)
    ce = train_sigmoid_neuron(w0=2.0, b0=2.0, loss="ce", learning_rate=0.15, epochs=30)
    assert quad.output[-1] == pytest.approx(0.98, abs=0.005)  # 0.97879: barely moved from 0.98201
    assert ce.output[-1] == pytest.approx(0.21, abs=0.01)  # 0.20427 (0.2150 after 29 updates)
    assert quad.output[-1] == pytest.approx(reference_neuron(2.0, 2.0, "quadratic", 0.15, 30), abs=1e-14)
    assert ce.output[-1] == pytest.approx(reference_neuron(2.0, 2.0, "ce", 0.15, 30), abs=1e-14)
    assert quad.output[0] - quad.output[-1] < 0.004
    assert ce.output[0] - ce.output[-1] > 0.75


@pytest.mark.parametrize("loss", ["ce", "quadratic", "mse"])
@pytest.mark.parametrize("start", [NIELSEN_GOOD_START, NIELSEN_BAD_START, (-1.3, 0.4)])
def test_every_epoch_matches_the_reference_loop(loss: str, start: tuple[float, float]) -> None:
    run = train_sigmoid_neuron(w0=start[0], b0=start[1], loss=loss, learning_rate=0.15, epochs=60)
    expected = [reference_neuron(start[0], start[1], loss, 0.15, t) for t in range(61)]
    np.testing.assert_allclose(run.output, expected, rtol=0, atol=1e-13)
    np.testing.assert_array_equal(run.epochs, np.arange(61.0))


def test_bad_start_ce_learns_an_order_of_magnitude_sooner() -> None:
    ce = train_sigmoid_neuron(w0=2.0, b0=2.0, loss="ce", epochs=300)
    quad = train_sigmoid_neuron(w0=2.0, b0=2.0, loss="quadratic", epochs=300)
    assert ce.first_epoch_within(0.5) == 17
    assert quad.first_epoch_within(0.5) == 232
    good = train_sigmoid_neuron(w0=0.6, b0=0.9, loss="quadratic", epochs=300)
    assert good.first_epoch_within(0.5) == 36  # from the good start the quadratic cost learns at once
    assert train_sigmoid_neuron(w0=2.0, b0=2.0, loss="quadratic", epochs=100).first_epoch_within(0.5) is None


def test_mse_is_quadratic_at_twice_the_learning_rate() -> None:
    mse = train_sigmoid_neuron(w0=2.0, b0=2.0, loss="mse", learning_rate=0.1, epochs=200)
    quad = train_sigmoid_neuron(w0=2.0, b0=2.0, loss="quadratic", learning_rate=0.2, epochs=200)
    np.testing.assert_allclose(mse.output, quad.output, rtol=1e-13)
    np.testing.assert_allclose(mse.cost, 2.0 * quad.cost, rtol=1e-13)


def test_costs_are_the_textbook_formulas_and_ce_follows_the_base() -> None:
    run = train_sigmoid_neuron(w0=0.6, b0=0.9, loss="ce", epochs=5)
    a = run.output
    np.testing.assert_allclose(run.cost, -np.log1p(-a), rtol=1e-12)  # y = 0: -log(1 - a)
    bits = train_sigmoid_neuron(w0=0.6, b0=0.9, loss="ce", epochs=5, base=2)
    np.testing.assert_allclose(bits.cost, run.cost / np.log(2), rtol=1e-13)
    np.testing.assert_array_equal(bits.output, run.output)  # units change the report, never the updates
    quad = train_sigmoid_neuron(w0=0.6, b0=0.9, loss="quadratic", epochs=5)
    np.testing.assert_allclose(quad.cost, 0.5 * quad.output**2, rtol=1e-13)


def test_batched_starts_equal_separate_runs() -> None:
    w0 = np.array([0.6, 2.0, -3.0])
    b0 = np.array([0.9, 2.0, 1.0])
    batch = train_sigmoid_neuron(w0=w0, b0=b0, loss="quadratic", epochs=40)
    assert batch.output.shape == (41, 3)
    for i in range(3):
        single = train_sigmoid_neuron(w0=float(w0[i]), b0=float(b0[i]), loss="quadratic", epochs=40)
        np.testing.assert_array_equal(batch.output[:, i], single.output)
    broadcast = train_sigmoid_neuron(w0=w0, b0=2.0, loss="ce", epochs=3)
    assert broadcast.w.shape == (4, 3)


def test_zero_epochs_returns_the_start() -> None:
    run = train_sigmoid_neuron(w0=0.6, b0=0.9, loss="ce", epochs=0)
    assert run.w.tolist() == [0.6]
    assert run.b.tolist() == [0.9]


def test_extreme_starts_stay_finite() -> None:
    """Saturated sigmoids (z = ±2000) neither overflow nor produce NaN; CE's cost is exact there."""
    run = train_sigmoid_neuron(w0=1000.0, b0=1000.0, loss="ce", learning_rate=2.0, epochs=50)
    assert np.isfinite(run.cost).all()
    assert np.isfinite(run.w).all()
    assert run.cost[0] == pytest.approx(2000.0)  # -log(1 - σ(2000)) = softplus(2000) = 2000
    quad = train_sigmoid_neuron(w0=1000.0, b0=1000.0, loss="quadratic", epochs=50)
    assert np.all(quad.w == 1000.0)  # σ'(2000) underflows to 0: the quadratic cost cannot move at all


@pytest.mark.torch
@pytest.mark.parametrize(("loss", "scale"), [("ce", None), ("quadratic", 0.5), ("mse", 1.0)])
def test_neuron_matches_pytorch_sgd(loss: str, scale: float | None) -> None:
    torch = pytest.importorskip("torch")
    w = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=0.15)
    x, y = torch.tensor(1.0, dtype=torch.float64), torch.tensor(0.0, dtype=torch.float64)
    outputs = []
    for _ in range(30):
        z = w * x + b
        if scale is None:
            cost = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
        else:
            cost = scale * torch.nn.functional.mse_loss(torch.sigmoid(z), y)
        opt.zero_grad()
        cost.backward()
        opt.step()
        outputs.append(float(torch.sigmoid(w * x + b).detach()))
    run = train_sigmoid_neuron(w0=2.0, b0=2.0, loss=loss, learning_rate=0.15, epochs=30)
    np.testing.assert_allclose(run.output[1:], outputs, rtol=0, atol=1e-13)


# ---------------------------------------------------------------- the gradient the trainers use


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-30, 30), min_size=1, max_size=8),
    st.sampled_from([0.0, 1.0, 0.3]),
)
def test_logit_gradient_equals_core_gradients(z: list[float], y: float) -> None:
    zz, yy = np.array(z), np.full(len(z), y)
    np.testing.assert_allclose(logit_gradient(zz, yy, loss="ce"), sigmoid_cross_entropy_grad(zz, yy), atol=1e-15)
    np.testing.assert_allclose(logit_gradient(zz, yy, loss="mse"), sigmoid_mse_grad(zz, yy), atol=1e-15)
    np.testing.assert_allclose(logit_gradient(zz, yy, loss="quadratic"), 0.5 * sigmoid_mse_grad(zz, yy), atol=1e-15)


def test_quadratic_gradient_vanishes_where_confidently_wrong_and_ce_does_not() -> None:
    z = np.array([4.0, 8.0, 12.0])
    ce = logit_gradient(z, np.zeros(3), loss="ce")
    quad = logit_gradient(z, np.zeros(3), loss="quadratic")
    assert np.all(ce > 0.98)
    a = 1.0 / (1.0 + math.exp(-4.0))
    assert quad[0] == pytest.approx(a * a * (1.0 - a), rel=1e-12)  # (a - 0)·a(1 - a)
    assert np.all(np.diff(quad) < 0)
    assert quad[-1] < 1e-5


# ---------------------------------------------------------------- the toy dataset and logistic regression


def test_toy_dataset_is_deterministic_balanced_and_mirror_symmetric() -> None:
    x, y = toy_dataset()
    x2, y2 = toy_dataset()
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(y, y2)
    assert x.shape == (22, 2)
    assert y.shape == (22,)
    assert int(y.sum()) == 11
    assert set(np.unique(y)) == {0.0, 1.0}
    s, t = x @ TOY_DIRECTION, x @ NORMAL
    for label in (0.0, 1.0):
        pts = sorted(zip(s[y == label].round(12), t[y == label].round(12), strict=True))
        mirrored = sorted(zip(s[y == label].round(12), (-t[y == label]).round(12), strict=True))
        assert pts == mirrored  # every point has its mirror image about the line through u
    # class 1 is the mirror image of class 0 about s = 1, so the best boundary is s = 1
    np.testing.assert_allclose(np.sort(s[y == 1]), np.sort(2.0 - s[y == 0]), atol=1e-12)


def test_best_accuracy_is_20_of_22_and_ce_reaches_it() -> None:
    x, y = toy_dataset()
    s = x @ TOY_DIRECTION
    assert int(((s > 1.0) == (y == 1)).sum()) == 20  # one point of each class across s = 1
    run = train_logistic_regression(x, y, w0=[0.0, 0.0], b0=0.0, loss="ce", learning_rate=0.5, epochs=300)
    assert run.accuracy.max() == pytest.approx(20 / 22)
    assert run.first_epoch_reaching(20 / 22) is not None


def test_from_the_bad_start_quadratic_crawls_and_ce_does_not() -> None:
    x, y = toy_dataset()
    kw = {"w0": -4.0 * TOY_DIRECTION, "b0": 2.0, "learning_rate": 0.5, "epochs": 200}
    ce = train_logistic_regression(x, y, loss="ce", **kw)  # type: ignore[arg-type]
    quad = train_logistic_regression(x, y, loss="quadratic", **kw)  # type: ignore[arg-type]
    assert ce.accuracy[0] == pytest.approx(3 / 22)
    assert ce.accuracy[-1] == pytest.approx(20 / 22)
    assert quad.accuracy[-1] < 0.3
    assert ce.first_epoch_reaching(0.9) == 53
    assert quad.first_epoch_reaching(0.9) is None


def test_runs_started_along_u_stay_in_the_w_b_plane() -> None:
    x, y = toy_dataset()
    for loss in ("ce", "quadratic", "mse"):
        run = train_logistic_regression(x, y, w0=-4.0 * TOY_DIRECTION, b0=2.0, loss=loss, learning_rate=1.0, epochs=150)
        assert np.abs(run.weights @ NORMAL).max() < 1e-12


def test_logistic_step_is_the_gradient_of_the_mean_cost() -> None:
    """One update equals -η times the central finite-difference gradient of the mean cost."""
    x, y = toy_dataset()
    w0, b0, lr = np.array([0.7, -1.1]), 0.3, 0.25
    for loss in ("ce", "quadratic", "mse"):
        run = train_logistic_regression(x, y, w0=w0, b0=b0, loss=loss, learning_rate=lr, epochs=1)

        def cost(w: np.ndarray, b: float, loss: str = loss) -> float:
            c = train_logistic_regression(x, y, w0=w, b0=b, loss=loss, learning_rate=1.0, epochs=0).cost
            return float(c[0])

        h = 1e-6
        grad = [(cost(w0 + h * e, b0) - cost(w0 - h * e, b0)) / (2 * h) for e in np.eye(2)]
        grad_b = (cost(w0, b0 + h) - cost(w0, b0 - h)) / (2 * h)
        np.testing.assert_allclose(run.weights[1], w0 - lr * np.array(grad), atol=1e-8)
        assert run.bias[1] == pytest.approx(b0 - lr * grad_b, abs=1e-8)


@pytest.mark.torch
@pytest.mark.parametrize(("loss", "scale"), [("ce", None), ("quadratic", 0.5)])
def test_logistic_regression_matches_pytorch(loss: str, scale: float | None) -> None:
    torch = pytest.importorskip("torch")
    x, y = toy_dataset()
    xt, yt = torch.tensor(x), torch.tensor(y)
    w = torch.tensor(-4.0 * TOY_DIRECTION, requires_grad=True)
    b = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=0.5)
    for _ in range(50):
        z = xt @ w + b
        if scale is None:
            cost = torch.nn.functional.binary_cross_entropy_with_logits(z, yt)
        else:
            cost = scale * torch.nn.functional.mse_loss(torch.sigmoid(z), yt)
        opt.zero_grad()
        cost.backward()
        opt.step()
    run = train_logistic_regression(x, y, w0=-4.0 * TOY_DIRECTION, b0=2.0, loss=loss, learning_rate=0.5, epochs=50)
    np.testing.assert_allclose(run.weights[-1], w.detach().numpy(), atol=1e-12)
    assert run.bias[-1] == pytest.approx(float(b.detach()), abs=1e-12)


# ---------------------------------------------------------------- bad arguments


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"loss": "hinge"}, ValueError, "loss must be one of"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"learning_rate": float("nan")}, ValueError, "learning_rate"),
        ({"epochs": -1}, ValueError, "epochs"),
        ({"epochs": MAX_EPOCHS + 1}, ValueError, "epochs"),
        ({"epochs": 3.5}, TypeError, "epochs"),
        ({"epochs": True}, TypeError, "epochs"),
        ({"y": 1.5}, ValueError, "y"),
        ({"w0": [1.0, 2.0], "b0": [1.0, 2.0, 3.0]}, ValueError, "broadcast"),
        ({"w0": float("inf")}, ValueError, "w0"),
        ({"base": 1.0}, ValueError, "base"),
    ],
)
def test_neuron_rejects_bad_arguments(kwargs: dict[str, object], error: type[Exception], match: str) -> None:
    args: dict[str, object] = {"w0": 2.0, "b0": 2.0, "loss": "ce", **kwargs}
    with pytest.raises(error, match=match):
        train_sigmoid_neuron(**args)  # type: ignore[arg-type]


def test_logistic_regression_rejects_bad_shapes() -> None:
    x, y = toy_dataset()
    with pytest.raises(ValueError, match="w0 has shape"):
        train_logistic_regression(x, y, w0=[1.0], b0=0.0, loss="ce", learning_rate=0.1, epochs=1)
    with pytest.raises(ValueError, match="shape"):
        train_logistic_regression(x, y[:-1], w0=[1.0, 1.0], b0=0.0, loss="ce", learning_rate=0.1, epochs=1)
    with pytest.raises(ValueError, match="outside"):
        train_logistic_regression(x, y + 1, w0=[1.0, 1.0], b0=0.0, loss="ce", learning_rate=0.1, epochs=1)


def test_first_epoch_helpers_validate() -> None:
    run = train_sigmoid_neuron(w0=2.0, b0=2.0, loss="ce", epochs=5)
    with pytest.raises(ValueError, match="tolerance"):
        run.first_epoch_within(0.0)
    batch = train_sigmoid_neuron(w0=[1.0, 2.0], b0=2.0, loss="ce", epochs=5)
    with pytest.raises(ValueError, match="unbatched"):
        batch.first_epoch_within(0.5)
    x, y = toy_dataset()
    lr_run = train_logistic_regression(x, y, w0=[0.0, 0.0], b0=0.0, loss="ce", learning_rate=0.1, epochs=2)
    with pytest.raises(ValueError, match="accuracy"):
        lr_run.first_epoch_reaching(1.5)
    assert NIELSEN_LEARNING_RATE == 0.15
