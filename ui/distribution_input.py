"""A reusable "probability vector" input: sliders, typed numbers, or logits with a temperature.

One call draws the whole control and returns a `DistributionInput`::

    dist = distribution_input("entropy", default=COMPUTER, presets=ENTROPY_PRESETS)
    if dist.p is not None:
        ...  # dist.p sums to 1; dist.names labels each outcome

Every widget's key starts with ``prefix`` and is bound to the URL, so a link
reproduces the distribution:

=====================  ==========================================================
``<prefix>_mode``      how the distribution is edited: Sliders, Numbers or Logits
``<prefix>_k``         number of outcomes (Sliders only; typed modes count values)
``<prefix>_w0`` ...    one weight slider per outcome, in [0, 1] (divided by their sum)
``<prefix>_probs``     typed probabilities or weights, e.g. ``0.7, 0.2, 0.1``
``<prefix>_logits``    typed logits, turned into probabilities by softmax
``<prefix>_temp``      softmax temperature T (Logits only)
``<prefix>_names``     optional outcome names, comma-separated
=====================  ==========================================================

Preset buttons (keys ``<prefix>_preset_<preset.key>``) and a change of mode write
the current distribution into the widgets of the mode being shown, through
``st.session_state`` in an ``on_click``/``on_change`` callback (bound widgets can
only be set that way), and reset the other widgets to their defaults so that the
URL stays short.  All widgets stay mounted, the unused ones hidden with CSS: see
`distribution_input` for why a link would otherwise miss values.

Input that cannot be used (empty, not numbers, negative, all zero, too few or too
many outcomes) is reported with ``st.error`` saying what to fix, and the result
has ``p = None``; nothing raises.  A URL value a widget accepts but the input
cannot use (a weight off the slider's step) is clamped.

Two inputs on one page (P and Q on a KL page, say) need two prefixes, and their
containers' CSS classes (``st-key-<prefix>_...``) keep them apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import streamlit as st

from core import normalize, softmax
from core._validation import FloatArray
from core.distributions import Preset, logits_from_probabilities
from i18n import LANGUAGES, N_, _, describe, translation
from ui.inputs import InputError, parse_numbers, parse_probabilities
from ui.url_guard import translated_choice

SLIDERS, NUMBERS, LOGITS = "Sliders", "Numbers", "Logits"
MODES = (SLIDERS, NUMBERS, LOGITS)
#: The modes' labels (English messages); the options and the URL's ``?<prefix>_mode=`` keep the codes above.
_MODE_LABELS = {SLIDERS: N_("Sliders"), NUMBERS: N_("Type numbers"), LOGITS: N_("Logits + temperature")}

#: Slider weights: range and resolution (four decimals, enough for the source posts' values).
WEIGHT_MIN, WEIGHT_MAX, WEIGHT_STEP = 0.0, 1.0, 0.0001
#: Width of a weight slider, px: two side by side in the page's input column, one on a phone.
SLIDER_WIDTH: Final = "stretch"
#: Softmax temperature slider.
TEMP_MIN, TEMP_MAX, TEMP_STEP = 0.1, 10.0, 0.1
#: Largest |logit| accepted; far beyond anything a softmax needs, far below float overflow.
LOGIT_LIMIT = 1e6
#: Longest outcome name kept (longer names are cut, so that charts stay readable).
NAME_CHARS = 24
_TEXT_CHARS = 600
_MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>~$:")


@dataclass(frozen=True)
class DistributionInput:
    """What `distribution_input` read: the distribution, or why there is none."""

    p: FloatArray | None  #: probabilities summing to 1, or None when the input is unusable
    names: tuple[str, ...]  #: one plain-text label per outcome (not escaped)
    mode: str  #: one of `MODES`
    error: str | None = None  #: the message shown to the user when ``p`` is None
    weights: FloatArray | None = None  #: the raw weights before dividing by their sum (Sliders, Numbers)
    logits: FloatArray | None = None  #: the logits (Logits mode)
    temperature: float | None = None  #: the temperature (Logits mode)

    @property
    def k(self) -> int:
        """Number of outcomes (0 when the input is unusable)."""
        return 0 if self.p is None else int(self.p.size)


def format_values(values: Sequence[float] | FloatArray, digits: int = 6) -> str:
    """Numbers as a comma-separated string with ``digits`` significant digits (``-0`` printed as ``0``)."""
    return ", ".join(f"{float(v) + 0.0:.{digits}g}" for v in np.asarray(values, dtype=np.float64).ravel())


def _fixed(p: FloatArray) -> str:
    """Probabilities with four decimals, as the page's tables show them."""
    return ", ".join(f"{float(v) + 0.0:.4f}" for v in p)


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown (and Streamlit's ``$`` math and ``:colour[]``) so a name shows as typed."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in text)


def parse_names(text: str, k: int) -> tuple[str, ...]:
    """Outcome names from comma-separated text: exactly ``k`` of them, ``x1``, ``x2``... where missing.

    Names are stripped and cut to `NAME_CHARS` characters; extra names are ignored.  A full-width
    comma (，, as a Chinese keyboard types it) separates names too.
    """
    given = [part.strip()[:NAME_CHARS] for part in str(text).replace("，", ",").split(",")] if text else []
    return tuple(given[i] if i < len(given) and given[i] else f"x{i + 1}" for i in range(k))


class _Keys:
    """The widget keys of one input, all starting with ``prefix``."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.mode = f"{prefix}_mode"
        self.k = f"{prefix}_k"
        self.probs = f"{prefix}_probs"
        self.logits = f"{prefix}_logits"
        self.temp = f"{prefix}_temp"
        self.names = f"{prefix}_names"
        self.last = f"_{prefix}_last_distribution"  # not a widget: the last usable (weights, names)

    def group(self, mode: str) -> str:
        """Key of the container holding ``mode``'s widgets (its CSS class is ``st-key-<key>``)."""
        return f"{self.prefix}_edit_{mode.lower()}"

    def weight(self, i: int) -> str:
        return f"{self.prefix}_w{i}"

    def preset(self, preset: Preset) -> str:
        return f"{self.prefix}_preset_{preset.key}"


@dataclass(frozen=True)
class _Defaults:
    weights: tuple[float, ...]  # one per possible slider (k_max of them)
    k: int
    probs: str
    logits: str
    names: str


def _defaults(default: Preset, k_min: int, k_max: int, extra_weight: float) -> _Defaults:
    n = len(default.weights)
    weights = _slider_weights(default.weights)
    return _Defaults(
        weights=tuple(weights[i] if i < n else extra_weight for i in range(k_max)),
        k=min(max(n, k_min), k_max),
        probs=format_values(default.weights),
        logits=format_values(logits_from_probabilities(default.probabilities)),
        names=_names_text(default.names),
    )


def _names_text(names: Sequence[str]) -> str:
    """Outcome names as the names field shows them: a preset's (English messages) in the reader's language."""
    return ", ".join(_(n) if n else n for n in names)


def _slider_weights(weights: Sequence[float] | FloatArray) -> list[float]:
    """Weights scaled into the slider range (largest at most 1) and rounded to the slider step."""
    w = np.asarray(weights, dtype=np.float64)
    top = float(w.max())
    if top > WEIGHT_MAX:
        w = w * (WEIGHT_MAX / top)
    return [round(float(x), 4) for x in w]


def _write(keys: _Keys, d: _Defaults, mode: str, weights: Sequence[float] | FloatArray, names: Sequence[str]) -> None:
    """Show a distribution in ``mode``'s widgets and reset every other widget to its default (in a callback).

    Resetting the widgets not in use keeps the URL short: a bound widget at its
    default value is left out of it.
    """
    w = np.asarray(weights, dtype=np.float64)[: len(d.weights)]
    ss = st.session_state
    slider_weights = _slider_weights(w) if mode == SLIDERS else []
    ss[keys.k] = w.size if mode == SLIDERS else d.k
    for i, default in enumerate(d.weights):
        ss[keys.weight(i)] = slider_weights[i] if i < len(slider_weights) else default
    ss[keys.probs] = format_values(w) if mode == NUMBERS else d.probs
    ss[keys.logits] = format_values(logits_from_probabilities(w / w.sum())) if mode == LOGITS else d.logits
    ss[keys.temp] = 1.0
    ss[keys.names] = ", ".join(names)


def _apply_preset(keys: _Keys, d: _Defaults, preset: Preset) -> None:
    mode = st.session_state.get(keys.mode, SLIDERS)
    names = tuple(_(n) if n else n for n in preset.names)
    _write(keys, d, mode if mode in MODES else SLIDERS, preset.weights, names)
    st.session_state[keys.last] = (preset.weights, names)


def _apply_uniform(keys: _Keys, d: _Defaults) -> None:
    """Make every outcome equally likely, keeping the number of outcomes and their names."""
    last = st.session_state.get(keys.last)
    k = len(last[0]) if last else d.k
    names = tuple(last[1]) if last else parse_names(d.names, k)
    mode = st.session_state.get(keys.mode, SLIDERS)
    weights = (1.0,) * k
    _write(keys, d, mode if mode in MODES else SLIDERS, weights, names)
    st.session_state[keys.last] = (weights, names)


def _carry_over(keys: _Keys, d: _Defaults) -> None:
    """On a change of mode, show the distribution being edited in the new mode's widgets."""
    last = st.session_state.get(keys.last)
    mode = st.session_state.get(keys.mode)
    if last is None or mode not in MODES:
        return
    weights, names = last
    _write(keys, d, str(mode), weights, names)


def preset_buttons(
    prefix: str,
    presets: Sequence[Preset],
    *,
    default: Preset,
    k_min: int = 2,
    k_max: int = 12,
    extra_weight: float = 0.1,
    uniform: bool = False,
) -> None:
    """A row of buttons, one per preset, that load it into the `distribution_input` with the same ``prefix``.

    Drawn by `distribution_input` when it is given ``presets``; call it yourself
    (and pass no presets there) to place the row elsewhere, e.g. full width above
    the columns, with the same ``default``, ``k_min``, ``k_max`` and ``extra_weight``.
    A preset fills the widgets of the mode being shown.  With ``uniform``, a last button makes
    the current outcomes equally likely (key ``<prefix>_preset_uniform``).
    """
    keys = _Keys(prefix)
    d = _defaults(default, k_min, k_max, extra_weight)
    with st.container(horizontal=True, gap="small"):
        for preset in presets:
            if not k_min <= len(preset.weights) <= k_max:
                why = f"preset {preset.key!r} has {len(preset.weights)} outcomes"  # i18n: not reader text
                raise ValueError(f"{why}, outside [{k_min}, {k_max}]")
            st.button(
                _(preset.label),
                key=keys.preset(preset),
                help=_(preset.note) if preset.note else None,
                on_click=_apply_preset,
                args=(keys, d, preset),
            )
        if uniform:
            st.button(
                _("Uniform over k outcomes"),
                key=f"{prefix}_preset_uniform",
                help=_(
                    "Every outcome equally likely, for the number of outcomes you have now: the most uncertain "
                    "distribution on k outcomes."
                ),
                on_click=_apply_uniform,
                args=(keys, d),
            )


def distribution_input(
    prefix: str,
    *,
    default: Preset,
    presets: Sequence[Preset] = (),
    k_min: int = 2,
    k_max: int = 12,
    extra_weight: float = 0.1,
    with_names: bool = True,
) -> DistributionInput:
    """Draw a probability-vector input and return what it holds.

    Every widget of every mode is drawn on every run, and the ones not in use
    (the other modes' fields, the weight sliders past ``k``) are hidden with CSS.
    That keeps each widget mounted, which is what makes the URL complete: Streamlit
    writes a value set from a callback (a preset, a change of mode) into the URL
    only for a widget that was already on the page; one that appears in the same
    run would keep its value but drop out of the URL, and a copied link would show
    something else.  As a bonus, lowering ``k`` and raising it again keeps the weights.

    Args:
        prefix: start of every widget key (and URL parameter), e.g. ``"entropy"``.
        default: the distribution shown on first load (its weights, names and count).
        presets: buttons that load a distribution; empty for none.
        k_min, k_max: allowed number of outcomes.
        extra_weight: initial weight of the sliders past the default's count.
        with_names: show the optional outcome-names field.

    Returns:
        A `DistributionInput`; its ``p`` is None (and an ``st.error`` was shown) when
        the input cannot be used.
    """
    if not 1 <= k_min <= len(default.weights) <= k_max:
        why = f"default has {len(default.weights)} outcomes"  # i18n: not reader text
        raise ValueError(f"{why}, outside [{k_min}, {k_max}]")
    keys = _Keys(prefix)
    d = _defaults(default, k_min, k_max, extra_weight)

    if presets:
        preset_buttons(prefix, presets, default=default, k_min=k_min, k_max=k_max, extra_weight=extra_weight)

    mode = st.segmented_control(
        _("Edit the distribution as"),
        options=list(MODES),
        format_func=translated_choice(keys.mode, _MODE_LABELS),
        default=SLIDERS,
        required=True,
        key=keys.mode,
        bind="query-params",
        on_change=_carry_over,
        args=(keys, d),
        help=_(
            "Sliders set a weight per outcome; the page divides by their sum. "
            "Numbers: type the probabilities. Logits: type scores that softmax turns into probabilities."
        ),
    )
    mode = mode if mode in MODES else SLIDERS

    names_text = d.names
    if with_names:
        _follow_language(keys, default, d)
        names_text = st.text_input(
            _("Outcome names (optional, comma-separated)"),
            value=d.names,
            key=keys.names,
            bind="query-params",
            max_chars=_TEXT_CHARS,
            placeholder=_("e.g. boots, fails, explodes"),
        )

    with st.container(key=keys.group(SLIDERS)):
        from_sliders = _sliders(keys, d, names_text, k_min, k_max, active=mode == SLIDERS)
    with st.container(key=keys.group(NUMBERS)):
        from_numbers = _numbers(keys, d, names_text, k_min, k_max, active=mode == NUMBERS)
    with st.container(key=keys.group(LOGITS)):
        from_logits = _logits(keys, d, names_text, k_min, k_max, active=mode == LOGITS)
    result = {SLIDERS: from_sliders, NUMBERS: from_numbers, LOGITS: from_logits}[mode]

    hidden = [keys.group(m) for m in MODES if m != mode]
    if mode == SLIDERS:
        shown = result.k or _slider_count(keys, d)
        hidden += [keys.weight(i) for i in range(shown, k_max)]
    st.html(_hiding_css(hidden))

    if result.p is not None:
        weights = result.weights if result.weights is not None else result.p
        st.session_state[keys.last] = (tuple(float(w) for w in weights), result.names)
    return result


def _follow_language(keys: _Keys, default: Preset, d: _Defaults) -> None:
    """After a switch of language, show the default's names (left as they were) in the new language.

    A keyed widget keeps its value when its default changes; names the reader typed stay as typed.
    """
    shown = st.session_state.get(keys.names)
    if shown is None or shown == d.names:
        return
    others = {", ".join(translation(lang).gettext(n) if n else n for n in default.names) for lang in LANGUAGES}
    if shown in others:
        st.session_state[keys.names] = d.names


def _hiding_css(keys: Sequence[str]) -> str:
    """A style element that hides the widgets and containers with these keys, leaving no gap.

    Streamlit gives a keyed element the CSS class ``st-key-<key>``; a keyed container
    also sits in a layout wrapper that would keep its share of the column's gap.
    """
    selectors = [s for key in keys for s in (f".st-key-{key}", f'[data-testid="stLayoutWrapper"]:has(> .st-key-{key})')]
    return "<style>" + ", ".join(selectors) + " { display: none; }</style>"


def _slider_count(keys: _Keys, d: _Defaults) -> int:
    return int(st.session_state.get(keys.k, d.k))


def _sliders(keys: _Keys, d: _Defaults, names_text: str, k_min: int, k_max: int, *, active: bool) -> DistributionInput:
    k = int(
        st.slider(
            _("Number of outcomes k"),
            min_value=k_min,
            max_value=k_max,
            value=d.k,
            step=1,
            key=keys.k,
            bind="query-params",
        )
    )
    names = parse_names(names_text, k_max)
    weights = np.empty(k_max)
    # One wrapping row for all the sliders (narrow screens stack them in outcome order): a single
    # container instead of a row of columns per pair keeps a move's re-sent elements few.
    grid = st.container(horizontal=True, gap="small")
    for i in range(k_max):
        weights[i] = grid.slider(
            escape_markdown(names[i]),
            min_value=WEIGHT_MIN,
            max_value=WEIGHT_MAX,
            value=d.weights[i],
            step=WEIGHT_STEP,
            format="%.4f",
            key=keys.weight(i),
            bind="query-params",
            help=_("Weight of outcome {i}; its probability is this weight divided by the sum of the weights.", i=i + 1),
            width=SLIDER_WIDTH,
        )
    if not active:
        return DistributionInput(None, names[:k], SLIDERS)
    # A tampered URL can hold any float the slider accepts; keep the page's own range.
    w = np.clip(weights[:k], WEIGHT_MIN, WEIGHT_MAX)
    total = float(w.sum())
    if total <= 0:
        message = _("All weights are 0: move at least one slider above 0 (or load a preset).")
        st.error(message)
        return DistributionInput(None, names[:k], SLIDERS, error=message, weights=w)
    p = normalize(w)
    st.caption(
        _("Weights sum to {total}; each is divided by that sum: p = ({p})", total=f"{total:.4f}", p=_fixed(p))
        if abs(total - 1.0) > 1e-12
        else _("Weights sum to 1: p = ({p})", p=_fixed(p))
    )
    return DistributionInput(p, names[:k], SLIDERS, weights=w)


def _check_count(n: int, what: str, k_min: int, k_max: int) -> None:
    """Raise `InputError` unless ``n`` values (``what``: an English message, marked with ``N_``) fit."""
    if n < k_min:
        raise InputError(
            N_("Enter at least {k_min} {what}, one per outcome; you entered {n}."), k_min=k_min, what=what, n=n
        )
    if n > k_max:
        raise InputError(N_("Enter at most {k_max} {what}; you entered {n}."), k_max=k_max, what=what, n=n)


def _numbers(keys: _Keys, d: _Defaults, names_text: str, k_min: int, k_max: int, *, active: bool) -> DistributionInput:
    text = st.text_input(
        _("Probabilities (or weights)"),
        value=d.probs,
        key=keys.probs,
        bind="query-params",
        max_chars=_TEXT_CHARS,
        placeholder=_("e.g. {example}", example="0.7, 0.2, 0.1"),
        help=_(
            "Non-negative numbers separated by commas or spaces. If they do not sum to 1, each is divided by their sum."
        ),
    )
    if not active:
        return DistributionInput(None, (), NUMBERS)
    try:
        values = parse_probabilities(text, N_("probabilities"), max_count=10 * k_max)
        _check_count(values.size, N_("probabilities"), k_min, k_max)
    except InputError as exc:
        message = describe(exc)
        st.error(message)
        return DistributionInput(None, (), NUMBERS, error=message)
    names = parse_names(names_text, values.size)
    # Scale by the largest value first: a sum of huge values would overflow to inf.
    top = float(values.max())
    scaled = values / top
    p = normalize(scaled)
    if not math.isclose(
        math.fsum(scaled.tolist()) * top, 1.0, rel_tol=0.0, abs_tol=1e-9
    ):  # Python floats: inf, no warning
        st.caption(_("Your values do not sum to 1; each is divided by their sum: p = ({p})", p=_fixed(p)))
    return DistributionInput(p, names, NUMBERS, weights=values)


def _logits(keys: _Keys, d: _Defaults, names_text: str, k_min: int, k_max: int, *, active: bool) -> DistributionInput:
    text = st.text_input(
        _("Logits z"),
        value=d.logits,
        key=keys.logits,
        bind="query-params",
        max_chars=_TEXT_CHARS,
        placeholder=_("e.g. {example}", example="2, 0.5, -1"),
        help=_(
            "Any real scores, separated by commas or spaces; softmax turns them into probabilities. "
            "Adding the same number to every logit changes nothing."
        ),
    )
    temperature = float(
        st.slider(
            _("Temperature T"),
            min_value=TEMP_MIN,
            max_value=TEMP_MAX,
            value=1.0,
            step=TEMP_STEP,
            format="%.1f",
            key=keys.temp,
            bind="query-params",
            help=_("p = softmax(z / T). T < 1 sharpens the distribution (less entropy), T > 1 flattens it (more)."),
        )
    )
    if not active:
        return DistributionInput(None, (), LOGITS)
    temperature = min(max(temperature, TEMP_MIN), TEMP_MAX)
    try:
        z = parse_numbers(text, N_("logits"), max_count=10 * k_max)
        _check_count(z.size, N_("logits"), k_min, k_max)
        big = np.flatnonzero(np.abs(z) > LOGIT_LIMIT)
        if big.size:
            i = int(big[0])
            raise InputError(
                N_("Logit {i} is {value}; keep logits between {low} and {high}."),
                i=i + 1,
                value=f"{z[i]:g}",
                low=f"{-LOGIT_LIMIT:,.0f}",
                high=f"{LOGIT_LIMIT:,.0f}",
            )
    except InputError as exc:
        message = describe(exc)
        st.error(message)
        return DistributionInput(None, (), LOGITS, error=message, temperature=temperature)
    p = softmax(z, temperature=temperature)
    st.caption(f"p = softmax(z / T) = ({_fixed(p)})")
    return DistributionInput(p, parse_names(names_text, z.size), LOGITS, logits=z, temperature=temperature)
