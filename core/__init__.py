"""Loss Lab's math: information measures and classification losses, in numpy alone.

Everything public is importable from here.  Natural log (nats) by default;
``base=2`` gives bits.  Losses follow ``torch.nn.functional``'s names,
arguments, defaults and reductions, and equal PyTorch's results to 1e-10 in
float64.  Bad arguments raise ``ValueError`` or ``TypeError`` naming the
argument and the value; no function returns NaN.
"""

from ._validation import SUM_TOLERANCE
from .gradients import (
    sigmoid_cross_entropy_grad,
    sigmoid_focal_grad,
    sigmoid_mse_grad,
    softmax_cross_entropy_grad,
    softmax_focal_grad,
    softmax_mse_grad,
)
from .information import (
    binary_entropy,
    cross_entropy,
    entropy,
    js_divergence,
    kl_divergence,
    normalize,
    surprisal,
)
from .losses import (
    BCE_LOG_CLAMP,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy_loss,
    kl_div,
    mse_loss,
    nll_loss,
    sigmoid_focal_loss,
    softmax_focal_loss,
)
from .numerics import log_sigmoid, log_softmax, logsumexp, sigmoid, softmax

__all__ = [
    "BCE_LOG_CLAMP",
    "SUM_TOLERANCE",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "binary_entropy",
    "cross_entropy",
    "cross_entropy_loss",
    "entropy",
    "js_divergence",
    "kl_div",
    "kl_divergence",
    "log_sigmoid",
    "log_softmax",
    "logsumexp",
    "mse_loss",
    "nll_loss",
    "normalize",
    "sigmoid",
    "sigmoid_cross_entropy_grad",
    "sigmoid_focal_grad",
    "sigmoid_focal_loss",
    "sigmoid_mse_grad",
    "softmax",
    "softmax_cross_entropy_grad",
    "softmax_focal_grad",
    "softmax_focal_loss",
    "softmax_mse_grad",
    "surprisal",
]
