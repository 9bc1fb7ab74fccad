"""The page-sized floor (`benchmarks/floor_page_app.py`) runs, and the bench reports Loss Lab against it."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from benchmarks import floor_page_app
from benchmarks.browser import FLOOR, FLOOR_PAGE, MoveRow, floor_page_summary
from benchmarks.react_renders import RenderRow

ROOT = Path(__file__).resolve().parents[1]


def test_the_floor_page_runs_with_the_floors_slider_and_a_pages_worth_of_content() -> None:
    at = AppTest.from_file(str(ROOT / "benchmarks" / "floor_page_app.py"), default_timeout=60).run()
    assert not at.exception
    keys = [s.key for s in at.slider]
    assert keys[0] == "floor_power"  # the first slider, the one `react_renders` moves
    assert len(keys) == 1 + 2 * floor_page_app.SECTIONS
    assert len(at.get("plotly_chart")) == 1 + 2 * floor_page_app.SECTIONS
    assert len(at.metric) == 3 * floor_page_app.SECTIONS
    assert len(at.number_input) == floor_page_app.QUESTIONS


def test_summary_divides_loss_labs_median_by_the_floor_pages_round_trip() -> None:
    result = {
        "meta": {"floor": {"round_trip_ms": 16.0}},
        "moves": [
            {"app": FLOOR, "round_trip_ms": 16.0},
            {"app": "losslab", "round_trip_ms": 30.0},
            {"app": "losslab", "round_trip_ms": 36.0},
            {"app": "losslab", "round_trip_ms": None},
        ],
    }
    move = MoveRow(FLOOR_PAGE, FLOOR_PAGE, "t", "Power", "floor_power", round_trip_ms=24.0)
    counted = RenderRow(FLOOR_PAGE, FLOOR_PAGE, "Power", "floor_power", components=3200, rendered=2600)
    summary = floor_page_summary(result, [], [move], [counted])
    assert summary["round_trip_ratio_to_floor"] == 1.5
    assert summary["losslab_median_ratio_to_it"] == 1.38  # median(30, 36) = 33; 33 / 24
    assert summary["components"] == 3200
    assert summary["load_s"] is None
