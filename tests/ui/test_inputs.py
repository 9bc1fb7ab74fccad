"""Text parsing for the pages: what people type becomes numbers or a message saying what to fix."""

from __future__ import annotations

import numpy as np
import pytest

from ui.inputs import MAX_TEXT_CHARS, InputError, parse_numbers, parse_probabilities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.7, 0.2, 0.1", [0.7, 0.2, 0.1]),
        ("0.7 0.2\t0.1", [0.7, 0.2, 0.1]),
        ("[0.7; 0.2; 0.1]", [0.7, 0.2, 0.1]),
        ("(-1, 0.5, 2)", [-1.0, 0.5, 2.0]),
        ("1e-3,2E2", [1e-3, 200.0]),
    ],
)
def test_parse_numbers_accepts_common_separators(text: str, expected: list[float]) -> None:
    np.testing.assert_array_equal(parse_numbers(text), expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the values"),
        ("   ", "Enter the values"),
        ("0.5, abc", "Value 2 of the values, 'abc', is not a number"),
        ("1, nan", "Value 2 .* only finite numbers"),
        ("inf", "Value 1 .* only finite numbers"),
    ],
)
def test_parse_numbers_rejects_with_a_message(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_numbers(text)


def test_parse_numbers_limits_size() -> None:
    with pytest.raises(InputError, match="at most 3"):
        parse_numbers("1 2 3 4", max_count=3)
    with pytest.raises(InputError, match="characters long"):
        parse_numbers("1," * (MAX_TEXT_CHARS // 2 + 1))


def test_parse_probabilities() -> None:
    np.testing.assert_array_equal(parse_probabilities("2, 1, 1"), [2.0, 1.0, 1.0])
    with pytest.raises(InputError, match="cannot be negative"):
        parse_probabilities("0.5, -0.1")
    with pytest.raises(InputError, match="all zero"):
        parse_probabilities("0, 0")


def test_input_error_is_a_value_error() -> None:
    assert issubclass(InputError, ValueError)
