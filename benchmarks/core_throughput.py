"""`core` against SciPy and PyTorch (CPU) on 10^6 × 10 float64, in one process.

Targets (issue: foundation): `cross_entropy_loss` within 2× of PyTorch; the
information measures at least as fast as SciPy.  Each figure is the median of
several runs; a ratio below 1 means `core` is faster.
"""

from __future__ import annotations

import numpy as np

import core

from .timing import median_seconds, table

N, C = 1_000_000, 10


def main(repeats: int = 5) -> None:
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(N, C)) * 3
    target = rng.integers(0, C, size=N)
    p = core.softmax(rng.normal(size=(N, C)))
    q = core.softmax(rng.normal(size=(N, C)))

    rows: list[list[str]] = []
    sp_entropy: float | None
    sp_kl: float | None

    def add(name: str, ours: float, ref_name: str, ref: float | None) -> None:
        ratio = f"{ours / ref:.2f}" if ref else "n/a"
        rows.append([name, f"{ours * 1e3:.1f}", ref_name, f"{ref * 1e3:.1f}" if ref else "n/a", ratio])

    try:
        import scipy.special
        import scipy.stats

        sp_entropy = median_seconds(lambda: scipy.stats.entropy(p, axis=-1), repeats)
        sp_kl = median_seconds(lambda: scipy.special.rel_entr(p, q).sum(axis=-1), repeats)
    except ImportError:
        sp_entropy = sp_kl = None
    add("entropy", median_seconds(lambda: core.entropy(p), repeats), "scipy.stats.entropy", sp_entropy)
    add(
        "kl_divergence",
        median_seconds(lambda: core.kl_divergence(p, q), repeats),
        "scipy.special.rel_entr().sum()",
        sp_kl,
    )

    torch_ce: float | None = None
    try:
        import torch
        import torch.nn.functional as F

        tl, tt = torch.from_numpy(logits), torch.from_numpy(target)
        torch_ce = median_seconds(lambda: F.cross_entropy(tl, tt), repeats)
        threads = f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads"
    except ImportError:
        threads = "PyTorch not installed (make test-reference)"
    add(
        "cross_entropy_loss",
        median_seconds(lambda: core.cross_entropy_loss(logits, target), repeats),
        "torch F.cross_entropy",
        torch_ce,
    )

    print(f"\n## core throughput: {N:,} × {C} float64, median of {repeats} runs ({threads})\n")
    print(table(["core function", "core ms", "reference", "reference ms", "ratio core/ref"], rows))
