"""Imports point only down: views -> ui, charts, core; charts -> core; ui -> core; core -> numpy; any -> i18n.

Enforced here so that the rule never depends on memory (docs/DESIGN.md, "Layers").
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIRST_PARTY = {"core", "charts", "ui", "views", "app", "benchmarks", "scripts", "tests", "i18n"}

#: For each layer: the first-party packages and the third-party roots it may import.
ALLOWED = {
    "core": ({"core", "i18n"}, {"numpy"}),
    "charts": ({"charts", "core", "i18n"}, {"numpy", "plotly"}),
    "ui": ({"ui", "core", "i18n"}, {"numpy", "streamlit"}),
    "views": ({"ui", "charts", "core", "i18n"}, {"numpy", "streamlit", "plotly"}),
    "i18n": ({"i18n"}, set()),
}
STDLIB = set(sys.stdlib_module_names)


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: stays inside its own package
                continue
            roots.add((node.module or "").split(".")[0])
    return roots


def layer_files() -> list[tuple[str, Path]]:
    return [(layer, p) for layer in ALLOWED for p in sorted((ROOT / layer).rglob("*.py"))]


@pytest.mark.parametrize(("layer", "path"), layer_files(), ids=lambda v: str(v).replace(str(ROOT) + "/", ""))
def test_imports_point_only_down(layer: str, path: Path) -> None:
    own, third_party = ALLOWED[layer]
    roots = imported_roots(path)
    first = (roots & FIRST_PARTY) - own
    assert not first, f"{path.relative_to(ROOT)} ({layer}) imports {sorted(first)}"
    foreign = roots - FIRST_PARTY - third_party - STDLIB
    assert not foreign, f"{path.relative_to(ROOT)} ({layer}) imports {sorted(foreign)}; allowed: {sorted(third_party)}"


def test_the_rule_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import streamlit as st\nfrom charts import theme\n")
    assert imported_roots(bad) == {"streamlit", "charts"}


def test_app_imports_only_ui_i18n_and_streamlit() -> None:
    roots = imported_roots(ROOT / "app.py") - STDLIB
    assert roots <= {"streamlit", "ui", "i18n"}, roots
