"""`ui.matrix_input`: the calculator's widgets in a bare script (AppTest), apart from the page.

The parsing behind them is tested without Streamlit in tests/ui (test_matrix_parse.py,
test_calculator_inputs.py).
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _url_text_script() -> None:
    import streamlit as st

    from ui.matrix_input import sync_text_to_url, text_from_url

    text_from_url("calc_pred", "1, 2", 10)
    value = st.text_area("pred", key="calc_pred")
    st.session_state["fits"] = sync_text_to_url("calc_pred", value or "", "1, 2", 10)


def _grid_script() -> None:
    import streamlit as st

    from ui.matrix_input import matrix_grid

    st.session_state.setdefault("calc_pred", "1, 2\n3, 4")
    matrix_grid("calc_pred", max_cells=4, error_key="grid_error")


def _options_script() -> None:
    from ui.matrix_input import option_input

    option_input("weight", "")
    option_input("gamma", 2.0)


def test_a_text_field_comes_from_the_url_and_goes_back_while_it_fits() -> None:
    at = AppTest.from_function(_url_text_script)
    at.query_params["calc_pred"] = "3, 4"
    at.run()
    assert at.text_area(key="calc_pred").value == "3, 4"
    at.text_area(key="calc_pred").set_value("5, 6").run()
    assert at.query_params["calc_pred"] == "5, 6"
    assert at.session_state["fits"]
    at.text_area(key="calc_pred").set_value("1, 2").run()  # back to the default: out of the URL
    assert "calc_pred" not in at.query_params
    at.text_area(key="calc_pred").set_value("7, 8, 9, 10").run()  # longer than 10 characters
    assert "calc_pred" not in at.query_params
    assert not at.session_state["fits"]


def test_a_url_text_longer_than_the_limit_is_ignored() -> None:
    at = AppTest.from_function(_url_text_script)
    at.query_params["calc_pred"] = "x" * 11
    at.run()
    assert at.text_area(key="calc_pred").value == "1, 2"


def test_the_grid_shows_the_text_and_is_withheld_for_a_large_or_bad_matrix() -> None:
    at = AppTest.from_function(_grid_script)
    at.run()
    assert not at.exception
    assert len(at.dataframe) == 1
    at.session_state["calc_pred"] = "1, 2, 3\n4, 5, 6"  # six numbers, more than max_cells
    at.run()
    assert len(at.dataframe) == 0
    assert "up to 4 numbers" in at.caption[0].value
    at.session_state["calc_pred"] = "1, x"
    at.run()
    assert len(at.dataframe) == 0
    assert "fix the text first" in at.caption[0].value


def test_option_controls_are_drawn_with_their_keys() -> None:
    at = AppTest.from_function(_options_script)
    at.run()
    assert not at.exception
    assert at.text_input(key="calc_weight").label == "Class weights (weight)"
    assert at.number_input(key="calc_gamma").value == 2.0
