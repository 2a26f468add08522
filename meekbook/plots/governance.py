"""Figures of the chapter :ref:`governance`: compute thresholds against each actor's compute,
and the window in which only the frontier is above a threshold."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..model.gap import effective_compute
from ..model.governance import (
    EU_AI_ACT, PAPER_START_YEAR, US_EO_14110, ComputeThreshold, calendar_year, crossing_time,
    effective_crossing_time, raw_compute,
)
from ..model.params import PaperParams
from ..validation import check_positive
from .style import PALETTE, SERIES, figure_style

__all__ = ["plot_threshold_crossings", "plot_window_vs_shared_growth"]


def plot_threshold_crossings(
    params: PaperParams | None = None,
    thresholds: tuple[ComputeThreshold, ...] = (EU_AI_ACT, US_EO_14110),
    t_max: float = 15.0,
    start_year: float = PAPER_START_YEAR,
) -> "object":
    """Effective and raw training compute of both actors against the thresholds, by calendar year.

    Dots mark where the effective compute of each actor crosses each threshold; the compute axis
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
        ax.set_yscale("log")
        ax.set_ylim(params.compute_meek0 / 10, 1e30)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set(xlabel=f"calendar year (t = 0 at {start_year:g})", ylabel="training compute (FLOP)")
        ax.legend(loc="upper left", fontsize=8.5)
    return fig


def plot_window_vs_shared_growth(
    params: PaperParams | None = None,
    thresholds: tuple[ComputeThreshold, ...] = (EU_AI_ACT, US_EO_14110),
    shared: ArrayLike | None = None,
) -> "object":
    """Years between the frontier's and the meek actor's crossing, against ``g_alg g_h``.

    The paper's ``g_alg g_h = 3.92`` is marked. Returns the matplotlib Figure. Chapter
    :ref:`governance`.
    """
    import matplotlib.pyplot as plt


    params = PaperParams() if params is None else params
    s = np.linspace(1.5, 12.0, 300) if shared is None else check_positive("shared", shared)
    with figure_style():
        fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
        for threshold, colour, ls in zip(thresholds, SERIES, ("-", "--")):
            meek = np.asarray(crossing_time(threshold.flop, params.compute_meek0, s))
            frontier = np.asarray(crossing_time(threshold.flop, params.compute_sota0,
                                                s * params.g_investment))
            ax.plot(s, meek - frontier, color=colour, ls=ls, label=threshold.name)
        ax.axvline(float(params.g_shared), color=PALETTE["reference"], lw=1, ls=":")
        ax.text(float(params.g_shared) * 1.03, ax.get_ylim()[1] * 0.9,
                "paper: g_alg g_h = 3.92", fontsize=8.5, color=PALETTE["reference"])
        ax.set(xlabel="shared progress g_alg g_h (per year)",
               ylabel="window: years only the frontier is above", ylim=(0, None))
        ax.legend(fontsize=8.5)
    return fig
