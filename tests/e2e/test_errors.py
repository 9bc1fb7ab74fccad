"""An unexpected error shows a short message, never a traceback, and the server logs the details.

Served with the repository's own `.streamlit/config.toml` (what `make run` uses), on a script
that fails on purpose in a section and in the page (`crash_app.py`).
"""

from __future__ import annotations

from typing import Any

from .harness import APP_IDLE, ROOT, streamlit_server, wait_for_app

SECRETS = ("section detail", "page detail")


def test_errors_show_a_short_message_and_go_to_the_server_log(browser: Any) -> None:
    env = {"STREAMLIT_CLIENT_SHOW_ERROR_DETAILS": None, "PYTHONPATH": str(ROOT)}
    with streamlit_server("tests/e2e/crash_app.py", env=env) as url:
        page = browser.new_page()
        page.goto(url)
        wait_for_app(page)
        first = page.locator('[data-testid="stMain"]').inner_text()
        slider = page.locator(".st-key-crash_slider input[type='range']").first
        slider.focus()
        page.keyboard.press("ArrowRight")  # reruns the failing section alone
        page.wait_for_timeout(500)
        page.wait_for_selector(APP_IDLE)
        again = page.locator('[data-testid="stMain"]').inner_text()
        exceptions = page.locator('[data-testid="stException"]').count()
        page.close()
        log = (ROOT / "test-output" / f"streamlit-{url.rsplit(':', 1)[1]}.log").read_text()
    for text in (first, again):
        assert "Something went wrong while drawing this section" in text
        assert "Traceback" not in text
        assert "Error" not in text.replace("error", "")  # no exception type names
        assert not any(secret in text for secret in SECRETS)
        assert "Ask Google" not in text
    assert "Something went wrong while drawing this page" in first
    assert "this text still shows" in first
    assert exceptions == 0
    assert all(secret in log for secret in SECRETS)
    assert log.count("Traceback") >= 3  # the page, the section, and the section's own rerun
