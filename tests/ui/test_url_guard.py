"""`ui.url_guard`: a URL value is checked against its number field before the field is built."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ui.url_guard import MAX_NUMBER_CHARS, usable_number


@pytest.mark.parametrize(
    ("raw", "integer", "ok"),
    [
        ("3", True, True),
        ("3.0", True, True),
        ("3.5", True, False),
        ("inf", True, False),
        ("-inf", False, False),
        ("nan", False, False),
        ("1e400", True, False),
        ("1e400", False, False),
        ("abc", False, False),
        ("", False, False),
        ("1" * (MAX_NUMBER_CHARS + 1), True, False),
        ("0.25", False, True),
        ("25", True, False),  # out of range below
        ("-1", True, False),
    ],
)
def test_usable_number(raw: str, integer: bool, ok: bool) -> None:
    assert usable_number(raw, integer=integer, low=0, high=20) is ok


def field_page() -> None:
    import streamlit as st

    from ui.url_guard import number_input

    value = number_input(st, "k", min_value=2, max_value=20, value=3, step=1, key="k")
    st.markdown(f"k = {value}")


@pytest.mark.parametrize("raw", ["inf", "1e400", "-1e400", "nan", "2.5", "99", "x"])
def test_a_bad_link_value_is_dropped_and_the_field_shows_its_default(raw: str) -> None:
    at = AppTest.from_function(field_page)
    at.query_params["k"] = raw
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.markdown[0].value == "k = 3"
    assert "k" not in at.query_params


def test_a_good_link_value_is_kept() -> None:
    at = AppTest.from_function(field_page)
    at.query_params["k"] = "7"
    at.run()
    assert at.markdown[0].value == "k = 7"
