"""``python -m benchmarks [core|pages|browser] [options]``: print the benchmark tables (all by default).

``browser`` runs only where Chromium and Playwright are installed (it prints why it is skipped
otherwise); its options: ``--pages entropy focal-loss`` (url paths, default every page), ``--moves 3``
(timed moves per slider), ``--loads 3`` (timed loads per page), ``--json PATH`` (every row as JSON).
"""

from __future__ import annotations

import argparse
import sys

SECTIONS = ("core", "pages", "browser")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("sections", nargs="*", metavar="SECTION", help=f"any of {', '.join(SECTIONS)} (default: all)")
    parser.add_argument("--pages", nargs="+", metavar="URL_PATH", help="browser: only these pages (e.g. entropy)")
    parser.add_argument("--moves", type=int, default=5, help="browser: timed moves per slider (default 5)")
    parser.add_argument("--loads", type=int, default=3, help="browser: timed loads per page (default 3)")
    parser.add_argument("--json", metavar="PATH", help="browser: write every row to PATH as JSON")
    args = parser.parse_args(argv)
    which = set(args.sections) or set(SECTIONS)
    unknown = which - set(SECTIONS)
    if unknown:
        print(f"unknown benchmark(s): {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}", file=sys.stderr)
        return 2
    if args.moves < 1 or args.loads < 1:
        print("--moves and --loads must be at least 1", file=sys.stderr)
        return 2
    if "core" in which:
        from . import core_throughput

        core_throughput.main()
    if "pages" in which:
        from . import page_reruns

        page_reruns.main()
    if "browser" in which:
        from . import browser

        browser.main(pages=args.pages, moves=args.moves, loads=args.loads, json_path=args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
