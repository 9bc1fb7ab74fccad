"""The image, built and run for real: hardened as compose.yaml runs it, healthy fast, not root,
production settings in effect, every page served and rendered in Chromium through the container."""

from __future__ import annotations

import os
import re
import time
import tomllib
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.harness import assert_no_exception, free_port, screenshot
from ui.catalog import HOME, PAGES

from .engine import (
    APP_UID,
    ROOT,
    Container,
    Engine,
    compose_run_args,
    load_yaml_documents,
    open_app,
    poll,
    record,
    run_container,
    wait_healthy,
)

#: The issue's target is 5 s; the test allows headroom for a loaded CI machine and reports the time.
HEALTHY_BUDGET_S = float(os.environ.get("LOSSLAB_HEALTHY_BUDGET", "10"))
PRODUCTION = {
    "client.showErrorDetails": "none",
    "client.toolbarMode": "viewer",
    "server.enableXsrfProtection": True,
    "server.enableCORS": True,
    "server.enableStaticServing": False,
    "server.maxUploadSize": 5,
    "server.headless": True,
    "browser.gatherUsageStats": False,
}


def compose_service() -> dict[str, Any]:
    (doc,) = load_yaml_documents(ROOT / "compose.yaml")
    return dict(doc["services"]["app"])


def _bytes(size: str) -> int:
    m = re.fullmatch(r"(\d+)([kmg]?)b?", size.strip().lower())
    assert m, size
    return int(m.group(1)) * 1024 ** " kmg".index(m.group(2) or " ")


@pytest.fixture(scope="module")
def app(engine: Engine, image: str) -> Iterator[Container]:
    """The image run with compose.yaml's runtime settings, on a free loopback port."""
    container = run_container(engine, free_port(), compose_run_args(compose_service(), engine))
    try:
        record("healthy_seconds_compose_run", round(wait_healthy(container), 2))
        yield container
    finally:
        container.remove()


def test_image_metadata(engine: Engine, image: str) -> None:
    info = engine.inspect(image, kind="image")
    config = info["Config"]
    assert config["User"] == f"{APP_UID}:{APP_UID}"
    assert "8501/tcp" in config["ExposedPorts"]
    # Docker keeps the health check in Config; podman lists it beside Config.
    health = " ".join((config.get("Healthcheck") or info["Healthcheck"])["Test"])
    assert "/_stcore/health" in health
    assert "curl" not in health
    assert "wget" not in health
    cmd = " ".join(config["Cmd"])
    for flag in (
        "--server.address=0.0.0.0",
        "--server.port=8501",
        "--server.headless=true",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
    ):
        assert flag in cmd
    env = dict(e.split("=", 1) for e in config["Env"])
    assert env["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] == "none"
    assert env["STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION"] == "true"


def test_no_build_tools_caches_or_secrets_in_the_image(engine: Engine, image: str) -> None:
    script = (
        "for t in gcc cc make curl wget git; do command -v $t; done; "
        "/opt/venv/bin/python -m pip --version 2>/dev/null; "
        "ls -d /root/.cache /home/losslab/.cache /tmp/requirements.txt /run/secrets 2>/dev/null; "
        "find /app /opt /home /root /tmp /etc \\( -name '*.whl' -o -name 'pip.conf' \\) -print 2>/dev/null; "
        "find /app -name tests -o -name '.git' -o -name '.venv' -o -name 'test-output' 2>/dev/null"
    )
    proc = engine.run("run", "--rm", "--user", "0", "--entrypoint", "sh", image, "-c", script)
    assert proc.stdout.strip() == "", proc.stdout


def test_healthy_quickly(app: Container) -> None:
    seconds = app.healthy_after
    assert seconds is not None
    assert seconds < HEALTHY_BUDGET_S, f"healthy after {seconds:.1f} s"


def test_runs_as_non_root(app: Container) -> None:
    assert app.exec("id", "-u").stdout.strip() == str(APP_UID)
    status = app.exec("cat", "/proc/1/status").stdout
    uids = re.search(r"^Uid:\s+(.*)$", status, re.M)
    assert uids, status
    assert set(uids.group(1).split()) == {str(APP_UID)}, status
    assert "streamlit" in app.exec("cat", "/proc/1/cmdline").stdout


def test_compose_hardening_is_in_effect(engine: Engine, app: Container) -> None:
    service = compose_service()
    status = app.exec("cat", "/proc/1/status").stdout
    assert re.search(r"^CapEff:\s+0+$", status, re.M), status  # cap_drop: ALL
    assert re.search(r"^NoNewPrivs:\s+1$", status, re.M), status  # no-new-privileges
    assert app.exec("touch", "/app/x", check=False).returncode != 0  # read_only root
    assert app.exec("touch", "/opt/venv/x", check=False).returncode != 0
    for tmpfs in service["tmpfs"]:
        path = tmpfs.split(":")[0]
        assert app.exec("touch", f"{path}/probe").returncode == 0, f"{path} is not writable"
    host = engine.inspect(app.id)["HostConfig"]
    assert host["Memory"] == _bytes(str(service["mem_limit"]))
    assert host["ReadonlyRootfs"] is True


def test_compose_healthcheck_command_passes(app: Container) -> None:
    test = compose_service()["healthcheck"]["test"]
    assert test[0] == "CMD"
    assert "/_stcore/health" in " ".join(test)
    assert app.exec(*test[1:]).returncode == 0


def test_image_healthcheck_reports_healthy(engine: Engine, app: Container) -> None:
    if engine.is_podman:
        # podman runs HEALTHCHECK from systemd timers, absent in CI containers: run it on demand.
        assert engine.run("healthcheck", "run", app.id, check=False).returncode == 0
    else:
        status = poll(lambda: engine.inspect(app.id)["State"]["Health"]["Status"] == "healthy", timeout=60)
        assert status, engine.inspect(app.id)["State"]["Health"]


def effective_settings(app: Container, *env: str) -> dict[str, Any]:
    """``streamlit config show`` in the container: config.toml plus STREAMLIT_* variables."""
    args = [a for e in env for a in ("--env", e)]
    out = app.engine.run("exec", *args, app.id, "python", "-m", "streamlit", "config", "show").stdout
    settings: dict[str, Any] = {}
    section = ""
    for line in out.splitlines():
        if m := re.fullmatch(r"\[([\w.]+)\]", line.strip()):
            section = m.group(1)
        elif m := re.fullmatch(r"(\w+) = (.+)", line.strip()):
            settings[f"{section}.{m.group(1)}"] = tomllib.loads(f"v = {m.group(2)}")["v"]
    return settings


def test_production_settings_in_effect(app: Container) -> None:
    effective = effective_settings(app)
    assert {k: effective.get(k) for k in PRODUCTION} == PRODUCTION


def test_production_settings_can_be_overridden_by_environment(app: Container) -> None:
    effective = effective_settings(
        app, "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS=type", "STREAMLIT_SERVER_MAX_UPLOAD_SIZE=1"
    )
    assert effective["client.showErrorDetails"] == "type"
    assert effective["server.maxUploadSize"] == 1


@pytest.mark.parametrize("info", [HOME, *PAGES], ids=lambda p: p.url_path)
def test_every_page_answers(app: Container, info: Any) -> None:
    path = "/" if info is HOME else f"/{info.url_path}"
    with urllib.request.urlopen(app.url + path, timeout=10) as r:
        assert r.status == 200
        html = r.read().decode()
    assert '<div id="root">' in html
    # The page's JavaScript bundle is served too.
    script = re.search(r'<script[^>]+src="([^"]+\.js)"', html)
    assert script, html[:500]
    src = script.group(1)
    src = src if src.startswith("http") else app.url + "/" + src.lstrip("./")
    with urllib.request.urlopen(src, timeout=10) as r:
        assert r.status == 200


@pytest.mark.parametrize("info", [HOME, *PAGES], ids=lambda p: p.url_path)
def test_every_page_renders_in_the_browser(app: Container, page: Any, info: Any) -> None:
    path = "/" if info is HOME else f"/{info.url_path}"
    open_app(page, app.url + path)
    assert_no_exception(page)
    assert page.locator("h1").count() >= 1
    if info is HOME:
        page.get_by_text("One identity ties it together").wait_for()
        screenshot(page, "docker-home")


def test_the_image_speaks_chinese(app: Container, page: Any) -> None:
    """The compiled catalogue is in the image (the build context is an allow-list)."""
    open_app(page, app.url + "/?lang=zh")
    assert_no_exception(page)
    page.get_by_text("一个恒等式把它们串在一起").wait_for()


def test_stops_promptly_on_sigterm(engine: Engine, image: str) -> None:
    """A plain `run` (no compose settings): healthy, then `stop` ends it by SIGTERM, not SIGKILL."""
    container = run_container(engine, free_port())
    try:
        record("healthy_seconds_plain_run", round(wait_healthy(container), 2))
        start = time.monotonic()
        engine.run("stop", "--time", "10", container.id, timeout=60)
        seconds = time.monotonic() - start
        record("stop_seconds", round(seconds, 2))
        assert seconds < 8, f"stop took {seconds:.1f} s: SIGTERM ignored?"
        assert engine.inspect(container.id)["State"]["ExitCode"] in (0, 143)
    finally:
        container.remove()
