"""Investment-stagnation scenarios and the paper's robustness sweeps.

Derived in the chapter :ref:`stagnation-robustness` (``notebooks/stagnation_robustness.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .gap import loss_gap
from .inflection import numeric_peak
from .params import PaperParams, resolve_params
from .schedules import Exponential, InvestmentSchedule, SlowdownAfter, StopAfter
from ..validation import (
    ParameterTypeError,
    as_float_array,
    as_scalar,
    check_finite,
    check_nonnegative,
    check_positive,
)

__all__ = [
    "stagnation_schedules",
    "ScenarioCurve",
    "stagnation_scenarios",
    "sweep",
    "PAPER_SWEEPS",
]


def stagnation_schedules(
    params: PaperParams | None = None, change_year: float = 5.0, growth_after: float = 1.5
) -> dict[str, InvestmentSchedule]:
    """The paper's three frontier schedules (Figure 10).

    Returns ``{"exponential": ..., "frozen after year 5": ..., "1.5x after year 5": ...}``:
    ``g_investment`` every year; ``g_investment`` until ``change_year`` then frozen; and
    ``g_investment`` until ``change_year`` then ``growth_after``.

    Examples
    --------
    >>> sorted(stagnation_schedules())
    ['1.5x after year 5', 'exponential', 'frozen after year 5']
    """
    params = resolve_params(params)
    change_year = float(check_nonnegative("change_year", as_scalar("change_year", change_year)))
    growth_after = float(check_positive("growth_after", as_scalar("growth_after", growth_after)))
    b0, g = params.budget_sota, params.g_investment
    return {
        "exponential": Exponential(b0, g),
        f"frozen after year {change_year:g}": StopAfter(b0, g, change_year),
        f"{growth_after:g}x after year {change_year:g}": SlowdownAfter(b0, g, change_year, growth_after),
    }


@dataclass(frozen=True)
class ScenarioCurve:
    """One scenario's gap curve with its numerically located peak."""

    label: str
    t: np.ndarray
    gap: np.ndarray
    peak_time: float
    peak_gap: float

    def gap_at(self, year: float) -> float:
        """ΔL at ``year`` (interpolated on the curve's grid)."""
        return float(np.interp(year, self.t, self.gap))


def stagnation_scenarios(
    t: ArrayLike | None = None, params: PaperParams | None = None, **kwargs: float
) -> list[ScenarioCurve]:
    """Loss-gap curves against the constant-budget meek model for the stagnation schedules.

    Examples
    --------
    >>> [round(c.gap_at(20), 4) for c in stagnation_scenarios()]
    [0.013, 0.0083, 0.0113]
    """
    params = resolve_params(params)
    t_arr = np.linspace(0.0, 20.0, 401) if t is None else check_finite("t", t)
    curves = []
    for label, schedule in stagnation_schedules(params, **kwargs).items():
        gap = np.asarray(loss_gap(t_arr, params, sota_schedule=schedule))
        pk = numeric_peak(params, t_max=float(t_arr.max()), sota_schedule=schedule)
        curves.append(ScenarioCurve(label, t_arr, gap, pk.time, pk.gap))
    return curves


def sweep(
    name: str,
    values: ArrayLike,
    t: ArrayLike | None = None,
    params: PaperParams | None = None,
) -> list[ScenarioCurve]:
    """Gap curves as one parameter of :class:`PaperParams` takes each of ``values``.

    ``name`` is any field of :class:`PaperParams` or ``gamma`` / ``K``.

    Examples
    --------
    >>> curves = sweep("g_investment", [2.0, 10.0])
    >>> [(round(c.peak_time, 2), round(c.peak_gap, 3)) for c in curves]
    [(3.84, 0.133), (2.79, 0.311)]
    """
    params = resolve_params(params)
    t_arr = np.linspace(0.0, 20.0, 401) if t is None else check_finite("t", t)
    if not isinstance(name, str):
        raise ParameterTypeError(f"name must be the name of a PaperParams field; got {name!r}")
    curves = []
    for value in np.ravel(as_float_array("values", values)):
        p = params.replace(**{name: float(value)})
        gap = np.asarray(loss_gap(t_arr, p))
        pk = numeric_peak(p, t_max=float(t_arr.max()))
        curves.append(ScenarioCurve(f"{name} = {value:g}", t_arr, gap, pk.time, pk.gap))
    return curves


#: The paper's robustness sweeps: parameter name -> values (Figures 6, 7 and the exponent variant).
PAPER_SWEEPS: dict[str, tuple[float, ...]] = {
    "g_investment": (1.1, 2.0, 3.6, 10.0, 20.0),
    "budget_sota": (1e3, 1e4, 1e5, 1e6),
    "gamma": (0.155, 0.178),
}
