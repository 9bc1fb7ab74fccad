"""Parsing what people type: numbers in text fields, matrices pasted from anywhere.

Parsers raise `InputError` with a message written for the person at the
keyboard (which row, which column, what to fix); pages show it with
``st.error(i18n.describe(exc))`` and carry on.  Nothing here computes a loss.

The ``what`` a parser is given names the numbers in its messages ("values", "class weights"): an
English message marked with ``N_`` (translated when the error is shown), or text already in the
reader's language (``_("logits of row {i}", i=i)``), which stays as it is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

import numpy as np

from core._validation import FloatArray
from i18n import N_, ReaderError, _

#: Largest text a field accepts, in characters; a bigger paste is refused before parsing.
MAX_TEXT_CHARS = 2_000_000

_SEPARATORS = re.compile(r"[,\s;]+")


class Phrase:
    """A part of a message that is a message itself (``{n} rows``): English in ``str()``, translated when shown."""

    def __init__(self, message: str, /, **params: object) -> None:
        self.message, self.params = message, params

    def __str__(self) -> str:
        return self.message.format(**self.params) if self.params else self.message

    def translated(self) -> str:
        return _(self.message, **self.params)


def count(n: int, singular: str, plural: str) -> Phrase:
    """``n`` and its noun as a `Phrase`: ``count(2, N_("{n} row"), N_("{n} rows"))`` reads "2 rows"."""
    return Phrase(singular if n == 1 else plural, n=f"{n:,}")


class InputError(ReaderError):
    """Input a person typed that cannot be used as it is; the message says how to fix it.

    A `ReaderError` (so a ``ValueError``): ``str()`` is English, `i18n.describe` gives the reader's
    language.  The placeholders in `TERMS` hold words (``what`` names the numbers, ``loss`` a loss's
    title), translated when shown; a `Phrase` placeholder is translated too.
    """

    TERMS = frozenset({"what", "loss"})

    def translated(self) -> str:
        return _(self.message, **_translated_params(self.params, self.TERMS))


def _translated_params(params: Mapping[str, object], terms: frozenset[str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for k, v in params.items():
        if isinstance(v, Phrase):
            out[k] = v.translated()
        elif k in terms and isinstance(v, str):
            out[k] = _(v)
        else:
            out[k] = v
    return out


def parse_numbers(text: str, what: str = N_("values"), *, max_count: int = 10_000) -> FloatArray:
    """Parse numbers separated by commas, spaces or semicolons (brackets are ignored).

    Raises `InputError` for empty text, a token that is not a number, NaN or an
    infinity, or more than ``max_count`` numbers.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            N_("The {what} text is {chars} characters long; the limit is {limit}."),
            what=what,
            chars=f"{len(text):,}",
            limit=f"{MAX_TEXT_CHARS:,}",
        )
    tokens = [t for t in _SEPARATORS.split(text.strip().strip("[]()").replace("[", " ").replace("]", " ")) if t]
    if not tokens:
        raise InputError(N_("Enter the {what}: numbers separated by commas or spaces."), what=what)
    if len(tokens) > max_count:
        raise InputError(
            N_("Too many {what}: {count} given, at most {limit} allowed."),
            what=what,
            count=f"{len(tokens):,}",
            limit=f"{max_count:,}",
        )
    values = []
    for i, tok in enumerate(tokens, start=1):
        try:
            v = float(tok)
        except ValueError:
            raise InputError(
                N_("Value {i} of the {what}, {token}, is not a number."), i=i, what=what, token=repr(tok)
            ) from None
        if not math.isfinite(v):
            raise InputError(
                N_("Value {i} of the {what} is {token}; only finite numbers are allowed."),
                i=i,
                what=what,
                token=repr(tok),
            )
        values.append(v)
    return np.array(values, dtype=np.float64)


def parse_probabilities(text: str, what: str = N_("probabilities"), *, max_count: int = 10_000) -> FloatArray:
    """Parse non-negative weights (not necessarily summing to 1); at least one must be positive."""
    values = parse_numbers(text, what, max_count=max_count)
    negative = np.flatnonzero(values < 0)
    if negative.size:
        i = int(negative[0])
        raise InputError(
            N_("Value {i} of the {what} is {value}; probabilities cannot be negative."),
            i=i + 1,
            what=what,
            value=f"{values[i]:g}",
        )
    if not (values > 0).any():
        raise InputError(N_("The {what} are all zero; at least one outcome needs a positive probability."), what=what)
    return values
