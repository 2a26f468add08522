"""The live explorers of the scenario and data chapters: inference, stagnation and
robustness, empirical check, caveats, uncertainty (see :mod:`meekbook.notebook.explorers` for
the conventions: ``NAME_figure`` and ``NAME``). Every slider is a declared control
(:func:`~meekbook.notebook.widgets.control_widget`)."""

from __future__ import annotations

import textwrap
from typing import Any, Callable

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator

from ..model.controls import CONTROLS, WIDTH_INPUTS
from ..model.gap import loss_gap
from ..model.inference import inference_catch_up_time, inference_gap
from ..model.inflection import numeric_peak, peak_time
from ..model.params import PaperParams
from ..model.schedules import Exponential, SlowdownAfter
from ..model.sprt import token_threshold
from ..plots.style import PALETTE, figure_style
from .widgets import GAP_LABEL, YEARS, control_widget, explorer, nice_ceiling, year_grid

__all__ = [
    "inference", "inference_figure",
    "stagnation_robustness", "stagnation_robustness_figure",
    "empirical_check", "empirical_check_figure",
    "caveats", "caveats_figure",
    "uncertainty", "uncertainty_figure",
    "UNCERTAINTY_INPUTS",
]

Update = Callable[..., None]


def _inference_params(params: PaperParams | None) -> PaperParams:
    """The inference chapter's parameters: the paper's Figure 4, large variant, by default."""
    if params is not None:
        return params
    return PaperParams(g_algorithm=CONTROLS["g_algorithm_fig4"].default)


# -------------------------------------------------------------------------------------------
# 6. Inference
# -------------------------------------------------------------------------------------------
def inference_figure(params: PaperParams | None = None) -> tuple[Figure, Update]:
    """Inference gap at a fixed price per token against the training gap, catch-up marked.

    Default: the paper's Figure 4, large variant (``g_algorithm = 3.6``, ``g_inference = 9``).
    ``update(price, g_inf, g_alg, g_i, g_h, constants)``; gids ``"inference"``,
    ``"training"``, ``"catch_up"``. Chapter :ref:`inference`.
    """
    base = _inference_params(params)
    t_grid = year_grid()
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
        ax.set_ylim(0, nice_ceiling(1.05 * max(inference.max(), training.max(), 1e-3)))

    update(base.price_per_token, base.g_inference, base.g_algorithm, base.g_investment,
           base.g_hardware, False)
    return fig, update


def inference(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`inference`: price, g_inf, g_alg, g_i, g_h, constant factor."""
    import ipywidgets as widgets

    base = _inference_params(params)
    return explorer(*inference_figure(base),
                    price=control_widget("price_per_token", base.price_per_token),
                    g_inf=control_widget("g_inference", base.g_inference),
                    g_alg=control_widget("g_algorithm_fig4", base.g_algorithm),
                    g_i=control_widget("g_investment", base.g_investment),
                    g_h=control_widget("g_hardware", base.g_hardware),
                    constants=widgets.Checkbox(value=False, description="keep the constants the toy drops",
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
    t = year_grid()
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
        ax_gap.set_ylim(0, nice_ceiling(1.1 * max(gap.max(), paper_gap.max())))

    update(CONTROLS["change_year"].default, CONTROLS["growth_after"].default, base.budget_sota, base.g_investment, base.g_hardware, base.g_algorithm,
           base.gamma)
    return fig, update


def stagnation_robustness(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`stagnation-robustness`: stop year, growth after it, and more."""
    base = PaperParams() if params is None else params
    return explorer(*stagnation_robustness_figure(base),
                    stop_year=control_widget("change_year"),
                    growth_after=control_widget("growth_after"),
                    budget_sota=control_widget("budget_sota_head_start_wide", base.budget_sota),
                    g_investment=control_widget("g_investment_before", base.g_investment),
                    g_hardware=control_widget("g_hardware", base.g_hardware),
                    g_algorithm=control_widget("g_algorithm", base.g_algorithm),
                    gamma=control_widget("gamma", base.gamma))


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
        plot_frontier_gap(frontier_gap(board, price_min=CONTROLS["price_min"].default,
                                       price_max=CONTROLS["price_max"].default), ax=ax)
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

    update(CONTROLS["price_min"].default, CONTROLS["price_max"].default, "mmlu_pro", "log")
    return fig, update


def empirical_check(data: Any = None) -> Any:
    """Explorer of chapter :ref:`empirical-check`: price band, benchmark and fit."""
    import ipywidgets as widgets

    return explorer(*empirical_check_figure(data),
                    price_min=control_widget("price_min"),
                    price_max=control_widget("price_max"),
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
    t = year_grid()
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
        ax_gap.set_ylim(0, nice_ceiling(1.1 * max(gap.max(), paper_gap.max())))

    update(base.meek_g_hardware, base.meek_g_algorithm, CONTROLS["domain_factor"].default)
    return fig, update


def caveats(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`caveats`: the meek actor's hardware and algorithm growth, and
    the domain factor ρ (argument ``k``)."""
    base = PaperParams() if params is None else params
    return explorer(*caveats_figure(base),
                    g_hardware_meek=control_widget("g_hardware_meek", base.meek_g_hardware),
                    g_algorithm_meek=control_widget("g_algorithm_meek", base.meek_g_algorithm),
                    k=control_widget("domain_factor"))


#: The inputs whose spread the uncertainty explorer widens or narrows.
UNCERTAINTY_INPUTS: tuple[str, ...] = WIDTH_INPUTS


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
        ax.set_ylim(0, nice_ceiling(1.1 * float(np.max(band[4]))))

    update(**{name: CONTROLS[f"w_{name}"].default for name in UNCERTAINTY_INPUTS})
    return fig, update


def uncertainty(params: PaperParams | None = None) -> Any:
    """Explorer of chapter :ref:`uncertainty`: widen (> 1) or narrow (< 1) each input's spread."""
    return explorer(*uncertainty_figure(params),
                    **{name: control_widget(f"w_{name}") for name in UNCERTAINTY_INPUTS})
