"""Scale-out for real: two replicas of the image behind Debian's nginx running deploy/nginx.conf.

A browser session through the proxy works (its WebSocket included) and every request of it goes to
one replica; many clients spread over both replicas, each staying on its own; when a replica dies
the proxy sends its clients to the other.  The tests run in file order: the last one stops a replica.
"""

from __future__ import annotations

import http.client
import shutil
import signal
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import assert_no_exception, free_port, screenshot, wait_for_app
from ui.catalog import PAGES

from .engine import (
    NGINX_CONF,
    Container,
    Engine,
    compose_run_args,
    load_yaml_documents,
    open_app,
    poll,
    read_access_log,
    record,
    render_nginx_conf,
    run_container,
    wait_healthy,
)

#: Distinct loopback client addresses (all of 127.0.0.0/8 is the loopback interface on Linux).
CLIENTS = [f"127.0.0.{i}" for i in range(10, 30)]


@dataclass
class Proxy:
    url: str
    port: int
    access_log: Path
    replicas: list[Container]


@pytest.fixture(scope="module")
def replicas(engine: Engine, image: str) -> Iterator[list[Container]]:
    (compose,) = load_yaml_documents(NGINX_CONF.parents[1] / "compose.yaml")
    args = compose_run_args(compose["services"]["app"], engine)
    started: list[Container] = []
    try:
        for _ in range(2):
            started.append(run_container(engine, free_port(), args))
        for container in started:
            wait_healthy(container)
        yield started
    finally:
        for container in started:
            container.remove()


@pytest.fixture(scope="module")
def proxy(replicas: list[Container], workdir: Path) -> Iterator[Proxy]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is not installed (apt-get install nginx-light)")
    home = workdir / "nginx"
    home.mkdir(exist_ok=True)
    home.chmod(0o755)
    port = free_port()
    upstreams = [c.url.removeprefix("http://") for c in replicas]
    conf = home / "nginx.conf"
    rendered = render_nginx_conf(NGINX_CONF.read_text(), listen=f"127.0.0.1:{port}", upstreams=upstreams, workdir=home)
    conf.write_text(rendered)
    base = [nginx, "-p", str(home), "-c", str(conf), "-e", str(home / "startup.log")]
    check = subprocess.run([*base, "-t"], capture_output=True, text=True, timeout=30, check=False)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([*base, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        assert poll(lambda: _status(url, "/nginx-health") == 200, timeout=20), "nginx did not start"
        yield Proxy(url, port, home / "access.log", replicas)
    finally:
        proc.send_signal(signal.SIGQUIT)  # graceful: workers finish and flush the access log
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def _status(url: str, path: str, source: str | None = None) -> int | None:
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0) if source else None)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return None
    finally:
        conn.close()


def test_browser_session_through_the_proxy_stays_on_one_replica(proxy: Proxy, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    sockets: list[Any] = []
    frames: list[int] = []
    page.on("websocket", lambda ws: (sockets.append(ws), ws.on("framereceived", lambda _: frames.append(1))))
    pending: set[str] = set()
    page.on("request", lambda r: pending.add(r.url))
    page.on("requestfinished", lambda r: pending.discard(r.url))
    page.on("requestfailed", lambda r: pending.add(f"FAILED {r.url}: {r.failure}"))
    try:
        try:
            open_app(page, proxy.url + "/")
        except Exception as exc:
            screenshot(page, "docker-proxy-failure")
            logs = proxy.access_log.parent
            access = proxy.access_log.read_text()[-3000:] if proxy.access_log.exists() else ""
            errors = (logs / "error.log").read_text()[-3000:] if (logs / "error.log").exists() else ""
            raise AssertionError(
                f"the app did not load through nginx\npending: {sorted(pending)}"
                f"\nwebsockets: {[w.url for w in sockets]}\naccess:\n{access}\nerrors:\n{errors}"
            ) from exc
        assert_no_exception(page)
        page.get_by_text("One identity ties it together").wait_for()
        # A round trip over the WebSocket: switching units reruns the script on the replica.
        page.get_by_role("radio", name="bits", exact=True).click()
        wait_for_app(page)
        page.get_by_text("1.1568").first.wait_for()
        if PAGES:  # client-side navigation: the same session moves to another page
            page.locator('[data-testid="stSidebarNav"] a').nth(1).click()
            wait_for_app(page)
            assert_no_exception(page)
        screenshot(page, "docker-proxy-session")
        streams = [ws for ws in sockets if ws.url.endswith("/_stcore/stream")]
        assert len(streams) == 1, [ws.url for ws in sockets]
        assert streams[0].url.startswith(proxy.url.replace("http", "ws"))
        assert not streams[0].is_closed()
        assert len(frames) > 0
    finally:
        context.close()
    # nginx logs a WebSocket when it closes; then every request of the session is in the log.
    entries = poll(
        lambda: (
            [e for e in read_access_log(proxy.access_log) if e.client == "127.0.0.1"]
            if any(e.status == 101 for e in read_access_log(proxy.access_log))
            else None
        ),
        timeout=15,
    )
    assert entries, "no WebSocket (status 101) in the proxy's access log"
    assert {e.path for e in entries if e.status == 101} == {"/_stcore/stream"}
    upstreams = {e.upstream for e in entries}
    assert len(upstreams) == 1, f"one session was served by {upstreams}"
    record("proxied_session_requests", f"{len(entries)} requests, all on replica {upstreams.pop()}")


def test_clients_spread_over_replicas_and_each_stays_on_one(proxy: Proxy) -> None:
    if _status(proxy.url, "/nginx-health", source=CLIENTS[0]) is None:
        pytest.skip("cannot bind loopback source addresses other than 127.0.0.1 here")
    for _ in range(3):
        for client in CLIENTS:
            assert _status(proxy.url, "/_stcore/health", source=client) == 200
    served: dict[str, set[str]] = defaultdict(set)
    for e in read_access_log(proxy.access_log):
        if e.client in CLIENTS and e.path == "/_stcore/health":
            served[e.client].add(e.upstream)
    assert set(served) == set(CLIENTS)
    assert all(len(ups) == 1 for ups in served.values()), dict(served)
    used = {next(iter(ups)) for ups in served.values()}
    assert len(used) == 2, f"{len(CLIENTS)} clients all went to {used}"


def test_clients_of_a_failed_replica_move_to_the_other(proxy: Proxy) -> None:
    """Stops replica 0, so this runs last."""
    if _status(proxy.url, "/nginx-health", source=CLIENTS[0]) is None:
        pytest.skip("cannot bind loopback source addresses other than 127.0.0.1 here")
    dead, alive = proxy.replicas
    dead.remove()
    statuses = [_status(proxy.url, "/", source=client) for client in CLIENTS]
    assert statuses == [200] * len(CLIENTS)
    alive_addr = alive.url.removeprefix("http://")
    # nginx writes a log line just after the response, so the last ones may trail a little.
    after = poll(
        lambda: (
            len(entries := [e for e in read_access_log(proxy.access_log) if e.client in CLIENTS and e.path == "/"])
            == len(CLIENTS)
            and entries
        ),
        timeout=10,
    )
    assert after, read_access_log(proxy.access_log)[-30:]
    assert all(e.upstream.split(", ")[-1] == alive_addr for e in after), [e.upstream for e in after]
