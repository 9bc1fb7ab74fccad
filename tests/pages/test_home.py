"""AppTest: the router and Home run, honour the units choice, and show the identity."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core import cross_entropy, entropy, kl_divergence

from .conftest import title

APP = str(Path(__file__).resolve().parents[2] / "app.py")
P, Q = (0.7, 0.2, 0.1), (0.5, 0.3, 0.2)


def run_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update(query)
    return at.run()


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_home_runs_without_exception_and_shows_the_identity() -> None:
    at = run_app()
    assert not at.exception
    assert any("D_{\\mathrm{KL}}" in el.value for el in at.latex)
    assert title(at).endswith("Loss Lab")


@pytest.mark.parametrize(("units", "base"), [("nats", None), ("bits", 2.0)])
def test_worked_example_follows_units(units: str, base: float | None) -> None:
    at = run_app(units=units)
    values = metric_values(at)
    assert values["H(p)"] == f"{entropy(P, base=base):.4f} {units}"
    assert values["KL(p‖q)"] == f"{kl_divergence(P, Q, base=base):.4f} {units}"
    assert values["H(p, q) = H(p) + KL(p‖q)"] == f"{cross_entropy(P, Q, base=base):.4f} {units}"


def test_default_units_are_nats_with_the_seed_entropy() -> None:
    assert metric_values(run_app())["H(p)"] == "0.8018 nats"
    assert metric_values(run_app(units="bits"))["H(p)"] == "1.1568 bits"


def test_tampered_units_in_url_fall_back_to_nats() -> None:
    at = run_app(units="furlongs")
    assert not at.exception
    assert metric_values(at)["H(p)"] == "0.8018 nats"


def test_units_control_switches_units() -> None:
    at = run_app()
    at.button_group(key="units").set_value("bits").run()
    assert metric_values(at)["H(p)"] == "1.1568 bits"
