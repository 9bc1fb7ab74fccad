"""PyTorch's answer for a `Case`: the oracle behind the live and the golden comparisons.

``torch.nn.functional`` computes every loss it has; torchvision is not
installable here (no CPU build), so its ``sigmoid_focal_loss`` is transcribed
from torchvision/ops/focal_loss.py (v0.20) line for line, and the softmax focal
loss is written out in torch ops from Lin et al. (2017), eq. 5.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .loss_cases import Case


def _t(x: Any) -> Any:
    import torch

    arr = np.asarray(x)
    return torch.from_numpy(arr.copy()) if arr.ndim else torch.tensor(arr.item(), dtype=torch.from_numpy(arr).dtype)


def torchvision_sigmoid_focal_loss(inputs: Any, targets: Any, alpha: float, gamma: float, reduction: str) -> Any:
    """torchvision.ops.sigmoid_focal_loss, transcribed (alpha < 0 disables the α term)."""
    import torch
    import torch.nn.functional as F

    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    if reduction == "mean":
        loss = loss.mean()
    elif reduction == "sum":
        loss = loss.sum()
    return loss


def softmax_focal_loss_torch(logits: Any, target: Any, alpha: Any, gamma: float, reduction: str) -> Any:
    import torch
    import torch.nn.functional as F

    logp = F.log_softmax(logits, dim=-1)
    logp_t = logp.gather(-1, target.unsqueeze(-1)).squeeze(-1)
    loss = -((1 - logp_t.exp()) ** gamma) * logp_t
    if alpha is not None:
        a = torch.as_tensor(alpha, dtype=logits.dtype)
        loss = loss * (a[target] if a.ndim else a)
    if reduction == "mean":
        loss = loss.mean()
    elif reduction == "sum":
        loss = loss.sum()
    return loss


def torch_result(case: Case) -> float | np.ndarray:
    """Run ``case`` through PyTorch in float64 and return a float or an array."""
    import torch.nn.functional as F

    args = [_t(a) for a in case.args]
    kw = {k: (_t(v) if isinstance(v, np.ndarray) else v) for k, v in case.kwargs.items()}
    if case.fn == "cross_entropy_loss":
        out = F.cross_entropy(*args, **kw)
    elif case.fn == "nll_loss":
        out = F.nll_loss(*args, **kw)
    elif case.fn == "binary_cross_entropy":
        out = F.binary_cross_entropy(*args, **kw)
    elif case.fn == "binary_cross_entropy_with_logits":
        out = F.binary_cross_entropy_with_logits(*args, **kw)
    elif case.fn == "mse_loss":
        out = F.mse_loss(*args, **kw)
    elif case.fn == "kl_div":
        with warnings.catch_warnings():  # PyTorch warns that 'mean' is not the KL; that is the point
            warnings.simplefilter("ignore", UserWarning)
            out = F.kl_div(*args, **kw)
    elif case.fn == "sigmoid_focal_loss":
        alpha = -1.0 if kw["alpha"] is None else kw["alpha"]
        out = torchvision_sigmoid_focal_loss(*args, alpha, kw["gamma"], kw["reduction"])
    elif case.fn == "softmax_focal_loss":
        out = softmax_focal_loss_torch(*args, case.kwargs["alpha"], kw["gamma"], kw["reduction"])
    else:
        raise KeyError(case.fn)
    arr = out.detach().numpy()
    return float(arr) if arr.ndim == 0 else arr
