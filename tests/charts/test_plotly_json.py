"""charts.plotly_json: prepared figures hand out one JSON form, equal to Plotly's own."""

from __future__ import annotations

import copy
import json
import pickle

import numpy as np
import plotly.graph_objects as go
import plotly.io
import plotly.tools

from charts.plotly_json import PreparedFigure, decode_typed_array, prepared, themed_figure, typed_array


def sample() -> go.Figure:
    x = np.linspace(0.0, 1.0, 50)
    fig = themed_figure(
        [{"type": "scatter", "x": typed_array(x), "y": typed_array(x**2), "name": "x²"}],
        {"title": {"text": "sample"}, "sliders": [{"steps": [{"label": "a", "method": "restyle", "args": [{}]}]}]},
    )
    fig.add_bar(x=[1, 2, 3], y=np.array([3.0, 1.0, 2.0]))  # a numpy array, which to_dict encodes
    return fig


def test_prepared_gives_what_plotly_gives_and_the_same_object_every_time() -> None:
    fig = sample()
    ready = prepared(fig)
    assert isinstance(ready, PreparedFigure)
    assert ready.to_dict() == fig.to_dict()
    assert ready.to_dict() is ready.to_dict()  # no copy per call: the point of it
    assert prepared(ready) is ready


def test_streamlit_serialises_a_prepared_figure_as_the_figure_itself() -> None:
    """What st.plotly_chart does with its argument (Streamlit 1.67): Plotly's coercion, then to_json."""
    fig = sample()
    ours = plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(prepared(fig), True), validate=False)
    plain = plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(fig, True), validate=False)
    assert json.loads(ours) == json.loads(plain)


def test_a_prepared_figure_reads_like_the_figure() -> None:
    fig, ready = sample(), prepared(sample())
    assert ready.layout.title.text == fig.layout.title.text == "sample"
    assert [t.type for t in ready.data] == ["scatter", "bar"]
    # Arrays read in their JSON form, the typed arrays Plotly sends: decode_typed_array reads them.
    assert decode_typed_array(ready.data[1].y).tolist() == [3.0, 1.0, 2.0]
    assert ready.to_dict() == fig.to_dict()  # reading it changed nothing it hands out


def test_copies_and_pickles_are_prepared_figures_with_their_own_json() -> None:
    ready = prepared(sample())
    for other in (copy.deepcopy(ready), pickle.loads(pickle.dumps(ready))):
        assert isinstance(other, PreparedFigure)
        assert other.to_dict() == ready.to_dict()
        assert other.to_dict() is not ready.to_dict()
