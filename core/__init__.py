"""Loss Lab's math: information measures and classification losses, in numpy alone.

Everything public is importable from here.  Natural log (nats) by default;
``base=2`` gives bits.  Losses follow ``torch.nn.functional``'s names,
arguments, defaults and reductions, and equal PyTorch's results to 1e-10 in
float64.  Bad arguments raise ``ValueError`` or ``TypeError`` naming the
argument and the value; no function returns NaN.

The foundation (numerics, information measures, losses, gradients) is listed
first; the page-specific modules follow: `distributions` (entropy explorer),
`comparison`, `training` and `surfaces` (CE vs MSE), `gaussians` and
`distillation` (KL asymmetry), `focal` (focal loss), `steps` and `snippets`
(the calculator).
"""

# The pages' own math, one module per topic; each module's __all__ is its public API.
from . import comparison, distillation, distributions, focal, gaussians, snippets, steps, surfaces, training
from ._validation import SUM_TOLERANCE
from .comparison import *  # noqa: F403
from .distillation import *  # noqa: F403
from .distributions import *  # noqa: F403
from .focal import *  # noqa: F403
from .gaussians import *  # noqa: F403
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
from .snippets import *  # noqa: F403
from .steps import *  # noqa: F403
from .surfaces import *  # noqa: F403
from .training import *  # noqa: F403

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
__all__ += comparison.__all__
__all__ += distillation.__all__
__all__ += distributions.__all__
__all__ += focal.__all__
__all__ += gaussians.__all__
__all__ += snippets.__all__
__all__ += steps.__all__
__all__ += surfaces.__all__
__all__ += training.__all__
