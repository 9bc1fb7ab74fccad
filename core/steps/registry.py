"""The registry of the calculator's losses, and `compute_steps`, the one entry point to their decompositions.

`LOSSES` says, for each loss, which PyTorch function it mirrors, how it reads
the prediction matrix, what targets, options and reductions it takes, and
whether its losses are elementwise.  `compute_steps` checks a request against
it and dispatches to the ``*_steps`` function.
"""

from __future__ import annotations

from dataclasses import dataclass

from numpy.typing import ArrayLike

from .elementwise import bce_steps, bce_with_logits_steps, kl_div_steps, sigmoid_focal_steps
from .per_sample import cross_entropy_steps, nll_steps, softmax_focal_steps
from .table import Steps


@dataclass(frozen=True)
class LossSpec:
    """What the calculator needs to know about one loss: its PyTorch name and what it takes.

    The words a page shows for it (its title in a loss picker) belong to the
    page, not to `core`.
    """

    key: str
    torch_name: str  # the PyTorch (or torchvision) function
    input_kinds: tuple[str, ...]  # accepted readings of the prediction matrix; the first is the default
    target_kinds: tuple[str, ...]  # "indices" (one class per row) and/or "rows" (an (N, C) matrix)
    options: frozenset[str]  # which of weight, ignore_index, label_smoothing, pos_weight, gamma, alpha apply
    reductions: tuple[str, ...]
    elementwise: bool  # True: one loss per element (N, C); False: one per sample (N,)


LOSSES: dict[str, LossSpec] = {
    s.key: s
    for s in (
        LossSpec(
            "cross_entropy",
            "F.cross_entropy",
            ("logits",),
            ("indices", "rows"),
            frozenset({"weight", "ignore_index", "label_smoothing"}),
            ("none", "mean", "sum"),
            False,
        ),
        LossSpec(
            "nll",
            "F.nll_loss",
            ("probabilities", "log_probabilities", "logits"),
            ("indices",),
            frozenset({"weight", "ignore_index"}),
            ("none", "mean", "sum"),
            False,
        ),
        LossSpec(
            "bce",
            "F.binary_cross_entropy",
            ("probabilities",),
            ("rows",),
            frozenset({"weight"}),
            ("none", "mean", "sum"),
            True,
        ),
        LossSpec(
            "bce_logits",
            "F.binary_cross_entropy_with_logits",
            ("logits",),
            ("rows",),
            frozenset({"weight", "pos_weight"}),
            ("none", "mean", "sum"),
            True,
        ),
        LossSpec(
            "kl_div",
            "F.kl_div",
            ("probabilities", "log_probabilities", "logits"),
            ("rows",),
            frozenset(),
            ("none", "batchmean", "sum", "mean"),
            True,
        ),
        LossSpec(
            "sigmoid_focal",
            "torchvision.ops.sigmoid_focal_loss",
            ("logits",),
            ("rows",),
            frozenset({"gamma", "alpha"}),
            ("none", "mean", "sum"),
            True,
        ),
        LossSpec(
            "softmax_focal",
            "softmax focal loss",
            ("logits",),
            ("indices",),
            frozenset({"gamma", "alpha"}),
            ("none", "mean", "sum"),
            False,
        ),
    )
}


def compute_steps(
    loss: str,
    pred: ArrayLike,
    target: ArrayLike,
    *,
    input_kind: str | None = None,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    label_smoothing: float = 0.0,
    pos_weight: ArrayLike | None = None,
    gamma: float = 2.0,
    alpha: ArrayLike | float | None = None,
    reduction: str = "mean",
) -> Steps:
    """Dispatch to the ``*_steps`` function of ``loss`` (a key of `LOSSES`), passing the options it takes.

    Options a loss does not take are ignored (``weight`` for the focal losses,
    say), so the page can pass every control's value.
    """
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {', '.join(LOSSES)}; got {loss!r}")
    spec = LOSSES[loss]
    kind = spec.input_kinds[0] if input_kind is None else input_kind
    if kind not in spec.input_kinds:
        raise ValueError(f"{spec.torch_name} cannot read the input as {kind}; it takes {', '.join(spec.input_kinds)}")
    if reduction not in spec.reductions:
        raise ValueError(
            f"reduction={reduction!r} is not an option of {spec.torch_name}; choose one of "
            + ", ".join(repr(r) for r in spec.reductions)
        )
    if loss == "cross_entropy":
        return cross_entropy_steps(
            pred, target, weight=weight, ignore_index=ignore_index, reduction=reduction, label_smoothing=label_smoothing
        )
    if loss == "nll":
        return nll_steps(pred, target, input_kind=kind, weight=weight, ignore_index=ignore_index, reduction=reduction)
    if loss == "bce":
        return bce_steps(pred, target, weight=weight, reduction=reduction)
    if loss == "bce_logits":
        return bce_with_logits_steps(pred, target, weight=weight, pos_weight=pos_weight, reduction=reduction)
    if loss == "kl_div":
        return kl_div_steps(pred, target, input_kind=kind, reduction=reduction)
    if loss == "sigmoid_focal":
        a = None if alpha is None else float(alpha)  # type: ignore[arg-type]
        return sigmoid_focal_steps(pred, target, alpha=a, gamma=gamma, reduction=reduction)
    return softmax_focal_steps(pred, target, gamma=gamma, alpha=alpha, reduction=reduction)
