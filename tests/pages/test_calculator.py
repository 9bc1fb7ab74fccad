"""AppTest: the calculator shows the source posts' exact numbers, its PyTorch code prints them, bad input never crashes.

Reference values are the worked numbers of the source posts (tests/sources.py), recomputed with
PyTorch 2.13; the generated PyTorch snippet is executed where torch is installed.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.steps import EXAMPLES, format_value
from ui.calculator_catalog import LOSS_TITLES

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "views/calculator.py"
PAGE_FILE = str(Path(APP).parent / PAGE)


def open_page(**query: str) -> AppTest:
    """The calculator through the router (sidebar and all), or, with a query, as a link opens it.

    A link opens the calculator directly; through the router AppTest would first
    run Home, which takes the URL's initial values, so a query runs the page alone.
    """
    at = AppTest.from_file(PAGE_FILE if query else APP, default_timeout=60)
    at.query_params.update(query)
    at.run()
    if not query:
        at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def headline(at: AppTest) -> str:
    return str(at.metric[0].value)


def errors(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.error]


def markdown_text(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def set_inputs(at: AppTest, pred: str | None = None, target: str | None = None) -> AppTest:
    if pred is not None:
        at.text_area(key="calc_pred").set_value(pred)
    if target is not None:
        at.text_area(key="calc_target").set_value(target)
    at.run()
    assert not at.exception, at.exception
    return at


def run_snippet(code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<page snippet>", "exec"), {})
    return out.getvalue().strip().splitlines()[-1]


# ----------------------------------------------------------------------------------------------
# The default view and the presets


def test_default_view_is_the_from_scratch_posts_check_against_pytorch() -> None:
    """The logits of the post that opens 进行二分类或多分类问题时 (cross-entropy from scratch): mean 0.918493."""
    at = open_page()
    assert headline(at) == "0.918493"
    assert at.metric[0].label == "Loss, reduction='mean'"
    assert any("`F.cross_entropy` in float64: `0.9184928130357697` nats" in str(c.value) for c in at.caption)
    assert "**1.836986**" in markdown_text(at)
    assert "the number of non-ignored rows = 2" in markdown_text(at)
    assert any(r"\frac{1.836986}{2} = 0.918493" in el.value for el in at.latex)
    assert not errors(at)


def test_presets_show_what_core_computes() -> None:
    at = open_page()
    for ex in EXAMPLES:
        at.button(key=f"calc_preset_{ex.key}").click().run()
        assert headline(at) == format_value(ex.compute().value), ex.key


@pytest.mark.parametrize(
    ("preset", "value", "also_shown"),
    [
        ("from_scratch", "0.918493", "1.836986"),
        ("fashion", "2.436116", "sums to 0.9999"),
        ("multilabel", "0.228393", "0.685179"),  # mean over 3 nodes; the sum is the numerator
        ("mccaffrey1", "1.378389", "4.135167"),
        ("mccaffrey2", "0.639108", "1.917323"),
        ("weighted", "0.542213", "1 + 2 + 0.5 = 3.5"),
        ("smoothing", "0.513697", "0.513697"),
    ],
)
def test_each_preset_shows_its_exact_value(preset: str, value: str, also_shown: str) -> None:
    at = open_page()
    at.button(key=f"calc_preset_{preset}").click().run()
    assert not at.exception
    assert not errors(at)
    assert headline(at) == value
    page_text = markdown_text(at) + "\n".join(str(c.value) for c in at.caption)
    assert also_shown in page_text


def test_multilabel_sum_shows_the_posts_summed_value() -> None:
    """一文搞懂交叉熵在机器学习中的使用，透彻理解交叉熵背后的直觉: −log 0.9 − log 0.7 − log 0.8 = 0.685179."""
    at = open_page()
    at.button(key="calc_preset_multilabel").click().run()
    at.selectbox(key="calc_reduction").set_value("sum").run()
    assert headline(at) == "0.685179"


def test_every_preset_runs_without_error() -> None:
    at = open_page()
    for ex in EXAMPLES:
        at.button(key=f"calc_preset_{ex.key}").click().run()
        assert not at.exception, ex.key
        assert not errors(at), ex.key
        assert at.selectbox(key="calc_loss").value == ex.loss


# ----------------------------------------------------------------------------------------------
# The code prints the page's number


def test_numpy_snippet_on_the_page_prints_the_headline() -> None:
    at = open_page()
    for preset in ("from_scratch", "fashion", "multilabel", "weighted", "smoothing", "kl", "focal"):
        at.button(key=f"calc_preset_{preset}").click().run()
        assert run_snippet(at.code[1].value) == headline(at), preset


@pytest.mark.parametrize(
    "preset", ["from_scratch", "fashion", "multilabel", "mccaffrey1", "weighted", "smoothing", "kl"]
)
def test_pytorch_snippet_on_the_page_prints_the_headline(preset: str) -> None:
    pytest.importorskip("torch")
    at = open_page()
    at.button(key=f"calc_preset_{preset}").click().run()
    code = at.code[0].value
    assert "import torch" in code
    assert run_snippet(code) == headline(at)


def test_pytorch_snippet_with_options_and_reduction_none() -> None:
    pytest.importorskip("torch")
    at = open_page()
    at.button(key="calc_preset_weighted").click().run()
    at.number_input(key="calc_smoothing").set_value(0.2).run()
    at.selectbox(key="calc_reduction").set_value("none").run()
    assert headline(at) == "4 values"
    printed = run_snippet(at.code[0].value)
    losses = printed.split(", ")
    assert len(losses) == 4
    assert losses[2] == "0.000000"
    per_row = at.dataframe[0].value
    assert [f"{v:.6f}" for v in per_row["ℓ (row loss)"]] == losses


# ----------------------------------------------------------------------------------------------
# Bad input: an error naming what to fix, no exception, the last good result kept


@pytest.mark.parametrize(
    ("pred", "target", "message"),
    [
        ("-1, 0.5, 2\n-1, 0.5", None, "Row 2 of the logits has 2 numbers but row 1 has 3"),
        ("-1, 0.5, 2\n-1, zero, 3", None, "Row 2, column 2 of the logits is 'zero'"),
        ("", None, "Enter the logits"),
        (None, "", "Enter the targets"),
        (None, "1, 3", "Row 2 of the targets is class 3, out of range"),
        (None, "1, 2, 0", "give one class index per row"),
        (None, "1, 1.5", "Row 2 of the targets is 1.5"),
        ("-1, 0.5, nan\n-1, 0.5, 3", None, "Row 1, column 3 of the logits is 'nan'"),
        ("-1, 0.5, 2\n-1, inf, 3", None, "Row 2, column 2 of the logits is 'inf'"),
        ("0.1, " * 700_000, None, "the limit is 2,500,000"),  # 2.8 MB
        ("1, 2, 3\n" * 1_001, None, "at most 1,000 are allowed"),
        (", ".join(["1"] * 1_001), "0", "at most 1,000 columns"),
        ("\n".join([", ".join(["1"] * 1_000)] * 101), None, "101,000 numbers; the calculator takes at most 100,000"),
        (None, "0 1 0\n0 0.5 0", "Row 2 of the targets sums to 0.5"),
    ],
)
def test_bad_input_gets_a_message_and_keeps_the_last_result(pred: str | None, target: str | None, message: str) -> None:
    at = open_page()
    set_inputs(at, pred, target)
    assert any(message in e for e in errors(at)), errors(at)
    assert headline(at) == "0.918493"  # the last good result stays visible
    assert any("last calculation that worked" in str(i.value) for i in at.info)


def test_probabilities_that_do_not_sum_to_one() -> None:
    at = open_page()
    at.button(key="calc_preset_mccaffrey1").click().run()
    set_inputs(at, "0.3, 0.3, 0.4\n0.3, 0.4, 0.4\n0.1, 0.2, 0.7")
    assert any("Row 2 of the probabilities sums to 1.1, not 1" in e for e in errors(at))
    assert headline(at) == "1.378389"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("calc_weight", "1, 2", "class weights have 2 values but the predictions have 3 columns"),
        ("calc_weight", "1, -2, 3", "Value 2 of the class weights is -2"),
        ("calc_weight", "1, x, 3", "is not a number"),
    ],
)
def test_bad_option_text(key: str, value: str, message: str) -> None:
    at = open_page()
    at.text_input(key=key).set_value(value).run()
    assert not at.exception
    assert any(message in e for e in errors(at)), errors(at)


def test_overflowing_inputs_are_flagged_not_crashed() -> None:
    at = open_page()
    before = headline(at)
    set_inputs(at, "1e308, -1e308", "1")
    # core refuses logits whose log-probabilities are not representable; the last good result stays.
    assert any("differ by more than float64" in e for e in errors(at)), errors(at)
    assert headline(at) == before
    set_inputs(at, "1e200, 1e200", "1")
    at.selectbox(key="calc_loss").set_value(at.selectbox(key="calc_loss").options[-1]).run()
    assert not at.exception


def test_every_target_ignored_under_mean_is_explained() -> None:
    at = open_page()
    set_inputs(at, target="-100, -100")
    assert any("divides by the number of non-ignored targets, which is 0" in e for e in errors(at)), errors(at)


def test_focal_alpha_out_of_range_and_blank() -> None:
    at = open_page()
    at.button(key="calc_preset_focal").click().run()
    with_alpha = headline(at)
    at.text_input(key="calc_alpha").set_value("1.5").run()
    assert any("α (alpha) is 1.5; it must be between 0 and 1" in e for e in errors(at))
    assert headline(at) == with_alpha
    at.text_input(key="calc_alpha").set_value("").run()  # blank: no α, as torchvision's alpha=-1
    assert not errors(at)
    assert headline(at) != with_alpha


# ----------------------------------------------------------------------------------------------
# The URL reproduces a calculation; a tampered URL is clamped or refused, never a crash


def test_a_link_reproduces_a_calculation() -> None:
    """Streamlit puts a select box's displayed option in the URL: the loss's title."""
    at = open_page(
        calc_loss=LOSS_TITLES["nll"],
        calc_input_kind="probabilities",
        calc_pred="0.3, 0.3, 0.4\n0.3, 0.4, 0.3\n0.1, 0.2, 0.7",
        calc_target="2, 1, 0",
    )
    assert headline(at) == "1.378389"


def test_inputs_go_into_the_url_up_to_the_documented_size() -> None:
    at = open_page()
    set_inputs(at, "2, 1, 0.1", "0")
    assert at.query_params["calc_pred"] == "2, 1, 0.1"
    long_text = "\n".join(["0.5, 0.25, 0.25"] * 400)  # 6,399 characters > 4,000
    set_inputs(at, long_text, ", ".join(["0"] * 400))
    assert "calc_pred" not in at.query_params
    assert any("left out of the link" in str(c.value) for c in at.caption)
    assert headline(at) != "0.918493"


@pytest.mark.parametrize(
    "query",
    [
        {"calc_loss": "hinge"},
        {"calc_reduction": "average"},
        {"calc_row": "-5"},
        {"calc_row": "99"},
        {"calc_gamma": "-3"},
        {"calc_smoothing": "7"},
        {"calc_pred": "x" * 5_000},  # longer than the URL limit: ignored
        {"calc_target": "9"},
    ],
)
def test_tampered_urls_do_not_crash(query: dict[str, str]) -> None:
    at = open_page(**query)
    assert not at.exception
    assert at.metric or at.error  # a result, or a message saying what to fix


def test_the_inputs_survive_a_visit_to_another_page() -> None:
    at = open_page()
    set_inputs(at, "2, 1, 0.1", "0")
    at.switch_page("views/home.py").run()
    at.switch_page(PAGE).run()
    assert at.text_area(key="calc_pred").value == "2, 1, 0.1"
    assert headline(at) == "0.417030"  # F.cross_entropy([[2, 1, 0.1]], [0])


def test_batchmean_outside_kl_is_refused_like_pytorch() -> None:
    at = open_page(calc_reduction="batchmean")
    assert any("reduction = 'batchmean' is not an option of F.cross_entropy" in e for e in errors(at))


def test_leaving_kl_with_batchmean_falls_back_to_mean() -> None:
    at = open_page()
    at.button(key="calc_preset_kl").click().run()
    assert at.selectbox(key="calc_reduction").value == "batchmean"
    at.selectbox(key="calc_loss").set_value("cross_entropy").run()
    assert at.selectbox(key="calc_reduction").value == "mean"
    assert not errors(at)


def test_kl_mean_shows_the_batchmean_advice() -> None:
    at = open_page()
    at.button(key="calc_preset_kl").click().run()
    at.selectbox(key="calc_reduction").set_value("mean").run()
    assert any("Use reduction='batchmean'" in str(c.value) for c in at.caption)


# ----------------------------------------------------------------------------------------------
# Steps, export, units, grid


def test_step_tables_and_row_inspector() -> None:
    at = open_page()
    per_row, per_class = at.dataframe[0].value, at.dataframe[1].value
    assert list(per_row["row"]) == [1, 2]
    np.testing.assert_allclose(per_row["ℓ (row loss)"], [1.741311, 0.095674], atol=5e-7)
    np.testing.assert_allclose(per_class["p = softmax(z)"], [0.039113, 0.175290, 0.785597], atol=5e-7)
    at.number_input(key="calc_row").set_value(2).run()
    np.testing.assert_allclose(at.dataframe[1].value["p = softmax(z)"], [0.016645, 0.074596, 0.908760], atol=5e-7)
    at.number_input(key="calc_row").set_value(7).run()  # beyond the last row: the last row, with a note
    assert any("There are 2 rows; showing row 2" in str(c.value) for c in at.caption)


def test_csv_download_buttons_are_offered() -> None:
    at = open_page()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "⬇️ Per-row steps (CSV)" in labels
    assert "⬇️ Per-class steps, every row (CSV)" in labels


def test_bits_are_shown_beside_pytorchs_nats() -> None:
    at = open_page()
    at.session_state["units"] = "bits"  # the sidebar's choice (AppTest drops the sidebar after switch_page)
    at.run()
    assert headline(at) == "0.918493"  # PyTorch's number, in nats
    assert any(f"{0.9184928130357697 / np.log(2):.6f} bits" in str(c.value) for c in at.caption)


def test_the_grid_shows_the_matrix() -> None:
    at = open_page()
    at.toggle(key="calc_grid").set_value(True).run()
    assert not at.exception
    assert len(at.dataframe) == 4  # the two grids, then the two step tables
    assert list(at.dataframe[0].value.columns) == ["class 0", "class 1", "class 2"]
    assert list(at.dataframe[1].value["target"]) == [1, 2]


def test_large_input_is_elided_in_the_code_and_offered_in_full() -> None:
    rng = np.random.default_rng(1)
    pred = "\n".join(", ".join(f"{v:.4f}" for v in row) for row in rng.normal(size=(300, 10)))
    target = ", ".join(str(v) for v in rng.integers(0, 10, 300))
    at = open_page()
    set_inputs(at, pred, target)
    assert not errors(at)
    assert "297 more rows" in at.code[0].value
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("⬇️ The full script, with all the data") == 2


def test_probability_rows_pasted_into_cross_entropy_get_a_warning_and_a_one_click_fix() -> None:
    """PyTorch's most common mix-up: the number shown stays PyTorch's; the warning gives the one meant."""
    from core import cross_entropy_loss, nll_loss

    rows, target = [[0.2, 0.5, 0.3], [0.1, 0.1, 0.8]], [1, 2]
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(calc_pred="0.2, 0.5, 0.3\n0.1, 0.1, 0.8", calc_target="1, 2")
    at.run()
    at.switch_page("views/calculator.py").run()
    printed = float(cross_entropy_loss(rows, target))  # softmax applied to probabilities
    meant = float(nll_loss(np.log(rows), target))
    (warning,) = [w.value for w in at.warning]
    assert f"PyTorch prints **{printed:.6f}**" in warning
    assert f"**{meant:.6f}**" in warning
    assert at.metric[0].value == f"{printed:.6f}"
    at.button(key="calc_fix_mistake").click().run()
    assert not at.exception
    assert not at.warning
    assert at.metric[0].value == f"{meant:.6f}"


def test_each_row_is_pictured_with_its_target_and_loss() -> None:
    """The default example (logits vs PyTorch): softmax rows, the true class in blue, each row's loss."""
    from charts.plotly_json import decode_typed_array
    from core import cross_entropy_loss, softmax

    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/calculator.py").run()
    chart = next(c for c in at.get("plotly_chart") if "calc_rows_chart" in str(c.proto.id))
    fig = json.loads(chart.proto.spec)
    logits, target = [[-1, 0.5, 2], [-1, 0.5, 3]], [1, 2]
    probs = softmax(logits)
    losses = cross_entropy_loss(logits, target, reduction="none")
    for row, trace in enumerate(fig["data"]):
        np.testing.assert_allclose(decode_typed_array(trace["y"]), probs[row], rtol=1e-6)  # float32 on the wire
    titles = [a["text"] for a in fig["layout"]["annotations"]]
    assert titles == [f"row {i + 1}: loss {loss:.4f} nats" for i, loss in enumerate(losses)]


@pytest.mark.parametrize("shape", [(1_000, 100), (100, 1_000)])
def test_the_largest_allowed_input_is_computed_and_kept_by_its_session(shape: tuple[int, int]) -> None:
    """100,000 numbers either way round: computed, drawn, and remembered by this session, not the shared cache."""
    from core import cross_entropy_loss

    rows, cols = shape
    rng = np.random.default_rng(2)
    logits = np.round(rng.normal(0.0, 2.0, size=shape), 4)
    target = rng.integers(0, cols, rows)
    at = open_page()
    set_inputs(at, "\n".join(", ".join(f"{v:.4f}" for v in row) for row in logits), ", ".join(map(str, target)))
    assert not errors(at)
    assert headline(at) == format_value(float(cross_entropy_loss(logits, target)))
    (memo,) = at.session_state["calc_large_memo"]
    at.number_input(key="calc_row").set_value(rows).run()  # another look at the same calculation
    assert not at.exception
    (again,) = at.session_state["calc_large_memo"]
    assert again[1] is memo[1], "the session's calculation was computed again"


def test_rows_with_more_classes_than_the_picture_draws_say_so() -> None:
    at = open_page()
    set_inputs(at, ", ".join(["0.5"] * 101), "3")
    assert not errors(at)
    assert not [c for c in at.get("plotly_chart") if "calc_rows_chart" in str(c.proto.id)]
    assert any("drawn for up to 100 classes: 101 bars" in str(c.value) for c in at.caption)
