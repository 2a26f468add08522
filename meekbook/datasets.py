"""Packaged data sets, their schemas, and readers for users' own files.

Two tables ship with the package (``meekbook/data``; provenance in ``meekbook/data/README.md``):

* ``base_models.csv`` -- pre-trained (not instruction-tuned) models with parameter count,
  training tokens and reported 5-shot MMLU, the input of the sigmoid fit of the chapter
  :ref:`benchmark-scores`.
* ``leaderboard.csv`` -- commercial and open models released 2023-2025 with release date,
  output price and MMLU-Pro / MMLU, the input of the frontier-gap check of the chapter on the
  empirical evidence.

Every table goes through :func:`meekbook.tables.read_table`, which checks it against a
:class:`~meekbook.tables.Schema` and names the file, line and column of any problem
(:class:`~meekbook.tables.DataValidationError`). The reader and its error type are re-exported
here for convenience.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

import pandas as pd

from .tables import Column, DataValidationError, PathLike, Schema, load_report, read_table

__all__ = [
    "DataValidationError",
    "Column",
    "Schema",
    "BASE_MODELS_SCHEMA",
    "LEADERBOARD_SCHEMA",
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
        Column("mmlu_pro", "fraction", "keep"),
        Column("mmlu", "fraction", "keep"),
        Column("params_b", "float", "keep", strictly_positive=True),
        Column("license", "str", "error"),
        Column("source", "str", "error"),
        Column("access_date", "date", "error"),
        Column("notes", "str", "keep"),
    ),
)

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
    return resources.files("meekbook").joinpath("data", filename)


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
    fraction, percent detected); ``output_price`` and ``params_b`` are read when present.

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
    for name in ("creator", "license", "source", "notes"):
        columns.append(Column(name, "str", "keep", required=False))
    columns.append(Column("access_date", "date", "keep", required=False))
    return Schema(name="frontier-gap input", columns=tuple(columns), allow_extra=True)


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
    """A user's leaderboard CSV for :func:`meekbook.frontier.frontier_gap`.

    Needs ``model``, ``release_date`` and the ``score`` column; reads ``output_price`` and
    ``params_b`` when present; other columns are kept. Percent scores are converted.

    Examples
    --------
    >>> df = read_leaderboard(data_path("leaderboard"), score="mmlu")
    >>> "mmlu" in df.columns
    True
    """
    return read_table(path, leaderboard_input_schema(score), percent="convert")


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
    """Models released 2023-2025 with release date, output price and MMLU-Pro / MMLU.

    Parameters
    ----------
    path : path-like, optional
        A CSV with the columns of :data:`LEADERBOARD_SCHEMA`; default the packaged
        ``leaderboard.csv``.

    Returns
    -------
    pandas.DataFrame
        ``release_date`` and ``access_date`` as datetime64; ``output_price`` in US dollars per
        million output tokens; ``mmlu_pro`` and ``mmlu`` as fractions (NaN when unknown);
        ``params_b`` in billions (NaN for closed models).

    Examples
    --------
    >>> lb = load_leaderboard()
    >>> str(lb["release_date"].min().date()) >= "2023-01-01"
    True
    """
    return read_table(data_path("leaderboard") if path is None else path, LEADERBOARD_SCHEMA)
