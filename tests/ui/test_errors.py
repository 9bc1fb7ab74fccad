"""`ui.errors.reader_safe` and `ui.sections.section`: unexpected errors become a short message."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest


@pytest.fixture
def error_details() -> Iterator[None]:
    """Restore the error-details option after a test that sets it."""
    previous = config.get_option("client.showErrorDetails")
    yield
    config.set_option("client.showErrorDetails", previous)


def failing_page() -> None:
    import streamlit as st

    from ui.errors import reader_safe
    from ui.sections import section

    @section("boom_section")
    def boom() -> None:
        st.markdown("section start")
        raise ZeroDivisionError("hidden detail")

    with reader_safe("this page"):
        boom()
        st.markdown("after the section")
        raise KeyError("another hidden detail")


@pytest.mark.usefixtures("error_details")
def test_errors_are_contained_and_the_page_goes_on() -> None:
    config.set_option("client.showErrorDetails", "none")  # the project's setting (.streamlit/config.toml)
    at = AppTest.from_function(failing_page).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 2
    assert "drawing this section" in errors[0]
    assert "drawing this page" in errors[1]
    assert not any("hidden detail" in e for e in errors)
    assert [m.value for m in at.markdown] == ["section start", "after the section"]


@pytest.mark.usefixtures("error_details")
def test_developers_see_the_exception_when_details_are_on() -> None:
    config.set_option("client.showErrorDetails", "full")
    at = AppTest.from_function(failing_page).run()
    assert at.exception
    assert "hidden detail" in at.exception[0].value
