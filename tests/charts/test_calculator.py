"""The calculator's picture: each row's probabilities, its target marked, its loss in the title."""

from __future__ import annotations

import numpy as np
import pytest

from charts.calculator import MAX_ROWS, rows_figure
from charts.plotly_json import decode_typed_array
from charts.theme import COLORS, OKABE_ITO
from core import cross_entropy_loss, softmax


def test_rows_show_probabilities_target_and_loss() -> None:
    logits, target = np.array([[-1.0, 0.5, 2.0], [-1.0, 0.5, 3.0]]), np.array([1, 2])
    probs = softmax(logits)
    losses = cross_entropy_loss(logits, target, reduction="none")
    fig = rows_figure(probs, target, losses)
    assert len(fig.data) == 2
    np.testing.assert_allclose(decode_typed_array(fig.data[0].y), probs[0], rtol=1e-6)  # float32 on the wire
    assert list(fig.data[0].marker.color) == [OKABE_ITO["grey"], COLORS["ce"], OKABE_ITO["grey"]]
    assert list(fig.data[1].marker.color) == [OKABE_ITO["grey"], OKABE_ITO["grey"], COLORS["ce"]]
    titles = [a.text for a in fig.layout.annotations]
    assert titles == [f"row 1: loss {losses[0]:.4f} nats", f"row 2: loss {losses[1]:.4f} nats"]


def test_target_rows_are_drawn_as_diamonds_and_ignored_rows_mark_nothing() -> None:
    probs = np.array([[0.1, 0.7, 0.8]])
    fig = rows_figure(probs, np.array([[0.0, 1.0, 1.0]]), np.array([0.685179]), loss_label="loss (sum over outputs)")
    assert [t.type for t in fig.data] == ["bar", "scatter"]
    assert list(decode_typed_array(fig.data[1].y)) == [0.0, 1.0, 1.0]
    ignored = rows_figure(np.array([[0.5, 0.5]]), np.array([-100]), np.array([0.0]))
    assert list(ignored.data[0].marker.color) == [OKABE_ITO["grey"]] * 2


def test_only_the_first_rows_are_drawn() -> None:
    n = MAX_ROWS + 5
    fig = rows_figure(np.full((n, 2), 0.5), np.zeros(n), np.zeros(n))
    assert len(fig.data) == MAX_ROWS


def test_mismatched_shapes_are_refused() -> None:
    with pytest.raises(ValueError, match="do not describe"):
        rows_figure(np.ones((2, 3)), np.zeros(3), np.zeros(2))
