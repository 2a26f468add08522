"""The in-page charts of the model's chapters (Vega-Lite, built with Altair): the model's closed
forms as Vega expressions (:mod:`meekbook.web.expressions`) recomputed in the browser as sliders
move. The charts of data and governance are in :mod:`meekbook.web.data_charts`."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..model.scaling import HOFFMANN_2022, ScalingLaw
from ..plots.style import PALETTE
from .expressions import (
    ALLOCATION_EXPONENT_N,
    G_MEEK,
    G_SHARED,
    G_SOTA,
    COMPUTE_OPTIMAL_LOSS,
    HEAD_START_WITHOUT_PEAK,
    INFERENCE_CATCH_UP_TIME,
    LAW_G,
    LAW_GAMMA,
    LAW_K,
    LOG_COMPUTE_MEEK,
    LOG_COMPUTE_SOTA,
    LOG_COMPUTE_SOTA_SCHEDULE,
    LOG_INFERENCE_COMPUTE,
    LOSS_FROM_LOG_COMPUTE,
    LOSS_GAP_FROM_LOG_COMPUTE,
    PEAK_TIME_GENERAL,
    SIGMOID_SCORE,
    TOKEN_THRESHOLD,
    WALD_CONSTANT,
    fill,
    fill_partial,
    gap_at,
    peak_time_expr,
)
from .vega import (
    GAP_TITLE,
    PAPER_PARAMS,
    YEARS,
    actor_sliders,
    altair,
    axis,
    checkbox,
    control_slider,
    derived,
    finish,
    finish_concat,
    fixed,
    growth_derived,
    law_params,
    legend,
    one_row,
    peak_marker,
    year_grid,
)

__all__ = [
    "compute_law_chart", "gap_equation_chart", "inflection_time_chart", "benchmark_scores_chart",
    "distinguishability_chart", "inference_chart", "stagnation_chart", "caveats_chart",
]


def compute_law_chart() -> Any:
    """Chapter :ref:`scaling-law`: the compute-optimal loss ``L*(C)`` for any Chinchilla constants.

    Sliders: ``a``, ``b``, ``A``, ``B``, ``E`` (defaults Hoffmann et al. 2022). The browser
    derives ``law_gamma``, ``law_G``, ``law_K`` and the allocation exponent ``n_exponent``
    (signals) and the loss at a 1e20-FLOP budget (marker).
    """
    alt = altair()
    h: ScalingLaw = HOFFMANN_2022
    params = [
        *(control_slider(key) for key in ("a", "b", "A", "B", "irreducible_loss")),
        derived("law_gamma", LAW_GAMMA),
        derived("law_G", LAW_G),
        derived("law_K", LAW_K),
        derived("n_exponent", ALLOCATION_EXPONENT_N),
        derived("marker_loss", fill(COMPUTE_OPTIMAL_LOSS, log_c="20 * LN10")),
    ]
    grid = np.arange(0, 121) * 0.1 + 18.0
    reference = [
        {"log10_compute": float(x), "loss": float(h.compute_law().loss_from_log_compute(x * np.log(10)))}
        for x in grid
    ]
    seq = alt.sequence(0, 121, as_="i")
    x = alt.X("log10_compute:Q", title="training compute C (log10 FLOP)", axis=axis("training compute C (log10 FLOP)"),
              scale=alt.Scale(domain=[18, 30]))
    y_scale = alt.Scale(domain=[1.0, 4.5])
    curve = (
        alt.Chart(seq).mark_line(color=PALETTE["blue"], strokeWidth=2.5, clip=True)
        .transform_calculate(log10_compute="datum.i * 0.1 + 18")
        .transform_calculate(loss=fill(COMPUTE_OPTIMAL_LOSS, log_c="datum.log10_compute * LN10"))
        .encode(x=x, y=alt.Y("loss:Q", scale=y_scale, axis=axis("loss L*(C) (nats/token)")))
        .properties(name="law_curve")
    )
    ref = (
        alt.Chart(alt.Data(values=reference)).mark_line(color=PALETTE["reference"], strokeDash=[5, 3], strokeWidth=1.5, clip=True)
        .encode(x="log10_compute:Q", y=alt.Y("loss:Q", scale=y_scale))
    )
    floor = alt.Chart(one_row()).mark_rule(color=PALETTE["blue"], strokeDash=[2, 2]).transform_calculate(floor="irreducible_loss").encode(y="floor:Q")
    point = (
        alt.Chart(one_row()).mark_point(filled=True, size=70, color=PALETTE["vermillion"], opacity=1)
        .transform_calculate(log10_compute="20", loss="marker_loss")
        .encode(x="log10_compute:Q", y=alt.Y("loss:Q", scale=y_scale))
        .properties(name="law_marker")
    )
    label = (
        alt.Chart(one_row()).mark_text(align="right", baseline="top", x="width", y=4, dx=-4, lineBreak="\n")
        .transform_calculate(text="'γ = ' + format(law_gamma, '.4f') + ', K = ' + format(law_K, '.4~r')"
                             " + '\\nL*(1e20) = ' + format(marker_loss, '.3f') + ' (dot; dashed: Chinchilla)'"
                             " + '\\nN_opt ∝ C^' + format(n_exponent, '.3f')")
        .encode(text="text:N")
    )
    return finish(alt.layer(ref, curve, floor, point, label), *params)


def gap_equation_chart() -> Any:
    """Chapter :ref:`gap-equation` (paper Figure 1): both losses and the gap, peak marked.

    Sliders: ``g_investment``, ``g_algorithm``, ``g_hardware``, ``budget_meek``,
    ``budget_sota``, ``gamma``. Signals ``peak_time`` and ``peak_gap`` hold the marker.
    """
    alt = altair()
    params = [
        *actor_sliders(),
        *law_params(),
        *growth_derived(),
        derived("peak_time", peak_time_expr()),
        derived("peak_gap", gap_at("peak_time")),
    ]
    seq, t_expr = year_grid()
    base = alt.Chart(seq).transform_calculate(t=t_expr).transform_calculate(
        log_c_meek=fill(LOG_COMPUTE_MEEK, t="datum.t"),
        log_c_sota=fill(LOG_COMPUTE_SOTA, t="datum.t"),
    ).transform_calculate(
        loss_meek=fill(LOSS_FROM_LOG_COMPUTE, x="datum.log_c_meek"),
        loss_sota=fill(LOSS_FROM_LOG_COMPUTE, x="datum.log_c_sota"),
        gap=fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek="datum.log_c_meek", x_sota="datum.log_c_sota"),
    )
    x = alt.X("t:Q", axis=axis(YEARS))
    meek = (base.mark_line(strokeWidth=2, color=PALETTE["meek"])
            .encode(x=x, y=alt.Y("loss_meek:Q", axis=axis("loss (nats/token)"), scale=alt.Scale(zero=False)))
            .properties(name="loss_meek_curve"))
    sota = (base.mark_line(strokeWidth=2, color=PALETTE["sota"], strokeDash=[6, 3])
            .encode(x=x, y="loss_sota:Q").properties(name="loss_sota_curve"))
    losses = alt.layer(legend(["meek", "frontier"], [PALETTE["meek"], PALETTE["sota"]], [[1, 0], [6, 3]]),
                       meek, sota).properties(height=150)
    gap = base.mark_line(strokeWidth=2.5, color=PALETTE["gap"]).encode(
        x=x, y=alt.Y("gap:Q", axis=axis(GAP_TITLE))).properties(name="gap_curve")
    marker = peak_marker("peak_time", "peak_gap")
    gap_panel = alt.layer(gap, *marker).properties(height=200)
    chart = alt.vconcat(losses.properties(width="container"), gap_panel.properties(width="container"))
    return finish_concat(chart, *params)


def inflection_time_chart() -> Any:
    """Chapter :ref:`inflection-time`: the gap and its closed-form peak, with head start and a
    slower meek hardware progress.

    Sliders: ``gamma``, ``g_investment``, ``g_algorithm``, ``g_hardware``, ``budget_sota``
    (``budget_meek`` fixed at $1,000, so it is the head start in thousands), and
    ``g_hardware_meek``. Signals ``peak_time``, ``peak_gap`` and ``head_start_without_peak``.
    """
    alt = altair()
    params = [
        *law_params(),
        *(control_slider(key) for key in ("g_investment", "g_algorithm", "g_hardware",
                                          "budget_sota_head_start")),
        fixed("budget_meek", PAPER_PARAMS.budget_meek),
        control_slider("g_hardware_meek"),
        *growth_derived(meek_own=True),
        derived("peak_time", peak_time_expr()),
        derived("peak_gap", gap_at("peak_time")),
        derived("head_start_without_peak", HEAD_START_WITHOUT_PEAK),
    ]
    seq, t_expr = year_grid()
    gap = (
        alt.Chart(seq).transform_calculate(t=t_expr)
        .transform_calculate(gap=fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek=fill(LOG_COMPUTE_MEEK, t="datum.t"),
                                      x_sota=fill(LOG_COMPUTE_SOTA, t="datum.t")))
        .mark_line(strokeWidth=2.5, color=PALETTE["gap"])
        .encode(x=alt.X("t:Q", axis=axis(YEARS)), y=alt.Y("gap:Q", axis=axis(GAP_TITLE)))
        .properties(name="gap_curve")
    )
    label = ("'t* = ' + format(peak_time, '.2f') + ' yr, ΔL(t*) = ' + format(peak_gap, '.3f')"
             " + '\\nno rise from a head start ≥ ' + format(head_start_without_peak, ',.0f') + '×'")
    return finish(alt.layer(gap, *peak_marker("peak_time", "peak_gap", label)), *params)


def benchmark_scores_chart() -> Any:
    """Chapter :ref:`benchmark-scores` (paper Figure 3): the MMLU gap for a task of ``steps``
    steps, its peak found on the 0.01-year grid in the browser.

    Sliders: ``S``, ``x0``, ``k``, ``s0``, ``steps``, ``g_investment``. The marker is the
    ``argmax`` of the gap curve (mirrors :func:`meekbook.model.scores.benchmark_peak` at
    ``resolution=0.01``).
    """
    alt = altair()
    params = [
        *(control_slider(key) for key in ("S", "x0", "k", "s0", "steps", "g_investment")),
        fixed("g_algorithm", PAPER_PARAMS.g_algorithm), fixed("g_hardware", PAPER_PARAMS.g_hardware),
        fixed("budget_meek", PAPER_PARAMS.budget_meek), fixed("budget_sota", PAPER_PARAMS.budget_sota),
        *law_params(gamma_slider=False),
        *growth_derived(),
    ]
    seq, t_expr = year_grid(step=0.01)
    base = (
        alt.Chart(seq).transform_calculate(t=t_expr)
        .transform_calculate(loss_meek=fill(LOSS_FROM_LOG_COMPUTE, x=fill(LOG_COMPUTE_MEEK, t="datum.t")),
                             loss_sota=fill(LOSS_FROM_LOG_COMPUTE, x=fill(LOG_COMPUTE_SOTA, t="datum.t")))
        .transform_calculate(gap="100 * (pow(" + fill(SIGMOID_SCORE, loss="datum.loss_sota") + ", steps)"
                             " - pow(" + fill(SIGMOID_SCORE, loss="datum.loss_meek") + ", steps))")
    )
    x = alt.X("t:Q", axis=axis(YEARS))
    curve = base.mark_line(strokeWidth=2.5, color=PALETTE["blue"]).encode(
        x=x, y=alt.Y("gap:Q", axis=axis("benchmark gap (percentage points)"))).properties(name="gap_curve")
    peak = base.transform_aggregate(peak="argmax(gap)").transform_calculate(
        t="datum.peak.t", gap="datum.peak.gap")
    rule = peak.mark_rule(color=PALETTE["vermillion"], strokeDash=[3, 3]).encode(x="t:Q")
    dot = peak.mark_point(filled=True, size=80, color=PALETTE["vermillion"], opacity=1).encode(
        x="t:Q", y="gap:Q").properties(name="peak_marker")
    note = (peak.mark_text(align="right", baseline="top", x="width", y=4, dx=-4, color=PALETTE["vermillion"])
            .transform_calculate(text="'p = ' + steps + ': peak ' + format(datum.gap, '.1f') + ' points at '"
                                      " + format(datum.t, '.2f') + ' yr'")
            .encode(text="text:N"))
    return finish(alt.layer(curve, rule, dot, note), *params)


def distinguishability_chart() -> Any:
    """Chapter :ref:`distinguishability` (paper Figure 9): SPRT tokens needed over time.

    Sliders: ``alpha``, ``beta``, ``slowdown``, ``year`` (the marked year), ``g_investment``.
    Signals: ``wald_constant``, ``year_gap`` and ``year_tokens`` (the marker) and
    ``min_tokens`` (tokens at the peak t*, the fewest ever needed).
    """
    alt = altair()
    params = [
        *(control_slider(key) for key in ("alpha", "beta", "slowdown", "year", "g_investment")),
        fixed("g_algorithm", PAPER_PARAMS.g_algorithm), fixed("g_hardware", PAPER_PARAMS.g_hardware),
        fixed("budget_meek", PAPER_PARAMS.budget_meek), fixed("budget_sota", PAPER_PARAMS.budget_sota),
        *law_params(gamma_slider=False),
        *growth_derived(),
        derived("wald_constant", WALD_CONSTANT),
        derived("year_gap", gap_at("year")),
        derived("year_tokens", fill(TOKEN_THRESHOLD, gap="year_gap")),
        derived("peak_time", peak_time_expr()),
        derived("min_tokens", fill(TOKEN_THRESHOLD, gap=gap_at("peak_time"))),
    ]
    seq = alt.sequence(0, 381, as_="i")
    y = alt.Y("tokens:Q", scale=alt.Scale(type="log"), axis=axis("expected tokens to distinguish"))
    curve = (
        alt.Chart(seq).transform_calculate(t="1 + datum.i * 0.05")
        .transform_calculate(gap=fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek=fill(LOG_COMPUTE_MEEK, t="datum.t"),
                                      x_sota=fill(LOG_COMPUTE_SOTA, t="datum.t")))
        .transform_calculate(tokens=fill(TOKEN_THRESHOLD, gap="datum.gap"))
        .mark_line(strokeWidth=2.5, color=PALETTE["blue"])
        .encode(x=alt.X("t:Q", axis=axis(YEARS), scale=alt.Scale(domain=[1, 20])), y=y)
        .properties(name="token_curve")
    )
    refs = alt.Data(values=[{"tokens": 100, "what": "a tweet (100 tokens)"},
                            {"tokens": 1000, "what": "a short blog post (1,000 tokens)"}])
    ref_rule = alt.Chart(refs).mark_rule(color=PALETTE["reference"], strokeDash=[2, 2]).encode(y="tokens:Q")
    ref_text = alt.Chart(refs).mark_text(align="left", baseline="bottom", x=4, dy=-2, color="#595959").encode(
        y="tokens:Q", text="what:N")
    row = alt.Chart(one_row()).transform_calculate(t="year", tokens="year_tokens")
    dot = row.mark_point(filled=True, size=80, color=PALETTE["vermillion"], opacity=1).encode(
        x="t:Q", y=y).properties(name="year_marker")
    note = (alt.Chart(one_row()).mark_text(align="left", baseline="top", x=4, y=22,
                                            lineBreak="\n", color=PALETTE["vermillion"])
            .transform_calculate(text="'year ' + year + ': ΔL = ' + format(year_gap, '.4f') + ', '"
                                      " + format(year_tokens, ',.0f') + ' tokens'"
                                      " + '\\nfewest at t* = ' + format(peak_time, '.2f') + ' yr: '"
                                      " + format(min_tokens, ',.1f') + ' tokens'")
            .encode(text="text:N"))
    return finish(alt.layer(curve, ref_rule, ref_text, dot, note), *params)


def inference_chart() -> Any:
    """Chapter :ref:`inference` (paper Figure 4): inference gap at a fixed price per token vs
    the training gap, with the catch-up time marked.

    Sliders: ``price_per_token``, ``g_inference``, ``g_algorithm`` (default 3.6 as in the
    paper's figure), ``g_investment``, ``g_hardware``; checkbox ``include_constants`` (keep the
    2 FLOP per parameter per token and D = 20 N that the toy drops; off, as in the paper).
    Signal ``catch_up_time``.
    """
    from ..model.inference import inference_constant_factor

    alt = altair()
    params = [
        *(control_slider(key) for key in ("price_per_token", "g_inference", "g_algorithm_fig4",
                                          "g_investment", "g_hardware")),
        checkbox("include_constants", False, "keep the constants the toy drops"),
        fixed("inference_constant_factor", inference_constant_factor(True)),
        fixed("budget_meek", PAPER_PARAMS.budget_meek), fixed("budget_sota", PAPER_PARAMS.budget_sota),
        *law_params(gamma_slider=False),
        *growth_derived(),
        derived("catch_up_time", INFERENCE_CATCH_UP_TIME),
    ]
    seq, t_expr = year_grid(step=0.05)
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
    x = alt.X("t:Q", axis=axis(YEARS))
    inference = (base.mark_line(strokeWidth=2.5, color=PALETTE["vermillion"])
                 .encode(x=x, y=alt.Y("inference:Q", axis=axis(GAP_TITLE))).properties(name="inference_curve"))
    training = (base.mark_line(strokeWidth=2.5, color=PALETTE["blue"], strokeDash=[6, 3])
                .encode(x=x, y="training:Q").properties(name="training_curve"))
    curves = [legend(names, [PALETTE["vermillion"], PALETTE["blue"]], [[1, 0], [6, 3]], vertical=True),
              inference, training]
    row = alt.Chart(one_row()).transform_calculate(t="catch_up_time").transform_filter("isFinite(datum.t)")
    rule = row.mark_rule(color=PALETTE["reference"], strokeDash=[3, 3]).encode(x="t:Q").properties(name="catch_up_marker")
    note = (alt.Chart(one_row()).mark_text(align="right", baseline="middle", x="width", y="height", dx=-4, dy=-60)
            .transform_calculate(text="isFinite(catch_up_time) ? 'catch-up at ' + format(catch_up_time, '.2f') + ' yr'"
                                      " : 'never catches up'")
            .encode(text="text:N"))
    return finish(alt.layer(*curves, rule, note), *params)


def stagnation_chart() -> Any:
    """Chapter :ref:`stagnation-robustness` (paper Figures 6, 7, 10 and the exponent variant):
    the gap when the frontier's growth changes after a year, against the paper's exponential.

    Sliders: ``change_year`` and ``growth_after`` (the :class:`~meekbook.model.schedules.SlowdownAfter`
    schedule; ``growth_after = 1`` freezes the budget), ``budget_sota`` (head start),
    ``g_investment``, ``g_hardware``, ``g_algorithm``, ``gamma``. Signals ``peak_time``,
    ``peak_gap`` (the scenario's peak on [0, 20], from the closed form on each side of the change)
    and ``gap_20``.
    """
    alt = altair()
    after_budget = "budget_sota * pow(g_investment / growth_after, change_year)"
    params = [
        *(control_slider(key) for key in ("change_year", "growth_after", "budget_sota_head_start_wide",
                                          "g_investment_before", "g_hardware", "g_algorithm")),
        *law_params(),
        fixed("budget_meek", PAPER_PARAMS.budget_meek),
        *growth_derived(),
        derived("t_before", f"clamp({fill(PEAK_TIME_GENERAL, g_s='g_sota', g_m='g_meek', b_s='budget_sota', b_m='budget_meek')}, 0, min(change_year, 20))"),
        derived("t_after", f"growth_after > 1 ? clamp({fill(PEAK_TIME_GENERAL, g_s='g_shared * growth_after', g_m='g_meek', b_s=after_budget, b_m='budget_meek')}, min(change_year, 20), 20) : min(change_year, 20)"),
        derived("gap_before", gap_at("t_before", LOG_COMPUTE_SOTA_SCHEDULE)),
        derived("gap_after", gap_at("t_after", LOG_COMPUTE_SOTA_SCHEDULE)),
        derived("peak_time", "gap_before >= gap_after ? t_before : t_after"),
        derived("peak_gap", "max(gap_before, gap_after)"),
        derived("gap_20", gap_at("20", LOG_COMPUTE_SOTA_SCHEDULE)),
    ]
    seq, t_expr = year_grid(step=0.05)
    names = ["your scenario", "exponential (paper)"]
    base = (
        alt.Chart(seq).transform_calculate(t=t_expr)
        .transform_calculate(log_c_meek=fill(LOG_COMPUTE_MEEK, t="datum.t"),
                             log_c_sched=fill_partial(LOG_COMPUTE_SOTA_SCHEDULE, "datum.t"),
                             log_c_exp=fill(LOG_COMPUTE_SOTA, t="datum.t"))
        .transform_calculate(scenario=fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek="datum.log_c_meek", x_sota="datum.log_c_sched"),
                             exponential=fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek="datum.log_c_meek", x_sota="datum.log_c_exp"))
    )
    x = alt.X("t:Q", axis=axis(YEARS))
    exponential = (base.mark_line(strokeWidth=2, color=PALETTE["reference"], strokeDash=[6, 3])
                   .encode(x=x, y=alt.Y("exponential:Q", axis=axis(GAP_TITLE))).properties(name="exponential_curve"))
    scenario = (base.mark_line(strokeWidth=2.5, color=PALETTE["gap"])
                .encode(x=x, y="scenario:Q").properties(name="scenario_curve"))
    curves = alt.layer(legend(names, [PALETTE["gap"], PALETTE["reference"]], [[1, 0], [6, 3]]), exponential, scenario)
    label = ("'peak ' + format(peak_gap, '.3f') + ' at ' + format(peak_time, '.2f') + ' yr'"
             " + '\\nyear 20: ' + format(gap_20, '.4f')")
    return finish(alt.layer(curves, *peak_marker("peak_time", "peak_gap", label)), *params)


def caveats_chart() -> Any:
    """Chapter :ref:`caveats` (caveats a and b): the gap when the meek actor's own hardware and
    algorithmic progress are slower than the frontier's, against the paper's shared progress.

    Sliders: ``g_hardware_meek`` (export controls) and ``g_algorithm_meek`` (private methods);
    the other inputs are the paper's. Signals ``peak_time``, ``peak_gap`` (the closed-form peak
    of :data:`~meekbook.web.expressions.PEAK_TIME_GENERAL` with ``g_m = g_hardware_meek
    g_algorithm_meek``) and ``gap_20``.
    """
    alt = altair()
    p = PAPER_PARAMS
    params = [
        control_slider("g_hardware_meek"),
        control_slider("g_algorithm_meek"),
        fixed("g_investment", p.g_investment), fixed("g_algorithm", p.g_algorithm),
        fixed("g_hardware", p.g_hardware), fixed("budget_meek", p.budget_meek),
        fixed("budget_sota", p.budget_sota),
        *law_params(gamma_slider=False),
        derived("g_shared", G_SHARED), derived("g_meek", G_MEEK), derived("g_sota", G_SOTA),
        derived("peak_time", peak_time_expr()),
        derived("peak_gap", gap_at("peak_time")),
        derived("gap_20", gap_at("20")),
    ]
    seq, t_expr = year_grid()
    names = ["meek actor's own progress", "shared progress (paper)"]
    base = (
        alt.Chart(seq).transform_calculate(t=t_expr)
        .transform_calculate(log_c_meek=fill(LOG_COMPUTE_MEEK, t="datum.t"),
                             log_c_shared=fill(LOG_COMPUTE_MEEK.replace("g_meek", "g_shared"), t="datum.t"),
                             log_c_sota=fill(LOG_COMPUTE_SOTA, t="datum.t"))
        .transform_calculate(own=fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek="datum.log_c_meek", x_sota="datum.log_c_sota"),
                             shared=fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek="datum.log_c_shared",
                                         x_sota="datum.log_c_sota"))
    )
    x = alt.X("t:Q", axis=axis(YEARS))
    shared = (base.mark_line(strokeWidth=2, color=PALETTE["reference"], strokeDash=[6, 3])
              .encode(x=x, y=alt.Y("shared:Q", axis=axis(GAP_TITLE))).properties(name="shared_curve"))
    own = (base.mark_line(strokeWidth=2.5, color=PALETTE["gap"])
           .encode(x=x, y="own:Q").properties(name="gap_curve"))
    curves = alt.layer(legend(names, [PALETTE["gap"], PALETTE["reference"]], [[1, 0], [6, 3]], vertical=True),
                       shared, own)
    label = ("(isFinite(peak_time) && peak_time > 0 && peak_time <= 20"
             " ? 'peak ' + format(peak_gap, '.3f') + ' nats at ' + format(peak_time, '.2f') + ' yr'"
             " : 'no peak within 20 years: the gap keeps growing')"
             " + '\\nyear 20: ' + format(gap_20, '.3f') + ' nats'")
    return finish(alt.layer(curves, *peak_marker("peak_time", "peak_gap", label)), *params)
