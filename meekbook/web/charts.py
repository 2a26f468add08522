"""The in-page chart of each chapter (Vega-Lite, built with Altair): the model's closed forms
as Vega expressions (:mod:`meekbook.web.expressions`) recomputed in the browser as sliders move."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from ..model.scaling import HOFFMANN_2022, ScalingLaw
from ..plots.style import PALETTE
from .expressions import (
    ALLOCATION_EXPONENT_N,
    COMPUTE_OPTIMAL_LOSS,
    CROSSING_TIME,
    HEAD_START_WITHOUT_PEAK,
    INFERENCE_CATCH_UP_TIME,
    LAW_G,
    LAW_GAMMA,
    LAW_K,
    LOG_COMPUTE_MEEK,
    LOG_COMPUTE_SOTA,
    LOG_COMPUTE_SOTA_SCHEDULE,
    LOG_INFERENCE_COMPUTE,
    LOG_RAW_COMPUTE_MEEK,
    LOSS_FROM_LOG_COMPUTE,
    LOSS_GAP_FROM_LOG_COMPUTE,
    PEAK_TIME_GENERAL,
    SIGMOID_SCORE,
    THRESHOLD_WINDOW,
    TOKEN_THRESHOLD,
    WALD_CONSTANT,
    _fill_partial,
    _gap_at,
    _peak_time_expr,
    fill,
)
from .vega import (
    GAP_TITLE,
    YEARS,
    _P,
    _actor_sliders,
    _alt,
    _axis,
    _checkbox,
    _derived,
    _finish,
    _fixed,
    _growth_derived,
    _growth_slider,
    _law_params,
    _legend,
    _one_row,
    _slider,
    _years,
)

__all__ = [
    "compute_law_chart", "gap_equation_chart", "inflection_time_chart", "benchmark_scores_chart",
    "distinguishability_chart", "inference_chart", "stagnation_chart", "price_band_chart",
    "governance_chart",
]


def compute_law_chart() -> Any:
    """Chapter :ref:`scaling-law`: the compute-optimal loss ``L*(C)`` for any Chinchilla constants.

    Sliders: ``a``, ``b``, ``A``, ``B``, ``E`` (defaults Hoffmann et al. 2022). The browser
    derives ``law_gamma``, ``law_G``, ``law_K`` and the allocation exponent ``n_exponent``
    (signals) and the loss at a 1e20-FLOP budget (marker).
    """
    alt = _alt()
    h: ScalingLaw = HOFFMANN_2022
    params = [
        _slider("a", h.a, 0.1, 0.6, 0.01, "a (parameter exponent)"),
        _slider("b", h.b, 0.1, 0.6, 0.01, "b (token exponent)"),
        _slider("A", h.A, 50, 2000, 1, "A"),
        _slider("B", h.B, 50, 3000, 1, "B"),
        _slider("irreducible_loss", h.E, 1.0, 2.5, 0.01, "E (irreducible loss)"),
        _derived("law_gamma", LAW_GAMMA),
        _derived("law_G", LAW_G),
        _derived("law_K", LAW_K),
        _derived("n_exponent", ALLOCATION_EXPONENT_N),
        _derived("marker_loss", fill(COMPUTE_OPTIMAL_LOSS, log_c="20 * LN10")),
    ]
    grid = np.arange(0, 121) * 0.1 + 18.0
    reference = [
        {"log10_compute": float(x), "loss": float(h.compute_law().loss_from_log_compute(x * np.log(10)))}
        for x in grid
    ]
    seq = alt.sequence(0, 121, as_="i")
    x = alt.X("log10_compute:Q", title="training compute C (log10 FLOP)", axis=_axis("training compute C (log10 FLOP)"),
              scale=alt.Scale(domain=[18, 30]))
    y_scale = alt.Scale(domain=[1.0, 4.5])
    curve = (
        alt.Chart(seq).mark_line(color=PALETTE["blue"], strokeWidth=2.5, clip=True)
        .transform_calculate(log10_compute="datum.i * 0.1 + 18")
        .transform_calculate(loss=fill(COMPUTE_OPTIMAL_LOSS, log_c="datum.log10_compute * LN10"))
        .encode(x=x, y=alt.Y("loss:Q", scale=y_scale, axis=_axis("loss L*(C) (nats/token)")))
        .properties(name="law_curve")
    )
    ref = (
        alt.Chart(alt.Data(values=reference)).mark_line(color=PALETTE["reference"], strokeDash=[5, 3], strokeWidth=1.5, clip=True)
        .encode(x="log10_compute:Q", y=alt.Y("loss:Q", scale=y_scale))
    )
    floor = alt.Chart(_one_row()).mark_rule(color=PALETTE["blue"], strokeDash=[2, 2]).transform_calculate(floor="irreducible_loss").encode(y="floor:Q")
    point = (
        alt.Chart(_one_row()).mark_point(filled=True, size=70, color=PALETTE["vermillion"], opacity=1)
        .transform_calculate(log10_compute="20", loss="marker_loss")
        .encode(x="log10_compute:Q", y=alt.Y("loss:Q", scale=y_scale))
        .properties(name="law_marker")
    )
    label = (
        alt.Chart(_one_row()).mark_text(align="right", baseline="top", x="width", y=4, dx=-4, lineBreak="\n")
        .transform_calculate(text="'γ = ' + format(law_gamma, '.4f') + ', K = ' + format(law_K, '.4~r')"
                             " + '\\nL*(1e20) = ' + format(marker_loss, '.3f') + ' (dot; dashed: Chinchilla)'"
                             " + '\\nN_opt ∝ C^' + format(n_exponent, '.3f')")
        .encode(text="text:N")
    )
    return _finish(alt.layer(ref, curve, floor, point, label), *params)


def gap_equation_chart() -> Any:
    """Chapter :ref:`gap-equation` (paper Figure 1): both losses and the gap, peak marked.

    Sliders: ``g_investment``, ``g_algorithm``, ``g_hardware``, ``budget_meek``,
    ``budget_sota``, ``gamma``. Signals ``peak_time`` and ``peak_gap`` hold the marker.
    """
    alt = _alt()
    params = [
        *_actor_sliders(),
        *_law_params(),
        *_growth_derived(),
        _derived("peak_time", _peak_time_expr()),
        _derived("peak_gap", _gap_at("peak_time")),
    ]
    seq, t_expr = _years()
    base = alt.Chart(seq).transform_calculate(t=t_expr).transform_calculate(
        log_c_meek=fill(LOG_COMPUTE_MEEK, t="datum.t"),
        log_c_sota=fill(LOG_COMPUTE_SOTA, t="datum.t"),
    ).transform_calculate(
        loss_meek=fill(LOSS_FROM_LOG_COMPUTE, x="datum.log_c_meek"),
        loss_sota=fill(LOSS_FROM_LOG_COMPUTE, x="datum.log_c_sota"),
        gap=fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek="datum.log_c_meek", x_sota="datum.log_c_sota"),
    )
    x = alt.X("t:Q", axis=_axis(YEARS))
    meek = (base.mark_line(strokeWidth=2, color=PALETTE["meek"])
            .encode(x=x, y=alt.Y("loss_meek:Q", axis=_axis("loss (nats/token)"), scale=alt.Scale(zero=False)))
            .properties(name="loss_meek_curve"))
    sota = (base.mark_line(strokeWidth=2, color=PALETTE["sota"], strokeDash=[6, 3])
            .encode(x=x, y="loss_sota:Q").properties(name="loss_sota_curve"))
    losses = alt.layer(_legend(["meek", "frontier"], [PALETTE["meek"], PALETTE["sota"]], [[1, 0], [6, 3]]),
                       meek, sota).properties(height=150)
    gap = base.mark_line(strokeWidth=2.5, color=PALETTE["gap"]).encode(
        x=x, y=alt.Y("gap:Q", axis=_axis(GAP_TITLE))).properties(name="gap_curve")
    marker = _peak_marker("peak_time", "peak_gap")
    gap_panel = alt.layer(gap, *marker).properties(height=200)
    chart = alt.vconcat(losses.properties(width="container"), gap_panel.properties(width="container"))
    return _finish_concat(chart, *params)


def _peak_marker(t_signal: str, gap_signal: str, label: str | None = None) -> list[Any]:
    alt = _alt()
    row = alt.Chart(_one_row()).transform_calculate(t=t_signal, gap=gap_signal)
    rule = row.mark_rule(color=PALETTE["vermillion"], strokeDash=[3, 3]).encode(x="t:Q")
    dot = (row.mark_point(filled=True, size=80, color=PALETTE["vermillion"], opacity=1)
           .encode(x="t:Q", y="gap:Q").properties(name="peak_marker"))
    text = label or (f"'peak: t* = ' + format({t_signal}, '.2f') + ' yr, ΔL = ' + format({gap_signal}, '.3f')")
    note = (alt.Chart(_one_row()).mark_text(align="right", baseline="top", x="width", y=4, dx=-4,
                                            lineBreak="\n", color=PALETTE["vermillion"])
            .transform_calculate(text=text).encode(text="text:N"))
    return [rule, dot, note]


def _finish_concat(chart: Any, *params: Any) -> Any:
    return (
        chart.add_params(*params)
        .configure_view(stroke=None)
        .configure_axis(grid=True, gridOpacity=0.3, labelFontSize=11, titleFontSize=12,
                        titleFontWeight="normal")
        .configure_legend(orient="top", labelFontSize=11, title=None)
        .configure_text(fontSize=12)
        .configure_concat(spacing=12)
        .properties(autosize=_alt().AutoSizeParams(type="fit-x", contains="padding"))
    )


def inflection_time_chart() -> Any:
    """Chapter :ref:`inflection-time`: the gap and its closed-form peak, with head start and a
    slower meek hardware progress.

    Sliders: ``gamma``, ``g_investment``, ``g_algorithm``, ``g_hardware``, ``budget_sota``
    (``budget_meek`` fixed at $1,000, so it is the head start in thousands), and
    ``g_hardware_meek``. Signals ``peak_time``, ``peak_gap`` and ``head_start_without_peak``.
    """
    alt = _alt()
    params = [
        *_law_params(),
        _growth_slider("g_investment"),
        _growth_slider("g_algorithm"),
        _growth_slider("g_hardware"),
        _slider("budget_sota", _P.budget_sota, 1000, 100_000, 1000, "frontier head start ($, meek $1,000)"),
        _fixed("budget_meek", _P.budget_meek),
        _slider("g_hardware_meek", _P.g_hardware, 1.0, 3, 0.01, "meek g_h (export controls)"),
        *_growth_derived(meek_own=True),
        _derived("peak_time", _peak_time_expr()),
        _derived("peak_gap", _gap_at("peak_time")),
        _derived("head_start_without_peak", HEAD_START_WITHOUT_PEAK),
    ]
    seq, t_expr = _years()
    gap = (
        alt.Chart(seq).transform_calculate(t=t_expr)
        .transform_calculate(gap=fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek=fill(LOG_COMPUTE_MEEK, t="datum.t"),
                                      x_sota=fill(LOG_COMPUTE_SOTA, t="datum.t")))
        .mark_line(strokeWidth=2.5, color=PALETTE["gap"])
        .encode(x=alt.X("t:Q", axis=_axis(YEARS)), y=alt.Y("gap:Q", axis=_axis(GAP_TITLE)))
        .properties(name="gap_curve")
    )
    label = ("'t* = ' + format(peak_time, '.2f') + ' yr, ΔL(t*) = ' + format(peak_gap, '.3f')"
             " + '\\nno rise from a head start ≥ ' + format(head_start_without_peak, ',.0f') + '×'")
    return _finish(alt.layer(gap, *_peak_marker("peak_time", "peak_gap", label)), *params)


def benchmark_scores_chart() -> Any:
    """Chapter :ref:`benchmark-scores` (paper Figure 3): the MMLU gap for a task of ``steps``
    steps, its peak found on the 0.01-year grid in the browser.

    Sliders: ``S``, ``x0``, ``k``, ``s0``, ``steps``, ``g_investment``. The marker is the
    ``argmax`` of the gap curve (mirrors :func:`meekbook.model.scores.benchmark_peak` at
    ``resolution=0.01``).
    """
    alt = _alt()
    sig = _P.sigmoid
    params = [
        _slider("S", sig.S, 0.2, 0.75, 0.01, "S (score range)"),
        _slider("x0", sig.x0, 1.8, 2.2, 0.01, "x0 (midpoint loss)"),
        _slider("k", sig.k, -60, -5, 0.1, "k (steepness)"),
        _slider("s0", sig.s0, 0, 0.3, 0.01, "s0 (floor)"),
        _slider("steps", 1, 1, 20, 1, "p (steps per task)"),
        _growth_slider("g_investment"),
        _fixed("g_algorithm", _P.g_algorithm), _fixed("g_hardware", _P.g_hardware),
        _fixed("budget_meek", _P.budget_meek), _fixed("budget_sota", _P.budget_sota),
        *_law_params(gamma_slider=False),
        *_growth_derived(),
    ]
    seq, t_expr = _years(step=0.01)
    base = (
        alt.Chart(seq).transform_calculate(t=t_expr)
        .transform_calculate(loss_meek=fill(LOSS_FROM_LOG_COMPUTE, x=fill(LOG_COMPUTE_MEEK, t="datum.t")),
                             loss_sota=fill(LOSS_FROM_LOG_COMPUTE, x=fill(LOG_COMPUTE_SOTA, t="datum.t")))
        .transform_calculate(gap="100 * (pow(" + fill(SIGMOID_SCORE, loss="datum.loss_sota") + ", steps)"
                             " - pow(" + fill(SIGMOID_SCORE, loss="datum.loss_meek") + ", steps))")
    )
    x = alt.X("t:Q", axis=_axis(YEARS))
    curve = base.mark_line(strokeWidth=2.5, color=PALETTE["blue"]).encode(
        x=x, y=alt.Y("gap:Q", axis=_axis("benchmark gap (percentage points)"))).properties(name="gap_curve")
    peak = base.transform_aggregate(peak="argmax(gap)").transform_calculate(
        t="datum.peak.t", gap="datum.peak.gap")
    rule = peak.mark_rule(color=PALETTE["vermillion"], strokeDash=[3, 3]).encode(x="t:Q")
    dot = peak.mark_point(filled=True, size=80, color=PALETTE["vermillion"], opacity=1).encode(
        x="t:Q", y="gap:Q").properties(name="peak_marker")
    note = (peak.mark_text(align="right", baseline="top", x="width", y=4, dx=-4, color=PALETTE["vermillion"])
            .transform_calculate(text="'p = ' + steps + ': peak ' + format(datum.gap, '.1f') + ' points at '"
                                      " + format(datum.t, '.2f') + ' yr'")
            .encode(text="text:N"))
    return _finish(alt.layer(curve, rule, dot, note), *params)


def distinguishability_chart() -> Any:
    """Chapter :ref:`distinguishability` (paper Figure 9): SPRT tokens needed over time.

    Sliders: ``alpha``, ``beta``, ``slowdown``, ``year`` (the marked year), ``g_investment``.
    Signals: ``wald_constant``, ``year_gap`` and ``year_tokens`` (the marker) and
    ``min_tokens`` (tokens at the peak t*, the fewest ever needed).
    """
    alt = _alt()
    params = [
        _slider("alpha", _P.alpha, 0.001, 0.3, 0.001, "α (false 'meek')"),
        _slider("beta", _P.beta, 0.001, 0.3, 0.001, "β (false 'frontier')"),
        _slider("slowdown", 1, 1, 100, 1, "observer slowdown (×)"),
        _slider("year", 10, 1, 20, 0.5, "marked year"),
        _growth_slider("g_investment"),
        _fixed("g_algorithm", _P.g_algorithm), _fixed("g_hardware", _P.g_hardware),
        _fixed("budget_meek", _P.budget_meek), _fixed("budget_sota", _P.budget_sota),
        *_law_params(gamma_slider=False),
        *_growth_derived(),
        _derived("wald_constant", WALD_CONSTANT),
        _derived("year_gap", _gap_at("year")),
        _derived("year_tokens", fill(TOKEN_THRESHOLD, gap="year_gap")),
        _derived("peak_time", _peak_time_expr()),
        _derived("min_tokens", fill(TOKEN_THRESHOLD, gap=_gap_at("peak_time"))),
    ]
    seq = alt.sequence(0, 381, as_="i")
    y = alt.Y("tokens:Q", scale=alt.Scale(type="log"), axis=_axis("expected tokens to distinguish"))
    curve = (
        alt.Chart(seq).transform_calculate(t="1 + datum.i * 0.05")
        .transform_calculate(gap=fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek=fill(LOG_COMPUTE_MEEK, t="datum.t"),
                                      x_sota=fill(LOG_COMPUTE_SOTA, t="datum.t")))
        .transform_calculate(tokens=fill(TOKEN_THRESHOLD, gap="datum.gap"))
        .mark_line(strokeWidth=2.5, color=PALETTE["blue"])
        .encode(x=alt.X("t:Q", axis=_axis(YEARS), scale=alt.Scale(domain=[1, 20])), y=y)
        .properties(name="token_curve")
    )
    refs = alt.Data(values=[{"tokens": 100, "what": "a tweet (100 tokens)"},
                            {"tokens": 1000, "what": "a short blog post (1,000 tokens)"}])
    ref_rule = alt.Chart(refs).mark_rule(color=PALETTE["reference"], strokeDash=[2, 2]).encode(y="tokens:Q")
    ref_text = alt.Chart(refs).mark_text(align="left", baseline="bottom", x=4, dy=-2, color="#595959").encode(
        y="tokens:Q", text="what:N")
    row = alt.Chart(_one_row()).transform_calculate(t="year", tokens="year_tokens")
    dot = row.mark_point(filled=True, size=80, color=PALETTE["vermillion"], opacity=1).encode(
        x="t:Q", y=y).properties(name="year_marker")
    note = (alt.Chart(_one_row()).mark_text(align="left", baseline="top", x=4, y=22,
                                            lineBreak="\n", color=PALETTE["vermillion"])
            .transform_calculate(text="'year ' + year + ': ΔL = ' + format(year_gap, '.4f') + ', '"
                                      " + format(year_tokens, ',.0f') + ' tokens'"
                                      " + '\\nfewest at t* = ' + format(peak_time, '.2f') + ' yr: '"
                                      " + format(min_tokens, ',.1f') + ' tokens'")
            .encode(text="text:N"))
    return _finish(alt.layer(curve, ref_rule, ref_text, dot, note), *params)


def inference_chart() -> Any:
    """Chapter :ref:`inference` (paper Figure 4): inference gap at a fixed price per token vs
    the training gap, with the catch-up time marked.

    Sliders: ``price_per_token``, ``g_inference``, ``g_algorithm`` (default 3.6 as in the
    paper's figure), ``g_investment``, ``g_hardware``; checkbox ``include_constants`` (keep the
    2 FLOP per parameter per token and D = 20 N that the toy drops; off, as in the paper).
    Signal ``catch_up_time``.
    """
    from ..model.inference import inference_constant_factor

    alt = _alt()
    params = [
        _slider("price_per_token", _P.price_per_token, 1e-9, 1e-7, 1e-9, "price per token ($)"),
        _slider("g_inference", _P.g_inference, 1.0, 15, 0.1, "g_inf (inference efficiency/yr)"),
        _growth_slider("g_algorithm", value=3.6),
        _growth_slider("g_investment"),
        _growth_slider("g_hardware"),
        _checkbox("include_constants", False, "keep the constants the toy drops"),
        _fixed("inference_constant_factor", inference_constant_factor(True)),
        _fixed("budget_meek", _P.budget_meek), _fixed("budget_sota", _P.budget_sota),
        *_law_params(gamma_slider=False),
        *_growth_derived(),
        _derived("catch_up_time", INFERENCE_CATCH_UP_TIME),
    ]
    seq, t_expr = _years(step=0.05)
    base = (
        alt.Chart(seq).transform_calculate(t=t_expr)
        .transform_calculate(log_c_sota=fill(LOG_COMPUTE_SOTA, t="datum.t"),
                             log_c_meek=fill(LOG_COMPUTE_MEEK, t="datum.t"),
                             log_c_inf=fill(LOG_INFERENCE_COMPUTE, t="datum.t"))
        .transform_calculate(
            inference="max(" + fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek="datum.log_c_inf", x_sota="datum.log_c_sota") + ", 0)",
            training="max(" + fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek="datum.log_c_meek", x_sota="datum.log_c_sota") + ", 0)",
        )
    )
    names = ["inference gap (fixed $/token)", "training gap (fixed $ budget)"]
    x = alt.X("t:Q", axis=_axis(YEARS))
    inference = (base.mark_line(strokeWidth=2.5, color=PALETTE["vermillion"])
                 .encode(x=x, y=alt.Y("inference:Q", axis=_axis(GAP_TITLE))).properties(name="inference_curve"))
    training = (base.mark_line(strokeWidth=2.5, color=PALETTE["blue"], strokeDash=[6, 3])
                .encode(x=x, y="training:Q").properties(name="training_curve"))
    curves = [_legend(names, [PALETTE["vermillion"], PALETTE["blue"]], [[1, 0], [6, 3]], vertical=True),
              inference, training]
    row = alt.Chart(_one_row()).transform_calculate(t="catch_up_time").transform_filter("isFinite(datum.t)")
    rule = row.mark_rule(color=PALETTE["reference"], strokeDash=[3, 3]).encode(x="t:Q").properties(name="catch_up_marker")
    note = (alt.Chart(_one_row()).mark_text(align="right", baseline="middle", x="width", y="height", dx=-4, dy=-60)
            .transform_calculate(text="isFinite(catch_up_time) ? 'catch-up at ' + format(catch_up_time, '.2f') + ' yr'"
                                      " : 'never catches up'")
            .encode(text="text:N"))
    return _finish(alt.layer(*curves, rule, note), *params)


def stagnation_chart() -> Any:
    """Chapter :ref:`stagnation-robustness` (paper Figures 6, 7, 10 and the exponent variant):
    the gap when the frontier's growth changes after a year, against the paper's exponential.

    Sliders: ``change_year`` and ``growth_after`` (the :class:`~meekbook.model.schedules.SlowdownAfter`
    schedule; ``growth_after = 1`` freezes the budget), ``budget_sota`` (head start),
    ``g_investment``, ``g_hardware``, ``g_algorithm``, ``gamma``. Signals ``peak_time``,
    ``peak_gap`` (the scenario's peak on [0, 20], from the closed form on each side of the change)
    and ``gap_20``.
    """
    alt = _alt()
    after_budget = "budget_sota * pow(g_investment / growth_after, change_year)"
    params = [
        _slider("change_year", 5, 0, 20, 0.5, "growth changes after year"),
        _slider("growth_after", 1.5, 1.0, 10, 0.05, "frontier $ growth after (×/yr)"),
        _slider("budget_sota", _P.budget_sota, 1000, 1_000_000, 1000, "frontier head start ($, meek $1,000)"),
        _growth_slider("g_investment", label="g_i before (×/yr)"),
        _growth_slider("g_hardware"),
        _growth_slider("g_algorithm"),
        *_law_params(),
        _fixed("budget_meek", _P.budget_meek),
        *_growth_derived(),
        _derived("t_before", f"clamp({fill(PEAK_TIME_GENERAL, g_s='g_sota', g_m='g_meek', b_s='budget_sota', b_m='budget_meek')}, 0, min(change_year, 20))"),
        _derived("t_after", f"growth_after > 1 ? clamp({fill(PEAK_TIME_GENERAL, g_s='g_shared * growth_after', g_m='g_meek', b_s=after_budget, b_m='budget_meek')}, min(change_year, 20), 20) : min(change_year, 20)"),
        _derived("gap_before", _gap_at("t_before", LOG_COMPUTE_SOTA_SCHEDULE)),
        _derived("gap_after", _gap_at("t_after", LOG_COMPUTE_SOTA_SCHEDULE)),
        _derived("peak_time", "gap_before >= gap_after ? t_before : t_after"),
        _derived("peak_gap", "max(gap_before, gap_after)"),
        _derived("gap_20", _gap_at("20", LOG_COMPUTE_SOTA_SCHEDULE)),
    ]
    seq, t_expr = _years(step=0.05)
    names = ["your scenario", "exponential (paper)"]
    base = (
        alt.Chart(seq).transform_calculate(t=t_expr)
        .transform_calculate(log_c_meek=fill(LOG_COMPUTE_MEEK, t="datum.t"),
                             log_c_sched=_fill_partial(LOG_COMPUTE_SOTA_SCHEDULE, "datum.t"),
                             log_c_exp=fill(LOG_COMPUTE_SOTA, t="datum.t"))
        .transform_calculate(scenario=fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek="datum.log_c_meek", x_sota="datum.log_c_sched"),
                             exponential=fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek="datum.log_c_meek", x_sota="datum.log_c_exp"))
    )
    x = alt.X("t:Q", axis=_axis(YEARS))
    exponential = (base.mark_line(strokeWidth=2, color=PALETTE["reference"], strokeDash=[6, 3])
                   .encode(x=x, y=alt.Y("exponential:Q", axis=_axis(GAP_TITLE))).properties(name="exponential_curve"))
    scenario = (base.mark_line(strokeWidth=2.5, color=PALETTE["gap"])
                .encode(x=x, y="scenario:Q").properties(name="scenario_curve"))
    curves = alt.layer(_legend(names, [PALETTE["gap"], PALETTE["reference"]], [[1, 0], [6, 3]]), exponential, scenario)
    label = ("'peak ' + format(peak_gap, '.3f') + ' at ' + format(peak_time, '.2f') + ' yr'"
             " + '\\nyear 20: ' + format(gap_20, '.4f')")
    return _finish(alt.layer(curves, *_peak_marker("peak_time", "peak_gap", label)), *params)


def _leaderboard_rows(score: str = "mmlu_pro") -> list[dict[str, Any]]:
    from ..empirical.datasets import load_leaderboard
    from ..empirical.frontier import select_evaluator

    # one evaluator at a time, as meekbook.empirical.frontier.frontier_gap does by default (the
    # independent runs): vendors' own reports run a few points higher
    df, _ = select_evaluator(load_leaderboard(), None, score)
    rows = []
    for _, r in df.iterrows():
        value, price = r.get(score), r.get("output_price")
        if value is None or not np.isfinite(float(value)) or r["release_date"] is None:
            continue
        rows.append({
            "model": str(r["model"]),
            "release_date": r["release_date"].strftime("%Y-%m-%d"),
            "output_price": float(price) if price is not None and np.isfinite(float(price)) else None,
            "score": round(float(value), 6),
        })
    return rows


def _pow10_3_significant(log10_value: str) -> str:
    """Vega expression: ``10**x`` rounded to three significant digits, for ``-2 <= x <= 2``.

    ``round(10**(x + n)) / 10**n`` with ``n = 2 - floor(x)``: an integer divided by an exact
    power of ten, so the result is the double nearest to the 3-digit decimal (``0.5`` for
    ``x = log10(0.5)``, as Python's ``float("0.5")``).
    """
    n = f"(2 - floor({log10_value}))"
    return f"round(pow(10, {log10_value} + {n})) / pow(10, {n})"


def price_band_chart(score: str = "mmlu_pro") -> Any:
    """Chapter :ref:`empirical-check` (paper Figure 5): running best score overall and inside a
    price band, computed in the browser from the packaged leaderboard (inline data).

    Sliders: ``log10_price_min`` and ``log10_price_max``, the band's limits on a log scale
    (prices span four decades: a linear slider could not pick a band at the cheap end), from
    $0.01 to $100 per million output tokens. The signals ``price_min`` and ``price_max`` are
    ``10**x`` rounded to three significant digits (defaults: exactly 0.5 and 1, the paper's
    band; inclusive); the figure states the band in dollars, and each slider shows its price.
    Running maxima over release date use window transforms, as
    :func:`meekbook.empirical.frontier.running_best`.
    """
    alt = _alt()
    label = "band {} ($/M output tokens, log scale)"
    params = [
        _slider("log10_price_min", math.log10(0.5), -2, 2, 0.01, label.format("from")),
        _slider("log10_price_max", math.log10(1.0), -2, 2, 0.01, label.format("to")),
        _derived("price_min", _pow10_3_significant("log10_price_min")),
        _derived("price_max", _pow10_3_significant("log10_price_max")),
    ]
    data = alt.Data(values=_leaderboard_rows(score))
    base = (
        alt.Chart()
        .transform_calculate(in_band="isValid(datum.output_price) && datum.output_price >= price_min"
                                     " && datum.output_price <= price_max")
        .transform_calculate(band_score="datum.in_band ? datum.score : null")
        # running maxima; peers (same release date) are inside the frame, so every model of a
        # date gets the best score up to and including that date
        .transform_window(overall="max(score)", band="max(band_score)",
                          sort=[alt.SortField("release_date", order="ascending")], frame=[None, 0])
    )
    names = ["best of all models", "best in the price band"]
    x = alt.X("release_date:T", axis=alt.Axis(title="release date", format="%Y", tickCount="year"))
    y_title = "MMLU-Pro, independent runs" if score == "mmlu_pro" else score
    overall = (base.mark_line(interpolate="step-after", strokeWidth=2.5, color=PALETTE["sota"])
               .encode(x=x, y=alt.Y("overall:Q", axis=_axis(y_title), scale=alt.Scale(zero=False))))
    band = (base.transform_filter("isValid(datum.band)")
            .mark_line(interpolate="step-after", strokeWidth=2.5, color=PALETTE["meek"], strokeDash=[6, 3])
            .encode(x=x, y="band:Q").properties(name="running_best"))
    models = (base.mark_point(filled=True, size=22, color=PALETTE["reference"], opacity=0.8)
              .encode(x=x, y="score:Q", tooltip=["model:N", "release_date:T", "output_price:Q", "score:Q"]))
    shade = (base.transform_filter("isValid(datum.band)")
             .mark_area(interpolate="step-after", opacity=0.15, color=PALETTE["sota"])
             .encode(x=x, y="overall:Q", y2="band:Q"))
    latest = (
        base.transform_filter("isValid(datum.band)")
        .transform_aggregate(last="argmax(release_date)")
        .transform_calculate(gap="datum.last.overall - datum.last.band")
        .mark_text(align="left", baseline="top", x=4, y=4)
        .transform_calculate(text="'latest gap: ' + format(100 * datum.gap, '.1f') + ' points (grey dots: each model)'")
        .encode(text="text:N")
    )
    band_note = (
        alt.Chart(_one_row()).mark_text(align="left", baseline="top", x=4, y=22)
        .transform_calculate(text="'price band: ' + format(price_min, '$.3~r') + ' to ' + format(price_max, '$.3~r')"
                                  " + ' per M output tokens'")
        .encode(text="text:N").properties(name="band_note")
    )
    legend = _legend(names, [PALETTE["sota"], PALETTE["meek"]], [[1, 0], [6, 3]], vertical=True)
    return _finish(alt.layer(legend, shade, models, overall, band, latest, band_note, data=data), *params)


def governance_chart() -> Any:
    """Chapter :ref:`governance`: effective and raw training compute against the legal
    thresholds, by calendar year, with the crossings marked (as
    :func:`meekbook.plots.governance.plot_threshold_crossings`).

    Sliders: ``g_investment``, ``g_algorithm``, ``g_hardware``, ``budget_meek``,
    ``budget_sota``, ``start_year`` (calendar year at t = 0, default
    :data:`~meekbook.model.governance.PAPER_START_YEAR`) and ``log10_threshold_1``, the first threshold
    (default the EU AI Act's 1e25 FLOP; the second is US EO 14110's 1e26). Signals, for each
    threshold ``k`` in (1, 2): crossing times ``t_frontier_k``, ``t_meek_k`` (effective compute),
    ``t_meek_raw_k`` (raw FLOP) and the window ``window_k``, all in years from the start and
    infinite for "never" (then no dot is drawn and the note says so).
    """
    from ..model.governance import EU_AI_ACT, PAPER_START_YEAR, US_EO_14110

    alt = _alt()
    t_max = 15.0
    params = [
        *_actor_sliders(g_algorithm_min=1.0),   # g_alg = 1: no algorithmic progress
        _slider("start_year", PAPER_START_YEAR, 2015, 2035, 0.5, "calendar year at t = 0"),
        _slider("log10_threshold_1", math.log10(EU_AI_ACT.flop), 20, 30, 1,
                "first threshold (log10 FLOP)"),
        _fixed("log10_threshold_2", math.log10(US_EO_14110.flop)),
        _fixed("flop_per_dollar", _P.flop_per_dollar),
        _fixed("t_max", t_max),
        *_growth_derived(),
        _derived("log_c0_frontier", fill(LOG_COMPUTE_SOTA, t="0")),
        _derived("log_c0_meek", fill(LOG_COMPUTE_MEEK, t="0")),
    ]
    log_c0 = {"frontier": "log_c0_frontier", "meek": "log_c0_meek"}
    for k in (1, 2):
        log_t = f"log10_threshold_{k} * LN10"
        params += [
            _derived(f"t_frontier_{k}", fill(CROSSING_TIME, log_threshold=log_t, log_c0=log_c0["frontier"],
                                             log_growth="log(g_sota)")),
            _derived(f"t_meek_{k}", fill(CROSSING_TIME, log_threshold=log_t, log_c0=log_c0["meek"],
                                         log_growth="log(g_meek)")),
            _derived(f"t_meek_raw_{k}", fill(CROSSING_TIME, log_threshold=log_t, log_c0=log_c0["meek"],
                                             log_growth="log(g_hardware_meek)")),
            _derived(f"window_{k}", fill(THRESHOLD_WINDOW, meek=f"t_meek_{k}", frontier=f"t_frontier_{k}")),
        ]
    seq, t_expr = _years(step=0.05, t_max=t_max)
    base = (
        alt.Chart(seq).transform_calculate(t=t_expr)
        .transform_calculate(year="start_year + datum.t",
                             log10_frontier=f"({fill(LOG_COMPUTE_SOTA, t='datum.t')}) / LN10",
                             log10_meek=f"({fill(LOG_COMPUTE_MEEK, t='datum.t')}) / LN10",
                             log10_meek_raw=f"({fill(LOG_RAW_COMPUTE_MEEK, t='datum.t')}) / LN10")
    )
    x = alt.X("year:Q", scale=alt.Scale(zero=False, nice=False),
              axis=alt.Axis(title="calendar year", format="d", tickCount=4, tickMinStep=1))
    y_scale = alt.Scale(domain=[18, 30])
    y_title = "training compute (log10 FLOP)"
    names = ["frontier, effective", "meek, effective", "meek, raw FLOP"]
    colors = [PALETTE["sota"], PALETTE["meek"], PALETTE["meek"]]
    dashes = [[1, 0], [1, 0], [2, 3]]
    curves = [
        base.mark_line(strokeWidth=2.5, color=color, strokeDash=dash, clip=True)
        .encode(x=x, y=alt.Y(f"{field}:Q", scale=y_scale, axis=_axis(y_title)))
        .properties(name=f"{field.removeprefix('log10_')}_curve")
        for field, color, dash in zip(("log10_frontier", "log10_meek", "log10_meek_raw"), colors, dashes)
    ]
    # short labels (the exponent is on the axis): they must fit left of the curves on a phone
    eu, us = (json.dumps(th.name.partition(" (")[0]) for th in (EU_AI_ACT, US_EO_14110))
    first_label = f"log10_threshold_1 == {math.log10(EU_AI_ACT.flop)!r} ? {eu} : 'first threshold'"
    rows = alt.Chart(alt.Data(values=[{"k": 1}, {"k": 2}])).transform_calculate(
        log10_flop="datum.k == 1 ? log10_threshold_1 : log10_threshold_2")
    # one layer per threshold (fixed dashes: a strokeDash encoding would share the legend's scale)
    rules = [
        rows.transform_filter(f"datum.k == {k}")
        .mark_rule(color=PALETTE["reference"], strokeWidth=1.2, strokeDash=dash)
        .encode(y=alt.Y("log10_flop:Q", scale=y_scale))
        for k, dash in ((1, [6, 3]), (2, [6, 2, 1, 2]))
    ]
    rule_labels = (rows.transform_calculate(text=f"datum.k == 1 ? ({first_label}) : {us}")
                   .mark_text(align="left", baseline="bottom", x=4, dy=-2, color="#595959")
                   .encode(y=alt.Y("log10_flop:Q", scale=y_scale), text="text:N"))

    def dots(actor: str, color: str) -> Any:
        return (rows.transform_calculate(t=f"datum.k == 1 ? t_{actor}_1 : t_{actor}_2")
                .transform_filter("isFinite(datum.t) && datum.t <= t_max")
                .transform_calculate(year="start_year + datum.t")
                .mark_point(filled=True, size=70, color=color, opacity=1)
                .encode(x="year:Q", y=alt.Y("log10_flop:Q", scale=y_scale))
                .properties(name=f"{actor}_crossing_marker"))

    def year_of(signal: str) -> str:
        return f"(isFinite({signal}) ? format(start_year + {signal}, '.1f') : 'never')"

    note = (
        alt.Chart(_one_row())
        # below the axis title: inside the plot it would cover curves for some settings
        .mark_text(align="left", baseline="top", x=0, y="height", dy=40, lineBreak="\n")
        .transform_calculate(text="'1e' + format(log10_threshold_1, '.0f') + ' FLOP: frontier ' + "
                                  + year_of("t_frontier_1") + " + ', meek ' + " + year_of("t_meek_1")
                                  + " + '\\nwindow ' + (isFinite(window_1) ? format(window_1, '.1f') + ' yr'"
                                  " : 'never closes') + '; meek raw FLOP ' + " + year_of("t_meek_raw_1"))
        .encode(text="text:N").properties(name="crossing_note")
    )
    legend = _legend(names, colors, dashes, vertical=True)
    return _finish(alt.layer(legend, *rules, rule_labels, *curves, dots("frontier", PALETTE["sota"]),
                             dots("meek", PALETTE["meek"]), note), *params)


