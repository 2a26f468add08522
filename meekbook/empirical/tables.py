"""The validating CSV reader every table goes through, and its error type.

:func:`read_table` reads a CSV file and checks it against a :class:`Schema` (a tuple of
:class:`Column` specifications). A missing or unknown column, an unparsable or out-of-range
number, a duplicate key or a date that is not a date raises :class:`DataValidationError`, whose
message names the file, the line (counted as a person counts lines in the CSV: the header is
line 1) and the column. Rows whose required values are empty are dropped, never silently: they
are listed in ``df.attrs["dropped"]`` as ``(line, model, reason)`` tuples and summarised by
:func:`load_report`. No Python warning is ever issued.

The packaged tables and their schemas live in :mod:`meekbook.empirical.datasets`.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import stat
from dataclasses import dataclass, replace
from datetime import date
from importlib.resources.abc import Traversable
from typing import Literal, Union

import numpy as np
import pandas as pd

from ..validation import ParameterTypeError

__all__ = [
    "DataValidationError",
    "Column",
    "Schema",
    "read_table",
    "load_report",
    "row_labels",
    "row_lines",
]

PathLike = Union[str, "os.PathLike[str]", Traversable]
Kind = Literal["str", "float", "fraction", "date"]
IfMissing = Literal["error", "drop", "keep"]


class DataValidationError(ValueError):
    """A data file does not match its schema.

    The message names the file, the line (1-based, header = line 1) and the column.

    Attributes
    ----------
    path : str
        File name as given (or the packaged file's name).
    line : int or None
        1-based line number in the CSV.
    column : str or None
        Column concerned.
    """

    def __init__(self, path: str, line: int | None, column: str | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.problem = problem
        where = [path]
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {problem}")


@dataclass(frozen=True)
class Column:
    """One column of a :class:`Schema`.

    Parameters
    ----------
    name : str
        Header name.
    kind : {"str", "float", "fraction", "date"}
        ``float``: a finite number; ``fraction``: a number in [0, 1] (a score); ``date``: an
        ISO date ``YYYY-MM-DD``; ``str``: free text.
    if_missing : {"error", "drop", "keep"}
        What an empty cell means: an error, a dropped (and reported) row, or a missing value
        kept as NaN / NaT / empty string.
    minimum : float, optional
        Smallest allowed value (numbers only).
    strictly_positive : bool
        Require ``value > 0`` (numbers only).
    required : bool
        Whether the column must be present in the header.
    """

    name: str
    kind: Kind = "str"
    if_missing: IfMissing = "keep"
    minimum: float | None = None
    strictly_positive: bool = False
    required: bool = True


@dataclass(frozen=True)
class Schema:
    """The columns a table must have and how each is parsed.

    Parameters
    ----------
    name : str
        Short label used in messages.
    columns : tuple of Column
        The known columns.
    key : str or None
        Column whose values must be unique (the model name); ``None`` for no check.
    allow_extra : bool
        Accept (and keep as text) columns the schema does not know. ``False`` makes an unknown
        column an error.
    """

    name: str
    columns: tuple[Column, ...]
    key: str | None = "model"
    allow_extra: bool = False

    def column(self, name: str) -> Column:
        """The :class:`Column` called ``name``."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in schema order."""
        return tuple(c.name for c in self.columns)

    def with_columns(self, *extra: Column, allow_extra: bool | None = None) -> "Schema":
        """Copy with columns added or replaced (by name)."""
        cols = {c.name: c for c in self.columns}
        for c in extra:
            cols[c.name] = c
        return replace(
            self,
            columns=tuple(cols.values()),
            allow_extra=self.allow_extra if allow_extra is None else allow_extra,
        )


def _display_name(path: PathLike) -> str:
    """The file's name as shown in messages: packaged files as ``meekbook/empirical/data/NAME``."""
    if isinstance(path, (str, os.PathLike)):
        text = os.fspath(path)
        packaged_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
        if os.path.dirname(os.path.abspath(text)) == packaged_dir:
            return f"meekbook/empirical/data/{os.path.basename(text)}"
        return text
    return f"meekbook/empirical/data/{getattr(path, 'name', str(path))}"


#: Largest file :func:`read_table` reads (bytes); larger files are refused before reading.
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Most columns a table may have; a wider header is refused before it is split.
MAX_COLUMNS = 1000
_MAX_HEADER_CHARS = 64 * 1024


def _read_bytes(path: PathLike, name: str) -> bytes:
    if not isinstance(path, (str, os.PathLike)) and not hasattr(path, "read_bytes"):
        raise ParameterTypeError(
            f"path must be a file name (str or path-like); got {type(path).__name__}"
        )
    try:
        if isinstance(path, (str, os.PathLike)):
            if os.fspath(path) == "":
                raise DataValidationError("''", None, None, "empty file name; give the path of a CSV file")
            with open(path, "rb") as fh:
                info = os.fstat(fh.fileno())
                if not stat.S_ISREG(info.st_mode) and not stat.S_ISFIFO(info.st_mode):
                    raise DataValidationError(name, None, None, "is not a regular file (a device?)")
                size = info.st_size
                if size > MAX_FILE_BYTES:
                    raise DataValidationError(
                        name, None, None,
                        f"file is {size / 2**20:.0f} MB; at most {MAX_FILE_BYTES // 2**20} MB is read",
                    )
                data = fh.read(MAX_FILE_BYTES + 1)
        else:
            data = path.read_bytes()
    except FileNotFoundError:
        raise DataValidationError(name, None, None, "file not found") from None
    except IsADirectoryError:
        raise DataValidationError(name, None, None, "is a directory, not a CSV file") from None
    except PermissionError:
        raise DataValidationError(name, None, None, "permission denied (the file cannot be read)") from None
    except OSError as err:
        raise DataValidationError(name, None, None, f"cannot be read ({err.strerror or err})") from None
    if len(data) > MAX_FILE_BYTES:
        raise DataValidationError(name, None, None, f"file is larger than {MAX_FILE_BYTES // 2**20} MB")
    return data


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is an error."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise DataValidationError(name, None, None, f"not valid UTF-16 text ({err.reason})") from None
    if b"\x00" in data[:4096]:
        raise DataValidationError(
            name, None, None,
            "contains NUL bytes: a binary file, or UTF-16/32 text without a byte-order mark; "
            "save it as UTF-8 CSV",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise DataValidationError(
            name, line, None,
            f"not UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8 "
            "(e.g. it may be Latin-1 / Windows-1252)",
        ) from None


def _read_text(path: PathLike) -> str:
    name = _display_name(path)
    text = _decode(_read_bytes(path, name), name)
    first = text.split("\n", 1)[0]
    if len(first) > _MAX_HEADER_CHARS or first.count(",") >= MAX_COLUMNS:
        raise DataValidationError(
            name, 1, None,
            f"header line is too wide ({len(first):,} characters, {first.count(',') + 1:,} "
            f"fields); at most {MAX_COLUMNS} columns are read",
        )
    return text.removeprefix("\ufeff")


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z", re.ASCII)


def _parse_number(text: str) -> float:
    # Plain ASCII decimal or scientific notation only: no "1,000", "1_000", "0x10", "inf".
    if not _NUMBER.match(text):
        raise ValueError("not a number")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("not finite")
    return value


_TIMESTAMP_MIN, _TIMESTAMP_MAX = pd.Timestamp.min.ceil("D"), pd.Timestamp.max.floor("D")
_DAY_MIN, _DAY_MAX = _TIMESTAMP_MIN.date(), _TIMESTAMP_MAX.date()


def _parse_date(text: str) -> date:
    # Strict ISO calendar date: exactly YYYY-MM-DD (ASCII digits) and a real day.
    digits = text[:4] + text[5:7] + text[8:]
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not (digits.isascii() and digits.isdigit()):
        raise ValueError("not YYYY-MM-DD")
    day = date.fromisoformat(text)
    if not _DAY_MIN <= day <= _DAY_MAX:
        raise OverflowError(text)
    return day


def read_table(
    path: PathLike,
    schema: Schema,
    *,
    percent: Literal["error", "convert"] = "error",
) -> pd.DataFrame:
    """Read a CSV file and check it against ``schema``.

    Parameters
    ----------
    path : str, path-like or importlib Traversable
        The CSV file (UTF-8, comma-separated, header on line 1; blank lines are skipped).
    schema : Schema
        Columns and how to parse them.
    percent : {"error", "convert"}
        What a ``fraction`` column with values above 1 means. ``"error"`` (the packaged files):
        an error that names the first such cell. ``"convert"`` (user files read by the command
        line): the whole column is taken as percent and divided by 100, and the conversion is
        recorded in ``df.attrs["conversions"]``.

    Returns
    -------
    pandas.DataFrame
        One row per kept CSV row, columns in schema order (then any extra columns when the
        schema allows them): ``float`` and ``fraction`` columns as float64 (NaN when empty and
        kept), ``date`` columns as datetime64, text as str. ``df.attrs`` holds ``"source"``
        (the file name), ``"lines"`` (an int array: the CSV line of each kept row), ``"dropped"`` (a list of
        ``(line, model, reason)``), ``"conversions"`` (a list of messages) and ``"report"`` (a
        one-paragraph summary, see :func:`load_report`).

    Raises
    ------
    DataValidationError
        Missing or unknown column, duplicate header, wrong number of fields, unparsable or
        out-of-range number, bad date, empty required cell, duplicate key.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = tmp.write_text("model,params,tokens,mmlu,source,notes\\n"
    ...                    "A,1e9,2e10,0.3,paper,\\nB,2e9,,0.4,paper,\\n")
    >>> from meekbook.empirical.datasets import BASE_MODELS_SCHEMA
    >>> df = read_table(tmp, BASE_MODELS_SCHEMA)
    >>> df["model"].tolist(), df.attrs["dropped"]
    (['A'], [(3, 'B', "empty 'tokens'")])
    """
    name = _display_name(path)
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    header_line = 0
    records: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            line = reader.line_num
            if not row or (not row[0].strip() and all(not cell.strip() for cell in row)):
                continue  # blank line
            if header is None:
                header = [cell.strip() for cell in row]
                header_line = line
            else:
                records.append((line, row))
    except csv.Error as err:
        raise DataValidationError(name, reader.line_num, None, f"malformed CSV ({err})") from None
    if header is None:
        raise DataValidationError(name, None, None, "file is empty (no header line)")
    if len(header) == 1:
        for sep, word in (("\t", "tab"), (";", "semicolon"), ("|", "pipe")):
            if sep in header[0]:
                raise DataValidationError(
                    name, header_line, None,
                    f"the header has no commas but {word}s: meekbook reads comma-separated "
                    "files (CSV); save it with commas as separators",
                )

    # --- header checks -------------------------------------------------------------------
    seen: set[str] = set()
    for col in header:
        if col == "":
            raise DataValidationError(name, header_line, None, "empty column name in the header")
        if col in seen:
            raise DataValidationError(name, header_line, col, "column appears twice in the header")
        seen.add(col)
    known = set(schema.names)
    for col in schema.columns:
        if col.required and col.name not in seen:
            raise DataValidationError(
                name, header_line, col.name,
                f"missing column; the {schema.name} table needs columns {list(schema.names)}",
            )
    extra = [c for c in header if c not in known]
    if extra and not schema.allow_extra:
        raise DataValidationError(
            name, header_line, extra[0],
            f"unknown column; the {schema.name} table has exactly the columns "
            f"{list(schema.names)}",
        )
    present = [c for c in schema.columns if c.name in seen]
    index = {c: i for i, c in enumerate(header)}

    # --- rows ----------------------------------------------------------------------------
    values: dict[str, list] = {c.name: [] for c in present}
    extras: dict[str, list[str]] = {c: [] for c in extra}
    lines: list[int] = []
    dropped: list[tuple[int, str, str]] = []
    key_lines: dict[str, int] = {}
    check_key = schema.key is not None and schema.key in seen
    plan = [(col, index[col.name], values[col.name], col.kind in ("float", "fraction"))
            for col in present]
    key_index = index[schema.key] if check_key else None
    extra_plan = [(index[c], extras[c]) for c in extra]
    n_fields = len(header)
    match_number = _NUMBER.match
    for line, row in records:
        if len(row) != n_fields:
            raise DataValidationError(
                name, line, None,
                f"has {len(row)} fields but the header has {n_fields}",
            )
        # the row's label in error messages and in the dropped-rows report: the key column, or
        # the model name when the schema has no single key (one row per model and evaluator)
        if key_index is not None:
            label = row[key_index].strip()
        else:
            label = row[index["model"]].strip() if "model" in index else ""
        parsed: list[object] = []
        drop_reason = None
        for col, i, _, numeric in plan:
            raw = row[i].strip()
            if raw == "":
                if col.if_missing == "error":
                    raise DataValidationError(name, line, col.name, "empty value (required)")
                if col.if_missing == "drop" and drop_reason is None:
                    drop_reason = f"empty {col.name!r}"
                parsed.append(_missing(col))
                continue
            if numeric and match_number(raw):  # fast path for a plain number
                value = float(raw)
                if (math.isfinite(value) and value >= 0
                        and not (col.strictly_positive and value == 0)
                        and (col.minimum is None or value >= col.minimum)):
                    parsed.append(value)
                    continue
            parsed.append(_parse_cell(name, line, col, raw))
        if key_index is not None and label:
            if label in key_lines:
                raise DataValidationError(
                    name, line, schema.key,
                    f"duplicate {schema.key} {label!r} (first on line {key_lines[label]})",
                )
            key_lines[label] = line
        if drop_reason is not None:
            dropped.append((line, label, drop_reason))
            continue
        for (_, _, target, _), value in zip(plan, parsed):
            target.append(value)
        for i, target in extra_plan:
            target.append(row[i].strip())
        lines.append(line)

    frame: dict[str, object] = {}
    for col in present:
        if col.kind in ("float", "fraction"):
            frame[col.name] = np.asarray(values[col.name], dtype=float)
        elif col.kind == "date":
            frame[col.name] = pd.to_datetime(pd.Series(values[col.name], dtype=object)).astype(
                "datetime64[ns]"
            )
        else:
            frame[col.name] = pd.Series(values[col.name], dtype=object)
    for c in extra:
        frame[c] = pd.Series(extras[c], dtype=object)
    df = pd.DataFrame(frame)
    if len(df) == 0:
        df = pd.DataFrame({k: pd.Series([], dtype=_empty_dtype(schema, k)) for k in frame})

    # --- fractions: percent detection ----------------------------------------------------
    # A cell written "68.9%" is a percentage by its sign (already divided by 100). Among the
    # other values, a column is read as percent only if every one lies in (1, 100]; fractions
    # and bare percentages mixed in one column are an error naming the first odd line.
    conversions: list[str] = []
    for col in present:
        if col.kind != "fraction" or len(df) == 0:
            continue
        arr = df[col.name].to_numpy(dtype=float)
        explicit = np.fromiter((isinstance(v, _Percent) for v in values[col.name]), bool, len(arr))
        plain = ~explicit & np.isfinite(arr)
        over = np.flatnonzero(plain & (arr > 1.0))
        if over.size == 0:
            if explicit.any():
                conversions.append(
                    f"column {col.name!r}: {int(explicit.sum())} value(s) written with '%' divided by 100"
                )
            continue
        first = int(over[0])
        if percent == "error":
            raise DataValidationError(
                name, lines[first], col.name,
                f"value {arr[first]:g} is above 1; scores must be fractions in [0, 1] "
                "(divide percentages by 100)",
            )
        too_big = np.flatnonzero(plain & (arr > 100.0))
        if too_big.size:
            i = int(too_big[0])
            raise DataValidationError(
                name, lines[i], col.name,
                f"value {arr[i]:g} is above 100; scores are fractions in [0, 1] or percentages "
                "in (1, 100]",
            )
        fractions = np.flatnonzero(plain & (arr <= 1.0))
        if fractions.size:
            pct_first, frac_first = first, int(fractions[0])
            if over.size > fractions.size:
                odd, other, odd_kind, other_kind = frac_first, pct_first, "a fraction", "percentages"
            else:
                odd, other, odd_kind, other_kind = pct_first, frac_first, "a percentage", "fractions"
            raise DataValidationError(
                name, lines[odd], col.name,
                f"value {arr[odd]:g} looks like {odd_kind} but the column's other values are "
                f"{other_kind} (e.g. {arr[other]:g} on line {lines[other]}); use one scale for "
                "the whole column: fractions in [0, 1], or percentages in (1, 100] (or write '68.9%')",
            )
        arr = np.where(plain, arr / 100.0, arr)
        df[col.name] = arr
        conversions.append(
            f"column {col.name!r} read as percent (every value in (1, 100], e.g. "
            f"{arr[first] * 100:g} on line {lines[first]}) and divided by 100"
        )

    df.attrs["source"] = name
    # an int array, not a list: pandas deep-copies attrs on every derived frame
    df.attrs["lines"] = np.asarray(lines, dtype=np.int64)
    df.attrs["dropped"] = dropped
    df.attrs["conversions"] = conversions
    df.attrs["report"] = _report_text(name, len(df), dropped, conversions)
    return df


def _missing(col: Column) -> object:
    if col.kind in ("float", "fraction"):
        return math.nan
    if col.kind == "date":
        return pd.NaT
    return ""


def _empty_dtype(schema: Schema, name: str) -> str:
    try:
        kind = schema.column(name).kind
    except KeyError:
        return "object"
    return {"float": "float64", "fraction": "float64", "date": "datetime64[ns]"}.get(kind, "object")


def _parse_cell(name: str, line: int, col: Column, raw: str) -> object:
    if col.kind == "str":
        return raw
    if col.kind == "date":
        try:
            return _parse_date(raw)
        except OverflowError:
            raise DataValidationError(
                name, line, col.name,
                f"date {raw!r} is outside the supported range {_TIMESTAMP_MIN.date()} .. "
                f"{_TIMESTAMP_MAX.date()}",
            ) from None
        except ValueError:
            raise DataValidationError(
                name, line, col.name, f"{raw!r} is not a date (expected YYYY-MM-DD, e.g. 2024-05-13)"
            ) from None
    explicit_percent = col.kind == "fraction" and raw.endswith("%")
    text = raw[:-1].strip() if explicit_percent else raw
    try:
        value = _parse_number(text)
    except ValueError:
        hint = ""
        if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", text):
            hint = " (no thousands separators: write 1000, not 1,000)"
        elif re.fullmatch(r"[+-]?\d+,\d+", text):
            hint = " (use a point as the decimal mark: 0.5, not 0,5)"
        elif text.endswith("%"):
            hint = " (a percent sign is allowed only in score columns)"
        raise DataValidationError(
            name, line, col.name,
            f"{raw!r} is not a finite number; expected a plain number such as 1500, 0.62 or 1.5e9{hint}",
        ) from None
    if explicit_percent:
        if not 0 <= value <= 100:
            raise DataValidationError(name, line, col.name, f"value {raw!r} is not a percentage in [0%, 100%]")
        return _Percent(value / 100.0)
    if col.strictly_positive and not value > 0:
        raise DataValidationError(name, line, col.name, f"value {raw!r} must be > 0")
    if col.minimum is not None and value < col.minimum:
        raise DataValidationError(name, line, col.name, f"value {raw!r} must be >= {col.minimum:g}")
    if col.kind == "fraction" and value < 0:
        raise DataValidationError(name, line, col.name, f"value {raw!r} is negative; scores lie in [0, 1]")
    return value


class _Percent(float):
    """A score written with an explicit percent sign, already divided by 100."""


def _report_text(
    name: str, n: int, dropped: list[tuple[int, str, str]], conversions: list[str]
) -> str:
    parts = [f"{name}: {n} row{'s' if n != 1 else ''} loaded"]
    if dropped:
        items = "; ".join(f"line {ln} ({model or 'unnamed'}): {why}" for ln, model, why in dropped)
        parts.append(f"{len(dropped)} dropped for missing values [{items}]")
    else:
        parts.append("none dropped")
    parts.extend(conversions)
    return ", ".join(parts[:2]) + "".join(f"; {c}" for c in parts[2:]) + "."


def load_report(df: pd.DataFrame) -> str:
    """The one-paragraph load summary of a table read by :func:`read_table`.

    Examples
    --------
    >>> from meekbook.empirical.datasets import load_base_models
    >>> report = load_report(load_base_models())
    >>> report.endswith("1 dropped for missing values [line 38 (Mistral-7B): empty 'tokens'].")
    True
    """
    return str(df.attrs.get("report", f"{len(df)} rows (no load report: not read by read_table)"))


def row_labels(df: pd.DataFrame) -> list[str]:
    """Row labels for messages: the ``model`` column when present, else the index."""
    if "model" in df.columns:
        return [str(m) for m in df["model"]]
    return [str(i) for i in df.index]


def row_lines(df: pd.DataFrame) -> list[int | None]:
    """CSV line of each row (from :func:`read_table`), or ``None`` per row when unknown."""
    lines = df.attrs.get("lines")
    if isinstance(lines, (list, tuple, np.ndarray)) and len(lines) == len(df):
        return [int(x) for x in lines]
    return [None] * len(df)
