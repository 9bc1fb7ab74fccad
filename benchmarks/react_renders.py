"""How much of the page the tab re-renders for one slider move: a count, not a time.

The round trip of a move on a Loss Lab page is mostly the tab's own work, and most of that is React
re-rendering components that did not change: in Streamlit 1.67 the start of any rerun, a fragment's
included, changes state that every element and container of the page reads, so the whole page
renders again (README "Performance").  Times on a 2-core machine are noisy; how many components
render is not.  This counts them with the hook React offers developer tools
(``__REACT_DEVTOOLS_GLOBAL_HOOK__.onCommitFiberRoot``, called after every commit), installed before
the page's own scripts run:

* a component (function, class, forwardRef or memo fiber) *rendered* in a commit if it carries
  React's ``PerformedWork`` flag and is not the very fiber object the previous commit's tree held
  (a subtree React skipped keeps its old fiber objects, flags included);
* per move, every commit from the key press until the page is idle again with its charts drawn,
  summed: what the tab renders to answer that move, before and after the rerun's end.

The hook walks the whole tree at every commit, which slows the tab, so this runs in its own browser
context with no timing taken; `browser.py` reports it beside the timed moves, for the floor app
and for each page's first slider.
"""

from __future__ import annotations

import asyncio
import statistics
from dataclasses import dataclass, field
from typing import Any

#: Installed with ``context.add_init_script``: records {rendered, total} per commit in ``window.__renders``.
HOOK = """(() => {
  const COMPONENTS = new Set([0, 1, 11, 14, 15]);  // function, class, forwardRef, memo, simple memo
  const PERFORMED_WORK = 1;
  let previous = new WeakSet();
  window.__renders = [];
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject() { return 1; },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onCommitFiberRoot(id, root) {
      const seen = new WeakSet();
      let rendered = 0, total = 0;
      const stack = [root.current];
      while (stack.length) {
        const f = stack.pop();
        seen.add(f);
        if (COMPONENTS.has(f.tag)) {
          total += 1;
          if ((f.flags & PERFORMED_WORK) && !previous.has(f)) rendered += 1;
        }
        if (f.sibling) stack.push(f.sibling);
        if (f.child) stack.push(f.child);
      }
      previous = seen;
      window.__renders.push({rendered, total});
    },
  };
})()"""


@dataclass
class RenderRow:
    app: str
    page: str
    slider: str
    key: str | None
    components: int | None = None  # on the page after the moves (the largest commit's tree)
    rendered: float | None = None  # per move, median
    commits: float | None = None  # per move, median
    per_move: list[int] = field(default_factory=list)
    commits_per_move: list[int] = field(default_factory=list)
    ratio: float | None = None  # rendered / the floor's
    error: str = ""


def per_move(commits: list[dict[str, int]]) -> tuple[int, int, int]:
    """(components rendered, commits, components in the largest tree) over one move's commits."""
    rendered = sum(c["rendered"] for c in commits)
    largest = max((c["total"] for c in commits), default=0)
    return rendered, len(commits), largest


async def count_renders(page: Any, slider: dict[str, Any], moves: int, move: Any) -> RenderRow:
    """Move ``slider`` ``moves`` times after one warm-up (``move(page, slider)`` presses a key and waits
    until the page is idle) and count what each move re-rendered."""
    row = RenderRow("", "", slider["label"], slider["key"])
    largest = 0
    for i in range(moves + 1):
        await page.evaluate("window.__renders = []")
        await move(page, slider)
        await asyncio.sleep(0.3)  # commits that follow the last drawn chart (hover layers, resize observers)
        rendered, commits, tree = per_move(await page.evaluate("window.__renders"))
        largest = max(largest, tree)
        if i:
            row.per_move.append(rendered)
            row.commits_per_move.append(commits)
    row.components = largest or None
    if row.per_move:
        row.rendered = statistics.median(row.per_move)
        row.commits = statistics.median(row.commits_per_move)
    return row
