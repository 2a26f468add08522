"""The frontier gap on a leaderboard: best score overall against the best inside a band.

The paper's second empirical check (the chapter on the empirical evidence). Two running maxima
over release date -- the best score of any model, and the best score among models in a price
band (or a parameter-count band) -- and the gap between the two step series.
:func:`frontier_gap` computes both, their difference at every date where either changes, and a
fitted rate at which the gap shrinks (:func:`scipy.stats.linregress`). The default data are the
packaged leaderboard (:func:`meekbook.empirical.datasets.load_leaderboard`); the plot is
:func:`meekbook.plots.figures.plot_frontier_gap`.

Scores from different evaluators are not comparable (vendors' own MMLU-Pro reports run 3-6
points above an independent run of the same model), so the analysis takes **one evaluator at a
time**: by default the table's independent evaluator; :func:`select_evaluator` chooses the rows
and :func:`evaluators` lists who evaluated what.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date as _date
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from .tables import row_labels as _labels
from ..validation import ParameterTypeError, as_scalar, check_open_interval
from ..validation import finite_or_none as _jsonable

__all__ = [
    "evaluators",
    "select_evaluator",
    "running_best",
    "RateFit",
    "FrontierGapResult",
    "frontier_gap",
]

_DAYS_PER_YEAR = 365.25


#: Columns that are never scores (dates, prices, sizes, text): ``score`` may not name them.
NOT_SCORES = frozenset({"model", "creator", "release_date", "access_date", "output_price",
                        "input_price", "params_b", "license", "source", "notes"})


def _check_score(df: pd.DataFrame, score: str) -> np.ndarray:
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


def _check_date_option(name: str, value: Any) -> pd.Timestamp | None:
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


def _check_dates(df: pd.DataFrame, date: str) -> pd.Series:
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
    values = _check_score(df, score)
    if "evaluator" not in df.columns:
        return pd.DataFrame({"evaluator": pd.Series(dtype=object),
                             "evaluator_type": pd.Series(dtype=object), "n": pd.Series(dtype=int)})
    scored = df[np.isfinite(values)]
    kinds = scored["evaluator_type"] if "evaluator_type" in df.columns else pd.Series("", index=scored.index)
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
    _check_score(df, score)
    if evaluator is not None and not isinstance(evaluator, str):
        raise ValueError(f"evaluator must be a string or None; got {evaluator!r}")

    def keep(mask: Any) -> pd.DataFrame:
        out = df[np.asarray(mask, dtype=bool)].reset_index(drop=True)
        out.attrs = dict(df.attrs)
        if isinstance(out.attrs.get("lines"), list):
            out.attrs["lines"] = [ln for ln, m in zip(df.attrs["lines"], np.asarray(mask, dtype=bool)) if m]
        return out

    has_column = "evaluator" in df.columns
    if not has_column or score != evaluated:
        if evaluator not in (None, "all"):
            why = ("df has no 'evaluator' column" if not has_column
                   else f"the evaluator columns describe {evaluated!r}, not {score!r}")
            raise ValueError(f"evaluator must be None or 'all' here ({why}); got {evaluator!r}")
        if has_column and "model" in df.columns:
            return keep(~df["model"].duplicated().to_numpy()), "all"
        return df, "all"

    table = evaluators(df, score)
    names = list(table["evaluator"])
    choices = ["all", "independent", "vendor", *names]
    ev = df["evaluator"].astype(str)
    kinds = df["evaluator_type"].astype(str) if "evaluator_type" in df.columns else pd.Series("", index=df.index)
    if evaluator is None:
        independent = table[table["evaluator_type"] == "independent"]
        if len(independent):
            chosen = str(independent["evaluator"].iloc[0])
        elif "evaluator_type" not in df.columns and len(names) == 1:
            chosen = names[0]
        else:
            raise ValueError(
                f"no independent evaluator of {score!r} in df to default to; choose one with "
                f"evaluator = one of {choices}"
            )
        return keep(ev == chosen), chosen
    if evaluator == "all":
        return df, "all"
    if evaluator in ("independent", "vendor"):
        if evaluator not in set(table["evaluator_type"]):
            raise ValueError(f"no {evaluator} evaluation of {score!r} in df; evaluator must be one of {choices}")
        return keep(kinds == evaluator), evaluator
    match = [n for n in names if n.casefold() == evaluator.strip().casefold()]
    if not match:
        raise ValueError(f"evaluator must be one of {choices}; got {evaluator!r}")
    return keep(ev == match[0]), match[0]


def running_best(
    df: pd.DataFrame,
    score: str = "mmlu_pro",
    mask: Any = None,
    *,
    date: str = "release_date",
) -> pd.DataFrame:
    """Running maximum of ``score`` over release date, as a step series.

    Parameters
    ----------
    df : pandas.DataFrame
        Needs ``score``, ``date`` and (for labels) ``model`` columns. Rows with a missing score
        or date are ignored.
    score : str, optional
        Score column (fractions), default ``"mmlu_pro"``.
    mask : array_like of bool, optional
        Rows to consider (same length as ``df``); default all.
    date : str, optional
        Date column, default ``"release_date"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``date``, ``best`` and ``model``: one row per date at which the best score so
        far rises (the first scored model included). Read it as a step function held constant
        until the next row (``where="post"``). Ties on a date go to the first row in ``df``.

    Examples
    --------
    >>> toy = pd.DataFrame({"model": ["a", "b", "c", "d"],
    ...                     "release_date": pd.to_datetime(
    ...                         ["2024-01-01", "2024-03-01", "2024-02-01", "2024-05-01"]),
    ...                     "mmlu_pro": [0.4, 0.5, 0.3, 0.45]})
    >>> running_best(toy)
            date  best model
    0 2024-01-01   0.4     a
    1 2024-03-01   0.5     b
    """
    values = _check_score(df, score)
    dates = _check_dates(df, date)
    if mask is None:
        use = np.ones(len(df), dtype=bool)
    else:
        use = np.asarray(mask)
        if use.dtype != bool:
            raise ParameterTypeError(f"mask must be an array of booleans, one per row; got dtype {use.dtype}")
        if use.shape != (len(df),):
            raise ValueError(f"mask must have one entry per row ({len(df)}); got shape {use.shape}")
    labels = _labels(df)
    ok = use & np.isfinite(values) & dates.notna().to_numpy()
    rows = np.flatnonzero(ok)
    day = dates.to_numpy(dtype="datetime64[ns]").astype(np.int64)[rows]
    # by date, then best score first, then file order
    order = rows[np.lexsort((rows, -values[rows], day))]
    ordered = values[order]
    previous = np.maximum.accumulate(np.concatenate(([-np.inf], ordered[:-1])))
    rises = order[ordered > previous]
    return pd.DataFrame(
        {
            "date": pd.Series(dates.to_numpy(dtype="datetime64[ns]")[rises], dtype="datetime64[ns]"),
            "best": pd.Series(values[rises], dtype=float),
            "model": pd.Series([labels[i] for i in rises], dtype=object),
        }
    )


def _step_at(series: pd.DataFrame, when: pd.Series) -> tuple[np.ndarray, list[str | None]]:
    """Value and holder of a running-best step series at the dates ``when``."""
    d = series["date"].to_numpy(dtype="datetime64[ns]")
    pos = np.searchsorted(d, when.to_numpy(dtype="datetime64[ns]"), side="right") - 1
    vals = np.where(pos >= 0, series["best"].to_numpy()[np.clip(pos, 0, None)], np.nan)
    holders = [series["model"].iloc[p] if p >= 0 else None for p in pos]
    return vals, holders


@dataclass(frozen=True)
class RateFit:
    """Fitted rate at which the frontier gap shrinks.

    Attributes
    ----------
    method : {"linear", "log"}
        ``"linear"``: ``gap = a + b t`` (t in years) and ``rate = -b``, the score points (as a
        fraction) by which the gap shrinks per year. ``"log"``: ``log(gap) = a + b t`` on the
        points with a positive gap and ``rate = -b``, the continuous proportional shrink per
        year (the gap falls by a factor ``exp(-rate)`` a year).
    rate, ci_low, ci_high : float
        Estimate and ``confidence`` interval (Student t on n - 2 degrees of freedom); NaN when
        fewer than 3 points.
    slope, intercept, stderr : float
        OLS slope (per year), intercept (at ``start``) and the slope's standard error.
    n : int
        Number of points the fit rests on.
    confidence : float
        Coverage of the interval.
    start, end : pandas.Timestamp or None
        First and last date used; ``t`` is measured in years from ``start``.
    unit : str
        Unit of ``rate``.
    excluded : tuple of str
        Gap points left out (log fit: gaps <= 0) or why no fit was possible.
    """

    method: str
    rate: float
    ci_low: float
    ci_high: float
    slope: float
    intercept: float
    stderr: float
    n: int
    confidence: float
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    unit: str
    excluded: tuple[str, ...] = ()

    @property
    def low(self) -> float:
        """Lower end of the interval (alias of ``ci_low``)."""
        return self.ci_low

    @property
    def high(self) -> float:
        """Upper end of the interval (alias of ``ci_high``)."""
        return self.ci_high

    @property
    def n_points(self) -> int:
        """Number of points the fit rests on (alias of ``n``)."""
        return self.n

    def as_dict(self) -> dict[str, Any]:
        """Plain-Python (JSON-serialisable) view."""
        return {
            "method": self.method,
            "rate": _jsonable(self.rate),
            "ci": [_jsonable(self.ci_low), _jsonable(self.ci_high)],
            "confidence": self.confidence,
            "slope": _jsonable(self.slope),
            "intercept": _jsonable(self.intercept),
            "stderr": _jsonable(self.stderr),
            "n_points": self.n,
            "start": None if self.start is None else self.start.date().isoformat(),
            "end": None if self.end is None else self.end.date().isoformat(),
            "unit": self.unit,
            "excluded": list(self.excluded),
        }


def _fit_rate(
    gap: pd.DataFrame,
    method: str,
    confidence: float,
    fit_start: pd.Timestamp | None,
    fit_end: pd.Timestamp | None,
) -> RateFit:
    sel = gap
    if fit_start is not None:
        sel = sel[sel["date"] >= fit_start]
    if fit_end is not None:
        sel = sel[sel["date"] <= fit_end]
    excluded: list[str] = []
    y = sel["gap"].to_numpy(dtype=float)
    dates = sel["date"]
    if method == "log":
        pos = y > 0
        for d, m in zip(dates[~pos], sel["band_model"][~pos]):
            excluded.append(f"{d.date().isoformat()}: gap is 0 (band best {m} is the frontier)")
        y = np.log(y[pos])
        dates = dates[pos]
        unit = "per year (proportional, continuous)"
    else:
        unit = "score (fraction) per year"
    n = int(y.size)
    start = dates.iloc[0] if n else None
    end = dates.iloc[-1] if n else None
    nan = math.nan
    if n < 3:
        excluded.append(f"only {n} point(s); a rate needs at least 3")
        return RateFit(method, nan, nan, nan, nan, nan, nan, n, confidence, start, end, unit,
                       tuple(excluded))
    t = ((dates - start).dt.total_seconds() / (86400.0 * _DAYS_PER_YEAR)).to_numpy()
    if np.ptp(t) == 0:
        excluded.append("all points share one date; no rate")
        return RateFit(method, nan, nan, nan, nan, nan, nan, n, confidence, start, end, unit,
                       tuple(excluded))
    line = stats.linregress(t, y)
    slope, intercept, se = float(line.slope), float(line.intercept), float(line.stderr)
    dof = n - 2
    tcrit = float(stats.t.ppf(0.5 + confidence / 2.0, dof))
    rate = -slope
    return RateFit(
        method=method, rate=rate, ci_low=rate - tcrit * se, ci_high=rate + tcrit * se,
        slope=slope, intercept=intercept, stderr=se, n=n, confidence=confidence,
        start=start, end=end, unit=unit, excluded=tuple(excluded),
    )


@dataclass(frozen=True)
class FrontierGapResult:
    """Result of :func:`frontier_gap`.

    Attributes
    ----------
    score : str
        Score column used.
    overall : pandas.DataFrame
        Running best of all scored models (``date, best, model``).
    band : pandas.DataFrame
        Running best of the scored models inside the band (``date, best, model``).
    gap : pandas.DataFrame
        ``date, overall, band, gap, overall_model, band_model, years``: both step series and
        their difference at every date where either changes, from the first in-band model on;
        ``years`` counts from that first date.
    rate : RateFit
        Fitted shrink rate of the gap.
    band_label : str
        The band in words, e.g. ``"0.5 <= output_price <= 1"``.
    criteria : dict
        The band bounds as given (``price_min, price_max, params_min, params_max``).
    n_models : int
        Scored models considered.
    n_band : int
        Scored models inside the band.
    excluded : tuple of (str, str)
        ``(model, reason)`` for rows not used (no score, no date) -- and, for the band, rows
        without a price or parameter count.
    evaluator : str
        Whose scores were analysed (:func:`select_evaluator`): an evaluator's name,
        ``"independent"``, ``"vendor"`` or ``"all"``.
    evaluators : tuple of str
        The evaluators of ``score`` in the table given (empty without an ``evaluator`` column).
    n_other_rows : int
        Rows of the table given that the evaluator choice left out.
    """

    score: str
    overall: pd.DataFrame
    band: pd.DataFrame
    gap: pd.DataFrame
    rate: RateFit
    band_label: str
    criteria: dict[str, float | None]
    n_models: int
    n_band: int
    excluded: tuple[tuple[str, str], ...]
    evaluator: str = "all"
    evaluators: tuple[str, ...] = ()
    n_other_rows: int = 0

    def summary(self) -> dict[str, Any]:
        """Plain-Python summary (JSON-serialisable): the three series, the rate and counts."""

        def rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
            out = []
            for rec in frame.to_dict(orient="records"):
                item = {}
                for k, v in rec.items():
                    if isinstance(v, pd.Timestamp):
                        item[k] = v.date().isoformat()
                    elif isinstance(v, (float, np.floating)):
                        item[k] = _jsonable(v)
                    else:
                        item[k] = v
                out.append(item)
            return out

        first, last = (self.gap["gap"].iloc[0], self.gap["gap"].iloc[-1]) if len(self.gap) else (math.nan, math.nan)
        return {
            "score": self.score,
            "evaluator": self.evaluator,
            "evaluators_available": list(self.evaluators),
            "n_rows_other_evaluators": self.n_other_rows,
            "band": self.band_label,
            "criteria": self.criteria,
            "n_models": self.n_models,
            "n_band": self.n_band,
            "overall": rows(self.overall),
            "band_best": rows(self.band),
            "gap": rows(self.gap.drop(columns=["years"])),
            "gap_first": _jsonable(first),
            "gap_last": _jsonable(last),
            "gap_max": _jsonable(self.gap["gap"].max()) if len(self.gap) else None,
            "rate": self.rate.as_dict(),
            "excluded": [{"model": m, "reason": r} for m, r in self.excluded],
        }


def _check_bound(name: str, value: float | None) -> float | None:
    if value is None:
        return None
    v = as_scalar(name, value)
    if not math.isfinite(v) or v < 0:
        raise ValueError(f"{name} must be a finite number >= 0 or None; got {value!r}")
    return v


def _fmt(v: float) -> str:
    return f"{v:g}"


def frontier_gap(
    df: pd.DataFrame,
    price_min: float | None = None,
    price_max: float | None = None,
    params_min: float | None = None,
    params_max: float | None = None,
    score: str = "mmlu_pro",
    *,
    evaluator: str | None = None,
    method: Literal["linear", "log"] = "linear",
    fit_start: str | pd.Timestamp | None = None,
    fit_end: str | pd.Timestamp | None = None,
    confidence: float = 0.95,
    date: str = "release_date",
    price: str = "output_price",
    params: str = "params_b",
) -> FrontierGapResult:
    """Gap between the overall running best and the running best inside a band.

    Parameters
    ----------
    df : pandas.DataFrame
        Leaderboard table (:func:`meekbook.empirical.datasets.load_leaderboard`): ``model``, ``date``,
        ``score`` and the ``price`` and/or ``params`` column the band uses.
    price_min, price_max : float, optional
        Price band in US dollars per million output tokens (inclusive). Either bound may be
        left open.
    params_min, params_max : float, optional
        Parameter band in billions (inclusive). Combined with a price band, a model must lie
        in both.
    score : str, optional
        Score column (fractions), default ``"mmlu_pro"``.
    evaluator : str or None, optional
        Whose scores to analyse (see :func:`select_evaluator`): ``None`` (default) the
        independent evaluator of ``score``; an evaluator's name; ``"independent"`` or
        ``"vendor"`` (every evaluator of that type); ``"all"`` (every row, evaluators mixed).
        Tables without an ``evaluator`` column are analysed whole. For a score the evaluator
        columns do not describe (``"mmlu"`` in the packaged table) only ``None`` / ``"all"``
        are allowed and each model counts once.
    method : {"linear", "log"}, optional
        How the shrink rate is fitted (see Notes). Default ``"linear"``.
    fit_start, fit_end : date-like, optional
        Restrict the rate fit to gap points in this window (the series are not cut).
    confidence : float, optional
        Coverage of the rate's interval, in (0, 1).
    date, price, params : str, optional
        Column names, defaults ``release_date``, ``output_price``, ``params_b``.

    Returns
    -------
    FrontierGapResult

    Raises
    ------
    ValueError
        Unknown score column; an unknown ``evaluator`` (the message lists the choices); no band
        given; a negative or non-finite bound; a minimum above its maximum; a band column
        missing from ``df``; no scored model in the band; an unknown ``method``;
        ``confidence`` outside (0, 1).

    Notes
    -----
    Both series are step functions: a best score holds until a better model appears. The gap is
    evaluated at every date where either series changes, starting at the first model inside the
    band (before it the band has no best).

    The rate is fitted **linearly** by default: ``gap = a + b t`` by ordinary least squares,
    ``rate = -b`` (score points per year, as a fraction). The gap is a difference of two
    bounded scores and is exactly zero whenever the best model in the band is also the best
    overall (as with the open models of 2023 in the packaged table); a log-linear fit cannot
    use those points and, by dropping them, would describe only the periods when the frontier
    was ahead. ``method="log"`` fits ``log(gap)`` on the positive gaps for comparison (a
    proportional rate per year) and lists the points it left out.

    The points are successive values of step functions, not independent measurements, and
    their spacing follows release dates; the Student-t interval therefore understates the
    uncertainty and is indicative only. ``rate.n`` says how many points it rests on.

    Mixing evaluators biases the gap: if the band's later entries are vendor-reported (higher)
    and the frontier's are independent runs, the gap seems to narrow although no like-for-like
    comparison shows it. Hence one evaluator by default; compare with ``evaluator="all"``.

    Examples
    --------
    >>> toy = pd.DataFrame({
    ...     "model": ["big1", "small1", "big2", "small2"],
    ...     "release_date": pd.to_datetime(["2023-01-01", "2023-01-01", "2024-01-01", "2025-01-01"]),
    ...     "output_price": [30.0, 0.8, 30.0, 0.6],
    ...     "mmlu_pro": [0.50, 0.30, 0.70, 0.65]})
    >>> res = frontier_gap(toy, price_min=0.5, price_max=1)
    >>> [round(g, 3) for g in res.gap["gap"]]
    [0.2, 0.4, 0.05]
    >>> res.rate.n, round(res.rate.rate, 3)      # linear fit through (0, .2), (1, .4), (2, .05)
    (3, 0.075)
    """
    _check_score(df, score)
    n_given = len(df)
    available = tuple(evaluators(df, score)["evaluator"]) if score == "mmlu_pro" else ()
    df, chosen = select_evaluator(df, evaluator, score)
    values = _check_score(df, score)
    dates = _check_dates(df, date)
    if not isinstance(method, str) or method not in ("linear", "log"):
        raise ValueError(f"method must be 'linear' or 'log'; got {method!r}")
    confidence = float(check_open_interval("confidence", as_scalar("confidence", confidence), 0.0, 1.0))
    pmin, pmax = _check_bound("price_min", price_min), _check_bound("price_max", price_max)
    nmin, nmax = _check_bound("params_min", params_min), _check_bound("params_max", params_max)
    if pmin is not None and pmax is not None and pmin > pmax:
        raise ValueError(f"price_min ({pmin:g}) must not exceed price_max ({pmax:g})")
    if nmin is not None and nmax is not None and nmin > nmax:
        raise ValueError(f"params_min ({nmin:g}) must not exceed params_max ({nmax:g})")
    use_price = pmin is not None or pmax is not None
    use_params = nmin is not None or nmax is not None
    if not (use_price or use_params):
        raise ValueError(
            "give a price band (price_min and/or price_max, dollars per million output tokens) "
            "or a parameter band (params_min and/or params_max, billions)"
        )
    fs = _check_date_option("fit_start", fit_start)
    fe = _check_date_option("fit_end", fit_end)
    if fs is not None and fe is not None and fs > fe:
        raise ValueError(f"fit_start ({fs.date()}) must not be after fit_end ({fe.date()})")

    labels = _labels(df)
    scored = np.isfinite(values) & dates.notna().to_numpy()
    excluded: list[tuple[str, str]] = []
    for i in np.flatnonzero(~scored):
        why = f"no {score}" if not np.isfinite(values[i]) else f"no {date}"
        excluded.append((labels[i], why))

    in_band = scored.copy()
    parts = []
    for use, col, lo, hi, unit in (
        (use_price, price, pmin, pmax, "$/M output tokens"),
        (use_params, params, nmin, nmax, "B params"),
    ):
        if not use:
            continue
        if col not in df.columns:
            raise ValueError(f"df must have a {col!r} column for this band; columns: {list(df.columns)}")
        try:
            v = pd.to_numeric(df[col], errors="raise").to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"column {col!r} must hold numbers") from None
        known = np.isfinite(v)
        for i in np.flatnonzero(scored & ~known):
            excluded.append((labels[i], f"no {col} (cannot place in band)"))
        ok = known.copy()
        if lo is not None:
            ok &= v >= lo
        if hi is not None:
            ok &= v <= hi
        in_band &= ok
        text = (f"{_fmt(lo)} <= " if lo is not None else "") + col + (f" <= {_fmt(hi)}" if hi is not None else "")
        parts.append(f"{text} ({unit})")
    band_label = " and ".join(parts)
    criteria = {"price_min": pmin, "price_max": pmax, "params_min": nmin, "params_max": nmax}

    n_band = int(in_band.sum())
    if n_band == 0:
        raise ValueError(
            f"no model with a {score!r} score lies in the band {band_label}; "
            f"{int(scored.sum())} scored models in total (evaluator: {chosen}; bounds given: "
            + ", ".join(f"{k}={v:g}" for k, v in criteria.items() if v is not None) + ")"
        )
    overall = running_best(df, score, scored, date=date)
    band = running_best(df, score, in_band, date=date)

    start = band["date"].iloc[0]
    when = pd.Series(
        sorted(set(overall["date"]).union(band["date"])), dtype="datetime64[ns]"
    )
    when = when[when >= start].reset_index(drop=True)
    o_val, o_who = _step_at(overall, when)
    b_val, b_who = _step_at(band, when)
    gap = pd.DataFrame(
        {
            "date": when,
            "overall": o_val,
            "band": b_val,
            "gap": o_val - b_val,
            "overall_model": pd.Series(o_who, dtype=object),
            "band_model": pd.Series(b_who, dtype=object),
            "years": ((when - start).dt.total_seconds() / (86400.0 * _DAYS_PER_YEAR)).to_numpy(),
        }
    )
    rate = _fit_rate(gap, method, float(confidence), fs, fe)
    return FrontierGapResult(
        score=score,
        overall=overall,
        band=band,
        gap=gap,
        rate=rate,
        band_label=band_label,
        criteria=criteria,
        n_models=int(scored.sum()),
        n_band=n_band,
        excluded=tuple(excluded),
        evaluator=chosen,
        evaluators=available,
        n_other_rows=n_given - len(df),
    )
