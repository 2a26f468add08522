"""Input checks shared by every public function.

Every check raises :class:`ValueError` with a message that names the parameter, the value
received and the range that is allowed, e.g.::

    g_hardware must be a finite number > 0; got -1.0

The checks accept scalars and array-likes (every element is checked) and return the value as a
float or a float ndarray, so callers can validate and convert in one step.

Type contract (every public function of meekbook, through :func:`as_float_array`):

* **accepted** as numbers: ``int``, ``float``, :class:`~decimal.Decimal`,
  :class:`~fractions.Fraction`, NumPy integer and float scalars, and non-empty rectangular
  sequences / arrays of them;
* **refused** with :class:`ParameterTypeError` (a ``TypeError`` that is also a ``ValueError``):
  ``bool`` and NumPy booleans, ``str`` (also numeric strings such as ``"3.5"``), ``bytes``,
  ``None``, complex numbers, ``datetime64`` / ``timedelta64``, masked arrays (the mask would be
  dropped silently), empty or ragged sequences, and any other object;
* **refused** with ``ValueError``: integers too large for a float (``10**400``), and, in the
  ``check_*`` functions, NaN, infinity and values outside the documented range;
* object parameters (``params=``, ``law=``...): :func:`check_instance` (a ``TypeError``).

Sizes are bounded before anything is allocated (:func:`check_size`, :data:`MAX_SAMPLES`,
:data:`MAX_GRID`), and text numbers -- command-line options and CSV cells alike -- follow one
grammar, :data:`NUMBER_GRAMMAR` (plain ASCII decimal or scientific notation; no ``0_5``, no
non-ASCII digits, no ``inf`` or ``nan``), matched in linear time (option values are also
capped at :data:`MAX_TEXT` characters).
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import os
import re
import stat
from decimal import Decimal
from typing import Any, Callable, TypeVar

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "ParameterTypeError", "as_float_array", "as_scalar", "check_int", "check_bool", "check_finite_result",
    "finite_output", "check_finite", "check_positive", "check_nonnegative", "check_open_interval",
    "check_at_least", "finite_or_none", "MAX_SAMPLES", "MAX_GRID", "MAX_TEXT", "NUMBER_GRAMMAR",
    "parse_number_text", "parse_int_text", "check_size", "check_instance", "file_kind",
]

#: Largest number of random draws / samples any function allocates (about 16 MB per float column).
MAX_SAMPLES = 2_000_000
MAX_GRID = 1_000_000  #: Largest number of points of any time or parameter grid.
#: Longest text accepted as a number by :func:`parse_number_text` (command-line options).
MAX_TEXT = 100

#: The one number grammar of the command line and the CSV reader: an optional sign, ASCII
#: digits with an optional decimal point, an optional exponent. Every branch consumes distinct
#: characters, so matching is linear in the length of the text.
NUMBER_GRAMMAR = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z", re.ASCII)
_INT_GRAMMAR = re.compile(r"[+-]?[0-9]+\Z", re.ASCII)


def parse_number_text(name: str, text: str) -> float:
    """``text`` as a finite float under :data:`NUMBER_GRAMMAR`, or a ValueError naming ``name``.

    Examples
    --------
    >>> parse_number_text("--price-min", "0.5")
    0.5
    >>> parse_number_text("--price-min", "0_5")
    Traceback (most recent call last):
    ...
    ValueError: --price-min must be a plain number (ASCII digits, e.g. 0.5 or 1e-3); got '0_5'
    """
    if not isinstance(text, str):
        raise ParameterTypeError(f"{name} must be a string; got {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise ValueError(f"{name} must be a number of at most {MAX_TEXT} characters; got {len(text)} characters")
    stripped = text.strip()
    if not NUMBER_GRAMMAR.match(stripped):
        raise ValueError(f"{name} must be a plain number (ASCII digits, e.g. 0.5 or 1e-3); got {_short(text)}")
    value = float(stripped)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number of magnitude <= {_FLOAT_MAX:.4g}; got {_short(text)}")
    return value


def parse_int_text(name: str, text: str, lower: int = 0, upper: int | None = None) -> int:
    """``text`` as an int in ``[lower, upper]`` (ASCII digits only), or a ValueError naming ``name``.

    Examples
    --------
    >>> parse_int_text("--draws", "1_000", 1, 2_000_000)
    Traceback (most recent call last):
    ...
    ValueError: --draws must be an integer >= 1 and <= 2,000,000 (ASCII digits); got '1_000'
    """
    bound = f">= {lower:,}" if upper is None else f">= {lower:,} and <= {upper:,}"
    message = f"{name} must be an integer {bound} (ASCII digits); got {_short(text)}"
    if not isinstance(text, str):
        raise ParameterTypeError(f"{name} must be a string; got {type(text).__name__}")
    stripped = text.strip()
    if len(stripped) > MAX_TEXT or not _INT_GRAMMAR.match(stripped):
        raise ValueError(message)
    value = int(stripped)
    if value < lower or (upper is not None and value > upper):
        raise ValueError(message)
    return value


def check_size(name: str, value: Any, upper: int, lower: int = 1) -> int:
    """An allocation size: an int in ``[lower, upper]``, checked before anything is allocated.

    Examples
    --------
    >>> check_size("draws", 10**12, MAX_SAMPLES)
    Traceback (most recent call last):
    ...
    ValueError: draws must be an integer >= 1 and <= 2000000 (the memory bound); got 1000000000000
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise ParameterTypeError(
            f"{name} must be an integer >= {lower} and <= {upper}; got {_short(value)} ({type(value).__name__})"
        )
    out = int(value)
    if not lower <= out <= upper:
        raise ValueError(f"{name} must be an integer >= {lower} and <= {upper} (the memory bound); got {out}")
    return out


def check_instance(name: str, value: Any, cls: type | tuple[type, ...], allow_none: bool = False) -> Any:
    """``value`` if it is an instance of ``cls`` (or ``None`` when allowed), else a TypeError naming ``name``."""
    if (value is None and allow_none) or isinstance(value, cls):
        return value
    names = " or ".join(c.__name__ for c in (cls if isinstance(cls, tuple) else (cls,)))
    raise ParameterTypeError(f"{name} must be a {names}; got {_short(value)} ({type(value).__name__})")


def file_kind(path: Any) -> str | None:
    """``None`` for a regular file or a missing path, else what it is (``"a FIFO (named pipe)"``...).

    Uses :func:`os.stat` only: nothing is opened (opening a FIFO blocks until a writer comes).
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None  # missing or unreadable: the opener reports it with its own message
    if stat.S_ISREG(mode):
        return None
    return ("a folder" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
            else "a character device" if stat.S_ISCHR(mode) else "a block device" if stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")


def _describe(value: Any) -> str:
    """Short text for a (possibly array) value, for error messages."""
    arr = np.asarray(value)
    if arr.ndim == 0:
        return repr(arr.item())
    return f"array of shape {arr.shape}"


class ParameterTypeError(TypeError, ValueError):
    """A parameter of the wrong type (a string, a boolean, ``None``, an empty or ragged array...).

    A :class:`TypeError`; also a :class:`ValueError`, so code that catches the bad-input
    ``ValueError`` of every check also catches it.
    """


#: Largest magnitude accepted for any number (beyond it float arithmetic overflows).
_FLOAT_MAX = float(np.finfo(float).max)


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _is_real_scalar(item: Any) -> bool:
    return isinstance(item, (numbers.Real, Decimal, np.integer, np.floating)) and not isinstance(
        item, (bool, np.bool_, np.timedelta64, np.datetime64)
    )


def as_float_array(name: str, value: ArrayLike) -> np.ndarray:
    """Convert ``value`` to a float ndarray, or raise naming ``name``.

    Accepted: real numbers (``int``, ``float``, :class:`~decimal.Decimal`,
    :class:`~fractions.Fraction`, NumPy integer and float scalars) and non-empty, rectangular
    arrays or sequences of them. Rejected with :class:`ParameterTypeError` (a ``TypeError``):
    booleans, strings and bytes (also ``"3.5"``), ``None``, complex numbers, dates, empty or
    ragged sequences and anything else; with ``ValueError``: integers too large for a float.
    NaN and infinity pass here; the ``check_*`` functions reject them.

    Examples
    --------
    >>> as_float_array("t", [0, 1.5]).tolist()
    [0.0, 1.5]
    >>> as_float_array("g_investment", "3.5")
    Traceback (most recent call last):
    ...
    meekbook.validation.ParameterTypeError: g_investment must be a real number or a non-empty array of real numbers (not a string, boolean or None); got '3.5' (str)
    """
    allowed = "a real number or a non-empty array of real numbers (not a string, boolean or None)"
    if isinstance(value, np.ma.MaskedArray):
        raise ParameterTypeError(f"{name} must be {allowed}; got a masked array (its mask would be ignored)")
    if _is_real_scalar(value):
        try:
            return np.asarray(float(value))
        except (OverflowError, ValueError):
            raise ValueError(
                f"{name} must be a finite number of magnitude <= {_FLOAT_MAX:.4g}; got {_short(value)}"
            ) from None
    if isinstance(value, (str, bytes, bool, np.bool_, complex, np.complexfloating)) or value is None:
        raise ParameterTypeError(f"{name} must be {allowed}; got {_short(value)} ({type(value).__name__})")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise ParameterTypeError(
            f"{name} must be {allowed}; got a ragged or unreadable {type(value).__name__}"
        ) from None
    if raw.size == 0:
        raise ParameterTypeError(f"{name} must be {allowed}; got an empty {type(value).__name__}")
    kind = raw.dtype.kind
    if kind in "iuf":
        return raw.astype(float)
    if kind == "O":
        flat = raw.ravel()
        for i, item in enumerate(flat):
            if not _is_real_scalar(item):
                pos = int(i) if raw.ndim <= 1 else tuple(int(j) for j in np.unravel_index(i, raw.shape))
                raise ParameterTypeError(
                    f"{name} must be {allowed}; got {_short(item)} ({type(item).__name__}) at index {pos}"
                )
        try:
            return np.asarray([float(item) for item in flat], dtype=float).reshape(raw.shape)
        except (OverflowError, ValueError):
            raise ValueError(
                f"{name} must hold finite numbers of magnitude <= {_FLOAT_MAX:.4g}; got an integer too large"
            ) from None
    what = {"b": "booleans", "U": "strings", "S": "bytes", "c": "complex numbers",
            "M": "dates", "m": "time spans", "V": "records"}.get(kind, f"dtype {raw.dtype}")
    raise ParameterTypeError(f"{name} must be {allowed}; got an array of {what}")


def as_scalar(name: str, value: Any) -> float:
    """``value`` as one float (a 0-d or one-element input is not enough: it must be a scalar).

    Examples
    --------
    >>> as_scalar("t_max", 50)
    50.0
    """
    arr = as_float_array(name, value)
    if arr.ndim != 0:
        kind = type(value).__name__
        raise ParameterTypeError(f"{name} must be a single number; got a {kind} of shape {arr.shape}")
    return float(arr)


def check_int(name: str, value: Any, lower: int = 0, upper: int | None = None) -> int:
    """``value`` as an ``int`` in ``[lower, upper]``; booleans, floats and strings are rejected.

    Examples
    --------
    >>> check_int("n_bootstrap", 1000, 0, 1_000_000)
    1000
    >>> check_int("seed", True)
    Traceback (most recent call last):
    ...
    meekbook.validation.ParameterTypeError: seed must be an integer >= 0; got True (bool)
    """
    bound = f">= {lower}" if upper is None else f">= {lower} and <= {upper}"
    if isinstance(value, (bool, np.bool_, np.timedelta64)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise ParameterTypeError(f"{name} must be an integer {bound}; got {value!r} ({type(value).__name__})")
    out = int(value)
    if out < lower or (upper is not None and out > upper):
        raise ValueError(f"{name} must be an integer {bound}; got {out!r}")
    return out


def check_bool(name: str, value: Any) -> bool:
    """``value`` if it is ``True`` or ``False`` (also NumPy booleans); anything else is rejected.

    Examples
    --------
    >>> check_bool("clip", 1)
    Traceback (most recent call last):
    ...
    meekbook.validation.ParameterTypeError: clip must be True or False; got 1 (int)
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise ParameterTypeError(f"{name} must be True or False; got {value!r} ({type(value).__name__})")


def check_finite_result(name: str, value: Any, where: str) -> Any:
    """Return ``value`` if every element is finite, else raise a ValueError explaining ``where``.

    Used on results that would otherwise overflow to infinity (or NaN) for inputs at the far
    edge of the float range.

    Examples
    --------
    >>> check_finite_result("loss gap", 0.2, "t")
    0.2
    """
    arr = np.asarray(value, dtype=float)
    bad = ~np.isfinite(arr)
    if np.any(bad):
        raise ValueError(
            f"the {name} is not representable as a float (it overflows) for {where}; "
            "use inputs closer to the model's range"
        )
    return value


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


_F = TypeVar("_F", bound=Callable[..., Any])


def _all_finite(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_all_finite(v) for v in value.values())
    if isinstance(value, tuple):
        return all(_all_finite(v) for v in value)
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return True
    return bool(np.all(np.isfinite(arr)))


def finite_output(argument: str) -> Callable[[_F], _F]:
    """Decorator: the function's result is finite, or a ValueError names ``argument``'s value.

    The function runs with NumPy's floating-point warnings silenced (no ``RuntimeWarning``
    escapes); if any element of the result is NaN or infinite -- an input at the far edge of the
    float range, e.g. ``t = -1e300`` years -- a :class:`ValueError` names the argument and its
    value instead.

    Examples
    --------
    >>> @finite_output("x")
    ... def inverse(x):
    ...     return 1.0 / np.asarray(x, dtype=float)
    >>> inverse(0.0)
    Traceback (most recent call last):
    ...
    ValueError: x = 0.0 gives a result that is not a finite float (it overflows); allowed: values for which the result is representable
    """

    def decorate(func: _F) -> _F:
        signature = inspect.signature(func)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                with np.errstate(all="ignore"):
                    result = func(*args, **kwargs)
            except ValueError as err:
                if "could not be broadcast" not in str(err):
                    raise
                raise ValueError(
                    f"{argument} and the array-valued parameters have shapes that do not "
                    f"broadcast together ({err}); use matching shapes or scalars"
                ) from None
            if not _all_finite(result):
                bound = signature.bind(*args, **kwargs)
                bound.apply_defaults()
                shown = bound.arguments.get(argument)
                arr = np.asarray(shown, dtype=float) if shown is not None else None
                text = repr(shown)
                if arr is not None and arr.ndim and isinstance(result, np.ndarray) and result.shape == arr.shape:
                    text = _first_bad(arr, ~np.isfinite(result))
                elif arr is not None and arr.ndim:
                    text = f"an array spanning [{np.min(arr):.4g}, {np.max(arr):.4g}]"
                raise ValueError(
                    f"{argument} = {text} gives a result that is not a finite float (it overflows); "
                    "allowed: values for which the result is representable"
                )
            return result

        return wrapper  # type: ignore[return-value]

    return decorate
