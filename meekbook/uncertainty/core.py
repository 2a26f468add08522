"""How sure are we? Joint uncertainty of the model's inputs, propagated to its conclusions.

Derived in the chapter :ref:`uncertainty` (``notebooks/uncertainty.md``).

Every uncertain input of the model gets a distribution with its source
(:data:`DEFAULT_PRIORS`); a seeded, vectorised Monte Carlo (:func:`monte_carlo`) draws them
jointly and carries every draw through the package's own model functions
(:func:`~meekbook.peak_time`, :func:`~meekbook.loss_gap`, :func:`~meekbook.benchmark_gap`,
:func:`~meekbook.token_threshold`, :func:`~meekbook.inference_catch_up_time`) to the paper's
headline numbers. :func:`sobol_indices` (SALib) says which input drives each output.

Distributions are small objects a user can replace: :class:`Fixed`, :class:`Normal`,
:class:`LogNormal`, :class:`Uniform`, :class:`Empirical` and :class:`SigmoidBootstrap`. Each maps
uniform numbers ``u`` in (0, 1) to values (:meth:`Distribution.ppf`), so the Monte Carlo and the
Sobol design share one path, and replacing one input leaves the draws of the others unchanged
(each input has its own column of uniform numbers).

The scaling law enters through its exponent ``gamma`` and a scale factor ``law_scale``; the
law is pivoted at the scenario's starting compute ``C0 = 1e20`` FLOP (inside the range the
Chinchilla fits were made on), i.e. ``K = law_scale * 1070 * C0**(gamma - 0.154)``: changing the
exponent changes how fast loss falls with compute, not the loss the law predicts at the start.
That pivot is a modelling choice, stated in the chapter.

Examples
--------
>>> res = monte_carlo(draws=2000, seed=1, outputs=("t_star", "peak_gap"))
>>> 2.5 < res.median("t_star") < 4.5
True
>>> exact = {name: Fixed(value) for name, value in PAPER_VALUES.items()}
>>> round(float(monte_carlo(exact, draws=3, outputs=("t_star",)).median("t_star")), 3)
3.359
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
from scipy.special import ndtri

from ..model.gap import loss_gap
from ..model.inference import inference_catch_up_time
from ..model.inflection import peak_time
from ..model.params import PaperParams
from ..model.scaling import PAPER_LAW, ComputeLaw
from ..model.scores import benchmark_gap
from ..model.sigmoid import PAPER_SIGMOID, SigmoidParams
from ..model.sprt import token_threshold

__all__ = [
    "Distribution",
    "Fixed",
    "Normal",
    "LogNormal",
    "Uniform",
    "Empirical",
    "SigmoidBootstrap",
    "DEFAULT_PRIORS",
    "PAPER_VALUES",
    "INPUT_NAMES",
    "OUTPUTS",
    "resolve_priors",
    "parse_prior",
    "monte_carlo",
    "sobol_indices",
    "model_sobol",
    "UncertaintyResult",
    "evaluate",
    "fan",
]

_Z95 = float(ndtri(0.95))  # 1.6449: 95th percentile of the standard normal
_U_EPS = 1e-12             # uniform numbers are clipped into [eps, 1 - eps] (ppf(0) = -inf)
PIVOT_COMPUTE = 1e20       # FLOP: the scaling law is pivoted at the scenario's starting compute


# ----------------------------------------------------------------------------------------
# Distributions
# ----------------------------------------------------------------------------------------


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
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    if not math.isfinite(float(value)):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    return float(value)


def _check_count(name: str, value: Any, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


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
        arr = np.asarray(value, dtype=float) if not isinstance(value, str) else None
        if arr is None or arr.ndim > 1 or not np.all(np.isfinite(arr)):
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
        _check_finite_number("Normal mean", self.mean)
        sd = _check_finite_number("Normal sd", self.sd)
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
        if not 0 < coverage < 1:
            raise ValueError(f"coverage must lie in (0, 1); got {coverage!r}")
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
        object.__setattr__(self, "n_bootstrap", _check_count("n_bootstrap", n_bootstrap, 10))
        object.__setattr__(self, "seed", _check_count("seed", seed, 0))
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


# ----------------------------------------------------------------------------------------
# The default priors, with sources
# ----------------------------------------------------------------------------------------

#: The paper's point values of the uncertain inputs (degenerate priors reproduce the paper).
PAPER_VALUES: dict[str, Any] = {
    "g_algorithm": 2.8,
    "g_hardware": 1.4,
    "g_investment": 5.0 / 1.4,
    "g_inference": 9.0,
    "gamma": PAPER_LAW.gamma,
    "law_scale": 1.0,
    "sigmoid": PAPER_SIGMOID,
}

#: Order of the inputs (each has its own column of uniform numbers in the Monte Carlo).
INPUT_NAMES: tuple[str, ...] = tuple(PAPER_VALUES)

# Ho et al. (2024): compute to reach a fixed performance halves every ~8 months, 95 % CI about
# 5-14 months. Growth per year 2**(12/T): ln(2**(12/5) / 2**(12/14)) is the 95 % CI's
# log-width, which sets sigma; the median is the paper's 2.8 (= 8-month halving, 2**1.5 = 2.83).
_ALG_SIGMA = (12.0 / 5.0 - 12.0 / 14.0) * math.log(2.0) / (2 * 1.96)

#: The default distribution of every uncertain input.
DEFAULT_PRIORS: dict[str, Distribution] = {
    "g_algorithm": LogNormal(
        2.8, 2.8 * math.exp(_Z95 * _ALG_SIGMA), judgement=False,
        source="Ho et al. 2024, 'Algorithmic progress in language models': halving time of "
               "required compute ~8 months (about 3x/yr), 95% CI ~5-14 months (1.8-5.3x/yr); "
               "log-normal with that log-width, centred on the paper's 2.8x/yr",
    ),
    "g_hardware": LogNormal(
        1.4, 1.55, judgement=True,
        source="Hobbhahn & Besiroglu 2022 (Epoch AI), 'Trends in GPU price-performance': "
               "FLOP/s per dollar doubles every ~2.1 yr for ML GPUs (1.4x/yr), ~2.5 yr for all "
               "GPUs (1.3x/yr); median the paper's 1.4x/yr, 5-95% 1.26-1.55x/yr (width: judgement)",
    ),
    "g_investment": LogNormal(
        5.0 / 1.4, (5.0 / 1.4) ** 2 / 2.4, judgement=True,
        source="paper's 3.57x/yr (5x/yr frontier compute over 1.4x/yr hardware) as median; "
               "Cottier et al. 2024, 'The rising costs of training frontier AI models': "
               "amortised cost grows ~2.4x/yr, placed at the 5th percentile (judgement)",
    ),
    "g_inference": LogNormal.from_interval(
        2.8, 9.0, judgement=True,
        source="the paper's two inference variants (2.8x/yr 'small', 9x/yr 'large', "
               "Gundlach et al. 2025, sec. 5) as 5th and 95th percentiles (judgement)",
    ),
    "gamma": Normal(
        PAPER_LAW.gamma, 0.0073, judgement=True,
        source="centre the paper's 0.154 (Hoffmann et al. 2022); sd 0.0073 = Besiroglu et al. "
               "2024 standard errors of a and b (0.02 each) through gamma = ab/(a+b) "
               "(delta method, independence assumed). Their refit's gamma = 0.178 lies 3.3 sd "
               "above: the two fits disagree beyond these errors (try --prior gamma=normal(0.178,0.0073))",
    ),
    "law_scale": LogNormal(
        1.0, 1.15, judgement=True,
        source="factor on the law's reducible loss at C0 = 1e20 FLOP: Hoffmann et al. 2022 "
               "(0.91) and Besiroglu et al. 2024 (0.79) differ by 15%; taken as the 95th "
               "percentile (judgement)",
    ),
    "sigmoid": SigmoidBootstrap(),
}

#: Parser names for ``--prior NAME=DIST``.
_DIST_SYNTAX = (
    "fixed(V), normal(MEAN,SD), lognormal(MEDIAN,P95), uniform(LOW,HIGH), "
    "or bootstrap(N) for sigmoid"
)


def resolve_priors(priors: Mapping[str, Any] | None = None) -> dict[str, Distribution]:
    """The default priors with some replaced; numbers become :class:`Fixed`.

    Raises
    ------
    ValueError
        Unknown input name, or a value that is not a distribution / number (sigmoid: a
        :class:`~meekbook.SigmoidParams` or 4-vector).

    Examples
    --------
    >>> resolve_priors({"g_hardware": 1.3})["g_hardware"]
    Fixed(source='user-supplied', judgement=False, value=1.3)
    >>> resolve_priors({"g_hw": 1.3})
    Traceback (most recent call last):
    ...
    ValueError: unknown input 'g_hw'; allowed: g_algorithm, g_hardware, g_investment, g_inference, gamma, law_scale, sigmoid
    """
    out = dict(DEFAULT_PRIORS)
    for name, dist in (priors or {}).items():
        if name not in out:
            raise ValueError(f"unknown input {name!r}; allowed: {', '.join(INPUT_NAMES)}")
        if not isinstance(dist, Distribution):
            if isinstance(dist, SigmoidParams) or (np.ndim(dist) == 1 and name == "sigmoid"):
                dist = Fixed(dist)
            elif isinstance(dist, (int, float, np.integer, np.floating)) and not isinstance(dist, bool):
                dist = Fixed(float(dist))
            else:
                raise ValueError(
                    f"prior for {name!r} must be a Distribution or a number; got {dist!r}"
                )
        want = 4 if name == "sigmoid" else 1
        if dist.width != want:
            raise ValueError(
                f"prior for {name!r} must give {want} value(s) per draw; got {dist.width}"
            )
        out[name] = dist
    return out


_NUMBER = r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*"


def parse_prior(text: str) -> tuple[str, Distribution]:
    """Parse ``NAME=DIST`` as given on the command line.

    ``DIST`` is ``fixed(V)`` (or a bare number), ``normal(MEAN,SD)``,
    ``lognormal(MEDIAN,P95)``, ``uniform(LOW,HIGH)``; for ``sigmoid`` also ``paper`` (the
    paper's rounded fit, fixed) or ``bootstrap(N)``.

    Examples
    --------
    >>> parse_prior("g_hardware=lognormal(1.4,1.6)")[1].describe()
    'lognormal(median 1.4, 5-95% 1.22-1.6)'
    >>> parse_prior("gamma=beta(1,2)")
    Traceback (most recent call last):
    ...
    ValueError: --prior gamma: 'beta(1,2)' is not a distribution; allowed: fixed(V), normal(MEAN,SD), lognormal(MEDIAN,P95), uniform(LOW,HIGH), or bootstrap(N) for sigmoid
    """
    if not isinstance(text, str) or "=" not in text:
        raise ValueError(f"--prior must look like NAME=DIST; got {text!r}")
    name, spec = (s.strip() for s in text.split("=", 1))
    if name not in DEFAULT_PRIORS:
        raise ValueError(f"--prior: unknown input {name!r}; allowed: {', '.join(INPUT_NAMES)}")
    spec_l = spec.lower().replace(" ", "")
    source = f"command line: {spec}"
    try:
        if name == "sigmoid":
            if spec_l == "paper":
                return name, Fixed(PAPER_SIGMOID, source="the paper's rounded fit (sec. 3.1)")
            m = re.fullmatch(r"bootstrap\((\d+)\)", spec_l)
            if m:
                return name, SigmoidBootstrap(int(m.group(1)))
            raise ValueError(f"--prior sigmoid: {spec!r} is not allowed; use paper or bootstrap(N)")
        if re.fullmatch(_NUMBER, spec_l):
            return name, Fixed(float(spec_l), source=source)
        m = re.fullmatch(r"(fixed|normal|lognormal|uniform)\((.*)\)", spec_l)
        if not m:
            raise ValueError(f"--prior {name}: {spec!r} is not a distribution; allowed: {_DIST_SYNTAX}")
        kind, args_text = m.groups()
        args = [a for a in args_text.split(",")]
        if not all(re.fullmatch(_NUMBER, a) for a in args):
            raise ValueError(f"--prior {name}: arguments of {kind} must be numbers; got {args_text!r}")
        nums = [float(a) for a in args]
        need = 1 if kind == "fixed" else 2
        if len(nums) != need:
            raise ValueError(f"--prior {name}: {kind} takes {need} number(s); got {len(nums)}")
        cls = {"fixed": Fixed, "normal": Normal, "lognormal": LogNormal, "uniform": Uniform}[kind]
        return name, cls(*nums, source=source)
    except ValueError as err:
        msg = str(err)
        raise ValueError(msg if msg.startswith("--prior") else f"--prior {name}: {msg}") from None


# ----------------------------------------------------------------------------------------
# Evaluating the model on many draws
# ----------------------------------------------------------------------------------------

#: Output names, units and descriptions (``{y}`` stands for a year).
OUTPUTS: dict[str, tuple[str, str]] = {
    "t_star": ("years", "time of the loss-gap peak t*"),
    "peak_gap": ("nats/token", "peak loss gap ΔL(t*)"),
    "gap_at": ("nats/token", "loss gap ΔL at year {y}"),
    "gap_share_of_peak_at": ("fraction", "ΔL at year {y} as a share of the peak"),
    "tokens_at": ("tokens", "tokens to tell the models apart at year {y} (SPRT, α = β = 0.05)"),
    "tokens_at_peak": ("tokens", "tokens to tell the models apart at the peak"),
    "mmlu_peak": ("points", "peak MMLU gap (frontier minus meek)"),
    "mmlu_peak_time": ("years", "time of the MMLU-gap peak"),
    "inference_catch_up": ("years", "years until the fixed-price model matches the frontier"),
}

_DEFAULT_OUTPUTS = tuple(OUTPUTS)
_MMLU_COARSE = 0.5  # years between coarse grid points for the MMLU-gap peak
_MMLU_STEP = 0.05   # fine grid (refined by a parabola through the top three points)
_MMLU_FINE_POINTS = 10  # fine points on each side of the coarse maximum (covers ±0.5 years)
_CHUNK = 8192       # draws per block where a time grid is evaluated (bounded memory)


def _params(inputs: Mapping[str, np.ndarray]) -> PaperParams:
    """PaperParams whose fields are the drawn arrays (one entry per draw)."""
    gamma = np.asarray(inputs["gamma"], dtype=float)
    k = np.asarray(inputs["law_scale"]) * PAPER_LAW.K * PIVOT_COMPUTE ** (gamma - PAPER_LAW.gamma)
    sig = np.asarray(inputs["sigmoid"], dtype=float)
    law = ComputeLaw(E=PAPER_LAW.E, K=k, gamma=gamma, name="drawn")
    sigmoid = SigmoidParams(S=sig[:, 0], x0=sig[:, 1], k=sig[:, 2], s0=sig[:, 3])
    return PaperParams(
        g_hardware=inputs["g_hardware"], g_algorithm=inputs["g_algorithm"],
        g_investment=inputs["g_investment"], g_inference=inputs["g_inference"],
        law=law, sigmoid=sigmoid,
    )


def _domain(inputs: Mapping[str, np.ndarray]) -> np.ndarray:
    """Draws inside the model's domain: positive rates, 0 < gamma < 1, a peak exists."""
    sig = np.asarray(inputs["sigmoid"], dtype=float)
    ok = np.ones(np.shape(inputs["gamma"]), dtype=bool)
    for name in ("g_algorithm", "g_hardware", "g_investment", "g_inference", "law_scale"):
        ok &= np.isfinite(inputs[name]) & (inputs[name] > 0)
    ok &= (inputs["gamma"] > 0) & (inputs["gamma"] < 1)
    ok &= (sig[:, 0] > 0) & np.all(np.isfinite(sig), axis=1)
    with np.errstate(invalid="ignore"):
        ok &= inputs["g_algorithm"] * inputs["g_hardware"] > 1.0   # the meek actor's loss falls
        ok &= inputs["g_investment"] > 1.0                         # the frontier pulls ahead
    return ok


def _subset(inputs: Mapping[str, np.ndarray], mask: np.ndarray) -> dict[str, np.ndarray]:
    return {k: np.asarray(v)[mask] for k, v in inputs.items()}


def _output_names(outputs: Iterable[str], years: Sequence[float]) -> list[str]:
    names = []
    for out in outputs:
        if out not in OUTPUTS:
            raise ValueError(f"unknown output {out!r}; allowed: {', '.join(OUTPUTS)}")
        if "{y}" in OUTPUTS[out][1]:
            names += [f"{out}_{_year_label(y)}" for y in years]
        else:
            names.append(out)
    return names


def _year_label(year: float) -> str:
    return f"{year:g}"


def _mmlu_peak(params: PaperParams, n: int, t_max: float) -> tuple[np.ndarray, np.ndarray]:
    """Peak of the MMLU gap per draw: coarse grid, fine grid around its maximum, then a parabola.

    Draws whose maximum sits at either end of ``[0, t_max]`` have no interior peak: NaN there.
    """
    coarse = np.linspace(0.0, t_max, int(round(t_max / _MMLU_COARSE)) + 1)
    i = np.argmax(np.asarray(benchmark_gap(coarse[:, None], params), dtype=float), axis=0)
    interior = (i > 0) & (i < coarse.size - 1)
    offsets = np.arange(-_MMLU_FINE_POINTS, _MMLU_FINE_POINTS + 1) * _MMLU_STEP
    fine = np.clip(coarse[i][None, :] + offsets[:, None], 0.0, t_max)          # (F, n)
    gap = np.asarray(benchmark_gap(fine, params), dtype=float)
    j = np.argmax(gap, axis=0)
    cols = np.arange(n)
    interior &= (fine[j, cols] > 0) & (fine[j, cols] < t_max)
    jc = np.clip(j, 1, offsets.size - 2)
    y0, y1, y2 = gap[jc - 1, cols], gap[jc, cols], gap[jc + 1, cols]
    curv = y0 - 2 * y1 + y2
    safe = np.where(curv < 0, curv, -1.0)
    shift = np.clip(np.where(curv < 0, 0.5 * (y0 - y2) / safe, 0.0), -0.5, 0.5)
    time = fine[jc, cols] + shift * _MMLU_STEP
    peak = y1 - 0.25 * (y0 - y2) * shift
    return np.where(interior, peak, np.nan), np.where(interior, time, np.nan)


def evaluate(
    inputs: Mapping[str, np.ndarray],
    outputs: Sequence[str] = _DEFAULT_OUTPUTS,
    years: Sequence[float] = (1.0, 5.0, 10.0, 20.0),
    t_max: float = 20.0,
) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """Every requested output for every draw of ``inputs`` (arrays keyed by input name).

    Returns
    -------
    values : dict of str to ndarray
        One array per output (length = number of draws); NaN where the output is undefined.
    undefined : dict of str to str
        For each output, why some draws have no value (empty when all are defined).
    """
    n = int(np.shape(inputs["gamma"])[0])
    names = _output_names(outputs, years)
    values = {name: np.full(n, np.nan) for name in names}
    why: dict[str, str] = {}
    ok = _domain(inputs)
    if not ok.all():
        for name in names:
            why[name] = "input outside the model's domain (g_alg g_h <= 1, g_i <= 1 or gamma not in (0, 1))"
    if not ok.any():
        return values, why
    want = set(outputs)
    # Blocks of draws (not single draws) bound the memory of the MMLU time grid.
    chunk = _CHUNK if want & {"mmlu_peak", "mmlu_peak_time"} else max(n, 1)
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        idx = np.flatnonzero(ok[start:stop]) + start
        if idx.size == 0:
            continue
        sub = _subset(inputs, idx)
        p = _params(sub)
        t_star = np.asarray(peak_time(p), dtype=float)
        peak = np.asarray(loss_gap(t_star, p), dtype=float)
        if "t_star" in want:
            values["t_star"][idx] = t_star
        if "peak_gap" in want:
            values["peak_gap"][idx] = peak
        if "tokens_at_peak" in want:
            values["tokens_at_peak"][idx] = token_threshold(peak, p.alpha, p.beta)
        if want & {"gap_at", "gap_share_of_peak_at", "tokens_at"}:
            yrs = np.asarray(years, dtype=float)
            gaps = np.asarray(loss_gap(yrs[:, None], p), dtype=float).reshape(yrs.size, idx.size)
            for j, y in enumerate(yrs):
                label = _year_label(y)
                if "gap_at" in want:
                    values[f"gap_at_{label}"][idx] = gaps[j]
                if "gap_share_of_peak_at" in want:
                    values[f"gap_share_of_peak_at_{label}"][idx] = gaps[j] / peak
                if "tokens_at" in want:
                    pos = gaps[j] > 0
                    tok = np.full(idx.size, np.nan)
                    tok[pos] = token_threshold(gaps[j][pos], p.alpha, p.beta)
                    values[f"tokens_at_{label}"][idx] = tok
                    if not pos.all():
                        why[f"tokens_at_{label}"] = "no gap at that year (ΔL = 0: no test can tell them apart)"
        if want & {"mmlu_peak", "mmlu_peak_time"}:
            mp, mt = _mmlu_peak(p, idx.size, t_max)
            if "mmlu_peak" in want:
                values["mmlu_peak"][idx] = mp
            if "mmlu_peak_time" in want:
                values["mmlu_peak_time"][idx] = mt
            if np.isnan(mp).any():
                for key in ("mmlu_peak", "mmlu_peak_time"):
                    why.setdefault(key, f"no interior peak of the MMLU gap on [0, {t_max:g}] years")
        if "inference_catch_up" in want:
            catches = p.g_hardware * np.asarray(p.g_inference) ** 2 > p.g_investment
            if catches.any():
                pc = _params(_subset(sub, catches))
                values["inference_catch_up"][idx[catches]] = inference_catch_up_time(pc)
            if not catches.all():
                why.setdefault("inference_catch_up",
                               "never catches up (g_h g_inf^2 <= g_i: the fixed-price model grows slower)")
    return values, why


def _draw_inputs(priors: Mapping[str, Distribution], u: np.ndarray) -> dict[str, np.ndarray]:
    return {name: priors[name].values_at(u[:, j], name) for j, name in enumerate(INPUT_NAMES)}


# ----------------------------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------------------------


@dataclass
class UncertaintyResult:
    """Monte Carlo draws of every output, with summaries.

    Attributes
    ----------
    values : dict of str to ndarray
        Output per draw (NaN where undefined; :attr:`undefined` says why).
    inputs : dict of str to ndarray
        The drawn inputs.
    priors : dict of str to Distribution
        The distributions used.
    draws, seed : int
        Number of joint draws and the seed.
    years : tuple of float
        Years of the per-year outputs.
    undefined : dict of str to str
        Reason per output that has undefined draws.
    sobol : dict or None
        Sobol indices per output (from :func:`sobol_indices`), when requested.
    """

    values: dict[str, np.ndarray]
    inputs: dict[str, np.ndarray]
    priors: dict[str, Distribution]
    draws: int
    seed: int
    years: tuple[float, ...]
    undefined: dict[str, str]
    sobol: dict[str, Any] | None = None

    def defined_share(self, name: str) -> float:
        """Share of draws in which ``name`` is defined."""
        return float(np.mean(np.isfinite(self._get(name))))

    def _get(self, name: str) -> np.ndarray:
        if name not in self.values:
            raise ValueError(f"unknown output {name!r}; available: {', '.join(self.values)}")
        return self.values[name]

    def _defined(self, name: str) -> np.ndarray:
        v = self._get(name)
        v = v[np.isfinite(v)]
        if v.size == 0:
            raise ValueError(f"output {name!r} is undefined in every draw: {self.undefined.get(name, '')}")
        return v

    def median(self, name: str) -> float:
        """Median over the draws where ``name`` is defined."""
        return float(np.median(self._defined(name)))

    def interval(self, name: str, coverage: float = 0.90) -> tuple[float, float]:
        """Central interval (default 5-95 %) over the defined draws."""
        if not 0 < coverage < 1:
            raise ValueError(f"coverage must lie in (0, 1); got {coverage!r}")
        lo, hi = np.quantile(self._defined(name), [(1 - coverage) / 2, (1 + coverage) / 2])
        return float(lo), float(hi)

    def share(self, name: str, predicate: Callable[[np.ndarray], np.ndarray]) -> float:
        """Share of *all* draws in which ``name`` is defined and ``predicate(value)`` holds."""
        v = self._get(name)
        fin = np.isfinite(v)
        hit = np.zeros(v.shape, dtype=bool)
        hit[fin] = np.asarray(predicate(v[fin]), dtype=bool)
        return float(hit.mean())

    def summary(self) -> "Any":
        """Table (pandas DataFrame) of every output: median, 5 % and 95 % points, defined share."""
        import pandas as pd

        rows = []
        for name in self.values:
            unit, text = _describe_output(name)
            fin = np.isfinite(self.values[name])
            if fin.any():
                lo, hi = self.interval(name)
                med = self.median(name)
            else:
                lo = hi = med = math.nan
            rows.append({"output": name, "description": text, "unit": unit, "median": med,
                         "p05": lo, "p95": hi, "defined": float(fin.mean())})
        return pd.DataFrame(rows).set_index("output")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary (no NaN: undefined values are None, with the reason)."""
        outputs = {}
        for name in self.values:
            unit, text = _describe_output(name)
            fin = np.isfinite(self.values[name])
            entry: dict[str, Any] = {"description": text, "unit": unit,
                                     "defined_share": float(fin.mean())}
            if fin.any():
                lo, hi = self.interval(name)
                entry.update(median=self.median(name), p05=lo, p95=hi)
            else:
                entry.update(median=None, p05=None, p95=None)
            if name in self.undefined and not fin.all():
                entry["undefined_because"] = self.undefined[name]
            outputs[name] = entry
        out: dict[str, Any] = {
            "draws": self.draws,
            "seed": self.seed,
            "priors": {name: {"distribution": d.describe(), "source": d.source,
                              "judgement": bool(d.judgement)} for name, d in self.priors.items()},
            "outputs": outputs,
        }
        if self.sobol is not None:
            out["sobol"] = self.sobol
        return out

    def format_table(self) -> str:
        """Plain-text table for the command line."""
        lines = [f"{'output':<28} {'median':>10} {'5%':>10} {'95%':>10} {'defined':>8}  unit"]
        for name, row in self.summary().iterrows():
            lines.append(f"{name:<28} {row['median']:>10.4g} {row['p05']:>10.4g} {row['p95']:>10.4g} "
                         f"{row['defined']:>8.1%}  {row['unit']}")
        if self.sobol:
            lines.append("")
            lines.append("Sobol total-order indices (share of variance involving each input)")
            for out_name, entry in self.sobol.items():
                if "total" not in entry:
                    lines.append(f"  {out_name:<26} skipped: {entry.get('skipped', '')}")
                    continue
                parts = ", ".join(f"{k} {v:.2f}" for k, v in
                                  sorted(entry["total"].items(), key=lambda kv: -kv[1]) if v >= 0.005)
                lines.append(f"  {out_name:<26} {parts}")
        return "\n".join(lines)


def _describe_output(name: str) -> tuple[str, str]:
    if name in OUTPUTS:
        return OUTPUTS[name]
    base, _, year = name.rpartition("_")
    unit, text = OUTPUTS[base]
    return unit, text.format(y=year)


def monte_carlo(
    priors: Mapping[str, Any] | None = None,
    draws: int = 100_000,
    seed: int = 0,
    outputs: Sequence[str] = _DEFAULT_OUTPUTS,
    years: Sequence[float] = (1.0, 5.0, 10.0, 20.0),
    t_max: float = 20.0,
    progress: Callable[[int], None] | None = None,
) -> UncertaintyResult:
    """Seeded joint Monte Carlo of the model's conclusions.

    Parameters
    ----------
    priors : mapping, optional
        Replacements for :data:`DEFAULT_PRIORS` (distributions or numbers).
    draws : int
        Joint draws (>= 1).
    seed : int
        Seed (>= 0); the same seed gives the same draws.
    outputs : sequence of str
        Keys of :data:`OUTPUTS` (default all).
    years : sequence of float
        Years (> 0) for the per-year outputs.
    t_max : float
        Horizon (years) for the MMLU-gap peak search.
    progress : callable, optional
        Called with the number of draws finished after each block (for a progress bar).

    Returns
    -------
    UncertaintyResult
    """
    resolved = resolve_priors(priors)
    draws = _check_count("draws", draws)
    seed = _check_count("seed", seed, 0)
    years_t = tuple(float(y) for y in np.atleast_1d(np.asarray(years, dtype=float)))
    if not years_t or not all(math.isfinite(y) and y > 0 for y in years_t):
        raise ValueError(f"years must be finite numbers > 0; got {list(years)!r}")
    t_max = _check_finite_number("t_max", t_max)
    if t_max <= 1:
        raise ValueError(f"t_max must be > 1 year; got {t_max!r}")
    rng = np.random.default_rng(seed)
    u = rng.random((draws, len(INPUT_NAMES)))
    inputs = _draw_inputs(resolved, u)
    block = 50_000
    values: dict[str, np.ndarray] = {}
    why: dict[str, str] = {}
    for start in range(0, draws, block):
        part = {k: v[start:start + block] for k, v in inputs.items()}
        vals, w = evaluate(part, outputs, years_t, t_max)
        for k, v in vals.items():
            values.setdefault(k, np.empty(draws))[start:start + v.size] = v
        for k, v in w.items():
            why.setdefault(k, v)
        if progress is not None:
            progress(min(block, draws - start))
    why = {k: v for k, v in why.items() if not np.isfinite(values[k]).all()}
    return UncertaintyResult(values, inputs, resolved, draws, seed, years_t, why)


# ----------------------------------------------------------------------------------------
# Global sensitivity (Sobol indices, SALib)
# ----------------------------------------------------------------------------------------


def sobol_indices(
    func: Callable[[dict[str, np.ndarray]], Mapping[str, np.ndarray]],
    distributions: Mapping[str, Distribution],
    base_samples: int = 2**14,
    seed: int = 0,
    num_resamples: int = 20,
) -> dict[str, dict[str, Any]]:
    """First-order and total Sobol indices of each output of ``func`` (Saltelli/Jansen, SALib).

    Inputs with a :class:`Fixed` distribution are held at their value and left out.

    Parameters
    ----------
    func : callable
        Maps a dict of input arrays (one entry per draw; joint inputs as (n, width)) to a dict
        of output arrays.
    distributions : mapping of str to Distribution
        The inputs.
    base_samples : int
        Base sample size N (a power of 2); the model runs ``N (D + 2)`` times for D varying
        inputs.
    seed : int
        Seed of the scrambled Sobol sequence and of SALib's bootstrap of the confidence
        intervals.
    num_resamples : int
        Bootstrap resamples for the confidence intervals.

    Returns
    -------
    dict
        Per output: ``first`` and ``total`` (dicts input -> index), ``first_conf`` and
        ``total_conf`` (95 % bootstrap half-widths), or ``skipped`` with the reason.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    base = _check_count("base_samples", base_samples, 2)
    if base & (base - 1):
        raise ValueError(f"base_samples must be a power of 2; got {base_samples!r}")
    seed = _check_count("seed", seed, 0)
    varying = [n for n, d in distributions.items() if not isinstance(d, Fixed)]
    if not varying:
        raise ValueError("sobol_indices needs at least one input that is not Fixed")
    problem = {"num_vars": len(varying), "names": varying, "bounds": [[0.0, 1.0]] * len(varying)}
    x = sobol_sample.sample(problem, base, calc_second_order=False, scramble=True, seed=seed)
    n_rows = x.shape[0]
    inputs = {}
    for name, dist in distributions.items():
        if name in varying:
            inputs[name] = dist.values_at(x[:, varying.index(name)], name)
        else:
            inputs[name] = dist.values_at(np.full(n_rows, 0.5), name)
    ys = func(inputs)
    out: dict[str, dict[str, Any]] = {}
    for name, y in ys.items():
        y = np.asarray(y, dtype=float)
        if not np.all(np.isfinite(y)):
            out[name] = {"skipped": f"undefined in {np.mean(~np.isfinite(y)):.2%} of the design's runs"}
            continue
        if np.ptp(y) <= 1e-12 * max(1.0, float(np.max(np.abs(y)))):
            out[name] = {"skipped": "no variance"}
            continue
        # SALib treats seed 0 as "no seed" (unseeded bootstrap): pass seed + 1.
        res = sobol_analyze.analyze(problem, y, calc_second_order=False,
                                    num_resamples=num_resamples, seed=seed + 1)
        out[name] = {
            "first": dict(zip(varying, map(float, res["S1"]))),
            "total": dict(zip(varying, map(float, res["ST"]))),
            "first_conf": dict(zip(varying, map(float, res["S1_conf"]))),
            "total_conf": dict(zip(varying, map(float, res["ST_conf"]))),
        }
    return out


def model_sobol(
    priors: Mapping[str, Any] | None = None,
    base_samples: int = 2**14,
    seed: int = 0,
    outputs: Sequence[str] = ("t_star", "peak_gap", "gap_at", "mmlu_peak", "mmlu_peak_time",
                              "inference_catch_up"),
    years: Sequence[float] = (10.0,),
    t_max: float = 20.0,
    num_resamples: int = 20,
) -> dict[str, dict[str, Any]]:
    """Sobol indices of the model's outputs under ``priors`` (see :func:`sobol_indices`).

    Draws without a value (no interior MMLU peak) make an output's indices undefined: it is
    reported as skipped. The inference catch-up time is censored at ``t_max``.
    """
    resolved = resolve_priors(priors)

    def func(inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        values = evaluate(inputs, outputs, years, t_max)[0]
        if "inference_catch_up" in values:
            # Censored at the horizon: "never catches up" counts as t_max (variance needs a number).
            catch = values["inference_catch_up"]
            values["inference_catch_up"] = np.minimum(np.where(np.isfinite(catch), catch, t_max), t_max)
        return values

    out = sobol_indices(func, resolved, base_samples, seed, num_resamples)
    if "inference_catch_up" in out:
        out["inference_catch_up"]["note"] = f"censored at {t_max:g} years (never = {t_max:g})"
    return out


# ----------------------------------------------------------------------------------------
# Fan charts
# ----------------------------------------------------------------------------------------


def fan(
    result: UncertaintyResult,
    t: Sequence[float],
    quantity: str = "loss_gap",
    quantiles: Sequence[float] = (0.05, 0.25, 0.5, 0.75, 0.95),
    max_draws: int = 20_000,
) -> np.ndarray:
    """Quantiles over draws of ``loss_gap`` or ``mmlu_gap`` (points) at each time ``t``.

    Uses the first ``max_draws`` draws of ``result`` that lie in the model's domain.

    Returns
    -------
    ndarray, shape (len(quantiles), len(t))
    """
    if quantity not in ("loss_gap", "mmlu_gap"):
        raise ValueError(f"quantity must be 'loss_gap' or 'mmlu_gap'; got {quantity!r}")
    t_arr = np.asarray(t, dtype=float)
    ok = np.flatnonzero(_domain(result.inputs))[: _check_count("max_draws", max_draws)]
    if ok.size == 0:
        raise ValueError("no draw lies in the model's domain")
    p = _params(_subset(result.inputs, ok))
    f = loss_gap if quantity == "loss_gap" else benchmark_gap
    curves = np.asarray(f(t_arr[:, None], p), dtype=float)
    return np.quantile(curves, np.asarray(quantiles), axis=1)
