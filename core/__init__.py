"""Loss Lab's math library: information measures and classification losses, in numpy alone.

``import core`` offers the reusable library and nothing else.  Natural log
(nats) by default; ``base=2`` gives bits.  Losses follow
``torch.nn.functional``'s names, arguments, defaults and reductions, and equal
PyTorch's results to 1e-10 in float64.  Bad arguments raise ``ValueError`` or
``TypeError`` naming the argument and the value; no function returns NaN.

>>> import core
>>> round(core.entropy([0.7, 0.2, 0.1]), 6)
0.801819
>>> round(core.cross_entropy_loss([[-1, 0.5, 2], [-1, 0.5, 3]], [1, 2]), 6)  # as nn.CrossEntropyLoss()
0.918493

The public names (`__all__`), by module:

- numerics (`core.numerics`): `logsumexp`, `softmax`, `log_softmax`, `sigmoid`,
  `log_sigmoid`.
- information measures (`core.information`): `surprisal`, `entropy`,
  `binary_entropy`, `cross_entropy`, `kl_divergence`, `js_divergence`, and
  `normalize`, which rescales non-negative weights into a distribution;
  `SUM_TOLERANCE` is how far from 1 a distribution's sum may be.
- losses (`core.losses`): `cross_entropy_loss`, `nll_loss`,
  `binary_cross_entropy`, `binary_cross_entropy_with_logits`, `mse_loss`,
  `kl_div`, `sigmoid_focal_loss`, `softmax_focal_loss`; `BCE_LOG_CLAMP` is where
  ``binary_cross_entropy`` clamps each log, as PyTorch does.
- gradients with respect to the logits (`core.gradients`):
  `softmax_cross_entropy_grad`, `sigmoid_cross_entropy_grad`,
  `sigmoid_mse_grad`, `softmax_mse_grad`, `sigmoid_focal_grad`,
  `softmax_focal_grad`.

The pages' own models are not re-exported; import them from their modules:
`core.distributions` (entropy explorer), `core.comparison`, `core.training`
and `core.surfaces` (CE vs MSE), `core.gaussians` and `core.distillation` (KL
asymmetry), `core.focal` (focal loss), `core.steps` and `core.snippets` (the
calculator).
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
