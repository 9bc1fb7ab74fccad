"""`core.snippets`: the generated scripts run and print the calculator's number.

The NumPy scripts run everywhere; the PyTorch ones where torch is installed
(CI installs it).  Each script's last line of output must equal the page's
display of the value (`core.steps.format_value`), and its ``loss`` must equal
the step decomposition's to 1e-12.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from typing import Any

import numpy as np
import pytest

from core.snippets import DISPLAY_MAX_CELLS, numpy_snippet, torch_snippet
from core.steps import EXAMPLES, LOSSES, compute_steps, format_value, format_values

Z = np.array([[-1.0, 0.5, 2.0], [-1.0, 0.5, 3.0], [0.3, -0.2, 0.1]])
Q = np.array([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1], [0.25, 0.25, 0.5]])
IDX = np.array([1, 2, 0])
MULTI = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
SOFT = np.array([[0.1, 0.2, 0.7], [0.0, 1.0, 0.0], [1 / 3, 1 / 3, 1 / 3]])

#: (loss, prediction, target, options): every loss, every input kind, every option at least once.
CASES: list[tuple[str, np.ndarray, np.ndarray, dict[str, Any]]] = [
    ("cross_entropy", Z, IDX, {}),
    ("cross_entropy", Z, np.array([1, -100, 0]), {"weight": [1.0, 2.0, 0.5], "label_smoothing": 0.1}),
    ("cross_entropy", Z, np.array([1, 2, 1]), {"ignore_index": 1, "reduction": "sum"}),
    ("cross_entropy", Z, SOFT, {"weight": [1.0, 2.0, 0.5], "label_smoothing": 0.2}),
    ("cross_entropy", Z, IDX, {"reduction": "none"}),
    ("nll", Q, IDX, {"input_kind": "probabilities"}),
    ("nll", np.log(Q), np.array([0, -100, 2]), {"input_kind": "log_probabilities", "weight": [3.0, 1.0, 0.5]}),
    ("nll", Z, IDX, {"input_kind": "logits", "reduction": "none"}),
    ("bce", Q, MULTI, {}),
    ("bce", np.array([[0.0, 1.0, 0.5]]), np.array([[1.0, 1.0, 0.0]]), {"weight": [1.0, 2.0, 3.0], "reduction": "sum"}),
    ("bce_logits", Z, MULTI, {"pos_weight": [3.0, 1.0, 0.5], "weight": [1.0, 2.0, 0.5]}),
    ("bce_logits", Z, MULTI, {"pos_weight": 2.0, "reduction": "none"}),
    ("kl_div", Q, SOFT, {"input_kind": "probabilities", "reduction": "batchmean"}),
    ("kl_div", Z, SOFT, {"input_kind": "logits", "reduction": "mean"}),
    ("kl_div", np.log(Q), SOFT, {"input_kind": "log_probabilities", "reduction": "sum"}),
    ("sigmoid_focal", Z, MULTI, {"alpha": 0.25, "gamma": 2.0, "reduction": "mean"}),
    ("sigmoid_focal", Z, MULTI, {"alpha": None, "gamma": 0.5, "reduction": "none"}),
    ("sigmoid_focal", Z, MULTI, {"alpha": -1.0, "gamma": 2.0, "reduction": "sum"}),  # torchvision's "no weighting"
    ("softmax_focal", Z, IDX, {"gamma": 2.0}),
    ("softmax_focal", Z, IDX, {"gamma": 1.5, "alpha": [0.2, 0.3, 0.5], "reduction": "sum"}),
    ("softmax_focal", Z, IDX, {"gamma": 0.0, "alpha": 0.25, "reduction": "none"}),
]
IDS = [f"{c[0]}-{i}" for i, c in enumerate(CASES)]


def run(code: str) -> tuple[str, dict[str, Any]]:
    """Execute a generated script; return its last printed line and its namespace."""
    ns: dict[str, Any] = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # F.kl_div warns about 'mean'; the page does too
        exec(compile(code, "<snippet>", "exec"), ns)
    return out.getvalue().strip().splitlines()[-1], ns


def shown(value: Any) -> str:
    return format_value(value) if np.ndim(value) == 0 else format_values(value)


def value_of(ns: dict[str, Any], reduction: str) -> np.ndarray:
    v = ns["losses"] if reduction == "none" and "losses" in ns else ns["loss"]
    return np.asarray(v.detach().numpy() if hasattr(v, "detach") else v, dtype=np.float64)


@pytest.mark.parametrize(("loss", "pred", "target", "opts"), CASES, ids=IDS)
def test_numpy_snippet_prints_the_pages_number(loss: str, pred: np.ndarray, target: np.ndarray, opts: dict) -> None:
    steps = compute_steps(loss, pred, target, **opts)
    printed, ns = run(numpy_snippet(loss, pred, target, **opts))
    assert printed == shown(steps.value)
    np.testing.assert_allclose(value_of(ns, steps.reduction), steps.value, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(("loss", "pred", "target", "opts"), CASES, ids=IDS)
def test_torch_snippet_prints_the_pages_number(loss: str, pred: np.ndarray, target: np.ndarray, opts: dict) -> None:
    pytest.importorskip("torch")
    steps = compute_steps(loss, pred, target, **opts)
    printed, ns = run(torch_snippet(loss, pred, target, **opts))
    assert printed == shown(steps.value)
    np.testing.assert_allclose(value_of(ns, steps.reduction), steps.value, rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.key for e in EXAMPLES])
def test_every_example_runs_in_both_snippets(example: Any) -> None:
    steps = example.compute()
    rows = isinstance(example.target[0], tuple)
    target = np.array(example.target, dtype=np.float64 if rows else np.int64)
    if rows and "rows" not in LOSSES[example.loss].target_kinds:
        target = np.argmax(target, axis=1)
    kw = {
        "input_kind": example.input_kind,
        "reduction": example.reduction,
        "weight": example.weight,
        "label_smoothing": example.label_smoothing,
        "alpha": example.alpha,
        "gamma": example.gamma,
    }
    printed, _ = run(numpy_snippet(example.loss, np.array(example.pred), target, **kw))
    assert printed == format_value(steps.value)
    try:
        import torch  # noqa: F401
    except ImportError:
        return
    printed, _ = run(torch_snippet(example.loss, np.array(example.pred), target, **kw))
    assert printed == format_value(steps.value)


def test_embedded_numbers_read_back_exactly() -> None:
    z = np.array([[0.1, 1 / 3, -1e-300, 123456789.123456789, 5e-324]])
    code = numpy_snippet("cross_entropy", z, np.array([1]))
    _, ns = run(code)
    np.testing.assert_array_equal(ns["logits"], z)
    assert "0.3333333333333333" in code
    assert "5e-324" in code


def test_only_the_options_given_appear() -> None:
    plain = torch_snippet("cross_entropy", Z, IDX)
    assert 'F.cross_entropy(logits, target, reduction="mean")' in plain
    assert "weight" not in plain
    assert "ignore_index" not in plain
    assert "label_smoothing" not in plain
    full = torch_snippet("cross_entropy", Z, IDX, weight=[1, 2, 3], ignore_index=2, label_smoothing=0.1)
    assert "weight=weight, ignore_index=2, label_smoothing=0.1" in full
    # options a loss does not take are not passed to it
    assert "weight" not in torch_snippet("kl_div", Q, SOFT, input_kind="probabilities", weight=[1, 2, 3])


def test_expected_number_goes_into_a_comment() -> None:
    code = torch_snippet("cross_entropy", Z, IDX, expected="0.123456")
    assert "# It prints 0.123456." in code


def test_large_inputs_are_cut_short_for_display_only() -> None:
    rng = np.random.default_rng(0)
    n, c = 300, 20
    assert n * c > DISPLAY_MAX_CELLS
    z, t = rng.normal(size=(n, c)), rng.integers(0, c, size=n)
    short = torch_snippet("cross_entropy", z, t, elide=True)
    assert "297 more rows" in short
    assert "cut short for display" in short
    assert len(short) < 5_000
    compile(short, "<short>", "exec")  # still valid Python, even if not runnable
    full = numpy_snippet("cross_entropy", z, t, elide=False)
    printed, ns = run(full)
    assert ns["logits"].shape == (n, c)
    assert printed == format_value(compute_steps("cross_entropy", z, t).value)
    small = torch_snippet("cross_entropy", Z, IDX, elide=True)
    assert "cut short" not in small
