"""Load test: N concurrent Chromium sessions moving a slider on one Loss Lab server.

For each N (default 5, 10, 20, 40) the script starts a fresh server (the image's command and
production settings, on loopback), opens N browser contexts in ONE headless Chromium (each context
is a separate Streamlit session with its own WebSocket; on a 2-core machine 40 Chromium processes
would measure Chromium, not the server), loads the slider page in all of them, and then, for a fixed
time, every session moves the slider one step, waits for the rerun to finish, pauses, and repeats.

Per move, two times:
  * round trip (on the wire): from the rerun request (BackMsg ``rerun_script``) leaving the browser
    to the server's ``script_finished`` message arriving, both from DevTools
    ``Network.webSocketFrame*`` events. That is network + queueing + the rerun on the server +
    sending its deltas, but NOT independent of the page: Chromium stamps a received frame when the
    tab's main thread takes it, so while the tab is busy applying earlier deltas (drawing charts)
    the later frames, script_finished included, wait (blocking the main thread 400 ms after a key
    press on the floor app turns its 50 ms round trip into 410 ms, with the same server CPU);
  * felt: from the key press to one painted frame after the page has handled the rerun's last
    message, timed inside the page. It adds the browser's own work, which here shares 2 cores with
    N-1 other tabs and the server, so it overstates what a user on their own machine sees.
Errors: page loads or moves that time out, exception boxes, console errors (offline noise excluded),
closed WebSockets, crashed pages.  Server memory is the process's resident set (VmRSS): idle after one
warm-up session, peak while the N sessions run; per session = (peak - idle) / N.  Server CPU is the
process's CPU time over the moving phase, as % of one core and as milliseconds per move.

The same N are then run with protocol clients: bare WebSocket sessions that send exactly the
messages the page sent (its first rerun request, then the slider moved right and left, captured from
Chromium once), with the same pauses. The server cannot tell them from browsers and does the same
work; the clients draw nothing, so these rows show the server's own capacity, where the Chromium
rows on a small machine mostly show 2 cores drawing N tabs.

The floor app (benchmarks/floor_app.py: one slider, one small Plotly chart, the cheapest Streamlit page
of its kind) gets the same rows at each N, served the same way (--no-floor leaves it out), so every
figure can be read against what Streamlit itself costs.

Capacity (--capacity, on by default; --capacity-only for nothing else): for the floor app and the
first visible slider of every catalogued page that has one, a fresh server, one protocol session
moving back to back (its median round trip sets the scale), then a ramp of offered rates from 0.4 to
2.4 times that session's rate: about rate × 1 s sessions, each pausing so that together they offer
the rate, for --capacity-step seconds per step.  A rate is sustained when the 95th percentile round
trip is at most 0.5 s with no errors (a step that is not gets one retry; the ramp stops at a step
that fails twice).  The capacity is the highest achieved rate among the sustained steps, in slider
moves per second for one replica, and each page's ratio to the floor's (target ≥ 0.7).

Priorities: the server, Chromium's browser and network processes and this script run at the
priority `make load` is started with; Chromium's renderer and GPU processes (drawing N tabs, by far
the most CPU) are kept at nice 15 and may not raise it (as root Chromium would give its GPU process
nice -8). So the round trip measures the server rather than a starved client, and the other work on
the machine is not starved by the tabs.

A large paste (--paste, instead of the tables above): N protocol sessions move a slider for
--paste-duration seconds with nobody pasting (the baseline), then again while one more session pastes
the largest input the calculator accepts (`ui.matrix_parse`'s limits, both fields full, a new text
each time so that no cache helps), waits for its rerun, pauses --paste-pause seconds and pastes again.
Reported: the others' round trips that overlapped a paste ("during") against the baseline's, as
median and 95th percentile, with their ratio (target: p95 at most 2x); the same against the baseline's
moves that overlapped the pastes' spans laid over the baseline phase (a slow move overlaps a span more
often than a quick one, so "during" leans to slow moves whatever a paste costs: `overlapping_ms`); the
paste's own round trip, the server's extra CPU per paste and its memory.  --paste-shape ROWSxCOLS pastes
another size.

Soak (--soak, instead of the tables above): --soak-sessions sessions on one server, each touring every
page (the page's load, then --soak-moves moves of its first slider to random stops where it has one)
until --soak-reruns reruns are done.  The server's resident memory is sampled every half second; the
figure is its growth from just after --soak-warmup reruns to the end (medians over 50 reruns each,
target at most 10 %), with the least-squares slope over the run after the warm-up.

    make load                                   # the tables for docs/deploy.md
    make load LOAD_ARGS="--sessions 5 10 --duration 20 --page focal-loss --slider 2"
    make load LOAD_ARGS="--clients protocol --sessions 5 10 20 40 80 --no-capacity"
    make load LOAD_ARGS="--capacity-only --capacity-pages entropy kl-asymmetry --capacity-step 5"
    make load LOAD_ARGS="--paste"                              # about 6 minutes
    make load LOAD_ARGS="--soak"                               # about 3 minutes
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import base64
import contextlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.harness import APP_IDLE, CHROMIUM, CHROMIUM_ARGS, free_port, is_noise  # noqa: E402
from ui.catalog import PAGES  # noqa: E402

#: The image's production settings (Dockerfile), so the server behaves as deployed.
SERVER_ENV = {
    "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS": "none",
    "STREAMLIT_CLIENT_TOOLBAR_MODE": "viewer",
    "STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION": "true",
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
}

#: The framework's floor: one slider and one small chart, served like the app (benchmarks/floor_app.py).
FLOOR_APP = "benchmarks/floor_app.py"

#: --show-errors: tracebacks in the page (and so in the error samples) instead of the generic message.
SHOW_ERRORS = "--show-errors" in sys.argv

#: Sessions that load their page at the same time (the ramp-up is not what is measured).
OPENING_AT_ONCE = 8

#: Installed before any page script: counts the app WebSocket's messages as the page handles them,
#: notes the last key press, and resolves waitFor(n) one painted frame after the n-th message.
PROBE = """
(() => {
  const lt = window.__lt = {msgs: 0, tKey: 0, closed: 0, waiters: []};
  const Native = window.WebSocket;
  function Probed(...args) {
    const ws = new Native(...args);
    ws.addEventListener('message', () => {
      lt.msgs += 1;
      lt.waiters = lt.waiters.filter(([n, resolve]) => {
        if (lt.msgs < n) return true;
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
        return false;
      });
    });
    ws.addEventListener('close', () => { lt.closed += 1; });
    return ws;
  }
  Probed.prototype = Native.prototype;
  Object.assign(Probed, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Probed;
  lt.waitFor = (n) => new Promise((resolve) => {
    if (lt.msgs >= n) requestAnimationFrame(() => resolve(performance.now()));
    else lt.waiters.push([n, resolve]);
  });
  document.addEventListener('keydown', () => { lt.tKey = performance.now(); }, true);
})();
"""


#: A slider's value and bounds, from an <input type="range"> or an ARIA slider.
BOUNDS = """e => [
  Number(e.value !== undefined && e.value !== '' ? e.value : e.getAttribute('aria-valuenow')),
  Number(e.min !== undefined && e.min !== '' ? e.min : e.getAttribute('aria-valuemin')),
  Number(e.max !== undefined && e.max !== '' ? e.max : e.getAttribute('aria-valuemax')),
]"""


#: True once no element is a skeleton any more (the first page of a visit loads each widget kind's code
#: lazily: a slider is drawn a moment after the script has finished).
NO_SKELETON = """() => ![...document.querySelectorAll('[data-testid="stSkeleton"]')].some((e) => e.checkVisibility())"""


@dataclass
class Session:
    round_trips_ms: list[float] = field(default_factory=list)
    felt_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    reruns_sent: list[float] = field(default_factory=list)  # Chromium's frame timestamps, seconds
    finished_received: list[tuple[float, int]] = field(default_factory=list)  # (timestamp, frames so far)
    frames_received: int = 0
    bytes_received: int = 0  # payload bytes of every frame the page received
    rerun_payloads: list[bytes] = field(default_factory=list)  # what the page sent, for protocol clients
    spans: list[tuple[float, float]] = field(default_factory=list)  # protocol moves: (sent, finished), perf_counter

    def on_sent(self, params: dict[str, Any]) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        if (data := _binary(params)) is not None:
            msg = BackMsg()
            msg.ParseFromString(data)
            if msg.WhichOneof("type") == "rerun_script":
                self.reruns_sent.append(params["timestamp"])
                self.rerun_payloads.append(data)

    def on_received(self, params: dict[str, Any]) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.frames_received += 1
        self.bytes_received += _payload_bytes(params)
        # script_finished is a few bytes; big frames are deltas and need no parsing.
        if (data := _binary(params, limit=512)) is not None:
            msg = ForwardMsg()
            msg.ParseFromString(data)
            if msg.WhichOneof("type") == "script_finished":
                self.finished_received.append((params["timestamp"], self.frames_received))


def _payload_bytes(params: dict[str, Any]) -> int:
    """The frame's payload length in bytes (DevTools gives binary payloads in base64)."""
    response = params.get("response", {})
    payload = response.get("payloadData", "")
    if response.get("opcode") == 2:
        return len(payload) * 3 // 4 - len(payload[-2:]) + len(payload[-2:].rstrip("="))
    return len(payload.encode())


def _binary(params: dict[str, Any], limit: int | None = None) -> bytes | None:
    response = params.get("response", {})
    payload = response.get("payloadData", "")
    if response.get("opcode") != 2 or (limit is not None and len(payload) > limit * 4 // 3 + 4):
        return None
    try:
        return base64.b64decode(payload)
    except ValueError:
        return None


@dataclass
class Level:
    app: str  # the Loss Lab page ("/entropy") or "floor"
    client: str  # "chromium" or "protocol"
    sessions: int
    moves: int
    errors: int
    round_trip_median_ms: float
    round_trip_p95_ms: float
    felt_median_ms: float
    felt_p95_ms: float
    idle_rss_mb: float
    peak_rss_mb: float
    mb_per_session: float
    server_cpu_percent: float
    server_cpu_ms_per_move: float
    moves_per_second: float
    server_sessions: int
    load_seconds: float
    error_samples: list[str]


def machine_load() -> str:
    """The load average and, where the kernel reports it, the share of time runnable work waited for a CPU."""
    text = "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())
    try:
        some = Path("/proc/pressure/cpu").read_text().split()
        text += f", CPU pressure {float(some[2].split('=')[1]):.0f} % (avg60)"
    except (OSError, IndexError, ValueError):
        pass
    return text


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# ---- the server --------------------------------------------------------------------------------


#: cgroup v1's CPU accounting, where the machine has it: per-process CPU time in nanoseconds, threads
#: included, where /proc/PID/stat counts in clock ticks of 10 ms (as coarse as one small rerun).
CPUACCT = Path("/sys/fs/cgroup/cpuacct")


def _cpuacct_group(pid: int) -> Path | None:
    """A cpuacct group holding only ``pid`` (and the threads it starts), or None where none can be made."""
    group = CPUACCT / f"losslab-bench-{pid}"
    try:
        group.mkdir()
        (group / "cgroup.procs").write_text(str(pid))
        int((group / "cpuacct.usage").read_text())
    except OSError:
        _remove_group(group)
        return None
    return group


def _remove_group(group: Path | None) -> None:
    """Remove a cpuacct group once its process has exited (an emptied group can be removed)."""
    if group is None:
        return
    with contextlib.suppress(OSError):
        group.rmdir()


def streamlit_stream(url: str) -> Any:
    """A WebSocket to the Streamlit server at ``url`` (http://host:port), as the browser opens it."""
    import websockets

    return websockets.connect(
        url.replace("http://", "ws://") + "/_stcore/stream",
        subprotocols=["streamlit"],  # type: ignore[list-item]
        max_size=None,
        open_timeout=60,
    )


class Server:
    """``streamlit run app.py`` as the image runs it, on a free loopback port; RSS and CPU sampled.

    ``script`` (relative to the repository) serves another app the same way, e.g. the floor app.
    """

    def __init__(self, script: str = "app.py", log_name: str = "load-server.log") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log = ROOT / "test-output" / log_name  # every server of a run, one after the other
        log.parent.mkdir(exist_ok=True)
        self._log = log.open("a")
        self._log.write(f"\n==== {script} on port {self.port}, {time.strftime('%H:%M:%S')} ====\n")
        self._log.flush()
        cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.address=127.0.0.1"]
        cmd += [f"--server.port={self.port}", "--server.headless=true", "--server.fileWatcherType=none"]
        cmd += ["--browser.gatherUsageStats=false"]
        env = {**os.environ, **SERVER_ENV}
        if SHOW_ERRORS:
            env["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] = "full"
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self._cpuacct = _cpuacct_group(self.proc.pid)
        self.peak_kb = 0
        self._sampling = False
        self._thread: threading.Thread | None = None

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("server not healthy")

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def cpu_seconds(self) -> float:
        """The server's CPU time so far: nanosecond-exact from its cpuacct group, else in clock ticks (10 ms)."""
        if self._cpuacct is not None:
            return int((self._cpuacct / "cpuacct.usage").read_text()) / 1e9
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def active_sessions(self) -> int:
        """Streamlit's own count of connected sessions (/_stcore/metrics), minus none: -1 if unknown."""
        try:
            with urllib.request.urlopen(self.url + "/_stcore/metrics?families=active_sessions", timeout=10) as r:
                text = r.read().decode()
        except OSError:
            return -1
        for line in text.splitlines():
            if line.startswith("active_sessions") and not line.startswith("#"):
                return int(float(line.split()[-1]))
        return -1

    def start_sampling(self) -> None:
        self.peak_kb = self.rss_kb()
        self._sampling = True

        def sample() -> None:
            while self._sampling:
                self.peak_kb = max(self.peak_kb, self.rss_kb())
                time.sleep(0.25)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()

    def stop_sampling(self) -> None:
        self._sampling = False
        if self._thread:
            self._thread.join()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()
        _remove_group(self._cpuacct)


# ---- the browser sessions ----------------------------------------------------------------------

MOVE_TIMEOUT_S = 30.0
NO_SLIDER = "load: no slider"
LOW_PRIORITY = 15  # nice value for Chromium's renderer and GPU processes
_WRAPPER: list[str] = []


def chromium_without_cap_sys_nice() -> str:
    """Chromium that cannot raise its own priority (as root it would give its GPU process nice -8)."""
    if _WRAPPER:
        return _WRAPPER[0]
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or not setpriv:
        return CHROMIUM
    home = tempfile.mkdtemp(prefix="losslab-load-")
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    wrapper = Path(home) / "chromium"
    wrapper.write_text(f'#!/bin/sh\nexec {setpriv} --bounding-set -sys_nice --inh-caps -sys_nice {CHROMIUM} "$@"\n')
    wrapper.chmod(0o755)
    _WRAPPER.append(str(wrapper))
    return str(wrapper)


class Renicer:
    """Keeps the renderer and GPU processes of the Chromium this script started at LOW_PRIORITY.

    The server, Chromium's browser and network processes (which stamp the WebSocket frames) and this
    script keep their priority, so the round trip measures the server, not a starved client; the
    tabs' drawing, the heavy part, yields to the server and to everything else on the machine.
    """

    def __init__(self) -> None:
        self._running = True
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._running = False
        self._thread.join()

    def _loop(self) -> None:
        while self._running:
            for pid in _descendants(os.getpid()):
                try:
                    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
                    if b"--type=renderer" not in cmdline and b"--type=gpu-process" not in cmdline:
                        continue
                    for task in Path(f"/proc/{pid}/task").iterdir():
                        tid = int(task.name)
                        if os.getpriority(os.PRIO_PROCESS, tid) < LOW_PRIORITY:
                            os.setpriority(os.PRIO_PROCESS, tid, LOW_PRIORITY)
                except (OSError, ValueError):
                    continue  # gone meanwhile
            time.sleep(0.5)


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


async def open_session(
    browser: Any, url: str, slider_index: int, result: Session, slider_timeout_ms: float = 60_000
) -> tuple[Any, Any] | None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    await context.add_init_script(PROBE)
    page = await context.new_page()
    page.set_default_timeout(60_000)
    cdp = await context.new_cdp_session(page)
    cdp.on("Network.webSocketFrameSent", result.on_sent)
    cdp.on("Network.webSocketFrameReceived", result.on_received)
    await cdp.send("Network.enable")
    page.on("console", lambda m: result.errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: result.errors.append(f"pageerror: {e}"))
    page.on("crash", lambda *_: result.errors.append("page crashed"))
    try:
        await page.goto(url, timeout=180_000)
        await page.wait_for_selector(APP_IDLE, timeout=180_000)
        await page.wait_for_function(NO_SKELETON, timeout=60_000)
        slider = page.get_by_role("slider").nth(slider_index)
        try:
            await slider.wait_for(timeout=slider_timeout_ms)
        except Exception:
            result.errors.append(f"{NO_SLIDER} {slider_index} within {slider_timeout_ms / 1000:.0f} s of loading")
            await context.close()
            return None
        await slider.focus()
        return context, slider
    except Exception as exc:  # a session that cannot load is an error, not a crash of the run
        result.errors.append(f"load: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        await context.close()
        return None


async def move_slider(page: Any, slider: Any, deadline: float, think: float, result: Session) -> None:
    direction = "ArrowRight"
    while time.monotonic() < deadline:
        try:
            value, low, high = await slider.evaluate(BOUNDS)
            if value >= high:  # at a bound the key would change nothing: turn round
                direction = "ArrowLeft"
            elif value <= low:
                direction = "ArrowRight"
            sent_before = len(result.reruns_sent)
            await slider.press(direction)
            finished = await finished_on_the_wire(result, sent_before)
            if finished is None:
                request = len(result.reruns_sent) > sent_before
                result.errors.append(
                    f"move: no script_finished within {MOVE_TIMEOUT_S:.0f} s of the key press "
                    f"(value {value}, rerun request sent: {request})"
                )
                continue
            sent, done, frames = finished
            result.round_trips_ms.append((done - sent) * 1000)
            painted = await asyncio.wait_for(page.evaluate(f"window.__lt.waitFor({frames})"), MOVE_TIMEOUT_S)
            result.felt_ms.append(painted - await page.evaluate("window.__lt.tKey"))
        except Exception as exc:
            result.errors.append(f"move: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        if random.random() < 0.2:
            direction = "ArrowLeft" if direction == "ArrowRight" else "ArrowRight"
        await asyncio.sleep(think * random.uniform(0.5, 1.5))


async def finished_on_the_wire(result: Session, sent_before: int) -> tuple[float, float, int] | None:
    """(request sent, script_finished received, frames received by then) for the next rerun, or None."""
    give_up = time.monotonic() + MOVE_TIMEOUT_S
    while time.monotonic() < give_up:
        if len(result.reruns_sent) > sent_before:
            sent = result.reruns_sent[sent_before]
            for done, frames in result.finished_received:
                if done >= sent:
                    return sent, done, frames
        await asyncio.sleep(0.02)
    return None


async def check_session(page: Any, result: Session) -> None:
    try:
        boxes = page.locator('[data-testid="stException"]')
        if await boxes.count():
            text = " ".join((await boxes.first.inner_text()).split())
            result.errors.append(f"exception box on the page: {text[:300]}")
        if await page.evaluate("window.__lt.closed"):
            result.errors.append("WebSocket closed during the run")
    except Exception as exc:
        result.errors.append(f"check: {type(exc).__name__}")


async def run_level(
    n: int, page_path: str, slider_index: int, duration: float, think: float, script: str = "app.py"
) -> Level:
    from playwright.async_api import async_playwright

    server = Server(script)
    try:
        server.wait_healthy()
        url = f"{server.url}/{page_path}"
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=chromium_without_cap_sys_nice(), args=CHROMIUM_ARGS)
            # Warm-up: one session loads the page once (imports, caches), then the idle baseline.
            warm = Session()
            opened = await open_session(browser, url, slider_index, warm)
            if opened is None:
                raise RuntimeError(f"the warm-up session failed: {warm.errors}")
            await opened[0].close()
            await asyncio.sleep(2)
            idle_kb = server.rss_kb()
            server.start_sampling()

            results = [Session() for _ in range(n)]
            t0 = time.monotonic()
            gate = asyncio.Semaphore(OPENING_AT_ONCE)

            async def gated_open(result: Session) -> tuple[Any, Any] | None:
                async with gate:
                    return await open_session(browser, url, slider_index, result)

            sessions = await asyncio.gather(*(gated_open(r) for r in results))
            load_seconds = time.monotonic() - t0
            cpu0, wall0 = server.cpu_seconds(), time.monotonic()
            deadline = time.monotonic() + duration
            await asyncio.gather(
                *(
                    move_slider(s[1].page, s[1], deadline, think, r)
                    for s, r in zip(sessions, results, strict=True)
                    if s is not None
                )
            )
            cpu_seconds, wall = server.cpu_seconds() - cpu0, time.monotonic() - wall0
            server_sessions = server.active_sessions()
            await asyncio.gather(
                *(check_session(s[1].page, r) for s, r in zip(sessions, results, strict=True) if s is not None)
            )
            server.stop_sampling()
            for s in sessions:
                if s is not None:
                    await s[0].close()
            await browser.close()
    finally:
        server.stop()

    app = _app_name(script, page_path)
    return summarize(app, "chromium", n, results, server, idle_kb, cpu_seconds, wall, server_sessions, load_seconds)


def _app_name(script: str, page_path: str) -> str:
    return "floor" if script == FLOOR_APP else f"/{page_path}"


def summarize(
    app: str,
    client: str,
    n: int,
    results: list[Session],
    server: Server,
    idle_kb: int,
    cpu_seconds: float,
    wall: float,
    server_sessions: int,
    load_seconds: float,
) -> Level:
    errors = [e for r in results for e in r.errors if not (e.startswith("console:") and is_noise(e))]
    rts = [x for r in results for x in r.round_trips_ms]
    felt = [x for r in results for x in r.felt_ms]
    peak_mb, idle_mb = server.peak_kb / 1024, idle_kb / 1024
    nan = float("nan")
    return Level(
        app=app,
        client=client,
        sessions=n,
        moves=len(rts),
        errors=len(errors),
        round_trip_median_ms=round(statistics.median(rts), 1) if rts else nan,
        round_trip_p95_ms=round(percentile(rts, 0.95), 1),
        felt_median_ms=round(statistics.median(felt), 1) if felt else nan,
        felt_p95_ms=round(percentile(felt, 0.95), 1),
        idle_rss_mb=round(idle_mb, 1),
        peak_rss_mb=round(peak_mb, 1),
        mb_per_session=round((peak_mb - idle_mb) / n, 2),
        server_cpu_percent=round(cpu_seconds / wall * 100, 1),
        server_cpu_ms_per_move=round(cpu_seconds * 1000 / max(len(rts), 1), 1),
        moves_per_second=round(len(rts) / wall, 2),
        server_sessions=server_sessions,
        load_seconds=round(load_seconds, 1),
        error_samples=sorted(set(errors))[:5],
    )


# ---- protocol clients: the same sessions without a browser -------------------------------------

Moves = tuple[bytes, bytes, bytes]


async def capture_moves(page_path: str, slider_index: int, script: str = "app.py") -> Moves:
    """What a real page sends: its first rerun request, then the slider moved one step and back.

    Widget ids and the page's script hash are derived from the code, so the messages are valid
    on any server running the same app.
    """
    captured = await capture_many(script, [page_path], slider_index)
    if page_path not in captured:
        raise RuntimeError(f"/{page_path} has no slider {slider_index}")
    return captured[page_path][0]


async def capture_many(
    script: str, page_paths: list[str], slider_index: int = 0, slider_timeout_ms: float = 60_000
) -> dict[str, tuple[Moves, str]]:
    """``capture_moves`` for several pages of one app (one server, one Chromium), with each slider's name.

    Pages without such a slider (none shows within ``slider_timeout_ms`` of the page being drawn)
    are left out.
    """
    pages = await capture_pages(script, page_paths, slider_index, slider_timeout_ms)
    return {path: (c.moves, c.slider) for path, c in pages.items() if c.moves is not None}


@dataclass
class Captured:
    """What one page sent in Chromium: its first rerun request and, if it has the slider, a move each way."""

    load: bytes
    moves: Moves | None = None
    slider: str = ""
    bounds: tuple[float, float] | None = None  # the slider's minimum and maximum


async def capture_pages(
    script: str, page_paths: list[str], slider_index: int = 0, slider_timeout_ms: float = 60_000
) -> dict[str, Captured]:
    """Every page's first rerun request, and its slider moved one step and back where it has that slider."""
    from playwright.async_api import async_playwright

    captured: dict[str, Captured] = {}
    server = Server(script)
    try:
        server.wait_healthy()
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=chromium_without_cap_sys_nice(), args=CHROMIUM_ARGS)
            for page_path in page_paths:
                record = Session()
                opened = await open_session(
                    browser, f"{server.url}/{page_path}", slider_index, record, slider_timeout_ms
                )
                if opened is None:
                    if not any(e.startswith(NO_SLIDER) for e in record.errors) or not record.rerun_payloads:
                        raise RuntimeError(f"could not load /{page_path}: {record.errors}")
                    captured[page_path] = Captured(record.rerun_payloads[0])
                    continue
                context, slider = opened
                value, low, high = await slider.evaluate(BOUNDS)
                keys = ("ArrowLeft", "ArrowRight") if value >= high else ("ArrowRight", "ArrowLeft")
                for key in keys:
                    sent_before = len(record.reruns_sent)
                    await slider.press(key)
                    if await finished_on_the_wire(record, sent_before) is None:
                        raise RuntimeError(f"/{page_path}: moving the slider with {key} started no rerun")
                name = await slider.get_attribute("aria-label") or f"slider {slider_index}"
                payloads = record.rerun_payloads
                moves = (payloads[0], payloads[-2], payloads[-1])
                captured[page_path] = Captured(payloads[0], moves, name, (low, high))
                await context.close()
            await browser.close()
    finally:
        server.stop()
    return captured


async def _until_finished(ws: Any) -> None:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    while True:
        data = await ws.recv()
        if isinstance(data, bytes) and len(data) <= 512:  # script_finished is tiny; skip the deltas
            msg = ForwardMsg()
            msg.ParseFromString(data)
            if msg.WhichOneof("type") == "script_finished":
                return


class Start:
    """Sessions report when their page has loaded (or failed), then wait for one common start.

    ``stagger``: each session waits up to that many seconds (uniformly at random) before its first
    move, so that N sessions do not all press at the same instant (with the mean pause as the
    stagger, the moves that start before the deadline come at the session's steady rate).
    """

    def __init__(self, think: float, stagger: float = 0.0) -> None:
        self.loaded = 0
        self.go = asyncio.Event()
        self.deadline = float("inf")
        self.think = think
        self.stagger = stagger


async def protocol_session(url: str, moves: Moves, start: Start, result: Session) -> None:
    """One Streamlit session over a bare WebSocket: load the page, then move the slider like a user."""

    first, right, left = moves
    loaded = False
    try:
        async with streamlit_stream(url) as ws:
            await ws.send(first)
            await asyncio.wait_for(_until_finished(ws), MOVE_TIMEOUT_S * 4)
            loaded, start.loaded = True, start.loaded + 1
            await start.go.wait()
            if start.stagger:
                await asyncio.sleep(random.uniform(0, start.stagger))
            i = 0
            while time.monotonic() < start.deadline:
                t0 = time.perf_counter()
                await ws.send(right if i % 2 == 0 else left)
                try:
                    await asyncio.wait_for(_until_finished(ws), MOVE_TIMEOUT_S)
                except TimeoutError:
                    result.errors.append(f"move: no script_finished within {MOVE_TIMEOUT_S:.0f} s")
                    break
                t1 = time.perf_counter()
                result.round_trips_ms.append((t1 - t0) * 1000)
                result.spans.append((t0, t1))
                i += 1
                await asyncio.sleep(start.think * random.uniform(0.5, 1.5))
    except Exception as exc:
        result.errors.append(f"protocol: {type(exc).__name__}: {exc}")
    finally:
        if not loaded:
            start.loaded += 1


@dataclass
class Round:
    """N protocol sessions moving for a while on a running server."""

    results: list[Session]
    cpu_seconds: float
    wall: float
    server_sessions: int
    load_seconds: float
    started: float  # perf_counter when the moves began


async def protocol_round(
    server: Server,
    n: int,
    moves: Moves,
    duration: float,
    think: float,
    stagger: float = 0.0,
    alongside: Callable[[Start], Coroutine[Any, Any, None]] | None = None,
) -> Round:
    """Open N sessions (each loads the page), then all move for ``duration`` seconds; CPU over the moves.

    ``alongside``: another client's work (the paste scenario's paster), started with the moves and
    given the same deadline.
    """
    results = [Session() for _ in range(n)]
    start = Start(think, stagger)
    t0 = time.monotonic()
    tasks = [asyncio.create_task(protocol_session(server.url, moves, start, r)) for r in results]
    while start.loaded < n:
        await asyncio.sleep(0.05)
    load_seconds = time.monotonic() - t0
    cpu0, wall0, started = server.cpu_seconds(), time.monotonic(), time.perf_counter()
    start.deadline = time.monotonic() + duration
    start.go.set()
    if alongside is not None:
        tasks.append(asyncio.create_task(alongside(start)))
    await asyncio.sleep(duration / 2)
    server_sessions = await asyncio.to_thread(server.active_sessions)
    await asyncio.gather(*tasks)
    cpu_seconds, wall = server.cpu_seconds() - cpu0, time.monotonic() - wall0
    return Round(results, cpu_seconds, wall, server_sessions, load_seconds, started)


async def run_protocol_level(
    n: int, moves: Moves, duration: float, think: float, script: str = "app.py", page_path: str = ""
) -> Level:
    server = Server(script)
    try:
        server.wait_healthy()
        await protocol_warm_up(server.url, moves)
        await asyncio.sleep(2)
        idle_kb = server.rss_kb()
        server.start_sampling()
        r = await protocol_round(server, n, moves, duration, think)
        server.stop_sampling()
    finally:
        server.stop()
    app = _app_name(script, page_path)
    return summarize(
        app, "protocol", n, r.results, server, idle_kb, r.cpu_seconds, r.wall, r.server_sessions, r.load_seconds
    )


async def protocol_warm_up(url: str, moves: Moves) -> None:
    """One protocol session loads the page and moves once (imports, caches), then disconnects."""
    start, result = Start(0.0), Session()
    start.deadline = time.monotonic() + 0.1
    start.go.set()
    await protocol_session(url, moves, start, result)
    if result.errors:
        raise RuntimeError(f"the protocol warm-up failed: {result.errors}")


async def find_slider_page() -> str:
    """The first catalogued page with a slider (falls back to an error if none has one)."""
    from playwright.async_api import async_playwright

    server = Server()
    try:
        server.wait_healthy()
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=chromium_without_cap_sys_nice(), args=CHROMIUM_ARGS)
            page = await browser.new_page()
            for info in PAGES:
                await page.goto(f"{server.url}/{info.url_path}")
                await page.wait_for_selector(APP_IDLE, timeout=60_000)
                try:  # some sliders are drawn a moment after the script finishes
                    await page.get_by_role("slider").first.wait_for(timeout=10_000)
                except Exception:
                    continue
                await browser.close()
                return info.url_path
            await browser.close()
    finally:
        server.stop()
    raise SystemExit("no catalogued page has a slider; pass --page")


# ---- capacity: the highest rate of slider moves one server sustains ----------------------------

#: A rate is sustained when the round trip's 95th percentile stays within this, with no errors.
CAPACITY_P95_MS = 500.0
#: Offered rates, as multiples of one session's back-to-back rate (1 / its median round trip). The
#: ramp stops at the first rate not sustained, so a target costs at most len(...) steps.
CAPACITY_STEPS = (0.4, 0.6, 0.8, 0.95, 1.1, 1.25, 1.45, 1.7, 2.0, 2.4)
#: Each session moves about once per this many seconds (users pause between moves), so the offered
#: rate is reached with rate × PACE sessions, within these bounds; the pauses make up the rest.
CAPACITY_PACE_S = 1.0
CAPACITY_SESSIONS = (2, 64)
CAPACITY_TARGET = 0.7  # Loss Lab's capacity / the floor's, per page


@dataclass
class CapacityStep:
    offered_per_s: float
    sessions: int
    pause_s: float
    moves: int
    errors: int
    achieved_per_s: float
    round_trip_median_ms: float
    round_trip_p95_ms: float
    server_cpu_percent: float
    server_cpu_ms_per_move: float
    sustained: bool


@dataclass
class Capacity:
    app: str  # "/entropy" or "floor"
    slider: str
    alone_ms: float  # one session moving back to back: median round trip
    alone_cpu_ms: float  # and server CPU per move
    moves_per_second: float | None  # the highest achieved rate among the sustained steps
    p95_ms: float | None  # at that rate
    ratio_to_floor: float | None
    steps: list[CapacityStep]
    error: str = ""


async def run_capacity(app: str, slider: str, script: str, moves: Moves, step_seconds: float) -> Capacity:
    """Ramp the offered rate of slider moves on one fresh server until the p95 round trip passes 0.5 s."""
    server = Server(script)
    cap = Capacity(app, slider, float("nan"), float("nan"), None, None, None, [])
    try:
        server.wait_healthy()
        await protocol_warm_up(server.url, moves)
        alone = await protocol_round(server, 1, moves, min(step_seconds, 4.0), 0.0)
        rts = alone.results[0].round_trips_ms
        if not rts:
            cap.error = f"one session could not move: {alone.results[0].errors[:1]}"
            return cap
        cap.alone_ms = round(statistics.median(rts), 1)
        cap.alone_cpu_ms = round(alone.cpu_seconds * 1000 / len(rts), 1)
        base = 1000 / cap.alone_ms
        for factor in CAPACITY_STEPS:
            for _ in range(2):  # a step not sustained is tried once more: one slow second is not the limit
                step = await capacity_step(server, moves, base * factor, cap.alone_ms, step_seconds)
                cap.steps.append(step)
                print(f"  capacity {app}: {json.dumps(asdict(step))}", flush=True)
                await asyncio.sleep(1)  # the previous sessions' disconnects settle
                if step.sustained:
                    break
            if not step.sustained:
                break
            if cap.moves_per_second is None or step.achieved_per_s > cap.moves_per_second:
                cap.moves_per_second, cap.p95_ms = step.achieved_per_s, step.round_trip_p95_ms
    except Exception as exc:
        cap.error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    finally:
        server.stop()
    return cap


async def capacity_step(server: Server, moves: Moves, rate: float, alone_ms: float, seconds: float) -> CapacityStep:
    """Offer ``rate`` moves per second for ``seconds``: rate × PACE sessions, each pausing to match."""
    n = min(max(round(rate * CAPACITY_PACE_S), CAPACITY_SESSIONS[0]), CAPACITY_SESSIONS[1])
    pause = max(n / rate - alone_ms / 1000, 0.0)
    r = await protocol_round(server, n, moves, seconds, pause, stagger=n / rate)
    rts = [x for s in r.results for x in s.round_trips_ms]
    errors = sum(len(s.errors) for s in r.results)
    p95 = percentile(rts, 0.95)
    return CapacityStep(
        offered_per_s=round(rate, 2),
        sessions=n,
        pause_s=round(pause, 3),
        moves=len(rts),
        errors=errors,
        achieved_per_s=round(len(rts) / seconds, 2),  # moves started within the `seconds`
        round_trip_median_ms=round(statistics.median(rts), 1) if rts else float("nan"),
        round_trip_p95_ms=round(p95, 1),
        server_cpu_percent=round(r.cpu_seconds / r.wall * 100, 1),
        server_cpu_ms_per_move=round(r.cpu_seconds * 1000 / max(len(rts), 1), 1),
        sustained=bool(rts) and errors == 0 and p95 <= CAPACITY_P95_MS,
    )


async def capacity_targets(pages: list[str], floor: bool) -> list[tuple[str, str, str, Moves]]:
    """(app, slider name, script, captured moves) for the floor and each page's first visible slider."""
    targets = []
    if floor:
        (moves, name) = (await capture_many(FLOOR_APP, [""]))[""]
        targets.append(("floor", name, FLOOR_APP, moves))
    captured = await capture_many("app.py", pages, 0, slider_timeout_ms=3_000)
    for page_path in pages:
        if page_path in captured:
            moves, name = captured[page_path]
            targets.append((f"/{page_path}", name, "app.py", moves))
        else:
            print(f"  capacity: /{page_path} has no slider, left out", flush=True)
    return targets


async def measure_capacity(pages: list[str], floor: bool, step_seconds: float) -> list[Capacity]:
    results = []
    for app, name, script, moves in await capacity_targets(pages, floor):
        results.append(await run_capacity(app, name, script, moves, step_seconds))
    floor_rate = next((c.moves_per_second for c in results if c.app == "floor"), None)
    for c in results:
        if c.moves_per_second is not None and floor_rate:
            c.ratio_to_floor = round(c.moves_per_second / floor_rate, 2)
    return results


def capacity_markdown(caps: list[Capacity], step_seconds: float) -> str:
    head = (
        f"| app | slider | one session alone: round trip / server CPU per move (ms) | capacity (moves/s with p95 ≤ "
        f"{CAPACITY_P95_MS / 1000:g} s) | p95 there (ms) | ratio to floor (target ≥ {CAPACITY_TARGET:g}) | steps |"
    )
    lines = [head, "|" + "---|" * 7]
    for c in caps:
        rate = "–" if c.moves_per_second is None else f"{c.moves_per_second:.1f}"
        if c.moves_per_second is None and c.steps:
            rate = f"< {c.steps[0].achieved_per_s:.1f}"
        ratio = "–" if c.ratio_to_floor is None else f"{c.ratio_to_floor:.2f}"
        if c.ratio_to_floor is not None and c.app != "floor":
            ratio += " yes" if c.ratio_to_floor >= CAPACITY_TARGET else " NO"
        steps = ", ".join(f"{s.offered_per_s:.1f}→{s.achieved_per_s:.1f}{'' if s.sustained else '✗'}" for s in c.steps)
        p95 = "–" if c.p95_ms is None else f"{c.p95_ms:.0f}"
        lines.append(
            f"| {c.app} | {c.slider} | {c.alone_ms:.0f} / {c.alone_cpu_ms:.0f} | {rate} | {p95} | {ratio} "
            f"| {steps or c.error} |"
        )
    return (
        "\n".join(lines)
        + f"\n\nProtocol sessions on one server, {step_seconds:g} s per step; steps: offered → achieved moves/s"
        " (✗: p95 over the limit or errors; the ramp stops there).\n"
    )


# ---- paste: one session pastes the largest allowed input while others move sliders -------------

#: The calculator's two text fields (a widget's id ends with its key).
PASTE_KEYS = ("calc_pred", "calc_target")
#: A rerun of the other sessions counts as "during a paste" when it overlaps one, from the paste's
#: request leaving the client to its script_finished arriving.
PASTE_TARGET_RATIO = 2.0


def largest_shape() -> tuple[int, int]:
    """The largest matrix the calculator accepts: as many rows as allowed, then as many columns."""
    from ui import matrix_parse

    rows = matrix_parse.MAX_ROWS
    return rows, min(matrix_parse.MAX_COLS, getattr(matrix_parse, "MAX_VALUES", rows * matrix_parse.MAX_COLS) // rows)


def largest_input(shape: tuple[int, int] | None = None, seed: int = 0) -> tuple[str, str, str]:
    """The largest input the calculator accepts (or one of ``shape``): (predictions, targets, description).

    Logits with four decimals (a spreadsheet's usual paste) and probability-target rows of the same
    shape (0.0001 everywhere but the class holding the rest), so that both fields are at their limits.
    """
    rows, cols = shape or largest_shape()
    rng = np.random.default_rng(seed)
    logits = rng.normal(0.0, 2.0, size=(rows, cols))
    pred = "\n".join(", ".join(f"{v:.4f}" for v in row) for row in logits.tolist())
    small, rest = "0.0001", f"{1 - 0.0001 * (cols - 1):.4f}"
    lines = []
    for k in rng.integers(0, cols, rows).tolist():
        tokens = [small] * cols
        tokens[k] = rest
        lines.append(", ".join(tokens))
    target = "\n".join(lines)
    mb = (len(pred) + len(target)) / 1e6
    what = f"{rows:,} × {cols:,} logits and {rows:,} × {cols:,} probability targets ({mb:.1f} MB of text)"
    return pred, target, what


def paste_payload(template: bytes, pred: str, target: str) -> bytes:
    """The captured rerun request of the calculator with its two text fields set to ``pred`` and ``target``."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.ParseFromString(template)
    found = set()
    for widget in msg.rerun_script.widget_states.widgets:
        for key, text in zip(PASTE_KEYS, (pred, target), strict=True):
            if widget.id.endswith(key):
                widget.string_value = text
                found.add(key)
    if found != set(PASTE_KEYS):
        raise RuntimeError(f"the captured calculator request has no widget state for {set(PASTE_KEYS) - found}")
    return bytes(msg.SerializeToString())


async def capture_calculator(script: str = "app.py") -> tuple[bytes, bytes]:
    """The calculator's first rerun request, and one that applies typed predictions and targets."""
    from playwright.async_api import async_playwright

    server = Server(script)
    try:
        server.wait_healthy()
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=chromium_without_cap_sys_nice(), args=CHROMIUM_ARGS)
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            page = await context.new_page()
            record = Session()
            cdp = await context.new_cdp_session(page)
            cdp.on("Network.webSocketFrameSent", record.on_sent)
            cdp.on("Network.webSocketFrameReceived", record.on_received)
            await cdp.send("Network.enable")
            await page.goto(f"{server.url}/calculator", timeout=180_000)
            await page.wait_for_selector(APP_IDLE, timeout=180_000)
            for i, text in enumerate(("1, 2\n3, 4", "0, 1")):
                area = page.locator("textarea").nth(i)  # predictions, then targets
                sent_before = len(record.reruns_sent)
                await area.fill(text)
                await area.press("Control+Enter")
                if await finished_on_the_wire(record, sent_before) is None:
                    raise RuntimeError("typing into the calculator started no rerun")
            await browser.close()
    finally:
        server.stop()
    payload = record.rerun_payloads[-1]
    paste_payload(payload, "1", "0")  # both fields are in it
    return record.rerun_payloads[0], payload


@dataclass
class PasteLevel:
    sessions: int  # the others, moving a slider
    page: str  # the others' page
    paste: str  # what is pasted
    pastes: int
    paste_round_trip_median_ms: float
    paste_round_trip_max_ms: float
    paste_server_cpu_ms: float  # the server's extra CPU per paste, over the baseline's rate
    baseline_moves: int  # the others' moves with nobody pasting
    baseline_median_ms: float
    baseline_p95_ms: float
    during_moves: int  # their moves that overlapped a paste
    during_median_ms: float
    during_p95_ms: float
    between_moves: int  # their moves in the paste phase that overlapped none
    between_p95_ms: float
    ratio: float  # during p95 / baseline p95
    # The baseline's moves that overlapped the pastes' spans laid over its phase (`overlapping_ms`):
    # during p95 / their p95 is what the pastes themselves add.
    matched_moves: int
    matched_median_ms: float
    matched_p95_ms: float
    matched_ratio: float
    errors: int
    idle_rss_mb: float
    peak_rss_mb: float
    error_samples: list[str]


def overlapping_ms(
    moves: Sequence[tuple[float, float]], windows: Sequence[tuple[float, float]], shift: float = 0.0
) -> list[float]:
    """Round trips (ms) of the moves, (sent, finished) in seconds, that overlap a window moved by ``shift`` s.

    With ``shift`` the offset between two phases of the same length, the pastes' spans select the same
    way in a phase with no pastes: a long move overlaps a span more often than a short one, so any such
    selection leans to the slow moves, and only the same selection without pastes isolates their cost.
    """
    return [(t1 - t0) * 1000 for t0, t1 in moves if overlaps((t0, t1), windows, shift)]


def overlaps(move: tuple[float, float], windows: Sequence[tuple[float, float]], shift: float = 0.0) -> bool:
    """Whether the move (sent, finished) overlaps any of the windows moved by ``shift`` seconds."""
    t0, t1 = move
    return any(t0 < b + shift and a + shift < t1 for a, b in windows)


async def run_paste_level(
    n: int,
    moves: Moves,
    calculator: tuple[bytes, bytes],
    duration: float,
    think: float,
    pause: float,
    page: str,
    shape: tuple[int, int] | None = None,
) -> PasteLevel:
    """N sessions move a slider for ``duration`` s with nobody pasting, then again while one session pastes.

    The paster pastes the largest allowed input (a new text each time, so no cache helps), waits for
    the rerun to finish, pauses ``pause`` s, and pastes again until the deadline.
    """

    load, template = calculator
    pred, target, what = largest_input(shape)
    first = pred.split(",", 1)[0]
    counter = iter(range(1_000_000))

    def next_payload() -> bytes:
        # A new first number each time: the calculation is computed afresh, as for a new paste.
        return paste_payload(template, f"{next(counter) * 1e-4:.4f}" + pred[len(first) :], target)

    server = Server()
    spans: list[tuple[float, float]] = []
    errors: list[str] = []
    try:
        server.wait_healthy()
        await protocol_warm_up(server.url, moves)
        async with streamlit_stream(server.url) as ws:
            await ws.send(load)
            await asyncio.wait_for(_until_finished(ws), MOVE_TIMEOUT_S * 4)
            await ws.send(next_payload())  # warm-up: the calculator's imports and first big run
            await asyncio.wait_for(_until_finished(ws), MOVE_TIMEOUT_S * 4)
            await asyncio.sleep(2)
            idle_kb = server.rss_kb()
            server.start_sampling()
            base = await protocol_round(server, n, moves, duration, think)

            async def paster(start: Start) -> None:
                while time.monotonic() < start.deadline:
                    payload = next_payload()
                    t0 = time.perf_counter()
                    await ws.send(payload)
                    try:
                        await asyncio.wait_for(_until_finished(ws), MOVE_TIMEOUT_S * 4)
                    except TimeoutError:
                        errors.append(f"paste: no script_finished within {MOVE_TIMEOUT_S * 4:.0f} s")
                        return
                    spans.append((t0, time.perf_counter()))
                    await asyncio.sleep(pause)

            pasting = await protocol_round(server, n, moves, duration, think, alongside=paster)
            server.stop_sampling()
    except Exception as exc:
        errors.append(f"paste: {type(exc).__name__}: {exc}")
        raise
    finally:
        server.stop()

    base_rts = [x for s in base.results for x in s.round_trips_ms]
    moves_then = [m for s in pasting.results for m in s.spans]
    during = overlapping_ms(moves_then, spans)
    between = [(t1 - t0) * 1000 for t0, t1 in moves_then if not overlaps((t0, t1), spans)]
    matched = overlapping_ms([m for s in base.results for m in s.spans], spans, shift=base.started - pasting.started)
    errors += [e for s in (*base.results, *pasting.results) for e in s.errors]
    paste_ms = [(b - a) * 1000 for a, b in spans]
    extra_cpu = pasting.cpu_seconds - base.cpu_seconds / base.wall * pasting.wall
    nan = float("nan")
    base_p95, during_p95 = percentile(base_rts, 0.95), percentile(during, 0.95)
    matched_p95 = percentile(matched, 0.95) if matched else nan
    return PasteLevel(
        sessions=n,
        page=page,
        paste=what,
        pastes=len(spans),
        paste_round_trip_median_ms=round(statistics.median(paste_ms), 1) if paste_ms else nan,
        paste_round_trip_max_ms=round(max(paste_ms), 1) if paste_ms else nan,
        paste_server_cpu_ms=round(extra_cpu * 1000 / max(len(spans), 1), 1),
        baseline_moves=len(base_rts),
        baseline_median_ms=round(statistics.median(base_rts), 1) if base_rts else nan,
        baseline_p95_ms=round(base_p95, 1),
        during_moves=len(during),
        during_median_ms=round(statistics.median(during), 1) if during else nan,
        during_p95_ms=round(during_p95, 1),
        between_moves=len(between),
        between_p95_ms=round(percentile(between, 0.95), 1),
        ratio=round(during_p95 / base_p95, 2) if base_rts and during else nan,
        matched_moves=len(matched),
        matched_median_ms=round(statistics.median(matched), 1) if matched else nan,
        matched_p95_ms=round(matched_p95, 1),
        matched_ratio=round(during_p95 / matched_p95, 2) if matched and during else nan,
        errors=len(errors),
        idle_rss_mb=round(idle_kb / 1024, 1),
        peak_rss_mb=round(server.peak_kb / 1024, 1),
        error_samples=sorted(set(errors))[:5],
    )


def paste_markdown(rows: list[PasteLevel], duration: float, pause: float) -> str:
    head = (
        "| others | baseline: moves, median / p95 (ms) | during a paste: moves, median / p95 (ms) | p95 ratio "
        f"(target ≤ {PASTE_TARGET_RATIO:g}) | baseline, same selection: moves, median / p95 (ms) | p95 ratio to it "
        "| between pastes: moves, p95 (ms) | pastes | paste round trip median / max "
        "(ms) | server CPU per paste (ms) | RSS idle → peak (MB) | errors |"
    )
    lines = [head, "|" + "---|" * 12]
    for r in rows:
        verdict = " yes" if r.ratio <= PASTE_TARGET_RATIO else " NO"
        matched = " yes" if r.matched_ratio <= PASTE_TARGET_RATIO else " NO"
        lines.append(
            f"| {r.sessions} | {r.baseline_moves}, {r.baseline_median_ms:.0f} / {r.baseline_p95_ms:.0f} "
            f"| {r.during_moves}, {r.during_median_ms:.0f} / {r.during_p95_ms:.0f} | {r.ratio:.2f}{verdict} "
            f"| {r.matched_moves}, {r.matched_median_ms:.0f} / {r.matched_p95_ms:.0f} | {r.matched_ratio:.2f}{matched} "
            f"| {r.between_moves}, {r.between_p95_ms:.0f} | {r.pastes} "
            f"| {r.paste_round_trip_median_ms:.0f} / {r.paste_round_trip_max_ms:.0f} | {r.paste_server_cpu_ms:.0f} "
            f"| {r.idle_rss_mb:.0f} → {r.peak_rss_mb:.0f} | {r.errors} |"
        )
    what = rows[0].paste if rows else ""
    return (
        "\n".join(lines)
        + f"\n\nThe others move a slider on {rows[0].page if rows else ''} (protocol sessions, {duration:g} s per "
        f"phase); one session pastes {what} into the calculator, waits for the rerun, pauses {pause:g} s and "
        "pastes a new text. During: the others' round trips that overlapped a paste. Baseline, same "
        "selection: the baseline's round trips that overlapped the same spans laid over the baseline phase "
        "(a slow move overlaps a span more often than a quick one, whatever the span holds).\n"
    )


# ---- soak: a long run of reruns over every page on one server ----------------------------------


@dataclass
class Soak:
    sessions: int
    reruns: int
    seconds: float
    warmup_reruns: int
    rss_after_warmup_mb: float  # median RSS over the reruns just after the warm-up
    rss_end_mb: float  # median RSS over the last reruns
    rss_at_rest_mb: float  # after the run, sessions idle
    rss_max_mb: float
    growth_percent: float  # end vs after warm-up
    slope_mb_per_100_reruns: float  # least-squares slope of RSS after the warm-up
    round_trip_median_ms: float
    round_trip_p95_ms: float
    errors: int
    reruns_per_page: dict[str, int]
    samples: list[tuple[int, float]]  # (reruns done, RSS MB), every half second
    error_samples: list[str]


SOAK_WINDOW = 50  # reruns over which the RSS after warm-up and at the end is taken (median)


def slider_mover(c: Captured) -> Callable[[random.Random], bytes] | None:
    """Moves of the page's slider to any of its stops, built from the two captured moves; None without one."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    if c.moves is None or c.bounds is None:
        return None
    _, right, left = c.moves
    template, before = BackMsg(), BackMsg()
    template.ParseFromString(right)
    before.ParseFromString(left)
    previous = {w.id: w for w in before.rerun_script.widget_states.widgets}
    numeric = ("double_array_value", "int_array_value", "double_value", "int_value")

    def values(w: Any, kind: str) -> list[float]:
        return list(getattr(w, kind).data) if kind.endswith("array_value") else [getattr(w, kind)]

    found = next(
        (
            (i, kind, abs(values(w, kind)[0] - values(previous[w.id], kind)[0]))
            for i, w in enumerate(template.rerun_script.widget_states.widgets)
            if (kind := w.WhichOneof("value")) in numeric
            and w.id in previous
            and len(values(w, kind)) == 1
            and values(w, kind) != values(previous[w.id], kind)
        ),
        None,
    )
    if found is None:
        return None
    index, kind, step = found
    low, high = c.bounds
    stops = round((high - low) / step)

    def move(rng: random.Random) -> bytes:
        msg = BackMsg()
        msg.CopyFrom(template)
        widget = msg.rerun_script.widget_states.widgets[index]
        value: float = round(low + step * rng.randint(0, stops), 10)
        if kind.startswith("int"):
            value = int(value)
        if kind.endswith("array_value"):
            del getattr(widget, kind).data[:]
            getattr(widget, kind).data.append(value)
        else:
            setattr(widget, kind, value)
        return bytes(msg.SerializeToString())

    return move


async def run_soak(
    pages: dict[str, Captured], reruns: int, sessions: int, warmup: int, moves_per_visit: int, think: float
) -> Soak:
    """``sessions`` WebSocket sessions on one server, each touring every page (a load, then slider moves
    to random stops where the page has a slider) until ``reruns`` reruns are done; RSS sampled throughout."""

    movers = {path: slider_mover(c) for path, c in pages.items()}
    server = Server()
    done = 0
    per_page = dict.fromkeys(pages, 0)
    samples: list[tuple[int, float]] = []
    results = [Session() for _ in range(sessions)]
    sampling = True

    async def sample() -> None:
        while sampling:
            samples.append((done, server.rss_kb() / 1024))
            await asyncio.sleep(0.5)

    async def session(k: int, result: Session) -> None:
        nonlocal done
        rng = random.Random(k)
        order = list(pages)
        order = order[k % len(order) :] + order[: k % len(order)]
        try:
            async with streamlit_stream(server.url) as ws:
                while done < reruns:
                    for path in order:
                        mover = movers[path]
                        visit = [pages[path].load]
                        visit += [mover(rng) for _ in range(moves_per_visit)] if mover else []
                        for payload in visit:
                            if done >= reruns:
                                return
                            t0 = time.perf_counter()
                            await ws.send(payload)
                            await asyncio.wait_for(_until_finished(ws), MOVE_TIMEOUT_S)
                            result.round_trips_ms.append((time.perf_counter() - t0) * 1000)
                            done += 1
                            per_page[path] += 1
                            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
        except Exception as exc:
            result.errors.append(f"soak: {type(exc).__name__}: {exc}")

    try:
        server.wait_healthy()
        t0 = time.monotonic()
        sampler = asyncio.create_task(sample())
        await asyncio.gather(*(session(k, r) for k, r in enumerate(results)))
        seconds = time.monotonic() - t0
        sampling = False
        await sampler
        await asyncio.sleep(3)
        at_rest = server.rss_kb() / 1024
    finally:
        server.stop()

    def window(lo: int, hi: int) -> float:
        values = [mb for n, mb in samples if lo <= n <= hi]
        return statistics.median(values) if values else float("nan")

    after_warmup = window(warmup, warmup + SOAK_WINDOW)
    end = window(done - SOAK_WINDOW, done)
    later = [(n, mb) for n, mb in samples if n >= warmup]
    slope = float("nan")
    if len(later) >= 2 and len({n for n, _ in later}) >= 2:
        xs, ys = np.array([n for n, _ in later], dtype=float), np.array([mb for _, mb in later])
        slope = float(np.polyfit(xs, ys, 1)[0] * 100)
    rts = [x for r in results for x in r.round_trips_ms]
    errors = [e for r in results for e in r.errors]
    return Soak(
        sessions=sessions,
        reruns=done,
        seconds=round(seconds, 1),
        warmup_reruns=warmup,
        rss_after_warmup_mb=round(after_warmup, 1),
        rss_end_mb=round(end, 1),
        rss_at_rest_mb=round(at_rest, 1),
        rss_max_mb=round(max((mb for _, mb in samples), default=float("nan")), 1),
        growth_percent=round((end - after_warmup) / after_warmup * 100, 1),
        slope_mb_per_100_reruns=round(slope, 2),
        round_trip_median_ms=round(statistics.median(rts), 1) if rts else float("nan"),
        round_trip_p95_ms=round(percentile(rts, 0.95), 1),
        errors=len(errors),
        reruns_per_page={f"/{p}": n for p, n in per_page.items()},
        samples=[(n, round(mb, 1)) for n, mb in samples],
        error_samples=sorted(set(errors))[:5],
    )


SOAK_LIMIT_PERCENT = 10.0


def soak_markdown(s: Soak) -> str:
    verdict = "yes" if s.growth_percent <= SOAK_LIMIT_PERCENT else "NO"
    pages = ", ".join(f"{p} {n}" for p, n in s.reruns_per_page.items())
    return (
        "| reruns | sessions | seconds | RSS after warm-up (MB) | RSS at the end (MB) | growth (target ≤ "
        f"{SOAK_LIMIT_PERCENT:g} %) | slope (MB per 100 reruns) | RSS max / at rest (MB) | round trip median / p95 "
        "(ms) | errors |\n"
        + "|"
        + "---|" * 10
        + "\n"
        + f"| {s.reruns} | {s.sessions} | {s.seconds:.0f} | {s.rss_after_warmup_mb:.1f} | {s.rss_end_mb:.1f} "
        f"| {s.growth_percent:+.1f} % {verdict} | {s.slope_mb_per_100_reruns:+.2f} | {s.rss_max_mb:.1f} / "
        f"{s.rss_at_rest_mb:.1f} | {s.round_trip_median_ms:.0f} / {s.round_trip_p95_ms:.0f} | {s.errors} |\n\n"
        f"Warm-up: the first {s.warmup_reruns} reruns; RSS after it and at the end are medians over "
        f"{SOAK_WINDOW} reruns. Reruns per page: {pages}.\n"
    )


def markdown(levels: list[Level], meta: dict[str, Any]) -> str:
    head = (
        "| app | clients | sessions | moves | errors | round trip median / p95 (ms) | felt median / p95 (ms) "
        "| server CPU (% of a core) | CPU per move (ms) | RSS idle → peak (MB) | MB per session |"
    )
    lines = [head, "|" + "---|" * 11]
    for lv in levels:
        felt = "–" if lv.client == "protocol" else f"{lv.felt_median_ms:.0f} / {lv.felt_p95_ms:.0f}"
        lines.append(
            f"| {lv.app} | {lv.client} | {lv.sessions} | {lv.moves} | {lv.errors} "
            f"| {lv.round_trip_median_ms:.0f} / {lv.round_trip_p95_ms:.0f} | {felt} | {lv.server_cpu_percent:.0f} "
            f"| {lv.server_cpu_ms_per_move:.0f} | {lv.idle_rss_mb:.0f} → {lv.peak_rss_mb:.0f} "
            f"| {lv.mb_per_session:.1f} |"
        )
    notes = ", ".join(f"{k}: {v}" for k, v in meta.items())
    return "\n".join(lines) + f"\n\n{notes}\n"


def _no_nan(row: dict[str, Any]) -> dict[str, Any]:
    """NaN as null, for JSON readers."""
    return {
        k: None if isinstance(v, float) and v != v else [_no_nan(x) for x in v] if k == "steps" else v
        for k, v in row.items()
    }


def main() -> None:
    # `kill` ends the run like Ctrl-C, so that the server and Chromium are stopped, not orphaned.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[5, 10, 20, 40])
    parser.add_argument("--duration", type=float, default=30, help="seconds of slider moves per level")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between moves, seconds")
    parser.add_argument(
        "--page", default="entropy", help="url path of the page (default: entropy; '' = first page with a slider)"
    )
    parser.add_argument("--slider", type=int, default=1, help="which slider on the page (default 1: entropy's p₁)")
    parser.add_argument(
        "--out", help="JSON results (default test-output/load.json; load-paste.json, load-soak.json for those runs)"
    )
    parser.add_argument("--show-errors", action="store_true", help="full error details, to diagnose errors")
    parser.add_argument(
        "--clients",
        nargs="+",
        choices=["chromium", "protocol"],
        default=["chromium", "protocol"],
        help="Chromium tabs (the real thing) and/or bare-WebSocket sessions (the server's capacity)",
    )
    parser.add_argument(
        "--floor",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"also measure the floor app ({FLOOR_APP}: one slider, one chart), served the same way",
    )
    parser.add_argument(
        "--capacity",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="ramp protocol sessions on one server: the highest moves/s with p95 round trip ≤ 0.5 s",
    )
    parser.add_argument("--capacity-only", action="store_true", help="only the capacity measurement")
    parser.add_argument(
        "--capacity-pages",
        nargs="+",
        metavar="URL_PATH",
        help="pages for the capacity (default: every catalogued page with a slider; its first slider)",
    )
    parser.add_argument("--capacity-step", type=float, default=6.0, help="seconds per capacity step (default 6)")
    paste_args = parser.add_argument_group(
        "paste scenario (--paste: this scenario instead of the tables above; with --soak, both)"
    )
    paste_args.add_argument(
        "--paste", action="store_true", help="one session pastes the largest allowed input while others move sliders"
    )
    paste_args.add_argument("--paste-sessions", type=int, nargs="+", default=[5, 10], help="the others (default 5 10)")
    paste_args.add_argument("--paste-duration", type=float, default=60, help="seconds per phase (default 60)")
    paste_args.add_argument("--paste-pause", type=float, default=0.5, help="seconds between pastes (default 0.5)")
    paste_args.add_argument(
        "--paste-shape",
        metavar="ROWSxCOLS",
        help="paste this size instead of the largest allowed (e.g. 1000x1000, to see what a limit buys)",
    )
    soak_args = parser.add_argument_group("soak (--soak: this run instead of the tables above; with --paste, both)")
    soak_args.add_argument("--soak", action="store_true", help="reruns over every page on one server, memory sampled")
    soak_args.add_argument("--soak-reruns", type=int, default=1000, help="reruns in all (default 1000)")
    soak_args.add_argument(
        "--soak-warmup", type=int, default=200, help="reruns before the memory baseline (default 200)"
    )
    soak_args.add_argument("--soak-sessions", type=int, default=4, help="concurrent sessions (default 4)")
    soak_args.add_argument("--soak-moves", type=int, default=4, help="slider moves per page visit (default 4)")
    soak_args.add_argument("--soak-think", type=float, default=0.2, help="mean pause between reruns, s (default 0.2)")
    args = parser.parse_args()

    (ROOT / "test-output").mkdir(exist_ok=True)
    (ROOT / "test-output" / "load-server.log").write_text("")
    known = {info.url_path for info in PAGES}
    unknown = set(args.capacity_pages or []) - known
    if unknown:
        raise SystemExit(f"unknown page(s) {', '.join(sorted(unknown))}; choose from {', '.join(sorted(known))}")
    levels: list[Level] = []
    caps: list[Capacity] = []
    pastes: list[PasteLevel] = []
    soak: Soak | None = None
    scenario_only = args.paste or args.soak
    if args.out is None:
        name = "-".join(["load"] + ["paste"] * args.paste + ["soak"] * args.soak)
        args.out = str(ROOT / "test-output" / f"{name}.json")
    meta: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "before": machine_load(),
    }
    renicer = Renicer()
    try:
        if args.paste:
            page_path = args.page if args.page in known else asyncio.run(find_slider_page())
            meta |= {"paste_page": f"/{page_path}", "paste_duration_s": args.paste_duration, "think_s": args.think}
            moves = asyncio.run(capture_moves(page_path, args.slider if page_path == args.page else 0))
            calculator = asyncio.run(capture_calculator())
            shape: tuple[int, int] | None = None
            if args.paste_shape:
                rows, cols = (int(x) for x in args.paste_shape.lower().split("x"))
                shape = (rows, cols)
            for n in args.paste_sessions:
                row = asyncio.run(
                    run_paste_level(
                        n,
                        moves,
                        calculator,
                        args.paste_duration,
                        args.think,
                        args.paste_pause,
                        f"/{page_path}",
                        shape,
                    )
                )
                print(json.dumps(asdict(row), ensure_ascii=False), flush=True)
                pastes.append(row)
        if args.soak:
            paths = [""] + [info.url_path for info in PAGES]
            print(f"soak: {args.soak_reruns} reruns over {', '.join('/' + p for p in paths)}", flush=True)
            captured_pages = asyncio.run(capture_pages("app.py", paths, 0, slider_timeout_ms=3_000))
            soak = asyncio.run(
                run_soak(
                    captured_pages,
                    args.soak_reruns,
                    args.soak_sessions,
                    args.soak_warmup,
                    args.soak_moves,
                    args.soak_think,
                )
            )
            print(json.dumps({k: v for k, v in asdict(soak).items() if k != "samples"}, ensure_ascii=False), flush=True)
        if not args.capacity_only and not scenario_only:
            page_path = args.page if args.page in known else asyncio.run(find_slider_page())
            if page_path != args.page:
                args.slider = 0
            meta |= {"page": f"/{page_path}", "slider": args.slider, "duration_s": args.duration, "think_s": args.think}
            print(f"load test on /{page_path}, slider {args.slider}: {args.duration:.0f} s per level", flush=True)
            # (label, script, url path, slider index): the page, then the floor app at the same N.
            apps = [(f"/{page_path}", "app.py", page_path, args.slider)]
            if args.floor:
                apps.append(("floor", FLOOR_APP, "", 0))
            if "chromium" in args.clients:
                for n in args.sessions:
                    for _, script, path, slider in apps:
                        level = asyncio.run(run_level(n, path, slider, args.duration, args.think, script))
                        print(json.dumps(asdict(level)), flush=True)
                        levels.append(level)
            if "protocol" in args.clients:
                captured = {
                    label: asyncio.run(capture_moves(path, slider, script)) for label, script, path, slider in apps
                }
                for n in args.sessions:
                    for label, script, path, _ in apps:
                        moves = captured[label]
                        level = asyncio.run(run_protocol_level(n, moves, args.duration, args.think, script, path))
                        print(json.dumps(asdict(level)), flush=True)
                        levels.append(level)
        if (args.capacity or args.capacity_only) and not scenario_only:
            pages = args.capacity_pages or [info.url_path for info in PAGES]
            meta["capacity_step_s"] = args.capacity_step
            print(f"capacity: floor and {', '.join('/' + p for p in pages)}", flush=True)
            caps = asyncio.run(measure_capacity(pages, args.floor, args.capacity_step))
    finally:
        renicer.stop()
    meta["after"] = machine_load()
    text = markdown(levels, meta) if levels else f"{', '.join(f'{k}: {v}' for k, v in meta.items())}\n"
    if caps:
        text += "\n" + capacity_markdown(caps, args.capacity_step)
    if pastes:
        text += "\n" + paste_markdown(pastes, args.paste_duration, args.paste_pause)
    if soak is not None:
        text += "\n" + soak_markdown(soak)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    out = {
        "meta": meta,
        "levels": [_no_nan(asdict(lv)) for lv in levels],
        "capacity": [_no_nan(asdict(c)) for c in caps],
        "paste": [_no_nan(asdict(r)) for r in pastes],
        "soak": None if soak is None else _no_nan(asdict(soak)),
    }
    Path(args.out).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    Path(args.out).with_suffix(".md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
