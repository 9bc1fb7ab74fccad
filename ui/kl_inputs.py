"""Entering the two distributions P and Q of the KL page: typed probabilities or logits, presets, normalising.

Widgets (all bound to the URL, so a link reproduces the view):

================  ==============================================================
``kl_mode``       how P and Q are typed: ``Probabilities`` or ``Logits``
``kl_p``          P's probabilities, e.g. ``0.49, 0.49, 0.01, 0.01``
``kl_q``          Q's probabilities
``kl_p_logits``   P's logits (turned into probabilities by softmax)
``kl_q_logits``   Q's logits
================  ==============================================================

Presets (buttons ``kl_preset_<key>``) and the "Normalise" offers write the text
fields through ``st.session_state`` in ``on_click`` callbacks (a bound widget
cannot be set any other way).  A change of mode carries the current P and Q
over to the other mode's fields.  Nothing here raises: unusable input is
reported with ``st.error`` / ``st.warning`` saying what to fix, and the result
then has ``p`` or ``q`` set to ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import streamlit as st
from numpy.typing import ArrayLike
from streamlit.delta_generator import DeltaGenerator

from core import SUM_TOLERANCE, normalize, softmax
from core._validation import FloatArray
from i18n import N_, _, describe, ngettext
from ui.inputs import InputError, parse_numbers, parse_probabilities
from ui.sections import row
from ui.url_guard import translated_choice

PROBS, LOGITS = "Probabilities", "Logits"
MODES = (PROBS, LOGITS)
#: What the mode switch shows for each mode (the mode itself, in the URL, is the same in every language).
MODE_LABELS = {PROBS: N_("Probabilities"), LOGITS: N_("Logits")}
K_MIN, K_MAX = 2, 10
#: Logit written for a probability of 0 when switching to logits (softmax then gives about 1e-22).
ZERO_LOGIT = -50.0
#: Largest |logit| accepted.
LOGIT_LIMIT = 1e6


@dataclass(frozen=True)
class PQPreset:
    """A ready-made pair of distributions and what it shows (``label`` and ``help`` marked with ``N_``)."""

    key: str
    label: str
    p: tuple[float, ...]
    q: tuple[float, ...]
    help: str


PRESETS = (
    PQPreset(
        "asymmetric",
        N_("Two modes"),
        (0.49, 0.49, 0.01, 0.01),
        (0.25, 0.25, 0.25, 0.25),
        N_(
            "P has two likely outcomes; Q spreads evenly. KL(Q‖P) is twice KL(P‖Q): "
            "Q wastes mass where P has almost none."
        ),
    ),
    PQPreset(
        "hard",
        N_("Hard label"),
        (0.0, 1.0, 0.0),
        (0.3, 0.6, 0.1),
        N_("A one-hot P, as in classification: KL(P‖Q) = H(P, Q) = −log 0.6, the CE loss; KL(Q‖P) is infinite."),
    ),
    PQPreset(
        "soft",
        N_("Soft label"),
        (0.05, 0.9, 0.05),
        (0.3, 0.6, 0.1),
        N_("A smoothed label (label smoothing ε = 0.15): H(P) > 0, so CE and KL differ by it; both KLs are finite."),
    ),
    PQPreset(
        "zero",
        N_("Q = 0 somewhere"),
        (0.5, 0.3, 0.2),
        (0.5, 0.5, 0.0),
        N_("Q gives outcome 3 probability 0 although P says it happens: KL(P‖Q) = ∞."),
    ),
    PQPreset(
        "equal",
        N_("P = Q"),
        (0.7, 0.2, 0.1),
        (0.7, 0.2, 0.1),
        N_("The computer that boots, fails or explodes (0.7, 0.2, 0.1), against itself: both KLs are 0."),
    ),
)
DEFAULT = PRESETS[0]


@dataclass(frozen=True)
class PQInput:
    """What `pq_input` read: P and Q (each summing to 1), or ``None`` where the input is unusable."""

    p: FloatArray | None
    q: FloatArray | None
    mode: str
    ok: bool

    @property
    def k(self) -> int:
        return 0 if self.p is None else int(self.p.size)


def format_values(values: Sequence[float] | FloatArray, digits: int = 10) -> str:
    """Comma-separated numbers with ``digits`` significant digits (enough to sum to 1 within tolerance)."""
    return ", ".join(f"{float(v) + 0.0:.{digits}g}" for v in np.asarray(values, dtype=np.float64).ravel())


def logits_of(p: Sequence[float] | FloatArray) -> FloatArray:
    """Logits whose softmax is ``p``: ``log p`` shifted so the largest is 0; a zero becomes `ZERO_LOGIT`."""
    a = np.asarray(p, dtype=np.float64)
    with np.errstate(divide="ignore"):
        logs = np.where(a > 0, np.log(np.where(a > 0, a, 1.0)), -np.inf)
    logs = logs - logs.max()
    result: FloatArray = np.round(np.maximum(logs, ZERO_LOGIT), 6)
    return result


_DEFAULT_TEXT = {
    "kl_p": format_values(DEFAULT.p, 6),
    "kl_q": format_values(DEFAULT.q, 6),
    "kl_p_logits": format_values(logits_of(DEFAULT.p), 6),
    "kl_q_logits": format_values(logits_of(DEFAULT.q), 6),
}


def _apply_preset(preset: PQPreset) -> None:
    ss = st.session_state
    mode = ss.get("kl_mode", PROBS)
    if mode == LOGITS and (0.0 in preset.p or 0.0 in preset.q):
        mode = PROBS  # a logit cannot say "exactly 0": show zeros as probabilities
    ss["kl_mode"] = mode
    for name, values in (("p", preset.p), ("q", preset.q)):
        ss[f"kl_{name}"] = format_values(values, 6) if mode == PROBS else _DEFAULT_TEXT[f"kl_{name}"]
        ss[f"kl_{name}_logits"] = (
            format_values(logits_of(values), 6) if mode == LOGITS else _DEFAULT_TEXT[f"kl_{name}_logits"]
        )


def _normalise(key: str, values: FloatArray) -> None:
    st.session_state[key] = format_values(normalize(values))


def _carry_over() -> None:
    """After a change of mode, show the P and Q being edited in the new mode's fields (where they parse)."""
    ss = st.session_state
    to_logits = ss.get("kl_mode") == LOGITS
    for name in ("p", "q"):
        src = f"kl_{name}" if to_logits else f"kl_{name}_logits"
        dst = f"kl_{name}_logits" if to_logits else f"kl_{name}"
        try:
            if to_logits:
                values = parse_probabilities(str(ss.get(src, _DEFAULT_TEXT[src])))
                ss[dst] = format_values(logits_of(normalize(values)), 6)
            else:
                values = parse_numbers(str(ss.get(src, _DEFAULT_TEXT[src])))
                ss[dst] = format_values(softmax(values))
        except ValueError:
            continue  # unusable text stays where it is; the new mode shows its own fields


def preset_buttons() -> None:
    """One button per preset, in a row (wrapping on narrow screens)."""
    buttons = row()
    for preset in PRESETS:
        buttons.button(
            _(preset.label),
            key=f"kl_preset_{preset.key}",
            help=_(preset.help),
            on_click=_apply_preset,
            args=(preset,),
            width="stretch",
        )


def _read(name: str, text: str, mode: str, where: DeltaGenerator) -> FloatArray | None:
    """Parse one distribution; on failure show what to fix in ``where`` and return None."""
    label = name.upper()
    try:
        if mode == PROBS:
            values = parse_probabilities(text, _("probabilities of {label}", label=label), max_count=K_MAX)
        else:
            values = parse_numbers(text, _("logits of {label}", label=label), max_count=K_MAX)
            if np.abs(values).max() > LOGIT_LIMIT:
                raise InputError(
                    N_("The logits of {label} must lie within ±{limit}."), label=label, limit=f"{LOGIT_LIMIT:g}"
                )
    except InputError as exc:
        where.error(_("{error} ({low} to {high} values.)", error=describe(exc), low=K_MIN, high=K_MAX))
        return None
    if values.size < K_MIN:
        where.error(
            ngettext(
                "{label} has {n} value; give {low} to {high}, one per outcome.",
                "{label} has {n} values; give {low} to {high}, one per outcome.",
                int(values.size),
                label=label,
                low=K_MIN,
                high=K_MAX,
            )
        )
        return None
    if mode == LOGITS:
        return softmax(values)
    total = float(values.sum())
    if abs(total - 1.0) > SUM_TOLERANCE:
        where.warning(
            _(
                "{label} sums to {total}, not 1, so it is not a probability distribution. "
                "Normalise it (divide each value by {total}), or edit the numbers.",
                label=label,
                total=f"{total:.6g}",
            )
        )
        where.button(
            _("Normalise {label}", label=label),
            key=f"kl_normalise_{name}",
            on_click=_normalise,
            args=(f"kl_{name}", values),
            type="primary",
        )
        return None
    return values / total  # within tolerance of 1: remove the last rounding so the sum is 1 to the last bit


def pq_input() -> PQInput:
    """Draw the mode switch and the two fields; return P and Q (or None for what cannot be used)."""
    mode = st.segmented_control(
        _("Enter P and Q as"),
        MODES,
        format_func=translated_choice("kl_mode", MODE_LABELS),
        default=PROBS,
        key="kl_mode",
        bind="query-params",
        required=True,
        on_change=_carry_over,
        help=_(
            "Probabilities: non-negative numbers summing to 1 (zeros allowed). "
            "Logits: any real numbers, turned into probabilities by softmax (never exactly 0)."
        ),
    )
    mode = mode if mode in MODES else PROBS
    left, right = st.columns(2)
    suffix = "" if mode == PROBS else "_logits"
    p_text = left.text_input(
        _("P, the truth: probabilities") if mode == PROBS else _("P, the truth: logits"),
        value=_DEFAULT_TEXT[f"kl_p{suffix}"],
        key=f"kl_p{suffix}",
        bind="query-params",
        max_chars=400,
        help=_("{low} to {high} numbers separated by commas or spaces.", low=K_MIN, high=K_MAX),
    )
    q_text = right.text_input(
        _("Q, the model: probabilities") if mode == PROBS else _("Q, the model: logits"),
        value=_DEFAULT_TEXT[f"kl_q{suffix}"],
        key=f"kl_q{suffix}",
        bind="query-params",
        max_chars=400,
        help=_("As many numbers as P has."),
    )
    p = _read("p", str(p_text), mode, left)
    q = _read("q", str(q_text), mode, right)
    if p is not None and q is not None and p.size != q.size:
        st.error(
            _("P has {p} outcomes and Q has {q}; give both the same number of values.", p=int(p.size), q=int(q.size))
        )
        return PQInput(None, None, mode, False)
    return PQInput(p, q, mode, p is not None and q is not None)


def outcome_list(indices: Iterable[int] | ArrayLike) -> str:
    """``outcome 3`` or ``outcomes 1 and 3`` or ``outcomes 1, 2 and 4`` (1-based), in the reader's language."""
    nums = [str(int(i) + 1) for i in np.asarray(indices).ravel()]
    if len(nums) == 1:
        return _("outcome {n}", n=nums[0])
    # The separator of a list of numbers is a message of its own: "、" in Chinese.
    return _("outcomes {first} and {last}", first=_(", ").join(nums[:-1]), last=nums[-1])
