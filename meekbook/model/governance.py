"""Regulatory compute thresholds, when each actor crosses them, and model time as calendar years.

Derived in the chapter :ref:`governance` (``notebooks/governance.md``).

Laws that single out "frontier" models do so by training compute: the EU AI Act presumes that a
general-purpose AI model has high-impact capabilities (systemic risk) when its cumulative
training compute exceeds 1e25 floating-point operations (Regulation (EU) 2024/1689, Art. 51(2));
California's SB 53 (Transparency in Frontier Artificial Intelligence Act, signed 29 September
2025, in force 1 January 2026) defines a frontier model as one trained with more than 1e26
integer or floating-point operations, fine-tuning and other modifications included; the 2023 US
Executive Order 14110 required reports on models trained with more than 1e26 operations
(sec. 4.2(b)(i); revoked on 20 January 2025 by Executive Order 14148). All count *raw* operations.

In the paper's model (Gundlach, Lynch and Thompson 2025) an actor's *effective* compute grows
by ``g_alg g_h`` a year on a fixed budget and by ``g_alg g_h g_i`` on the frontier's growing
budget, so a threshold ``T`` is crossed at::

    t_meek = ln(T / C0) / ln(g_alg g_h)            t_frontier = ln(T / C0) / ln(g_alg g_h g_i)

and their difference is the *effective lag* (:func:`effective_lag`): how far the meek actor trails
the frontier in effective compute. Raw FLOP grows by ``g_h`` only (fixed budget) or ``g_h g_i``
(frontier): algorithmic progress makes a fixed raw-FLOP threshold cover ever less capability.
The *governance window* (:func:`governance_window`) is measured in the quantity the rules count:
from the year the frontier's raw FLOP first crosses the threshold (the rule reaches it) to the
year the meek actor's effective compute reaches what the frontier's was then (it has the
capability the rule marked, without ever being covered by it).

Model time ``t`` (years from the start of the scenario) maps to calendar years with
:func:`calendar_year`; :data:`PAPER_START_YEAR` is the start the paper's dating of the peak
implies (see the chapter).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .params import PaperParams
from ..validation import check_finite, check_finite_result, check_positive, finite_output

__all__ = [
    "ComputeThreshold",
    "EU_AI_ACT",
    "CA_SB_53",
    "US_EO_14110",
    "THRESHOLDS",
    "PAPER_START_YEAR",
    "calendar_year",
    "model_time",
    "crossing_time",
    "effective_crossing_time",
    "raw_crossing_time",
    "raw_compute",
    "raw_flop_for_capability",
    "raw_flop_cost",
    "EffectiveLag",
    "effective_lag",
    "GovernanceWindow",
    "governance_window",
]

#: Calendar year at model time t = 0 (the start of 2023). The paper dates the peak of the loss
#: gap to around 2026-27; with t* = 3.36 years (the paper's "about 3.4") any start between
#: 2022.6 and 2024.6 fits, and the start of 2023 is the one year-start that puts the peak inside
#: 2026 (2026.36). A parameter everywhere: pass ``start_year`` to use another.
PAPER_START_YEAR: float = 2023.0


@dataclass(frozen=True)
class ComputeThreshold:
    """A training-compute threshold written into a rule.

    Attributes
    ----------
    name : str
        Short name for tables and legends.
    flop : float
        The threshold in (raw) floating-point operations of training compute.
    instrument : str
        The legal instrument and its article or section.
    status : str
        Whether the rule is in force (as of the book's writing).
    citation : str
        Key of the entry in the book's bibliography (``book/references.bib``).
    """

    name: str
    flop: float
    instrument: str
    status: str
    citation: str


#: EU AI Act: presumption of high-impact capabilities for general-purpose AI models.
EU_AI_ACT = ComputeThreshold(
    name="EU AI Act (1e25 FLOP)",
    flop=1e25,
    instrument="Regulation (EU) 2024/1689, Art. 51(2): general-purpose AI model with systemic risk",
    status="in force; Art. 51(3) lets the Commission amend it as algorithms and hardware improve",
    citation="EU2024aiact",
)

#: California SB 53: the compute that makes a foundation model a "frontier model".
CA_SB_53 = ComputeThreshold(
    name="California SB 53 (1e26 FLOP)",
    flop=1e26,
    instrument=("California SB 53, Transparency in Frontier Artificial Intelligence Act (Stats. 2025, "
                "ch. 138): frontier model, compute incl. fine-tuning and other modifications"),
    status="signed 29 September 2025; in force since 1 January 2026",
    citation="CASB53",
)

#: US Executive Order 14110: reporting duty for dual-use foundation models.
US_EO_14110 = ComputeThreshold(
    name="US EO 14110 (1e26 FLOP)",
    flop=1e26,
    instrument="Executive Order 14110 (30 October 2023), sec. 4.2(b)(i): reporting threshold",
    status="revoked on 20 January 2025 (Executive Order 14148)",
    citation="EO14110",
)

#: The thresholds the book discusses, by short key.
THRESHOLDS: dict[str, ComputeThreshold] = {"eu": EU_AI_ACT, "ca": CA_SB_53, "us": US_EO_14110}


def _scalar(x: np.ndarray) -> np.ndarray | float:
    return x if np.ndim(x) else float(x)


def calendar_year(t: ArrayLike, start_year: float = PAPER_START_YEAR) -> np.ndarray | float:
    """Calendar year (as a decimal year) of model time ``t``: ``start_year + t``.

    Parameters
    ----------
    t : array_like
        Years from the start of the scenario (finite).
    start_year : float
        Calendar year at ``t = 0`` (finite; default :data:`PAPER_START_YEAR`, the start of 2023).

    Examples
    --------
    >>> round(calendar_year(3.359), 2)
    2026.36
    >>> calendar_year([0, 10], start_year=2025.0).tolist()
    [2025.0, 2035.0]
    >>> calendar_year(1.0, start_year=float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: start_year must be finite (not NaN or infinite); got nan
    """
    t_arr = check_finite("t", t)
    start = float(check_finite("start_year", start_year))
    with np.errstate(over="ignore"):
        return _scalar(check_finite_result("calendar year", start + t_arr, "these t and start_year"))


def model_time(year: ArrayLike, start_year: float = PAPER_START_YEAR) -> np.ndarray | float:
    """Model time of a calendar year: ``year - start_year`` (the inverse of :func:`calendar_year`).

    Examples
    --------
    >>> model_time(2030.0)
    7.0
    """
    year_arr = check_finite("year", year)
    start = float(check_finite("start_year", start_year))
    with np.errstate(over="ignore"):
        return _scalar(check_finite_result("model time", year_arr - start, "these year and start_year"))


def crossing_time(threshold: ArrayLike, compute0: ArrayLike, growth: ArrayLike) -> np.ndarray | float:
    """Years until compute ``compute0 * growth**t`` reaches ``threshold``.

    ``t = ln(threshold / compute0) / ln(growth)``; 0 if ``compute0`` already reaches it, and
    ``inf`` if the compute never does (``growth <= 1`` and below the threshold).

    Parameters
    ----------
    threshold, compute0 : array_like
        FLOP (> 0).
    growth : array_like
        Yearly growth factor of the compute (> 0).

    Examples
    --------
    >>> round(crossing_time(1e25, 1e20, 1.4 * 2.8), 3)     # meek actor, effective compute
    8.428
    >>> crossing_time(1e25, 1e26, 2.0), crossing_time(1e25, 1e20, 1.0)
    (0.0, inf)
    """
    T = check_positive("threshold", threshold)
    C0 = check_positive("compute0", compute0)
    g = check_positive("growth", growth)
    return _scalar(_log_crossing_time(np.log(T), np.log(C0), np.log(g)))


def _log_crossing_time(log_threshold: ArrayLike, log_c0: ArrayLike, log_growth: ArrayLike) -> np.ndarray:
    """:func:`crossing_time` in logs: ``(log_threshold - log_c0) / log_growth``, 0 if already
    there, ``inf`` if never (``log_growth <= 0``). Inputs must be finite (checked by callers)."""
    distance, rate = np.broadcast_arrays(np.asarray(log_threshold, dtype=float) - log_c0,
                                         np.asarray(log_growth, dtype=float))
    out = np.full(distance.shape, np.inf)
    reached = distance <= 0
    ok = ~reached & (rate > 0)
    out[reached] = 0.0
    out[ok] = distance[ok] / rate[ok]
    return out


def _start_and_growth(params: PaperParams, actor: str, raw: bool) -> tuple[float, float]:
    """An actor's training compute at t = 0 and its yearly growth factor: effective compute, or
    raw FLOP (``raw=True``: without algorithmic progress, what the rules count)."""
    if actor == "meek":
        return params.compute_meek0, params.meek_g_hardware if raw else params.g_meek
    if actor == "sota":
        return params.compute_sota0, (params.g_hardware * params.g_investment if raw
                                      else params.g_sota)
    raise ValueError(f"actor must be 'meek' or 'sota'; got {actor!r}")


def effective_crossing_time(
    threshold: ArrayLike, params: PaperParams | None = None, actor: str = "meek"
) -> np.ndarray | float:
    """Years until an actor's *effective* training compute reaches ``threshold`` FLOP.

    The meek actor's effective compute is ``C0 (g_alg g_h)^t`` (its own rates if it does not
    share progress), the frontier's ``C0_sota (g_alg g_h g_i)^t``.

    Examples
    --------
    >>> round(effective_crossing_time(1e25), 2), round(effective_crossing_time(1e25, actor="sota"), 2)
    (8.43, 4.36)
    """
    params = PaperParams() if params is None else params
    return crossing_time(threshold, *_start_and_growth(params, actor, raw=False))


def raw_crossing_time(
    threshold: ArrayLike, params: PaperParams | None = None, actor: str = "meek"
) -> np.ndarray | float:
    """Years until an actor's *raw* training FLOP (what the rules count) reaches ``threshold``.

    Raw FLOP grows with hardware only on a fixed budget, ``C0 g_h^t``, and with hardware and
    spending at the frontier, ``C0_sota (g_h g_i)^t``: algorithmic progress does not count.

    Examples
    --------
    >>> round(raw_crossing_time(1e25), 1), round(raw_crossing_time(1e25, actor="sota"), 2)
    (34.2, 7.15)
    """
    params = PaperParams() if params is None else params
    return crossing_time(threshold, *_start_and_growth(params, actor, raw=True))


@finite_output("t")
def raw_compute(t: ArrayLike, params: PaperParams | None = None, actor: str = "meek") -> np.ndarray | float:
    """An actor's *raw* training FLOP at time ``t`` (what the rules count).

    ``C0 g_h^t`` for the meek actor on its fixed budget (its own hardware rate if it does not
    share progress), ``C0_sota (g_h g_i)^t`` for the frontier: the effective compute of
    :func:`meekbook.model.gap.effective_compute` without the algorithmic factor ``g_alg^t``. Computed
    in log space.

    Parameters
    ----------
    t : array_like
        Years from the start of the scenario (finite).
    params : PaperParams, optional
        Budgets and rates (default: the paper's).
    actor : {"meek", "sota"}
        Which actor.

    Returns
    -------
    ndarray or float
        Raw FLOP (a float for scalar ``t``).

    Examples
    --------
    >>> f"{raw_compute(5.0):.4g}", f"{raw_compute(1.0, actor='sota'):.4g}"
    ('5.378e+20', '5e+20')
    """
    params = PaperParams() if params is None else params
    t_arr = check_finite("t", t)
    compute0, growth = _start_and_growth(params, actor, raw=True)
    return _scalar(np.exp(np.log(compute0) + t_arr * np.log(growth)))


@finite_output("t")
def raw_flop_for_capability(
    threshold: ArrayLike, t: ArrayLike, params: PaperParams | None = None
) -> np.ndarray | float:
    """Raw FLOP that buys, at time ``t``, the effective compute ``threshold`` FLOP bought at t = 0.

    ``threshold / g_alg^t``: a rule that meant to cover "models as capable as a 1e25-FLOP model of
    year 0" would have to lower its raw-FLOP threshold by ``g_alg`` every year.

    Examples
    --------
    >>> f"{raw_flop_for_capability(1e25, 5.0):.3g}"
    '5.81e+22'
    """
    params = PaperParams() if params is None else params
    T = check_positive("threshold", threshold)
    t_arr = check_finite("t", t)
    return _scalar(np.exp(np.log(T) - t_arr * np.log(params.g_algorithm)))



@finite_output("t")
def raw_flop_cost(
    threshold: ArrayLike, t: ArrayLike, params: PaperParams | None = None
) -> np.ndarray | float:
    """Dollars that buy ``threshold`` raw FLOP at time ``t``: ``threshold / (F0 g_h^t)``.

    ``F0`` is the FLOP per dollar at t = 0 (``params.flop_per_dollar``) and ``g_h`` the hardware
    price-performance growth (``params.g_hardware``), so the cost of a fixed raw-FLOP threshold
    falls by ``g_h`` a year: ever more actors can afford to reach it.

    Parameters
    ----------
    threshold : array_like
        Raw training FLOP (> 0).
    t : array_like
        Years from the start of the scenario (finite).
    params : PaperParams, optional
        Rates and FLOP per dollar (default: the paper's).

    Examples
    --------
    >>> f"{raw_flop_cost(1e25, 0.0):.3g}", f"{raw_flop_cost(1e25, 1.0):.4g}"
    ('1e+08', '7.143e+07')
    """
    params = PaperParams() if params is None else params
    T = check_positive("threshold", threshold)
    t_arr = check_finite("t", t)
    return _scalar(np.exp(np.log(T) - np.log(params.flop_per_dollar) - t_arr * np.log(params.g_hardware)))


def _scalar_params(params: PaperParams | None, where: str) -> PaperParams:
    params = PaperParams() if params is None else params
    if any(np.ndim(v) for v in (params.g_sota, params.g_meek, params.compute_meek0, params.compute_sota0,
                                 params.meek_g_hardware)):
        raise ValueError(f"params must hold scalar values for {where}; got arrays")
    return params


@dataclass(frozen=True)
class EffectiveLag:
    """How far the meek actor trails the frontier in *effective* compute at one threshold.

    Attributes
    ----------
    threshold : float
        Effective FLOP (in the units of the paper's model: FLOP at the algorithms of t = 0).
    frontier, meek : float
        Years until each actor's effective compute reaches ``threshold`` (``inf`` if never).
    lag : float
        ``meek - frontier``: years by which the meek actor trails the frontier to that effective
        compute. Not the governance window (see :class:`GovernanceWindow`): rules count raw FLOP.
    frontier_year, meek_year : float
        The crossings as calendar years (``start_year + t``).
    start_year : float
        Calendar year at t = 0.
    """

    threshold: float
    frontier: float
    meek: float
    lag: float
    frontier_year: float
    meek_year: float
    start_year: float


def effective_lag(
    threshold: float, params: PaperParams | None = None, start_year: float = PAPER_START_YEAR
) -> EffectiveLag:
    """The lag between the frontier's and the meek actor's *effective* crossing of one threshold.

    With equal starting compute ``C0`` and shared progress ``s = g_alg g_h``::

        lag = ln(T / C0) * (1 / ln s - 1 / ln(s g_i))

    which shrinks as shared progress ``s`` grows. Scalar parameters only.

    Examples
    --------
    >>> w = effective_lag(1e25)
    >>> round(w.frontier, 2), round(w.meek, 2), round(w.lag, 2), round(w.meek_year, 1)
    (4.36, 8.43, 4.07, 2031.4)
    """
    params = _scalar_params(params, "effective_lag")
    T = float(check_positive("threshold", threshold))
    start = float(check_finite("start_year", start_year))
    frontier = float(effective_crossing_time(T, params, "sota"))
    meek = float(effective_crossing_time(T, params, "meek"))
    lag = meek - frontier if np.isfinite(meek) else np.inf
    return EffectiveLag(T, frontier, meek, float(lag), start + frontier, start + meek, start)


@dataclass(frozen=True)
class GovernanceWindow:
    """The governance window of one raw-FLOP threshold, in model time and calendar years.

    Attributes
    ----------
    threshold : float
        Raw training FLOP (what the rules count).
    rule_reaches_frontier : float
        Years until the frontier's raw FLOP reaches ``threshold`` (``inf`` if never).
    frontier_effective : float
        The frontier's effective compute then (FLOP at the algorithms of t = 0): the capability
        the rule marked when it first bound the frontier (``inf`` if it never does).
    meek_has_capability : float
        Years until the meek actor's effective compute reaches ``frontier_effective``
        (``inf`` if never).
    window : float
        ``meek_has_capability - rule_reaches_frontier`` (``inf`` if the meek actor never gets
        there, or if the rule never reaches the frontier: then there is no window at all).
    meek_raw : float
        Years until the meek actor's own raw FLOP reaches ``threshold`` (``inf`` if never).
    rule_year, capability_year : float
        ``rule_reaches_frontier`` and ``meek_has_capability`` as calendar years.
    start_year : float
        Calendar year at t = 0.
    """

    threshold: float
    rule_reaches_frontier: float
    frontier_effective: float
    meek_has_capability: float
    window: float
    meek_raw: float
    rule_year: float
    capability_year: float
    start_year: float


def governance_window(
    threshold: float, params: PaperParams | None = None, start_year: float = PAPER_START_YEAR
) -> GovernanceWindow:
    """From the rule reaching the frontier (raw FLOP) to the meek actor having that capability.

    The rule first binds the frontier at ``t_r = ln(T / C0_sota) / ln(g_h g_i)``; the frontier's
    effective compute is then ``C0_sota (g_alg g_h g_i)^t_r``, which the meek actor's effective
    compute ``C0_meek g_m^t`` reaches at ``t_c``; the window is ``t_c - t_r``. With equal
    budgets and shared progress, ``t_c = t_r ln(g_alg g_h g_i) / ln(g_alg g_h)``. Computed in
    logs. Scalar parameters only.

    Examples
    --------
    >>> w = governance_window(1e25)
    >>> round(w.rule_reaches_frontier, 2), round(w.meek_has_capability, 2), round(w.window, 2)
    (7.15, 13.82, 6.67)
    """
    params = _scalar_params(params, "governance_window")
    T = float(check_positive("threshold", threshold))
    start = float(check_finite("start_year", start_year))
    log_c0_sota, log_c0_meek = np.log(params.compute_sota0), np.log(params.compute_meek0)
    t_rule = float(_log_crossing_time(np.log(T), log_c0_sota, np.log(params.g_hardware * params.g_investment)))
    meek_raw = float(raw_crossing_time(T, params, "meek"))
    if not np.isfinite(t_rule):
        return GovernanceWindow(T, np.inf, np.inf, np.inf, np.inf, meek_raw, np.inf, np.inf, start)
    log_marked = log_c0_sota + t_rule * np.log(params.g_sota)
    t_cap = float(_log_crossing_time(log_marked, log_c0_meek, np.log(params.g_meek)))
    window = t_cap - t_rule if np.isfinite(t_cap) else np.inf
    return GovernanceWindow(T, t_rule, float(np.exp(log_marked)), t_cap, float(window), meek_raw,
                            start + t_rule, start + t_cap, start)
