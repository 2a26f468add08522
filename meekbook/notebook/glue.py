"""Helpers for the book's chapters: putting computed numbers into the prose.

A number in a chapter's sentence is never typed in: a code cell computes it and *glues* it under
a name, and the prose shows it with ``{glue:text}`name:.2f```. :func:`glue` is the one way the
chapters do this. It rounds numbers to a few significant digits (the golden notebooks store the
glued value's text, and full-precision floats would make the nbval comparison fragile) and works
where the book's tools are absent: run outside Jupyter, or on Colab without the ``book`` extra
(no ``myst_nb``), it glues nothing and simply returns the rounded value.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

__all__ = ["glue", "rounded"]


def rounded(value: Any, digits: int = 6) -> Any:
    """``value`` as a plain Python number rounded to ``digits`` significant digits.

    Booleans and integers (Python or numpy) come back as ``bool``/``int`` unchanged; real
    numbers (Python, numpy) as a ``float`` with ``digits`` significant digits; anything else
    (a string, a DataFrame, a figure) is returned as it is.

    Parameters
    ----------
    value : object
        The value to glue.
    digits : int
        Significant digits kept for real numbers, 1 to 17.

    Returns
    -------
    object
        The rounded number, or ``value`` itself when it is not a number.

    Raises
    ------
    ValueError
        If ``digits`` is outside 1..17 or a real ``value`` is NaN or infinite (a number the
        prose cannot state).
    TypeError
        If ``digits`` is not an integer.

    Examples
    --------
    >>> rounded(3.3594871234)
    3.35949
    >>> rounded(123456789.0, digits=3)
    123000000.0
    >>> rounded(7)
    7
    >>> rounded("March 2024")
    'March 2024'
    """
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral):
        raise TypeError(f"digits must be an integer, got {digits!r}")
    if not 1 <= digits <= 17:
        raise ValueError(f"digits must be between 1 and 17, got {digits}")
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        out = float(f"{number:.{digits}g}") if math.isfinite(number) else number
        if not math.isfinite(out):  # also 1.7e308 rounded to 2e308: it overflows
            raise ValueError(f"value must be a finite number to glue (<= 1.797e308 after rounding to "
                             f"{digits} digits), got {value!r:.60}")
        return out
    return value


def glue(name: str, value: Any, *, digits: int = 6, display: bool = False) -> Any:
    """Glue ``value`` under ``name`` for ``{glue:text}`` references in the chapter's prose.

    Numbers are rounded with :func:`rounded` first. Uses :func:`myst_nb.glue` when myst-nb is
    installed and the code runs in an IPython kernel; otherwise (plain Python, Colab without
    the ``book`` extra) it glues nothing. Either way it returns the glued value.

    Parameters
    ----------
    name : str
        The glue key (prefixed by the chapter's topic, e.g. ``ge_peak``).
    value : object
        A number, a string, or any object myst-nb can glue (a DataFrame, a figure).
    digits : int
        Significant digits kept for real numbers.
    display : bool
        Also show the value in the cell's output (myst-nb's ``display``; normally off).

    Returns
    -------
    object
        The value as glued (rounded when it is a number).

    Raises
    ------
    ValueError
        If ``name`` is empty or holds a space, ``:`` or a backtick, or as :func:`rounded`.
    TypeError
        If ``name`` is not a string, or as :func:`rounded`.

    Examples
    --------
    >>> glue("ge_peak", 0.211812345)   # outside a kernel: nothing is glued, the value returned
    0.211812
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {name!r}")
    if not name or any(c.isspace() or c in ":`" for c in name):
        raise ValueError(f"name must be a non-empty key without spaces, ':' or '`', got {name!r}")
    value = rounded(value, digits)
    if _in_kernel():
        try:
            from myst_nb import glue as myst_glue
        except ImportError:  # e.g. Colab without the book extra: the prose is not rendered there
            return value
        myst_glue(name, value, display=display)
    return value


def _in_kernel() -> bool:
    """True inside an IPython kernel (where glued outputs reach the notebook)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")
