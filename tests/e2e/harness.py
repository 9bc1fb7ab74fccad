"""Browser-test plumbing: a Streamlit server on a free port, Debian's Chromium under Playwright.

Recipe (DESIGN.md): never `playwright install`; launch the system Chromium with
the flags below; wait for ``/_stcore/health``, then for the app's script to
finish running before asserting anything.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

#: Console messages that come from this sandbox having no internet (Material icon
#: fonts, Streamlit's optional version check), not from Loss Lab.
_OFFLINE_NOISE = (
    "fonts.googleapis",
    "fonts.gstatic",
    "ERR_NAME_NOT_RESOLVED",
    "ERR_INTERNET_DISCONNECTED",
    "net::ERR_",
    "Failed to load resource",
)


def skip_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium; CI installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def streamlit_server(
    script: str = "app.py", timeout: float = 60.0, env: dict[str, str | None] | None = None
) -> Iterator[str]:
    """Serve ``script`` on a free loopback port; yield its base URL; stop it afterwards.

    ``env`` adds environment variables for the server (None removes one).  The server's output
    goes to ``test-output/streamlit-<port>.log``.
    """
    environment = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    port = free_port()
    _ensure_output()
    log = open(ROOT / "test-output" / f"streamlit-{port}.log", "w")  # noqa: SIM115 - closed in finally
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--global.developmentMode",
        "false",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=environment)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}; see test-output/streamlit-{port}.log")
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not become healthy within {timeout:.0f} s")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _ensure_output() -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


def is_noise(text: str) -> bool:
    return any(s in text for s in _OFFLINE_NOISE)


def wait_for_app(page: Any, timeout: float = 30_000) -> None:
    """Wait until the script has run to completion (and a moment for charts to draw)."""
    page.wait_for_selector(APP_IDLE, timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector(APP_IDLE, timeout=timeout)


def assert_no_exception(page: Any) -> None:
    """No exception box, no error-level console message beyond offline noise."""
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()
    errors = [e for e in getattr(page, "console_errors", []) if not is_noise(e)]
    assert not errors, errors


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as test-output/screenshots/NAME.png and return its path."""
    _ensure_output()
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def drag_plotly_slider(page: Any, container: str, fraction: float) -> None:
    """Drag the grip of the Plotly slider inside ``container`` (a CSS selector) to ``fraction`` of its rail."""
    rail = page.locator(f"{container} .slider-rail-rect").first
    rail.scroll_into_view_if_needed()
    r = rail.bounding_box()
    g = page.locator(f"{container} .slider-grip-rect").first.bounding_box()
    page.mouse.move(g["x"] + g["width"] / 2, g["y"] + g["height"] / 2)
    page.mouse.down()
    page.mouse.move(r["x"] + fraction * r["width"], r["y"] + r["height"] / 2, steps=12)
    page.mouse.up()
    page.wait_for_timeout(300)
