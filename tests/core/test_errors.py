"""Bad input raises ValueError or TypeError whose message names the argument and the value; never NaN."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import core

Z = np.array([[1.0, 2.0, 0.5], [0.1, 0.2, 0.3]])
T = np.array([0, 2])
P = np.array([0.2, 0.5, 0.3])

BAD_CALLS: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    ("unknown reduction", lambda: core.cross_entropy_loss(Z, T, reduction="avg"), ValueError, "reduction.*'avg'"),
    ("batchmean outside kl_div", lambda: core.nll_loss(Z, T, reduction="batchmean"), ValueError, "batchmean"),
    ("kl_div unknown reduction", lambda: core.kl_div(Z, Z, reduction="max"), ValueError, "'max'"),
    ("target out of range", lambda: core.cross_entropy_loss(Z, [0, 3]), ValueError, r"target\[1\] = 3 .*3 classes"),
    ("negative target", lambda: core.nll_loss(Z, [-1, 0]), ValueError, r"target\[0\] = -1"),
    ("float class targets", lambda: core.cross_entropy_loss(Z, [0.0, 1.0]), TypeError, "integer class indices"),
    ("target batch mismatch", lambda: core.cross_entropy_loss(Z, [0, 1, 2]), ValueError, r"target has shape \(3,\)"),
    ("3-d logits", lambda: core.cross_entropy_loss(np.zeros((2, 2, 2)), [0, 1]), ValueError, "logits must have shape"),
    ("NaN logits", lambda: core.cross_entropy_loss([[1.0, np.nan]], [0]), ValueError, r"logits\[0, 1\] is nan"),
    ("inf logits", lambda: core.softmax([1.0, np.inf]), ValueError, r"logits\[1\] is inf"),
    ("string input", lambda: core.softmax("1, 2"), TypeError, "string"),
    ("non-numeric", lambda: core.entropy(["a", "b"]), TypeError, "p must be an array of numbers"),
    ("empty", lambda: core.entropy([]), ValueError, "p is empty"),
    ("weight length", lambda: core.cross_entropy_loss(Z, T, weight=[1.0, 2.0]), ValueError, r"weight has shape \(2,\)"),
    (
        "negative weight",
        lambda: core.cross_entropy_loss(Z, T, weight=[1.0, -2.0, 1.0]),
        ValueError,
        r"weight\[1\] = -2",
    ),
    (
        "label smoothing > 1",
        lambda: core.cross_entropy_loss(Z, T, label_smoothing=1.5),
        ValueError,
        "label_smoothing must be in \\[0, 1\\], got 1.5",
    ),
    (
        "probability target of the wrong shape",
        lambda: core.cross_entropy_loss(Z, [[0.5, 0.5, 0.0]] * 3),
        TypeError,
        "same shape as the input",
    ),
    (
        "bce probs outside [0,1]",
        lambda: core.binary_cross_entropy([0.5, 1.2], [0.0, 1.0]),
        ValueError,
        r"probs\[1\] = 1.2 is outside \[0, 1\]",
    ),
    (
        "bce target outside [0,1]",
        lambda: core.binary_cross_entropy([0.5, 0.2], [0.0, 2.0]),
        ValueError,
        r"target\[1\] = 2",
    ),
    ("bce shape mismatch", lambda: core.binary_cross_entropy([0.5, 0.2], [0.0]), ValueError, "shape"),
    (
        "bce weight does not broadcast",
        lambda: core.binary_cross_entropy(np.full((2, 3), 0.5), np.zeros((2, 3)), weight=[1.0, 2.0]),
        ValueError,
        "weight",
    ),
    (
        "pos_weight negative",
        lambda: core.binary_cross_entropy_with_logits(Z, np.zeros_like(Z), pos_weight=[-1.0]),
        ValueError,
        "pos_weight",
    ),
    ("mse shape mismatch", lambda: core.mse_loss([1.0, 2.0], [1.0]), ValueError, r"input has shape \(2,\)"),
    ("kl_div negative target", lambda: core.kl_div(np.log(P), -P), ValueError, "negative"),
    ("kl_div log_target not bool", lambda: core.kl_div(np.log(P), P, log_target="yes"), TypeError, "log_target"),
    (
        "negative gamma",
        lambda: core.sigmoid_focal_loss(Z, np.zeros_like(Z), gamma=-1.0),
        ValueError,
        "gamma must be in \\[0, inf\\], got -1",
    ),
    ("softmax focal negative gamma", lambda: core.softmax_focal_loss(Z, T, gamma=-0.5), ValueError, "gamma"),
    (
        "alpha above 1",
        lambda: core.sigmoid_focal_loss(Z, np.zeros_like(Z), alpha=1.5),
        ValueError,
        "alpha must be in \\[0, 1\\], got 1.5",
    ),
    (
        "alpha NaN",
        lambda: core.sigmoid_focal_loss(Z, np.zeros_like(Z), alpha=float("nan")),
        ValueError,
        "alpha must be finite, got nan",
    ),
    (
        "focal gradient alpha above 1",
        lambda: core.sigmoid_focal_grad(Z, np.zeros_like(Z), alpha=1.5),
        ValueError,
        "alpha must be in \\[0, 1\\], got 1.5",
    ),
    (
        "softmax focal alpha vector out of range",
        lambda: core.softmax_focal_loss(Z, T, alpha=[0.5, 2.0, 0.1]),
        ValueError,
        r"alpha\[1\] = 2",
    ),
    ("gamma not a number", lambda: core.softmax_focal_loss(Z, T, gamma="2"), TypeError, "gamma must be a real number"),
    ("negative probability", lambda: core.entropy([1.2, -0.2]), ValueError, r"p\[1\] = -0.2 is negative"),
    ("not summing to one", lambda: core.kl_divergence([0.5, 0.4], [0.5, 0.5]), ValueError, "p sums to 0.9, not 1"),
    ("batch row not summing to one", lambda: core.entropy([[0.5, 0.5], [0.3, 0.3]]), ValueError, r"p slice \[1\]"),
    ("p and q shapes differ", lambda: core.kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5]), ValueError, "shape"),
    ("surprisal above one", lambda: core.surprisal(1.5), ValueError, "p = 1.5 is outside"),
    ("bad base", lambda: core.entropy(P, base=1), ValueError, "base must not be 1"),
    ("negative base", lambda: core.entropy(P, base=-2), ValueError, "base must be in"),
    ("bad axis", lambda: core.entropy(P, axis=3), ValueError, "axis=3"),
    ("temperature zero", lambda: core.softmax([1.0, 2.0], temperature=0.0), ValueError, "temperature must be in \\(0"),
    ("normalize all zeros", lambda: core.normalize([0.0, 0.0]), ValueError, "sums to 0"),
    ("normalize negative", lambda: core.normalize([1.0, -1.0]), ValueError, "negative"),
    ("scalar logits", lambda: core.log_softmax(3.0), ValueError, "at least one dimension"),
    ("all targets ignored", lambda: core.nll_loss(Z, [-100, -100]), ValueError, "nan"),
    (
        "zero total weight",
        lambda: core.cross_entropy_loss(Z, T, weight=[0.0, 1.0, 0.0]),
        ValueError,
        "sum of the target weights",
    ),
]


@pytest.mark.parametrize(("what", "call", "exc", "message"), BAD_CALLS, ids=[b[0] for b in BAD_CALLS])
def test_bad_input_raises_a_clear_error(what: str, call: Callable[[], Any], exc: type[Exception], message: str) -> None:
    with pytest.raises(exc, match=message):
        call()


def test_no_function_returns_nan_for_valid_edge_inputs() -> None:
    results = [
        core.entropy([1.0, 0.0]),
        core.kl_divergence([1.0, 0.0], [0.0, 1.0]),  # +inf, not NaN
        core.cross_entropy_loss([[0.0, 0.0]], [[1.0, 0.0]], label_smoothing=1.0),
        core.binary_cross_entropy([0.0, 1.0], [1.0, 0.0]),  # clamped at 100
        core.kl_div(np.log([0.5, 0.5]), [1.0, 0.0]),
        core.sigmoid_focal_loss([0.0], [1.0], gamma=0.0),
        core.softmax_focal_grad([[50.0, 0.0]], [0], gamma=0.5),
    ]
    for r in results:
        assert not np.isnan(np.asarray(r)).any()
    assert core.binary_cross_entropy([0.0, 1.0], [1.0, 0.0]) == -core.BCE_LOG_CLAMP


def test_temperature_that_overflows_raises_instead_of_nan() -> None:
    with pytest.raises(ValueError, match="overflows"):
        core.softmax([1e308, 0.0], temperature=0.1)


def test_certain_outcome_prints_as_plus_zero() -> None:
    h = core.entropy([0.0, 1.0])
    assert h == 0.0
    assert f"{h:.4f}" == "0.0000"
    assert f"{core.binary_entropy(1.0):.4f}" == "0.0000"


@pytest.mark.parametrize("alpha", [-1, -1.0, -0.5, np.float64(-2.0), float("-inf")])
def test_a_negative_alpha_is_torchvisions_no_weighting(alpha: float) -> None:
    """torchvision.ops.sigmoid_focal_loss weights only ``if alpha >= 0``; its documentation spells "none" alpha=-1.

    Code copied from torchvision runs unchanged: loss and gradient equal ``alpha=None``'s.
    """
    y = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    for reduction in ("none", "mean", "sum"):
        np.testing.assert_array_equal(
            core.sigmoid_focal_loss(Z, y, alpha=alpha, reduction=reduction),
            core.sigmoid_focal_loss(Z, y, alpha=None, reduction=reduction),
        )
    np.testing.assert_array_equal(core.sigmoid_focal_grad(Z, y, alpha=alpha), core.sigmoid_focal_grad(Z, y, alpha=None))
    weighted = core.sigmoid_focal_loss(Z, y, alpha=0.25, reduction="sum")
    assert weighted != core.sigmoid_focal_loss(Z, y, alpha=alpha, reduction="sum")  # the negative alpha did not weight
