"""The in-page charts of data and governance (Vega-Lite, built with Altair): the running best
score inside a price band, computed in the browser from the packaged leaderboard, and training
compute against the legal thresholds."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from ..plots.style import PALETTE
from .expressions import (
    CROSSING_TIME,
    LOG_COMPUTE_MEEK,
    LOG_COMPUTE_SOTA,
    LOG_RAW_COMPUTE_MEEK,
    THRESHOLD_WINDOW,
    fill,
)
from .vega import (
    PAPER_PARAMS,
    actor_sliders,
    altair,
    axis,
    control_slider,
    derived,
    finish,
    fixed,
    growth_derived,
    legend,
    one_row,
    year_grid,
)

__all__ = ["price_band_chart", "governance_chart"]


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
    alt = altair()
    params = [
        control_slider("price_min"),
        control_slider("price_max"),
        derived("price_min", _pow10_3_significant("log10_price_min")),
        derived("price_max", _pow10_3_significant("log10_price_max")),
        # the band is kept valid: "from" above "to" is read as the band between the two prices
        # (and the note says so), never as an empty band whose line vanishes
        derived("band_low", "min(price_min, price_max)"),
        derived("band_high", "max(price_min, price_max)"),
    ]
    data = alt.Data(values=_leaderboard_rows(score))
    base = (
        alt.Chart()
        .transform_calculate(in_band="isValid(datum.output_price) && datum.output_price >= band_low"
                                     " && datum.output_price <= band_high")
        .transform_calculate(band_score="datum.in_band ? datum.score : null")
        # running maxima; peers (same release date) are inside the frame, so every model of a
        # date gets the best score up to and including that date
        .transform_window(overall="max(score)", band="max(band_score)",
                          sort=[alt.SortField("release_date", order="ascending")], frame=[None, 0])
    )
    names = ["best of all models", "best in the price band"]
    # a tick every six months, labelled with month and year: the data span about two years,
    # so yearly ticks left one or two labels on a phone
    x = alt.X("release_date:T", axis=alt.Axis(title="release date", format="%b %Y",
                                              tickCount={"interval": "month", "step": 6},
                                              labelOverlap=True))
    y_title = "MMLU-Pro, independent runs" if score == "mmlu_pro" else score
    overall = (base.mark_line(interpolate="step-after", strokeWidth=2.5, color=PALETTE["sota"])
               .encode(x=x, y=alt.Y("overall:Q", axis=axis(y_title), scale=alt.Scale(zero=False))))
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
        alt.Chart(one_row()).mark_text(align="left", baseline="top", x=4, y=22)
        .transform_calculate(text="'price band: ' + format(band_low, '$.3~r') + ' to ' + format(band_high, '$.3~r')"
                                  " + ' per M output tokens'"
                                  " + (price_min > price_max ? ' (\\'from\\' is above \\'to\\': read as this band)' : '')")
        .encode(text="text:N").properties(name="band_note")
    )
    key = legend(names, [PALETTE["sota"], PALETTE["meek"]], [[1, 0], [6, 3]], vertical=True)
    return finish(alt.layer(key, shade, models, overall, band, latest, band_note, data=data), *params)


#: The governance chart's time span (years from the start).
_GOVERNANCE_YEARS = 15.0
#: The governance chart's log10 FLOP axis.
_FLOP_DOMAIN = [18, 30]


def governance_chart() -> Any:
    """Chapter :ref:`governance`: effective and raw training compute against the legal
    thresholds, by calendar year, with the crossings marked (as
    :func:`meekbook.plots.governance.plot_threshold_crossings`).

    Sliders: ``g_investment``, ``g_algorithm``, ``g_hardware``, ``budget_meek``,
    ``budget_sota``, ``start_year`` (calendar year at t = 0, default
    :data:`~meekbook.model.governance.PAPER_START_YEAR`) and ``log10_threshold_1``, the first threshold
    (default the EU AI Act's 1e25 FLOP; the second is SB 53's 1e26). Signals, for each
    threshold ``k`` in (1, 2): effective crossing times ``t_frontier_k``, ``t_meek_k``, raw-FLOP
    crossing times ``t_frontier_raw_k`` (the rule reaches the frontier) and ``t_meek_raw_k``,
    ``t_capability_k`` (the meek actor's effective compute reaches the frontier's at
    ``t_frontier_raw_k``), the governance window ``window_k`` and the effective lag ``lag_k``
    (as :func:`~meekbook.model.governance.governance_window` and
    :func:`~meekbook.model.governance.effective_lag`), all in years from the start and infinite
    for "never" (then no dot is drawn and the note says so).
    """
    alt = altair()
    names = ["frontier, effective", "meek, effective", "frontier, raw FLOP", "meek, raw FLOP"]
    colors = [PALETTE["sota"], PALETTE["meek"], PALETTE["sota"], PALETTE["meek"]]
    dashes = [[1, 0], [1, 0], [2, 3], [2, 3]]
    curves = _compute_curves(colors, dashes)
    rows = alt.Chart(alt.Data(values=[{"k": 1}, {"k": 2}])).transform_calculate(
        log10_flop="datum.k == 1 ? log10_threshold_1 : log10_threshold_2")
    key = legend(names, colors, dashes, vertical=True)
    return finish(alt.layer(key, *_threshold_rules(rows), *curves,
                            _crossing_dots(rows, "frontier", PALETTE["sota"]),
                            _crossing_dots(rows, "meek", PALETTE["meek"]),
                            _crossing_dots(rows, "frontier_raw", PALETTE["sota"]), _crossing_note()),
                  *_governance_params())


def _governance_params() -> list[Any]:
    """The governance chart's sliders and signals (crossing times per threshold)."""
    from ..model.governance import CA_SB_53

    params = [
        *actor_sliders("g_algorithm_from_1"),   # g_alg = 1: no algorithmic progress
        control_slider("start_year"),
        control_slider("threshold_1"),
        fixed("log10_threshold_2", math.log10(CA_SB_53.flop)),
        fixed("flop_per_dollar", PAPER_PARAMS.flop_per_dollar),
        fixed("t_max", _GOVERNANCE_YEARS),
        *growth_derived(),
        derived("log_c0_frontier", fill(LOG_COMPUTE_SOTA, t="0")),
        derived("log_c0_meek", fill(LOG_COMPUTE_MEEK, t="0")),
    ]
    log_c0 = {"frontier": "log_c0_frontier", "meek": "log_c0_meek"}
    for k in (1, 2):
        log_t = f"log10_threshold_{k} * LN10"
        params += [
            derived(f"t_frontier_{k}", fill(CROSSING_TIME, log_threshold=log_t, log_c0=log_c0["frontier"],
                                            log_growth="log(g_sota)")),
            derived(f"t_meek_{k}", fill(CROSSING_TIME, log_threshold=log_t, log_c0=log_c0["meek"],
                                        log_growth="log(g_meek)")),
            derived(f"t_meek_raw_{k}", fill(CROSSING_TIME, log_threshold=log_t, log_c0=log_c0["meek"],
                                            log_growth="log(g_hardware_meek)")),
            # raw FLOP is effective compute without the algorithmic factor: growth g_sota / g_algorithm
            derived(f"t_frontier_raw_{k}", fill(CROSSING_TIME, log_threshold=log_t, log_c0=log_c0["frontier"],
                                                log_growth="log(g_sota) - log(g_algorithm)")),
            derived(f"t_capability_{k}", fill(CROSSING_TIME,
                                              log_threshold=f"{log_c0['frontier']} + t_frontier_raw_{k} * log(g_sota)",
                                              log_c0=log_c0["meek"], log_growth="log(g_meek)")),
            derived(f"window_{k}", fill(THRESHOLD_WINDOW, meek=f"t_capability_{k}", frontier=f"t_frontier_raw_{k}")),
            derived(f"lag_{k}", fill(THRESHOLD_WINDOW, meek=f"t_meek_{k}", frontier=f"t_frontier_{k}")),
        ]
    return params


def _compute_curves(colors: list[str], dashes: list[list[int]]) -> list[Any]:
    """The four log10-compute curves by calendar year: frontier and meek, effective and raw FLOP."""
    alt = altair()
    seq, t_expr = year_grid(step=0.05, t_max=_GOVERNANCE_YEARS)
    base = (
        alt.Chart(seq).transform_calculate(t=t_expr)
        .transform_calculate(year="start_year + datum.t",
                             log10_frontier=f"({fill(LOG_COMPUTE_SOTA, t='datum.t')}) / LN10",
                             log10_meek=f"({fill(LOG_COMPUTE_MEEK, t='datum.t')}) / LN10",
                             log10_frontier_raw=f"({fill(LOG_COMPUTE_SOTA, t='datum.t')} - datum.t * log(g_algorithm))"
                                                " / LN10",
                             log10_meek_raw=f"({fill(LOG_RAW_COMPUTE_MEEK, t='datum.t')}) / LN10")
    )
    x = alt.X("year:Q", scale=alt.Scale(zero=False, nice=False),
              axis=alt.Axis(title="calendar year", format="d", tickCount=4, tickMinStep=1))
    y_scale = alt.Scale(domain=_FLOP_DOMAIN)
    y_title = "training compute (log10 FLOP)"
    return [
        base.mark_line(strokeWidth=2.5, color=color, strokeDash=dash, clip=True)
        .encode(x=x, y=alt.Y(f"{field}:Q", scale=y_scale, axis=axis(y_title)))
        .properties(name=f"{field.removeprefix('log10_')}_curve")
        for field, color, dash in zip(("log10_frontier", "log10_meek", "log10_frontier_raw", "log10_meek_raw"),
                                      colors, dashes)
    ]


def _threshold_rules(rows: Any) -> list[Any]:
    """One dashed rule per threshold and their labels."""
    from ..model.governance import CA_SB_53, EU_AI_ACT

    alt = altair()
    y_scale = alt.Scale(domain=_FLOP_DOMAIN)
    # short labels (the exponent is on the axis): they must fit left of the curves on a phone
    eu, us = (json.dumps(th.name.partition(" (")[0]) for th in (EU_AI_ACT, CA_SB_53))
    first_label = f"log10_threshold_1 == {math.log10(EU_AI_ACT.flop)!r} ? {eu} : 'first threshold'"
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
    return [*rules, rule_labels]


def _crossing_dots(rows: Any, actor: str, color: str) -> Any:
    """The dots where ``actor``'s compute crosses each threshold (none for "never"): filled for
    effective compute (``actor`` "frontier" or "meek"), open for the frontier's raw FLOP
    (``actor`` "frontier_raw": the year the rule reaches it)."""
    alt = altair()
    raw = actor.endswith("_raw")
    return (rows.transform_calculate(t=f"datum.k == 1 ? t_{actor}_1 : t_{actor}_2")
            .transform_filter("isFinite(datum.t) && datum.t <= t_max")
            .transform_calculate(year="start_year + datum.t")
            .mark_point(filled=not raw, size=90 if raw else 70, color=color, opacity=1,
                        strokeWidth=2 if raw else 1)
            .encode(x="year:Q", y=alt.Y("log10_flop:Q", scale=alt.Scale(domain=_FLOP_DOMAIN)))
            .properties(name=f"{actor}_crossing_marker"))


def _year_of(signal: str) -> str:
    return f"(isFinite({signal}) ? format(start_year + {signal}, '.1f') : 'never')"


def _crossing_note() -> Any:
    """The note below the axis: the first threshold's crossings, governance window and lag."""
    return (
        altair().Chart(one_row())
        # below the axis title: inside the plot it would cover curves for some settings
        .mark_text(align="left", baseline="top", x=0, y="height", dy=40, lineBreak="\n")
        .transform_calculate(text="'1e' + format(log10_threshold_1, '.0f') + ' FLOP, effective: frontier ' + "
                                  + _year_of("t_frontier_1") + " + ', meek ' + " + _year_of("t_meek_1")
                                  + " + '\\nrule binds frontier ' + " + _year_of("t_frontier_raw_1")
                                  + " + ', meek catches up ' + " + _year_of("t_capability_1")
                                  + " + '\\nwindow ' + (isFinite(window_1) ? format(window_1, '.1f') + ' yr'"
                                  " : (isFinite(t_frontier_raw_1) ? 'never closes' : 'none'))"
                                  " + '; meek raw FLOP ' + " + _year_of("t_meek_raw_1"))
        .encode(text="text:N").properties(name="crossing_note")
    )
