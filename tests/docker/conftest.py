"""Fixtures for the container tests: an engine, the image built once, Chromium, and a report.

These tests build and run the real image, so they run only under ``make docker-test`` (which sets
``LOSSLAB_DOCKER_TEST=1``); elsewhere they are skipped with that reason (test_manifests.py, static
checks of the deployment files, runs everywhere).  Under ``make
docker-test`` a missing engine is a failure, not a skip.  The measurements (build time, image size,
time to healthy) are printed at the end and written to ``test-output/docker-report.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, skip_reason

from .engine import IMAGE, REPORT, ROOT, Engine, EngineUnavailable, build_image, choose_base, detect_engine

ENABLED = os.environ.get("LOSSLAB_DOCKER_TEST") == "1"
REPORT_PATH = ROOT / "test-output" / "docker-report.json"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.fspath).replace("\\", "/")
        if "tests/docker/" in path and not path.endswith("test_manifests.py") and not ENABLED:
            item.add_marker(pytest.mark.skip(reason="builds and runs the image: run `make docker-test`"))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not REPORT:
        return
    REPORT_PATH.parent.mkdir(parents=True, exist_ok=True)
    REPORT_PATH.write_text(json.dumps(REPORT, indent=2) + "\n")
    terminalreporter.section("container measurements")
    for key, value in REPORT.items():
        terminalreporter.write_line(f"{key:>28}: {value}")


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="losslab-docker-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def engine(workdir: Path) -> Engine:
    try:
        found = detect_engine(workdir)
    except EngineUnavailable as exc:
        pytest.fail(f"no container engine: {exc} (install podman, or start Docker)")
    REPORT["engine"] = found.name
    return found


@pytest.fixture(scope="session")
def image(engine: Engine, workdir: Path) -> str:
    """The image, built from the working tree with this host's pip settings as build secrets."""
    base, how = choose_base(engine, workdir)
    REPORT["base"] = f"{base} ({how})"
    no_cache = os.environ.get("LOSSLAB_NO_CACHE") == "1"
    seconds = build_image(engine, base, workdir, no_cache=no_cache)
    REPORT["build_seconds"] = f"{seconds:.1f} ({'cold: --no-cache' if no_cache else 'layer cache allowed'})"
    info = engine.inspect(IMAGE, kind="image")
    REPORT["image_size_mb"] = round(int(info["Size"]) / 1e6, 1)
    return IMAGE


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if reason := skip_reason():
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
