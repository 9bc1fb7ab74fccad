"""The calculator's Streamlit widgets: a text field kept in the URL, an editable grid over a matrix, an option control.

`text_from_url` and `sync_text_to_url` keep a text field in the URL while it
is short enough; `matrix_grid` offers an editable grid over a small matrix
whose edits are written back into its text field (the text stays the one
source of truth); `option_input` draws one of the loss's option controls
(`ui.calculator_catalog.OPTION_CONTROLS`).  The parsing behind them is in
`ui.matrix_parse` and `ui.calculator_inputs`, which need no Streamlit.
"""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st

from i18n import N_, _, current_language, describe
from ui.calculator_catalog import OPTION_CONTROLS
from ui.inputs import InputError
from ui.matrix_parse import apply_grid_edits, format_matrix, format_number, parse_matrix
from ui.url_guard import number_input

#: A text longer than this many characters per number the grid offers holds too many numbers for the grid
#: (a float's repr is at most 24 characters; the rest is generous room for separators).
CHARS_PER_CELL = 64


def option_input(name: str, default: Any) -> None:
    """Draw one option control (key ``calc_<name>``, bound to the URL)."""
    kind, label, extra, tip = OPTION_CONTROLS[name]
    key = f"calc_{name}"
    extra = {k: _(v) if k == "placeholder" else v for k, v in extra.items()}
    if kind == "text":
        st.text_input(_(label), value=default, key=key, bind="query-params", help=_(tip), **extra)
    else:
        number_input(st, _(label), value=default, key=key, help=_(tip), **extra)


def text_from_url(key: str, default: str, max_chars: int) -> None:
    """Fill a text field's session state from the URL (if there and at most ``max_chars``), else ``default``.

    Call before drawing the widget (without a ``value``); later reruns keep what the person typed.
    """
    if key not in st.session_state:
        from_url = st.query_params.get(key)
        ok = from_url is not None and len(from_url) <= max_chars
        st.session_state[key] = from_url if ok else default


def sync_text_to_url(key: str, value: str, default: str, max_chars: int) -> bool:
    """Keep ``?key=value`` in the URL while ``value`` differs from ``default`` and fits; return whether it fits."""
    fits = len(value) <= max_chars
    want = value if (value != default and fits) else None
    have = st.query_params.get(key)
    if want is None and have is not None:
        del st.query_params[key]
    elif want is not None and have != want:
        st.query_params[key] = want
    return fits


def _on_grid_edit(grid_key: str, text_key: str, columns: list[str], column_vector: bool, error_key: str) -> None:
    """Write a grid's edits back into its text field (the text stays the one source of truth)."""
    state = st.session_state.get(grid_key) or {}
    try:
        m = parse_matrix(st.session_state.get(text_key, ""), N_("grid"))
        if column_vector:
            m = m.reshape(-1, 1)
        edited = apply_grid_edits(m, state.get("edited_rows", {}), columns)
    except InputError as exc:
        st.session_state[error_key] = describe(exc)
        return
    st.session_state.pop(error_key, None)
    if column_vector:
        st.session_state[text_key] = ", ".join(format_number(v) for v in edited.ravel())
    else:
        st.session_state[text_key] = format_matrix(edited)


def matrix_grid(text_key: str, *, max_cells: int, column_vector: bool = False, error_key: str) -> None:
    """An editable grid over the matrix in ``st.session_state[text_key]``; edits rewrite the text.

    ``column_vector`` shows one number per row (class indices) as a single
    "target" column.  Nothing is drawn but a caption when the text does not
    parse or has more than ``max_cells`` numbers.
    """
    text = st.session_state.get(text_key, "")
    if len(text) > max_cells * CHARS_PER_CELL:  # far too many numbers: not worth reading the text again
        st.caption(_("The grid is offered up to {count} numbers; edit the text instead.", count=f"{max_cells:,}"))
        return
    try:
        m = parse_matrix(text)
    except InputError:
        st.caption(_("The grid shows what the text reads; fix the text first."))
        return
    if m.size > max_cells:
        st.caption(_("The grid is offered up to {count} numbers; edit the text instead.", count=f"{max_cells:,}"))
        return
    if column_vector:
        columns = [_("target")]
        data: dict[str, Any] = {columns[0]: [int(v) if float(v).is_integer() else float(v) for v in m.ravel()]}
    else:
        columns = [_("class {j}", j=j) for j in range(m.shape[1])]
        data = {name: m[:, j].tolist() for j, name in enumerate(columns)}
    # A new key whenever the text (or the language of the column names) changes, so the grid always starts
    # from the text.
    digest = hashlib.sha1(text.encode()).hexdigest()[:12]
    grid_key = f"{text_key}_grid_{current_language()}_{digest}"
    st.data_editor(
        data,
        key=grid_key,
        on_change=_on_grid_edit,
        args=(grid_key, text_key, columns, column_vector, error_key),
        num_rows="fixed",
        width="stretch",
        height="auto" if m.shape[0] <= 10 else 300,
    )
