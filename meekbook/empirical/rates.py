"""The rate at which a frontier gap shrinks: an ordinary least-squares line through the gap
points over time (:func:`fit_rate`, result :class:`RateFit`).

Used by :func:`meekbook.empirical.frontier.frontier_gap`, which explains the two methods.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..validation import finite_or_none as _jsonable

__all__ = ["DAYS_PER_YEAR", "RateFit", "fit_rate", "years_since"]

#: Days per year when dates are turned into years.
DAYS_PER_YEAR = 365.25


def years_since(dates: pd.Series, start: pd.Timestamp) -> np.ndarray:
    """Years from ``start`` to each of ``dates`` (365.25-day years)."""
    return ((dates - start).dt.total_seconds() / (86400.0 * DAYS_PER_YEAR)).to_numpy()


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


def fit_rate(
    gap: pd.DataFrame,
    method: str,
    confidence: float,
    fit_start: pd.Timestamp | None = None,
    fit_end: pd.Timestamp | None = None,
) -> RateFit:
    """Fit the shrink rate of ``gap`` (columns ``date``, ``gap``, ``band_model``).

    Parameters
    ----------
    gap : pandas.DataFrame
        The gap points, as in :attr:`meekbook.empirical.frontier.FrontierGapResult.gap`.
    method : {"linear", "log"}
        Fit ``gap`` or ``log(gap)`` (positive gaps only) linearly in time.
    confidence : float
        Coverage of the interval, in (0, 1).
    fit_start, fit_end : pandas.Timestamp, optional
        Only the points in this window.

    Returns
    -------
    RateFit
        NaN estimates (and the reason in ``excluded``) when fewer than three points or a
        single date remain.
    """
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
        y, dates = np.log(y[pos]), dates[pos]
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
    t = years_since(dates, start)
    if np.ptp(t) == 0:
        excluded.append("all points share one date; no rate")
        return RateFit(method, nan, nan, nan, nan, nan, nan, n, confidence, start, end, unit,
                       tuple(excluded))
    if np.ptp(y) == 0:  # a constant series (e.g. a gap of 0 everywhere): slope 0 exactly, no scatter
        slope, intercept, se = 0.0, float(y[0]), 0.0
    else:
        line = stats.linregress(t, y)
        slope, intercept, se = float(line.slope), float(line.intercept), float(line.stderr)
    tcrit = float(stats.t.ppf(0.5 + confidence / 2.0, n - 2))
    rate = -slope + 0.0  # no -0.0
    return RateFit(
        method=method, rate=rate, ci_low=rate - tcrit * se, ci_high=rate + tcrit * se,
        slope=slope, intercept=intercept, stderr=se, n=n, confidence=confidence,
        start=start, end=end, unit=unit, excluded=tuple(excluded),
    )
