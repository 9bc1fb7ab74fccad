"""What a reader sees when something unexpected fails: a short message, never a traceback.

Expected problems (text that is not numbers, an impossible combination) are
reported by the pages themselves with ``st.error``/``st.warning`` saying what to
fix.  This module is the net under everything else: the router runs each page
inside `reader_safe`, and every section (`ui.sections.section`) runs inside it
too, since a section's own reruns do not pass through the router.  The details
go to the server's log.

Developers see Streamlit's full error box instead when they ask for it:
``STREAMLIT_CLIENT_SHOW_ERROR_DETAILS=full make run`` (the project's
``.streamlit/config.toml`` sets ``none``).

The message is an English message with a ``{where}`` placeholder; callers pass ``where`` already
translated (``_("this page")``), and the reader sees the message in their language.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from i18n import N_, _

LOGGER = logging.getLogger("losslab")
MESSAGE = N_(
    "Something went wrong while drawing {where}. The rest of the page still works; try another value or "
    "reload the page. The details were written to the server's log."
)
_DETAILS_ON = {"full", "stacktrace", "type", "true", "True"}


def details_shown() -> bool:
    """Whether Streamlit is configured to show error details (a developer's run)."""
    return str(st.get_option("client.showErrorDetails")) in _DETAILS_ON


@contextmanager
def reader_safe(where: str) -> Iterator[None]:
    """Run a block; an unexpected exception is logged and shown as a short ``st.error`` about ``where``.

    ``where`` names the part that failed, in the reader's language (``_("this section")``).

    Streamlit's own control flow (reruns, ``st.stop``) is not an ``Exception`` and passes through.
    With error details turned on, the exception propagates to Streamlit's error box.
    """
    try:
        yield
    except Exception:
        if details_shown():
            raise
        LOGGER.exception("unexpected error while drawing %s", where)  # i18n: not reader text
        st.error(_(MESSAGE, where=where), icon="⚠️")
