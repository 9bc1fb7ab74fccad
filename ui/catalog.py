"""The pages of Loss Lab: one entry per page, read by the router and by Home.

Home shows a card per entry in this order, which is also the suggested
learning path.  Every entry's script must exist (tests/ui/test_catalog.py): a
mistyped path fails the tests instead of hiding the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from i18n import N_


@dataclass(frozen=True)
class PageInfo:
    """What the router and Home need to know about one page."""

    path: str  # script path relative to the repository root
    title: str  # English, marked for the catalogue: show it with `_(title)`
    icon: str  # an emoji: Material icons would be fetched from the internet
    url_path: str
    promise: str  # as the title; one line on Home: what the reader gets from the page


HOME = PageInfo("views/home.py", N_("Home"), "🏠", "home", N_("What Loss Lab teaches and where to start."))

PAGES: tuple[PageInfo, ...] = (
    PageInfo(
        "views/entropy.py",
        N_("Entropy explorer"),
        "🎲",
        "entropy",
        N_("Surprise, entropy and perplexity of any distribution, in nats or bits."),
    ),
    PageInfo(
        "views/ce_vs_mse.py",
        N_("Cross-entropy vs MSE"),
        "📉",
        "ce-vs-mse",
        N_("Why a classifier trained with squared error stalls where cross-entropy keeps learning."),
    ),
    PageInfo(
        "views/kl_asymmetry.py",
        N_("KL asymmetry"),
        "↔️",
        "kl-asymmetry",
        N_("KL(P‖Q) ≠ KL(Q‖P): mass-covering versus mode-seeking fits, side by side."),
    ),
    PageInfo(
        "views/focal_loss.py",
        N_("Focal loss"),
        "🎯",
        "focal-loss",
        N_("How γ silences easy examples, and why that rescues detectors drowning in easy negatives."),
    ),
    PageInfo(
        "views/calculator.py",
        N_("Calculator"),
        "🧮",
        "calculator",
        N_("Paste logits and targets; see every step and the number PyTorch prints."),
    ),
    PageInfo(
        "views/sources.py",
        N_("Sources"),
        "📚",
        "sources",
        N_("The blog posts, papers and books the material and every worked number come from."),
    ),
)
