"""Parsing one CSV cell, and reading a score column as fractions or percentages.

The lowest step of :func:`meekbook.empirical.tables.read_table`: these functions know nothing of
files and lines of a whole table; a bad value raises :class:`CellError` with the problem, and the
reader adds the file, line and column (:class:`~meekbook.empirical.tables.DataValidationError`).

Examples
--------
>>> parse_cell("float", "1.5e9")
1500000000.0
>>> parse_cell("fraction", "68.9%")
0.6890000000000001
>>> parse_cell("float", "1,000")
Traceback (most recent call last):
...
meekbook.empirical.cells.CellError: '1,000' is not a finite number; expected a plain number such as 1500, 0.62 or 1.5e9 (no thousands separators: write 1000, not 1,000)
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Sequence

import numpy as np
import pandas as pd

from ..validation import NUMBER_GRAMMAR

__all__ = ["CellError", "Percent", "parse_number", "parse_date", "parse_cell", "fraction_scale"]


class CellError(ValueError):
    """A cell (or, for :func:`fraction_scale`, a column) holds a value its column does not allow.

    Attributes
    ----------
    problem : str
        What is wrong, for the message.
    line : int or None
        The CSV line concerned, when the check spans a column (:func:`fraction_scale`).
    """

    def __init__(self, problem: str, line: int | None = None) -> None:
        self.problem = problem
        self.line = line
        super().__init__(problem)


#: The number grammar shared with every numeric command-line option (one definition).
PLAIN_NUMBER = NUMBER_GRAMMAR
TIMESTAMP_MIN, TIMESTAMP_MAX = pd.Timestamp.min.ceil("D"), pd.Timestamp.max.floor("D")
_DAY_MIN, _DAY_MAX = TIMESTAMP_MIN.date(), TIMESTAMP_MAX.date()


class Percent(float):
    """A score written with an explicit percent sign, already divided by 100."""


def parse_number(text: str) -> float:
    """A plain ASCII decimal or scientific number (no ``1,000``, ``1_000``, ``0x10``, ``inf``).

    Raises
    ------
    ValueError
        ``text`` is not such a number, or it overflows to infinity.
    """
    if not PLAIN_NUMBER.match(text):
        raise ValueError("not a number")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("not finite")
    return value


def parse_date(text: str) -> date:
    """A strict ISO calendar date: exactly ``YYYY-MM-DD`` (ASCII digits) and a real day.

    Raises
    ------
    ValueError
        Not ``YYYY-MM-DD`` or not a real day.
    OverflowError
        Outside the range pandas timestamps cover.
    """
    digits = text[:4] + text[5:7] + text[8:]
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not (digits.isascii() and digits.isdigit()):
        raise ValueError("not YYYY-MM-DD")
    day = date.fromisoformat(text)
    if not _DAY_MIN <= day <= _DAY_MAX:
        raise OverflowError(text)
    return day


def _number_hint(text: str) -> str:
    """Why a number-like text was refused, when the reason is a common spreadsheet habit."""
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", text):
        return " (no thousands separators: write 1000, not 1,000)"
    if re.fullmatch(r"[+-]?\d+,\d+", text):
        return " (use a point as the decimal mark: 0.5, not 0,5)"
    if text.endswith("%"):
        return " (a percent sign is allowed only in score columns)"
    return ""


def _parse_date_cell(raw: str) -> date:
    try:
        return parse_date(raw)
    except OverflowError:
        raise CellError(
            f"date {raw!r} is outside the supported range {TIMESTAMP_MIN.date()} .. {TIMESTAMP_MAX.date()}"
        ) from None
    except ValueError:
        raise CellError(f"{raw!r} is not a date (expected YYYY-MM-DD, e.g. 2024-05-13)") from None


def parse_cell(
    kind: str, raw: str, minimum: float | None = None, strictly_positive: bool = False
) -> object:
    """The value of the non-empty, stripped cell ``raw`` of a column of ``kind``.

    Parameters
    ----------
    kind : {"str", "float", "fraction", "date"}
        The column's kind (see :class:`~meekbook.empirical.tables.Column`).
    raw : str
        The cell's text, stripped and not empty.
    minimum : float, optional
        Smallest allowed number.
    strictly_positive : bool
        Require a number > 0.

    Returns
    -------
    str, float, Percent or datetime.date
        A ``fraction`` written with ``%`` is a :class:`Percent` (already divided by 100).

    Raises
    ------
    CellError
        Not a number, not a date, or out of range.
    """
    if kind == "str":
        return raw
    if kind == "date":
        return _parse_date_cell(raw)
    explicit_percent = kind == "fraction" and raw.endswith("%")
    text = raw[:-1].strip() if explicit_percent else raw
    try:
        value = parse_number(text)
    except ValueError:
        raise CellError(
            f"{raw!r} is not a finite number; expected a plain number such as 1500, 0.62 or 1.5e9"
            f"{_number_hint(text)}"
        ) from None
    if explicit_percent:
        if not 0 <= value <= 100:
            raise CellError(f"value {raw!r} is not a percentage in [0%, 100%]")
        return Percent(value / 100.0)
    if strictly_positive and not value > 0:
        raise CellError(f"value {raw!r} must be > 0")
    if minimum is not None and value < minimum:
        raise CellError(f"value {raw!r} must be >= {minimum:g}")
    if kind == "fraction" and value < 0:
        raise CellError(f"value {raw!r} is negative; scores lie in [0, 1]")
    return value


def _mixed_scales(arr: np.ndarray, over: np.ndarray, fractions: np.ndarray, lines: Sequence[int]) -> CellError:
    """The error for a column that mixes fractions and bare percentages (names the odd one out)."""
    pct_first, frac_first = int(over[0]), int(fractions[0])
    if over.size > fractions.size:
        odd, other, odd_kind, other_kind = frac_first, pct_first, "a fraction", "percentages"
    else:
        odd, other, odd_kind, other_kind = pct_first, frac_first, "a percentage", "fractions"
    return CellError(
        f"value {arr[odd]:g} looks like {odd_kind} but the column's other values are "
        f"{other_kind} (e.g. {arr[other]:g} on line {lines[other]}); use one scale for "
        "the whole column: fractions in [0, 1], or percentages in (1, 100] (or write '68.9%')",
        line=lines[odd],
    )


def fraction_scale(
    name: str, values: Sequence[object], lines: Sequence[int], percent: str
) -> tuple[np.ndarray, str | None]:
    """The score column ``values`` as fractions, and a note of any conversion (else ``None``).

    A cell written ``68.9%`` is a percentage by its sign (already a :class:`Percent`). Among the
    other values, the column is read as percent only if every one lies in (1, 100] and
    ``percent == "convert"``; fractions and bare percentages mixed in one column are an error
    naming the first odd line.

    Parameters
    ----------
    name : str
        The column's name (for the note).
    values : sequence of float
        The parsed cells (NaN when empty).
    lines : sequence of int
        The CSV line of each value.
    percent : {"error", "convert"}
        Whether values above 1 are an error or (all of them) percentages.

    Raises
    ------
    CellError
        With the line of the first offending value.
    """
    arr = np.asarray(values, dtype=float)
    explicit = np.fromiter((isinstance(v, Percent) for v in values), bool, len(arr))
    plain = ~explicit & np.isfinite(arr)
    over = np.flatnonzero(plain & (arr > 1.0))
    if over.size == 0:
        note = None
        if explicit.any():
            note = f"column {name!r}: {int(explicit.sum())} value(s) written with '%' divided by 100"
        return arr, note
    first = int(over[0])
    if percent == "error":
        raise CellError(
            f"value {arr[first]:g} is above 1; scores must be fractions in [0, 1] (divide percentages by 100)",
            line=lines[first],
        )
    too_big = np.flatnonzero(plain & (arr > 100.0))
    if too_big.size:
        i = int(too_big[0])
        raise CellError(
            f"value {arr[i]:g} is above 100; scores are fractions in [0, 1] or percentages in (1, 100]",
            line=lines[i],
        )
    fractions = np.flatnonzero(plain & (arr <= 1.0))
    if fractions.size:
        raise _mixed_scales(arr, over, fractions, lines)
    arr = np.where(plain, arr / 100.0, arr)
    return arr, (
        f"column {name!r} read as percent (every value in (1, 100], e.g. "
        f"{arr[first] * 100:g} on line {lines[first]}) and divided by 100"
    )
