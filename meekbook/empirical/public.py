"""Public tables as published: column aliases and cell spellings, mapped to meekbook's columns.

``fit-sigmoid`` and ``frontier-gap`` read users' files through :func:`read_public_models` and
:func:`read_public_leaderboard`. Before the validating reader
(:func:`~meekbook.empirical.tables.read_table`) sees the file, :func:`normalise` rewrites it:

* **column aliases** (:data:`MODEL_ALIASES`, :data:`LEADERBOARD_ALIASES`): a column named as
  Epoch AI, the MMLU-Pro leaderboard, the paper authors' tables or an Artificial Analysis-style
  export names it (``Parameters``, ``Model size``, ``Training dataset size (total)``,
  ``Release Date``, ``Output Price\\nUSD/1M Tokens``, ...) is read as meekbook's column, when
  meekbook's own name is absent. Names are compared ignoring case and runs of white space.
* **cells**: ``$0.60`` is 0.60; a name's citation markers (``GPT-4 [12]``, ``Yi-34B*``, ``†``)
  are removed; ``7B``, ``1.4T``, ``300M`` carry their multiplier; a **range** ``7-8B`` or
  ``70–72`` is the **geometric mean** of its ends (said per row); a parameter column whose every
  value is below 100,000 (no language model is that small) is read as **billions**.
* **words**: older Epoch rows give the dataset size in words (their ``Dataset size notes`` say
  so, e.g. "1 token ~ 0.75 words"); those rows are converted to tokens at Epoch's own factor,
  :data:`WORDS_PER_TOKEN` = 0.75 words per token, and each converted row is listed.
* **duplicates**: rows naming the same model (and evaluator) are merged when every value
  analysed agrees, and an error naming both lines when they disagree.
* **MMLU-Pro ``Data Source``**: ``TIGER-Lab`` is the independent evaluator, ``Self-Reported``
  (and its misspellings) is the model's vendor (:func:`evaluator_of`).

The rewritten text keeps each row on its original line, so error messages name the line of the
published file. Every change is listed in ``df.attrs["conversions"]``.
"""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import datetime
from typing import Callable

import pandas as pd

from ..validation import NUMBER_GRAMMAR
from .cells import parse_number
from .csv_text import PathLike
from .tables import DataValidationError, _display_name, _read_text

__all__ = [
    "WORDS_PER_TOKEN", "MODEL_ALIASES", "LEADERBOARD_ALIASES", "evaluator_of", "clean_name",
    "parse_quantity", "normalise", "read_public_models", "read_public_leaderboard", "name_key",
    "PublishedText",
]

#: Words per token Epoch AI uses to convert between the two (its notes: "1 token ~ 0.75 words").
WORDS_PER_TOKEN = 0.75

#: meekbook column of ``fit-sigmoid`` -> public names, first found wins (unit: see _UNITS).
MODEL_ALIASES: dict[str, tuple[str, ...]] = {
    "model": ("Model", "System", "Name", "Models", "Model name"),
    "params": ("Parameters", "Model size", "Parameter count", "Parameter Count", "N",
               "Model Size(B)", "Parameters (B)", "params_b"),
    "tokens": ("Training dataset size (total)", "Training dataset size (datapoints)",
               "Dataset size", "Training tokens", "Tokens", "D"),
    "mmlu": ("MMLU", "MMLU (5-shot)", "EM", "MMLU score"),
}

#: meekbook column of ``frontier-gap`` -> public names, first found wins.
LEADERBOARD_ALIASES: dict[str, tuple[str, ...]] = {
    "model": ("Model", "Name", "Models", "System", "Model name"),
    "release_date": ("Release Date", "Publication date", "Release date", "Date"),
    "output_price": ("Output Price USD/1M Tokens", "Output Price", "Output price",
                     "Output price (USD/1M tokens)"),
    "params_b": ("Parameter Count", "Model Size(B)", "Parameters (B)", "Parameters"),
    "mmlu_pro": ("MMLU-Pro (Reasoning & Knowledge)", "MMLU-Pro", "MMLU Pro", "Overall"),
    "mmlu": ("MMLU", "EM"),
    "creator": ("Organization", "Creator", "Organisation"),
    "shots": ("Shots",),
}

#: Public names whose numbers are in billions (params) or plain counts (params_b).
_BILLIONS = {"model size(b)", "parameters (b)", "parameter count", "params_b"}
_COUNTS = {"parameters"}
_WORD_NOTES = ("Dataset size notes", "Training dataset notes")
_WORDS = re.compile(r"\bwords?\b", re.IGNORECASE)
_SUFFIX = re.compile(r"(?:\s*\[\s*[\w ,.-]*\]|\s*[*†‡]+)+\Z")
_MULTIPLIER = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
#: A number under the one grammar of :data:`meekbook.validation.NUMBER_GRAMMAR`, then a multiplier.
_QUANTITY = re.compile(rf"({NUMBER_GRAMMAR.pattern.removesuffix(chr(92) + 'Z')})\s*([kKmMbBtT]?)\Z", re.ASCII)
_RANGE = re.compile(r"(.+?)\s*(?:-|–|—|to)\s*(.+)\Z")
_UNKNOWN = {"unk", "unknown", "n/a", "na", "-", "—", "?"}
_DATE_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y")


def _key(name: str) -> str:
    return " ".join(name.split()).lower()


def name_key(name: str) -> str:
    """A model name for matching across tables: lower case, letters and digits only.

    >>> name_key("Llama 2-70B") == name_key("llama-2-70b")
    True
    """
    return re.sub(r"[^0-9a-z]", "", clean_name(name).lower())


def clean_name(name: str) -> str:
    """``name`` without trailing citation markers (``[12]``, ``*``, ``†``).

    >>> clean_name("GPT-4 [12]"), clean_name("Yi-34B*")
    ('GPT-4', 'Yi-34B')
    """
    return _SUFFIX.sub("", name.strip()).strip()


def evaluator_of(data_source: str) -> tuple[str, str]:
    """``(evaluator, evaluator_type)`` of an MMLU-Pro leaderboard ``Data Source`` cell.

    ``TIGER-Lab`` (any case or spacing) is independent; anything reading as self-reported
    (``Self-Reported``, ``Self-reported``, ``Self-Reporeted``, ...) is the vendor's own figure.

    Raises
    ------
    ValueError
        Neither (the cell names what was found).

    Examples
    --------
    >>> evaluator_of("TIGER-Lab"), evaluator_of("Self-Reporeted")
    (('TIGER-Lab', 'independent'), ('vendor: self-reported', 'vendor'))
    """
    key = re.sub(r"[^a-z]", "", data_source.lower())
    if key.startswith("tiger"):
        return "TIGER-Lab", "independent"
    if key.startswith("self") or key.startswith("selfrep"):
        return "vendor: self-reported", "vendor"
    raise ValueError(
        f"Data Source must be 'TIGER-Lab' or 'Self-Reported'; got {data_source!r}")


def parse_quantity(text: str) -> tuple[float, str | None]:
    """A number with an optional ``k/M/B/T`` multiplier, or a range (geometric mean of its ends).

    Returns the value and a note when it was a range (else ``None``).

    Raises
    ------
    ValueError
        Not such a quantity, or a range with an end <= 0.

    Examples
    --------
    >>> parse_quantity("7B")
    (7000000000.0, None)
    >>> parse_quantity("2-8")[0]
    4.0
    """
    raw = text.strip()
    m = _QUANTITY.match(raw)
    if m:
        return float(m.group(1)) * _MULTIPLIER[m.group(2).lower()], None
    r = _RANGE.match(raw)
    if r:
        lo_text, hi_text = r.group(1).strip(), r.group(2).strip()
        hm = _QUANTITY.match(hi_text)
        lm = _QUANTITY.match(lo_text)
        if hm and lm:
            unit = lm.group(2) or hm.group(2)
            lo = float(lm.group(1)) * _MULTIPLIER[unit.lower()]
            hi = float(hm.group(1)) * _MULTIPLIER[hm.group(2).lower() or unit.lower()]
            if lo <= 0 or hi <= 0:
                raise ValueError(f"range {text!r} has an end <= 0")
            return math.sqrt(lo * hi), f"range {text!r} read as its geometric mean"
    raise ValueError(f"{text!r} is not a number")


def _date(text: str) -> str:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return text


def _resolve(header: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[int, str]:
    """Column index -> meekbook name, for the aliases used (canonical names present win)."""
    keys = [_key(h) for h in header]
    present = set(header)
    mapping: dict[int, str] = {}
    for target, names in aliases.items():
        if target in present:
            continue
        for alias in names:
            if _key(alias) in keys:
                mapping[keys.index(_key(alias))] = target
                break
    return mapping


class PublishedText:
    """The rewritten text, read by :func:`~meekbook.empirical.tables.read_table` under the
    published file's name."""

    def __init__(self, display_name: str, text: str) -> None:
        self.display_name = display_name
        self.name = display_name
        self._data = text.encode("utf-8")

    def read_bytes(self) -> bytes:
        return self._data


def normalise(path: PathLike, kind: str, *, merge: bool = True
              ) -> tuple[PublishedText, list[str], dict[str, str]]:
    """The published table ``path`` rewritten in meekbook's columns and spellings.

    Parameters
    ----------
    path : path-like
        The CSV as published.
    kind : {"models", "leaderboard"}
        Which analysis reads it (chooses the aliases).
    merge : bool
        Merge or refuse duplicate models (default); ``False`` keeps every row.

    Returns
    -------
    tuple
        The rewritten text (an object :func:`~meekbook.empirical.tables.read_table` reads), the notes of every change,
        and the column mapping used (public name -> meekbook name).
    """
    if kind not in ("models", "leaderboard"):
        raise ValueError(f"kind must be 'models' or 'leaderboard'; got {kind!r}")
    name = _display_name(path)
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = [(reader.line_num, row) for row in reader if row and any(c.strip() for c in row)]
    except csv.Error as err:
        raise DataValidationError(name, reader.line_num, None, f"malformed CSV ({err})") from None
    if not rows:
        return PublishedText(name, text), [], {}
    (header_line, header), body = rows[0], rows[1:]
    header = [" ".join(h.split()) for h in header]
    mapping = _resolve(header, MODEL_ALIASES if kind == "models" else LEADERBOARD_ALIASES)
    new_header = [mapping.get(i, h) for i, h in enumerate(header)]
    notes = [f"column {header[i]!r} read as {t!r}" for i, t in sorted(mapping.items())]
    fix = _Fixer(name, header, new_header, mapping, kind)
    out_rows = [(line, fix.row(line, row)) for line, row in body]
    notes.extend(fix.notes)
    _billions(new_header, out_rows, notes)
    if kind == "leaderboard":
        _data_source(name, header, new_header, out_rows, notes)
    if merge:
        out_rows = _merge_duplicates(name, new_header, out_rows, kind, notes)
    return PublishedText(name, _write(new_header, header_line, out_rows)), notes, {
        header[i]: t for i, t in mapping.items()}


class _Fixer:
    """Rewrites the cells of one table (see the module docstring)."""

    def __init__(self, name: str, header: list[str], new_header: list[str],
                 mapping: dict[int, str], kind: str) -> None:
        self.name, self.kind, self.notes = name, kind, []
        self.col = {h: i for i, h in enumerate(new_header)}
        self.units = {t: _key(header[i]) for i, t in mapping.items()}
        self.word_notes = [header.index(n) for n in _WORD_NOTES if n in header]
        self.words_column = self.units.get("tokens", "").startswith("training dataset size") and bool(
            self.word_notes)
        self.ranges = 0
        self._billions_checked: dict[str, bool] = {}

    def row(self, line: int, row: list[str]) -> list[str]:
        out = [" ".join(c.split()) if "\n" in c or "\r" in c else c for c in row]
        if len(out) != len(self.col):
            return out  # the reader reports the field count
        if "model" in self.col:
            out[self.col["model"]] = clean_name(out[self.col["model"]])
        price = self.col.get("output_price")
        if price is not None and out[price].strip().startswith("$"):
            out[price] = out[price].strip()[1:].strip().replace(",", "")
        date = self.col.get("release_date")
        if date is not None and out[date].strip():
            out[date] = _date(out[date].strip())
        for column in ("params", "tokens", "params_b"):
            i = self.col.get(column)
            if i is not None and out[i].strip():
                out[i] = self._quantity(line, out, column, out[i].strip())
        return out

    def _quantity(self, line: int, out: list[str], column: str, raw: str) -> str:
        if raw.lower() in _UNKNOWN:
            return ""
        try:
            value, note = parse_quantity(raw)
        except ValueError:
            return raw  # the reader names the cell
        if note:
            self.notes.append(f"line {line}: {column} {note}")
        unit = self.units.get(column, "")
        if column == "params" and unit in _BILLIONS:
            value *= 1e9
        elif column == "params_b" and unit in _COUNTS:
            value /= 1e9
        if column == "tokens" and self.words_column and any(
                _WORDS.search(out[i]) for i in self.word_notes):
            label = out[self.col["model"]] if "model" in self.col else ""
            self.notes.append(f"line {line} ({label}): dataset size in words (its notes say so), "
                              f"converted to tokens at {WORDS_PER_TOKEN} words per token")
            value /= WORDS_PER_TOKEN
        return repr(value)


def _billions(header: list[str], rows: list[tuple[int, list[str]]], notes: list[str]) -> None:
    """A ``params`` column whose every value is below 100,000 is in billions: scale it, in place."""
    if "params" not in header:
        return
    i = header.index("params")
    values = []
    for _, row in rows:
        try:
            values.append(parse_number(row[i].strip()) if len(row) == len(header) and row[i].strip()
                          else None)
        except ValueError:
            return  # the reader names the cell
    given = [v for v in values if v is not None]
    if given and max(given) < 1e5:
        for (_, row), v in zip(rows, values):
            if v is not None:
                row[i] = repr(v * 1e9)
        notes.append("column 'params': every value is below 100,000, read as billions")


def _data_source(name: str, header: list[str], new_header: list[str],
                 rows: list[tuple[int, list[str]]], notes: list[str]) -> None:
    """MMLU-Pro's ``Data Source`` as ``evaluator`` and ``evaluator_type`` columns, in place."""
    keys = [_key(h) for h in header]
    if "data source" not in keys or "evaluator" in new_header:
        return
    i = keys.index("data source")
    new_header.extend(["evaluator", "evaluator_type"])
    for line, row in rows:
        if len(row) != len(header):
            continue
        try:
            row.extend(evaluator_of(row[i]) if row[i].strip() else ("", ""))
        except ValueError as err:
            raise DataValidationError(name, line, header[i], str(err)) from None
    notes.append("column 'Data Source' read as evaluator: TIGER-Lab = independent, "
                 "Self-Reported = vendor")


def _merge_duplicates(name: str, header: list[str], rows: list[tuple[int, list[str]]],
                      kind: str, notes: list[str]) -> list[tuple[int, list[str]]]:
    """Drop rows that repeat an earlier row's model and values; refuse ones that disagree."""
    col = {h: i for i, h in enumerate(header)}
    if "model" not in col:
        return rows
    values = [c for c in (("params", "tokens", "mmlu") if kind == "models" else
                          ("release_date", "output_price", "params_b", "mmlu_pro", "mmlu"))
              if c in col]
    keys = ["model"] + (["evaluator"] if kind == "leaderboard" and "evaluator" in col else [])
    seen: dict[tuple[str, ...], tuple[int, list[str]]] = {}
    kept = []
    for line, row in rows:
        if len(row) != len(header):
            kept.append((line, row))
            continue
        key = tuple(row[col[k]].strip() for k in keys)
        if not key[0] or key not in seen:
            seen.setdefault(key, (line, row))
            kept.append((line, row))
            continue
        first_line, first = seen[key]
        differ = [c for c in values if _cell(first[col[c]]) != _cell(row[col[c]])]
        if differ:
            raise DataValidationError(
                name, line, differ[0],
                f"duplicate model {key[0]!r} (first on line {first_line}) with a different "
                f"{differ[0]}: {first[col[differ[0]]]!r} vs {row[col[differ[0]]]!r}")
        notes.append(f"line {line}: repeats {key[0]!r} of line {first_line} with the same values; "
                     "merged")
    return kept


def _cell(text: str) -> object:
    text = text.strip()
    try:
        return float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        return text


def _write(header: list[str], header_line: int, rows: list[tuple[int, list[str]]]) -> str:
    """CSV text with each row on its original (last) line: blank lines pad the gaps."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    buf.write("\n" * (header_line - 1))
    writer.writerow(header)
    current = header_line
    for line, row in rows:
        if line - 1 > current:
            buf.write("\n" * (line - 1 - current))
            current = line - 1
        writer.writerow(row)
        current += 1
    return buf.getvalue()


def _read(path: PathLike, kind: str, reader: Callable[[object], pd.DataFrame]) -> pd.DataFrame:
    published, notes, mapping = normalise(path, kind)
    df = reader(published)
    if notes:
        df.attrs["conversions"] = notes + list(df.attrs.get("conversions", []))
    df.attrs["mapping"] = mapping
    return df


def read_public_models(path: PathLike) -> pd.DataFrame:
    """:func:`~meekbook.empirical.datasets.read_models` on a table as published (see module)."""
    from .datasets import read_models

    return _read(path, "models", read_models)


def read_public_leaderboard(path: PathLike, score: str = "mmlu_pro") -> pd.DataFrame:
    """:func:`~meekbook.empirical.datasets.read_leaderboard` on a table as published."""
    from .datasets import read_leaderboard

    return _read(path, "leaderboard", lambda p: read_leaderboard(p, score))
