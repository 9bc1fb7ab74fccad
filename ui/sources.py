"""Where Loss Lab's material and numbers come from, so that pages can credit them by name.

Five short Chinese-language blog posts started the project; the rest is the
literature they lean on.  A page that reproduces a post's number names the
post with `post`.

Titles stay as written (the posts' Chinese, the papers' and books' English); the notes and what
Loss Lab takes from each source are English messages marked with ``N_``, translated when shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from i18n import N_, _, current_language

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Source:
    """A post, paper or book: how to cite it, and what Loss Lab takes from it."""

    key: str
    title: str  #: Markdown, as written (italic)
    note: str  #: what kind of source, by whom, when (an English message: show it with `_`)
    what: str  #: what Loss Lab takes from it, and where (an English message: show it with `_`)

    @property
    def shown_title(self) -> str:
        """The title as Markdown for the current language: italic, except a Chinese title on a Chinese
        page, which takes title marks (《…》; slanted Chinese characters read badly)."""
        if current_language() == "zh" and _CJK.search(self.title):
            return f"《{self.title.strip('*')}》"
        return self.title

    @property
    def citation(self) -> str:
        """The title followed by its note, in the current language: how the Sources page lists it."""
        return _("{title} ({note})", title=self.shown_title, note=_(self.note)) if self.note else self.shown_title


POSTS = (
    Source(
        "mccaffrey_post",
        "*交叉熵损失(Cross Entropy Loss)学习笔记*",  # i18n: not reader text
        N_("blog post; its example is after McCaffrey, 2013"),
        N_(
            "Why cross-entropy beats the classification error and squared error: the worked example of two networks "
            "voting other / republican / democrat (Cross-entropy vs MSE, section 5)."
        ),
    ),
    Source(
        "bce_post",
        "*快速理解binary cross entropy 二元交叉熵*",  # i18n: not reader text
        N_("blog post"),
        N_(
            "Binary cross-entropy: −log p for a label y = 1 and −log(1 − p) for y = 0, each 0 when the prediction "
            "is right and unbounded as it goes wrong (Cross-entropy vs MSE, section 1)."
        ),
    ),
    Source(
        "kl_focal_post",
        "*交叉熵损失函数,KL散度, Focal loss*",  # i18n: not reader text
        N_("blog post"),
        N_(
            "Entropy, cross-entropy, KL divergence as the soft-label relative of cross-entropy, its asymmetry, and "
            "focal loss (the KL asymmetry and Focal loss pages)."
        ),
    ),
    Source(
        "intuition_post",
        "*一文搞懂交叉熵在机器学习中的使用，透彻理解交叉熵背后的直觉*",
        N_("blog post, 2018"),
        N_(
            "Information content and entropy with the computer that boots, fails or explodes (Entropy explorer); "
            "cross-entropy = entropy + KL; the single-label CE and multi-label BCE examples (Calculator presets)."
        ),
    ),
    Source(
        "fashion_post",
        "*进行二分类或多分类问题时,在众多损失函数中交叉熵损失函数较为常用……*",
        N_("an untitled blog post, cited by its opening words; its author's channel is *Math and Code*"),
        N_(
            "The Fashion-MNIST prediction (Entropy explorer preset) and the two rows of logits checked against "
            "PyTorch's nn.CrossEntropyLoss, 0.9185 (Calculator preset; Focal loss, section 5)."
        ),
    ),
)

LITERATURE = (
    Source(
        "mccaffrey",
        "J. McCaffrey (2013), "  # i18n: not reader text
        "*Why You Should Use Cross-Entropy Error Instead Of Classification Error Or Mean "
        "Squared Error For Neural Network Classifier Training*",
        "",
        N_("The two networks of the worked example and their numbers (Cross-entropy vs MSE, section 5)."),
    ),
    Source(
        "nielsen",
        "M. Nielsen (2015), *Neural Networks and Deep Learning*, "  # i18n: not reader text
        'ch. 3, "Improving the way neural networks learn"',
        "",
        N_(
            "The sigmoid neuron trained from w = b = 2 and from w = 0.6, b = 0.9 with learning rate 0.15 "
            "(Cross-entropy vs MSE, section 3)."
        ),
    ),
    Source(
        "lin",
        "T.-Y. Lin, P. Goyal, R. Girshick, K. He, P. Dollár (2017), "  # i18n: not reader text
        "*Focal Loss for Dense Object Detection*, ICCV",
        "",
        N_(
            "The focal loss, its γ family (Figure 1), γ = 2 with α = 0.25, the 100× and 1000× down-weighting and the "
            "prior π = 0.01 (Focal loss page)."
        ),
    ),
    Source(
        "hinton",
        "G. Hinton, O. Vinyals, J. Dean (2015), "  # i18n: not reader text
        "*Distilling the Knowledge in a Neural Network*",
        "",
        N_("Soft targets at a temperature T and the T² scaling (KL asymmetry, section 4)."),
    ),
    Source(
        "bishop",
        "C. M. Bishop (2006), *Pattern Recognition and Machine Learning*, §10.1 and Fig. 10.3",  # i18n: not reader text
        "",
        N_(
            "Forward and reverse KL fits of one Gaussian to two modes: mass-covering versus mode-seeking "
            "(KL asymmetry, section 3)."
        ),
    ),
    Source(
        "shannon",
        "C. E. Shannon (1948), *A Mathematical Theory of Communication*; "  # i18n: not reader text
        "T. M. Cover and J. A. Thomas (2006), "
        "*Elements of Information Theory*, ch. 2",
        "",
        N_("Information content, entropy and their units (Entropy explorer)."),
    ),
)

_BY_KEY = {s.key: s for s in (*POSTS, *LITERATURE)}


def post(key: str) -> str:
    """How a page names a source post (or paper) inline: its title, as written, for Markdown."""
    return _BY_KEY[key].shown_title
