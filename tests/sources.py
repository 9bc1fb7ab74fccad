"""The five blog posts Loss Lab was started from, which the tests cite for their worked numbers.

Four are cited by their title, as written (in Chinese, as published); one has no
title and is cited by its opening words.  A test names the post by its title,
for example "the post 交叉熵损失(Cross Entropy Loss)学习笔记 (after McCaffrey 2013)",
so a reader can find it without anything outside the repository; the key is a
short handle for code.

Every worked number the posts print, and its exact value, is checked in
tests/core/test_source_posts.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Post:
    """One source post: a short key, its title as written (or its opening words), and what it teaches."""

    key: str
    title: str
    teaches: str


MCCAFFREY = Post(
    "mccaffrey",
    "交叉熵损失(Cross Entropy Loss)学习笔记",
    "binary and multi-class cross-entropy; why CE beats classification error and MSE, with J. McCaffrey's "
    '(2013) "democrat / republican / other" example of two networks with the same error',
)
BINARY = Post(
    "binary",
    "快速理解binary cross entropy 二元交叉熵",
    "binary cross-entropy: -log p for y = 1, -log(1 - p) for y = 0, averaged over N",
)
KL_FOCAL = Post(
    "kl_focal",
    "交叉熵损失函数,KL散度, Focal loss",
    "loss functions, entropy and cross-entropy; binary (sigmoid) vs multi-class (softmax) CE; KL divergence, its "
    "non-negativity and asymmetry; focal loss (a heading only)",
)
INTUITION = Post(
    "intuition",
    "一文搞懂交叉熵在机器学习中的使用，透彻理解交叉熵背后的直觉",
    "information content, entropy (the 'computer boots / fails / explodes' distribution), KL, CE = H + KL; CE for "
    "single-label (softmax) and multi-label (sigmoid, per-node BCE) classification (史丹利复合田, CSDN, 2018)",
)
FROM_SCRATCH = Post(
    "from_scratch",
    "进行二分类或多分类问题时,在众多损失函数中交叉熵损失函数较为常用。",  # untitled: its opening sentence
    "CE on a Fashion-MNIST 10-class prediction; CE from scratch (softmax, -log of the picked probability, mean "
    "over the batch) checked against PyTorch's nn.CrossEntropyLoss on logits (its section 3, "
    "从0开始实现交叉熵损失函数)",
)

POSTS: tuple[Post, ...] = (MCCAFFREY, BINARY, KL_FOCAL, INTUITION, FROM_SCRATCH)
