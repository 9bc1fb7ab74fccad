"""Server-side script time per rerun and figure payload per page, through AppTest.

Script time is the wall-clock time of ``AppTest.run()`` for a rerun with the
page's default controls after one warm-up run (caches warm, as after a slider
move that leaves the cached sections alone); it includes the router, the page
script and Streamlit's serialisation.  AppTest compiles every script afresh on
each run, which a real server does once; the scripts' bytecode is shared across
runs here, as the server's ScriptCache does.  Payload is the JSON of every
Plotly figure the page sends.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import streamlit.testing.v1.local_script_runner as local_script_runner
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest

from ui.catalog import HOME, PAGES

from .timing import median_seconds, table

APP = str(Path(__file__).resolve().parents[1] / "app.py")

#: Budgets from the issues: (median script ms per rerun, figures KB of JSON).
BUDGETS = {
    "home": (50.0, 300.0),
    "entropy": (50.0, 300.0),
    "ce-vs-mse": (80.0, 600.0),
    "kl-asymmetry": (100.0, 600.0),
    "focal-loss": (50.0, 600.0),
    "calculator": (50.0, 600.0),
    "sources": (50.0, 300.0),
}


_SHARED_SCRIPT_CACHE = ScriptCache()


def _server_like_script_cache() -> None:
    """Let every AppTest run reuse compiled scripts, as one server process does."""
    setattr(local_script_runner, "ScriptCache", lambda: _SHARED_SCRIPT_CACHE)  # noqa: B010


def measure(
    url_path: str, script: str, repeats: int = 9, text_inputs: dict[str, str] | None = None
) -> tuple[float, float, int]:
    """Median ms per rerun, KB of figure JSON, and the number of figures, for one page.

    ``text_inputs`` maps text-area keys to values typed before timing (the calculator's 100 × 10 case).
    """
    _server_like_script_cache()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if script != HOME.path:
        at.switch_page(script).run()
    for key, value in (text_inputs or {}).items():
        at.text_area(key=key).set_value(value)
    if text_inputs:
        at.run()
    if at.exception:
        raise RuntimeError(f"{script} raised: {at.exception[0].value}")
    seconds = median_seconds(lambda: at.run(), repeats=repeats, warmup=1)
    charts = at.get("plotly_chart")
    payload = sum(len(c.proto.spec) for c in charts) / 1024
    return seconds * 1e3, payload, len(charts)


#: A rerun in Chinese may cost at most this much more than in English (issue #13).
LANGUAGE_BUDGET = 1.05


def _opened(script: str, lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    if script != HOME.path:
        at.switch_page(script).run()
    if at.exception:
        raise RuntimeError(f"{script} ({lang}) raised: {at.exception[0].value}")
    return at


def language_cost(script: str, repeats: int = 15) -> tuple[float, float]:
    """Median ms per rerun of a page in English and in Chinese, the two interleaved (so drift hits both)."""
    _server_like_script_cache()
    sessions = {lang: _opened(script, lang) for lang in ("en", "zh")}
    times: dict[str, list[float]] = {"en": [], "zh": []}
    for i in range(repeats + 1):
        for lang, at in sessions.items():
            t0 = time.perf_counter()
            at.run()
            if i:  # the first round warms up
                times[lang].append(time.perf_counter() - t0)
    return statistics.median(times["en"]) * 1e3, statistics.median(times["zh"]) * 1e3


def languages_table() -> None:
    rows, ratios = [], []
    for info in (HOME, *PAGES):
        en, zh = language_cost(info.path)
        ratios.append(zh / en)
        rows.append([info.title, f"{en:.1f}", f"{zh:.1f}", f"{zh / en:.3f}"])
    median = statistics.median(ratios)
    rows.append(["median", "", "", f"{median:.3f}"])
    print("\n## A rerun in Chinese against English (AppTest, 15 interleaved reruns each, medians)\n")
    print(table(["page", "English ms", "Chinese ms", "ratio"], rows))
    verdict = "yes" if median <= LANGUAGE_BUDGET else "NO"
    print(f"\nTarget: Chinese at most {LANGUAGE_BUDGET:.2f}× English (median over pages): {verdict}")


def main() -> None:
    rows = []
    for info in (HOME, *PAGES):
        ms, kb, n = measure(info.url_path, info.path)
        budget_ms, budget_kb = BUDGETS.get(info.url_path, (float("nan"), float("nan")))
        ok = "yes" if ms <= budget_ms and kb <= budget_kb else "NO"
        rows.append([info.title, f"{ms:.1f}", f"{budget_ms:.0f}", f"{kb:.1f}", f"{budget_kb:.0f}", str(n), ok])
    ms, kb, n = measure("calculator", "views/calculator.py", text_inputs=calculator_100x10())
    budget_ms, budget_kb = BUDGETS["calculator"]
    ok = "yes" if ms <= budget_ms and kb <= budget_kb else "NO"
    rows.append(
        ["Calculator, 100 × 10 input", f"{ms:.1f}", f"{budget_ms:.0f}", f"{kb:.1f}", f"{budget_kb:.0f}", str(n), ok]
    )
    print("\n## Page reruns: median server-side script time (AppTest, 9 reruns) and figure payload\n")
    print(table(["page", "ms/rerun", "budget ms", "figures KB", "budget KB", "figures", "within"], rows))
    languages_table()


def calculator_100x10() -> dict[str, str]:
    """A 100 × 10 matrix of logits and 100 class targets, as a person would paste them."""
    import numpy as np

    rng = np.random.default_rng(0)
    logits = rng.normal(scale=2.0, size=(100, 10)).round(4)
    targets = rng.integers(0, 10, size=100)
    return {
        "calc_pred": "\n".join(", ".join(f"{v:g}" for v in row) for row in logits),
        "calc_target": ", ".join(str(t) for t in targets),
    }
