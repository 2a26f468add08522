"""Figures of the chapter :ref:`governance`: compute thresholds against each actor's raw and
effective compute, and the governance window against the rate of algorithmic progress."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..model.gap import effective_compute
from ..model.governance import (
    CA_SB_53, EU_AI_ACT, PAPER_START_YEAR, ComputeThreshold, calendar_year, effective_crossing_time,
    effective_lag, governance_window, raw_compute, raw_crossing_time,
)
from ..model.params import PaperParams
from ..validation import check_positive
from .style import PALETTE, SERIES, figure_style

__all__ = ["plot_threshold_crossings", "plot_window_vs_shared_growth"]


def plot_threshold_crossings(
    params: PaperParams | None = None,
    thresholds: tuple[ComputeThreshold, ...] = (EU_AI_ACT, CA_SB_53),
    t_max: float = 15.0,
    start_year: float = PAPER_START_YEAR,
) -> "object":
    """Effective and raw training compute of both actors against the thresholds, by calendar year.

    Filled dots mark where the effective compute of each actor crosses each threshold, open dots
    where its raw FLOP does (the year a rule counting raw FLOP applies to it); the compute axis
    stops at 1e30 FLOP. Returns the matplotlib Figure. Chapter :ref:`governance`.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator


    params = PaperParams() if params is None else params
    t_max = float(check_positive("t_max", t_max))
    t = np.linspace(0.0, t_max, 401)
    years = np.asarray(calendar_year(t, start_year))
    with figure_style():
        fig, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
        ax.plot(years, effective_compute(t, params, "sota"), color=PALETTE["sota"],
                label="frontier, effective compute")
        ax.plot(years, effective_compute(t, params, "meek"), color=PALETTE["meek"],
                label="meek actor, effective compute")
        ax.plot(years, raw_compute(t, params, "sota"), color=PALETTE["sota"], ls=":",
                label="frontier, raw FLOP")
        ax.plot(years, raw_compute(t, params, "meek"), color=PALETTE["meek"], ls=":",
                label="meek actor, raw FLOP")
        for threshold, ls in zip(thresholds, ("--", "-.", ":")):
            ax.axhline(threshold.flop, color=PALETTE["reference"], lw=1.2, ls=ls)
            ax.text(years[0] + 0.2, threshold.flop * 1.6, threshold.name, fontsize=8.5,
                    color=PALETTE["reference"])
            for actor, colour in (("sota", PALETTE["sota"]), ("meek", PALETTE["meek"])):
                crossing = float(effective_crossing_time(threshold.flop, params, actor))
                if crossing <= t_max:
                    ax.plot(start_year + crossing, threshold.flop, "o", color=colour, ms=5)
                raw = float(raw_crossing_time(threshold.flop, params, actor))
                if raw <= t_max:
                    ax.plot(start_year + raw, threshold.flop, "o", color=colour, ms=6,
                            markerfacecolor="white", markeredgewidth=1.5)
        ax.set_yscale("log")
        ax.set_ylim(params.compute_meek0 / 10, 1e30)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set(xlabel=f"calendar year (t = 0 at {start_year:g})", ylabel="training compute (FLOP)")
        ax.legend(loc="upper left", fontsize=8.5)
    return fig


def plot_window_vs_shared_growth(
    params: PaperParams | None = None,
    thresholds: tuple[ComputeThreshold, ...] = (EU_AI_ACT, CA_SB_53),
    g_algorithm: ArrayLike | None = None,
) -> "object":
    """The governance window (solid) and the effective lag (dashed) against ``g_alg``.

    Each threshold's :func:`~meekbook.model.governance.governance_window` and
    :func:`~meekbook.model.governance.effective_lag` for ``params`` with ``g_algorithm``
    replaced (default 1.5 to 8 a year; the other rates and budgets kept). The paper's
    ``g_alg = 2.8`` is marked. Returns the matplotlib Figure. Chapter :ref:`governance`.
    """
    import matplotlib.pyplot as plt


    params = PaperParams() if params is None else params
    g = np.linspace(1.5, 8.0, 131) if g_algorithm is None else check_positive("g_algorithm", g_algorithm)
    g = np.atleast_1d(g)
    if g.size > 10_000:
        raise ValueError(f"g_algorithm must hold at most 10000 values; got {g.size}")
    with figure_style():
        fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
        for threshold, colour in zip(thresholds, SERIES):
            variants = [params.replace(g_algorithm=float(x)) for x in g]
            window = [governance_window(threshold.flop, p).window for p in variants]
            lag = [effective_lag(threshold.flop, p).lag for p in variants]
            short = threshold.name.partition(" (")[0]
            ax.plot(g, window, color=colour, ls="-", label=f"window, {threshold.flop:.0e} FLOP ({short})")
            ax.plot(g, lag, color=colour, ls="--", label=f"effective lag, {threshold.flop:.0e} FLOP")
        ax.axvline(float(params.g_algorithm), color=PALETTE["reference"], lw=1, ls=":")
        ax.text(float(params.g_algorithm) * 1.03, ax.get_ylim()[1] * 0.92,
                f"paper: g_alg = {float(params.g_algorithm):g}", fontsize=8.5, color=PALETTE["reference"])
        ax.set(xlabel="algorithmic progress g_alg (per year)", ylabel="years", ylim=(0, None))
        ax.legend(fontsize=8)
    return fig
