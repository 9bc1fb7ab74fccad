"""The deployment files say what docs/deploy.md promises: static checks, no engine needed.

These run in the ordinary ``make test`` too; ``make docker-test`` then runs the files for real.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .engine import NGINX_CONF, ROOT, EngineUnavailable, interpolate, load_yaml_documents

HEALTH = "/_stcore/health"


def _yaml(name: str) -> list[Any]:
    try:
        return load_yaml_documents(ROOT / name)
    except EngineUnavailable as exc:
        pytest.skip(str(exc))


def _instructions(dockerfile: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(
        r"\\\n", " ", "\n".join(line for line in dockerfile.splitlines() if not line.lstrip().startswith("#"))
    )
    return [(line.split()[0].upper(), line.split(None, 1)[1]) for line in text.splitlines() if line.strip()]


def test_dockerfile_base_layers_user_health_and_command() -> None:
    steps = _instructions((ROOT / "Dockerfile").read_text())
    assert steps[0] == ("ARG", "BASE=python:3.12-slim")
    froms = [args for op, args in steps if op == "FROM"]
    assert froms, "no FROM"
    assert all(args.split()[0] == "${BASE}" for args in froms)
    ops = [op for op, _ in steps]
    runtime = steps[len(ops) - 1 - ops[::-1].index("FROM") :]
    # Dependencies are a layer of their own, before the code.
    copy_code = next(i for i, (op, args) in enumerate(runtime) if op == "COPY" and args.split()[0] == ".")
    copy_deps = next(i for i, (op, args) in enumerate(runtime) if op == "COPY" and "/opt/venv" in args)
    assert copy_deps < copy_code
    user = [args for op, args in runtime if op == "USER"]
    assert user, "no USER"
    assert user[-1].split(":")[0] not in ("0", "root")
    assert ("EXPOSE", "8501") in runtime
    health = " ".join(args for op, args in runtime if op == "HEALTHCHECK")
    assert HEALTH in health
    assert "curl" not in health
    cmd = " ".join(args for op, args in runtime if op == "CMD")
    for flag in ("0.0.0.0", "headless=true", "fileWatcherType=none", "gatherUsageStats=false"):
        assert flag in cmd


def test_dockerignore_is_an_allow_list_without_dev_files() -> None:
    lines = [ln.strip() for ln in (ROOT / ".dockerignore").read_text().splitlines() if ln.strip()]
    patterns = [ln for ln in lines if not ln.startswith("#")]
    assert patterns[0] == "*", "everything is excluded first"
    allowed = [p[1:] for p in patterns if p.startswith("!")]
    for dev in (".venv", ".git", "tests", "test-output", ".pytest_cache", ".mypy_cache", ".streamlit/secrets.toml"):
        assert not any(dev == a or dev.startswith(a + "/") for a in allowed), dev
    assert "**/__pycache__" in patterns


def test_compose_service_is_hardened() -> None:
    (compose,) = _yaml("compose.yaml")
    app = compose["services"]["app"]
    assert app["restart"] in ("unless-stopped", "always")
    assert app["read_only"] is True
    tmpfs = [t.split(":")[0] for t in app["tmpfs"]]
    assert set(tmpfs) == {"/tmp", "/home/losslab"}
    assert app["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in app["security_opt"]
    assert re.fullmatch(r"\d+[mg]", str(app["mem_limit"]))
    assert HEALTH in " ".join(app["healthcheck"]["test"])
    (port,) = app["ports"]
    assert interpolate(port, {}) == "127.0.0.1:8501:8501", "loopback unless the operator chooses"
    assert interpolate(port, {"LOSSLAB_BIND": "10.0.0.5", "LOSSLAB_PORT": "80"}) == "10.0.0.5:80:8501"


def test_kubernetes_example_has_probes_affinity_and_limits() -> None:
    docs = {d["kind"]: d for d in _yaml("deploy/kubernetes.yaml")}
    deployment, service = docs["Deployment"], docs["Service"]
    assert deployment["spec"]["replicas"] >= 2
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001
    (container,) = pod["containers"]
    port_names = {p["name"]: p["containerPort"] for p in container["ports"]}
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == HEALTH
        assert port_names.get(get["port"], get["port"]) == 8501
    limits = container["resources"]["limits"]
    assert {"cpu", "memory"} <= set(limits)
    assert {"cpu", "memory"} <= set(container["resources"]["requests"])
    ctx = container["securityContext"]
    assert ctx["readOnlyRootFilesystem"] is True
    assert ctx["allowPrivilegeEscalation"] is False
    assert ctx["capabilities"]["drop"] == ["ALL"]
    mounts = {m["mountPath"] for m in container["volumeMounts"]}
    assert {"/tmp", "/home/losslab"} <= mounts
    assert service["spec"]["sessionAffinity"] == "ClientIP"
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    annotations = docs["Ingress"]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"


def test_nginx_config_is_fit_for_streamlit() -> None:
    directives = [line.split("#")[0].strip() for line in NGINX_CONF.read_text().splitlines()]
    servers = [d for d in directives if d.startswith("server ") and ":" in d]
    assert len(servers) >= 2, "two or more upstream replicas"
    assert any(d.startswith(("hash $remote_addr", "ip_hash", "sticky")) for d in directives), "sticky by client"
    for needed in (
        "proxy_http_version 1.1;",
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;",
        "proxy_set_header Host $http_host;",
    ):
        assert needed in directives, needed
    assert all("max_fails=" in s for s in servers), "passive health checks on every replica"
