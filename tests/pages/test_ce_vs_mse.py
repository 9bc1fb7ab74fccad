"""AppTest: the cross-entropy vs MSE page shows the source posts' numbers, Nielsen's stall, and survives bad input.

Every expected number comes from `core` (or from the source posts listed in tests/sources.py, with the post
named), never from the page.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import cross_entropy_loss, mse_loss, softmax
from core.comparison import MCCAFFREY_NET1, MCCAFFREY_TARGET, confidence_curves, score_predictions
from core.training import TOY_DIRECTION, toy_dataset, train_logistic_regression, train_sigmoid_neuron

from .conftest import decode, figures, open_page
from .conftest import metric_lists as metrics

PAGE = "views/ce_vs_mse.py"


def run_page(edits: dict[str, dict[str, Any]] | None = None, **query: str) -> AppTest:
    return open_page(PAGE, edits=edits, **query)


#: Charts drawn by default: the toy regression's two loss surfaces wait in a closed (lazy) tab.
N_CHARTS = 9
NO_EDITS: dict[str, Any] = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}


def page_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.fixture(scope="module")
def default_page() -> AppTest:
    return run_page()


def test_default_view_shows_the_seed_numbers(default_page: AppTest) -> None:
    """the source posts: average CE 1.378 and 0.639, MSE 0.807 and 0.340 (sum over classes, mean over rows)."""
    m = metrics(default_page)
    assert m["CE, nats"] == ["1.378", "0.639"]
    assert m["MSE"] == ["0.807", "0.340"]
    assert m["Error"] == ["1/3", "1/3"]
    text = page_text(default_page)
    for exact in ("1.378389", "0.639108", "0.806667", "0.340000", "0.268889", "0.113333"):
        assert exact in text, exact
    assert "0.54: a typo" in text
    assert not default_page.warning
    assert not default_page.error
    assert len(figures(default_page)) == N_CHARTS


def probe_readout(fig: dict[str, Any]) -> str:
    """The read-out of section 1's client-side probe: its text at the step the chart opens at."""
    slider = fig["layout"]["sliders"][0]
    return str(slider["steps"][slider["active"]]["label"])


def test_probe_metrics_come_from_core(default_page: AppTest) -> None:
    readout = probe_readout(figures(default_page)[0])
    assert f"−log p = <b>{-math.log(0.05):.3f} nats</b>" in readout
    assert "2.996" in readout
    assert f"quadratic = <b>{0.5 * 0.95**2:.3f}</b>" in readout  # ½(1 - p)²
    assert "0-1 error = 1" in readout


@pytest.mark.parametrize(("query", "n_classes"), [({}, None), ({"cemse_conf_mode": "softmax", "cemse_conf_k": "5"}, 5)])
def test_probe_steps_carry_cores_values_at_every_stop(query: dict[str, str], n_classes: int | None) -> None:
    """Each client-side step moves the markers and the guide to p and reads out core's values there."""
    fig = figures(run_page(**query))[0]
    slider = fig["layout"]["sliders"][0]
    stops = np.array([float(s["value"]) for s in slider["steps"]])
    np.testing.assert_array_equal(stops, np.round(np.arange(1, 100) / 100, 2))
    at = confidence_curves(stops, n_classes=n_classes, half=True)
    for step, p, ce, quad, err in zip(slider["steps"], stops, at.cross_entropy, at.quadratic, at.error, strict=True):
        update, layout, _ = step["args"]
        assert update["x"] == [[p], [p]]
        np.testing.assert_allclose(np.ravel(update["y"]), [ce, quad], rtol=1e-12)
        assert layout["shapes[0].x0"] == layout["shapes[0].x1"] == p
        assert f"0-1 error = {err:.0f}" in step["label"]
    assert stops[slider["active"]] == 0.05


@pytest.mark.parametrize(("value", "p"), [("0.3", 0.3), ("0.333", 0.33), ("7", 0.99), ("inf", 0.05), ("", 0.05)])
def test_probe_opens_where_the_link_says(value: str, p: float) -> None:
    fig = figures(run_page(cemse_conf_p=value))[0]
    slider = fig["layout"]["sliders"][0]
    assert float(slider["steps"][slider["active"]]["value"]) == p
    assert f"p = {p:.2f}:" in probe_readout(fig)


def test_default_training_is_the_bad_start_where_mse_crawls(default_page: AppTest) -> None:
    m = metrics(default_page)
    ce = train_sigmoid_neuron(w0=2.0, b0=2.0, loss="ce", epochs=300)
    q = train_sigmoid_neuron(w0=2.0, b0=2.0, loss="quadratic", epochs=300)
    assert m["Output at the start"] == [f"{ce.output[0]:.3f}"] == ["0.982"]
    assert m["After 300 epochs, CE"] == [f"{ce.output[-1]:.3f}"]
    assert m["After 300 epochs, ½(a − y)²"] == [f"{q.output[-1]:.3f}"]
    assert m["Epochs to a < 0.5: CE / quadratic"] == ["17 / 232"]


def test_bad_start_after_30_epochs_mse_still_098_ce_about_021() -> None:
    """The issue's check, through the URL: w = b = 2, η = 0.15, 30 epochs, one example."""
    at = run_page(cemse_w0="2", cemse_b0="2", cemse_lr="0.15", cemse_epochs="30")
    m = metrics(at)
    ce, quad = float(m["After 30 epochs, CE"][0]), float(m["After 30 epochs, ½(a − y)²"][0])
    assert quad == pytest.approx(0.98, abs=0.005)
    assert ce == pytest.approx(0.21, abs=0.01)
    expected = train_sigmoid_neuron(w0=2.0, b0=2.0, loss="ce", learning_rate=0.15, epochs=30).output[-1]
    assert m["After 30 epochs, CE"] == [f"{expected:.3f}"]


def test_slider_and_presets_drive_the_neuron() -> None:
    at = run_page()
    at.slider(key="cemse_epochs").set_value(30).run()
    assert metrics(at)["After 30 epochs, ½(a − y)²"] == ["0.979"]
    at.button(key="cemse_good").click().run()
    assert at.slider(key="cemse_w0").value == pytest.approx(0.6)
    assert at.slider(key="cemse_b0").value == pytest.approx(0.9)
    good = train_sigmoid_neuron(w0=0.6, b0=0.9, loss="ce", epochs=30)
    assert metrics(at)["Output at the start"] == [f"{good.output[0]:.3f}"] == ["0.818"]
    assert metrics(at)["After 30 epochs, CE"] == [f"{good.output[-1]:.3f}"]
    at.button(key="cemse_bad").click().run()
    assert at.slider(key="cemse_w0").value == pytest.approx(2.0)


def test_without_the_half_the_quadratic_run_is_pytorchs_mse() -> None:
    at = run_page(cemse_convention="without ½", cemse_epochs="50")
    q = train_sigmoid_neuron(w0=2.0, b0=2.0, loss="mse", epochs=50)
    assert metrics(at)["After 50 epochs, (a − y)²"] == [f"{q.output[-1]:.3f}"]


def _softmax_surfaces(at: AppTest) -> list[dict[str, Any]]:
    out = []
    for fig in figures(at):
        trace = fig["data"][0]
        if trace["type"] in ("surface", "contour") and "z₁" in json.dumps(fig["layout"], ensure_ascii=False):
            out.append(fig)
    return out


@pytest.mark.parametrize(("query", "units"), [({}, None), ({"units": "bits", "cemse_true_class": "class 3"}, 2.0)])
def test_softmax_surfaces_match_core_pointwise(query: dict[str, str], units: float | None) -> None:
    at = run_page(**query)
    true_class = 2 if query else 0
    ce_fig, quad_fig = _softmax_surfaces(at)
    x, y = decode(ce_fig["data"][0]["x"]), decode(ce_fig["data"][0]["y"])
    assert len(x) == len(y) == 101
    z1, z2 = np.meshgrid(x.astype(np.float64), y.astype(np.float64))
    logits = np.stack([z1.ravel(), z2.ravel(), np.zeros(z1.size)], axis=-1)
    target = np.full(z1.size, true_class)
    ce = np.asarray(cross_entropy_loss(logits, target, reduction="none")) / (math.log(units) if units else 1.0)
    quad = 0.5 * np.asarray(mse_loss(softmax(logits), np.eye(3)[target], reduction="none")).sum(axis=1)
    np.testing.assert_allclose(decode(ce_fig["data"][0]["z"]).ravel(), ce, rtol=2e-6, atol=2e-6)
    np.testing.assert_allclose(decode(quad_fig["data"][0]["z"]).ravel(), quad, rtol=2e-6, atol=2e-6)


def test_contour_view_and_bits_and_softmax_modes() -> None:
    at = run_page(
        cemse_view="contours",
        cemse_logreg_tab="On the loss surface: contours",
        units="bits",
        cemse_conf_mode="softmax",
        cemse_grad_mode="softmax",
    )
    types = [f["data"][0]["type"] for f in figures(at)]
    assert types.count("contour") == 4
    assert "surface" not in types
    m = metrics(at)
    nats = score_predictions(MCCAFFREY_NET1, np.array(MCCAFFREY_TARGET))
    assert m["CE, bits"][0] == f"{nats.cross_entropy / math.log(2):.3f}" == "1.989"
    assert any("k}{k-1}" in el.value for el in at.latex)


@pytest.mark.parametrize(
    "query",
    [
        {"cemse_epochs": "abc", "cemse_lr": "-3", "cemse_w0": "1e9"},
        {"cemse_view": "4-D", "cemse_true_class": "class 9", "cemse_convention": "banana"},
        {"cemse_conf_k": "-5", "cemse_grad_k": "2.5", "cemse_conf_p": "7", "cemse_logreg_start": "nowhere"},
        {"cemse_logreg_epochs": "0", "cemse_logreg_lr": "nan", "units": "furlongs"},
    ],
)
def test_tampered_urls_fall_back_to_defaults(query: dict[str, str]) -> None:
    at = run_page(**query)
    assert not at.error
    assert metrics(at)["CE, nats"] == ["1.378", "0.639"]
    assert len(figures(at)) == N_CHARTS


def test_extreme_but_valid_controls_stay_finite() -> None:
    at = run_page(cemse_w0="-4", cemse_b0="4", cemse_lr="2", cemse_epochs="1000", cemse_logreg_lr="3")
    for values in metrics(at).values():
        for v in values:
            assert "nan" not in v.lower()


def test_rows_that_do_not_sum_to_one_get_a_warning_and_a_normalise_button() -> None:
    edits = {"cemse_net1_editor_0": {**NO_EDITS, "edited_rows": {0: {"other": 0.6}}}}  # row 1: 0.6 + 0.3 + 0.4
    at = run_page(edits)
    assert len(at.warning) == 1
    assert "row 1 sums to 1.3" in at.warning[0].value
    rows = np.array(MCCAFFREY_NET1)
    rows[0, 0] = 0.6
    scored = score_predictions(rows / rows.sum(axis=1, keepdims=True), np.array(MCCAFFREY_TARGET))
    assert metrics(at)["CE, nats"][0] == f"{scored.cross_entropy:.3f}"
    at.button(key="cemse_net1_normalise").click().run()
    assert not at.exception
    assert not at.warning
    table = at.session_state["cemse_net1_table"]
    assert table["other"][0] == pytest.approx(0.6 / 1.3, abs=1e-6)
    assert metrics(at)["CE, nats"][0] == f"{scored.cross_entropy:.3f}"
    at.button(key="cemse_reset").click().run()
    assert metrics(at)["CE, nats"] == ["1.378", "0.639"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"edited_rows": {1: {"republican": -0.4}}}, "Row 2, republican is -0.4"),
        ({"edited_rows": {2: {"democrat": None}}}, "Row 3, democrat: enter a probability"),
        ({"edited_rows": {0: {"true class": None}}}, "Row 1: choose the true class"),
        ({"edited_rows": {0: {"other": 0.0, "republican": 0.0, "democrat": 0.0}}}, "Row 1 is all zeros"),
        ({"deleted_rows": [0, 1, 2]}, "The table is empty"),
        ({"added_rows": [{"other": 0.5}]}, "Row 4, republican: enter a probability"),
    ],
)
def test_unusable_tables_say_what_to_fix_and_the_other_network_still_scores(edit: dict[str, Any], message: str) -> None:
    at = run_page({"cemse_net1_editor_0": {**NO_EDITS, **edit}})
    assert len(at.error) == 1
    assert at.error[0].value.startswith("Network 1: ")
    assert message in at.error[0].value
    assert metrics(at)["CE, nats"] == ["0.639"]  # network 2 unaffected


def test_a_true_class_probability_of_zero_gives_infinite_cross_entropy() -> None:
    edit = {"edited_rows": {0: {"other": 0.6, "democrat": 0.0, "republican": 0.4}}}  # true class: democrat
    at = run_page({"cemse_net1_editor_0": {**NO_EDITS, **edit}})
    assert metrics(at)["CE, nats"][0] == "∞"
    assert "| ∞ |" in page_text(at)
    assert metrics(at)["MSE"][0] != "∞"  # MSE stays bounded


def test_added_rows_are_scored() -> None:
    edit = {"added_rows": [{"other": 0.8, "republican": 0.1, "democrat": 0.1, "true class": "other"}]}
    at = run_page({"cemse_net1_editor_0": {**NO_EDITS, **edit}})
    rows = np.vstack([MCCAFFREY_NET1, [0.8, 0.1, 0.1]])
    scored = score_predictions(rows, np.array([*MCCAFFREY_TARGET, 0]))
    assert metrics(at)["Error"][0] == "1/4"
    assert metrics(at)["CE, nats"][0] == f"{scored.cross_entropy:.3f}"


def test_training_paths_on_the_surface_only_while_their_tab_is_open(default_page: AppTest) -> None:
    """The toy regression's surfaces are a lazy tab; opened, they carry both runs of the chosen settings."""
    assert [f["data"][0]["type"] for f in figures(default_page)].count("surface") == 2  # the softmax pair only
    at = run_page(cemse_logreg_tab="On the loss surface: 3-D", cemse_logreg_lr="1.0", cemse_logreg_epochs="50")
    surfaces = [f for f in figures(at) if f["data"][0]["type"] == "surface"]
    assert len(surfaces) == 4
    assert len(figures(at)) == N_CHARTS  # the boundary and accuracy charts give way to the surfaces
    x, y = toy_dataset()
    run = train_logistic_regression(x, y, w0=-4.0 * TOY_DIRECTION, b0=2.0, loss="ce", learning_rate=1.0, epochs=50)
    ce_path = next(t for f in surfaces for t in f["data"] if t["type"] == "scatter3d")
    np.testing.assert_allclose(decode(ce_path["x"]), run.weights @ TOY_DIRECTION, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("units", ["nats", "bits"])
def test_both_labels_of_binary_cross_entropy_are_drawn(units: str) -> None:
    """The blog post on binary cross-entropy: −log p for y = 1, −log(1 − p) for y = 0, on one chart."""
    fig = next(f for f in figures(run_page(units=units)) if "label y = 1" in f["data"][0].get("name", ""))
    p = np.linspace(0.001, 0.999, 400)  # the page's grid; float32 on the wire
    np.testing.assert_allclose(decode(fig["data"][0]["x"]), p, rtol=1e-6)
    per = math.log(2) if units == "bits" else 1.0
    np.testing.assert_allclose(decode(fig["data"][0]["y"]), -np.log(p) / per, rtol=1e-5)
    np.testing.assert_allclose(decode(fig["data"][1]["y"]), -np.log1p(-p) / per, rtol=1e-5)
    assert fig["data"][1]["name"] == "label y = 0:  −log(1 − p)"
