"""`core` losses and gradients against live PyTorch (skipped where torch is not installed; CI installs it)."""

from __future__ import annotations

import numpy as np
import pytest

import core

from .loss_cases import Case, all_cases
from .torch_reference import torch_result

torch = pytest.importorskip("torch")
F = pytest.importorskip("torch.nn.functional")

RTOL, ATOL = 1e-10, 1e-12
CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_core_equals_pytorch(case: Case) -> None:
    ours = getattr(core, case.fn)(*case.args, **case.kwargs)
    np.testing.assert_allclose(ours, torch_result(case), rtol=RTOL, atol=ATOL)


def test_random_cross_entropy_batches_agree_to_1e10() -> None:
    rng = np.random.default_rng(11)
    for _ in range(50):
        n, c = rng.integers(1, 20), rng.integers(2, 12)
        logits = rng.normal(scale=rng.uniform(0.1, 30), size=(n, c))
        target = rng.integers(0, c, size=n)
        weight = rng.uniform(0.1, 3, size=c)
        eps = float(rng.uniform(0, 1))
        ours = core.cross_entropy_loss(logits, target, weight=weight, label_smoothing=eps)
        ref = F.cross_entropy(
            torch.from_numpy(logits), torch.from_numpy(target), weight=torch.from_numpy(weight), label_smoothing=eps
        )
        np.testing.assert_allclose(ours, ref.item(), rtol=RTOL)


def test_all_ignored_mean_raises_where_pytorch_returns_nan() -> None:
    logits, target = np.zeros((2, 3)), np.array([-100, -100])
    assert np.isnan(F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(target)).item())
    with pytest.raises(ValueError, match="PyTorch would return nan"):
        core.cross_entropy_loss(logits, target)


def _autograd(loss_fn, z: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    zt = torch.tensor(z, requires_grad=True)
    loss_fn(zt).sum().backward()
    return zt.grad.numpy()


def test_softmax_gradients_equal_autograd() -> None:
    rng = np.random.default_rng(12)
    z = rng.normal(scale=4, size=(8, 5))
    y = rng.integers(0, 5, size=8)
    yt = torch.from_numpy(y)
    onehot = torch.nn.functional.one_hot(yt, 5).double()
    ce = _autograd(lambda t: F.cross_entropy(t, yt, reduction="none"), z)
    np.testing.assert_allclose(core.softmax_cross_entropy_grad(z, y), ce, rtol=1e-10, atol=1e-13)
    mse = _autograd(lambda t: ((torch.softmax(t, -1) - onehot) ** 2).sum(-1), z)
    np.testing.assert_allclose(core.softmax_mse_grad(z, y), mse, rtol=1e-9, atol=1e-13)
    for gamma in (0.0, 0.5, 2.0, 5.0):
        from .torch_reference import softmax_focal_loss_torch

        fl = _autograd(lambda t, g=gamma: softmax_focal_loss_torch(t, yt, None, g, "none"), z)
        np.testing.assert_allclose(core.softmax_focal_grad(z, y, gamma=gamma), fl, rtol=1e-9, atol=1e-13)


def test_sigmoid_gradients_equal_autograd() -> None:
    from .torch_reference import torchvision_sigmoid_focal_loss

    rng = np.random.default_rng(13)
    z = rng.normal(scale=4, size=(6, 4))
    for y in (rng.integers(0, 2, size=(6, 4)).astype(float), rng.uniform(size=(6, 4))):
        yt = torch.from_numpy(y)
        ce = _autograd(lambda t, yt=yt: F.binary_cross_entropy_with_logits(t, yt, reduction="none"), z)
        np.testing.assert_allclose(core.sigmoid_cross_entropy_grad(z, y), ce, rtol=1e-10, atol=1e-13)
        mse = _autograd(lambda t, yt=yt: F.mse_loss(torch.sigmoid(t), yt, reduction="none"), z)
        np.testing.assert_allclose(core.sigmoid_mse_grad(z, y), mse, rtol=1e-9, atol=1e-13)
        for alpha, gamma in ((0.25, 2.0), (None, 0.5), (0.9, 5.0), (None, 0.0), (-1.0, 2.0)):
            a = -1.0 if alpha is None else alpha
            fl = _autograd(lambda t, yt=yt, a=a, g=gamma: torchvision_sigmoid_focal_loss(t, yt, a, g, "none"), z)
            np.testing.assert_allclose(
                core.sigmoid_focal_grad(z, y, alpha=alpha, gamma=gamma), fl, rtol=1e-9, atol=1e-13
            )
