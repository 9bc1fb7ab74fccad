"""Parsing what people type: numbers in text fields, matrices pasted from anywhere.

Parsers raise `InputError` with a message written for the person at the
keyboard (which row, which column, what to fix); pages show it with
`st.error` and carry on.  Nothing here computes a loss.
"""

from __future__ import annotations

import math
import re

import numpy as np

from core._validation import FloatArray

#: Largest text a field accepts, in characters; a bigger paste is refused before parsing.
MAX_TEXT_CHARS = 2_000_000

_SEPARATORS = re.compile(r"[,\s;]+")


class InputError(ValueError):
    """Input a person typed that cannot be used as it is; the message says how to fix it."""


def parse_numbers(text: str, what: str = "values", *, max_count: int = 10_000) -> FloatArray:
    """Parse numbers separated by commas, spaces or semicolons (brackets are ignored).

    Raises `InputError` for empty text, a token that is not a number, NaN or an
    infinity, or more than ``max_count`` numbers.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"The {what} text is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,}.")
    tokens = [t for t in _SEPARATORS.split(text.strip().strip("[]()").replace("[", " ").replace("]", " ")) if t]
    if not tokens:
        raise InputError(f"Enter the {what}: numbers separated by commas or spaces.")
    if len(tokens) > max_count:
        raise InputError(f"Too many {what}: {len(tokens):,} given, at most {max_count:,} allowed.")
    values = []
    for i, tok in enumerate(tokens, start=1):
        try:
            v = float(tok)
        except ValueError:
            raise InputError(f"Value {i} of the {what}, {tok!r}, is not a number.") from None
        if not math.isfinite(v):
            raise InputError(f"Value {i} of the {what} is {tok!r}; only finite numbers are allowed.")
        values.append(v)
    return np.array(values, dtype=np.float64)


def parse_probabilities(text: str, what: str = "probabilities", *, max_count: int = 10_000) -> FloatArray:
    """Parse non-negative weights (not necessarily summing to 1); at least one must be positive."""
    values = parse_numbers(text, what, max_count=max_count)
    negative = np.flatnonzero(values < 0)
    if negative.size:
        i = int(negative[0])
        raise InputError(f"Value {i + 1} of the {what} is {values[i]:g}; probabilities cannot be negative.")
    if not (values > 0).any():
        raise InputError(f"The {what} are all zero; at least one outcome needs a positive probability.")
    return values
