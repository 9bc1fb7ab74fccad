"""``python -m benchmarks [core|pages]``: print the benchmark tables (both by default)."""

from __future__ import annotations

import sys

from . import core_throughput, page_reruns


def main(argv: list[str]) -> int:
    which = set(argv) or {"core", "pages"}
    unknown = which - {"core", "pages"}
    if unknown:
        print(f"unknown benchmark(s): {', '.join(sorted(unknown))}; choose from core, pages", file=sys.stderr)
        return 2
    if "core" in which:
        core_throughput.main()
    if "pages" in which:
        page_reruns.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
