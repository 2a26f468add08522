"""Input checks shared by every public function.

Every check raises :class:`ValueError` with a message that names the parameter, the value
received and the range that is allowed, e.g.::

    g_hardware must be a finite number > 0; got -1.0

The checks accept scalars and array-likes (every element is checked) and return the value as a
float or a float ndarray, so callers can validate and convert in one step.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "as_float_array",
    "check_finite",
    "check_positive",
    "check_nonnegative",
    "check_open_interval",
    "check_at_least",
    "finite_or_none",
]


def _describe(value: Any) -> str:
    """Short text for a (possibly array) value, for error messages."""
    arr = np.asarray(value)
    if arr.ndim == 0:
        return repr(arr.item())
    return f"array of shape {arr.shape}"


def as_float_array(name: str, value: ArrayLike) -> np.ndarray:
    """Convert ``value`` to a float ndarray, or raise a ValueError naming ``name``.

    Examples
    --------
    >>> as_float_array("t", [0, 1.5]).tolist()
    [0.0, 1.5]
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers; got {value!r}") from None
    return arr


def _first_bad(arr: np.ndarray, bad: np.ndarray) -> str:
    if arr.ndim == 0:
        return repr(arr.item())
    idx = np.argwhere(bad)[0]
    pos = tuple(int(i) for i in idx)
    pos_text = pos[0] if len(pos) == 1 else pos
    return f"{arr[tuple(idx)].item()!r} at index {pos_text}"


def check_finite(name: str, value: ArrayLike) -> np.ndarray:
    """Return ``value`` as floats; raise if any element is NaN or infinite.

    Examples
    --------
    >>> float(check_finite("t", 2))
    2.0
    >>> check_finite("t", [0.0, float("nan")])
    Traceback (most recent call last):
    ...
    ValueError: t must be finite (not NaN or infinite); got nan at index 1
    """
    arr = as_float_array(name, value)
    bad = ~np.isfinite(arr)
    if np.any(bad):
        raise ValueError(f"{name} must be finite (not NaN or infinite); got {_first_bad(arr, bad)}")
    return arr


def check_positive(name: str, value: ArrayLike) -> np.ndarray:
    """Return ``value`` as floats; raise unless every element is finite and > 0.

    Examples
    --------
    >>> check_positive("g_hardware", -1.0)
    Traceback (most recent call last):
    ...
    ValueError: g_hardware must be a finite number > 0; got -1.0
    """
    arr = as_float_array(name, value)
    bad = ~(np.isfinite(arr) & (arr > 0))
    if np.any(bad):
        raise ValueError(f"{name} must be a finite number > 0; got {_first_bad(arr, bad)}")
    return arr


def check_nonnegative(name: str, value: ArrayLike) -> np.ndarray:
    """Return ``value`` as floats; raise unless every element is finite and >= 0.

    Examples
    --------
    >>> float(check_nonnegative("t", 0))
    0.0
    """
    arr = as_float_array(name, value)
    bad = ~(np.isfinite(arr) & (arr >= 0))
    if np.any(bad):
        raise ValueError(f"{name} must be a finite number >= 0; got {_first_bad(arr, bad)}")
    return arr


def check_at_least(name: str, value: ArrayLike, lower: float, why: str = "") -> np.ndarray:
    """Return ``value`` as floats; raise unless every element is finite and >= ``lower``.

    Examples
    --------
    >>> check_at_least("g_investment", 0.9, 1.0, "for a peak to exist")
    Traceback (most recent call last):
    ...
    ValueError: g_investment must be a finite number >= 1.0 for a peak to exist; got 0.9
    """
    arr = as_float_array(name, value)
    bad = ~(np.isfinite(arr) & (arr >= lower))
    if np.any(bad):
        suffix = f" {why}" if why else ""
        raise ValueError(
            f"{name} must be a finite number >= {lower}{suffix}; got {_first_bad(arr, bad)}"
        )
    return arr


def check_open_interval(name: str, value: ArrayLike, lower: float, upper: float) -> np.ndarray:
    """Return ``value`` as floats; raise unless every element lies strictly in (lower, upper).

    Examples
    --------
    >>> check_open_interval("alpha", 0.7, 0.0, 0.5)
    Traceback (most recent call last):
    ...
    ValueError: alpha must lie in the open interval (0.0, 0.5); got 0.7
    """
    arr = as_float_array(name, value)
    bad = ~(np.isfinite(arr) & (arr > lower) & (arr < upper))
    if np.any(bad):
        raise ValueError(
            f"{name} must lie in the open interval ({lower}, {upper}); got {_first_bad(arr, bad)}"
        )
    return arr


def finite_or_none(value: float) -> float | None:
    """``value`` as a float, or ``None`` when it is NaN or infinite (for JSON output).

    Examples
    --------
    >>> finite_or_none(1), finite_or_none(float("nan"))
    (1.0, None)
    """
    value = float(value)
    return value if math.isfinite(value) else None
