"""The calculator's words: what the page calls each loss, each worked example and each option control.

`core.steps` holds the facts (`LOSSES`: which PyTorch function, what it takes;
`EXAMPLES`: the worked examples' numbers and sources); the titles, labels and
tooltips a reader sees belong to the page and live here.  No Streamlit: tests
read it directly.  Every text is an English message marked with ``N_``; the page
shows it through ``_()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.steps import LOSSES
from i18n import N_

#: Each loss's title in the loss picker (and in messages that name the loss).
LOSS_TITLES: dict[str, str] = {
    "cross_entropy": N_("Cross-entropy (softmax on logits)"),
    "nll": N_("Negative log-likelihood (NLL)"),
    "bce": N_("Binary cross-entropy on probabilities"),
    "bce_logits": N_("Binary cross-entropy with logits"),
    "kl_div": N_("KL divergence (F.kl_div)"),
    "sigmoid_focal": N_("Sigmoid focal loss (torchvision)"),
    "softmax_focal": N_("Softmax focal loss (multi-class)"),
}

#: How the prediction matrix is read (`core.steps.INPUT_KINDS`), in words.
INPUT_KIND_WORDS: dict[str, str] = {
    "logits": N_("logits"),
    "probabilities": N_("probabilities"),
    "log_probabilities": N_("log-probabilities"),
}


@dataclass(frozen=True)
class ExampleText:
    """How the page offers one worked example: its button's label and tooltip."""

    label: str
    help: str


#: The worked examples' buttons, by `core.steps.Example` key.
EXAMPLE_TEXTS: dict[str, ExampleText] = {
    "from_scratch": ExampleText(
        N_("Logits vs PyTorch (blog post)"),
        N_("A blog post's check against nn.CrossEntropyLoss: two samples of logits, classes 1 and 2 (see Sources)."),
    ),
    "fashion": ExampleText(
        N_("Fashion-MNIST prediction"),
        N_("An untrained network's 10-class prediction q; the true class is 4. NLL of log q."),
    ),
    "multilabel": ExampleText(
        N_("Multi-label: cat / frog / mouse"),
        N_("Sigmoid outputs (0.1, 0.7, 0.8) for labels (0, 1, 1): one binary cross-entropy per output node."),
    ),
    "mccaffrey1": ExampleText(
        N_("McCaffrey: network 1"),
        N_("J. McCaffrey's three-class example, network 1 (classification error 1/3), one-hot targets."),
    ),
    "mccaffrey2": ExampleText(
        N_("McCaffrey: network 2"),
        N_("The same targets; network 2 has the same error, 1/3, but is right with more confidence."),
    ),
    "weighted": ExampleText(
        N_("Class weights + an ignored target"),
        N_("Class weights (1, 2, 0.5) and a target of -100 (ignored): 'mean' divides by the counted rows' weights."),
    ),
    "smoothing": ExampleText(
        N_("Label smoothing 0.1"),
        N_("Logits (2, 1, 0.1), true class 0, label_smoothing = 0.1."),
    ),
    "kl": ExampleText(
        N_("KL: soft labels"),
        N_("Soft targets p against a prediction given as logits; reduction 'batchmean', the mean KL per row."),
    ),
    "focal": ExampleText(
        N_("Sigmoid focal loss"),
        N_("torchvision's focal loss, α = 0.25, γ = 2: an easy and a hard positive, an easy and a hard negative."),
    ),
}


#: The option controls: widget kind, label, extra widget arguments, tooltip.  Keys are the names
#: `read_options` reads; each widget's key is ``"calc_" + name``.
OPTION_CONTROLS: dict[str, tuple[str, str, dict[str, Any], str]] = {
    "weight": (
        "text", N_("Class weights (weight)"), {"placeholder": N_("blank: all 1")},
        N_("One weight per class (column). With class-index targets 'mean' divides by the sum of the picked weights."),
    ),
    "ignore_index": (
        "number", "ignore_index", {"min_value": -1_000_000, "max_value": 1_000_000, "step": 1},
        N_("A target equal to this adds 0 and is left out of the mean."),
    ),
    "smoothing": (
        "number", N_("label_smoothing ε"), {"min_value": 0.0, "max_value": 1.0, "step": 0.05, "format": "%.3f"},
        N_("Mixes the target with the uniform distribution: (1 − ε)·one-hot + ε/C."),
    ),
    "pos_weight": (
        "text", "pos_weight", {"placeholder": N_("blank: all 1")},
        N_("Weight of the positive term: one per class, or one for all. n_neg / n_pos balances a rare class."),
    ),
    "gamma": (
        "number", N_("γ (gamma)"), {"min_value": 0.0, "max_value": 20.0, "step": 0.5},
        N_("The focusing parameter: γ = 0 is plain cross-entropy, 2 the paper's choice."),
    ),
    "alpha": (
        "text", N_("α (alpha)"), {"placeholder": N_("blank: no α")},
        N_("Weight of the positives in [0, 1] (negatives get 1 − α). torchvision's default is 0.25; blank means no "
        "weighting (torchvision's alpha=-1)."),
    ),
    "alpha_mc": (
        "text", N_("α (alpha)"), {"placeholder": N_("blank: no α")},
        N_("Blank for none, one number for every class, or one per class, each in [0, 1]."),
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
