"""The frontier gap on a leaderboard: best score overall against the best inside a band.

The paper's second empirical check (the chapter on the empirical evidence). Two running maxima
over release date -- the best score of any model, and the best score among models in a price
band (or a parameter-count band) -- and the gap between the two step series.
:func:`frontier_gap` computes both, their difference at every date where either changes, and a
fitted rate at which the gap shrinks (:func:`meekbook.empirical.rates.fit_rate`, with
:func:`scipy.stats.linregress`). The default data are the packaged leaderboard
(:func:`meekbook.empirical.datasets.load_leaderboard`); the plot is
:func:`meekbook.plots.figures.plot_frontier_gap`.

Scores from different evaluators are not comparable (vendors' own MMLU-Pro reports run 3-6
points above an independent run of the same model), so the analysis takes **one evaluator at a
time**: by default the table's independent evaluator; :func:`select_evaluator` chooses the rows
and :func:`evaluators` lists who evaluated what (both from :mod:`meekbook.empirical.leaderboard`,
re-exported here, as is :class:`RateFit` from :mod:`meekbook.empirical.rates`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..validation import ParameterTypeError, as_scalar, check_open_interval
from ..validation import finite_or_none as _jsonable
from .leaderboard import (  # noqa: F401 (NOT_SCORES, EVALUATOR_KEYWORDS: re-exported)
    EVALUATOR_KEYWORDS, NOT_SCORES, check_date_column, check_date_option, check_score_column, evaluators,
    select_evaluator,
)
from .rates import RateFit, fit_rate, years_since
from .tables import row_labels as _labels

__all__ = [
    "evaluators",
    "select_evaluator",
    "running_best",
    "RateFit",
    "FrontierGapResult",
    "frontier_gap",
]


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
    values = check_score_column(df, score)
    dates = check_date_column(df, date)
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
    check_score_column(df, score)
    n_given = len(df)
    available = tuple(evaluators(df, score)["evaluator"]) if score == "mmlu_pro" else ()
    df, chosen = select_evaluator(df, evaluator, score)
    values = check_score_column(df, score)
    dates = check_date_column(df, date)
    if not isinstance(method, str) or method not in ("linear", "log"):
        raise ValueError(f"method must be 'linear' or 'log'; got {method!r}")
    confidence = float(check_open_interval("confidence", as_scalar("confidence", confidence), 0.0, 1.0))
    bands, criteria = _check_bands(price, price_min, price_max, params, params_min, params_max)
    fit_window = _check_fit_window(fit_start, fit_end)
    labels = _labels(df)
    scored = np.isfinite(values) & dates.notna().to_numpy()
    excluded = [(labels[i], f"no {score}" if not np.isfinite(values[i]) else f"no {date}")
                for i in np.flatnonzero(~scored)]
    in_band, band_label = _band_rows(df, scored, bands, excluded)
    n_band = int(in_band.sum())
    if n_band == 0:
        raise ValueError(
            f"no model with a {score!r} score lies in the band {band_label}; "
            f"{int(scored.sum())} scored models in total (evaluator: {chosen}; bounds given: "
            + ", ".join(f"{k}={v:g}" for k, v in criteria.items() if v is not None) + ")"
        )
    overall = running_best(df, score, scored, date=date)
    band = running_best(df, score, in_band, date=date)
    gap = _gap_table(overall, band)
    return FrontierGapResult(
        score=score,
        overall=overall,
        band=band,
        gap=gap,
        rate=fit_rate(gap, method, confidence, *fit_window),
        band_label=band_label,
        criteria=criteria,
        n_models=int(scored.sum()),
        n_band=n_band,
        excluded=tuple(excluded),
        evaluator=chosen,
        evaluators=available,
        n_other_rows=n_given - len(df),
    )


@dataclass(frozen=True)
class _Band:
    """One side of the band: a column and its inclusive bounds (either may be open)."""

    column: str
    low: float | None
    high: float | None
    unit: str

    @property
    def label(self) -> str:
        low = f"{_fmt(self.low)} <= " if self.low is not None else ""
        high = f" <= {_fmt(self.high)}" if self.high is not None else ""
        return f"{low}{self.column}{high} ({self.unit})"


def _check_bands(
    price: str,
    price_min: float | None,
    price_max: float | None,
    params: str,
    params_min: float | None,
    params_max: float | None,
) -> tuple[list[_Band], dict[str, float | None]]:
    """The price and/or parameter bands asked for, and the bounds as given (``criteria``)."""
    pmin, pmax = _check_bound("price_min", price_min), _check_bound("price_max", price_max)
    nmin, nmax = _check_bound("params_min", params_min), _check_bound("params_max", params_max)
    if pmin is not None and pmax is not None and pmin > pmax:
        raise ValueError(f"price_min ({pmin:g}) must not exceed price_max ({pmax:g})")
    if nmin is not None and nmax is not None and nmin > nmax:
        raise ValueError(f"params_min ({nmin:g}) must not exceed params_max ({nmax:g})")
    bands = [
        _Band(column, low, high, unit)
        for column, low, high, unit in ((price, pmin, pmax, "$/M output tokens"), (params, nmin, nmax, "B params"))
        if low is not None or high is not None
    ]
    if not bands:
        raise ValueError(
            "give a price band (price_min and/or price_max, dollars per million output tokens) "
            "or a parameter band (params_min and/or params_max, billions)"
        )
    return bands, {"price_min": pmin, "price_max": pmax, "params_min": nmin, "params_max": nmax}


def _check_fit_window(fit_start: Any, fit_end: Any) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """``fit_start`` and ``fit_end`` as timestamps (or None), in order."""
    start = check_date_option("fit_start", fit_start)
    end = check_date_option("fit_end", fit_end)
    if start is not None and end is not None and start > end:
        raise ValueError(f"fit_start ({start.date()}) must not be after fit_end ({end.date()})")
    return start, end


def _band_rows(
    df: pd.DataFrame, scored: np.ndarray, bands: list[_Band], excluded: list[tuple[str, str]]
) -> tuple[np.ndarray, str]:
    """Which scored rows lie in every band, and the band in words; rows that cannot be placed
    (no price or size) are added to ``excluded``."""
    labels = _labels(df)
    in_band = scored.copy()
    for band in bands:
        if band.column not in df.columns:
            raise ValueError(f"df must have a {band.column!r} column for this band; columns: {list(df.columns)}")
        try:
            v = pd.to_numeric(df[band.column], errors="raise").to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"column {band.column!r} must hold numbers") from None
        known = np.isfinite(v)
        excluded.extend((labels[i], f"no {band.column} (cannot place in band)")
                        for i in np.flatnonzero(scored & ~known))
        ok = known.copy()
        if band.low is not None:
            ok &= v >= band.low
        if band.high is not None:
            ok &= v <= band.high
        in_band &= ok
    return in_band, " and ".join(band.label for band in bands)


def _gap_table(overall: pd.DataFrame, band: pd.DataFrame) -> pd.DataFrame:
    """Both step series and their difference at every date where either changes, from the
    band's first model on (the ``gap`` of :class:`FrontierGapResult`)."""
    start = band["date"].iloc[0]
    when = pd.Series(sorted(set(overall["date"]).union(band["date"])), dtype="datetime64[ns]")
    when = when[when >= start].reset_index(drop=True)
    o_val, o_who = _step_at(overall, when)
    b_val, b_who = _step_at(band, when)
    return pd.DataFrame(
        {
            "date": when,
            "overall": o_val,
            "band": b_val,
            "gap": o_val - b_val,
            "overall_model": pd.Series(o_who, dtype=object),
            "band_model": pd.Series(b_who, dtype=object),
            "years": years_since(when, start),
        }
    )
