"""The calculator's worked examples: the source posts' numbers (and a few more), each reproducible in one call.

An `Example` holds a loss's inputs and options and says where its number
comes from; ``Example.compute()`` returns its `Steps`.  The words a page shows
for an example (a button's label and tooltip) belong to the page.

The numbers of the five blog posts Loss Lab was started from are cited by the
post's title; one post has no title and is cited by its opening words.

>>> from core.steps import format_value, format_values
>>> by_key = {e.key: e for e in EXAMPLES}
>>> steps = by_key["from_scratch"].compute()
>>> format_values(steps.unreduced), format_value(steps.value)
('1.741311, 0.095674', '0.918493')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .registry import LOSSES, compute_steps
from .table import Steps

#: The posts the examples cite (four by title, one by its opening words).
_MCCAFFREY_POST = "交叉熵损失(Cross Entropy Loss)学习笔记, after J. McCaffrey (2013)"
_INTUITION_POST = "一文搞懂交叉熵在机器学习中的使用，透彻理解交叉熵背后的直觉"
_FROM_SCRATCH_POST = "the untitled post opening 进行二分类或多分类问题时,在众多损失函数中交叉熵损失函数较为常用。"


@dataclass(frozen=True)
class Example:
    """A worked example: inputs and options for `compute_steps`, and where its number comes from."""

    key: str
    loss: str
    pred: tuple[tuple[float, ...], ...]
    target: tuple[int, ...] | tuple[tuple[float, ...], ...]  # class indices, or rows
    source: str
    input_kind: str | None = None
    reduction: str = "mean"
    weight: tuple[float, ...] | None = None
    label_smoothing: float = 0.0
    alpha: float | None = None  # the focal losses' α (torchvision's sigmoid focal loss defaults to 0.25)
    gamma: float = 2.0

    def compute(self) -> Steps:
        """This example's steps.

        Class-index targets go in as int64 and rows as float64, as PyTorch tells
        them apart; one-hot rows become class indices for a loss that takes only
        indices (NLL), as the calculator reads them.
        """
        rows = bool(self.target) and isinstance(self.target[0], tuple)
        target = np.array(self.target, dtype=np.float64 if rows else np.int64)
        if rows and "rows" not in LOSSES[self.loss].target_kinds:
            target = np.argmax(target, axis=1)
        return compute_steps(
            self.loss,
            np.array(self.pred, dtype=np.float64),
            target,
            input_kind=self.input_kind,
            reduction=self.reduction,
            weight=self.weight,
            label_smoothing=self.label_smoothing,
            alpha=self.alpha,
            gamma=self.gamma,
        )


_MCCAFFREY_TARGET = ((0.0, 0.0, 1.0), (0.0, 1.0, 0.0), (1.0, 0.0, 0.0))

EXAMPLES: tuple[Example, ...] = (
    Example(
        "from_scratch",
        "cross_entropy", ((-1.0, 0.5, 2.0), (-1.0, 0.5, 3.0)), (1, 2),
        f"{_FROM_SCRATCH_POST}: losses 1.741311 and 0.095674, mean 0.918493 = nn.CrossEntropyLoss()",
    ),
    Example(
        "fashion",
        "nll", ((0.1058, 0.1043, 0.0988, 0.1066, 0.0875, 0.0881, 0.1027, 0.1046, 0.1057, 0.0958),), (4,),
        f"{_FROM_SCRATCH_POST}: −log 0.0875 = 2.436116 (q sums to 0.9999, the post's rounding)",
        input_kind="probabilities",
    ),
    Example(
        "multilabel",
        "bce", ((0.1, 0.7, 0.8),), ((0.0, 1.0, 1.0),),
        f"{_INTUITION_POST}: −log 0.9 − log 0.7 − log 0.8 = 0.685179 summed; BCELoss's mean over 3 nodes 0.228393",
    ),
    Example(
        "mccaffrey1",
        "nll", ((0.3, 0.3, 0.4), (0.3, 0.4, 0.3), (0.1, 0.2, 0.7)), _MCCAFFREY_TARGET,
        f"{_MCCAFFREY_POST}: average cross-entropy 1.378389",
        input_kind="probabilities",
    ),
    Example(
        "mccaffrey2",
        "nll", ((0.1, 0.2, 0.7), (0.1, 0.7, 0.2), (0.3, 0.4, 0.3)), _MCCAFFREY_TARGET,
        f"{_MCCAFFREY_POST}: 0.639108 (the post's 0.54 is a typo; McCaffrey has 0.64)",
        input_kind="probabilities",
    ),
    Example(
        "weighted",
        "cross_entropy", ((2.0, 0.5, -1.0), (0.1, 1.2, 0.3), (-0.5, 0.2, 2.2), (1.0, 1.0, 1.0)), (0, 1, -100, 2),
        "F.cross_entropy(weight=(1, 2, 0.5)): 1.897745 / (1 + 2 + 0.5) = 0.542213",
        weight=(1.0, 2.0, 0.5),
    ),
    Example(
        "smoothing",
        "cross_entropy", ((2.0, 1.0, 0.1),), (0,),
        "F.cross_entropy(label_smoothing=0.1) = 0.513697",
        label_smoothing=0.1,
    ),
    Example(
        "kl",
        "kl_div", ((2.0, 1.0, 0.1), (0.5, 2.5, -1.0)), ((0.7, 0.2, 0.1), (0.1, 0.8, 0.1)),
        "F.kl_div(F.log_softmax(z, 1), p, reduction='batchmean')",
        input_kind="logits", reduction="batchmean",
    ),
    Example(
        "focal",
        "sigmoid_focal", ((3.0, -2.0), (-0.5, 1.0)), ((1.0, 0.0), (1.0, 0.0)),
        "torchvision.ops.sigmoid_focal_loss(alpha=0.25, gamma=2, reduction='mean')",
        alpha=0.25,
    ),
)  # fmt: skip
