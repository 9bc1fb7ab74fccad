"""The paste scenario's selection of "moves during a paste" (scripts/load_test.py), on made-up spans."""

from __future__ import annotations

import pytest

from scripts.load_test import overlapping_ms


def test_selects_the_moves_that_overlap_a_window() -> None:
    moves = [(0.0, 0.1), (0.2, 0.25), (0.5, 0.9), (1.0, 1.05)]
    windows = [(0.22, 0.3), (0.85, 0.95)]
    assert overlapping_ms(moves, windows) == pytest.approx([50.0, 400.0])


def test_touching_is_not_overlapping() -> None:
    assert overlapping_ms([(0.0, 1.0)], [(1.0, 2.0)]) == []
    assert overlapping_ms([(1.0, 2.0)], [(0.0, 1.0)]) == []


def test_shift_lays_the_windows_over_another_phase() -> None:
    # The same windows, 10 s earlier: they select in the earlier phase what they select in theirs.
    later = [(10.0, 10.1), (10.2, 10.6)]
    earlier = [(0.0, 0.1), (0.2, 0.6)]
    windows = [(10.5, 10.55)]
    assert overlapping_ms(later, windows) == pytest.approx([400.0])
    assert overlapping_ms(earlier, windows, shift=-10.0) == pytest.approx([400.0])
    assert overlapping_ms(earlier, windows) == []


def test_the_selection_leans_to_slow_moves_even_when_windows_cost_nothing() -> None:
    # Moves back to back, alternately quick (10 ms) and slow (90 ms); windows of 40 ms every 250 ms that
    # change nothing. A quarter of the time is spent in quick moves, yet most selected moves are slow:
    # why the report compares "during" with the same selection in the baseline, not with every move.
    moves, t = [], 0.0
    for i in range(400):
        d = 0.01 if i % 2 == 0 else 0.09
        moves.append((t, t + d))
        t += d
    windows = [(k * 0.25 + 0.013, k * 0.25 + 0.053) for k in range(int(t / 0.25))]
    picked = overlapping_ms(moves, windows)
    slow = sum(1 for ms in picked if ms > 50)
    assert slow / len(picked) > 0.6
    assert sum(1 for a, b in moves if b - a > 0.05) / len(moves) == 0.5
