"""The gap equation: effective compute of both actors, their losses, and the loss gap.

Derived in the chapter :ref:`gap-equation` (``notebooks/gap_equation.md``).

Each actor's effective training compute is its dollar budget times FLOP per dollar times the
algorithmic efficiency multiplier::

    C_meek(t) = B_meek(t) F g_h^t g_alg^t          (B_meek constant by default)
    C_sota(t) = B_sota(t) F g_h^t g_alg^t          (B_sota = B0 g_i^t by default)
    ΔL(t)     = L(C_meek(t)) - L(C_sota(t))

Everything is computed from log-compute, so schedules that run for centuries neither overflow
nor warn.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from .params import PaperParams, resolve_params
from .schedules import Constant, Exponential, InvestmentSchedule, as_schedule
from ..validation import check_finite, finite_output

__all__ = [
    "default_schedule",
    "log_effective_compute",
    "effective_compute",
    "loss_trajectory",
    "loss_gap",
]

Actor = Literal["meek", "sota"]
_LOG_FLOAT_MAX = 709.0


def _check_actor(actor: str) -> None:
    if not isinstance(actor, str) or actor not in ("meek", "sota"):
        raise ValueError(f"actor must be 'meek' or 'sota'; got {actor!r}")


def default_schedule(params: PaperParams, actor: Actor) -> InvestmentSchedule:
    """The paper's schedule: constant for the meek actor, ``g_investment**t`` for the frontier.

    Examples
    --------
    >>> round(default_schedule(PaperParams(), "sota").dollars(1), 1)
    3571.4
    """
    _check_actor(actor)
    if actor == "meek":
        return Constant(params.budget_meek)
    return Exponential(params.budget_sota, params.g_investment)


def _log_progress(t: np.ndarray, params: PaperParams, actor: Actor) -> np.ndarray:
    """``t * ln(g_h g_alg)`` for the actor (the meek actor may have its own rates)."""
    growth = params.g_meek if actor == "meek" else params.g_shared
    return t * np.log(growth)


@finite_output("t")
def log_effective_compute(
    t: ArrayLike,
    params: PaperParams | None = None,
    actor: Actor = "sota",
    schedule: object | None = None,
) -> np.ndarray | float:
    """Natural log of an actor's effective training compute (FLOP) at times ``t``.

    Parameters
    ----------
    t : array_like
        Years from the start (finite; may be negative to look back).
    params : PaperParams, optional
        Model parameters; default the paper's.
    actor : {"meek", "sota"}
        Which actor.
    schedule : InvestmentSchedule, callable or array, optional
        Dollars over time; default :func:`default_schedule`. Arrays must align with ``t``.

    Returns
    -------
    float or ndarray
        ``ln C(t)``.

    Examples
    --------
    >>> round(float(log_effective_compute(0.0) / np.log(10)), 6)
    20.0
    """
    params = resolve_params(params)
    _check_actor(actor)
    t_arr = check_finite("t", t)
    sched = default_schedule(params, actor) if schedule is None else as_schedule(schedule, t_arr, f"{actor} schedule")
    log_c = sched.log_dollars(t_arr) + np.log(params.flop_per_dollar) + _log_progress(t_arr, params, actor)
    return log_c if np.ndim(log_c) else float(log_c)


def effective_compute(
    t: ArrayLike,
    params: PaperParams | None = None,
    actor: Actor = "sota",
    schedule: object | None = None,
) -> np.ndarray | float:
    """An actor's effective training compute (FLOP) at times ``t``.

    Raises ``ValueError`` if the compute would exceed the float range (use
    :func:`log_effective_compute` there).

    Examples
    --------
    >>> f"{effective_compute(1.0):.4g}"
    '1.4e+21'
    >>> f"{effective_compute(1.0, actor='meek'):.4g}"
    '3.92e+20'
    """
    log_c = np.asarray(log_effective_compute(t, params, actor, schedule))
    if np.any(log_c > _LOG_FLOAT_MAX):
        raise ValueError(
            "effective compute exceeds the float range (> 1e308 FLOP) for some t; "
            "use log_effective_compute instead"
        )
    out = np.exp(log_c)
    return out if out.ndim else float(out)


@finite_output("t")
def loss_trajectory(
    t: ArrayLike,
    params: PaperParams | None = None,
    actor: Actor = "sota",
    schedule: object | None = None,
) -> np.ndarray | float:
    """Loss over time, ``L(C_actor(t))``, under the compute law ``params.law``.

    Examples
    --------
    >>> round(loss_trajectory(0.0), 4)
    2.59
    """
    params = resolve_params(params)
    return params.law.loss_from_log_compute(log_effective_compute(t, params, actor, schedule))


@finite_output("t")
def loss_gap(
    t: ArrayLike,
    params: PaperParams | None = None,
    sota_schedule: object | None = None,
    meek_schedule: object | None = None,
) -> np.ndarray | float:
    """The loss gap ``ΔL(t) = L(C_meek(t)) - L(C_sota(t))`` in nats per token.

    Parameters
    ----------
    t : array_like
        Years (finite). Broadcasts against array-valued fields of ``params``.
    params : PaperParams, optional
        Model parameters; default the paper's.
    sota_schedule, meek_schedule : InvestmentSchedule, callable or array, optional
        Dollar budgets over time; default exponential growth for the frontier and a constant
        budget for the meek actor.

    Returns
    -------
    float or ndarray
        ΔL(t); positive while the frontier is ahead.

    Notes
    -----
    With the default schedules this is the paper's equation (3),
    ``ΔL(t) = K C0^-γ (g_alg g_h)^(-γ t) [1 - g_i^(-γ t)]``.

    Examples
    --------
    >>> round(loss_gap(3.359), 4)
    0.2118
    >>> np.round(loss_gap([0, 20]), 4).tolist()
    [0.0, 0.013]
    """
    params = resolve_params(params)
    law = params.law
    log_meek = np.asarray(log_effective_compute(t, params, "meek", meek_schedule))
    log_sota = np.asarray(log_effective_compute(t, params, "sota", sota_schedule))
    # K (exp(-γ x_m) - exp(-γ x_s)): the irreducible loss E cancels exactly.
    gap = law.K * (np.exp(-law.gamma * log_meek) - np.exp(-law.gamma * log_sota))
    return gap if gap.ndim else float(gap)
