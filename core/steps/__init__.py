"""Every loss of the calculator, taken apart step by step, ending on PyTorch's number.

Each ``*_steps`` function takes the same inputs as its `core.losses`
counterpart (and so as ``torch.nn.functional``) and returns a `Steps`: the
per-class intermediate values (logits → softmax or sigmoid → log-probabilities
→ the terms that are picked or weighted), the per-sample (or per-element)
losses, and the reduction with its numerator and denominator spelled out.  The
decomposition repeats the arithmetic of `core.losses` operation for operation,
so its final number is *bitwise* equal to the core function's (the tests check
this with ``==`` across every option), which in turn equals PyTorch's to 1e-10.

Inputs are always a batch: predictions of shape ``(N, C)``; targets either
``N`` integer class indices or an ``(N, C)`` float matrix, exactly as PyTorch
tells the two apart.  Arguments are validated by calling the core function
first, so a bad argument raises the same ``ValueError``/``TypeError``.

One module per job:

- `core.steps.registry`: `LOSSES` (what each loss takes) and `compute_steps`, the entry point;
- `core.steps.per_sample`: cross-entropy, NLL and the softmax focal loss, one loss per row;
- `core.steps.elementwise`: BCE, BCE with logits, KL divergence and the sigmoid focal loss;
- `core.steps.table`: `Column` and `Steps`, and the reduction spelled out;
- `core.steps.latex`: the formulas shown beside the tables;
- `core.steps.export`: the tables as CSV;
- `core.steps.examples`: the worked examples.

>>> steps = compute_steps("cross_entropy", [[-1.0, 0.5, 2.0], [-1.0, 0.5, 3.0]], [1, 2])
>>> format_value(steps.numerator), steps.denominator, format_value(steps.value)
('1.836986', 2.0, '0.918493')

Reference: ``torch.nn.functional`` (cross_entropy, nll_loss,
binary_cross_entropy, binary_cross_entropy_with_logits, kl_div);
``torchvision.ops.sigmoid_focal_loss``; Lin et al. (2017), "Focal Loss for
Dense Object Detection", eq. 5.
"""

from __future__ import annotations

from .elementwise import (
    ELEMENT_COLUMNS_MAX_CLASSES,
    bce_steps,
    bce_with_logits_steps,
    kl_div_steps,
    sigmoid_focal_steps,
)
from .examples import EXAMPLES, Example
from .export import class_table_csv, sample_table_csv
from .per_sample import cross_entropy_steps, log_probabilities, nll_steps, softmax_focal_steps
from .registry import LOSSES, LossSpec, compute_steps
from .table import INPUT_KINDS, Column, Steps, format_value, format_values

__all__ = [
    "ELEMENT_COLUMNS_MAX_CLASSES",
    "EXAMPLES",
    "INPUT_KINDS",
    "LOSSES",
    "Column",
    "Example",
    "LossSpec",
    "Steps",
    "bce_steps",
    "bce_with_logits_steps",
    "class_table_csv",
    "compute_steps",
    "cross_entropy_steps",
    "format_value",
    "format_values",
    "kl_div_steps",
    "log_probabilities",
    "nll_steps",
    "sample_table_csv",
    "sigmoid_focal_steps",
    "softmax_focal_steps",
]
