"""Loss Lab as users feel it, in headless Chromium, against the framework's floor (`floor_app.py`).

Both apps are served the way `make load` serves Loss Lab (scripts/load_test.py's ``Server``: the
image's production settings, a free loopback port), one after the other in the same run, each
measured alone.  For every catalogued page, and for the floor app:

* **load**: from navigation start to the app idle (``stApp`` script state ``notRunning``) with every
  visible Plotly chart drawn (``.main-svg`` present and Plotly done replotting), timed in the page
  (``performance.now()``).  A fresh browser context per load; the median of N loads after one warm-up
  load of that page (which also tells how many charts the page draws, so a load is not finished
  before they exist);
* **slider moves**: for every visible server-side slider (``st.slider`` and ``st.select_slider``:
  ``<input type="range">`` or ARIA sliders inside a Streamlit element; Plotly's own sliders are SVG
  and cost no round trip), focus it and press ArrowRight, then ArrowLeft, alternating, so the value
  stays at its default.  Per move:
    - round trip: from the rerun request (BackMsg ``rerun_script``) leaving the browser to the
      server's ``script_finished`` ForwardMsg arriving (a fragment rerun ends with one too), both
      from DevTools ``Network.webSocketFrame*`` events, decoded by scripts/load_test.py's
      ``Session``.  Chromium stamps a received frame when the tab's main thread takes it, so this
      includes the tab applying the rerun's earlier deltas (drawing charts) as well as the server;
      the server alone is `make load`'s protocol clients;
    - server CPU: the server process's CPU time, threads included: exact (nanoseconds) from a cgroup v1 cpuacct
      group where the machine allows one, else user + system time from /proc/PID/stat (clock ticks of 10 ms)
      from just before the key press to 150 ms after ``script_finished``;
    - WebSocket bytes: payload bytes the page received over the same interval.
  The median of M moves per slider after one warm-up move.
* **re-renders**: for each page's first slider, in a browser context of its own (the count slows the
  tab), how many React components the tab renders per move, from the key press until the charts are
  drawn again (`react_renders.py`): a count, free of this machine's timing noise, of the work that
  makes up most of the round trip.

For reference (not a target), the same slider and chart on a page of a Loss Lab page's size
(`floor_page_app.py`): its load, round trip and re-render count, and Loss Lab's median round trip as a
ratio to its own.

Ratios divide by the floor's figure; the floor is measured before and after Loss Lab, with twice a
page's samples each time, pooled.  Nothing here asserts on time: the targets are printed.

    python -m benchmarks browser
    python -m benchmarks browser --pages entropy focal-loss --moves 3 --json test-output/browser.json
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from scripts.load_test import (
    BOUNDS,
    FLOOR_APP,
    Server,
    Session,
    chromium_without_cap_sys_nice,
    finished_on_the_wire,
    machine_load,
)
from tests.e2e.harness import CHROMIUM_ARGS, skip_reason
from ui.catalog import HOME, PAGES

from .react_renders import HOOK, RenderRow, count_renders
from .timing import table

FLOOR = "floor"
FLOOR_PAGE = "floor-page"
FLOOR_PAGE_APP = "benchmarks/floor_page_app.py"  # the floor's slider and chart on a page of a Loss Lab page's size
VIEWPORT = {"width": 1280, "height": 900}
LOAD_TIMEOUT_MS = 90_000
SETTLE_S = 0.15  # after script_finished, before reading the server's CPU time
PAUSE_S = 0.1  # between one move's charts being drawn and the next key press
LOG = "bench-server.log"
RENDER_MOVES = 3  # moves counted by `react_renders` per page (after a warm-up)
FLOOR_SAMPLES = 2  # the floor's loads and moves per pass, as a multiple of a page's (two passes)

#: Targets: Loss Lab / floor ratios (median over sliders or pages, worst), and KB per move (median).
ROUND_TRIP_TARGET = (1.5, 3.0)
SERVER_CPU_TARGET = (1.5, 3.0)
LOAD_TARGET = (2.5, 5.0)
KB_PER_MOVE_TARGET = 30.0

#: Resolves to [performance.now(), visible charts] once the script has finished, no element is a
#: skeleton waiting for its code any more, and every visible Plotly chart is drawn, with at least
#: ``minCharts`` of them (so not before the charts exist).
DRAWN = """(minCharts) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (!document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]')) return false;
  // Elements whose code is still loading (the first page of a visit loads each kind lazily).
  if ([...document.querySelectorAll('[data-testid="stSkeleton"]')].some((e) => e.checkVisibility())) return false;
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].filter((c) => c.checkVisibility());
  if (charts.length < minCharts) return false;
  for (const c of charts) {
    const gd = c.querySelector('.js-plotly-plot');
    if (!gd || !gd._fullLayout || gd._fullLayout._replotting !== false || !gd.querySelector('.main-svg')) {
      return false;
    }
  }
  return [performance.now(), charts.length];
}"""

#: Every visible server-side slider thumb, in page order: {e, label, key, thumb}.  Visible means not
#: under ``display: none`` (Streamlit's own inputs are visually hidden, which still counts as shown).
_SLIDERS = """() => {
  const found = [];
  for (const e of document.querySelectorAll('input[type="range"], [role="slider"]')) {
    const box = e.closest('[data-testid="stElementContainer"]');
    if (!box || e.closest('.js-plotly-plot') || !e.checkVisibility()) continue;
    if (e.getAttribute('role') === 'slider' && e.querySelector('input[type="range"]')) continue;
    const thumbs = [...box.querySelectorAll('input[type="range"], [role="slider"]')];
    const key = [...box.classList].find((c) => c.startsWith('st-key-'));
    const text = box.querySelector('[data-testid="stWidgetLabel"]');
    const label = (text && text.innerText.trim()) || e.getAttribute('aria-label') || '';
    found.push({e, label, key: key ? key.slice('st-key-'.length) : null, thumb: thumbs.indexOf(e)});
  }
  return found;
}"""
LIST_SLIDERS = "() => (" + _SLIDERS + ")().map((s, index) => ({label: s.label, key: s.key, thumb: s.thumb, index}))"
FIND_SLIDER = (
    "(id) => { const all = (" + _SLIDERS + ")(); "
    "const s = id.key ? all.find((x) => x.key === id.key && x.thumb === id.thumb) : all[id.index]; "
    "return s ? s.e : null; }"
)


@dataclass
class LoadRow:
    app: str  # "floor" or "losslab"
    page: str  # the url path, or "floor"
    title: str
    load_s: float | None  # median
    loads_s: list[float] = field(default_factory=list)
    charts: int = 0
    ratio: float | None = None
    error: str = ""


@dataclass
class MoveRow:
    app: str
    page: str
    title: str
    slider: str  # the label
    key: str | None
    round_trip_ms: float | None = None  # medians over the moves
    server_cpu_ms: float | None = None
    kb: float | None = None
    messages: float | None = None  # WebSocket messages per move: about one per element re-sent
    round_trips_ms: list[float] = field(default_factory=list)
    server_cpus_ms: list[float] = field(default_factory=list)
    kbs: list[float] = field(default_factory=list)
    messages_per_move: list[int] = field(default_factory=list)
    reruns_per_move: list[int] = field(default_factory=list)
    round_trip_ratio: float | None = None
    server_cpu_ratio: float | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class Target:
    page: str  # url path; "" for the floor app's single page
    title: str
    app: str


# ---- measuring ---------------------------------------------------------------------------------


async def timed_load(browser: Any, url: str, min_charts: int, settle: bool = False) -> tuple[float, int]:
    """Seconds from navigation start to idle with every chart drawn, and the number of charts.

    ``settle`` (the warm-up): wait a second more and check again, so the chart count is final.
    """
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await context.new_page()
        await page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
        done = await page.wait_for_function(DRAWN, arg=min_charts, polling="raf", timeout=LOAD_TIMEOUT_MS)
        t_ms, charts = await done.json_value()
        if settle:
            await page.wait_for_timeout(1000)
            done = await page.wait_for_function(DRAWN, arg=min_charts, polling="raf", timeout=LOAD_TIMEOUT_MS)
            charts = (await done.json_value())[1]
        return t_ms / 1000, int(charts)
    finally:
        await context.close()


async def measure_loads(browser: Any, app: str, target: Target, url: str, loads: int) -> LoadRow:
    row = LoadRow(app=app, page=target.page or FLOOR, title=target.title, load_s=None)
    try:
        _, row.charts = await timed_load(browser, url, 0, settle=True)  # warm-up
        for _ in range(loads):
            seconds, _ = await timed_load(browser, url, row.charts)
            row.loads_s.append(round(seconds, 3))
        row.load_s = round(statistics.median(row.loads_s), 3)
    except Exception as exc:
        row.error = _short(exc)
    return row


async def measure_sliders(
    browser: Any, server: Server, app: str, target: Target, url: str, moves: int, keys: set[str] | None = None
) -> tuple[list[MoveRow], str]:
    """One row per visible server-side slider of the page (or per slider whose key is in ``keys``), all moved in
    one session."""
    record = Session()
    context = await browser.new_context(viewport=VIEWPORT)
    rows: list[MoveRow] = []
    try:
        page = await context.new_page()
        cdp = await context.new_cdp_session(page)
        cdp.on("Network.webSocketFrameSent", record.on_sent)
        cdp.on("Network.webSocketFrameReceived", record.on_received)
        await cdp.send("Network.enable")
        await page.goto(url, timeout=LOAD_TIMEOUT_MS)
        await page.wait_for_function(DRAWN, arg=0, polling="raf", timeout=LOAD_TIMEOUT_MS)
        await page.wait_for_timeout(500)
        for slider in await page.evaluate(LIST_SLIDERS):
            if keys is not None and slider["key"] not in keys:
                continue
            row = MoveRow(app, target.page or FLOOR, target.title, slider["label"], slider["key"])
            rows.append(row)
            await move_one_slider(page, server, record, slider, moves, row)
        if await page.locator('[data-testid="stException"]').count():
            return rows, "an exception box is on the page after the moves"
    except Exception as exc:
        return rows, _short(exc)
    finally:
        await context.close()
    return rows, ""


async def move_one_slider(
    page: Any, server: Server, record: Session, slider: dict[str, Any], moves: int, row: MoveRow
) -> None:
    """One warm-up move, then ``moves`` timed ones; one more if needed to leave the default value."""
    ident = {"key": slider["key"], "thumb": slider["thumb"], "index": slider["index"]}
    total = 1 + moves
    direction = ""
    for i in range(total + total % 2):
        handle = await page.evaluate_handle(FIND_SLIDER, ident)
        element = handle.as_element()
        if element is None:
            row.errors.append("the slider disappeared")
            break
        value, low, high = await element.evaluate(BOUNDS)
        direction = "ArrowLeft" if direction == "ArrowRight" else "ArrowRight"  # alternate, from the right
        if value >= high:  # at a bound the key would change nothing
            direction = "ArrowLeft"
        elif value <= low:
            direction = "ArrowRight"
        await element.focus()
        sent_before, bytes_before = len(record.reruns_sent), record.bytes_received
        frames_before = record.frames_received
        cpu_before = server.cpu_seconds()
        await page.keyboard.press(direction)
        finished = await finished_on_the_wire(record, sent_before)
        if finished is None:
            row.errors.append(f"{direction}: no script_finished (value {value} in [{low}, {high}])")
            break
        await asyncio.sleep(SETTLE_S)
        cpu = server.cpu_seconds() - cpu_before
        sent, done, _ = finished
        if 1 <= i <= moves:
            row.round_trips_ms.append(round((done - sent) * 1000, 1))
            row.server_cpus_ms.append(round(cpu * 1000, 1))
            row.kbs.append(round((record.bytes_received - bytes_before) / 1024, 2))
            row.messages_per_move.append(record.frames_received - frames_before)
            row.reruns_per_move.append(len(record.reruns_sent) - sent_before)
        await page.wait_for_function(DRAWN, arg=0, polling="raf", timeout=LOAD_TIMEOUT_MS)
        await asyncio.sleep(PAUSE_S)
    if row.round_trips_ms:
        row.round_trip_ms = round(statistics.median(row.round_trips_ms), 1)
        row.server_cpu_ms = round(statistics.median(row.server_cpus_ms), 1)
        row.kb = round(statistics.median(row.kbs), 2)
        row.messages = statistics.median(row.messages_per_move)


async def measure_renders(browser: Any, app: str, target: Target, url: str, moves: int) -> RenderRow | None:
    """`react_renders`: what the page re-renders per move of its first slider (None without a slider)."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        await context.add_init_script(HOOK)
        page = await context.new_page()
        await page.goto(url, timeout=LOAD_TIMEOUT_MS)
        await page.wait_for_function(DRAWN, arg=0, polling="raf", timeout=LOAD_TIMEOUT_MS)
        await page.wait_for_timeout(500)
        sliders = await page.evaluate(LIST_SLIDERS)
        if not sliders:
            return None
        directions = iter(["ArrowRight", "ArrowLeft"] * (moves + 1))

        async def move(page: Any, slider: dict[str, Any]) -> None:
            ident = {"key": slider["key"], "thumb": slider["thumb"], "index": slider["index"]}
            element = (await page.evaluate_handle(FIND_SLIDER, ident)).as_element()
            value, low, high = await element.evaluate(BOUNDS)
            direction = next(directions)
            if value >= high or value <= low:
                direction = "ArrowLeft" if value >= high else "ArrowRight"
            await element.focus()
            await page.keyboard.press(direction)
            await page.wait_for_timeout(100)  # the rerun starts; then wait for its end and the charts
            await page.wait_for_function(DRAWN, arg=0, polling="raf", timeout=LOAD_TIMEOUT_MS)

        row = await count_renders(page, sliders[0], moves, move)
    except Exception as exc:
        row = RenderRow(app, target.page or FLOOR, "", None, error=_short(exc))
    finally:
        await context.close()
    row.app, row.page = app, target.page or FLOOR
    return row


async def measure_app(
    browser: Any,
    script: str,
    app: str,
    targets: list[Target],
    loads: int,
    moves: int,
    renders: bool = True,
    keys: set[str] | None = None,
) -> tuple[list[LoadRow], list[MoveRow], list[str], list[RenderRow]]:
    load_rows: list[LoadRow] = []
    move_rows: list[MoveRow] = []
    render_rows: list[RenderRow] = []
    errors: list[str] = []
    server = Server(script, log_name=LOG)
    try:
        await asyncio.to_thread(server.wait_healthy)
        for target in targets:
            url = f"{server.url}/{target.page}"
            t0 = time.monotonic()
            load_rows.append(await measure_loads(browser, app, target, url, loads))
            rows, error = await measure_sliders(browser, server, app, target, url, moves, keys)
            move_rows += rows
            if renders and rows:
                counted = await measure_renders(browser, app, target, url, RENDER_MOVES)
                if counted:
                    render_rows.append(counted)
                    errors += [f"/{target.page} re-render count: {counted.error}"] if counted.error else []
            errors += [f"/{target.page}: {e}" for e in (error, load_rows[-1].error) if e]
            errors += [f"/{target.page} {r.slider}: {e}" for r in rows for e in r.errors]
            print(
                f"  {app} /{target.page}: load {_num(load_rows[-1].load_s, 2)} s, {len(rows)} slider(s), "
                f"{time.monotonic() - t0:.0f} s",
                flush=True,
            )
    finally:
        server.stop()
    return load_rows, move_rows, errors, render_rows


async def run(pages: list[Target], loads: int, moves: int) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    meta: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "cpus": os.cpu_count(),
        "loads_per_page": loads,
        "moves_per_slider": moves,
        "floor_loads": 2 * FLOOR_SAMPLES * loads,
        "floor_moves": 2 * FLOOR_SAMPLES * moves,
        "machine_before": machine_load(),
    }
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_without_cap_sys_nice(), args=CHROMIUM_ARGS)
        meta["chromium"] = browser.version
        try:
            # The floor divides every ratio: twice the samples, before and after Loss Lab, pooled, so that
            # neither its noise nor a change in the machine's load over the run sets the ratios.
            floor = [Target("", "Floor app (1 slider, 1 chart)", FLOOR)]
            n_loads, n_moves = FLOOR_SAMPLES * loads, FLOOR_SAMPLES * moves
            floor_loads, floor_moves, errors, floor_renders = await measure_app(
                browser, FLOOR_APP, FLOOR, floor, n_loads, n_moves
            )
            loads_rows, move_rows, more, renders = await measure_app(browser, "app.py", "losslab", pages, loads, moves)
            big = [Target("", "Floor page (the floor's slider and chart on a Loss Lab-sized page)", FLOOR_PAGE)]
            big_run = await measure_app(browser, FLOOR_PAGE_APP, FLOOR_PAGE, big, loads, moves, keys={"floor_power"})
            again = await measure_app(browser, FLOOR_APP, FLOOR, floor, n_loads, n_moves, renders=False)
            floor_loads, floor_moves = _pool_loads(floor_loads + again[0]), _pool_moves(floor_moves + again[1])
            errors += more + big_run[2] + again[2]
        finally:
            await browser.close()
    meta["machine_after"] = machine_load()
    import streamlit

    meta["streamlit"] = streamlit.__version__
    result = summarize(floor_loads, floor_moves, loads_rows, move_rows, errors, meta, floor_renders + renders)
    result["floor_page"] = floor_page_summary(result, *big_run[:2], big_run[3])
    return result


def floor_page_summary(
    result: dict[str, Any], loads: list[LoadRow], moves: list[MoveRow], renders: list[RenderRow]
) -> dict[str, Any]:
    """The page-sized floor beside the floor and Loss Lab: for reference, not a target."""
    floor = result["meta"]["floor"]
    move = moves[0] if moves else None
    rt = move.round_trip_ms if move else None
    losslab = _median([m["round_trip_ms"] for m in result["moves"] if m["app"] != FLOOR and m["round_trip_ms"]])
    counted = renders[0] if renders else None
    return {
        "app": FLOOR_PAGE_APP,
        "load_s": loads[0].load_s if loads else None,
        "round_trip_ms": rt,
        "round_trip_ratio_to_floor": _ratio(rt, floor["round_trip_ms"]),
        "losslab_median_ratio_to_it": _ratio(losslab, rt),
        "components": counted.components if counted else None,
        "rendered_per_move": counted.rendered if counted else None,
    }


def _pool_loads(rows: list[LoadRow]) -> list[LoadRow]:
    """One row with every sample of ``rows`` (the same page measured more than once)."""
    if not rows:
        return []
    pooled = LoadRow(rows[0].app, rows[0].page, rows[0].title, None, charts=rows[0].charts)
    pooled.loads_s = [x for r in rows for x in r.loads_s]
    pooled.load_s = round(statistics.median(pooled.loads_s), 3) if pooled.loads_s else None
    pooled.error = "; ".join(r.error for r in rows if r.error)
    return [pooled]


def _pool_moves(rows: list[MoveRow]) -> list[MoveRow]:
    """One row per slider key with every sample of ``rows``, in first-seen order."""
    pooled: dict[tuple[str, str | None, str], MoveRow] = {}
    for r in rows:
        p = pooled.setdefault((r.page, r.key, r.slider), MoveRow(r.app, r.page, r.title, r.slider, r.key))
        p.round_trips_ms += r.round_trips_ms
        p.server_cpus_ms += r.server_cpus_ms
        p.kbs += r.kbs
        p.messages_per_move += r.messages_per_move
        p.reruns_per_move += r.reruns_per_move
        p.errors += r.errors
    for p in pooled.values():
        if p.round_trips_ms:
            p.round_trip_ms = round(statistics.median(p.round_trips_ms), 1)
            p.server_cpu_ms = round(statistics.median(p.server_cpus_ms), 1)
            p.kb = round(statistics.median(p.kbs), 2)
            p.messages = statistics.median(p.messages_per_move) if p.messages_per_move else None
    return list(pooled.values())


# ---- reporting ---------------------------------------------------------------------------------


def _ratio(value: float | None, floor: float | None) -> float | None:
    if value is None or not floor:
        return None
    return round(value / floor, 2)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def summarize(
    floor_loads: list[LoadRow],
    floor_moves: list[MoveRow],
    loads: list[LoadRow],
    moves: list[MoveRow],
    errors: list[str],
    meta: dict[str, Any],
    renders: list[RenderRow] | None = None,
) -> dict[str, Any]:
    floor_load = floor_loads[0].load_s if floor_loads else None
    floor_move = floor_moves[0] if floor_moves else None
    floor_rt = floor_move.round_trip_ms if floor_move else None
    floor_cpu = floor_move.server_cpu_ms if floor_move else None
    for lr in floor_loads + loads:
        lr.ratio = _ratio(lr.load_s, floor_load)
    for mr in floor_moves + moves:
        mr.round_trip_ratio = _ratio(mr.round_trip_ms, floor_rt)
        mr.server_cpu_ratio = _ratio(mr.server_cpu_ms, floor_cpu)

    summary: list[dict[str, Any]] = []

    def against(name: str, values: list[float], floor: float | None, median_max: float, worst_max: float) -> None:
        ratios = [v / floor for v in values] if floor else []
        med, worst = _median(ratios), max(ratios) if ratios else None
        summary.append(_target(f"{name}: median ≤ {median_max:g}× floor", med, median_max, "×"))
        summary.append(_target(f"{name}: worst ≤ {worst_max:g}× floor", worst, worst_max, "×"))

    rts = [m.round_trip_ms for m in moves if m.round_trip_ms is not None]
    cpus = [m.server_cpu_ms for m in moves if m.server_cpu_ms is not None]
    kbs = [m.kb for m in moves if m.kb is not None]
    page_loads = [lr.load_s for lr in loads if lr.load_s is not None]
    against("slider round trip", rts, floor_rt, *ROUND_TRIP_TARGET)
    against("server CPU per move", cpus, floor_cpu, *SERVER_CPU_TARGET)
    kb_name = f"WebSocket bytes per move: median ≤ {KB_PER_MOVE_TARGET:g} KB"
    summary.append(_target(kb_name, _median(kbs), KB_PER_MOVE_TARGET, " KB"))
    against("page load, every chart drawn", page_loads, floor_load, *LOAD_TARGET)
    meta["floor"] = {
        "load_s": floor_load,
        "round_trip_ms": floor_rt,
        "server_cpu_ms": floor_cpu,
        "kb_per_move": floor_move.kb if floor_move else None,
    }
    renders = renders or []
    floor_rendered = next((r.rendered for r in renders if r.app == FLOOR), None)
    for rr in renders:
        rr.ratio = _ratio(rr.rendered, floor_rendered)
    return {
        "meta": meta,
        "renders": [asdict(r) for r in renders],
        "loads": [asdict(r) for r in floor_loads + loads],
        "moves": [asdict(r) for r in floor_moves + moves],
        "summary": summary,
        "errors": errors,
    }


def _target(name: str, value: float | None, limit: float, unit: str) -> dict[str, Any]:
    within = None if value is None else value <= limit
    return {"target": name, "measured": None if value is None else round(value, 2), "unit": unit, "within": within}


def _num(value: float | None, digits: int) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def report(result: dict[str, Any]) -> str:
    meta, floor = result["meta"], result["meta"]["floor"]
    out = [
        "\n## Browser: Loss Lab against the floor app, headless Chromium\n",
        f"Floor app (`{FLOOR_APP}`: one slider, one 200-point line chart): load {_num(floor['load_s'], 2)} s, "
        f"slider round trip {_num(floor['round_trip_ms'], 0)} ms, server CPU {_num(floor['server_cpu_ms'], 0)} ms "
        f"per move, {_num(floor['kb_per_move'], 1)} KB per move (medians of {meta['floor_loads']} loads and "
        f"{meta['floor_moves']} moves, half before and half after Loss Lab).  Loss Lab: medians of "
        f"{meta['loads_per_page']} loads per page and {meta['moves_per_slider']} moves per slider, each after one "
        "warm-up; ratios are to the floor.  "
        f"Chromium {meta['chromium']}, Streamlit {meta['streamlit']}, {meta['cpus']} CPUs; before: "
        f"{meta['machine_before']}; after: {meta['machine_after']}.\n",
        "### Page loads (navigation start to idle with every visible chart drawn)\n",
        table(
            ["page", "charts", "load s", "ratio to floor"],
            [[_page(r), str(r["charts"]), _num(r["load_s"], 2), _num(r["ratio"], 2)] for r in result["loads"]],
        ),
        "\n### Slider moves (one key press each)\n",
        table(
            ["page", "slider", "round trip ms", "ratio", "server CPU ms", "ratio", "KB per move", "messages"],
            [
                [
                    _page(r),
                    _slider(r),
                    _num(r["round_trip_ms"], 0),
                    _num(r["round_trip_ratio"], 2),
                    _num(r["server_cpu_ms"], 0),
                    _num(r["server_cpu_ratio"], 2),
                    _num(r["kb"], 1),
                    _num(r.get("messages"), 0),
                ]
                for r in result["moves"]
            ],
        ),
        "\n### Components React re-renders per move (counted, not timed: `benchmarks/react_renders.py`)\n",
        "Each page's first slider, "
        f"{RENDER_MOVES} moves after a warm-up, in a context of its own; every commit from the key press until the "
        "charts are drawn again.  The floor's whole page is a slider and a chart.\n",
        table(
            ["page", "slider", "components on the page", "re-rendered per move", "commits", "ratio to floor"],
            [
                [
                    _page(r),
                    _slider(r),
                    _num(r["components"], 0),
                    _num(r["rendered"], 0),
                    _num(r["commits"], 0),
                    _num(r["ratio"], 1),
                ]
                for r in result.get("renders", [])
            ],
        ),
        _floor_page_line(result.get("floor_page")),
        "\n### Targets\n",
        table(
            ["target", "measured", "within"],
            [
                [
                    s["target"],
                    "n/a" if s["measured"] is None else f"{s['measured']:.2f}{s['unit']}",
                    {True: "yes", False: "NO", None: "n/a"}[s["within"]],
                ]
                for s in result["summary"]
            ],
        ),
    ]
    if result["errors"]:
        out.append("\nErrors:\n" + "\n".join(f"- {e}" for e in result["errors"]))
    return "\n".join(out)


def _floor_page_line(fp: dict[str, Any] | None) -> str:
    if not fp:
        return ""
    return (
        f"\nFor reference, the floor's slider and chart on a page of a Loss Lab page's size (`{fp['app']}`, "
        f"{_num(fp['components'], 0)} components, {_num(fp['rendered_per_move'], 0)} re-rendered per move): load "
        f"{_num(fp['load_s'], 2)} s, round trip {_num(fp['round_trip_ms'], 0)} ms, "
        f"{_num(fp['round_trip_ratio_to_floor'], 2)}× the floor's; Loss Lab's median round trip is "
        f"{_num(fp['losslab_median_ratio_to_it'], 2)}× this page's.\n"
    )


def _page(row: dict[str, Any]) -> str:
    return FLOOR if row["app"] == FLOOR else f"/{row['page']}"


def _slider(row: dict[str, Any]) -> str:
    return str(row["slider"]) + (f" ({row['key']})" if row["key"] else "")


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}"[:300]


def targets(pages: list[str] | None) -> list[Target]:
    """The catalogued pages to measure (all by default), by url path."""
    catalog = {p.url_path: p for p in (HOME, *PAGES)}
    unknown = sorted(set(pages or []) - set(catalog))
    if unknown:
        raise SystemExit(f"unknown page(s) {', '.join(unknown)}; choose from {', '.join(catalog)}")
    # Home is the default page, served at "/" ("/home" would open it behind a "page not found" notice).
    return [
        Target("" if p is HOME else p.url_path, p.title, "losslab")
        for p in catalog.values()
        if not pages or p.url_path in pages
    ]


def main(pages: list[str] | None = None, moves: int = 3, loads: int = 3, json_path: str | None = None) -> None:
    reason = skip_reason()
    if reason:
        print(f"\n## Browser: skipped ({reason})")
        return
    chosen = targets(pages)
    print(f"\nbrowser benchmark: floor app and {len(chosen)} page(s), {loads} loads and {moves} moves each", flush=True)
    result = asyncio.run(run(chosen, loads, moves))
    print(report(result))
    if json_path:
        Path(json_path).parent.mkdir(parents=True, exist_ok=True)
        Path(json_path).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"\nwrote {json_path}")
