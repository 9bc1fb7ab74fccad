"""Argument checks shared by the `core` modules.

Every public function converts its inputs here, so that a bad argument fails
early with a message that names the argument, the offending value and where it
sits, instead of surfacing later as a NaN or a silently wrong number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Largest |sum(p) - 1| accepted for a probability distribution.  Loose enough
#: for float32 round-off and for numbers typed with six decimals, tight enough
#: to catch a distribution that was never normalised.  See `normalize`.
SUM_TOLERANCE = 1e-6

REDUCTIONS = ("none", "mean", "sum")


def _where(mask: NDArray[np.bool_]) -> str:
    """Describe the first True position of ``mask`` as ``[i, j]`` (or ``''`` for a scalar)."""
    if mask.ndim == 0:
        return ""
    idx = np.unravel_index(int(np.argmax(mask)), mask.shape)
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


def as_float_array(x: ArrayLike, name: str, *, allow_empty: bool = False) -> FloatArray:
    """Convert ``x`` to a float64 array, rejecting non-numbers, NaN and infinities."""
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be numeric, got the string {x!r}")
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of numbers; {exc}") from None
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty")
    bad = ~np.isfinite(arr)
    if bad.any():
        value = arr[np.unravel_index(int(np.argmax(bad)), arr.shape)] if arr.ndim else arr
        raise ValueError(f"{name}{_where(bad)} is {float(value)}; every value must be finite")
    return arr


def as_probabilities(x: ArrayLike, name: str) -> FloatArray:
    """A float array whose entries all lie in [0, 1] (not necessarily summing to 1)."""
    arr = as_float_array(x, name)
    bad = (arr < 0) | (arr > 1)
    if bad.any():
        value = arr[np.unravel_index(int(np.argmax(bad)), arr.shape)] if arr.ndim else arr
        raise ValueError(f"{name}{_where(bad)} = {float(value)} is outside [0, 1]")
    return arr


def as_distribution(x: ArrayLike, name: str, axis: int) -> FloatArray:
    """A float array of probability distributions along ``axis``.

    Raises ``ValueError`` when an entry is negative or not finite, or when a
    slice along ``axis`` does not sum to 1 within `SUM_TOLERANCE`.
    """
    arr = as_float_array(x, name)
    if arr.ndim == 0:
        raise ValueError(f"{name} must have at least one dimension, got the scalar {float(arr)}")
    axis = _check_axis(axis, arr.ndim, name)
    neg = arr < 0
    if neg.any():
        value = arr[np.unravel_index(int(np.argmax(neg)), arr.shape)]
        raise ValueError(f"{name}{_where(neg)} = {float(value)} is negative; probabilities are >= 0")
    sums = arr.sum(axis=axis)
    off = np.abs(sums - 1.0) > SUM_TOLERANCE
    if np.any(off):
        total = float(np.asarray(sums)[np.unravel_index(int(np.argmax(off)), np.shape(off))])
        where = _where(np.asarray(off))
        slice_desc = f" slice {where}" if where else ""
        raise ValueError(
            f"{name}{slice_desc} sums to {total:.10g}, not 1 (tolerance {SUM_TOLERANCE:g}); "
            "normalise it first, e.g. with core.normalize"
        )
    return arr


def _check_axis(axis: int, ndim: int, name: str) -> int:
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"axis must be an integer, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis={axis} is out of range for {name} with {ndim} dimension(s)")
    return int(axis)


def same_shape(a: NDArray[Any], b: NDArray[Any], name_a: str, name_b: str) -> None:
    """Raise ``ValueError`` unless two arrays have the same shape."""
    if a.shape != b.shape:
        raise ValueError(f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}; they must match")


def check_reduction(reduction: str, allowed: Sequence[str] = REDUCTIONS) -> str:
    """Return ``reduction`` if it is one of ``allowed``, else raise ``ValueError``."""
    if not isinstance(reduction, str) or reduction not in allowed:
        options = ", ".join(repr(r) for r in allowed)
        raise ValueError(f"reduction must be one of {options}; got {reduction!r}")
    return reduction


def check_scalar(
    value: float,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
) -> float:
    """A finite real number within ``[low, high]`` (``(low, high]`` with ``low_open``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    v = float(value)
    if not np.isfinite(v):
        raise ValueError(f"{name} must be finite, got {v}")
    if low is not None and (v < low or (low_open and v == low)):
        bracket = "(" if low_open else "["
        hi = "inf" if high is None else f"{high:g}"
        raise ValueError(f"{name} must be in {bracket}{low:g}, {hi}], got {v:g}")
    if high is not None and v > high:
        lo = "-inf" if low is None else f"{low:g}"
        raise ValueError(f"{name} must be in [{lo}, {high:g}], got {v:g}")
    return v


def log_base(base: float | None) -> float:
    """``log(base)``, the divisor that turns nats into units of ``base`` (1 for nats)."""
    if base is None:
        return 1.0
    b = check_scalar(base, "base", low=0.0, low_open=True)
    if b == 1.0:
        raise ValueError("base must not be 1 (log 1 = 0)")
    return float(np.log(b))


def class_targets(
    target: ArrayLike, n_classes: int, batch_shape: tuple[int, ...], *, ignore_index: int | None
) -> IntArray:
    """Integer class indices of shape ``batch_shape``, each in ``[0, n_classes)`` or ``ignore_index``."""
    arr = np.asarray(target)
    if arr.dtype == np.bool_ or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(
            f"target must hold integer class indices (dtype {arr.dtype} given); "
            "pass class probabilities with the same shape as the input instead"
        )
    if arr.shape != batch_shape:
        raise ValueError(f"target has shape {arr.shape}, expected {batch_shape} (one class index per sample)")
    arr = arr.astype(np.int64, copy=False)
    valid = (arr >= 0) & (arr < n_classes)
    if ignore_index is not None:
        valid |= arr == ignore_index
    if not valid.all():
        bad = ~valid
        value = int(arr[np.unravel_index(int(np.argmax(bad)), arr.shape)] if arr.ndim else arr)
        extra = f", or ignore_index={ignore_index}" if ignore_index is not None else ""
        raise ValueError(
            f"target{_where(bad)} = {value} is out of range for {n_classes} classes "
            f"(valid: 0 to {n_classes - 1}{extra})"
        )
    return arr


def class_vector(
    values: ArrayLike | None, name: str, n_classes: int, *, low: float = 0.0, high: float | None = None
) -> FloatArray | None:
    """An optional per-class vector of length ``n_classes`` with entries in ``[low, high]``."""
    if values is None:
        return None
    arr = as_float_array(values, name)
    if arr.shape != (n_classes,):
        raise ValueError(f"{name} has shape {arr.shape}, expected ({n_classes},): one value per class")
    bad = arr < low
    if high is not None:
        bad |= arr > high
    if bad.any():
        i = int(np.argmax(bad))
        hi = "inf" if high is None else f"{high:g}"
        raise ValueError(f"{name}[{i}] = {arr[i]:g} is outside [{low:g}, {hi}]")
    return arr
