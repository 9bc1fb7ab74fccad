"""`core` losses equal PyTorch's, checked against the committed golden values (no torch needed).

tests/golden/torch_losses.json holds PyTorch 2.13.0's float64 result for every
case in loss_cases.py (made by scripts/make_golden.py).  The live comparison in
test_losses_torch.py covers the same cases where torch is installed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import core

from .loss_cases import all_cases

GOLDEN = json.loads((Path(__file__).resolve().parents[1] / "golden" / "torch_losses.json").read_text("utf-8"))
RTOL, ATOL = 1e-10, 1e-12


def decode(value: Any) -> Any:
    if isinstance(value, dict) and "array" in value:
        return np.asarray(value["array"], dtype=np.int64 if value["dtype"] == "int" else np.float64)
    return value


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=[c["id"] for c in GOLDEN["cases"]])
def test_core_equals_pytorch_golden(case: dict[str, Any]) -> None:
    args = [decode(a) for a in case["args"]]
    kwargs = {k: decode(v) for k, v in case["kwargs"].items()}
    ours = getattr(core, case["fn"])(*args, **kwargs)
    np.testing.assert_allclose(ours, np.asarray(case["expected"]), rtol=RTOL, atol=ATOL)


def test_golden_file_covers_the_current_cases() -> None:
    """A changed case list must be followed by `make golden`; stale golden values fail here."""
    current = all_cases()
    assert [c["id"] for c in GOLDEN["cases"]] == [c.id for c in current]
    for stored, case in zip(GOLDEN["cases"], current, strict=True):
        for a, b in zip(stored["args"], case.args, strict=True):
            np.testing.assert_array_equal(decode(a), b)


def test_golden_covers_every_loss_and_option() -> None:
    fns = {c["fn"] for c in GOLDEN["cases"]}
    assert fns == {
        "cross_entropy_loss",
        "nll_loss",
        "binary_cross_entropy",
        "binary_cross_entropy_with_logits",
        "mse_loss",
        "kl_div",
        "sigmoid_focal_loss",
        "softmax_focal_loss",
    }
    options = {k for c in GOLDEN["cases"] for k in c["kwargs"]}
    assert {
        "weight",
        "ignore_index",
        "label_smoothing",
        "reduction",
        "pos_weight",
        "log_target",
        "alpha",
        "gamma",
    } <= options
    reductions = {c["kwargs"].get("reduction", "mean") for c in GOLDEN["cases"]}
    assert reductions == {"none", "mean", "sum", "batchmean"}
