"""Distributions of the model's uncertain inputs: small objects a user can replace.

:class:`Fixed`, :class:`Normal`, :class:`LogNormal`, :class:`Uniform`, :class:`Empirical` and
:class:`SigmoidBootstrap`. Each maps uniform numbers ``u`` in (0, 1) to values
(:meth:`Distribution.ppf`), so the Monte Carlo (:func:`meekbook.uncertainty.propagation.monte_carlo`)
and the Sobol design (:func:`meekbook.uncertainty.sensitivity.sobol_indices`) share one path, and
replacing one input leaves the draws of the others unchanged (each input has its own column of
uniform numbers).

Derived in the chapter :ref:`uncertainty` (``notebooks/uncertainty.md``).

Examples
--------
>>> float(LogNormal(2.8, 5.3).ppf([0.5])[0])
2.8
>>> float(Fixed(1.4).ppf([0.1, 0.9])[1])
1.4
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
from scipy.special import ndtri

from ..model.sigmoid import SigmoidParams
from ..validation import MAX_SAMPLES, as_float_array, as_scalar, check_finite, check_open_interval, check_size

__all__ = [
    "Distribution", "Fixed", "Normal", "LogNormal", "SplitLogNormal", "Uniform", "Empirical",
    "SigmoidBootstrap",
]

_Z95 = float(ndtri(0.95))  # 1.6449: 95th percentile of the standard normal
_U_EPS = 1e-12             # uniform numbers are clipped into [eps, 1 - eps] (ppf(0) = -inf)


@dataclass(frozen=True)
class Distribution:
    """Base class: a distribution given by its quantile function ``ppf(u)``.

    Attributes
    ----------
    source : str
        Where the distribution comes from (a citation, or "judgement" with the reason).
    judgement : bool
        True when the shape or width is a judgement call rather than a published interval.
    """

    source: str = field(default="user-supplied", kw_only=True)
    judgement: bool = field(default=True, kw_only=True)

    #: Number of values per draw (4 for the sigmoid's (S, x0, k, s0)).
    width: int = field(default=1, init=False, repr=False, compare=False)

    def ppf(self, u: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        """Values at uniform numbers ``u`` in (0, 1): shape ``u.shape`` (or ``(n, width)``)."""
        raise NotImplementedError

    def values_at(self, u: np.ndarray, name: str | None = None) -> np.ndarray:
        """:meth:`ppf` at ``u``, checked: every value a finite float.

        A distribution can be so wide that some of its quantiles overflow a float (a normal
        with sd 1e308, a log-normal whose p95 is 1e300 times its median): that is a ValueError
        naming the input (``name``, when given) and the distribution, not a RuntimeWarning
        and infinite draws.

        Raises
        ------
        ValueError
            If ``u`` holds anything but numbers in [0, 1], or some values are not finite.
        TypeError
            If ``name`` is neither a string nor None.
        """
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name must be a string or None; got {name!r}")
        try:
            u = np.asarray(u, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"u must be numbers in [0, 1]; got {u!r}") from None
        if not np.all((u >= 0) & (u <= 1)):             # also rejects NaN
            raise ValueError(f"u must be numbers in [0, 1]; got {u!r}")
        with np.errstate(over="ignore", invalid="ignore"):
            values = self.ppf(u)
        if not np.all(np.isfinite(values)):
            who = f"{name}: " if name else ""
            raise ValueError(f"{who}{self._spec()} is too wide: some of its draws are not "
                             "finite numbers (they overflow a float); narrow it")
        return values

    def _spec(self) -> str:
        """The distribution and its parameters, without evaluating it (for messages)."""
        try:
            names = [f.name for f in fields(self) if f.init and f.name not in ("source", "judgement")]
        except TypeError:                 # not a dataclass (Empirical)
            return type(self).__name__
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in names)})"

    def sample(self, n: int, seed: int | np.random.Generator = 0) -> np.ndarray:
        """``n`` seeded draws."""
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        return self.values_at(rng.random(_check_count("n", n)))

    def scaled(self, factor: float) -> "Distribution":
        """The same centre with the spread multiplied by ``factor`` (> 0; 0 gives Fixed)."""
        raise NotImplementedError(f"{type(self).__name__} cannot be rescaled")

    def median(self) -> float | np.ndarray:
        """The median (for a joint distribution: of each component)."""
        out = self.values_at(np.array([0.5]))
        return float(out[0]) if out.ndim == 1 else out[0]

    def interval(self) -> tuple[float, float]:
        """5th and 95th percentiles (scalar distributions)."""
        lo, hi = self.values_at(np.array([0.05, 0.95]))
        return float(lo), float(hi)

    def describe(self) -> str:
        """One-line description of the distribution's parameters."""
        return repr(self)


def _check_finite_number(name: str, value: Any) -> float:
    """One finite number (the package's type contract: :mod:`meekbook.validation`)."""
    return float(check_finite(name, as_scalar(name, value)))


def _check_count(name: str, value: Any, minimum: int = 1, maximum: int = MAX_SAMPLES) -> int:
    """A count bounded before any allocation (``maximum``: the memory bound, named in the error)."""
    return check_size(name, value, maximum, minimum)


def _clip_u(u: np.ndarray) -> np.ndarray:
    return np.clip(np.asarray(u, dtype=float), _U_EPS, 1.0 - _U_EPS)


@dataclass(frozen=True)
class Fixed(Distribution):
    """No uncertainty: every draw is ``value`` (a number, or a vector such as a sigmoid).

    Examples
    --------
    >>> Fixed(1.4).ppf(np.array([0.1, 0.9])).tolist()
    [1.4, 1.4]
    """

    value: Any = 0.0
    judgement: bool = field(default=False, kw_only=True)

    def __post_init__(self) -> None:
        value = self.value
        if isinstance(value, SigmoidParams):
            value = tuple(value.as_dict().values())
        arr = as_float_array("Fixed value", value)  # the type contract: no bool, str, complex...
        if arr.ndim > 1 or not np.all(np.isfinite(arr)):
            raise ValueError(f"Fixed value must be a finite number or vector; got {self.value!r}")
        object.__setattr__(self, "value", float(arr) if arr.ndim == 0 else tuple(arr.tolist()))
        object.__setattr__(self, "width", 1 if arr.ndim == 0 else arr.size)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        u = np.asarray(u, dtype=float)
        if self.width == 1:
            return np.full(u.shape, self.value)
        return np.broadcast_to(np.asarray(self.value), (u.size, self.width)).copy()

    def scaled(self, factor: float) -> "Fixed":
        return self

    def describe(self) -> str:
        return f"fixed {self.value:.4g}" if self.width == 1 else f"fixed {self.value}"


@dataclass(frozen=True)
class Normal(Distribution):
    """Normal distribution ``N(mean, sd**2)``.

    Examples
    --------
    >>> [round(x, 4) for x in Normal(0.154, 0.0073).interval()]
    [0.142, 0.166]
    """

    mean: float = 0.0
    sd: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "mean", _check_finite_number("Normal mean", self.mean))
        sd = _check_finite_number("Normal sd", self.sd)
        object.__setattr__(self, "sd", sd)  # floats: Decimal and Fraction are accepted, stored as float
        if sd <= 0:
            raise ValueError(f"Normal sd must be > 0; got {self.sd!r}")

    def ppf(self, u: np.ndarray) -> np.ndarray:
        return self.mean + self.sd * ndtri(_clip_u(u))

    def scaled(self, factor: float) -> Distribution:
        factor = _check_factor(factor)
        if factor == 0:
            return Fixed(self.mean, source=self.source)
        return Normal(self.mean, self.sd * factor, source=self.source, judgement=self.judgement)

    def describe(self) -> str:
        return f"normal(mean {self.mean:.4g}, sd {self.sd:.3g})"


@dataclass(frozen=True)
class LogNormal(Distribution):
    """Log-normal distribution given by its ``median`` and its 95th percentile ``p95``.

    ``ln X ~ N(ln median, sigma**2)`` with ``sigma = ln(p95 / median) / 1.645``; the 5th
    percentile is ``median**2 / p95``.

    Examples
    --------
    >>> d = LogNormal(2.0, 4.0)
    >>> [round(x, 6) for x in d.interval()]
    [1.0, 4.0]
    >>> LogNormal(2.0, 1.0)
    Traceback (most recent call last):
    ...
    ValueError: LogNormal p95 must be > median = 2.0; got 1.0
    """

    median_value: float = 1.0
    p95: float = 2.0

    def __post_init__(self) -> None:
        m = _check_finite_number("LogNormal median", self.median_value)
        p = _check_finite_number("LogNormal p95", self.p95)
        object.__setattr__(self, "median_value", m)
        object.__setattr__(self, "p95", p)
        if m <= 0:
            raise ValueError(f"LogNormal median must be > 0; got {self.median_value!r}")
        if not p > m:
            raise ValueError(f"LogNormal p95 must be > median = {m!r}; got {self.p95!r}")

    @property
    def sigma(self) -> float:
        """Standard deviation of ``ln X``."""
        return math.log(self.p95 / self.median_value) / _Z95

    @classmethod
    def from_interval(cls, low: float, high: float, coverage: float = 0.90, **meta: Any) -> "LogNormal":
        """The log-normal whose central ``coverage`` interval is ``(low, high)``.

        Examples
        --------
        >>> d = LogNormal.from_interval(2.8, 9.0)
        >>> round(d.median_value, 3), [round(x, 6) for x in d.interval()]
        (5.02, [2.8, 9.0])
        """
        lo = _check_finite_number("low", low)
        hi = _check_finite_number("high", high)
        if not 0 < lo < hi:
            raise ValueError(f"need 0 < low < high; got low={low!r}, high={high!r}")
        coverage = float(check_open_interval("coverage", as_scalar("coverage", coverage), 1e-6, 1 - 1e-12))
        z = float(ndtri(0.5 + coverage / 2))
        median = math.sqrt(lo * hi)
        sigma = math.log(hi / lo) / (2 * z)
        return cls(median, median * math.exp(_Z95 * sigma), **meta)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        return self.median_value * np.exp(self.sigma * ndtri(_clip_u(u)))

    def median(self) -> float:
        return float(self.median_value)

    def scaled(self, factor: float) -> Distribution:
        factor = _check_factor(factor)
        if factor == 0:
            return Fixed(self.median_value, source=self.source)
        p95 = self.median_value * math.exp(_Z95 * self.sigma * factor)
        return LogNormal(self.median_value, p95, source=self.source, judgement=self.judgement)

    def describe(self) -> str:
        lo, hi = self.interval()
        return f"lognormal(median {self.median_value:.4g}, 5-95% {lo:.3g}-{hi:.3g})"


@dataclass(frozen=True)
class SplitLogNormal(Distribution):
    """Two-piece log-normal given by its ``median``, 5th percentile ``p05`` and 95th ``p95``.

    ``ln X = ln median + sigma * z`` with ``z`` standard normal, ``sigma = ln(median / p05) /
    1.645`` below the median and ``ln(p95 / median) / 1.645`` above it: all three published
    numbers of an asymmetric interval are met exactly (a log-normal can meet only two).

    Examples
    --------
    >>> d = SplitLogNormal(2.8, 1.46, 64.0)
    >>> [round(x, 6) for x in d.interval()], d.median()
    ([1.46, 64.0], 2.8)
    """

    median_value: float = 1.0
    p05: float = 0.5
    p95: float = 2.0

    def __post_init__(self) -> None:
        m = _check_finite_number("SplitLogNormal median", self.median_value)
        lo = _check_finite_number("SplitLogNormal p05", self.p05)
        hi = _check_finite_number("SplitLogNormal p95", self.p95)
        if not 0 < lo < m < hi:
            raise ValueError(f"SplitLogNormal needs 0 < p05 < median < p95; got p05={self.p05!r}, "
                             f"median={self.median_value!r}, p95={self.p95!r}")

    @property
    def sigmas(self) -> tuple[float, float]:
        """Standard deviations of ``ln X`` below and above the median."""
        return (math.log(self.median_value / self.p05) / _Z95,
                math.log(self.p95 / self.median_value) / _Z95)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        z = ndtri(_clip_u(u))
        low, high = self.sigmas
        return self.median_value * np.exp(np.where(z < 0, low, high) * z)

    def median(self) -> float:
        return float(self.median_value)

    def scaled(self, factor: float) -> Distribution:
        factor = _check_factor(factor)
        if factor == 0:
            return Fixed(self.median_value, source=self.source)
        low, high = self.sigmas
        return SplitLogNormal(self.median_value, self.median_value * math.exp(-_Z95 * low * factor),
                              self.median_value * math.exp(_Z95 * high * factor),
                              source=self.source, judgement=self.judgement)

    def describe(self) -> str:
        return (f"split lognormal(median {self.median_value:.4g}, "
                f"5-95% {self.p05:.3g}-{self.p95:.3g})")


@dataclass(frozen=True)
class Uniform(Distribution):
    """Uniform distribution on ``[low, high]``.

    Examples
    --------
    >>> Uniform(1.0, 3.0).ppf(np.array([0.25])).tolist()
    [1.5]
    """

    low: float = 0.0
    high: float = 1.0

    def __post_init__(self) -> None:
        lo = _check_finite_number("Uniform low", self.low)
        hi = _check_finite_number("Uniform high", self.high)
        object.__setattr__(self, "low", lo)
        object.__setattr__(self, "high", hi)
        if not hi > lo:
            raise ValueError(f"Uniform high must be > low = {lo!r}; got {self.high!r}")

    def ppf(self, u: np.ndarray) -> np.ndarray:
        return self.low + (self.high - self.low) * _clip_u(u)

    def scaled(self, factor: float) -> Distribution:
        factor = _check_factor(factor)
        mid, half = (self.low + self.high) / 2, (self.high - self.low) / 2
        if factor == 0:
            return Fixed(mid, source=self.source)
        return Uniform(mid - half * factor, mid + half * factor, source=self.source,
                       judgement=self.judgement)

    def describe(self) -> str:
        return f"uniform({self.low:.4g}, {self.high:.4g})"


def _check_factor(factor: Any) -> float:
    f = _check_finite_number("factor", factor)
    if f < 0:
        raise ValueError(f"factor must be >= 0; got {factor!r}")
    return f


class Empirical(Distribution):
    """Resampling from given samples (1-D values, or rows of a 2-D array drawn jointly).

    1-D samples are sorted, so ``ppf`` is the empirical quantile function; rows of a 2-D array
    keep their order (a row is one joint draw, e.g. one bootstrap fit's ``(S, x0, k, s0)``).

    Examples
    --------
    >>> Empirical([3.0, 1.0, 2.0]).ppf(np.array([0.1, 0.5, 0.99])).tolist()
    [1.0, 2.0, 3.0]
    """

    def __init__(self, samples: Any, *, source: str = "user-supplied samples",
                 judgement: bool = False) -> None:
        try:
            arr = np.array(samples, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"Empirical samples must be numbers; got {samples!r}") from None
        if arr.ndim not in (1, 2) or arr.shape[0] < 2 or not np.all(np.isfinite(arr)):
            raise ValueError(
                "Empirical samples must be a 1-D or 2-D array of at least 2 finite values; "
                f"got shape {arr.shape}"
            )
        if arr.ndim == 1:
            arr = np.sort(arr)
        arr.setflags(write=False)
        object.__setattr__(self, "samples", arr)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "judgement", judgement)
        object.__setattr__(self, "width", 1 if arr.ndim == 1 else arr.shape[1])

    def __repr__(self) -> str:
        return f"Empirical({self.samples.shape[0]} samples)"

    def _rows(self) -> np.ndarray:
        return self.samples

    def ppf(self, u: np.ndarray) -> np.ndarray:
        rows = self._rows()
        idx = np.minimum((_clip_u(u) * rows.shape[0]).astype(np.int64), rows.shape[0] - 1)
        return rows[idx]

    def median(self) -> float | np.ndarray:
        rows = self._rows()
        out = np.median(rows, axis=0)
        return float(out) if rows.ndim == 1 else out

    def scaled(self, factor: float) -> "Empirical":
        factor = _check_factor(factor)
        rows = self._rows()
        centre = np.median(rows, axis=0)
        return Empirical(centre + factor * (rows - centre), source=self.source, judgement=True)

    def describe(self) -> str:
        return f"empirical ({self._rows().shape[0]} samples)"


@functools.lru_cache(maxsize=8)
def _sigmoid_bootstrap_rows(n_bootstrap: int, seed: int) -> np.ndarray:
    # The one place that calls the sigmoid fit on the book's data (h9-robust may move the
    # function; only this import needs to follow it).
    from ..empirical.datasets import load_base_models
    from ..empirical.sigmoid_fit import sigmoid_fit_on_models

    fit = sigmoid_fit_on_models(load_base_models(), n_bootstrap=n_bootstrap, seed=seed)
    rows = np.array(fit.bootstrap_params, dtype=float)
    rows.setflags(write=False)
    return rows


class SigmoidBootstrap(Empirical):
    """Joint draws of ``(S, x0, k, s0)`` from the bootstrap of the sigmoid fit on the book's data.

    The bootstrap (:func:`meekbook.empirical.sigmoid_fit.sigmoid_fit_on_models`, models resampled with
    replacement) is run on first use and cached.

    Parameters
    ----------
    n_bootstrap : int
        Resamples (>= 10).
    seed : int
        Seed of the bootstrap.
    """

    def __init__(self, n_bootstrap: int = 200, seed: int = 0) -> None:
        from ..empirical.sigmoid_fit import MAX_BOOTSTRAP

        object.__setattr__(self, "n_bootstrap", _check_count("n_bootstrap", n_bootstrap, 10, MAX_BOOTSTRAP))
        object.__setattr__(self, "seed", _check_count("seed", seed, 0, 2**63 - 1))
        object.__setattr__(
            self, "source",
            "bootstrap over models of the sigmoid fit of MMLU on Chinchilla-predicted loss, "
            "on the book's base-model table (meekbook.empirical.sigmoid_fit.sigmoid_fit_on_models; "
            "the paper's fit: Gundlach et al. 2025, sec. 3.1)",
        )
        object.__setattr__(self, "judgement", False)
        object.__setattr__(self, "width", 4)

    @property
    def samples(self) -> np.ndarray:  # type: ignore[override]
        return _sigmoid_bootstrap_rows(self.n_bootstrap, self.seed)

    def _rows(self) -> np.ndarray:
        return self.samples

    def __repr__(self) -> str:
        return f"SigmoidBootstrap(n_bootstrap={self.n_bootstrap}, seed={self.seed})"

    def scaled(self, factor: float) -> Empirical:
        out = super().scaled(factor)
        object.__setattr__(out, "source", self.source + "; spread rescaled")
        return out

    def describe(self) -> str:
        return f"bootstrap of the sigmoid fit ({self.n_bootstrap} resamples, seed {self.seed})"
