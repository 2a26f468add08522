"""The live explorers of the model's chapters: scaling law, gap equation, inflection time,
benchmark scores, distinguishability (see :mod:`meekbook.notebook.explorers` for the
conventions: ``NAME_figure`` and ``NAME``). Every slider is a declared control
(:func:`~meekbook.notebook.widgets.control_widget`)."""

from __future__ import annotations

from typing import Any, Callable

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator

from ..model.controls import CONTROLS
from ..model.gap import loss_gap, loss_trajectory
from ..model.inflection import head_start_without_peak, peak_gap, peak_time
from ..model.params import PaperParams
from ..model.scaling import HOFFMANN_2022, ScalingLaw, compute_optimal_loss
from ..model.scores import benchmark_gap, benchmark_peak
from ..model.sigmoid import PAPER_SIGMOID_FIT, SigmoidParams, loss_to_score
from ..model.sprt import token_threshold, token_threshold_over_time, wald_boundaries
from ..plots.style import PALETTE, figure_style
from .widgets import GAP_LABEL, YEARS, control_widget, explorer, nice_ceiling, year_grid

__all__ = [
    "scaling_law", "scaling_law_figure",
    "gap_equation", "gap_equation_figure",
    "inflection_time", "inflection_time_figure",
    "benchmark_scores", "benchmark_scores_figure",
    "distinguishability", "distinguishability_figure",
]

Update = Callable[..., None]


# -------------------------------------------------------------------------------------------
# 1. Scaling law
# -------------------------------------------------------------------------------------------
def scaling_law_figure(law: ScalingLaw = HOFFMANN_2022) -> tuple[Figure, Update]:
    """Compute-optimal loss of a Chinchilla-form law against the Chinchilla fit.

    ``update(a, b, A, B, E)`` redraws the law ``L(N, D) = E + A/N^a + B/D^b``'s compute-optimal
    loss (gid ``"loss"``) and its floor and states γ, K and the allocation exponents.
    Chapter :ref:`scaling-law`.
    """
    compute = np.logspace(18, 30, 241)
    with figure_style():
        fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
        ax.semilogx(compute, compute_optimal_loss(compute, HOFFMANN_2022),
                    color=PALETTE["reference"], lw=1.5, label="Chinchilla fit")
        (line,) = ax.semilogx(compute, compute_optimal_loss(compute, law),
                              color=PALETTE["blue"], label="your law", gid="loss")
        floor = ax.axhline(law.E, color=PALETTE["blue"], lw=1, ls=":", gid="floor")
        text = ax.text(0.98, 0.95, "", transform=ax.transAxes, ha="right", va="top", gid="note")
        ax.set(xlabel="training compute C (FLOP)", ylabel="loss L*(C) (nats/token)",
               ylim=(1.0, 4.5))
        ax.legend(loc="lower left")
        ax.locator_params(axis="y", nbins=4)      # few tick labels: cheaper redraws

    def update(a: float, b: float, A: float, B: float, E: float) -> None:
        new = ScalingLaw(E=E, A=A, B=B, a=a, b=b)
        line.set_ydata(compute_optimal_loss(compute, new))
        floor.set_ydata([E, E])
        text.set_text(f"γ = {new.gamma:.4f}, K = {new.K:.4g}\n"
                      f"N_opt ∝ C^{b / (a + b):.3f}, D_opt ∝ C^{a / (a + b):.3f}")

    update(law.a, law.b, law.A, law.B, law.E)
    return fig, update


def scaling_law(law: ScalingLaw = HOFFMANN_2022) -> Any:
    """Explorer of chapter :ref:`scaling-law`: sliders for the five constants a, b, A, B, E."""
    return explorer(*scaling_law_figure(law),
                    a=control_widget("a", law.a),
                    b=control_widget("b", law.b),
                    A=control_widget("A", law.A),
                    B=control_widget("B", law.B),
                    E=control_widget("irreducible_loss", law.E))


# -------------------------------------------------------------------------------------------
# 2. The gap equation
# -------------------------------------------------------------------------------------------
def gap_equation_figure(params: PaperParams | None = None) -> tuple[Figure, Update]:
    """Both loss trajectories (left) and the loss gap with its peak (right).

    ``update(g_h, g_alg, g_i, gamma, budget_meek, budget_sota)``; gids ``"loss_meek"``,
    ``"loss_sota"``, ``"gap"``, ``"peak"``. Chapter :ref:`gap-equation`.
    """
    p = PaperParams() if params is None else params
    t = year_grid()
    with figure_style():
        fig, (ax_loss, ax_gap) = plt.subplots(1, 2, figsize=(8.6, 3.6), layout="constrained")
        fig.get_layout_engine().set(wspace=0.06)  # room for wider tick labels later
        (meek,) = ax_loss.plot(t, t * 0, color=PALETTE["meek"], label="meek", gid="loss_meek")
        (sota,) = ax_loss.plot(t, t * 0, color=PALETTE["sota"], ls="--", label="frontier",
                               gid="loss_sota")
        ax_loss.axhline(p.law.E, color=PALETTE["reference"], lw=1, ls=":")
        ax_loss.set(xlabel=YEARS, ylabel="loss (nats/token)")
        ax_loss.legend(loc="upper right")
        (gap_line,) = ax_gap.plot(t, t * 0, color=PALETTE["gap"], gid="gap")
        (peak,) = ax_gap.plot([0], [0], "o", color=PALETTE["vermillion"], gid="peak")
        text = ax_gap.text(0.97, 0.95, "", transform=ax_gap.transAxes, ha="right", va="top",
                           gid="note")
        ax_gap.set(xlabel=YEARS, ylabel=GAP_LABEL)
        for ax in (ax_loss, ax_gap):
            ax.locator_params(nbins=4)            # few tick labels: cheaper redraws

    def update(g_h: float, g_alg: float, g_i: float, gamma: float, budget_meek: float,
               budget_sota: float) -> None:
        q = p.replace(g_hardware=g_h, g_algorithm=g_alg, g_investment=g_i, gamma=gamma,
                      budget_meek=budget_meek, budget_sota=budget_sota)
        loss_meek = loss_trajectory(t, q, "meek")
        meek.set_ydata(loss_meek)
        sota.set_ydata(loss_trajectory(t, q, "sota"))
        ax_loss.set_ylim(q.law.E - 0.1, q.law.E + nice_ceiling(max(loss_meek[0] - q.law.E, 0.2) + 0.1))
        gap_values = loss_gap(t, q)
        gap_line.set_ydata(gap_values)
        t_peak, gap_peak = peak_time(q), peak_gap(q)
        peak.set_data([t_peak], [gap_peak])
        text.set_text(f"t* = {t_peak:.2f} yr, peak ΔL = {gap_peak:.3f}\n"
                      f"ΔL(20) = {gap_values[-1]:.4f}")
        low = gap_values.min()
        ax_gap.set_ylim(-nice_ceiling(-low) if low < 0 else 0,
                        nice_ceiling(1.25 * max(gap_values.max(), 1e-3)))

    update(p.g_hardware, p.g_algorithm, p.g_investment, p.gamma, p.budget_meek, p.budget_sota)
    return fig, update


def gap_equation(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`gap-equation`: three growth rates, γ and both budgets."""
    p = PaperParams() if params is None else params
    return explorer(*gap_equation_figure(p),
                    g_h=control_widget("g_hardware", p.g_hardware),
                    g_alg=control_widget("g_algorithm", p.g_algorithm),
                    g_i=control_widget("g_investment", p.g_investment),
                    gamma=control_widget("gamma", p.gamma),
                    budget_meek=control_widget("budget_meek", p.budget_meek),
                    budget_sota=control_widget("budget_sota", p.budget_sota))


# -------------------------------------------------------------------------------------------
# 3. Inflection time
# -------------------------------------------------------------------------------------------
def inflection_time_figure(params: PaperParams | None = None) -> tuple[Figure, Update]:
    """The loss gap with t* marked, and the head start beyond which the gap never rises.

    ``update(gamma, g_i, g_shared, head_start, g_h_meek)``; ``g_shared`` is
    ``g_alg * g_h`` (g_h kept, g_alg adjusted), ``head_start`` the frontier's starting budget
    over the meek one. Gids ``"gap"``, ``"peak"``. Chapter :ref:`inflection-time`.
    """
    p = PaperParams() if params is None else params
    t = year_grid()
    with figure_style():
        fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
        (curve,) = ax.plot(t, t * 0, color=PALETTE["gap"], gid="gap")
        (dot,) = ax.plot([0], [0], "o", color=PALETTE["vermillion"], gid="peak")
        vline = ax.axvline(0, color=PALETTE["blue"], ls=":", gid="peak_time")
        text = ax.text(0.97, 0.95, "", transform=ax.transAxes, ha="right", va="top", gid="note")
        ax.set(xlabel=YEARS, ylabel=GAP_LABEL)
        ax.locator_params(nbins=4)                # few tick labels: cheaper redraws

    def update(gamma: float, g_i: float, g_shared: float, head_start: float,
               g_h_meek: float) -> None:
        q = p.replace(gamma=gamma, g_investment=g_i, g_algorithm=g_shared / p.g_hardware,
                      budget_sota=head_start * p.budget_meek, g_hardware_meek=g_h_meek)
        gap_values = loss_gap(t, q)
        curve.set_ydata(gap_values)
        try:
            t_peak, gap_peak = peak_time(q), peak_gap(q)
            no_rise = head_start_without_peak(q)
        except ValueError:        # the meek actor's compute does not grow: no peak
            t_peak, gap_peak = np.nan, np.nan
            message = f"g_m = {q.g_meek:.2f}: no peak, the gap never closes"
        else:
            message = (f"t* = {t_peak:.2f} years, ΔL(t*) = {gap_peak:.3f}\n"
                       f"no rise from a head start ≥ {no_rise:,.0f}×")
        dot.set_data([t_peak], [gap_peak])
        vline.set_xdata([t_peak, t_peak])
        text.set_text(message)
        ax.set_ylim(0, nice_ceiling(1.25 * np.nanmax([gap_values.max(), gap_peak, 1e-3])))

    update(p.gamma, p.g_investment, p.g_shared, p.budget_sota / p.budget_meek, p.meek_g_hardware)
    return fig, update


def inflection_time(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`inflection-time`: γ, g_i, shared progress, head start, meek g_h."""
    p = PaperParams() if params is None else params
    return explorer(*inflection_time_figure(p),
                    gamma=control_widget("gamma", p.gamma),
                    g_i=control_widget("g_investment", p.g_investment),
                    g_shared=control_widget("g_shared", p.g_shared),
                    head_start=control_widget("head_start", p.budget_sota / p.budget_meek),
                    g_h_meek=control_widget("g_hardware_meek", p.meek_g_hardware))


# -------------------------------------------------------------------------------------------
# 4. Benchmark scores
# -------------------------------------------------------------------------------------------
def benchmark_scores_figure(params: PaperParams | None = None) -> tuple[Figure, Update]:
    """Score against loss for a sigmoid and p steps (left), the benchmark gap over time (right).

    ``update(S, x0, k, s0, p)``; gids ``"score"`` (percent), ``"gap"``, ``"peak"``.
    Chapter :ref:`benchmark-scores`.
    """
    base = PaperParams() if params is None else params
    loss_grid = np.linspace(1.7, 2.6, 300)
    years = year_grid()
    with figure_style():
        fig, (ax_s, ax_g) = plt.subplots(1, 2, figsize=(8.6, 3.6), layout="constrained")
        ax_s.plot(loss_grid, 100 * loss_to_score(loss_grid, PAPER_SIGMOID_FIT),
                  color=PALETTE["reference"], lw=1, ls="--", label="paper's fit, p = 1")
        (score_line,) = ax_s.plot(loss_grid, loss_grid * 0, color=PALETTE["blue"],
                                  label="sliders", gid="score")
        ax_s.set(xlabel="loss (nats/token)", ylabel="score (%)", ylim=(0, 100))
        ax_s.legend(loc="upper right")
        (gap_line,) = ax_g.plot(years, years * 0, color=PALETTE["black"], gid="gap")
        (peak_dot,) = ax_g.plot([0], [0], "o", color=PALETTE["vermillion"], gid="peak")
        label = ax_g.text(0.97, 0.95, "", transform=ax_g.transAxes, ha="right", va="top",
                          gid="note")
        ax_g.set(xlabel=YEARS, ylabel="benchmark gap (points)", xlim=(0, 20), ylim=(0, 70))
        for ax in (ax_s, ax_g):
            ax.locator_params(nbins=4)            # few tick labels: cheaper redraws

    def update(S: float, x0: float, k: float, s0: float, p: int) -> None:
        sigmoid = SigmoidParams(S=S, x0=x0, k=k, s0=s0)
        q = base.replace(sigmoid=sigmoid)
        score_line.set_ydata(100 * loss_to_score(loss_grid, sigmoid, steps=p))
        gap_line.set_ydata(benchmark_gap(years, q, steps=p))
        peak = benchmark_peak(q, steps=p)
        peak_dot.set_data([peak.time], [peak.gap])
        label.set_text(f"peak {peak.gap:.1f} points at {peak.time:.2f} yr")

    sig = base.sigmoid
    update(sig.S, sig.x0, sig.k, sig.s0, CONTROLS["steps"].default)
    return fig, update


def benchmark_scores(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`benchmark-scores`: the sigmoid's S, x0, k, s0 and steps p."""
    base = PaperParams() if params is None else params
    sig = base.sigmoid
    return explorer(*benchmark_scores_figure(base),
                    S=control_widget("S", sig.S),
                    x0=control_widget("x0", sig.x0),
                    k=control_widget("k", sig.k),
                    s0=control_widget("s0", sig.s0),
                    p=control_widget("steps"))


# -------------------------------------------------------------------------------------------
# 5. Distinguishability
# -------------------------------------------------------------------------------------------
def distinguishability_figure(params: PaperParams | None = None) -> tuple[Figure, Update]:
    """SPRT tokens against the loss gap (left) and over time (right), one year's gap marked.

    ``update(alpha, beta, slowdown, year)``; gids ``"tokens_vs_gap"``, ``"tokens_vs_time"``,
    ``"year_on_gap"``, ``"year_on_time"``. Chapter :ref:`distinguishability`.
    """
    base = PaperParams() if params is None else params
    dl_grid = np.logspace(-5, 1, 200)
    t_grid = np.linspace(1.0, 20.0, 200)
    with figure_style():
        fig, (ax_gap, ax_time) = plt.subplots(1, 2, figsize=(8.6, 3.6), layout="constrained")
        (gap_line,) = ax_gap.loglog(dl_grid, dl_grid, color=PALETTE["blue"], gid="tokens_vs_gap")
        (gap_dot,) = ax_gap.loglog([1.0], [1.0], "o", color=PALETTE["sota"], gid="year_on_gap")
        (time_line,) = ax_time.semilogy(t_grid, t_grid, color=PALETTE["blue"],
                                        gid="tokens_vs_time")
        (time_dot,) = ax_time.semilogy([1.0], [1.0], "o", color=PALETTE["sota"],
                                       gid="year_on_time")
        for ax in (ax_gap, ax_time):
            ax.axhline(100, color=PALETTE["reference"], lw=1, ls=":")
            ax.axhline(1000, color=PALETTE["reference"], lw=1, ls=":")
            ax.set_ylabel("expected tokens to distinguish")
        ax_gap.set(xlabel=GAP_LABEL, ylim=(1e-1, 1e8))
        ax_time.set(xlabel=YEARS, xlim=(1, 20), ylim=(1, 1e6))
        label = ax_time.text(0.03, 0.97, "", transform=ax_time.transAxes, va="top", gid="note")
        ax_time.locator_params(axis="x", nbins=4)  # few tick labels: cheaper redraws
        for axis in (ax_gap.xaxis, ax_gap.yaxis, ax_time.yaxis):
            axis.set_major_locator(LogLocator(numticks=5))

    def update(alpha: float, beta: float, slowdown: float, year: float) -> None:
        q = base.replace(alpha=alpha, beta=beta)
        gap_line.set_ydata(token_threshold(dl_grid, alpha, beta, slowdown))
        time_line.set_ydata(token_threshold_over_time(t_grid, q, slowdown))
        dl_year = loss_gap(year, q)
        n_year = token_threshold(dl_year, alpha, beta, slowdown)
        gap_dot.set_data([dl_year], [n_year])
        time_dot.set_data([year], [n_year])
        a, b = wald_boundaries(alpha, beta)
        label.set_text(f"year {year:.1f}: ΔL = {dl_year:.4f}, n = {n_year:,.0f} tokens\n"
                       f"boundaries a = {a:.2f}, b = {b:.2f} nats")

    update(base.alpha, base.beta, CONTROLS["slowdown"].default, CONTROLS["year"].default)
    return fig, update


def distinguishability(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`distinguishability`: α, β, the observer's slowdown, the year."""
    base = PaperParams() if params is None else params
    return explorer(*distinguishability_figure(base),
                    alpha=control_widget("alpha", base.alpha),
                    beta=control_widget("beta", base.beta),
                    slowdown=control_widget("slowdown"),
                    year=control_widget("year"))
