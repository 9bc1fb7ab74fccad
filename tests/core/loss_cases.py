"""Every option combination of every `core` loss, as concrete inputs, for PyTorch comparisons.

Used twice: live against PyTorch (tests/core/test_losses_torch.py, where torch is
installed) and by scripts/make_golden.py, which stores PyTorch's answers in
tests/golden/torch_losses.json for machines without torch.  Inputs are drawn
from a seeded generator, so the list is the same on every machine.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np

REDUCTIONS = ("none", "mean", "sum")


@dataclass(frozen=True)
class Case:
    """One call: ``core.<fn>(*args, **kwargs)`` and its PyTorch counterpart."""

    id: str
    fn: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _softmax_rows(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy_cases() -> list[Case]:
    cases = []
    n, c = 6, 5
    rng = _rng(1)
    logits = rng.normal(scale=3.0, size=(n, c))
    logits[0, 2] = 40.0  # a confident row
    weight = rng.uniform(0.2, 2.0, size=c)
    for batched, w, ignore, red, eps in itertools.product(
        (True, False), (None, weight), ("default", "custom"), REDUCTIONS, (0.0, 0.1, 0.37)
    ):
        if batched:
            target = rng.integers(0, c, size=n)
            if ignore == "default":
                target[1] = -100
                kw_ignore = -100
            else:
                kw_ignore = int(target[3])  # an in-range class ignored
            x = logits
        else:
            target = np.int64(rng.integers(0, c))
            kw_ignore = -100 if ignore == "default" else int((target + 1) % c)
            x = logits[2]
        kwargs: dict[str, Any] = {"reduction": red, "label_smoothing": eps, "ignore_index": kw_ignore}
        if w is not None:
            kwargs["weight"] = w
        cid = f"ce-{'batch' if batched else 'single'}-index-{'w' if w is not None else 'now'}-{ignore}-{red}-ls{eps}"
        cases.append(Case(cid, "cross_entropy_loss", (x, target), kwargs))
    for batched, w, red, eps in itertools.product((True, False), (None, weight), REDUCTIONS, (0.0, 0.2)):
        probs = _softmax_rows(rng.normal(size=(n, c)))
        probs[0] = np.eye(c)[1]  # a hard label written as probabilities
        x, t = (logits, probs) if batched else (logits[4], probs[2])
        kwargs = {"reduction": red, "label_smoothing": eps}
        if w is not None:
            kwargs["weight"] = w
        cid = f"ce-{'batch' if batched else 'single'}-probs-{'w' if w is not None else 'now'}-{red}-ls{eps}"
        cases.append(Case(cid, "cross_entropy_loss", (x, t), kwargs))
    return cases


def nll_cases() -> list[Case]:
    cases = []
    rng = _rng(2)
    n, c = 7, 4
    log_probs = np.log(_softmax_rows(rng.normal(scale=2.0, size=(n, c))))
    weight = rng.uniform(0.1, 3.0, size=c)
    for batched, w, ignore, red in itertools.product((True, False), (None, weight), (-100, 2), REDUCTIONS):
        if batched:
            target = rng.integers(0, c, size=n)
            target[0] = ignore if ignore != 2 else 2
            target[1] = 1
            x = log_probs
        else:
            target = np.int64(3)
            x = log_probs[0]
        kwargs: dict[str, Any] = {"reduction": red, "ignore_index": ignore}
        if w is not None:
            kwargs["weight"] = w
        cid = f"nll-{'batch' if batched else 'single'}-{'w' if w is not None else 'now'}-ign{ignore}-{red}"
        cases.append(Case(cid, "nll_loss", (x, target), kwargs))
    return cases


def bce_cases() -> list[Case]:
    cases = []
    rng = _rng(3)
    n, c = 5, 3
    probs = rng.uniform(size=(n, c))
    probs[0, 0], probs[0, 1], probs[1, 2] = 0.0, 1.0, 1e-60  # exercise the -100 clamp
    target = rng.uniform(size=(n, c))
    target[0] = (1.0, 0.0, 1.0)
    for wkind, red in itertools.product(("none", "class", "full"), REDUCTIONS):
        kwargs: dict[str, Any] = {"reduction": red}
        if wkind == "class":
            kwargs["weight"] = rng.uniform(0.5, 2.0, size=c)
        elif wkind == "full":
            kwargs["weight"] = rng.uniform(0.5, 2.0, size=(n, c))
        cases.append(Case(f"bce-{wkind}-{red}", "binary_cross_entropy", (probs, target), kwargs))
    cases.append(Case("bce-1d-mean", "binary_cross_entropy", (np.array([0.1, 0.7, 0.8]), np.array([0.0, 1.0, 1.0]))))
    return cases


def bce_logits_cases() -> list[Case]:
    cases = []
    rng = _rng(4)
    n, c = 5, 3
    logits = rng.normal(scale=4.0, size=(n, c))
    logits[0] = (1e4, -1e4, 50.0)
    target = rng.uniform(size=(n, c))
    target[0] = (0.0, 1.0, 1.0)
    for wkind, pw, red in itertools.product(("none", "class"), (None, "vec", "scalar"), REDUCTIONS):
        kwargs: dict[str, Any] = {"reduction": red}
        if wkind == "class":
            kwargs["weight"] = rng.uniform(0.5, 2.0, size=c)
        if pw == "vec":
            kwargs["pos_weight"] = rng.uniform(0.5, 5.0, size=c)
        elif pw == "scalar":
            kwargs["pos_weight"] = np.array([3.0])
        cases.append(Case(f"bcel-{wkind}-pw{pw}-{red}", "binary_cross_entropy_with_logits", (logits, target), kwargs))
    return cases


def mse_cases() -> list[Case]:
    rng = _rng(5)
    x, y = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    return [Case(f"mse-{red}", "mse_loss", (x, y), {"reduction": red}) for red in REDUCTIONS] + [
        Case("mse-1d", "mse_loss", (x[0], y[0]))
    ]


def kl_div_cases() -> list[Case]:
    cases = []
    rng = _rng(6)
    n, c = 4, 5
    log_q = np.log(_softmax_rows(rng.normal(size=(n, c))))
    p = _softmax_rows(rng.normal(size=(n, c)))
    p[0] = (0.0, 0.5, 0.5, 0.0, 0.0)  # zeros in the target: 0 log 0 = 0
    for batched, log_target, red in itertools.product(
        (True, False), (False, True), ("none", "batchmean", "sum", "mean")
    ):
        x, t = (log_q, p) if batched else (log_q[1], p[1])
        if log_target:
            t = np.log(np.where(t > 0, t, 1.0)) - 50.0 * (t == 0)  # log p, with "zeros" as e^-50
        cid = f"kldiv-{'batch' if batched else 'single'}-{'logt' if log_target else 'p'}-{red}"
        cases.append(Case(cid, "kl_div", (x, t), {"reduction": red, "log_target": log_target}))
    return cases


def sigmoid_focal_cases() -> list[Case]:
    cases = []
    rng = _rng(7)
    logits = rng.normal(scale=3.0, size=(6, 3))
    logits[0] = (30.0, -30.0, 0.0)
    hard = rng.integers(0, 2, size=(6, 3)).astype(float)
    soft = rng.uniform(size=(6, 3))
    for tname, alpha, gamma, red in itertools.product(
        ("hard", "soft"), (0.25, None, 0.9, 0.0), (0.0, 0.5, 2.0, 5.0), REDUCTIONS
    ):
        t = hard if tname == "hard" else soft
        cid = f"sfocal-{tname}-a{alpha}-g{gamma}-{red}"
        cases.append(Case(cid, "sigmoid_focal_loss", (logits, t), {"alpha": alpha, "gamma": gamma, "reduction": red}))
    # torchvision's "no weighting": alpha=-1 as its documentation spells it, and any negative value.
    for tname, alpha, red in itertools.product(("hard", "soft"), (-1.0, -0.5), REDUCTIONS):
        t = hard if tname == "hard" else soft
        cid = f"sfocal-{tname}-a{alpha}-g2.0-{red}"
        cases.append(Case(cid, "sigmoid_focal_loss", (logits, t), {"alpha": alpha, "gamma": 2.0, "reduction": red}))
    return cases


def softmax_focal_cases() -> list[Case]:
    cases = []
    rng = _rng(8)
    logits = rng.normal(scale=3.0, size=(6, 4))
    logits[0] = (25.0, -5.0, 0.0, 1.0)
    target = rng.integers(0, 4, size=6)
    target[0] = 0
    alpha_vec = rng.uniform(0.1, 1.0, size=4)
    for batched, alpha, gamma, red in itertools.product(
        (True, False), (None, 0.25, "vec"), (0.0, 0.5, 2.0, 5.0), REDUCTIONS
    ):
        x, t = (logits, target) if batched else (logits[1], np.int64(target[1]))
        a = alpha_vec if alpha == "vec" else alpha
        cid = f"mfocal-{'batch' if batched else 'single'}-a{alpha}-g{gamma}-{red}"
        cases.append(Case(cid, "softmax_focal_loss", (x, t), {"alpha": a, "gamma": gamma, "reduction": red}))
    return cases


def all_cases() -> list[Case]:
    return [
        *cross_entropy_cases(),
        *nll_cases(),
        *bce_cases(),
        *bce_logits_cases(),
        *mse_cases(),
        *kl_div_cases(),
        *sigmoid_focal_cases(),
        *softmax_focal_cases(),
    ]
