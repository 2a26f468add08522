"""Investment schedules: dollars spent on training over time.

Used by the gap equation (:ref:`gap-equation`) and the stagnation scenarios
(:ref:`stagnation-robustness`). A schedule is any object with a ``log_dollars(t)`` method;
working with logarithms keeps decades of exponential growth free of overflow.
:func:`as_schedule` also accepts a plain callable ``t -> dollars`` or an array of dollars.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike

from ..validation import as_float_array, check_finite, check_nonnegative, check_positive

__all__ = [
    "InvestmentSchedule",
    "Constant",
    "Exponential",
    "StopAfter",
    "SlowdownAfter",
    "Logistic",
    "Tabulated",
    "FromFunction",
    "as_schedule",
]


@runtime_checkable
class InvestmentSchedule(Protocol):
    """Anything that gives the log of the dollar budget at times ``t`` (years)."""

    def log_dollars(self, t: np.ndarray) -> np.ndarray:  # pragma: no cover - protocol
        ...


class _Base:
    def _store(self, name: str, checked: np.ndarray) -> None:
        """Keep a validated field as a float (or a float array), whatever numeric type came in."""
        object.__setattr__(self, name, checked if checked.ndim else float(checked))

    def dollars(self, t: ArrayLike) -> np.ndarray | float:
        """Budget in dollars at times ``t`` (years); may be ``inf`` past float range."""
        log_d = self.log_dollars(check_finite("t", t))
        out = np.exp(np.minimum(log_d, 709.0))
        out = np.where(log_d > 709.0, np.inf, out)
        return out if np.ndim(out) else float(out)


@dataclass(frozen=True)
class Constant(_Base):
    """A fixed budget: the meek actor.

    Examples
    --------
    >>> np.round(Constant(1000).dollars([0, 5]), 6).tolist()
    [1000.0, 1000.0]
    """

    initial: float

    def __post_init__(self) -> None:
        self._store("initial", check_positive("initial", self.initial))

    def log_dollars(self, t: np.ndarray) -> np.ndarray:
        return np.log(self.initial) + 0.0 * np.asarray(t, dtype=float)


@dataclass(frozen=True)
class Exponential(_Base):
    """``initial * growth**t``: the paper's frontier actor.

    Examples
    --------
    >>> round(Exponential(1000, 5 / 1.4).dollars(2), 1)
    12755.1
    """

    initial: float
    growth: float

    def __post_init__(self) -> None:
        self._store("initial", check_positive("initial", self.initial))
        self._store("growth", check_positive("growth", self.growth))

    def log_dollars(self, t: np.ndarray) -> np.ndarray:
        return np.log(self.initial) + np.asarray(t, dtype=float) * np.log(self.growth)


@dataclass(frozen=True)
class StopAfter(_Base):
    """Exponential growth until ``stop_year``, then frozen at that level.

    Examples
    --------
    >>> s = StopAfter(1000, 2.0, stop_year=3)
    >>> np.round(s.dollars([2, 3, 10]), 6).tolist()
    [4000.0, 8000.0, 8000.0]
    """

    initial: float
    growth: float
    stop_year: float

    def __post_init__(self) -> None:
        self._store("initial", check_positive("initial", self.initial))
        self._store("growth", check_positive("growth", self.growth))
        self._store("stop_year", check_nonnegative("stop_year", self.stop_year))

    def log_dollars(self, t: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=float)
        return np.log(self.initial) + np.minimum(t, self.stop_year) * np.log(self.growth)


@dataclass(frozen=True)
class SlowdownAfter(_Base):
    """Growth ``growth`` until ``change_year``, then ``growth_after``.

    Examples
    --------
    >>> np.round(SlowdownAfter(1, 2.0, change_year=2, growth_after=1.5).dollars([1, 4]), 6).tolist()
    [2.0, 9.0]
    """

    initial: float
    growth: float
    change_year: float
    growth_after: float

    def __post_init__(self) -> None:
        self._store("initial", check_positive("initial", self.initial))
        self._store("growth", check_positive("growth", self.growth))
        self._store("change_year", check_nonnegative("change_year", self.change_year))
        self._store("growth_after", check_positive("growth_after", self.growth_after))

    def log_dollars(self, t: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=float)
        before = np.minimum(t, self.change_year)
        after = np.maximum(t - self.change_year, 0.0)
        return np.log(self.initial) + before * np.log(self.growth) + after * np.log(self.growth_after)


@dataclass(frozen=True)
class Logistic(_Base):
    """Exponential growth that saturates at ``ceiling`` dollars (logistic in dollars).

    ``dollars(t) = ceiling / (1 + (ceiling/initial - 1) * growth**(-t))``: early on it grows by
    ``growth`` per year, then levels off at ``ceiling`` (e.g. a share of world GDP).

    Examples
    --------
    >>> s = Logistic(1000, 4.0, ceiling=1e12)
    >>> round(float(s.dollars(0))), f"{s.dollars(60):.3g}"
    (1000, '1e+12')
    """

    initial: float
    growth: float
    ceiling: float

    def __post_init__(self) -> None:
        self._store("initial", check_positive("initial", self.initial))
        self._store("growth", check_positive("growth", self.growth))
        self._store("ceiling", check_positive("ceiling", self.ceiling))
        if self.ceiling <= self.initial:
            raise ValueError(
                f"ceiling must be > initial ({self.initial!r}); got {self.ceiling!r}"
            )

    def log_dollars(self, t: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=float)
        # log(ceiling) - log(1 + r * g**-t), with r = ceiling/initial - 1, computed stably.
        log_r = np.log(self.ceiling / self.initial - 1.0)
        return np.log(self.ceiling) - np.logaddexp(0.0, log_r - t * np.log(self.growth))


@dataclass(frozen=True)
class Tabulated(_Base):
    """A schedule given as dollars at listed years, log-linear between them, flat outside.

    Examples
    --------
    >>> s = Tabulated([0, 2], [100, 400])
    >>> np.round(s.dollars([0, 1, 2, 5]), 6).tolist()
    [100.0, 200.0, 400.0, 400.0]
    """

    years: tuple[float, ...]
    amounts: tuple[float, ...]

    def __init__(self, years: ArrayLike, amounts: ArrayLike) -> None:
        y = check_finite("years", years).ravel()
        a = check_positive("amounts", amounts).ravel()
        if y.size != a.size or y.size == 0:
            raise ValueError(
                f"years and amounts must be non-empty and of equal length; got {y.size} and {a.size}"
            )
        if np.any(np.diff(y) <= 0):
            raise ValueError("years must be strictly increasing")
        object.__setattr__(self, "years", tuple(y.tolist()))
        object.__setattr__(self, "amounts", tuple(a.tolist()))

    def log_dollars(self, t: np.ndarray) -> np.ndarray:
        return np.interp(np.asarray(t, dtype=float), self.years, np.log(self.amounts))


@dataclass(frozen=True)
class FromFunction(_Base):
    """Wrap a callable ``t -> dollars`` (vectorised over a NumPy array of years)."""

    func: Callable[[np.ndarray], ArrayLike]

    def log_dollars(self, t: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=float)
        values = np.broadcast_to(np.asarray(self.func(t), dtype=float), t.shape)
        return np.log(check_positive("schedule(t) dollars", values))


def as_schedule(obj: object, t: np.ndarray | None = None, name: str = "schedule") -> InvestmentSchedule:
    """Turn a schedule, a callable or an array of dollars (aligned with ``t``) into a schedule.

    Examples
    --------
    >>> as_schedule(lambda t: 1000 * 2.0**t).dollars(3)
    8000.0
    >>> round(as_schedule([1.0, 2.0], t=np.array([0.0, 1.0])).dollars(0.5), 6)
    1.414214
    """
    if isinstance(obj, InvestmentSchedule):
        return obj
    if callable(obj):
        return FromFunction(obj)
    amounts = as_float_array(name, obj)
    if t is None:
        raise ValueError(f"{name} given as an array of dollars needs the matching times t")
    t_arr = np.ravel(np.asarray(t, dtype=float))
    if amounts.ndim != 1 or amounts.size != t_arr.size:
        raise ValueError(
            f"{name} as an array must have one dollar amount per time; got {amounts.size} amounts for {t_arr.size} times"
        )
    order = np.argsort(t_arr)
    return Tabulated(t_arr[order], amounts[order])
