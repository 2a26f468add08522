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

from .gap import loss_gap
from .params import PaperParams, resolve_params
from ..validation import as_scalar, check_int, check_open_interval, check_positive, finite_output

__all__ = ["inflection_time", "peak_time", "peak_gap", "numeric_peak", "NumericPeak", "head_start_without_peak"]


@finite_output("gamma")
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
    g_shared = _check_growth_above_one("g_shared (g_hardware * g_algorithm)", g_shared,
                                       "for the meek actor's loss to fall")
    g_investment = _check_growth_above_one("g_investment", g_investment,
                                           "for the gap to rise and then peak")
    log_gs, log_gi = np.log(g_shared), np.log(g_investment)
    # ln(ln(g_s g_i) / ln g_s) = log1p(ln g_i / ln g_s): no cancellation as g_i -> 1.
    out = np.log1p(log_gi / log_gs) / (gamma * log_gi)
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
    params = resolve_params(params)
    gamma = params.gamma
    g_meek = _check_growth_above_one("g_meek (meek actor's g_hardware * g_algorithm)",
                                     params.g_meek, "for the meek actor's loss to fall")
    shared = params.g_hardware_meek is None and params.g_algorithm_meek is None
    if shared:
        _check_growth_above_one("g_investment", params.g_investment,
                                "for the gap to rise and then peak")
    log_gm, growth_lead = _log_growths(params)
    bad = ~(growth_lead > 0)
    if np.any(bad):
        raise ValueError(
            "no interior peak: the frontier's growth g_hardware * g_algorithm * g_investment "
            f"({np.ravel(np.asarray(params.g_sota, dtype=float))[0]:.6g}) must exceed the meek "
            f"actor's growth ({np.ravel(g_meek)[0]:.6g}); when the meek actor grows as fast or faster, the "
            "gap only shrinks"
        )
    head_start = np.log(np.asarray(params.budget_sota) / np.asarray(params.budget_meek))
    # ln(ln g_s / ln g_m) = log1p((ln g_s - ln g_m) / ln g_m), with ln g_s - ln g_m summed from
    # the factors that differ: stable when g_investment is within rounding of 1.
    t_star = (np.log1p(growth_lead / log_gm) - gamma * head_start) / (gamma * growth_lead)
    if not np.all(np.isfinite(t_star)):
        raise ValueError(
            "no finite peak time for these parameters (the frontier's growth lead "
            f"ln(g_sota / g_meek) = {np.ravel(growth_lead)[0]:.3g} is too small to resolve)"
        )
    t_star = np.maximum(t_star, 0.0)
    return t_star if np.ndim(t_star) else float(t_star)


def _log_growths(params: PaperParams) -> tuple[np.ndarray, np.ndarray]:
    """``ln g_meek`` and ``ln g_sota - ln g_meek``, the latter without cancellation."""
    log_h, log_a = np.log(params.g_hardware), np.log(params.g_algorithm)
    log_hm = log_h if params.g_hardware_meek is None else np.log(params.g_hardware_meek)
    log_am = log_a if params.g_algorithm_meek is None else np.log(params.g_algorithm_meek)
    lead = (log_h - log_hm) + (log_a - log_am) + np.log(params.g_investment)
    # A lead within rounding of the differences of logs is no lead: treat it as zero.
    eps = np.finfo(float).eps
    noise = 0.0
    if params.g_hardware_meek is not None:
        noise = noise + 8 * eps * (np.abs(log_h) + np.abs(log_hm))
    if params.g_algorithm_meek is not None:
        noise = noise + 8 * eps * (np.abs(log_a) + np.abs(log_am))
    lead = np.where(np.abs(lead) <= noise, 0.0, lead)
    return np.asarray(log_hm + log_am, dtype=float), np.asarray(lead, dtype=float)


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
    params = resolve_params(params)
    _check_growth_above_one("g_meek (meek actor's g_hardware * g_algorithm)",
                            params.g_meek, "for the meek actor's loss to fall")
    log_gm, lead = _log_growths(params)
    if np.any(~(lead > 0)):
        raise ValueError("no interior peak: the frontier's growth must exceed the meek actor's "
                         "for a peak to exist")
    out = np.exp(np.log1p(lead / log_gm) / params.gamma)
    return out if np.ndim(out) else float(out)


def peak_gap(params: PaperParams | None = None) -> np.ndarray | float:
    """The largest loss gap, ``ΔL(t*)`` (nats per token).

    Examples
    --------
    >>> round(peak_gap(), 4)
    0.2118
    """
    params = resolve_params(params)
    return loss_gap(peak_time(params), params)


@dataclass(frozen=True)
class NumericPeak:
    """Numerically located maximum of a gap curve: time (years) and gap (nats).

    ``edge`` is ``"start"`` or ``"end"`` when the maximum sits at that end of the search window
    (then it is the largest value *in the window*, not an interior peak: the curve may still rise
    beyond ``t_max``, or only fall from ``t = 0``), and ``None`` for an interior peak.
    """

    time: float
    gap: float
    edge: str | None = None

    @property
    def at_edge(self) -> bool:
        """Whether the maximum sits at an end of the window (no interior peak found)."""
        return self.edge is not None


def numeric_peak(
    params: PaperParams | None = None,
    t_max: float = 50.0,
    sota_schedule: object | None = None,
    meek_schedule: object | None = None,
    grid_points: int = 2001,
) -> NumericPeak:
    """Locate the maximum of ΔL(t) on ``[0, t_max]`` numerically (grid, then Brent).

    Works for any investment schedules, where no closed form exists. When the largest value
    on the grid is at ``t = 0`` or ``t = t_max`` the result says so (``edge`` is ``"start"`` or
    ``"end"``): there is no interior peak in the window.

    Examples
    --------
    >>> pk = numeric_peak()
    >>> round(pk.time, 3), round(pk.gap, 4), pk.edge
    (3.359, 0.2118, None)
    >>> numeric_peak(t_max=2.0).edge          # still rising at the end of the window
    'end'
    """
    params = resolve_params(params)
    t_max = as_scalar("t_max", t_max)
    if not 0 < t_max <= 1e6:
        raise ValueError(f"t_max must be a finite number > 0 and <= 1e6 (years); got {t_max!r}")
    grid_points = check_int("grid_points", grid_points, 3, 10_000_000)
    grid = np.linspace(0.0, t_max, grid_points)
    values = np.asarray(loss_gap(grid, params, sota_schedule, meek_schedule), dtype=float)
    if values.ndim != 1:
        raise ValueError("numeric_peak needs scalar parameters (one curve at a time)")
    i = int(np.argmax(values))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    if i == 0 or i == grid.size - 1:
        return NumericPeak(float(grid[i]), float(values[i]), "start" if i == 0 else "end")
    from scipy.optimize import minimize_scalar   # here, not at the top: a slow import the model does not always need

    res = minimize_scalar(
        lambda x: -float(loss_gap(x, params, sota_schedule, meek_schedule)),
        bounds=(lo, hi), method="bounded", options={"xatol": 1e-10},
    )
    return NumericPeak(float(res.x), float(-res.fun))
