"""Every worked number of the five source posts (tests/sources.py), reproduced by `core` to 1e-6 or better.

The reference is each number recomputed exactly (where a post rounds, the test says so); each test
names its post by title:

- `MCCAFFREY`: 交叉熵损失(Cross Entropy Loss)学习笔记 (after McCaffrey 2013);
- `INTUITION`: 一文搞懂交叉熵在机器学习中的使用，透彻理解交叉熵背后的直觉;
- `FROM_SCRATCH`: the untitled post that opens 进行二分类或多分类问题时,在众多损失函数中交叉熵损失函数较为常用。

The other two posts (快速理解binary cross entropy 二元交叉熵; 交叉熵损失函数,KL散度, Focal loss) print
no worked number.
"""

from __future__ import annotations

import numpy as np
import pytest

import core
from tests.sources import POSTS

BOOT = (0.7, 0.2, 0.1)  # INTUITION: "computer boots / fails / explodes"
NET1 = np.array([[0.3, 0.3, 0.4], [0.3, 0.4, 0.3], [0.1, 0.2, 0.7]])  # MCCAFFREY: McCaffrey's network 1
NET2 = np.array([[0.1, 0.2, 0.7], [0.1, 0.7, 0.2], [0.3, 0.4, 0.3]])
MCCAFFREY_TARGETS = np.array([2, 1, 0])
FASHION_Q = np.array([0.1058, 0.1043, 0.0988, 0.1066, 0.0875, 0.0881, 0.1027, 0.1046, 0.1057, 0.0958])
LOGITS = np.array([[-1.0, 0.5, 2.0], [-1.0, 0.5, 3.0]])  # FROM_SCRATCH: its check against nn.CrossEntropyLoss


def test_intuition_information_content_of_each_outcome() -> None:
    np.testing.assert_allclose(core.surprisal(BOOT), [0.356675, 1.609438, 2.302585], atol=1e-6)


def test_intuition_entropy_in_nats_and_bits() -> None:
    assert core.entropy(BOOT) == pytest.approx(0.801819, abs=1e-6)
    assert core.entropy(BOOT, base=2) == pytest.approx(1.156780, abs=1e-6)


def test_intuition_the_posts_0804_comes_from_rounding_each_term_first() -> None:
    rounded = np.round(core.surprisal(BOOT), 2)
    assert float(np.dot(BOOT, rounded)) == pytest.approx(0.804, abs=1e-9)


def test_intuition_single_label_cross_entropy() -> None:
    assert core.cross_entropy([0, 1, 0], [0.3, 0.6, 0.1]) == pytest.approx(0.510826, abs=1e-6)
    assert core.cross_entropy([0, 1, 0], [0.3, 0.6, 0.1]) == pytest.approx(-np.log(0.6), rel=1e-15)


def test_intuition_multi_label_bce_summed_and_averaged() -> None:
    probs, labels = [0.1, 0.7, 0.8], [0.0, 1.0, 1.0]
    assert core.binary_cross_entropy(probs, labels, reduction="sum") == pytest.approx(0.685179, abs=1e-6)
    assert core.binary_cross_entropy(probs, labels) == pytest.approx(0.228393, abs=1e-6)


def test_mccaffrey_classification_error_is_one_third_for_both_networks() -> None:
    for net in (NET1, NET2):
        assert np.mean(net.argmax(axis=1) != MCCAFFREY_TARGETS) == pytest.approx(1 / 3)


def test_mccaffrey_average_cross_entropy() -> None:
    assert core.nll_loss(np.log(NET1), MCCAFFREY_TARGETS) == pytest.approx(1.378389, abs=1e-6)
    assert core.nll_loss(np.log(NET2), MCCAFFREY_TARGETS) == pytest.approx(0.639108, abs=1e-6)


def test_mccaffrey_mse_in_both_conventions() -> None:
    onehot = np.eye(3)[MCCAFFREY_TARGETS]
    # The post: squared error summed over the 3 classes, averaged over the 3 rows.
    per_row = [core.mse_loss(net, onehot, reduction="none").sum(axis=1).mean() for net in (NET1, NET2)]
    np.testing.assert_allclose(per_row, [0.806667, 0.340000], atol=1e-6)
    # PyTorch's MSELoss(): the mean over all 9 elements.
    np.testing.assert_allclose(
        [core.mse_loss(NET1, onehot), core.mse_loss(NET2, onehot)], [0.268889, 0.113333], atol=1e-6
    )


def test_from_scratch_fashion_mnist_prediction() -> None:
    assert core.nll_loss(np.log(FASHION_Q), 4) == pytest.approx(2.436116, abs=1e-6)


def test_from_scratch_softmax_rows_losses_and_mean_of_the_logits_example() -> None:
    np.testing.assert_allclose(
        core.softmax(LOGITS), [[0.039113, 0.175290, 0.785597], [0.016645, 0.074596, 0.908760]], atol=1e-6
    )
    losses = core.cross_entropy_loss(LOGITS, [1, 2], reduction="none")
    np.testing.assert_allclose(losses, [1.741311, 0.095674], atol=1e-6)
    assert core.cross_entropy_loss(LOGITS, [1, 2]) == pytest.approx(0.918493, abs=1e-6)


def test_label_smoothing_example_from_the_calculator_issue() -> None:
    assert core.cross_entropy_loss([2.0, 1.0, 0.1], 0, label_smoothing=0.1) == pytest.approx(0.513697, abs=1e-6)


def test_the_posts_are_cited_by_title() -> None:
    """This file names every post by its title as tests/sources.py spells it."""
    assert len({p.key for p in POSTS}) == len({p.title for p in POSTS}) == 5
    for post in POSTS:
        assert post.title in (__doc__ or ""), post.key
