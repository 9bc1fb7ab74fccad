"""Check your numbers: paste predictions and targets, see every step and the number PyTorch prints.

Sharing: every option is bound to the URL; each text field is added to the URL
while it is at most `URL_MAX_CHARS` characters (a longer paste is left out of
the link, and the page says so).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import streamlit as st

from charts.calculator import MAX_ROWS as ROWS_MAX
from charts.calculator import rows_figure
from core import sigmoid, softmax
from core.snippets import DISPLAY_MAX_CELLS, numpy_snippet, torch_snippet
from core.steps import (
    EXAMPLES,
    LOSSES,
    Column,
    Steps,
    class_table_csv,
    compute_steps,
    format_value,
    sample_table_csv,
)
from i18n import N_, _, current_language, describe
from ui import headings
from ui.calculator_catalog import EXAMPLE_TEXTS, INPUT_KIND_WORDS, LOSS_TITLES, option_controls
from ui.calculator_inputs import (
    LikelyMistake,
    PreparedInputs,
    example_texts,
    likely_mistake,
    prepare_inputs,
    read_options,
)
from ui.inputs import InputError
from ui.matrix_input import matrix_grid, option_input, sync_text_to_url, text_from_url
from ui.matrix_parse import MAX_COLS, MAX_ROWS, MAX_VALUES, format_number, parse_matrix
from ui.units import current_units
from ui.url_guard import number_input, translated_choice

URL_MAX_CHARS = 4_000  # each text field goes into the URL up to this length
GRID_MAX_CELLS = 2_000  # the editable grid is offered up to this many numbers
TABLE_MAX_ROWS = 1_000  # the per-row table is drawn up to this many rows (the CSV has all)
PICTURE_MAX_CLASSES = 100  # each row's bars are drawn up to this many classes (its cost grows with them)
GRID_ERROR, LAST_GOOD = "calc_grid_error", "calc_last_good"
#: Inputs up to this many characters (both fields together) share the server's cache of calculations. A
#: larger one is remembered by its own session only (its last `LARGE_MEMO_SIZE` calculations): the largest
#: calculation pickles to some 5 MB (40 MB when 1,000 × 1,000 was allowed), and every distinct large paste
#: held in the shared cache would stay in the server's memory until 32 others pushed it out.
SHARED_CACHE_MAX_CHARS = 200_000
LARGE_MEMO, LARGE_MEMO_SIZE = "calc_large_memo", 2

DEFAULTS: dict[str, Any] = {
    "calc_loss": "cross_entropy",
    "calc_input_kind": "logits",
    "calc_reduction": "mean",
    "calc_pred": "-1, 0.5, 2\n-1, 0.5, 3",
    "calc_target": "1, 2",
    "calc_weight": "",
    "calc_ignore_index": -100,
    "calc_smoothing": 0.0,
    "calc_pos_weight": "",
    "calc_gamma": 2.0,
    "calc_alpha": "0.25",
    "calc_alpha_mc": "",
    "calc_row": 1,
}
EXAMPLE_BY_KEY = {e.key: e for e in EXAMPLES}


#: The controls read_options reads (each is the widget key without its "calc_" prefix).
CONTROLS = ("reduction", "weight", "ignore_index", "smoothing", "pos_weight", "gamma", "alpha", "alpha_mc")


def _apply_example(key: str) -> None:
    """Set every control to the worked example's values (the others back to their defaults)."""
    ex = EXAMPLE_BY_KEY[key]
    pred, target = example_texts(ex)
    values = {
        **DEFAULTS,
        "calc_loss": ex.loss,
        "calc_input_kind": ex.input_kind or DEFAULTS["calc_input_kind"],
        "calc_reduction": ex.reduction,
        "calc_pred": pred,
        "calc_target": target,
        "calc_weight": "" if ex.weight is None else ", ".join(format_number(w) for w in ex.weight),
        "calc_smoothing": ex.label_smoothing,
        "calc_gamma": ex.gamma,
    }
    if ex.loss == "sigmoid_focal":
        values["calc_alpha"] = "" if ex.alpha is None else format_number(ex.alpha)
    elif ex.loss == "softmax_focal":
        values["calc_alpha_mc"] = "" if ex.alpha is None else format_number(ex.alpha)
    for k, v in values.items():
        st.session_state[k] = v
    st.session_state.pop(GRID_ERROR, None)


def _on_loss_change() -> None:
    """'batchmean' is kl_div's alone: leaving KL with it selected falls back to PyTorch's default, 'mean'."""
    if st.session_state.get("calc_loss") != "kl_div" and st.session_state.get("calc_reduction") == "batchmean":
        st.session_state["calc_reduction"] = "mean"


@dataclass(frozen=True)
class Calculation:
    """A successful calculation: the loss, how the input was read, the options, the arrays, the steps, the code."""

    loss: str
    input_kind: str
    options: dict[str, Any]
    prepared: PreparedInputs
    steps: Steps
    code: tuple[str, str]  # the PyTorch and NumPy snippets as shown (cut short for a large input)


Computed = tuple[dict[str, Any], PreparedInputs, Steps, tuple[str, str]]


def _compute(
    lang: str, loss: str, kind: str, pred_text: str, target_text: str, controls: tuple[tuple[str, Any], ...]
) -> Computed:
    """Parse, check, decompose and write the code: a pure function of the texts and controls (cached by the callers).

    The steps' words (column titles, notes) are in the current language, ``lang``: it is an argument so that
    the caches keep the languages apart.
    """
    values = dict(controls)
    ignore = int(values["ignore_index"]) if "ignore_index" in LOSSES[loss].options else -100
    prepared = prepare_inputs(loss, kind, pred_text, target_text, ignore_index=ignore)
    opts = read_options(loss, prepared.shape[1], values)
    with np.errstate(over="ignore", invalid="ignore"):  # inputs near ±1e308 overflow; the page says so
        steps = compute_steps(loss, prepared.pred, prepared.target, input_kind=kind, **opts)
    args = {"input_kind": kind, **opts, "expected": _result_text(steps)}
    code = tuple(fn(loss, prepared.pred, prepared.target, elide=True, **args) for fn in (torch_snippet, numpy_snippet))
    return opts, prepared, steps, (code[0], code[1])


@st.cache_data(max_entries=32, show_spinner=False)
def _compute_shared(
    lang: str, loss: str, kind: str, pred_text: str, target_text: str, controls: tuple[tuple[str, Any], ...]
) -> Computed:
    """`_compute`, cached for every session (small inputs: a shared link opened by many is computed once)."""
    return _compute(lang, loss, kind, pred_text, target_text, controls)


def _compute_large(
    lang: str, loss: str, kind: str, pred_text: str, target_text: str, controls: tuple[tuple[str, Any], ...]
) -> Computed:
    """`_compute`, remembered by this session only (its last `LARGE_MEMO_SIZE` calculations)."""
    key = (lang, loss, kind, pred_text, target_text, controls)
    memo: list[tuple[tuple[Any, ...], Computed]] = st.session_state.get(LARGE_MEMO, [])
    for known, value in memo:
        if known == key:  # the texts are the widgets' own strings: compared by identity first
            return value
    value = _compute(*key)
    st.session_state[LARGE_MEMO] = [(key, value), *memo[: LARGE_MEMO_SIZE - 1]]
    return value


def _calculate(loss: str, kind: str, pred_text: str, target_text: str) -> Calculation:
    """The calculation for the current controls; raises ValueError (InputError) with a message for the reader."""
    controls = tuple((name, st.session_state.get(f"calc_{name}", DEFAULTS[f"calc_{name}"])) for name in CONTROLS)
    small = len(pred_text) + len(target_text) <= SHARED_CACHE_MAX_CHARS
    compute = _compute_shared if small else _compute_large
    opts, prepared, steps, code = compute(current_language(), loss, kind, pred_text, target_text, controls)
    return Calculation(loss, kind, opts, prepared, steps, code)


def _table(cols: tuple[Column, ...], index_name: str, index: range, pick: Any) -> None:
    data: dict[str, Any] = {index_name: list(index)}
    config: dict[str, Any] = {}
    for col in cols:
        values = col.values[pick].tolist()
        if col.flag:
            data[col.label] = [bool(x) for x in values]
            config[col.label] = st.column_config.CheckboxColumn(col.label, help=col.help)
            continue
        data[col.label] = [None if math.isnan(x) else x for x in values]
        labels = col.bar and all(x in (0.0, 1.0) for x in values)  # 0/1 labels read better as plain digits
        if col.bar and not labels:
            config[col.label] = st.column_config.ProgressColumn(
                col.label, help=col.help, format="%.6f", min_value=0.0, max_value=1.0, width="small"
            )
        else:
            fmt = "%d" if col.integer or labels else "%.6f"
            config[col.label] = st.column_config.NumberColumn(col.label, help=col.help, format=fmt)
    rows = len(index)
    st.dataframe(data, hide_index=True, column_config=config, width="stretch", height="auto" if rows <= 12 else 420)


def _result_text(steps: Steps) -> str:
    if steps.is_scalar:
        return format_value(float(steps.value))
    return ", ".join(format_value(float(v)) for v in np.ravel(steps.value))


def _draw_result(calc: Calculation) -> None:
    steps, spec = calc.steps, LOSSES[calc.loss]
    headings.subheader(_("Result"))
    left, right = st.columns([1, 2])
    label = _("Loss, reduction='{reduction}'", reduction=steps.reduction)
    total, n_terms = format_value(steps.numerator), f"{steps.unreduced.size:,}"
    elements = steps.unreduced.ndim == 2
    if steps.is_scalar:
        value = float(steps.value)
        left.metric(label, format_value(value))
        units = current_units()
        if units.base is not None:
            left.caption(
                _(
                    "`{function}` in float64: `{value}` nats · {converted} {unit} (PyTorch reports nats)",
                    function=spec.torch_name,
                    value=repr(value),
                    converted=f"{units.from_nats(value):.6f}",
                    unit=units.symbol,
                )
            )
        else:
            left.caption(
                _(
                    "`{function}` in float64: `{value}` nats (PyTorch reports nats)",
                    function=spec.torch_name,
                    value=repr(value),
                )
            )
    else:
        left.metric(label, _("{count} values", count=n_terms))
        left.caption(_("Every loss is returned unreduced: see the table below."))
    if steps.reduction in ("mean", "batchmean"):
        message = (
            N_(
                "**Reduction '{reduction}':** the sum of the {count} element losses, **{total}**, divided by "
                "{denominator}, gives **{result}**."
            )
            if elements
            else N_(
                "**Reduction '{reduction}':** the sum of the {count} row losses, **{total}**, divided by "
                "{denominator}, gives **{result}**."
            )
        )
        text = _(
            message,
            reduction=steps.reduction,
            count=n_terms,
            total=total,
            denominator=steps.denominator_text,
            result=_result_text(steps),
        )
    elif steps.reduction == "sum":
        message = (
            N_("**Reduction 'sum':** the {count} element losses add up to **{total}**; nothing is divided.")
            if elements
            else N_("**Reduction 'sum':** the {count} row losses add up to **{total}**; nothing is divided.")
        )
        text = _(message, count=n_terms, total=total)
    else:
        message = (
            N_("**Reduction 'none':** the {count} element losses are returned as they are (sum {total}).")
            if elements
            else N_("**Reduction 'none':** the {count} row losses are returned as they are (sum {total}).")
        )
        text = _(message, count=n_terms, total=total)
    right.markdown(text)
    for formula in steps.formulas:
        right.latex(formula)
    if not np.all(np.isfinite(steps.value)):
        st.warning(
            _(
                "The result is not a finite number: some inputs are too far apart for float64 (a logit gap near "
                "1e308 overflows). PyTorch would print inf or nan here too; scale the inputs down."
            )
        )
    for note in (*calc.prepared.notes, *steps.notes):
        st.caption("ℹ️ " + note)


def _draw_steps(calc: Calculation) -> None:
    steps = calc.steps
    n, c = steps.n_samples, steps.n_classes
    headings.subheader(_("Step by step"))
    st.caption(
        _(
            "One line per row (sample): what the loss reads from the row, and the row's loss. Hover over a column "
            "header for its meaning. Rows count from 1; classes from 0, as in PyTorch."
        )
    )
    shown = min(n, TABLE_MAX_ROWS)
    _table(steps.sample_columns, _("row"), range(1, shown + 1), slice(0, shown))
    st.markdown(_("**Inside one row**, class by class:"))
    row = number_input(st, _("Row to inspect"), min_value=1, value=1, step=1, key="calc_row", width=220)
    i = min(int(row), n) - 1
    if row > n:
        st.caption(_("There are {n} rows; showing row {n}.", n=n))
    _table(steps.class_columns, _("class"), range(c), i)
    a, b = st.columns(2)
    a.download_button(
        _("⬇️ Per-row steps (CSV)"),
        data=lambda: sample_table_csv(steps),
        file_name=f"{calc.loss}_steps_per_row.csv",
        mime="text/csv",
        on_click="ignore",
        key="calc_csv_rows",
    )
    b.download_button(
        _("⬇️ Per-class steps, every row (CSV)"),
        data=lambda: class_table_csv(steps),
        file_name=f"{calc.loss}_steps_per_class.csv",
        mime="text/csv",
        on_click="ignore",
        key="calc_csv_classes",
    )


def _draw_code(calc: Calculation) -> None:
    headings.subheader(_("The same number in code"))
    st.caption(
        _(
            "Generated from the inputs and options above; each prints the number this page shows. PyTorch's "
            "losses take the raw matrix; the NumPy version does each step by hand, like the blog posts do."
        )
    )
    args = {"input_kind": calc.input_kind, **calc.options, "expected": _result_text(calc.steps)}
    pred, target = calc.prepared.pred, calc.prepared.target
    tabs = st.tabs(["PyTorch", _("NumPy, from scratch")])
    for tab, fn, name, shown in zip(tabs, (torch_snippet, numpy_snippet), ("torch", "numpy"), calc.code, strict=True):
        tab.code(shown, language="python")
        if pred.size > DISPLAY_MAX_CELLS:
            full: Callable[[], str] = partial(fn, calc.loss, pred, target, **args)
            tab.download_button(
                _("⬇️ The full script, with all the data"),
                data=full,
                file_name=f"check_{calc.loss}_{name}.py",
                mime="text/x-python",
                on_click="ignore",
                key=f"calc_script_{name}",
            )


def _switch_to(loss: str, input_kind: str) -> None:
    """The one-click fix of a likely mistake: the other loss, reading the same numbers the other way."""
    st.session_state["calc_loss"] = loss
    st.session_state["calc_input_kind"] = input_kind
    _on_loss_change()


def _warn_of_mistake(loss: str, input_kind: str, pred_text: str, target_text: str, calc: Calculation | None) -> None:
    """Say what PyTorch does with input that looks meant for another loss, and offer the switch."""
    try:  # the calculation has parsed the predictions already; a large paste is not read twice
        pred = calc.prepared.pred if calc is not None else parse_matrix(pred_text)
        mistake: LikelyMistake | None = likely_mistake(loss, input_kind, pred)
    except InputError:
        return
    if mistake is None:
        return
    try:
        meant: Calculation | None = _calculate(mistake.loss, mistake.input_kind, pred_text, target_text)
    except ValueError:
        meant = None
    params = {"problem": mistake.problem, "meant": mistake.meant}
    if calc is not None and meant is not None:
        text = _(
            "**Check the input.** {problem} PyTorch prints **{printed}**, the number below. {meant}: **{other}**.",
            printed=_result_text(calc.steps),
            other=_result_text(meant.steps),
            **params,
        )
    elif calc is not None:
        text = _(
            "**Check the input.** {problem} PyTorch prints **{printed}**, the number below. {meant}.",
            printed=_result_text(calc.steps),
            **params,
        )
    elif meant is not None:
        text = _("**Check the input.** {problem} {meant}: **{other}**.", other=_result_text(meant.steps), **params)
    else:
        text = _("**Check the input.** {problem} {meant}.", **params)
    st.warning(text, icon="🔎")
    st.button(
        mistake.button,
        key="calc_fix_mistake",
        on_click=_switch_to,
        args=(mistake.loss, mistake.input_kind),
        help=_(
            "Switches the loss to {loss}; the numbers you pasted stay as they are.", loss=_(LOSS_TITLES[mistake.loss])
        ),
    )


def _draw_picture(calc: Calculation) -> None:
    """Each row's probabilities with the target marked and the row's loss (the first rows)."""
    spec, kind, pred = LOSSES[calc.loss], calc.input_kind, calc.prepared.pred
    if pred.shape[1] > PICTURE_MAX_CLASSES:
        headings.subheader(_("Each row at a glance"))
        st.caption(
            _(
                "The picture of each row is drawn for up to {limit} classes: {count} bars in a "
                "panel would be thinner than a pixel. The tables below have every class.",
                limit=PICTURE_MAX_CLASSES,
                count=f"{pred.shape[1]:,}",
            )
        )
        return
    how = N_(
        "Bars: what the loss reads each row as, probabilities; blue where the target puts its mass, "
        "diamonds for a target given as a row."
    )
    if kind == "logits":
        sigmoid_outputs = spec.elementwise and calc.loss != "kl_div"
        probs = sigmoid(pred) if sigmoid_outputs else softmax(pred, axis=-1)
        how = (
            N_(
                "Bars: what the loss reads each row as, probabilities (a sigmoid of each logit); blue where the "
                "target puts its mass, diamonds for a target given as a row."
            )
            if sigmoid_outputs
            else N_(
                "Bars: what the loss reads each row as, probabilities (the softmax of each row of logits); blue where "
                "the target puts its mass, diamonds for a target given as a row."
            )
        )
    elif kind == "log_probabilities":
        probs = np.exp(pred)
        how = N_(
            "Bars: what the loss reads each row as, probabilities (the exponential of each log-probability); blue "
            "where the target puts its mass, diamonds for a target given as a row."
        )
    else:
        probs = pred
    unreduced = np.asarray(calc.steps.unreduced, dtype=np.float64)
    per_row = unreduced.sum(axis=1) if unreduced.ndim == 2 else unreduced
    label = _("loss (sum over outputs)") if unreduced.ndim == 2 else _("loss")
    headings.subheader(_("Each row at a glance"))
    shown, n_rows = min(calc.steps.n_samples, ROWS_MAX), calc.steps.n_samples
    which = (
        _("All {n} rows.", n=n_rows) if shown == n_rows else _("The first {shown} of {n} rows.", shown=shown, n=n_rows)
    )
    st.caption(
        _(
            "{bars} Each title gives the row's own loss in nats. {which}",
            bars=_(how),
            which=which,
        )
    )
    st.plotly_chart(
        rows_figure(probs, calc.prepared.target, per_row, unit=_("nats"), loss_label=label),
        width="stretch",
        config={"displaylogo": False},
        key="calc_rows_chart",
    )


def _draw(calc: Calculation) -> None:
    _draw_result(calc)
    _draw_picture(calc)
    _draw_steps(calc)
    _draw_code(calc)


# ---------------------------------------------------------------------------------------------

headings.title(_("🧮 Check your numbers"))
st.markdown(
    _(
        "Paste logits or probabilities and their targets, pick a loss and its options: see every intermediate "
        "step, and a final number equal to PyTorch's, with the code that prints it."
    )
)
st.markdown(_("**Worked examples**, one click each:"))
with st.container(horizontal=True, gap="small"):
    for ex in EXAMPLES:
        text = EXAMPLE_TEXTS[ex.key]
        st.button(
            _(text.label), key=f"calc_preset_{ex.key}", help=_(text.help), on_click=_apply_example, args=(ex.key,)
        )

text_from_url("calc_pred", DEFAULTS["calc_pred"], URL_MAX_CHARS)
text_from_url("calc_target", DEFAULTS["calc_target"], URL_MAX_CHARS)

headings.subheader(_("Inputs"))
c_loss, c_kind = st.columns(2)
loss_key = c_loss.selectbox(
    _("Loss"),
    options=list(LOSSES),
    index=list(LOSSES).index(DEFAULTS["calc_loss"]),
    format_func=translated_choice("calc_loss", LOSS_TITLES),
    key="calc_loss",
    bind="query-params",
    on_change=_on_loss_change,
)
spec = LOSSES.get(str(loss_key), LOSSES[DEFAULTS["calc_loss"]])
if len(spec.input_kinds) > 1:
    kind = c_kind.segmented_control(
        _("The matrix holds"),
        options=list(INPUT_KIND_WORDS),
        default=DEFAULTS["calc_input_kind"],
        format_func=translated_choice("calc_input_kind", INPUT_KIND_WORDS),
        key="calc_input_kind",
        bind="query-params",
        required=True,
        help=_("NLL and KL take log-probabilities: probabilities are logged first, logits go through log_softmax."),
    )
    input_kind = str(kind) if kind in INPUT_KIND_WORDS else DEFAULTS["calc_input_kind"]
else:
    input_kind = spec.input_kinds[0]
    kind_words = _(INPUT_KIND_WORDS[input_kind])
    c_kind.markdown(_("**The matrix holds** {kind}", kind=kind_words))
    c_kind.caption(_("{function} takes {kind}.", function=spec.torch_name, kind=kind_words))
left, right = st.columns([3, 2])
pred_text = left.text_area(
    _(
        "Predictions ({kind}): a row per sample, a column per class",
        kind=_(INPUT_KIND_WORDS[input_kind]),
    ),
    key="calc_pred",
    height=150,
    persist_state="session",
    help=_(
        "Numbers separated by commas, spaces or tabs, one row per line; [[…], […]] works too. "
        "At most {values} numbers, in up to {rows} rows and {cols} columns.",
        values=f"{MAX_VALUES:,}",
        rows=f"{MAX_ROWS:,}",
        cols=f"{MAX_COLS:,}",
    ),
    placeholder="-1, 0.5, 2\n-1, 0.5, 3",
)
forms = {
    ("indices",): N_("Targets: class indices"),
    ("rows",): N_("Targets: a row per sample"),
    ("indices", "rows"): N_("Targets: class indices or rows"),
}
target_text = right.text_area(
    _(forms[spec.target_kinds]),
    key="calc_target",
    height=150,
    persist_state="session",
    help=_(
        "Class indices: one per row of predictions, from 0 as in PyTorch, on one line or one per line. "
        "Rows: one per sample with a value per class (0/1 labels, one-hot or soft labels). One-hot rows are read "
        "as class indices where a loss takes only indices."
    ),
    placeholder="1, 2",
)
if st.toggle(_("Edit as a grid"), key="calc_grid", bind="query-params"):
    g_left, g_right = st.columns([3, 2])
    with g_left:
        matrix_grid("calc_pred", max_cells=GRID_MAX_CELLS, error_key=GRID_ERROR)
    with g_right:
        try:
            single = parse_matrix(target_text or "").shape != parse_matrix(pred_text or "").shape
        except InputError:
            single = False
        matrix_grid("calc_target", max_cells=GRID_MAX_CELLS, column_vector=single, error_key=GRID_ERROR)
    if GRID_ERROR in st.session_state:
        st.error(st.session_state[GRID_ERROR])

option_keys = option_controls(spec.key)
st.markdown(_("**Options**, as in `{function}`:", function=spec.torch_name))
option_cols = st.columns(max(4, len(option_keys) + 1))
option_cols[0].selectbox(
    "reduction",
    options=["mean", "sum", "none", "batchmean"],
    index=0,
    key="calc_reduction",
    bind="query-params",
    help=_(
        "'mean' (PyTorch's default), 'sum', or 'none' (every loss, unreduced). 'batchmean' is kl_div's own: "
        "the sum divided by the number of rows, the mean KL per row."
    ),
)
for col, name in zip(option_cols[1:], option_keys, strict=False):
    with col:
        option_input(name, DEFAULTS[f"calc_{name}"])

fits = [
    sync_text_to_url("calc_pred", pred_text or "", DEFAULTS["calc_pred"], URL_MAX_CHARS),
    sync_text_to_url("calc_target", target_text or "", DEFAULTS["calc_target"], URL_MAX_CHARS),
]
try:
    calc: Calculation | None = _calculate(spec.key, input_kind, pred_text or "", target_text or "")
except ValueError as exc:  # InputError is a ValueError, and so is every argument error from core
    calc = None
    st.error(_("**Cannot compute this yet.** {error}", error=describe(exc)))
_warn_of_mistake(spec.key, input_kind, pred_text or "", target_text or "", calc)
if calc is not None:
    st.session_state[LAST_GOOD] = calc
    _draw(calc)
elif LAST_GOOD in st.session_state:
    last: Calculation = st.session_state[LAST_GOOD]
    st.info(
        _(
            "Below: the last calculation that worked ({loss}, {rows} × {cols}). Fix the input above to update it.",
            loss=_(LOSS_TITLES[last.loss]),
            rows=last.steps.n_samples,
            cols=last.steps.n_classes,
        )
    )
    _draw(last)

st.divider()
if all(fits):
    st.caption(
        _(
            "The address bar reproduces this calculation: every option is in the URL, and so are both text fields "
            "(each up to {limit} characters).",
            limit=f"{URL_MAX_CHARS:,}",
        )
    )
else:
    st.caption(
        _(
            "The address bar reproduces this calculation: every option is in the URL, but a text field longer than "
            "{limit} characters is left out of the link: share the CSV or the script instead.",
            limit=f"{URL_MAX_CHARS:,}",
        )
    )
