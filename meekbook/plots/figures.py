"""One function per figure of the paper, each returning a matplotlib Figure.

Every function draws with the paper's settings by default (Gundlach, Lynch and Thompson 2025,
arXiv:2507.07931; the chapters state them) and accepts a :class:`~meekbook.model.params.PaperParams` to explore others.
Figures carry no titles: captions live in the book. ``python -m meekbook figures OUTDIR``
writes them all (:func:`write_all`).

The chapter that discusses each figure is named in its docstring.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ..model.gap import loss_gap, loss_trajectory
from ..model.inference import inference_gap
from ..model.inflection import peak_gap, peak_time
from ..model.params import PaperParams
from ..model.scenarios import PAPER_SWEEPS, stagnation_scenarios, stagnation_schedules, sweep
from ..model.scores import benchmark_gap
from ..model.sigmoid import PAPER_SIGMOID_FIT, loss_to_score
from ..model.sprt import token_threshold, token_threshold_over_time
from ..files import refuse_symlinks, write_bytes_atomic
from .style import LINESTYLES, PALETTE, SERIES, figure_style

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from ..empirical.frontier import FrontierGapResult
    from ..empirical.sigmoid_fit import ModelSigmoidFit

__all__ = [
    "figure_1_loss_gap",
    "figure_2_sigmoid_fit",
    "figure_3_benchmark_gap",
    "figure_4_inference_gap",
    "figure_5_leaderboard",
    "figure_5b_small_models",
    "figure_6_investment_growth",
    "figure_7_initial_capital",
    "figure_8_tokens_vs_gap",
    "figure_9_tokens_vs_time",
    "figure_10_stagnation",
    "figure_exponent_variant",
    "PAPER_FIGURES",
    "SCORE_NAMES",
    "score_name",
    "write_all",
    "plot_sigmoid_fit",
    "plot_frontier_gap",
]

YEARS = "years from start"
GAP_LABEL = "loss gap ΔL (nats/token)"

#: Benchmark column names of the data sets -> the names readers know.
SCORE_NAMES: dict[str, str] = {"mmlu_pro": "MMLU-Pro", "mmlu": "MMLU"}


def score_name(score: str) -> str:
    """The benchmark's name in words (``"mmlu_pro"`` -> ``"MMLU-Pro"``)."""
    return SCORE_NAMES.get(score, score.replace("_", " "))


def _legend_below(fig: Figure, ncols: int = 1, axes: "Sequence[plt.Axes] | None" = None) -> None:
    """One legend for the figure, outside and below the axes, so it never covers a curve.

    Collects the labelled artists of ``axes`` (default: all axes; a label repeated across
    panels is listed once). The constrained layout makes room for it.
    """
    handles, labels = [], []
    for ax in fig.axes if axes is None else axes:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    fig.legend(handles, labels, loc="outside lower center", ncols=ncols)


def _years(t_max: float = 20.0, n: int = 401) -> np.ndarray:
    return np.linspace(0.0, t_max, n)


def _new(ncols: int = 1, width: float = 6.4, height: float = 4.0) -> tuple[Figure, np.ndarray]:
    fig, axes = plt.subplots(1, ncols, figsize=(width, height), squeeze=False, layout="constrained")
    return fig, axes[0]


def figure_1_loss_gap(params: PaperParams | None = None, show_losses: bool = True) -> Figure:
    """Figure 1: the loss gap between the frontier and the meek model over 20 years.

    Left: both loss trajectories; right: ΔL(t) with its peak marked. Chapter
    :ref:`gap-equation`.
    """
    params = PaperParams() if params is None else params
    t = _years()
    with figure_style():
        fig, axes = _new(2 if show_losses else 1, 8.6 if show_losses else 6.4, 3.6)
        if show_losses:
            ax = axes[0]
            ax.plot(t, loss_trajectory(t, params, "meek"), color=PALETTE["meek"], label="meek ($1,000 fixed)")
            ax.plot(t, loss_trajectory(t, params, "sota"), color=PALETTE["sota"], ls="--", label="frontier (budget × g_i per year)")
            ax.axhline(params.law.E, color=PALETTE["reference"], lw=1, ls=":", label=f"irreducible loss E = {params.law.E:g}")
            ax.set(xlabel=YEARS, ylabel="loss (nats/token)")
            _legend_below(fig, ncols=3)
        ax = axes[-1]
        ax.plot(t, loss_gap(t, params), color=PALETTE["gap"])
        ts, gs = peak_time(params), peak_gap(params)
        ax.plot([ts], [gs], "o", color=PALETTE["vermillion"])
        # the peak labelled beside its dot, in the free space right of the peak
        ax.annotate(f"peak: t* = {ts:.2f} yr,\nΔL = {gs:.3f}", (ts, gs), xytext=(ts + 4.0, gs),
                    ha="left", va="center", arrowprops={"arrowstyle": "-", "color": "0.5", "lw": 0.8})
        ax.set(xlabel=YEARS, ylabel=GAP_LABEL, ylim=(0, 1.15 * gs))
    return fig


def figure_2_sigmoid_fit(data: "object | None" = None, fit: object | None = None) -> Figure:
    """Figure 2: MMLU against Chinchilla-predicted loss, with the sigmoid fits.

    ``data`` is a DataFrame like :func:`meekbook.empirical.datasets.load_base_models` (default: the
    packaged base-model table) and ``fit`` a precomputed
    :func:`meekbook.empirical.sigmoid_fit.sigmoid_fit_on_models` result. Draws the book's own fit on
    ``data`` and the paper's published fit. As the paper draws it, the loss axis is inverted
    (lower loss, i.e. better models, to the right) and the score axis spans 0 to 1. Chapter
    :ref:`benchmark-scores`.
    """
    from ..empirical.datasets import load_base_models
    from ..empirical.sigmoid_fit import sigmoid_fit_on_models

    if fit is None:
        fit = sigmoid_fit_on_models(load_base_models() if data is None else data, n_bootstrap=0)
    with figure_style():
        fig, axes = _new()
        ax = axes[0]
        plot_sigmoid_fit(fit, ax=ax, show_paper=True)
        ax.axhline(0.25, color=PALETTE["reference"], lw=1, ls=":", label="chance (25%)")
        ax.set_ylim(0.0, 1.0)
        ax.invert_xaxis()
        ax.legend(loc="upper left", fontsize=8.5)
    return fig


def figure_3_benchmark_gap(params: PaperParams | None = None, steps: Sequence[float] = (1, 2, 5, 10)) -> Figure:
    """Figure 3: MMLU gap (frontier − meek, percentage points) for tasks of p steps.

    Chapter :ref:`benchmark-scores`.
    """
    params = PaperParams() if params is None else params
    t = _years(n=2001)
    with figure_style():
        fig, axes = _new()
        ax = axes[0]
        for i, p in enumerate(steps):
            gap = np.asarray(benchmark_gap(t, params, p))
            j = int(np.argmax(gap))
            ax.plot(t, gap, color=SERIES[i % len(SERIES)], ls=LINESTYLES[i % len(LINESTYLES)],
                    label=f"p = {p:g} (peak {gap[j]:.1f} pts at {t[j]:.2f} yr)")
        ax.set(xlabel=YEARS, ylabel="MMLU gap, frontier − meek (points)", ylim=(0, None))
        _legend_below(fig, ncols=2)
    return fig


def figure_4_inference_gap(params: PaperParams | None = None, g_inference: Sequence[float] = (2.8, 9.0)) -> Figure:
    """Figure 4: inference gap at a fixed price per token vs the training gap.

    Drawn with ``g_algorithm = 3.6`` as in the paper, one panel per ``g_inference`` ("small"
    2.8 and "large" 9). Chapter :ref:`inference`.
    """
    params = PaperParams(g_algorithm=3.6) if params is None else params
    t = _years(n=2001)
    names = {2.8: "small", 9.0: "large"}
    with figure_style():
        fig, axes = _new(len(g_inference), 4.3 * len(g_inference), 3.6)
        for ax, g_inf in zip(axes, g_inference):
            p = params.replace(g_inference=g_inf)
            ax.plot(t, inference_gap(t, p), color=PALETTE["vermillion"], label="inference gap (fixed $/token)")
            ax.plot(t, np.maximum(np.asarray(loss_gap(t, p)), 0.0), color=PALETTE["blue"], ls="--",
                    label="training gap (fixed $ budget)")
            ax.set(xlabel=YEARS, ylabel=GAP_LABEL, ylim=(0, None))
            label = names.get(float(g_inf), "")
            ax.text(0.97, 0.95, f"g_inf = {g_inf:g}" + (f" ({label})" if label else ""),
                    transform=ax.transAxes, ha="right", va="top")
        _legend_below(fig, ncols=2)
    return fig


def _leaderboard_figure(result: object, band: str) -> Figure:
    """The running-best plot with axis labels and legend in words, the legend below the axes."""
    from matplotlib.ticker import PercentFormatter

    with figure_style():
        fig, axes = _new(width=7.0)
        ax = axes[0]
        plot_frontier_gap(result, ax=ax)
        ax.get_legend().remove()
        for handle in ax.get_lines() + ax.collections:
            if handle.get_label().startswith("best in band"):
                handle.set_label(band)
            elif handle.get_label() == "gap":
                handle.set_label("gap between the two")
        ax.set_ylabel(f"best {score_name(getattr(result, 'score', ''))} score")
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        _legend_below(fig, ncols=2)
    return fig


def figure_5_leaderboard(data: object | None = None, price_min: float = 0.5, price_max: float = 1.0,
                         score: str = "mmlu_pro") -> Figure:
    """Figure 5: running best score overall vs within a price band ($ per million output tokens).

    Chapter :ref:`empirical-check`.
    """
    from ..empirical.datasets import load_leaderboard
    from ..empirical.frontier import frontier_gap

    df = load_leaderboard() if data is None else data
    return _leaderboard_figure(frontier_gap(df, price_min=price_min, price_max=price_max, score=score),
                               f"best at ${price_min:g}–{price_max:g} per million output tokens")


def figure_5b_small_models(data: object | None = None, params_min: float = 6.9, params_max: float = 8.1,
                           score: str = "mmlu_pro") -> Figure:
    """Figure 5 (second view): running best overall vs the best 7–8B open model.

    Chapter :ref:`empirical-check`.
    """
    from ..empirical.datasets import load_leaderboard
    from ..empirical.frontier import frontier_gap

    df = load_leaderboard() if data is None else data
    return _leaderboard_figure(frontier_gap(df, params_min=params_min, params_max=params_max, score=score),
                               f"best open model of {params_min:g}–{params_max:g} B parameters")


def _sweep_figure(name: str, values: Sequence[float], params: PaperParams | None, label: Callable[[float], str]) -> Figure:
    t = _years()
    curves = sweep(name, values, t, params)
    with figure_style():
        fig, axes = _new()
        ax = axes[0]
        for i, (value, curve) in enumerate(zip(values, curves)):
            ax.plot(curve.t, curve.gap, color=SERIES[i % len(SERIES)], ls=LINESTYLES[i % len(LINESTYLES)],
                    label=f"{label(value)}: peak {curve.peak_gap:.3f} at {curve.peak_time:.2f} yr")
        ax.set(xlabel=YEARS, ylabel=GAP_LABEL, ylim=(0, None))
        _legend_below(fig, ncols=2)
    return fig


def figure_6_investment_growth(params: PaperParams | None = None,
                               values: Sequence[float] = PAPER_SWEEPS["g_investment"]) -> Figure:
    """Figure 6: loss gap for frontier investment growth g_i in {1.1, 2, 3.6, 10, 20}.

    Chapter :ref:`stagnation-robustness`.
    """
    return _sweep_figure("g_investment", values, params, lambda v: f"g_i = {v:g}x/yr")


def figure_7_initial_capital(params: PaperParams | None = None,
                             values: Sequence[float] = PAPER_SWEEPS["budget_sota"]) -> Figure:
    """Figure 7: frontier starting capital $1e3..$1e6 against a $1,000 meek model.

    Chapter :ref:`stagnation-robustness`.
    """
    return _sweep_figure("budget_sota", values, params, lambda v: f"frontier starts at ${v:,.0f}")


def figure_exponent_variant(params: PaperParams | None = None,
                            values: Sequence[float] = PAPER_SWEEPS["gamma"]) -> Figure:
    """The exponent variant: loss gap for γ = 0.155 vs 0.178 (K = 1070 kept).

    Chapter :ref:`stagnation-robustness`.
    """
    return _sweep_figure("gamma", values, params, lambda v: f"γ = {v:g}")


def figure_8_tokens_vs_gap(params: PaperParams | None = None, slowdowns: Sequence[float] = (1, 10, 100)) -> Figure:
    """Figure 8: SPRT tokens needed against the loss gap (log-log), for observer slowdowns.

    Chapter :ref:`distinguishability`.
    """
    params = PaperParams() if params is None else params
    dl = np.logspace(-5, 1, 400)
    with figure_style():
        fig, axes = _new()
        ax = axes[0]
        for i, s in enumerate(slowdowns):
            ax.loglog(dl, token_threshold(dl, params.alpha, params.beta, s), color=SERIES[i],
                      ls=LINESTYLES[i], label=f"{s:g}x slowdown")
        _token_references(ax)
        ax.set(xlabel="loss gap ΔL (nats/token)", ylabel="expected tokens to distinguish")
        _legend_below(fig, ncols=3)
    return fig


def _token_references(ax: plt.Axes) -> None:
    """Reference lines at 100 tokens (a tweet) and 1,000 tokens (a short blog post).

    Each line is labelled at its right end, outside the axes, where no curve runs.
    """
    for tokens, text in ((100, "a tweet"), (1000, "a blog post")):
        ax.axhline(tokens, color=PALETTE["reference"], lw=1, ls=":")
        ax.annotate(text, (1.0, tokens), xycoords=("axes fraction", "data"), xytext=(4, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=8.5,
                    color="0.35", annotation_clip=False)


def figure_9_tokens_vs_time(params: PaperParams | None = None, slowdowns: Sequence[float] = (1, 10, 100)) -> Figure:
    """Figure 9: SPRT tokens needed over time in the default scenario (t from 1 to 20).

    Chapter :ref:`distinguishability`.
    """
    params = PaperParams() if params is None else params
    t = np.linspace(1.0, 20.0, 400)
    with figure_style():
        fig, axes = _new()
        ax = axes[0]
        for i, s in enumerate(slowdowns):
            ax.semilogy(t, token_threshold_over_time(t, params, s), color=SERIES[i], ls=LINESTYLES[i],
                        label=f"{s:g}x slowdown")
        ax.set_xlim(1, 20)
        _token_references(ax)
        ax.set(xlabel=YEARS, ylabel="expected tokens to distinguish")
        _legend_below(fig, ncols=3)
    return fig


def figure_10_stagnation(params: PaperParams | None = None) -> Figure:
    """Figure 10: three frontier investment schedules (left, log scale) and their loss gaps.

    Chapter :ref:`stagnation-robustness`.
    """
    params = PaperParams() if params is None else params
    t = _years()
    schedules = stagnation_schedules(params)
    curves = stagnation_scenarios(t, params)
    with figure_style():
        fig, axes = _new(2, 8.6, 3.6)
        for i, ((label, sched), curve) in enumerate(zip(schedules.items(), curves)):
            # one legend for both panels: same colour and style for a schedule and its gap
            axes[0].semilogy(t, sched.dollars(t), color=SERIES[i], ls=LINESTYLES[i],
                             label=f"{label} (ΔL(20) = {curve.gap_at(20):.4f})")
            axes[1].plot(t, curve.gap, color=SERIES[i], ls=LINESTYLES[i])
        axes[0].axhline(params.budget_meek, color=PALETTE["meek"], lw=1, ls=":", label="meek budget")
        axes[0].set(xlabel=YEARS, ylabel="frontier training budget ($)")
        axes[1].set(xlabel=YEARS, ylabel=GAP_LABEL, ylim=(0, None))
        _legend_below(fig, ncols=2)
    return fig


#: Name -> function for every paper figure, in the paper's order.
PAPER_FIGURES: dict[str, Callable[[], Figure]] = {
    "figure_1_loss_gap": figure_1_loss_gap,
    "figure_2_sigmoid_fit": figure_2_sigmoid_fit,
    "figure_3_benchmark_gap": figure_3_benchmark_gap,
    "figure_4_inference_gap": figure_4_inference_gap,
    "figure_5_leaderboard": figure_5_leaderboard,
    "figure_5b_small_models": figure_5b_small_models,
    "figure_6_investment_growth": figure_6_investment_growth,
    "figure_7_initial_capital": figure_7_initial_capital,
    "figure_8_tokens_vs_gap": figure_8_tokens_vs_gap,
    "figure_9_tokens_vs_time": figure_9_tokens_vs_time,
    "figure_10_stagnation": figure_10_stagnation,
    "figure_exponent_variant": figure_exponent_variant,
}


def write_all(outdir: str | Path, formats: Sequence[str] = ("png", "svg")) -> list[Path]:
    """Draw every paper figure and save it in each format; returns the paths written.

    SVG output is deterministic (fixed hash salt, no date metadata); temp file + rename, symlinks refused.
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    refuse_symlinks(out / f"{n}.{f}" for n in PAPER_FIGURES for f in formats)  # before drawing
    written: list[Path] = []
    for name, func in PAPER_FIGURES.items():
        fig = func()
        for fmt in formats:
            metadata = {"Date": None} if fmt == "svg" else ({"Software": None} if fmt == "png" else None)
            with figure_style(), io.BytesIO() as buffer:  # the SVG hash salt must be set when saving
                fig.savefig(buffer, format=fmt, metadata=metadata)
                written.append(write_bytes_atomic(out / f"{name}.{fmt}", buffer.getvalue()))  # temp file + rename
        plt.close(fig)
    return written


# --- Plots of the two empirical analyses (meekbook.empirical.sigmoid_fit, .frontier) -----


def _palette() -> dict[str, str]:
    """Colours of the two empirical plots by role, from :data:`meekbook.plots.style.PALETTE`."""
    return {"frontier": PALETTE["sota"], "meek": PALETTE["meek"], "data": PALETTE["blue"],
            "fit": PALETTE["vermillion"], "reference": PALETTE["reference"]}


def _axes(ax: "Axes | None") -> "Axes":
    if ax is None:
        _, ax = plt.subplots()
    return ax


def plot_sigmoid_fit(
    fit: "ModelSigmoidFit", ax: "Axes | None" = None, *, show_paper: bool = True
) -> "Axes":
    """Scatter of MMLU against predicted loss, with the fitted sigmoid.

    Parameters
    ----------
    fit : ModelSigmoidFit
        Result of :func:`meekbook.empirical.sigmoid_fit.sigmoid_fit_on_models`.
    ax : matplotlib Axes, optional
        Axes to draw on (default: a new figure).
    show_paper : bool, optional
        Also draw the paper's published fit, dashed.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from meekbook.empirical.datasets import load_base_models
    >>> from meekbook.empirical.sigmoid_fit import sigmoid_fit_on_models
    >>> ax = plot_sigmoid_fit(sigmoid_fit_on_models(load_base_models(), n_bootstrap=0))
    >>> ax.get_xlabel()
    'Chinchilla-predicted loss (nats/token)'
    """
    ax = _axes(ax)
    col = _palette()
    m = fit.models
    ax.scatter(m["loss"], m["mmlu"], s=18, color=col["data"], label=f"base models (n={fit.n})", zorder=3)
    x = np.linspace(float(m["loss"].min()) - 0.02, float(m["loss"].max()) + 0.02, 400)
    p = fit.params
    ax.plot(x, loss_to_score(x, p), color=col["fit"],
            label=f"fit: S={p.S:.3f}, x0={p.x0:.3f}, k={p.k:.1f}, s0={p.s0:.3f}")
    if show_paper:
        ax.plot(x, loss_to_score(x, PAPER_SIGMOID_FIT), color=col["reference"], linestyle="--",
                label="paper's published fit")
    ax.set_xlabel("Chinchilla-predicted loss (nats/token)")
    ax.set_ylabel("MMLU, 5-shot (fraction correct)")
    ax.legend(frameon=False, fontsize="small")
    return ax


def plot_frontier_gap(result: "FrontierGapResult", ax: "Axes | None" = None) -> "Axes":
    """Running best overall and inside the band, as step series, with the gap shaded.

    Parameters
    ----------
    result : FrontierGapResult
        Result of :func:`meekbook.empirical.frontier.frontier_gap`.
    ax : matplotlib Axes, optional
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from meekbook.empirical.datasets import load_leaderboard
    >>> from meekbook.empirical.frontier import frontier_gap
    >>> res = frontier_gap(load_leaderboard(), price_min=0.5, price_max=1.0)
    >>> ax = plot_frontier_gap(res)
    >>> len(ax.get_lines()) >= 2
    True
    """
    ax = _axes(ax)
    col = _palette()
    g = result.gap
    end = max(result.overall["date"].iloc[-1], result.band["date"].iloc[-1], g["date"].iloc[-1])
    for series, colour, label in (
        (result.overall, col["frontier"], "best overall"),
        (result.band, col["meek"], f"best in band ({result.band_label})"),
    ):
        d = np.append(series["date"].to_numpy(dtype="datetime64[ns]"), np.datetime64(end, "ns"))
        v = np.append(series["best"].to_numpy(), series["best"].iloc[-1])
        ax.step(d, v, where="post", color=colour, label=label)
    ax.fill_between(g["date"], g["band"], g["overall"], step="post", color=col["frontier"],
                    alpha=0.15, linewidth=0, label="gap")
    ax.set_xlabel("release date")
    ax.set_ylabel(f"{result.score} (fraction correct)")
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.legend(frameon=False, fontsize="small")
    return ax
