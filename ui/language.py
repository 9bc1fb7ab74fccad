"""The reader's language, chosen in the sidebar beside the units and kept in the URL (``?lang=zh``).

The default is the browser's language where Streamlit exposes it (``st.context.locale``, e.g.
``zh-CN``), English otherwise.  The URL says ``?lang=…`` whenever the choice is not plain English
for an English browser, so a shared link opens in the language it was written in.  Switching
reruns the app in the other language and leaves every other control where it was (a choice written
in the URL in the other language is read back by `ui.url_guard.translated_choice`).

Not ``bind="query-params"``: a bound choice puts its displayed label in the URL, and the link
should say ``lang=zh``, whatever the language of the page.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import i18n
from i18n import DEFAULT_LANGUAGE, LANGUAGES

LANGUAGE_KEY = "lang"


def browser_language() -> str:
    """The language the browser asks for, if Loss Lab has it (``zh-CN`` → ``zh``); else English."""
    try:
        locale = st.context.locale or ""
    except Exception:  # no browser behind this run (a bare script)
        locale = ""
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def language_selector() -> str:
    """Draw the sidebar control (each language named in itself) and return the chosen code.

    The first run of a session takes ``?lang=`` if it names a language, else the browser's.
    """
    browser = browser_language()
    if LANGUAGE_KEY not in st.session_state:
        asked = st.query_params.get(LANGUAGE_KEY)
        st.session_state[LANGUAGE_KEY] = asked if asked in LANGUAGES else browser
    code = st.sidebar.segmented_control(
        "Language · 语言",
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=LANGUAGE_KEY,
        required=True,
    )
    code = str(code) if code in LANGUAGES else DEFAULT_LANGUAGE
    in_url = code != DEFAULT_LANGUAGE or browser != DEFAULT_LANGUAGE
    if in_url and st.query_params.get(LANGUAGE_KEY) != code:
        st.query_params[LANGUAGE_KEY] = code
    elif not in_url and LANGUAGE_KEY in st.query_params:
        del st.query_params[LANGUAGE_KEY]
    return code


def session_language() -> str:
    """The current session's choice (English outside a script run, e.g. in tests of `charts`)."""
    if get_script_run_ctx() is None:
        return DEFAULT_LANGUAGE
    return str(st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE))


i18n.use_language_source(session_language)
