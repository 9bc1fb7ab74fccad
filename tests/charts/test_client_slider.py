"""The client-side slider: one Plotly ``update`` per step, the figure opening at the active step."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from charts.client_slider import READOUT_COLUMNS, add_client_slider, step_index, wrap_readout
from charts.entropy import binary_entropy_figure
from core import binary_entropy


def _figure() -> go.Figure:
    return go.Figure([go.Scatter(x=[0, 1], y=[0, 1]), go.Scatter(x=[0.5], y=[0.5], mode="markers")])


def test_each_step_updates_the_named_traces_and_shows_its_readout() -> None:
    fig = add_client_slider(
        _figure(),
        values=["0.1", "0.9"],
        readouts=["at a", "at b"],
        traces=[1],
        trace_updates=[{"x": [[0.1]]}, {"x": [[0.9]]}],
        layout_updates=[{"shapes[0].x0": 0.1}, {"shapes[0].x0": 0.9}],
        active=1,
    )
    slider = fig.layout.sliders[0]
    assert slider.active == 1
    steps = slider.steps
    assert [s.method for s in steps] == ["update", "update"]
    assert [(s.value, s.label) for s in steps] == [("0.1", "at a"), ("0.9", "at b")]
    assert steps[0].args == ({"x": [[0.1]]}, {"shapes[0].x0": 0.1}, (1,))
    assert slider.font.color == "rgba(0,0,0,0)"  # tick labels hidden; the current read-out is not
    assert slider.currentvalue.font.color not in (None, "rgba(0,0,0,0)")
    go.Figure(fig.to_dict())  # Plotly accepts the result


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"trace_updates": [{}]}, "one entry per step"),
        ({"readouts": ["only one"]}, "one entry per step"),
        ({"layout_updates": [{}, {}, {}]}, "one entry per step"),
        ({"active": 2}, "active must be a step index"),
        ({"active": -1}, "active must be a step index"),
    ],
)
def test_mismatched_steps_are_refused(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "values": ["a", "b"],
        "readouts": ["A", "B"],
        "traces": [1],
        "trace_updates": [{}, {}],
    } | kwargs
    with pytest.raises(ValueError, match=message):
        add_client_slider(_figure(), **args)  # type: ignore[arg-type]


def test_step_index_is_the_nearest_stop() -> None:
    assert step_index([0.0, 0.5, 1.0], 0.74) == 1
    assert step_index([0.0, 0.5, 1.0], 9.0) == 2
    assert step_index([0.0, 0.5, 1.0], -9.0) == 0


@pytest.mark.parametrize(("base", "unit"), [(None, "nats"), (2.0, "bits")])
def test_binary_entropy_probe_steps_are_cores_values(base: float | None, unit: str) -> None:
    stops = np.round(np.arange(101) / 100, 2)
    h = binary_entropy(stops, base=base)
    p, hp = np.linspace(0, 1, 11), binary_entropy(np.linspace(0, 1, 11), base=base)
    fig = binary_entropy_figure(p, hp, unit=unit, h_half=float(binary_entropy(0.5, base=base)), probe=(stops, h))
    steps = fig.layout.sliders[0].steps
    assert len(steps) == 101
    for step, s, v in zip(steps, stops, h, strict=True):
        update, _, traces = step.args
        assert update == {"x": [[s]], "y": [[v]]}
        assert step.label == f"p = {s:.2f}  →  H(p) = <b>{v:.4f} {unit}</b>"
        assert list(traces) == [2]
    assert fig.layout.sliders[0].active == 50  # probe_start defaults to ½
    assert fig.data[2].x == (0.5,)


def test_binary_entropy_probe_rejects_mismatched_stops() -> None:
    with pytest.raises(ValueError, match="probe stops"):
        binary_entropy_figure([0, 1], [0, 0], unit="nats", h_half=1.0, probe=([0.1, 0.2], [0.1]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("p = 0.30  →  H(p) = <b>0.8813 bits</b>", "p = 0.30  →  H(p) = <b>0.8813 bits</b>"),  # short: one line
        (
            "p = 0.05: −log p = <b>2.996 nats</b>, quadratic cost = 0.451, 0-1 error = 1",
            "p = 0.05: −log p = <b>2.996 nats</b>,<br>quadratic cost = 0.451, 0-1 error = 1",
        ),
        (
            "p = 0.05：−log p = <b>2.996 奈特</b>，二次代价 = 0.451，0-1 误差 = 1",
            "p = 0.05：−log p = <b>2.996 奈特</b>，<br>二次代价 = 0.451，0-1 误差 = 1",
        ),
        ("x" * 80, "x" * 80),  # nowhere to break
    ],
)
def test_long_readouts_are_set_on_two_lines_at_a_separator(text: str, expected: str) -> None:
    assert wrap_readout(text) == expected


def test_a_readout_is_never_broken_inside_a_tag() -> None:
    # The only separators sit inside the tag's attribute: nowhere to break.
    text = '<span style="font-family: a, b, c; color: red">' + "x" * 60 + "</span>"
    assert wrap_readout(text) == text
    # With one outside as well, that is where it breaks.
    text = '<span style="font-family: a, b, c">' + "x" * 30 + "</span>, " + "y" * 30
    assert wrap_readout(text) == '<span style="font-family: a, b, c">' + "x" * 30 + "</span>,<br>" + "y" * 30


def test_the_slider_shows_wrapped_readouts() -> None:
    long = "a = 1.000, b = 2.000, c = 3.000, d = 4.000, e = 5.000, f = 6.000"
    assert len(long) > READOUT_COLUMNS
    fig = add_client_slider(
        _figure(), values=["0", "1"], readouts=["short", long], traces=[1], trace_updates=[{}, {}], active=0
    )
    labels = [step.label for step in fig.layout.sliders[0].steps]
    assert labels == ["short", wrap_readout(long)]
    assert "<br>" in labels[1]
