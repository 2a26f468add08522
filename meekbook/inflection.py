"""The inflection (peak) time of the loss gap, in closed form and numerically.

Derived in the chapter :ref:`inflection-time` (``notebooks/inflection_time.md``).

With ``x_m(t) = ln C_meek(t) = ln C0m + t ln g_m`` and ``x_s(t) = ln C0s + t ln g_s`` (``g_m``
the meek actor's yearly growth of effective compute, ``g_s`` the frontier's), setting
``dΔL/dt = 0`` gives::

    t* = [ ln( ln g_s / ln g_m ) - γ ln(C0s / C0m) ] / ( γ ln(g_s / g_m) )

In the paper's setting (equal starting compute, shared progress, ``g_m = g_alg g_h``,
``g_s = g_alg g_h g_i``) this is ``t* = ln( ln(g_alg g_h g_i) / ln(g_alg g_h) ) / (γ ln g_i)``:
independent of ``C0`` and of ``K``. A head start of the frontier moves the peak earlier by
``log_{g_i}(C0s/C0m)`` years; a peak before ``t = 0`` means the gap only shrinks from the start
(the functions then report ``t* = 0``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import minimize_scalar

from .gap import loss_gap
from .params import PaperParams
from .validation import check_open_interval, check_positive

__all__ = ["inflection_time", "peak_time", "peak_gap", "numeric_peak", "NumericPeak", "head_start_without_peak"]


def inflection_time(
    gamma: ArrayLike,
    g_shared: ArrayLike,
    g_investment: ArrayLike,
) -> np.ndarray | float:
    """Closed-form peak time ``ln(ln(g_shared g_investment)/ln g_shared) / (γ ln g_investment)``.

    Parameters
    ----------
    gamma : array_like
        Compute exponent, in (0, 1).
    g_shared : array_like
        Shared yearly growth of effective compute per dollar, ``g_alg * g_h`` (> 1).
    g_investment : array_like
        Frontier's yearly growth of dollars (> 1).

    Returns
    -------
    float or ndarray
        t* in years (arrays broadcast).

    Examples
    --------
    >>> round(inflection_time(0.154, 2.8 * 1.4, 5 / 1.4), 3)
    3.359
    """
    gamma = check_open_interval("gamma", gamma, 0.0, 1.0)
    g_shared = _check_growth_above_one("g_hardware * g_algorithm", g_shared,
                                       "for the meek actor's loss to fall")
    g_investment = _check_growth_above_one("g_investment", g_investment,
                                           "for the gap to rise and then peak")
    log_gs = np.log(g_shared)
    out = np.log((log_gs + np.log(g_investment)) / log_gs) / (gamma * np.log(g_investment))
    return out if np.ndim(out) else float(out)


def _check_growth_above_one(name: str, value: ArrayLike, why: str) -> np.ndarray:
    arr = check_positive(name, value)
    bad = ~(arr > 1.0)
    if np.any(bad):
        shown = arr.item() if arr.ndim == 0 else arr[bad].ravel()[0]
        raise ValueError(f"{name} must be > 1 {why}; got {shown!r}")
    return arr


def peak_time(params: PaperParams | None = None) -> np.ndarray | float:
    """Time ``t*`` (years) at which the loss gap ΔL(t) peaks, in closed form.

    Handles unequal starting budgets and a meek actor with its own growth rates (see the
    module docstring); array-valued parameters broadcast.

    Parameters
    ----------
    params : PaperParams, optional
        Default the paper's. Requires the meek actor's growth ``g_meek > 1`` and the
        frontier's ``g_sota > g_meek`` (``g_investment > 1`` with shared progress).

    Returns
    -------
    float or ndarray
        t* >= 0; 0 when the gap is already shrinking at t = 0.

    Raises
    ------
    ValueError
        If ``g_investment <= 1`` (or ``g_sota <= g_meek``): the frontier never pulls ahead, so
        there is no peak; if ``g_meek <= 1``: the gap never closes.

    Examples
    --------
    >>> round(peak_time(), 3)
    3.359
    >>> round(peak_time(PaperParams(budget_meek=5e3, budget_sota=5e3)), 3)   # C0 drops out
    3.359
    >>> peak_time(PaperParams(g_investment=0.9))
    Traceback (most recent call last):
    ...
    ValueError: g_investment must be > 1 for the gap to rise and then peak; got 0.9
    """
    params = PaperParams() if params is None else params
    gamma = params.gamma
    g_meek = _check_growth_above_one("g_meek (meek actor's g_hardware * g_algorithm)",
                                     params.g_meek, "for the meek actor's loss to fall")
    if params.g_hardware_meek is None and params.g_algorithm_meek is None:
        _check_growth_above_one("g_investment", params.g_investment,
                                "for the gap to rise and then peak")
    g_sota = np.asarray(params.g_sota, dtype=float)
    bad = ~(g_sota > g_meek)
    if np.any(bad):
        raise ValueError(
            "the frontier's growth g_hardware * g_algorithm * g_investment must exceed the meek "
            f"actor's growth {np.ravel(g_meek)[0]:.4g} for a peak to exist; got {np.ravel(g_sota)[0]:.4g}"
        )
    log_gm, log_gs = np.log(g_meek), np.log(g_sota)
    head_start = np.log(np.asarray(params.budget_sota) / np.asarray(params.budget_meek))
    t_star = (np.log(log_gs / log_gm) - gamma * head_start) / (gamma * (log_gs - log_gm))
    t_star = np.maximum(t_star, 0.0)
    return t_star if np.ndim(t_star) else float(t_star)


def head_start_without_peak(params: PaperParams | None = None) -> np.ndarray | float:
    """Frontier head start ``C0s / C0m`` at and beyond which the gap never rises (t* = 0).

    Setting t* = 0 in the general closed form gives ``(ln g_sota / ln g_meek)**(1/γ)``.

    Examples
    --------
    >>> round(head_start_without_peak(), 2)
    71.94
    >>> p = PaperParams(budget_sota=1000 * head_start_without_peak())
    >>> round(peak_time(p), 9)
    0.0
    """
    params = PaperParams() if params is None else params
    g_meek = _check_growth_above_one("g_meek (meek actor's g_hardware * g_algorithm)",
                                     params.g_meek, "for the meek actor's loss to fall")
    ratio = np.log(np.asarray(params.g_sota, dtype=float)) / np.log(g_meek)
    if np.any(ratio <= 1):
        raise ValueError("the frontier's growth must exceed the meek actor's for a peak to exist")
    out = ratio ** (1.0 / params.gamma)
    return out if np.ndim(out) else float(out)


def peak_gap(params: PaperParams | None = None) -> np.ndarray | float:
    """The largest loss gap, ``ΔL(t*)`` (nats per token).

    Examples
    --------
    >>> round(peak_gap(), 4)
    0.2118
    """
    params = PaperParams() if params is None else params
    return loss_gap(peak_time(params), params)


@dataclass(frozen=True)
class NumericPeak:
    """Numerically located maximum of a gap curve: time (years) and gap (nats)."""

    time: float
    gap: float


def numeric_peak(
    params: PaperParams | None = None,
    t_max: float = 50.0,
    sota_schedule: object | None = None,
    meek_schedule: object | None = None,
    grid_points: int = 2001,
) -> NumericPeak:
    """Locate the maximum of ΔL(t) on ``[0, t_max]`` numerically (grid, then Brent).

    Works for any investment schedules, where no closed form exists.

    Examples
    --------
    >>> pk = numeric_peak()
    >>> round(pk.time, 3), round(pk.gap, 4)
    (3.359, 0.2118)
    """
    params = PaperParams() if params is None else params
    t_max = float(check_positive("t_max", t_max))
    if int(grid_points) < 3:
        raise ValueError(f"grid_points must be an integer >= 3; got {grid_points!r}")
    grid = np.linspace(0.0, t_max, int(grid_points))
    values = np.asarray(loss_gap(grid, params, sota_schedule, meek_schedule), dtype=float)
    if values.ndim != 1:
        raise ValueError("numeric_peak needs scalar parameters (one curve at a time)")
    i = int(np.argmax(values))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    if hi - lo <= 0 or i in (0, grid.size - 1):
        return NumericPeak(float(grid[i]), float(values[i]))
    res = minimize_scalar(
        lambda x: -float(loss_gap(x, params, sota_schedule, meek_schedule)),
        bounds=(lo, hi), method="bounded", options={"xatol": 1e-10},
    )
    return NumericPeak(float(res.x), float(-res.fun))
