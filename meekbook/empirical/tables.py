"""The validating CSV reader every table goes through, and its error type.

:func:`read_table` reads a CSV file and checks it against a :class:`Schema` (a tuple of
:class:`Column` specifications). A missing or unknown column, an unparsable or out-of-range
number, a duplicate key or a date that is not a date raises :class:`DataValidationError`, whose
message names the file, the line (counted as a person counts lines in the CSV: the header is
line 1) and the column. Rows whose required values are empty are dropped, never silently: they
are listed in ``df.attrs["dropped"]`` as ``(line, model, reason)`` tuples and summarised by
:func:`load_report`. No Python warning is ever issued.

Reading the text is :mod:`meekbook.empirical.csv_text`, parsing one cell :mod:`meekbook.empirical.cells`.
The packaged tables and their schemas live in :mod:`meekbook.empirical.datasets`.
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd

from .cells import PLAIN_NUMBER, CellError, fraction_scale, parse_cell
from .csv_text import PathLike, TextProblem, read_text

__all__ = [
    "DataValidationError",
    "Column",
    "Schema",
    "read_table",
    "load_report",
    "row_labels",
    "row_lines",
]

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
    """The file's name as shown in messages: packaged files as ``meekbook/empirical/data/NAME``;
    a rewritten published table (:mod:`meekbook.empirical.public`) under its own ``display_name``."""
    if hasattr(path, "display_name"):
        return str(getattr(path, "display_name"))
    if isinstance(path, (str, os.PathLike)):
        text = os.fspath(path)
        packaged_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
        if os.path.dirname(os.path.abspath(text)) == packaged_dir:
            return f"meekbook/empirical/data/{os.path.basename(text)}"
        return text
    return f"meekbook/empirical/data/{getattr(path, 'name', str(path))}"


def _read_text(path: PathLike) -> str:
    """The file's text (:func:`~meekbook.empirical.csv_text.read_text`), its errors naming the file."""
    name = _display_name(path)
    if isinstance(path, (str, os.PathLike)) and os.fspath(path) == "":
        raise DataValidationError("''", None, None, "empty file name; give the path of a CSV file")
    try:
        return read_text(path)
    except TextProblem as err:
        raise DataValidationError(name, err.line, None, err.problem) from None


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
    header, header_line, records = _split_records(name, _read_text(path))
    present, extra = _check_header(name, header, header_line, schema)
    rows = _parse_rows(name, records, header, schema, present, extra)
    df = _frame(schema, present, extra, rows)
    conversions = _fraction_columns(name, df, present, rows, percent)
    df.attrs["source"] = name
    # an int array, not a list: pandas deep-copies attrs on every derived frame
    df.attrs["lines"] = np.asarray(rows.lines, dtype=np.int64)
    df.attrs["dropped"] = rows.dropped
    df.attrs["conversions"] = conversions
    df.attrs["report"] = _report_text(name, len(df), rows.dropped, conversions)
    return df


def _split_records(name: str, text: str) -> tuple[list[str], int, list[tuple[int, list[str]]]]:
    """The header (stripped names), its line, and the non-blank rows as ``(line, fields)``."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    header_line = 0
    records: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if not row or all(not cell.strip() for cell in row):
                continue  # blank line
            if header is None:
                header, header_line = [cell.strip() for cell in row], reader.line_num
            else:
                records.append((reader.line_num, row))
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
    return header, header_line, records


def _check_header(
    name: str, header: list[str], header_line: int, schema: Schema
) -> tuple[list[Column], list[str]]:
    """The schema's columns present in ``header`` (schema order) and the extra column names."""
    seen: set[str] = set()
    for col in header:
        if col == "":
            raise DataValidationError(name, header_line, None, "empty column name in the header")
        if col in seen:
            raise DataValidationError(name, header_line, col, "column appears twice in the header")
        seen.add(col)
    for col in schema.columns:
        if col.required and col.name not in seen:
            raise DataValidationError(
                name, header_line, col.name,
                f"missing column; the {schema.name} table needs columns {list(schema.names)}",
            )
    extra = [c for c in header if c not in set(schema.names)]
    if extra and not schema.allow_extra:
        raise DataValidationError(
            name, header_line, extra[0],
            f"unknown column; the {schema.name} table has exactly the columns "
            f"{list(schema.names)}",
        )
    return [c for c in schema.columns if c.name in seen], extra


@dataclass
class _Rows:
    """The kept rows' parsed values per column, their CSV lines, and the dropped rows."""

    values: dict[str, list]
    extras: dict[str, list[str]]
    lines: list[int] = field(default_factory=list)
    dropped: list[tuple[int, str, str]] = field(default_factory=list)


def _parse_rows(
    name: str,
    records: list[tuple[int, list[str]]],
    header: list[str],
    schema: Schema,
    present: list[Column],
    extra: list[str],
) -> _Rows:
    """Parse every record; check field counts and duplicate keys; drop rows missing a value."""
    index = {c: i for i, c in enumerate(header)}
    rows = _Rows(values={c.name: [] for c in present}, extras={c: [] for c in extra})
    key_index = index.get(schema.key) if schema.key is not None else None
    key_lines: dict[str, int] = {}
    plan = [(col, index[col.name]) for col in present]
    for line, row in records:
        if len(row) != len(header):
            raise DataValidationError(
                name, line, None, f"has {len(row)} fields but the header has {len(header)}"
            )
        # the row's label in error messages and in the dropped-rows report: the key column, or
        # the model name when the schema has no single key (one row per model and evaluator)
        label_index = key_index if key_index is not None else index.get("model")
        label = row[label_index].strip() if label_index is not None else ""
        parsed, drop_reason = _parse_row(name, line, row, plan)
        if key_index is not None and label:
            if label in key_lines:
                raise DataValidationError(
                    name, line, schema.key,
                    f"duplicate {schema.key} {label!r} (first on line {key_lines[label]})",
                )
            key_lines[label] = line
        if drop_reason is not None:
            rows.dropped.append((line, label, drop_reason))
            continue
        for col, value in zip(present, parsed):
            rows.values[col.name].append(value)
        for c in extra:
            rows.extras[c].append(row[index[c]].strip())
        rows.lines.append(line)
    return rows


def _parse_row(
    name: str, line: int, row: list[str], plan: list[tuple[Column, int]]
) -> tuple[list[object], str | None]:
    """The row's parsed values (schema order) and why it is dropped (``None``: kept)."""
    parsed: list[object] = []
    drop_reason = None
    for col, i in plan:
        raw = row[i].strip()
        if raw == "":
            if col.if_missing == "error":
                raise DataValidationError(name, line, col.name, "empty value (required)")
            if col.if_missing == "drop" and drop_reason is None:
                drop_reason = f"empty {col.name!r}"
            parsed.append(_missing(col))
        elif col.kind in ("float", "fraction") and PLAIN_NUMBER.match(raw) and _plain_ok(col, float(raw)):
            parsed.append(float(raw))  # fast path for a plain number in range
        else:
            parsed.append(_parse_cell(name, line, col, raw))
    return parsed, drop_reason


def _plain_ok(col: Column, value: float) -> bool:
    """Whether a plain number passes every range check of ``col`` (else the slow path explains)."""
    return (math.isfinite(value) and value >= 0
            and not (col.strictly_positive and value == 0)
            and (col.minimum is None or value >= col.minimum))


def _frame(schema: Schema, present: list[Column], extra: list[str], rows: _Rows) -> pd.DataFrame:
    """The kept rows as a DataFrame: numbers float64, dates datetime64, text object."""
    frame: dict[str, object] = {}
    for col in present:
        if col.kind in ("float", "fraction"):
            frame[col.name] = np.asarray(rows.values[col.name], dtype=float)
        elif col.kind == "date":
            frame[col.name] = pd.to_datetime(pd.Series(rows.values[col.name], dtype=object)).astype(
                "datetime64[ns]"
            )
        else:
            frame[col.name] = pd.Series(rows.values[col.name], dtype=object)
    for c in extra:
        frame[c] = pd.Series(rows.extras[c], dtype=object)
    df = pd.DataFrame(frame)
    if len(df) == 0:
        df = pd.DataFrame({k: pd.Series([], dtype=_empty_dtype(schema, k)) for k in frame})
    return df


def _fraction_columns(
    name: str, df: pd.DataFrame, present: list[Column], rows: _Rows, percent: str
) -> list[str]:
    """Read each score column as fractions (see :func:`~meekbook.empirical.cells.fraction_scale`),
    in place; returns the conversion notes."""
    conversions: list[str] = []
    if len(df) == 0:
        return conversions
    for col in present:
        if col.kind != "fraction":
            continue
        try:
            arr, note = fraction_scale(col.name, rows.values[col.name], rows.lines, percent)
        except CellError as err:
            raise DataValidationError(name, err.line, col.name, err.problem) from None
        df[col.name] = arr
        if note is not None:
            conversions.append(note)
    return conversions


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
    """:func:`~meekbook.empirical.cells.parse_cell`, its error naming the file, line and column."""
    try:
        return parse_cell(col.kind, raw, col.minimum, col.strictly_positive)
    except CellError as err:
        raise DataValidationError(name, line, col.name, err.problem) from None


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
