"""The chapters' live explorers: one builder per chapter, sliders next to a figure.

Each chapter's "Explore" section ends with one call, e.g. ``explorers.gap_equation()``, that
returns an ``ipywidgets`` box (see :func:`meekbook.notebook.widgets.explorer`): controls on the left, a
figure on the right that is drawn once and updated in place when a control moves. For each
chapter ``NAME`` there are two functions:

- ``NAME_figure(...)`` returns ``(fig, update)``: the figure in its default state (the paper's
  setting) and the function that redraws it; ``update`` takes one keyword per control and
  gets every number from the package (no model code here). The chapters show the default
  state with it, and the tests call ``update`` directly.
- ``NAME(...)`` returns the explorer: the controls wired to ``update``.

The artists that ``update`` changes carry a ``gid`` (``line.get_gid()``), so a test can find
them and compare their data with the package at the same settings. Widgets need a running
Python kernel; the static book shows the default figure and, where the book has them,
in-browser charts instead.
"""

from __future__ import annotations

import textwrap
from typing import Any, Callable

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator

from ..model.gap import loss_gap, loss_trajectory
from ..model.inference import inference_catch_up_time, inference_gap
from ..model.inflection import head_start_without_peak, numeric_peak, peak_gap, peak_time
from ..model.params import PaperParams
from ..model.scaling import HOFFMANN_2022, ScalingLaw, compute_optimal_loss
from ..model.schedules import Exponential, SlowdownAfter
from ..model.scores import benchmark_gap, benchmark_peak
from ..model.sigmoid import PAPER_SIGMOID_FIT, SigmoidParams, loss_to_score
from ..model.sprt import token_threshold, token_threshold_over_time, wald_boundaries
from ..plots.style import PALETTE, figure_style
from .widgets import explorer, log_slider, slider

__all__ = [
    "scaling_law", "scaling_law_figure",
    "gap_equation", "gap_equation_figure",
    "inflection_time", "inflection_time_figure",
    "benchmark_scores", "benchmark_scores_figure",
    "distinguishability", "distinguishability_figure",
    "inference", "inference_figure",
    "stagnation_robustness", "stagnation_robustness_figure",
    "empirical_check", "empirical_check_figure",
    "caveats", "caveats_figure",
    "uncertainty", "uncertainty_figure",
    "UNCERTAINTY_INPUTS",
    "find_artist",
]

Update = Callable[..., None]
YEARS = "years from start"
GAP_LABEL = "loss gap ΔL (nats/token)"


def find_artist(fig: Figure, gid: str) -> Any:
    """The artist of ``fig`` whose ``gid`` is ``gid`` (the data an explorer updates).

    Raises
    ------
    KeyError
        If no artist of the figure has that gid.
    """
    for artist in fig.findobj():
        if artist.get_gid() == gid:
            return artist
    raise KeyError(f"no artist with gid {gid!r} in the figure")


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 (times a power of ten) >= ``value``.

    Axis limits rounded up this way change only now and then while a slider moves, so most
    updates redraw just the curves over a saved background (see :class:`~meekbook.notebook.widgets.LiveFigure`).
    """
    if not np.isfinite(value) or value <= 0:
        return 1.0
    scale = 10.0 ** np.floor(np.log10(value))
    for step in (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if step * scale >= value * (1 - 1e-12):
            return float(step * scale)
    return float(10 * scale)


def _years(t_max: float = 20.0, n: int = 401) -> np.ndarray:
    return np.linspace(0.0, t_max, n)


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
                    a=slider(law.a, 0.1, 0.6, 0.01, "a"),
                    b=slider(law.b, 0.1, 0.6, 0.01, "b"),
                    A=log_slider(law.A, 50, 5000, "A", step=0.02),
                    B=log_slider(law.B, 50, 5000, "B", step=0.02),
                    E=slider(law.E, 1.0, 2.5, 0.01, "E"))


# -------------------------------------------------------------------------------------------
# 2. The gap equation
# -------------------------------------------------------------------------------------------
def gap_equation_figure(params: PaperParams | None = None) -> tuple[Figure, Update]:
    """Both loss trajectories (left) and the loss gap with its peak (right).

    ``update(g_h, g_alg, g_i, gamma, budget_meek, budget_sota)``; gids ``"loss_meek"``,
    ``"loss_sota"``, ``"gap"``, ``"peak"``. Chapter :ref:`gap-equation`.
    """
    p = PaperParams() if params is None else params
    t = _years()
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
        ax_loss.set_ylim(q.law.E - 0.1, q.law.E + _nice_ceiling(max(loss_meek[0] - q.law.E, 0.2) + 0.1))
        gap_values = loss_gap(t, q)
        gap_line.set_ydata(gap_values)
        t_peak, gap_peak = peak_time(q), peak_gap(q)
        peak.set_data([t_peak], [gap_peak])
        text.set_text(f"t* = {t_peak:.2f} yr, peak ΔL = {gap_peak:.3f}\n"
                      f"ΔL(20) = {gap_values[-1]:.4f}")
        low = gap_values.min()
        ax_gap.set_ylim(-_nice_ceiling(-low) if low < 0 else 0,
                        _nice_ceiling(1.25 * max(gap_values.max(), 1e-3)))

    update(p.g_hardware, p.g_algorithm, p.g_investment, p.gamma, p.budget_meek, p.budget_sota)
    return fig, update


def gap_equation(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`gap-equation`: three growth rates, γ and both budgets."""
    p = PaperParams() if params is None else params
    return explorer(*gap_equation_figure(p),
                    g_h=slider(p.g_hardware, 1.05, 3.0, 0.05, "g_h"),
                    g_alg=slider(p.g_algorithm, 1.05, 5.0, 0.05, "g_alg"),
                    g_i=slider(round(p.g_investment, 2), 1.05, 20.0, 0.05, "g_i"),
                    gamma=slider(p.gamma, 0.05, 0.5, 0.002, "γ"),
                    budget_meek=log_slider(p.budget_meek, 1e2, 1e7, "meek $", step=0.25),
                    budget_sota=log_slider(p.budget_sota, 1e2, 1e7, "frontier $", step=0.25))


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
    t = _years()
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
        ax.set_ylim(0, _nice_ceiling(1.25 * np.nanmax([gap_values.max(), gap_peak, 1e-3])))

    update(p.gamma, p.g_investment, p.g_shared, p.budget_sota / p.budget_meek, p.meek_g_hardware)
    return fig, update


def inflection_time(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`inflection-time`: γ, g_i, shared progress, head start, meek g_h."""
    p = PaperParams() if params is None else params
    return explorer(*inflection_time_figure(p),
                    gamma=slider(p.gamma, 0.05, 0.5, 0.002, "γ"),
                    g_i=slider(round(p.g_investment, 2), 1.05, 20.0, 0.05, "g_i"),
                    g_shared=slider(p.g_shared, 1.1, 10.0, 0.02, "g_alg g_h"),
                    head_start=log_slider(p.budget_sota / p.budget_meek, 1.0, 1e3,
                                          "head start C0s/C0m", step=0.05),
                    g_h_meek=slider(p.meek_g_hardware, 1.0, p.g_hardware, 0.01, "meek g_h"))


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
    year_grid = _years()
    with figure_style():
        fig, (ax_s, ax_g) = plt.subplots(1, 2, figsize=(8.6, 3.6), layout="constrained")
        ax_s.plot(loss_grid, 100 * loss_to_score(loss_grid, PAPER_SIGMOID_FIT),
                  color=PALETTE["reference"], lw=1, ls="--", label="paper's fit, p = 1")
        (score_line,) = ax_s.plot(loss_grid, loss_grid * 0, color=PALETTE["blue"],
                                  label="sliders", gid="score")
        ax_s.set(xlabel="loss (nats/token)", ylabel="score (%)", ylim=(0, 100))
        ax_s.legend(loc="upper right")
        (gap_line,) = ax_g.plot(year_grid, year_grid * 0, color=PALETTE["black"], gid="gap")
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
        gap_line.set_ydata(benchmark_gap(year_grid, q, steps=p))
        peak = benchmark_peak(q, steps=p)
        peak_dot.set_data([peak.time], [peak.gap])
        label.set_text(f"peak {peak.gap:.1f} points at {peak.time:.2f} yr")

    sig = base.sigmoid
    update(sig.S, sig.x0, sig.k, sig.s0, 1)
    return fig, update


def benchmark_scores(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`benchmark-scores`: the sigmoid's S, x0, k, s0 and steps p."""
    import ipywidgets as widgets

    base = PaperParams() if params is None else params
    sig = base.sigmoid
    return explorer(*benchmark_scores_figure(base),
                    S=slider(sig.S, 0.3, 0.75, 0.01, "S"),
                    x0=slider(sig.x0, 1.85, 2.15, 0.005, "x0", readout_format=".3f"),
                    k=slider(sig.k, -60.0, -5.0, 0.5, "k"),
                    s0=slider(sig.s0, 0.0, 0.4, 0.01, "s0"),
                    p=widgets.IntSlider(value=1, min=1, max=20, description="p (steps)",
                                        style={"description_width": "initial"},
                                        layout=widgets.Layout(width="340px")))


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

    update(base.alpha, base.beta, 1.0, 10.0)
    return fig, update


def distinguishability(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`distinguishability`: α, β, the observer's slowdown, the year."""
    base = PaperParams() if params is None else params
    return explorer(*distinguishability_figure(base),
                    alpha=slider(base.alpha, 0.001, 0.2, 0.001, "α", readout_format=".3f"),
                    beta=slider(base.beta, 0.001, 0.2, 0.001, "β", readout_format=".3f"),
                    slowdown=log_slider(1.0, 1.0, 100.0, "slowdown", step=0.05),
                    year=slider(10.0, 1.0, 20.0, 0.1, "year"))


# -------------------------------------------------------------------------------------------
# 6. Inference
# -------------------------------------------------------------------------------------------
def inference_figure(params: PaperParams | None = None) -> tuple[Figure, Update]:
    """Inference gap at a fixed price per token against the training gap, catch-up marked.

    Default: the paper's Figure 4, large variant (``g_algorithm = 3.6``, ``g_inference = 9``).
    ``update(price, g_inf, g_alg, g_i, g_h, constants)``; gids ``"inference"``,
    ``"training"``, ``"catch_up"``. Chapter :ref:`inference`.
    """
    base = PaperParams(g_algorithm=3.6) if params is None else params
    t_grid = _years()
    with figure_style():
        fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
        (inf_line,) = ax.plot(t_grid, t_grid * 0, color=PALETTE["vermillion"],
                              label="inference gap (fixed $/token)", gid="inference")
        (train_line,) = ax.plot(t_grid, t_grid * 0, color=PALETTE["blue"], ls="--",
                                label="training gap (fixed $ budget)", gid="training")
        marker = ax.axvline(0.0, color=PALETTE["reference"], lw=1, ls=":", gid="catch_up")
        label = ax.text(0.97, 0.6, "", transform=ax.transAxes, ha="right", gid="note")
        ax.set(xlabel=YEARS, ylabel=GAP_LABEL, xlim=(0, 20))
        ax.legend(loc="upper right")
        ax.locator_params(nbins=4)                # few tick labels: cheaper redraws

    def update(price: float, g_inf: float, g_alg: float, g_i: float, g_h: float,
               constants: bool) -> None:
        q = base.replace(price_per_token=price, g_inference=g_inf, g_algorithm=g_alg,
                         g_investment=g_i, g_hardware=g_h)
        inference = inference_gap(t_grid, q, include_constants=constants)
        training = np.maximum(loss_gap(t_grid, q), 0.0)
        inf_line.set_ydata(inference)
        train_line.set_ydata(training)
        try:
            catch_up = inference_catch_up_time(q, include_constants=constants)
        except ValueError:        # g_h g_inf^2 <= g_i: the affordable model never catches up
            catch_up = np.nan
            label.set_text("never catches up")
        else:
            label.set_text(f"catch-up at {catch_up:.2f} yr")
        marker.set_xdata([catch_up, catch_up])
        ax.set_ylim(0, _nice_ceiling(1.05 * max(inference.max(), training.max(), 1e-3)))

    update(base.price_per_token, base.g_inference, base.g_algorithm, base.g_investment,
           base.g_hardware, False)
    return fig, update


def inference(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`inference`: price, g_inf, g_alg, g_i, g_h, constant factor."""
    import ipywidgets as widgets

    base = PaperParams(g_algorithm=3.6) if params is None else params
    return explorer(*inference_figure(base),
                    price=log_slider(base.price_per_token, 1e-10, 1e-6, "USD/token"),
                    g_inf=slider(base.g_inference, 1.0, 20.0, 0.1, "g_inf"),
                    g_alg=slider(base.g_algorithm, 1.0, 6.0, 0.1, "g_alg"),
                    g_i=slider(base.g_investment, 1.1, 20.0, 0.1, "g_i"),
                    g_h=slider(base.g_hardware, 1.0, 3.0, 0.05, "g_h"),
                    constants=widgets.Checkbox(value=False, description="keep the constants",
                                               indent=False))


# -------------------------------------------------------------------------------------------
# 7. Stagnation and robustness
# -------------------------------------------------------------------------------------------
def stagnation_robustness_figure(params: PaperParams | None = None) -> tuple[Figure, Update]:
    """A frontier budget that slows after a stop year (left) and the loss gap it gives (right).

    ``update(stop_year, growth_after, budget_sota, g_investment, g_hardware, g_algorithm,
    gamma)``; gids ``"budget"``, ``"gap"``, ``"peak"``. Chapter :ref:`stagnation-robustness`.
    """
    base = PaperParams() if params is None else params
    t = _years()
    with figure_style():
        fig, (ax_budget, ax_gap) = plt.subplots(1, 2, figsize=(8.6, 3.6), layout="constrained")
        fig.get_layout_engine().set(wspace=0.06)  # room for wider tick labels later
        paper_budget = Exponential(base.budget_sota, base.g_investment).dollars(t)
        paper_gap = loss_gap(t, base)
        ref = dict(color=PALETTE["reference"], linestyle="--", label="paper")
        ax_budget.semilogy(t, paper_budget, **ref)          # legend on the right panel
        ax_gap.plot(t, paper_gap, **ref)
        (budget_line,) = ax_budget.semilogy(t, paper_budget, color=PALETTE["sota"], gid="budget")
        (gap_line,) = ax_gap.plot(t, paper_gap, color=PALETTE["gap"], label="your scenario",
                                  gid="gap")
        (peak_dot,) = ax_gap.plot([0], [0], "o", color=PALETTE["sota"], gid="peak")
        peak_text = ax_gap.text(0.97, 0.80, "", transform=ax_gap.transAxes, ha="right",
                                va="top", fontsize=9, gid="note")
        ax_budget.axhline(base.budget_meek, color=PALETTE["meek"], linewidth=1, linestyle=":")
        ax_budget.set(xlabel=YEARS, ylabel="frontier training budget ($)")
        ax_gap.set(xlabel=YEARS, ylabel=GAP_LABEL)
        ax_gap.legend(loc="upper right")
        ax_budget.locator_params(axis="x", nbins=4)   # few tick labels: cheaper redraws
        ax_budget.yaxis.set_major_locator(LogLocator(numticks=5))
        ax_gap.locator_params(nbins=4)

    def update(stop_year: float, growth_after: float, budget_sota: float, g_investment: float,
               g_hardware: float, g_algorithm: float, gamma: float) -> None:
        q = base.replace(budget_sota=budget_sota, g_investment=g_investment,
                         g_hardware=g_hardware, g_algorithm=g_algorithm, gamma=gamma)
        schedule = SlowdownAfter(budget_sota, g_investment, stop_year, growth_after)
        dollars = schedule.dollars(t)
        gap = loss_gap(t, q, sota_schedule=schedule)
        pk = numeric_peak(q, t_max=20.0, sota_schedule=schedule)
        budget_line.set_ydata(dollars)
        ax_budget.set_ylim(1e2, 10.0 ** np.ceil(np.log10(10 * max(dollars.max(), paper_budget.max()))))
        gap_line.set_ydata(gap)
        peak_dot.set_data([pk.time], [pk.gap])
        peak_text.set_text(f"peak {pk.gap:.3f} at {pk.time:.2f} yr\nyear 20: {gap[-1]:.4f}")
        ax_gap.set_ylim(0, _nice_ceiling(1.1 * max(gap.max(), paper_gap.max())))

    update(5.0, 1.5, base.budget_sota, base.g_investment, base.g_hardware, base.g_algorithm,
           base.gamma)
    return fig, update


def stagnation_robustness(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`stagnation-robustness`: stop year, growth after it, and more."""
    base = PaperParams() if params is None else params
    return explorer(*stagnation_robustness_figure(base),
                    stop_year=slider(5.0, 0.0, 20.0, 0.5, "stop year"),
                    growth_after=slider(1.5, 1.0, 5.0, 0.1, "growth after"),
                    budget_sota=log_slider(base.budget_sota, 1e3, 1e6, "frontier $ at start",
                                           step=0.25),
                    g_investment=slider(base.g_investment, 1.1, 20.0, 0.1, "g_i"),
                    g_hardware=slider(base.g_hardware, 1.05, 3.0, 0.05, "g_h"),
                    g_algorithm=slider(base.g_algorithm, 1.05, 5.0, 0.05, "g_alg"),
                    gamma=slider(base.gamma, 0.10, 0.25, 0.002, "γ", readout_format=".3f"))


# -------------------------------------------------------------------------------------------
# 8. Empirical check
# -------------------------------------------------------------------------------------------
def empirical_check_figure(data: Any = None) -> tuple[Figure, Update]:
    """Running best score overall and inside a price band, the gap shaded, its shrink rate.

    ``data`` is a leaderboard table like :func:`meekbook.empirical.datasets.load_leaderboard` (the
    default). ``update(price_min, price_max, score, method)``; gids ``"overall"``, ``"band"``.
    Chapter :ref:`empirical-check`.
    """
    import pandas as pd

    from ..empirical.datasets import load_leaderboard
    from ..plots.figures import plot_frontier_gap, score_name
    from ..empirical.frontier import frontier_gap

    board = load_leaderboard() if data is None else data
    with figure_style():
        fig, ax = plt.subplots(figsize=(7.0, 4.0), layout="constrained")
        # drawn once by the package (lines, shading, date ticks); the controls move the data
        plot_frontier_gap(frontier_gap(board, price_min=0.5, price_max=1.0), ax=ax)
        overall_line, band_line = ax.get_lines()[:2]
        overall_line.set_gid("overall")
        band_line.set_gid("band")
        legend = ax.get_legend()
        legend.set_loc("lower right")             # fixed place: the text sits top left
        legend.get_texts()[1].set_text("best in the price band")   # the band: in the note
        info = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=9, gid="note")
        ax.set_xlim(board["release_date"].min() - pd.Timedelta(days=30),
                    board["release_date"].max() + pd.Timedelta(days=30))
        ax.locator_params(axis="y", nbins=4)      # few tick labels: cheaper redraws
    shading = [ax.collections[0]]
    shading[0].set_gid("shading")

    def steps(series: Any, end: Any) -> tuple[np.ndarray, np.ndarray]:
        """A running-best series as step-plot data, held flat until ``end``."""
        dates = np.append(series["date"].to_numpy(), np.datetime64(end, "ns"))
        return dates, np.append(series["best"].to_numpy(), series["best"].iloc[-1])

    def update(price_min: float, price_max: float, score: str, method: str) -> None:
        try:
            res = frontier_gap(board, price_min=price_min, price_max=price_max, score=score,
                               method=method)
        except ValueError as err:
            band_line.set_visible(False)
            shading[0].set_visible(False)
            info.set_text(textwrap.fill(f"no result: {err}", 70))
            return
        g = res.gap
        end = max(res.overall["date"].iloc[-1], res.band["date"].iloc[-1], g["date"].iloc[-1])
        overall_line.set_data(*steps(res.overall, end))
        band_line.set_data(*steps(res.band, end))
        band_line.set_visible(True)
        shading[0].remove()
        shading[0] = ax.fill_between(g["date"], g["band"], g["overall"], step="post",
                                     color=overall_line.get_color(), alpha=0.15, linewidth=0,
                                     gid="shading")
        low = min(res.overall["best"].min(), res.band["best"].min())
        ax.set_ylim(np.floor(20 * low - 1) / 20, np.ceil(20 * res.overall["best"].max() + 1) / 20)
        ax.set_ylabel(f"best {score_name(score)} score (fraction correct)")
        r = res.rate
        info.set_text(f"{res.evaluator}: ${price_min:.2g}–{price_max:.2g} per M tokens: {res.n_band} models; "
                      f"shrink rate {r.rate:+.3f} "
                      f"[{r.low:+.3f}, {r.high:+.3f}] per year ({method} fit)")

    update(0.5, 1.0, "mmlu_pro", "log")
    return fig, update


def empirical_check(data: Any = None) -> Any:
    """Explorer of chapter :ref:`empirical-check`: price band, benchmark and fit."""
    import ipywidgets as widgets

    return explorer(*empirical_check_figure(data),
                    price_min=log_slider(0.5, 10**-1.5, 10**1.5, "$ min / M", step=0.05),
                    price_max=log_slider(1.0, 0.1, 100.0, "$ max / M", step=0.05),
                    score=widgets.Dropdown(options=[("MMLU-Pro", "mmlu_pro"), ("MMLU", "mmlu")],
                                           value="mmlu_pro", description="score"),
                    method=widgets.ToggleButtons(options=["log", "linear"], value="log",
                                                 description="fit"))


# -------------------------------------------------------------------------------------------
# 9. Caveats
# -------------------------------------------------------------------------------------------
def caveats_figure(params: PaperParams | None = None) -> tuple[Figure, Update]:
    """The loss gap (left) and tokens to tell the models apart (right) when the meek actor's
    hardware and algorithms improve more slowly, and a domain factor k scales the gap.

    ``update(g_hardware_meek, g_algorithm_meek, k)``; gids ``"gap"``, ``"tokens"``.
    Chapter :ref:`caveats`.
    """
    base = PaperParams() if params is None else params
    t = _years()
    t1 = t[t >= 1.0]                   # the gap is 0 at t = 0: no finite token count there
    paper_gap = loss_gap(t, base)
    with figure_style():
        fig, (ax_gap, ax_tokens) = plt.subplots(1, 2, figsize=(8.6, 3.6), layout="constrained")
        ax_gap.plot(t, paper_gap, color=PALETTE["reference"], linestyle="--",
                    label="paper (shared progress)")
        (gap_line,) = ax_gap.plot(t, paper_gap, color=PALETTE["gap"], gid="gap")
        note = ax_gap.text(0.98, 0.97, "", transform=ax_gap.transAxes, ha="right", va="top",
                           fontsize=9, gid="note")
        ax_gap.set(xlabel=YEARS, ylabel=GAP_LABEL)
        ax_tokens.semilogy(t1, token_threshold(loss_gap(t1, base), base.alpha, base.beta),
                           color=PALETTE["reference"], linestyle="--",
                           label="paper (shared progress, ρ = 1)")
        (tokens_line,) = ax_tokens.semilogy(t1, t1, color=PALETTE["gap"], label="yours",
                                            gid="tokens")
        ax_tokens.axhline(100, color=PALETTE["reference"], linewidth=1, linestyle=":")
        ax_tokens.set(xlabel=YEARS, ylabel="tokens to tell apart", ylim=(1, 1e5))
        ax_tokens.legend(loc="upper left")
        ax_gap.locator_params(nbins=4)            # few tick labels: cheaper redraws
        ax_tokens.locator_params(axis="x", nbins=4)

    def update(g_hardware_meek: float, g_algorithm_meek: float, k: float) -> None:
        q = base.replace(g_hardware_meek=g_hardware_meek, g_algorithm_meek=g_algorithm_meek)
        gap = loss_gap(t, q)
        gap_line.set_ydata(gap)
        tokens_line.set_ydata(token_threshold(k * loss_gap(t1, q), q.alpha, q.beta))
        try:
            t_star = peak_time(q)
        except ValueError:            # g_m <= 1: no peak
            note.set_text(f"g_m = {q.g_meek:.2f}/yr: no peak,\nthe gap never closes")
        else:
            note.set_text(f"g_m = {q.g_meek:.2f}/yr: peak {loss_gap(t_star, q):.3f}"
                          f" nats\nat t* = {t_star:.2f} yr; year 20: {gap[-1]:.4f}")
        ax_gap.set_ylim(0, _nice_ceiling(1.1 * max(gap.max(), paper_gap.max())))

    update(base.meek_g_hardware, base.meek_g_algorithm, 1.0)
    return fig, update


def caveats(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`caveats`: the meek actor's hardware and algorithm growth, and
    the domain factor ρ (argument ``k``)."""
    base = PaperParams() if params is None else params
    return explorer(*caveats_figure(base),
                    g_hardware_meek=slider(base.meek_g_hardware, 1.0, base.g_hardware, 0.02,
                                           "g_h (meek)"),
                    g_algorithm_meek=slider(base.meek_g_algorithm, 1.0, base.g_algorithm,
                                            0.05, "g_alg (meek)"),
                    k=log_slider(1.0, 1.0, 30.0, "domain factor ρ", step=0.05))


#: The inputs whose spread the uncertainty explorer widens or narrows.
UNCERTAINTY_INPUTS = ("g_algorithm", "g_hardware", "g_investment", "gamma", "law_scale")


def uncertainty_figure(params: PaperParams | None = None, draws: int = 4000,
                       seed: int = 20250710) -> tuple[Figure, Update]:
    """The loss-gap fan (median, 25-75 % and 5-95 %) under the default input distributions,
    each input's spread scaled by a width factor, with the median and 5-95 % range of t*.

    ``update(**widths)`` takes one width factor per name in :data:`UNCERTAINTY_INPUTS`
    (1 = the default distribution, 0 = fixed at its median); gids ``"fan_0"`` ... ``"fan_4"``
    (the 5, 25, 50, 75 and 95 % curves) and ``"note"``. The draws are seeded.
    Chapter :ref:`uncertainty`.
    """
    from .. import uncertainty as unc

    base = PaperParams() if params is None else params
    t = np.linspace(0.0, 20.0, 81)
    priors = unc.DEFAULT_PRIORS
    with figure_style():
        fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
        lines = [ax.plot(t, t * 0, color=PALETTE["blue"], lw=lw, ls=ls, gid=f"fan_{i}")[0]
                 for i, (lw, ls) in enumerate(((1, ":"), (1.2, "--"), (2, "-"), (1.2, "--"),
                                               (1, ":")))]
        ax.plot(t, loss_gap(t, base), color=PALETTE["black"], lw=1, ls="-.")
        note = ax.text(0.97, 0.95, "", transform=ax.transAxes, ha="right", va="top", gid="note")
        ax.set(xlabel=YEARS, ylabel=GAP_LABEL)
        ax.locator_params(nbins=4)

    def update(**widths: float) -> None:
        chosen = {name: priors[name].scaled(widths[name]) for name in UNCERTAINTY_INPUTS}
        sample = unc.monte_carlo(chosen, draws=draws, seed=seed, outputs=("t_star",))
        band = unc.fan(sample, t, "loss_gap")
        for line, values in zip(lines, band):
            line.set_ydata(values)
        low, high = sample.interval("t_star")
        note.set_text(f"t* median {sample.median('t_star'):.2f} yr\n5–95 %: {low:.2f}–{high:.2f}")
        ax.set_ylim(0, _nice_ceiling(1.1 * float(np.max(band[4]))))

    update(**{name: 1.0 for name in UNCERTAINTY_INPUTS})
    return fig, update


def uncertainty(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`uncertainty`: widen (> 1) or narrow (< 1) each input's spread."""
    return explorer(*uncertainty_figure(params),
                    **{name: slider(1.0, 0.0, 3.0, 0.1, f"{name} width")
                       for name in UNCERTAINTY_INPUTS})
