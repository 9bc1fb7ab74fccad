"""Write tests/golden/torch_losses.json: PyTorch's result for every case in tests/core/loss_cases.py.

Run with ``make golden`` (it installs torch==2.13.0 first).  The file holds the
inputs as well as the results, so the golden test needs neither torch nor this
generator; commit it whenever the cases change.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.core.loss_cases import all_cases  # noqa: E402
from tests.core.torch_reference import torch_result  # noqa: E402

OUT = ROOT / "tests" / "golden" / "torch_losses.json"


def encode(value: Any) -> Any:
    """JSON for a case argument; integer arrays are tagged so they come back as integers."""
    if isinstance(value, np.ndarray | np.generic):
        arr = np.asarray(value)
        kind = "int" if np.issubdtype(arr.dtype, np.integer) else "float"
        return {"array": arr.tolist(), "dtype": kind}
    return value


def main() -> None:
    import torch

    cases = []
    for case in all_cases():
        result = torch_result(case)
        cases.append(
            {
                "id": case.id,
                "fn": case.fn,
                "args": [encode(a) for a in case.args],
                "kwargs": {k: encode(v) for k, v in case.kwargs.items()},
                "expected": result if isinstance(result, float) else result.tolist(),
            }
        )
    doc = {
        "generator": "scripts/make_golden.py from tests/core/loss_cases.py",
        "torch_version": torch.__version__,
        "dtype": "float64",
        "cases": cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # json writes floats with repr(), which round-trips float64 exactly.
    OUT.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases to {OUT.relative_to(ROOT)} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
