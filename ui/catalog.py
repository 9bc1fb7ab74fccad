"""The pages of Loss Lab: one entry per page, read by the router and by Home.

Home shows a card per entry in this order, which is also the suggested
learning path.  Every entry's script must exist (tests/ui/test_catalog.py): a
mistyped path fails the tests instead of hiding the page.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageInfo:
    """What the router and Home need to know about one page."""

    path: str  # script path relative to the repository root
    title: str
    icon: str  # an emoji: Material icons would be fetched from the internet
    url_path: str
    promise: str  # one line on Home: what the reader gets from the page


HOME = PageInfo("views/home.py", "Home", "🏠", "home", "What Loss Lab teaches and where to start.")

PAGES: tuple[PageInfo, ...] = (
    PageInfo(
        "views/entropy.py",
        "Entropy explorer",
        "🎲",
        "entropy",
        "Surprise, entropy and perplexity of any distribution, in nats or bits.",
    ),
    PageInfo(
        "views/ce_vs_mse.py",
        "Cross-entropy vs MSE",
        "📉",
        "ce-vs-mse",
        "Why a classifier trained with squared error stalls where cross-entropy keeps learning.",
    ),
    PageInfo(
        "views/kl_asymmetry.py",
        "KL asymmetry",
        "↔️",
        "kl-asymmetry",
        "KL(P‖Q) ≠ KL(Q‖P): mass-covering versus mode-seeking fits, side by side.",
    ),
    PageInfo(
        "views/focal_loss.py",
        "Focal loss",
        "🎯",
        "focal-loss",
        "How γ silences easy examples, and why that rescues detectors drowning in easy negatives.",
    ),
    PageInfo(
        "views/calculator.py",
        "Calculator",
        "🧮",
        "calculator",
        "Paste logits and targets; see every step and the number PyTorch prints.",
    ),
    PageInfo(
        "views/sources.py",
        "Sources",
        "📚",
        "sources",
        "The blog posts, papers and books the material and every worked number come from.",
    ),
)
