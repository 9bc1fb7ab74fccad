"""The calculator's words: what the page calls each loss, each worked example and each option control.

`core.steps` holds the facts (`LOSSES`: which PyTorch function, what it takes;
`EXAMPLES`: the worked examples' numbers and sources); the titles, labels and
tooltips a reader sees belong to the page and live here.  No Streamlit: tests
read it directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.steps import LOSSES

#: Each loss's title in the loss picker (and in messages that name the loss).
LOSS_TITLES: dict[str, str] = {
    "cross_entropy": "Cross-entropy (softmax on logits)",
    "nll": "Negative log-likelihood (NLL)",
    "bce": "Binary cross-entropy on probabilities",
    "bce_logits": "Binary cross-entropy with logits",
    "kl_div": "KL divergence (F.kl_div)",
    "sigmoid_focal": "Sigmoid focal loss (torchvision)",
    "softmax_focal": "Softmax focal loss (multi-class)",
}

#: How the prediction matrix is read (`core.steps.INPUT_KINDS`), in words.
INPUT_KIND_WORDS: dict[str, str] = {
    "logits": "logits",
    "probabilities": "probabilities",
    "log_probabilities": "log-probabilities",
}


@dataclass(frozen=True)
class ExampleText:
    """How the page offers one worked example: its button's label and tooltip."""

    label: str
    help: str


#: The worked examples' buttons, by `core.steps.Example` key.
EXAMPLE_TEXTS: dict[str, ExampleText] = {
    "from_scratch": ExampleText(
        "Logits vs PyTorch (blog post)",
        "A blog post's check against nn.CrossEntropyLoss: two samples of logits, classes 1 and 2 (see Sources).",
    ),
    "fashion": ExampleText(
        "Fashion-MNIST prediction",
        "An untrained network's 10-class prediction q; the true class is 4. NLL of log q.",
    ),
    "multilabel": ExampleText(
        "Multi-label: cat / frog / mouse",
        "Sigmoid outputs (0.1, 0.7, 0.8) for labels (0, 1, 1): one binary cross-entropy per output node.",
    ),
    "mccaffrey1": ExampleText(
        "McCaffrey: network 1",
        "J. McCaffrey's three-class example, network 1 (classification error 1/3), one-hot targets.",
    ),
    "mccaffrey2": ExampleText(
        "McCaffrey: network 2",
        "The same targets; network 2 has the same error, 1/3, but is right with more confidence.",
    ),
    "weighted": ExampleText(
        "Class weights + an ignored target",
        "Class weights (1, 2, 0.5) and a target of -100 (ignored): 'mean' divides by the counted rows' weights.",
    ),
    "smoothing": ExampleText(
        "Label smoothing 0.1",
        "Logits (2, 1, 0.1), true class 0, label_smoothing = 0.1.",
    ),
    "kl": ExampleText(
        "KL: soft labels",
        "Soft targets p against a prediction given as logits; reduction 'batchmean', the mean KL per row.",
    ),
    "focal": ExampleText(
        "Sigmoid focal loss",
        "torchvision's focal loss, α = 0.25, γ = 2: an easy and a hard positive, an easy and a hard negative.",
    ),
}


#: The option controls: widget kind, label, extra widget arguments, tooltip.  Keys are the names
#: `read_options` reads; each widget's key is ``"calc_" + name``.
OPTION_CONTROLS: dict[str, tuple[str, str, dict[str, Any], str]] = {
    "weight": (
        "text", "Class weights (weight)", {"placeholder": "blank: all 1"},
        "One weight per class (column). With class-index targets 'mean' divides by the sum of the picked weights.",
    ),
    "ignore_index": (
        "number", "ignore_index", {"min_value": -1_000_000, "max_value": 1_000_000, "step": 1},
        "A target equal to this adds 0 and is left out of the mean.",
    ),
    "smoothing": (
        "number", "label_smoothing ε", {"min_value": 0.0, "max_value": 1.0, "step": 0.05, "format": "%.3f"},
        "Mixes the target with the uniform distribution: (1 − ε)·one-hot + ε/C.",
    ),
    "pos_weight": (
        "text", "pos_weight", {"placeholder": "blank: all 1"},
        "Weight of the positive term: one per class, or one for all. n_neg / n_pos balances a rare class.",
    ),
    "gamma": (
        "number", "γ (gamma)", {"min_value": 0.0, "max_value": 20.0, "step": 0.5},
        "The focusing parameter: γ = 0 is plain cross-entropy, 2 the paper's choice.",
    ),
    "alpha": (
        "text", "α (alpha)", {"placeholder": "blank: no α"},
        "Weight of the positives in [0, 1] (negatives get 1 − α). torchvision's default is 0.25; blank means no "
        "weighting (torchvision's alpha=-1).",
    ),
    "alpha_mc": (
        "text", "α (alpha)", {"placeholder": "blank: no α"},
        "Blank for none, one number for every class, or one per class, each in [0, 1].",
    ),
}  # fmt: skip
_CONTROL_OF = {"weight": "weight", "ignore_index": "ignore_index", "label_smoothing": "smoothing",
               "pos_weight": "pos_weight", "gamma": "gamma"}  # fmt: skip


def option_controls(loss: str) -> list[str]:
    """The names (keys of `OPTION_CONTROLS`) of the controls ``loss`` takes, in display order."""
    options = LOSSES[loss].options
    names = [control for opt, control in _CONTROL_OF.items() if opt in options]
    if loss == "sigmoid_focal":
        names.append("alpha")
    elif loss == "softmax_focal":
        names.append("alpha_mc")
    return names
