"""Build and run Loss Lab's image for real, with Docker where an engine answers, else podman.

Everything host-specific is read from the environment at run time, never written into the repo:

* podman gets a private ``containers.conf`` (``CONTAINERS_CONF``) with ulimits no higher than this
  shell's hard limits and, where ``runc`` is installed, the runc runtime (crun cannot run on a
  cgroup v1/hybrid host);
* the base image is ``LOSSLAB_BASE`` if set, else ``python:3.12-slim`` if it can be pulled, else a
  local Debian bookworm image (python3, python3-venv, ca-certificates) made with ``debootstrap``
  and imported as ``localhost/loss-lab-base:bookworm``;
* pip inside the build trusts this host's CA bundle (``PIP_CERT``, ``REQUESTS_CA_BUNDLE`` or
  ``SSL_CERT_FILE``) and uses this host's http(s) index settings, passed as build secrets
  ``pip_ca`` and ``pip_conf`` that no layer keeps.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
IMAGE = os.environ.get("LOSSLAB_IMAGE", "localhost/loss-lab:test")
DEFAULT_BASE = "docker.io/library/python:3.12-slim"  # fully qualified: podman has no short-name default
LOCAL_BASE = "localhost/loss-lab-base:bookworm"
APP_UID = 10001
NICE = ["nice", "-n", "10"] if shutil.which("nice") else []

#: Measurements (build time, image size, time to healthy), printed at the end of `make docker-test`.
REPORT: dict[str, Any] = {}


def record(key: str, value: Any) -> None:
    REPORT[key] = value


def poll(check: Callable[[], Any], timeout: float, interval: float = 0.2) -> Any:
    """Call ``check`` until it returns something truthy or ``timeout`` seconds pass; return that."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


class EngineUnavailable(RuntimeError):
    """No container engine can build and run images here."""


@dataclass
class Engine:
    """A container CLI (docker or podman) and the environment it runs with."""

    name: str
    env: dict[str, str]
    log: list[str] = field(default_factory=list)

    @property
    def is_podman(self) -> bool:
        return self.name == "podman"

    def run(
        self, *args: str, check: bool = True, timeout: float = 120, nice: bool = False
    ) -> subprocess.CompletedProcess[str]:
        cmd = [*(NICE if nice else []), self.name, *args]
        self.log.append(" ".join(cmd))
        proc = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=timeout, check=False)
        if check and proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{_quiet(proc.stderr)[-4000:]}")
        return proc

    def image_exists(self, ref: str) -> bool:
        return self.run("image", "inspect", ref, check=False).returncode == 0

    def inspect(self, ref: str, kind: str = "container") -> dict[str, Any]:
        data = json.loads(self.run(kind, "inspect", ref).stdout)
        return dict(data[0])


def _quiet(stderr: str) -> str:
    """podman without systemd logs an error per container about healthcheck timers: drop those."""
    return "\n".join(line for line in stderr.splitlines() if "systemd" not in line)


def detect_engine(workdir: Path) -> Engine:
    """Docker if its daemon answers, else podman; ``LOSSLAB_ENGINE=docker|podman`` forces one."""
    wanted = os.environ.get("LOSSLAB_ENGINE", "")
    env = dict(os.environ)
    reasons = []
    for name in [wanted] if wanted else ["docker", "podman"]:
        if not shutil.which(name):
            reasons.append(f"{name}: not installed")
            continue
        if name == "podman":
            env["CONTAINERS_CONF"] = str(_write_containers_conf(workdir))
        probe = subprocess.run([name, "info"], env=env, capture_output=True, text=True, timeout=60, check=False)
        if probe.returncode == 0:
            return Engine(name, env)
        reasons.append(f"{name}: `{name} info` failed: {_quiet(probe.stderr).strip()[-300:]}")
    raise EngineUnavailable("; ".join(reasons))


def _write_containers_conf(workdir: Path) -> Path:
    nofile = min(resource.getrlimit(resource.RLIMIT_NOFILE)[1], 65536)
    nproc = min(resource.getrlimit(resource.RLIMIT_NPROC)[1], 32768)
    lines = ["[containers]", f'default_ulimits = ["nofile={nofile}:{nofile}", "nproc={nproc}:{nproc}"]', ""]
    engine = []
    if shutil.which("runc"):
        engine.append('runtime = "runc"')
    if not Path("/run/systemd/system").exists():
        engine += ['cgroup_manager = "cgroupfs"', 'events_logger = "file"']
    if engine:
        lines += ["[engine]", *engine, ""]
    path = workdir / "containers.conf"
    path.write_text("\n".join(lines))
    return path


# ---- base image --------------------------------------------------------------------------------


def choose_base(engine: Engine, workdir: Path) -> tuple[str, str]:
    """The BASE build argument and how it was obtained."""
    if base := os.environ.get("LOSSLAB_BASE"):
        return base, "LOSSLAB_BASE"
    if engine.image_exists(DEFAULT_BASE):
        return DEFAULT_BASE, "present locally"
    if engine.run("pull", "--quiet", DEFAULT_BASE, check=False, timeout=300).returncode == 0:
        return DEFAULT_BASE, "pulled"
    if engine.image_exists(LOCAL_BASE):
        return LOCAL_BASE, f"{DEFAULT_BASE} unreachable; reused the local Debian base"
    seconds = build_local_base(engine, workdir)
    return LOCAL_BASE, f"{DEFAULT_BASE} unreachable; built a local Debian base in {seconds:.0f} s"


def debian_mirror() -> str | None:
    """``DEBIAN_MIRROR``, else the first Debian URI this host's apt uses, else debootstrap's default."""
    if mirror := os.environ.get("DEBIAN_MIRROR"):
        return mirror
    sources = [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*"))]
    for src in sources:
        if not src.is_file() or not src.name.endswith((".list", ".sources")):
            continue
        for line in src.read_text(errors="replace").splitlines():
            line = line.strip()
            m = re.match(r"^URIs:\s*(\S+)", line) or re.match(r"^deb\s+(?:\[[^]]*\]\s+)?(\S+)\s+bookworm\s", line)
            if m and m.group(1).rstrip("/").endswith("/debian"):
                return m.group(1)
    return None


def build_local_base(engine: Engine, workdir: Path) -> float:
    """Debian bookworm with python3 and python3-venv (Debian packages), imported as LOCAL_BASE."""
    if not shutil.which("debootstrap"):
        raise EngineUnavailable(f"{DEFAULT_BASE} cannot be pulled and debootstrap is not installed")
    if os.geteuid() != 0:
        raise EngineUnavailable(f"{DEFAULT_BASE} cannot be pulled and debootstrap needs root")
    start = time.monotonic()
    rootfs = Path(tempfile.mkdtemp(prefix="rootfs-", dir=workdir))
    try:
        cmd = [*NICE, "debootstrap", "--variant=minbase", "--include=python3,python3-venv,ca-certificates"]
        cmd += ["bookworm", str(rootfs)]
        if mirror := debian_mirror():
            cmd.append(mirror)
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1200, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"debootstrap failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
        for junk in ("var/lib/apt/lists", "var/cache/apt", "usr/share/doc", "usr/share/man", "usr/share/locale"):
            for child in (rootfs / junk).glob("*"):
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
        imp = subprocess.run(
            [engine.name, "import", "--change", "ENV LANG=C.UTF-8", "--change", 'CMD ["python3"]', "-", LOCAL_BASE],
            stdin=tar.stdout,
            env=engine.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert tar.stdout is not None
        tar.stdout.close()
        tar.wait()
        if imp.returncode != 0 or tar.returncode != 0:
            raise RuntimeError(f"importing the Debian root filesystem failed:\n{imp.stderr[-2000:]}")
    finally:
        shutil.rmtree(rootfs, ignore_errors=True)
    return time.monotonic() - start


# ---- pip settings for the build ----------------------------------------------------------------


def _host_pip_config() -> dict[str, str]:
    """``pip config list`` of the interpreter running the tests, keys without their scope."""
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True, timeout=60, check=False
    )
    config: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            config.setdefault(key.split(".", 1)[-1].strip(), value.strip().strip("'\""))
    return config


def pip_build_secrets(workdir: Path) -> list[str]:
    """``--secret`` arguments: this host's CA bundle and its http(s) index settings, if any."""
    config = _host_pip_config()
    args: list[str] = []
    for candidate in (
        os.environ.get("PIP_CERT"),
        config.get("cert"),
        os.environ.get("REQUESTS_CA_BUNDLE"),
        os.environ.get("SSL_CERT_FILE"),
    ):
        if candidate and Path(candidate).is_file():
            args += ["--secret", f"id=pip_ca,src={candidate}"]
            break
    lines = []
    index = os.environ.get("PIP_INDEX_URL") or config.get("index-url", "")
    if index.startswith(("http://", "https://")):
        lines.append(f"index-url = {index}")
    extra = os.environ.get("PIP_EXTRA_INDEX_URL") or config.get("extra-index-url", "")
    extra_urls = [u for u in extra.split() if u.startswith(("http://", "https://"))]
    if extra_urls:
        lines.append("extra-index-url = " + " ".join(extra_urls))
    if trusted := os.environ.get("PIP_TRUSTED_HOST") or config.get("trusted-host"):
        lines.append(f"trusted-host = {trusted}")
    if timeout := os.environ.get("PIP_DEFAULT_TIMEOUT") or config.get("timeout") or config.get("default-timeout"):
        lines.append(f"timeout = {timeout}")
    if lines:
        conf = workdir / "pip.conf"
        conf.write_text("[global]\n" + "\n".join(lines) + "\n")
        conf.chmod(0o600)
        args += ["--secret", f"id=pip_conf,src={conf}"]
    return args


def build_image(engine: Engine, base: str, workdir: Path, *, no_cache: bool = False) -> float:
    """Build IMAGE from the repository's Dockerfile; return the seconds it took."""
    args = ["build", "--build-arg", f"BASE={base}", "-t", IMAGE, *pip_build_secrets(workdir)]
    if engine.is_podman:
        args += ["--format", "docker", "--layers"]  # docker format keeps HEALTHCHECK
    if no_cache:
        args.append("--no-cache")
    start = time.monotonic()
    engine.run(*args, str(ROOT), timeout=1800, nice=True)
    return time.monotonic() - start


# ---- running containers ------------------------------------------------------------------------


@dataclass
class Container:
    engine: Engine
    id: str
    url: str
    started: float
    healthy_after: float | None = None  # seconds from `run` to the first healthy answer

    def exec(self, *cmd: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.engine.run("exec", self.id, *cmd, check=check)

    def logs(self) -> str:
        proc = self.engine.run("logs", self.id, check=False)
        return proc.stdout + _quiet(proc.stderr)

    def remove(self) -> None:
        grace = ["--time", "10"] if self.engine.is_podman else []  # docker rm -f kills at once
        self.engine.run("rm", "--force", *grace, self.id, check=False, timeout=60)


def run_container(engine: Engine, port: int, extra: Sequence[str] = (), name: str | None = None) -> Container:
    args = ["run", "--detach", "--publish", f"127.0.0.1:{port}:8501", *extra]
    if name:
        args += ["--name", name]
    started = time.monotonic()
    cid = engine.run(*args, IMAGE).stdout.strip().splitlines()[-1]
    return Container(engine, cid, f"http://127.0.0.1:{port}", started)


def wait_healthy(container: Container, timeout: float = 60) -> float:
    """Seconds from `run` to the first 200 from /_stcore/health through the published port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(container.url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    container.healthy_after = time.monotonic() - container.started
                    return container.healthy_after
        except OSError:
            pass
        state = container.engine.inspect(container.id)["State"]
        if not state.get("Running", True):
            raise RuntimeError(f"container exited ({state.get('ExitCode')}):\n{container.logs()[-3000:]}")
        time.sleep(0.1)
    raise RuntimeError(f"not healthy within {timeout:.0f} s:\n{container.logs()[-3000:]}")


# ---- compose.yaml ------------------------------------------------------------------------------


def load_yaml_documents(path: Path) -> list[Any]:
    """Every document in a YAML file, parsed by PyYAML here or by the system Python (python3-yaml)."""
    try:
        import yaml  # type: ignore[import-untyped, unused-ignore]

        return list(yaml.safe_load_all(path.read_text()))
    except ImportError:
        pass
    script = "import json, sys, yaml; json.dump(list(yaml.safe_load_all(open(sys.argv[1]))), sys.stdout)"
    for python in dict.fromkeys(p for p in ("/usr/bin/python3", shutil.which("python3")) if p):
        cmd = [python, "-c", script, str(path)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
        if proc.returncode == 0:
            return list(json.loads(proc.stdout))
    raise EngineUnavailable("PyYAML is needed to read YAML files (apt-get install python3-yaml)")


_VAR = re.compile(r"\$\{(\w+)(?::?-([^}]*))?\}")


def interpolate(value: str, variables: Mapping[str, str]) -> str:
    """Compose's ``${NAME:-default}`` substitution, from ``variables`` only."""
    return _VAR.sub(lambda m: variables.get(m.group(1)) or (m.group(2) or ""), value)


def compose_run_args(service: Mapping[str, Any], engine: Engine) -> list[str]:
    """`run` flags equivalent to a compose service's runtime settings (ports and image excluded).

    podman 4.3 refuses tmpfs ``uid=``/``gid=`` options (Docker passes them to the kernel) and
    ignores ``mode=``; its ``U`` option chowns the mount to the container's user instead.
    """
    args: list[str] = []
    if service.get("read_only"):
        args.append("--read-only")
        if engine.is_podman:
            args.append("--read-only-tmpfs=false")  # Docker adds no tmpfs of its own either
    tmpfs = service.get("tmpfs", [])
    for entry in [tmpfs] if isinstance(tmpfs, str) else tmpfs:
        if engine.is_podman:
            target, _, opts = entry.partition(":")
            kept = [o for o in opts.split(",") if o and not o.startswith(("uid=", "gid="))]
            if len(kept) != len([o for o in opts.split(",") if o]):
                kept.append("U")
            entry = target + (":" + ",".join(kept) if kept else "")
        args += ["--tmpfs", entry]
    for cap in service.get("cap_drop", []):
        args += ["--cap-drop", cap]
    for cap in service.get("cap_add", []):
        args += ["--cap-add", cap]
    for opt in service.get("security_opt", []):
        args += ["--security-opt", opt]
    if "mem_limit" in service:
        args += ["--memory", str(service["mem_limit"])]
    if "pids_limit" in service:
        args += ["--pids-limit", str(service["pids_limit"])]
    if "restart" in service:
        args += ["--restart", str(service["restart"])]
    env = service.get("environment", {})
    items = env.items() if isinstance(env, dict) else (e.split("=", 1) for e in env)
    for key, value in items:
        args += ["--env", f"{key}={value}"]
    return args


# ---- nginx -------------------------------------------------------------------------------------

NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def render_nginx_conf(text: str, *, listen: str, upstreams: Sequence[str], workdir: Path) -> str:
    """deploy/nginx.conf with test addresses and private paths; every directive else unchanged.

    The ``server`` lines of the ``upstream`` block get ``upstreams`` in order (their parameters
    are kept), ``listen`` gets ``listen``, and logs, pid and temporary files go to ``workdir``.
    """
    out: list[str] = []
    in_upstream = False
    replaced = 0
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("upstream ") and stripped.endswith("{"):
            in_upstream = True
        elif in_upstream and stripped == "}":
            in_upstream = False
        elif in_upstream and (m := re.match(r"^(\s*server\s+)\S+(.*)$", line)):
            if replaced >= len(upstreams):
                raise ValueError(f"deploy/nginx.conf lists more upstream servers than the {len(upstreams)} started")
            line = f"{m.group(1)}{upstreams[replaced]}{m.group(2)}"
            replaced += 1
        elif m := re.match(r"^(\s*)listen\s+[^;]+;", line):
            line = f"{m.group(1)}listen {listen};"
        elif m := re.match(r"^(\s*)(access_log|error_log)\s+(/[^\s;]+)(.*)$", line):
            name = "access.log" if m.group(2) == "access_log" else "error.log"
            line = f"{m.group(1)}{m.group(2)} {workdir / name}{m.group(4)}"
        out.append(line)
        if re.match(r"^http\s*\{", stripped):
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
                tmp = workdir / f"{kind}_temp"
                tmp.mkdir(exist_ok=True)
                tmp.chmod(0o777)  # nginx workers drop root privileges
                out.append(f"    {kind}_temp_path {tmp};")
    if replaced != len(upstreams):
        raise ValueError(f"deploy/nginx.conf lists {replaced} upstream servers, the test started {len(upstreams)}")
    return f"pid {workdir / 'nginx.pid'};\n" + "\n".join(out) + "\n"


@dataclass
class AccessLogEntry:
    client: str
    method: str
    path: str
    status: int
    upstream: str


_ACCESS = re.compile(r'^(\S+) \[[^\]]*\] "(\S+) (\S+)[^"]*" (\d{3}) \d+ upstream=(.*?) rt=')


def read_access_log(path: Path) -> list[AccessLogEntry]:
    """Entries of the ``loss_lab`` log format in deploy/nginx.conf."""
    if not path.exists():
        return []
    entries = []
    for line in path.read_text().splitlines():
        if m := _ACCESS.match(line):
            client, method, target, status, upstream = m.groups()
            entries.append(AccessLogEntry(client, method, target, int(status), upstream))
    return entries


# ---- the browser -------------------------------------------------------------------------------


def open_app(page: Any, url: str, timeout: float = 60_000) -> None:
    """Load the app in ``page`` and wait until its script has run.

    Chromium aborts requests in flight with ``net::ERR_NETWORK_CHANGED`` when a network interface
    appears or goes, which is what starting or removing a container does on the host it runs on. A
    load that failed that way is retried once; any other failure is the app's.
    """
    from tests.e2e.harness import wait_for_app

    changed: list[str] = []
    page.on("requestfailed", lambda r: changed.append(r.url) if "ERR_NETWORK_CHANGED" in str(r.failure) else None)
    page.goto(url)
    waited = 0.0
    while True:
        try:
            wait_for_app(page, timeout=2_000)
            return
        except Exception:
            waited += 2_000
            if changed:
                break
            if waited >= timeout:
                raise
    changed.clear()
    page.goto(url)
    wait_for_app(page, timeout=timeout)
