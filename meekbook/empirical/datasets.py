"""Packaged data sets, their schemas, and readers for users' own files.

Two tables ship with the package (``meekbook/empirical/data``; provenance in ``meekbook/empirical/data/README.md``):

* ``base_models.csv`` -- pre-trained (not instruction-tuned) models with parameter count,
  training tokens and reported 5-shot MMLU, the input of the sigmoid fit of the chapter
  :ref:`benchmark-scores`.
* ``leaderboard.csv`` -- commercial and open models released 2023-2025 with release date,
  output price and MMLU-Pro / MMLU, the input of the frontier-gap check of the chapter on the
  empirical evidence.

Every table goes through :func:`meekbook.empirical.tables.read_table`, which checks it against a
:class:`~meekbook.empirical.tables.Schema` and names the file, line and column of any problem
(:class:`~meekbook.empirical.tables.DataValidationError`). The reader and its error type are re-exported
here for convenience.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import pandas as pd

from .tables import Column, DataValidationError, PathLike, Schema, load_report, read_table, row_lines

__all__ = [
    "DataValidationError",
    "Column",
    "Schema",
    "BASE_MODELS_SCHEMA",
    "LEADERBOARD_SCHEMA",
    "EVALUATOR_TYPES",
    "VALUE_COLUMNS",
    "SETTINGS_COLUMNS",
    "checked_columns",
    "read_table",
    "load_base_models",
    "load_leaderboard",
    "load_report",
    "data_path",
    "SIGMOID_INPUT_SCHEMA",
    "leaderboard_input_schema",
    "read_models",
    "read_leaderboard",
]


#: Schema of ``base_models.csv``: rows without params, tokens or MMLU are dropped and reported.
BASE_MODELS_SCHEMA = Schema(
    name="base models",
    columns=(
        Column("model", "str", "error"),
        Column("params", "float", "drop", strictly_positive=True),
        Column("tokens", "float", "drop", strictly_positive=True),
        Column("mmlu", "fraction", "drop"),
        Column("source", "str", "error"),
        Column("notes", "str", "keep"),
    ),
)

#: Schema of ``leaderboard.csv``: rows without a release date are dropped and reported; scores,
#: prices and parameter counts may be empty (the analyses say which rows they could not use).
LEADERBOARD_SCHEMA = Schema(
    name="leaderboard",
    columns=(
        Column("model", "str", "error"),
        Column("creator", "str", "error"),
        Column("release_date", "date", "drop"),
        Column("output_price", "float", "keep", minimum=0.0),
        Column("input_price", "float", "keep", minimum=0.0),
        Column("price_observed_date", "date", "keep"),
        Column("mmlu_pro", "fraction", "keep"),
        Column("evaluator", "str", "keep"),
        Column("evaluator_type", "str", "keep"),
        Column("shots", "float", "keep", minimum=0.0),
        Column("chain_of_thought", "str", "keep"),
        Column("mmlu", "fraction", "keep"),
        Column("params_b", "float", "keep", strictly_positive=True),
        Column("license", "str", "error"),
        Column("source", "str", "error"),
        Column("access_date", "date", "error"),
        Column("checked", "str", "error"),
        Column("verified", "str", "error"),
        Column("notes", "str", "keep"),
    ),
    key=None,  # one row per (model, evaluator): checked by _check_evaluations
)

#: Values allowed in ``evaluator_type`` (empty when the row has no ``mmlu_pro``).
EVALUATOR_TYPES = ("independent", "vendor")

#: The value columns of a leaderboard row: ``verified`` is true only when every one of them that
#: is not empty in the row is listed in ``checked`` (compared with a primary source).
VALUE_COLUMNS = ("release_date", "output_price", "input_price", "mmlu_pro", "shots",
                 "chain_of_thought", "mmlu", "params_b")

#: Columns that describe the run behind ``mmlu_pro``: empty when the row has no ``mmlu_pro``.
SETTINGS_COLUMNS = ("evaluator", "evaluator_type", "shots", "chain_of_thought")


def checked_columns(checked: str) -> tuple[str, ...]:
    """The value columns named in a ``checked`` cell.

    The cell is ``none`` or a ``;``-separated list of :data:`VALUE_COLUMNS`, each optionally
    followed by a note in brackets (``mmlu_pro (rescored)``, ``mmlu (2026-11-23)``).

    Raises
    ------
    ValueError
        An item names no value column (the message lists them).

    Examples
    --------
    >>> checked_columns("mmlu_pro (rescored); release_date")
    ('mmlu_pro', 'release_date')
    >>> checked_columns("none")
    ()
    """
    if not isinstance(checked, str):
        raise ValueError(f"checked must be text; got {checked!r}")
    if checked.strip() in ("none", ""):
        return ()
    names = []
    for item in checked.split(";"):
        name = item.split("(", 1)[0].strip()
        if name not in VALUE_COLUMNS:
            raise ValueError(f"checked must list value columns {list(VALUE_COLUMNS)} (each optionally "
                             f"followed by a note in brackets) or be 'none'; got item {item.strip()!r}")
        names.append(name)
    return tuple(names)


def _check_row_rules(df: pd.DataFrame, fail: Any) -> None:
    """The packaged table's rules (data README, "Rules"): ``checked`` names value columns;
    ``verified`` only when every non-empty value column is checked; the settings columns are
    empty without an ``mmlu_pro``; a price carries ``price_observed_date`` unless ``notes``
    marks it as an estimate; an ``input_price`` only with an ``output_price``."""
    for i in range(len(df)):
        row = df.iloc[i]
        try:
            checked = set(checked_columns(row["checked"]))
        except ValueError as err:
            raise fail(i, "checked", str(err)) from None
        present = [c for c in VALUE_COLUMNS if not _empty(row[c])]
        missing = [c for c in present if c not in checked]
        if row["verified"] == "true" and missing:
            raise fail(i, "verified", f"true, but checked does not list {missing} (every value column "
                                      "of the row must be checked against a primary source)")
        stale = sorted(checked - set(present))
        if stale:
            raise fail(i, "checked", f"lists {stale}, which the row leaves empty")
        if _empty(row["mmlu_pro"]):
            for column in ("shots", "chain_of_thought"):
                if not _empty(row[column]):
                    raise fail(i, column, "given, but the row has no mmlu_pro score (settings describe "
                                          "the run behind mmlu_pro)")
        priced = not (_empty(row["output_price"]) and _empty(row["input_price"]))
        if priced and _empty(row["price_observed_date"]) and "estimate" not in row["notes"]:
            raise fail(i, "price_observed_date", "empty for a price not marked as an estimate in notes: "
                                                 "give the date the price held")
        if _empty(row["output_price"]) and not _empty(row["input_price"]):
            raise fail(i, "input_price", "given without an output_price")


def _empty(value: Any) -> bool:
    """Whether a cell read by :func:`read_table` is empty (NaN, NaT, NA or ``""``)."""
    return value is None or value == "" or bool(pd.isna(value))


def _check_evaluations(df: pd.DataFrame, *, strict: bool) -> pd.DataFrame:
    """Check and type the evaluator columns of a leaderboard read by :func:`read_table`.

    ``strict`` (the packaged file): every column is present, an ``mmlu_pro`` value has an
    ``evaluator`` and an ``evaluator_type`` and an empty one has neither, and ``verified`` is
    ``true`` or ``false``. Lenient (users' files): each check runs only on the columns present.
    Always: ``evaluator_type`` is ``independent``, ``vendor`` or empty; ``shots`` is a whole
    number; ``chain_of_thought`` is ``true``, ``false`` or empty; (``model``, ``evaluator``) is
    unique (``model`` alone when there is no ``evaluator`` column). ``shots`` becomes ``Int64``
    and ``chain_of_thought`` / ``verified`` nullable booleans.
    """
    name = str(df.attrs.get("source", "leaderboard"))
    lines = row_lines(df)

    def fail(i: int, column: str, problem: str) -> DataValidationError:
        return DataValidationError(name, lines[i], column, problem)

    has = set(df.columns)
    if strict:
        _check_row_rules(df, fail)
    if "evaluator_type" in has:
        for i, value in enumerate(df["evaluator_type"]):
            if value not in ("", *EVALUATOR_TYPES):
                raise fail(i, "evaluator_type", f"must be 'independent', 'vendor' or empty; got {value!r}")
    if strict or {"mmlu_pro", "evaluator", "evaluator_type"} <= has:
        scored = df["mmlu_pro"].notna().to_numpy()
        for i in range(len(df)):
            for column in ("evaluator", "evaluator_type"):
                given = df[column].iloc[i] != ""
                if scored[i] and not given:
                    raise fail(i, column, "empty, but the row has an mmlu_pro score: say who evaluated it")
                if given and not scored[i]:
                    raise fail(i, column, "given, but the row has no mmlu_pro score")
    if "shots" in has:
        shots = df["shots"].to_numpy(dtype=float)
        for i, value in enumerate(shots):
            if value == value and value != int(value):
                raise fail(i, "shots", f"must be a whole number of examples; got {value:g}")
        df["shots"] = df["shots"].astype("Int64")
    for column, allowed in (("chain_of_thought", ("true", "false", "")), ("verified", ("true", "false"))):
        if column not in has:
            continue
        if not strict and column == "verified":
            allowed = ("true", "false", "")
        for i, value in enumerate(df[column]):
            if value not in allowed:
                raise fail(i, column, f"must be one of {list(allowed)}; got {value!r}")
        df[column] = df[column].map({"true": True, "false": False, "": pd.NA}).astype("boolean")
    key_columns = ["model", "evaluator"] if "evaluator" in has else ["model"]
    first: dict[tuple[str, ...], int] = {}
    for i, key in enumerate(zip(*(df[c] for c in key_columns))):
        if key in first:
            what = " and ".join(f"{c} {v!r}" for c, v in zip(key_columns, key))
            raise fail(i, key_columns[-1], f"duplicate row for {what} (first on line {lines[first[key]]})")
        first[key] = i
    return df


_PACKAGED = {"base_models": "base_models.csv", "leaderboard": "leaderboard.csv"}


def data_path(name: str) -> Traversable:
    """The packaged data file ``name`` (``"base_models"`` or ``"leaderboard"``).

    Examples
    --------
    >>> data_path("leaderboard").name
    'leaderboard.csv'
    """
    try:
        filename = _PACKAGED[name]
    except KeyError:
        raise ValueError(
            f"name must be one of {sorted(_PACKAGED)}; got {name!r}"
        ) from None
    return resources.files("meekbook.empirical").joinpath("data", filename)


#: Columns ``fit-sigmoid`` reads from a user file (other columns are ignored).
SIGMOID_INPUT_SCHEMA = Schema(
    name="fit-sigmoid input",
    columns=(
        Column("model", "str", "keep", required=False),
        Column("params", "float", "drop", strictly_positive=True),
        Column("tokens", "float", "drop", strictly_positive=True),
        Column("mmlu", "fraction", "drop"),
    ),
    allow_extra=True,
)


def leaderboard_input_schema(score: str = "mmlu_pro") -> Schema:
    """Columns read from a user's leaderboard file (``frontier-gap``): lenient, extra columns allowed.

    ``model`` and ``release_date`` are required, as is the ``score`` column (read as a
    fraction, percent detected); ``output_price``, ``params_b`` and the provenance columns of
    the packaged table (``evaluator``, ``evaluator_type``, ``shots``, ``chain_of_thought``,
    ``input_price``, ``price_observed_date``, ...) are read when present, so files without them keep working.

    Examples
    --------
    >>> leaderboard_input_schema("mmlu").column("mmlu").kind
    'fraction'
    """
    columns = [
        Column("model", "str", "error"),
        Column("release_date", "date", "drop"),
        Column("output_price", "float", "keep", minimum=0.0, required=False),
        Column("params_b", "float", "keep", strictly_positive=True, required=False),
    ]
    for name in ("mmlu_pro", "mmlu"):
        columns.append(Column(name, "fraction", "keep", required=(name == score)))
    if score not in {c.name for c in columns}:
        columns.append(Column(score, "fraction", "keep", required=True))
    for name in ("creator", "license", "source", "notes", "evaluator", "evaluator_type",
                 "chain_of_thought", "checked", "verified"):
        columns.append(Column(name, "str", "keep", required=False))
    columns.append(Column("shots", "float", "keep", minimum=0.0, required=False))
    columns.append(Column("input_price", "float", "keep", minimum=0.0, required=False))
    for name in ("access_date", "price_observed_date"):
        columns.append(Column(name, "date", "keep", required=False))
    return Schema(name="frontier-gap input", columns=tuple(columns), allow_extra=True, key=None)


def read_models(path: PathLike) -> pd.DataFrame:
    """A user's base-model CSV for the sigmoid fit: ``params``, ``tokens``, ``mmlu`` (+ ``model``).

    Lenient: extra columns are ignored, MMLU in percent is detected and converted (said in
    ``df.attrs["conversions"]``), rows with a missing value are dropped and reported.

    Examples
    --------
    >>> df = read_models(data_path("base_models"))
    >>> len(df) >= 30
    True
    """
    return read_table(path, SIGMOID_INPUT_SCHEMA, percent="convert")


def read_leaderboard(path: PathLike, score: str = "mmlu_pro") -> pd.DataFrame:
    """A user's leaderboard CSV for :func:`meekbook.empirical.frontier.frontier_gap`.

    Needs ``model``, ``release_date`` and the ``score`` column; reads ``output_price`` and
    ``params_b`` when present; other columns are kept. Percent scores are converted. When the
    file has an ``evaluator`` column (one row per model and evaluator, as in the packaged
    table) the pair must be unique, otherwise the model; ``evaluator_type``, ``shots`` and
    ``chain_of_thought`` are checked when present (see :data:`EVALUATOR_TYPES`).

    Examples
    --------
    >>> df = read_leaderboard(data_path("leaderboard"), score="mmlu")
    >>> "mmlu" in df.columns
    True
    """
    return _check_evaluations(read_table(path, leaderboard_input_schema(score), percent="convert"),
                              strict=False)


def load_base_models(path: PathLike | None = None) -> pd.DataFrame:
    """Base models with parameters, training tokens and 5-shot MMLU (fraction).

    Parameters
    ----------
    path : path-like, optional
        A CSV with the columns of :data:`BASE_MODELS_SCHEMA`; default the packaged
        ``base_models.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``model, params, tokens, mmlu, source, notes``; rows with an empty params,
        tokens or mmlu are dropped and listed in ``df.attrs["dropped"]``.

    Examples
    --------
    >>> df = load_base_models()
    >>> bool((df["mmlu"].between(0, 1)).all()), len(df) >= 30
    (True, True)
    """
    return read_table(data_path("base_models") if path is None else path, BASE_MODELS_SCHEMA)


def load_leaderboard(path: PathLike | None = None) -> pd.DataFrame:
    """Models released 2023-2025 with release date, output price and MMLU-Pro / MMLU, by evaluator.

    One row per model and MMLU-Pro evaluator: a model scored by TIGER-Lab and by its vendor has
    two rows (same price and MMLU, different ``mmlu_pro``, ``evaluator``, setting and source).

    Parameters
    ----------
    path : path-like, optional
        A CSV with the columns of :data:`LEADERBOARD_SCHEMA`; default the packaged
        ``leaderboard.csv``.

    Returns
    -------
    pandas.DataFrame
        ``release_date`` and ``access_date`` as datetime64; ``output_price`` and
        ``input_price`` in US dollars per million output / input tokens, with
        ``price_observed_date`` (datetime64, NaT for an estimate), a date on which the cited
        source shows that price as the list price; ``mmlu_pro`` and ``mmlu`` as fractions (NaN when unknown);
        ``params_b`` in billions (NaN for closed models); ``evaluator`` (e.g. ``"TIGER-Lab"``,
        ``"vendor: Meta"``) and ``evaluator_type`` (``"independent"`` or ``"vendor"``), empty
        when there is no ``mmlu_pro``; the MMLU-Pro prompt setting ``shots`` (``Int64``) and
        ``chain_of_thought`` (nullable boolean); ``checked`` (text: the value columns compared
        with a primary source, see :func:`checked_columns`) and ``verified`` (boolean).

    Raises
    ------
    DataValidationError
        Besides the schema's checks: an ``evaluator_type`` other than ``independent`` or
        ``vendor``; an ``mmlu_pro`` score without an evaluator (or the reverse); a fractional
        ``shots``; a ``chain_of_thought`` or ``verified`` other than ``true``/``false``; two rows
        for the same model and evaluator; a break of the data README's rules (``verified``
        with an unchecked value column, a ``checked`` item that is not a value column, settings
        without an ``mmlu_pro``, a price without ``price_observed_date`` not marked estimate).

    Examples
    --------
    >>> lb = load_leaderboard()
    >>> str(lb["release_date"].min().date()) >= "2023-01-01"
    True
    >>> sorted(set(lb.loc[lb["mmlu_pro"].notna(), "evaluator_type"]))
    ['independent', 'vendor']
    """
    df = read_table(data_path("leaderboard") if path is None else path, LEADERBOARD_SCHEMA)
    return _check_evaluations(df, strict=True)
