"""Leaderboard columns and evaluators: checks of a score or date column, who evaluated what
(:func:`evaluators`), and one evaluator's rows (:func:`select_evaluator`).

Scores from different evaluators are not comparable (vendors' own MMLU-Pro reports run 3-6
points above an independent run of the same model), so the frontier-gap analysis
(:mod:`meekbook.empirical.frontier`, which re-exports these functions) takes one evaluator at a
time.
"""

from __future__ import annotations

from datetime import date as _date
from typing import Any

import numpy as np
import pandas as pd

from ..validation import ParameterTypeError
from .tables import row_labels as _labels

__all__ = ["NOT_SCORES", "EVALUATOR_KEYWORDS", "evaluators", "select_evaluator"]


#: Columns that are never scores (dates, prices, sizes, text): ``score`` may not name them.
NOT_SCORES = frozenset({"model", "creator", "release_date", "access_date", "price_observed_date",
                        "output_price", "input_price", "params_b", "license", "source", "notes"})


def check_score_column(df: pd.DataFrame, score: str) -> np.ndarray:
    """The ``score`` column of ``df`` as floats, checked: numbers, fractions in [0, 1], not a
    date, price, size or text column (:data:`NOT_SCORES`)."""
    if not isinstance(df, pd.DataFrame):
        raise ParameterTypeError(f"df must be a pandas DataFrame; got {type(df).__name__}")
    if not isinstance(score, str) or score not in df.columns:
        raise ValueError(
            f"score must name a column of df; got {score!r} (columns: {list(df.columns)})"
        )
    if score in NOT_SCORES:
        raise ValueError(
            f"score must name a benchmark-score column (fractions in [0, 1]); {score!r} is a "
            "date, price, size or text column"
        )
    col = df[score]
    if not (pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)):
        raise ValueError(f"score column {score!r} must hold numbers (fractions in [0, 1]); "
                         f"it holds {col.dtype}")
    values = col.to_numpy(dtype=float)
    bad = np.flatnonzero(np.isfinite(values) & ((values < 0) | (values > 1)))
    if bad.size:
        i = int(bad[0])
        raise ValueError(
            f"score column {score!r} must hold fractions in [0, 1]; got {values[i]:g} for "
            f"{_labels(df)[i]!r} (divide percentages by 100)"
        )
    return values


def check_date_option(name: str, value: Any) -> pd.Timestamp | None:
    """A date option: None, a Timestamp / date, or a string ``YYYY-MM-DD``."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            day = _date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise ValueError(f"{name} must be a date YYYY-MM-DD (e.g. 2024-02-15); got {value!r}")
        value = day
    if isinstance(value, (pd.Timestamp, _date)) and not pd.isna(value):
        try:
            return pd.Timestamp(value)
        except (ValueError, OverflowError):
            raise ValueError(f"{name} must be a date between 1678 and 2261; got {value!r}") from None
    raise ParameterTypeError(f"{name} must be a date YYYY-MM-DD or None; got {value!r}")


def check_date_column(df: pd.DataFrame, date: str) -> pd.Series:
    """The ``date`` column of ``df`` as datetime64 (text ``YYYY-MM-DD`` is parsed)."""
    if not isinstance(date, str) or date not in df.columns:
        raise ValueError(f"df must have a {date!r} column of dates; columns: {list(df.columns)}")
    col = df[date]
    if not pd.api.types.is_datetime64_any_dtype(col):
        try:
            col = pd.to_datetime(col, format="%Y-%m-%d")
        except (TypeError, ValueError):
            raise ValueError(f"column {date!r} must hold dates (YYYY-MM-DD)") from None
    return col.astype("datetime64[ns]")


#: Keywords of ``evaluator`` that are not evaluator names.
EVALUATOR_KEYWORDS = ("all", "independent", "vendor")


def evaluators(df: pd.DataFrame, score: str = "mmlu_pro") -> pd.DataFrame:
    """Who evaluated the ``score`` values of ``df``: one row per evaluator.

    Parameters
    ----------
    df : pandas.DataFrame
        A leaderboard with an ``evaluator`` column (and, optionally, ``evaluator_type``).
    score : str, optional
        Score column whose non-missing values are counted, default ``"mmlu_pro"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``evaluator``, ``evaluator_type`` (empty when ``df`` has no such column) and
        ``n`` (rows with a ``score``), independent evaluators first, then by ``n`` (descending)
        and name. Empty when ``df`` has no ``evaluator`` column.

    Examples
    --------
    >>> toy = pd.DataFrame({"model": ["a", "b", "b"], "mmlu_pro": [0.4, 0.5, 0.55],
    ...                     "evaluator": ["Lab", "Lab", "vendor: B"],
    ...                     "evaluator_type": ["independent", "independent", "vendor"]})
    >>> evaluators(toy)
       evaluator evaluator_type  n
    0        Lab    independent  2
    1  vendor: B         vendor  1
    """
    values = check_score_column(df, score)
    if "evaluator" not in df.columns:
        return pd.DataFrame({"evaluator": pd.Series(dtype=object),
                             "evaluator_type": pd.Series(dtype=object), "n": pd.Series(dtype=int)})
    scored = df[np.isfinite(values)]
    kinds = _evaluator_types(scored)
    table = (
        pd.DataFrame({"evaluator": scored["evaluator"].astype(str), "evaluator_type": kinds.astype(str)})
        .groupby(["evaluator", "evaluator_type"], sort=False).size().rename("n").reset_index()
    )
    table = table[table["evaluator"] != ""]
    order = sorted(range(len(table)), key=lambda i: (table["evaluator_type"].iloc[i] != "independent",
                                                    -int(table["n"].iloc[i]), table["evaluator"].iloc[i]))
    return table.iloc[order].reset_index(drop=True)


def select_evaluator(
    df: pd.DataFrame,
    evaluator: str | None = None,
    score: str = "mmlu_pro",
    *,
    evaluated: str = "mmlu_pro",
) -> tuple[pd.DataFrame, str]:
    """The rows of ``df`` whose ``score`` comes from one evaluator (or a chosen mix).

    Parameters
    ----------
    df : pandas.DataFrame
        A leaderboard; the ``evaluator`` / ``evaluator_type`` columns are optional.
    evaluator : str or None, optional
        ``None`` (default): the independent evaluator of ``score`` (``evaluator_type`` =
        ``"independent"``; with several, the one with the most scored rows, then by name; with
        no ``evaluator_type`` column, the only evaluator). A name (as in the ``evaluator``
        column, case-insensitive): that evaluator's rows. ``"independent"`` / ``"vendor"``: all
        rows of that type (a mix of evaluators). ``"all"``: every row, as before evaluators were
        recorded.
    score : str, optional
        Score column analysed, default ``"mmlu_pro"``.
    evaluated : str, optional
        The score column the evaluator columns describe (``"mmlu_pro"`` in the packaged table).
        For another ``score`` the evaluator cannot be chosen (only ``None`` or ``"all"``), and
        the rows are reduced to the first per model so that a model with several evaluations
        of ``evaluated`` counts once.

    Returns
    -------
    (pandas.DataFrame, str)
        The selected rows (index reset, ``attrs`` kept) and what was selected: the evaluator's
        name, ``"independent"``, ``"vendor"`` or ``"all"``.

    Raises
    ------
    ValueError
        ``evaluator`` names no evaluator of ``score`` in ``df`` (the message lists the
        choices); no independent evaluator to default to; an evaluator chosen for a score the
        evaluator columns do not describe, or in a table without an ``evaluator`` column.

    Examples
    --------
    >>> toy = pd.DataFrame({"model": ["a", "b", "b"], "mmlu_pro": [0.4, 0.5, 0.55],
    ...                     "evaluator": ["Lab", "Lab", "vendor: B"],
    ...                     "evaluator_type": ["independent", "independent", "vendor"]})
    >>> rows, chosen = select_evaluator(toy)
    >>> chosen, list(rows["mmlu_pro"])
    ('Lab', [0.4, 0.5])
    >>> select_evaluator(toy, "all")[0].shape[0]
    3
    """
    check_score_column(df, score)
    if evaluator is not None and not isinstance(evaluator, str):
        raise ValueError(f"evaluator must be a string or None; got {evaluator!r}")
    if "evaluator" not in df.columns or score != evaluated:
        return _whole_table(df, evaluator, score, evaluated)
    table = evaluators(df, score)
    names = list(table["evaluator"])
    choices = ["all", *EVALUATOR_KEYWORDS[1:], *names]
    if evaluator is None:
        chosen = _default_evaluator(df, table, score, choices)
        return _keep_rows(df, df["evaluator"].astype(str) == chosen), chosen
    if evaluator == "all":
        return df, "all"
    if evaluator in ("independent", "vendor"):
        if evaluator not in set(table["evaluator_type"]):
            raise ValueError(f"no {evaluator} evaluation of {score!r} in df; evaluator must be one of {choices}")
        return _keep_rows(df, _evaluator_types(df) == evaluator), evaluator
    match = [n for n in names if n.casefold() == evaluator.strip().casefold()]
    if not match:
        raise ValueError(f"evaluator must be one of {choices}; got {evaluator!r}")
    return _keep_rows(df, df["evaluator"].astype(str) == match[0]), match[0]


def _keep_rows(df: pd.DataFrame, mask: Any) -> pd.DataFrame:
    """The rows of ``df`` where ``mask`` holds (index reset; ``attrs`` kept, ``lines`` filtered)."""
    keep = np.asarray(mask, dtype=bool)
    out = df[keep].reset_index(drop=True)
    out.attrs = dict(df.attrs)
    if isinstance(out.attrs.get("lines"), list):
        out.attrs["lines"] = [ln for ln, m in zip(df.attrs["lines"], keep) if m]
    return out


def _evaluator_types(df: pd.DataFrame) -> pd.Series:
    """The ``evaluator_type`` column as text (empty strings without one)."""
    if "evaluator_type" in df.columns:
        return df["evaluator_type"].astype(str)
    return pd.Series("", index=df.index)


def _whole_table(df: pd.DataFrame, evaluator: str | None, score: str, evaluated: str) -> tuple[pd.DataFrame, str]:
    """Without evaluator columns for ``score``: every row (the first per model when the table
    records evaluators of another score); only ``None`` or ``"all"`` may be asked for."""
    has_column = "evaluator" in df.columns
    if evaluator not in (None, "all"):
        why = ("df has no 'evaluator' column" if not has_column
               else f"the evaluator columns describe {evaluated!r}, not {score!r}")
        raise ValueError(f"evaluator must be None or 'all' here ({why}); got {evaluator!r}")
    if has_column and "model" in df.columns:
        return _keep_rows(df, ~df["model"].duplicated().to_numpy()), "all"
    return df, "all"


def _default_evaluator(df: pd.DataFrame, table: pd.DataFrame, score: str, choices: list[str]) -> str:
    """The independent evaluator with the most rows (then by name); without an
    ``evaluator_type`` column, the only evaluator."""
    independent = table[table["evaluator_type"] == "independent"]
    if len(independent):
        return str(independent["evaluator"].iloc[0])
    if "evaluator_type" not in df.columns and len(table) == 1:
        return str(table["evaluator"].iloc[0])
    raise ValueError(
        f"no independent evaluator of {score!r} in df to default to; choose one with "
        f"evaluator = one of {choices}"
    )
