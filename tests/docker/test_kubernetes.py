"""deploy/kubernetes.yaml run for real: `podman kube play` starts the Deployment's replicas from the local image.

The manifest is played as committed, with two changes: its ``image:`` becomes the image this run built
(``imagePullPolicy: IfNotPresent`` then finds it locally), and the container's ``ports`` list is left
out, because podman 4.3 publishes every ``containerPort`` on the same port of the host, where the
second replica would find it taken (in Kubernetes a ``containerPort`` publishes nothing).  podman runs
the Deployment's pod template once per replica, with the security context, volumes and limits as
written, and skips the Service and the Ingress.  Each pod is reached by its IP on podman's bridge
network, as the kubelet and the Service reach a pod.

What podman cannot exercise stays checked statically in test_manifests.py, and docs/deploy.md lists
it: the Service (ClientIP affinity, the selector), the Ingress (cookie affinity, timeouts), and the
kubelet's probes, which podman 4.3 does not run (it ignores readiness and startup probes and turns an
``httpGet`` liveness probe into a ``curl`` command inside the container, which this image, having no
curl, could not pass).  Here the probes are made the way the kubelet makes them: an HTTP GET from the
node to the pod's IP and the probe's port, within the probe's timeout.  podman before 5.0 also backs
an ``emptyDir`` with a disk volume whatever its ``medium``; there the memory backing is the static
check's, and this test checks that the volumes are the pod's own, writable by the app user.

The tests run in file order: the last one takes the pods down.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import assert_no_exception, screenshot
from ui.catalog import HOME, PAGES

from .engine import APP_UID, ROOT, Engine, load_yaml_documents, open_app, poll, record

MANIFEST = ROOT / "deploy" / "kubernetes.yaml"


def manifest() -> dict[str, Any]:
    """The committed manifest's documents, by kind."""
    return {d["kind"]: d for d in load_yaml_documents(MANIFEST)}


def render_manifest(text: str, image: str) -> str:
    """deploy/kubernetes.yaml for podman: every ``image:`` set to ``image``, the containers' ``ports`` left out.

    podman 4.3 publishes each ``containerPort`` on the same port of the host (a Kubernetes
    ``containerPort`` publishes nothing), so the second replica could not start: 8501 is taken by the
    first.  The ports list only names the port; the pods are reached by their IPs, and the probes'
    named port is read from the committed manifest.  Nothing else changes.
    """
    rendered, count = re.subn(r"(?m)^(\s*image:\s*)\S+\s*$", lambda m: f"{m.group(1)}{image}", text)
    if count == 0:
        raise ValueError("deploy/kubernetes.yaml names no image")
    out: list[str] = []
    lines = rendered.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        block = re.match(r"^(\s+)ports:\s*$", line)
        end = i + 1
        if block:
            while end < len(lines) and (
                not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > len(block.group(1))
            ):
                end += 1
        if block and any("containerPort:" in ln for ln in lines[i + 1 : end]):
            i = end  # a container's ports: left out
            continue
        out.append(line)
        i += 1
    return "\n".join(out) + "\n"


def _container_spec() -> dict[str, Any]:
    (container,) = manifest()["Deployment"]["spec"]["template"]["spec"]["containers"]
    return dict(container)


def _probe_port(probe: dict[str, Any], container: dict[str, Any]) -> int:
    port = probe["httpGet"]["port"]
    named = {p["name"]: p["containerPort"] for p in container.get("ports", []) if "name" in p}
    return int(named.get(port, port))


def _podman_major(engine: Engine) -> int:
    version = engine.run("version", "--format", "{{.Client.Version}}").stdout.strip()
    return int(version.split(".")[0])


@dataclass
class Pod:
    name: str
    container: str  # the app container's id
    ip: str
    played: float  # monotonic time of `kube play`
    healthy_after: float | None = None
    volumes: list[str] = field(default_factory=list)  # podman volumes backing the pod's emptyDirs

    def url(self, port: int = 8501) -> str:
        return f"http://{self.ip}:{port}"


def _inspect_pod(engine: Engine, name: str) -> dict[str, Any]:
    """``pod inspect``: one object in podman 4, a list of one in podman 5."""
    data = json.loads(engine.run("pod", "inspect", name).stdout)
    return dict(data[0] if isinstance(data, list) else data)


def _ip_of(engine: Engine, container: str) -> str:
    settings = engine.inspect(container)["NetworkSettings"]
    addresses = [settings.get("IPAddress", "")]
    addresses += [n.get("IPAddress", "") for n in (settings.get("Networks") or {}).values()]
    ip = next((a for a in addresses if a), "")
    if not ip:
        raise RuntimeError(f"no IP address for {container}: {json.dumps(settings)[:1000]}")
    return ip


@pytest.fixture(scope="module")
def played(engine: Engine, image: str, workdir: Path) -> Iterator[tuple[Path, list[Pod]]]:
    """The manifest played with podman; its pods, each with its app container and IP."""
    if not engine.is_podman:
        pytest.skip(f"`kube play` is podman's; the engine here is {engine.name} (LOSSLAB_ENGINE=podman to run it)")
    path = workdir / "kubernetes.yaml"
    path.write_text(render_manifest(MANIFEST.read_text(), image))
    deployment = manifest()["Deployment"]
    name, replicas = deployment["metadata"]["name"], deployment["spec"]["replicas"]
    container_name = _container_spec()["name"]
    volumes_before = set(engine.run("volume", "ls", "--quiet").stdout.split())
    pods: list[Pod] = []
    start = time.monotonic()
    try:
        engine.run("kube", "play", "--replace", str(path), timeout=300)
        record("kube_play_seconds", round(time.monotonic() - start, 2))
        listed = json.loads(engine.run("pod", "ps", "--format", "json").stdout or "[]")
        names = sorted(p["Name"] for p in listed if re.fullmatch(rf"{re.escape(name)}-pod-\d+", p["Name"]))
        for pod_name in names:
            info = _inspect_pod(engine, pod_name)
            app = next(c["Id"] for c in info["Containers"] if c["Name"] == f"{pod_name}-{container_name}")
            mounts = engine.inspect(app).get("Mounts", [])
            volumes = [m["Name"] for m in mounts if m.get("Type") == "volume" and m.get("Name")]
            pods.append(Pod(pod_name, app, _ip_of(engine, info["InfraContainerID"]), start, volumes=volumes))
        assert len(pods) == replicas, f"{replicas} replicas in the manifest, podman started {names}"
        yield path, pods
    finally:
        engine.run("kube", "down", str(path), check=False, timeout=120)
        for volume in {v for pod in pods for v in pod.volumes} - volumes_before:  # only what the play made
            engine.run("volume", "rm", "--force", volume, check=False)


@pytest.fixture(scope="module")
def pods(played: tuple[Path, list[Pod]]) -> list[Pod]:
    return played[1]


def _get(url: str, timeout: float) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return int(r.status)
    except OSError:
        return None


def test_both_replicas_start_from_the_local_image(engine: Engine, image: str, pods: list[Pod]) -> None:
    image_id = engine.inspect(image, kind="image")["Id"]
    for pod in pods:
        state = engine.inspect(pod.container)
        assert state["State"]["Running"], state["State"]
        assert state["Image"] == image_id
    assert len({pod.ip for pod in pods}) == len(pods), "each pod has its own address"


def test_probes_pass_as_the_kubelet_makes_them(engine: Engine, pods: list[Pod]) -> None:
    """Startup within its budget (periodSeconds × failureThreshold), then readiness and liveness, via the pod IP."""
    container = _container_spec()
    startup = container["startupProbe"]
    budget = startup.get("periodSeconds", 10) * startup.get("failureThreshold", 3)
    timeout = startup.get("timeoutSeconds", 1)
    for pod in pods:
        url = pod.url(_probe_port(startup, container)) + startup["httpGet"]["path"]
        ok = poll(lambda url=url: _get(url, timeout) == 200, timeout=budget, interval=0.1)
        assert ok, f"{pod.name}: startup probe failed for {budget} s"
        pod.healthy_after = time.monotonic() - pod.played
        for kind in ("readinessProbe", "livenessProbe"):
            probe = container[kind]
            probe_url = pod.url(_probe_port(probe, container)) + probe["httpGet"]["path"]
            statuses = [_get(probe_url, probe.get("timeoutSeconds", 1)) for _ in range(3)]
            assert statuses == [200] * 3, f"{pod.name}: {kind} answered {statuses}"
    record("kube_healthy_seconds", [round(p.healthy_after or 0, 2) for p in pods])
    health = engine.inspect(pods[0].container).get("Config", {}).get("Healthcheck") or {}
    if health.get("Test"):
        record("kube_podman_liveness_translation", " ".join(health["Test"]))


def test_pods_run_as_the_non_root_user_with_a_read_only_root(engine: Engine, pods: list[Pod]) -> None:
    container = _container_spec()
    limits = container["resources"]["limits"]
    memory = int(re.fullmatch(r"(\d+)Mi", limits["memory"]).group(1)) * 2**20  # type: ignore[union-attr]
    for pod in pods:

        def run(*cmd: str, pod: Pod = pod) -> Any:
            return engine.run("exec", pod.container, *cmd, check=False)

        assert run("id", "-u").stdout.strip() == str(APP_UID)
        status = run("cat", "/proc/1/status").stdout
        uids = re.search(r"^Uid:\s+(.*)$", status, re.M)
        assert uids, status
        assert set(uids.group(1).split()) == {str(APP_UID)}, status
        assert "streamlit" in run("cat", "/proc/1/cmdline").stdout
        assert re.search(r"^CapEff:\s+0+$", status, re.M), status  # capabilities: drop ALL
        assert re.search(r"^NoNewPrivs:\s+1$", status, re.M), status  # allowPrivilegeEscalation: false
        assert run("touch", "/app/x").returncode != 0, "the root filesystem is writable"
        assert run("touch", "/opt/venv/x").returncode != 0, "the root filesystem is writable"
        host = engine.inspect(pod.container)["HostConfig"]
        assert host["ReadonlyRootfs"] is True
        assert host["Memory"] == memory


def _mount_types(engine: Engine, pod: Pod) -> dict[str, str]:
    """Mount point -> filesystem type, as the container sees them."""
    mounts = engine.run("exec", pod.container, "cat", "/proc/mounts").stdout
    return {fields[1]: fields[2] for line in mounts.splitlines() if len(fields := line.split()) >= 3}


def test_volumes_are_mounted_and_writable_by_the_app_user(engine: Engine, pods: list[Pod]) -> None:
    """Each volumeMount is a mount of its own, writable by UID 10001; in memory and per pod where podman can.

    podman 5.0 and later mount a ``medium: Memory`` emptyDir as a tmpfs of the container's own.
    podman 4.3 makes every emptyDir a named volume on disk, named after the volume (``tmp``,
    ``home``) and so shared by both replicas; there the memory backing and the one-per-pod rule are
    the static check's (test_manifests.py) and are recorded, not asserted.
    """
    container = _container_spec()
    volumes = {v["name"]: v for v in manifest()["Deployment"]["spec"]["template"]["spec"]["volumes"]}
    kubelet_like = _podman_major(engine) >= 5
    seen: dict[str, str] = {}
    for pod in pods:
        types = _mount_types(engine, pod)
        for mount in container["volumeMounts"]:
            path = mount["mountPath"]
            assert path in types, f"{pod.name}: nothing mounted at {path}"
            seen[path] = types[path]
            probe = f"{path}/written-by-{pod.name}"
            assert engine.run("exec", pod.container, "touch", probe, check=False).returncode == 0, path
            if kubelet_like and volumes[mount["name"]]["emptyDir"].get("medium") == "Memory":
                assert types[path] == "tmpfs", f"{pod.name}: {path} is {types[path]}, not memory"
    first, second = pods[0], pods[1]
    shared = []
    for mount in container["volumeMounts"]:
        path = mount["mountPath"]
        if f"written-by-{first.name}" in engine.run("exec", second.container, "ls", path).stdout.split():
            shared.append(path)
    if kubelet_like:
        assert not shared, f"{shared} shared between pods"
    record(
        "kube_volumes",
        {path: f"{kind}{', shared by the pods' if path in shared else ''}" for path, kind in seen.items()},
    )


@pytest.mark.parametrize("info", [HOME, *PAGES], ids=lambda p: p.url_path)
def test_every_page_answers_through_each_pod(pods: list[Pod], info: Any) -> None:
    path = "/" if info is HOME else f"/{info.url_path}"
    for pod in pods:
        with urllib.request.urlopen(pod.url() + path, timeout=10) as r:
            assert r.status == 200, pod.name
            assert '<div id="root">' in r.read().decode()


@pytest.mark.parametrize("info", [HOME, *PAGES], ids=lambda p: p.url_path)
def test_every_page_renders_through_each_pod(pods: list[Pod], page: Any, info: Any) -> None:
    """The page's script runs in each pod over the WebSocket and draws without an exception."""
    path = "/" if info is HOME else f"/{info.url_path}"
    for pod in pods:
        open_app(page, pod.url() + path)
        assert_no_exception(page)
        assert page.locator("h1").count() >= 1, pod.name
    if info is HOME:
        screenshot(page, "docker-kube-home")


def test_pods_stop_within_the_grace_period(engine: Engine, played: tuple[Path, list[Pod]]) -> None:
    """`kube down` sends SIGTERM; the server ends well within terminationGracePeriodSeconds. Runs last."""
    path, pods = played
    grace = manifest()["Deployment"]["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    start = time.monotonic()
    engine.run("kube", "down", str(path), timeout=120)
    seconds = time.monotonic() - start
    record("kube_down_seconds", round(seconds, 2))
    assert seconds < grace, f"kube down took {seconds:.1f} s (grace period {grace} s)"
    assert engine.run("container", "exists", pods[0].container, check=False).returncode != 0, "not removed"
