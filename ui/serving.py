"""Interpreter settings for serving every session from one Python process (docs/deploy.md, "A large paste").

Streamlit runs each session's script in a thread of one process, so sessions share the interpreter:

* **Switch interval.**  A slider's rerun hands work between its script thread and the server's event
  loop several times; each hand-off can wait for Python's switch interval (5 ms by default) while
  another session's thread computes.  At 1 ms a busy neighbour delays a move by a fraction of that.
* **Frozen start-up objects.**  With Streamlit's forced collection after each run switched off
  (``runner.postScriptGC = false``), Python's own full collections still walk every object alive,
  most of them the modules' (NumPy, Plotly, Streamlit, the pages): 45 to 90 ms each.  `gc.freeze`
  moves what is alive once the modules are imported into a generation that is never walked; it is
  called again whenever a run imported more modules (the first visit of a page), so a handful of
  times per process.
"""

from __future__ import annotations

import gc
import sys

#: Seconds a thread runs before the interpreter offers the others a turn (Python's default: 0.005).
SWITCH_INTERVAL_S = 0.001

_frozen_at_modules = 0


def tune_interpreter() -> None:
    """Set the switch interval (idempotent; the router calls it on every run)."""
    if sys.getswitchinterval() != SWITCH_INTERVAL_S:
        sys.setswitchinterval(SWITCH_INTERVAL_S)


def freeze_new_modules() -> bool:
    """After a run: if it imported modules, move every object alive now out of the collector's walks.

    Returns whether it froze.  Objects frozen are never freed, so this runs only when the set of
    imported modules grew, which stops once every page has been visited.
    """
    global _frozen_at_modules
    if len(sys.modules) <= _frozen_at_modules:
        return False
    gc.collect()  # what is garbage now is not kept for ever
    gc.freeze()
    _frozen_at_modules = len(sys.modules)
    return True
