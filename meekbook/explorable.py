"""Interactive figures for the static HTML book: Vega-Lite charts whose sliders recompute the model.

Each chapter of the book has one figure here that a reader of the published HTML can move
without a Python kernel. The charts are built with Altair; the model's closed forms are written
as Vega expressions that the browser evaluates in ``calculate`` transforms and in derived
parameters (Vega signals) every time a slider moves. Each expression is defined **once**, in
this module, next to the name of the NumPy function it mirrors; ``tests/test_explorable.py``
and ``tests/test_explorable_browser.py`` check that the two agree (the second in headless
Chromium, at non-default slider values).

Conventions
-----------
* Slider (and derived) parameters that are fields of :class:`~meekbook.params.PaperParams` carry
  exactly the field's name (``g_investment``, ``g_algorithm``, ``g_hardware``, ``budget_sota``,
  ...); ``gamma``, ``K`` and ``E`` are the compute law's constants; sigmoid constants are
  ``S``, ``x0``, ``k``, ``s0`` and the number of task steps is ``steps``. The compute law's
  floor E is ``irreducible_loss``: in Vega expressions ``E`` is Euler's number (as are ``PI``,
  ``LN10``, ... constants), which would shadow a parameter of that name.
* Expression templates contain placeholders such as ``{t}`` (a time) that :func:`fill`
  replaces by a parenthesised sub-expression; everything is computed from log-compute, as in
  :mod:`meekbook.gap`, so nothing overflows.
* Default slider values are the paper's figure settings.
* A quantity that spans decades gets a slider on its base-10 logarithm, ``log10_X``, and a
  derived signal ``X`` (Vega's range inputs are linear); the page prints the value of ``X``
  next to such a slider, not its logarithm.
* A time that never comes (a threshold never crossed) is infinite, ``1 / 0`` in an expression;
  markers drop non-finite times and notes say "never".

A chapter shows a figure with one call, e.g. ``show("loss_gap")``; :func:`embed` turns any
Altair chart into the HTML snippet the book uses (vendored ``vegaEmbed``, no CDN), and
:func:`export_specs` writes every figure as standalone Vega-Lite JSON.

Examples
--------
>>> sorted(CHARTS)[:3]
['benchmark_gap', 'compute_law', 'inference_gap']
>>> spec = chart_spec("loss_gap")
>>> [p["value"] for p in spec["params"] if p["name"] == "g_investment"] == [5 / 1.4]
True
"""

from __future__ import annotations

import html as _html
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from .params import PaperParams
from .scaling import HOFFMANN_2022, ScalingLaw
from .style import PALETTE
from .validation import check_bool

__all__ = [
    "fill",
    "CHARTS",
    "ChartInfo",
    "chart",
    "chart_spec",
    "embed",
    "show",
    "export_specs",
    "compute_law_chart",
    "gap_equation_chart",
    "inflection_time_chart",
    "benchmark_scores_chart",
    "distinguishability_chart",
    "inference_chart",
    "stagnation_chart",
    "price_band_chart",
    "governance_chart",
    # expression constants (each mirrors a NumPy function of meekbook)
    "G_SHARED", "G_MEEK", "G_SOTA",
    "LOG_COMPUTE_MEEK", "LOG_COMPUTE_SOTA", "LOSS_FROM_LOG_COMPUTE", "LOSS_GAP_FROM_LOG_COMPUTE",
    "PEAK_TIME_GENERAL", "PEAK_TIME", "HEAD_START_WITHOUT_PEAK",
    "LAW_GAMMA", "LAW_G", "LAW_K", "COMPUTE_OPTIMAL_LOSS", "ALLOCATION_EXPONENT_N",
    "SIGMOID_SCORE", "WALD_CONSTANT", "TOKEN_THRESHOLD",
    "INFERENCE_CONSTANT_FACTOR", "LOG_INFERENCE_COMPUTE", "INFERENCE_CATCH_UP_TIME",
    "LOG_DOLLARS_SLOWDOWN", "LOG_COMPUTE_SOTA_SCHEDULE",
    "CROSSING_TIME", "THRESHOLD_WINDOW", "LOG_RAW_COMPUTE_MEEK",
]

# ---------------------------------------------------------------------------------------------
# The browser formulas. One constant per formula; the comment names the NumPy function.
# ---------------------------------------------------------------------------------------------

#: Frontier's yearly effective-compute growth per dollar. Mirrors ``PaperParams.g_shared``.
G_SHARED = "g_hardware * g_algorithm"
#: Meek actor's yearly effective-compute growth. Mirrors ``PaperParams.g_meek`` (charts that do
#: not let the meek actor differ set ``g_hardware_meek = g_hardware``, ``g_algorithm_meek =
#: g_algorithm``).
G_MEEK = "g_hardware_meek * g_algorithm_meek"
#: Frontier's yearly effective-compute growth. Mirrors ``PaperParams.g_sota``.
G_SOTA = "g_shared * g_investment"

#: ``ln C_meek(t)``. Mirrors ``meekbook.gap.log_effective_compute(t, params, "meek")``.
LOG_COMPUTE_MEEK = "log(budget_meek) + log(flop_per_dollar) + {t} * log(g_meek)"
#: ``ln C_sota(t)`` with exponential investment. Mirrors
#: ``meekbook.gap.log_effective_compute(t, params, "sota")`` (``Exponential`` schedule).
LOG_COMPUTE_SOTA = "log(budget_sota) + {t} * log(g_investment) + log(flop_per_dollar) + {t} * log(g_shared)"
#: ``L = E + K exp(-γ x)`` at log-compute ``x``. Mirrors ``ComputeLaw.loss_from_log_compute``.
LOSS_FROM_LOG_COMPUTE = "irreducible_loss + K * exp(-gamma * {x})"
#: ``ΔL = K (exp(-γ x_m) - exp(-γ x_s))`` (E cancels). Mirrors ``meekbook.gap.loss_gap``.
LOSS_GAP_FROM_LOG_COMPUTE = "K * (exp(-gamma * {x_meek}) - exp(-gamma * {x_sota}))"

#: Critical point of ΔL(t) for growths ``g_s`` > ``g_m`` and starting budgets ``b_s``, ``b_m``
#: (unclipped). Mirrors the formula inside ``meekbook.inflection.peak_time``.
PEAK_TIME_GENERAL = (
    "(log(log({g_s}) / log({g_m})) - gamma * log({b_s} / {b_m}))"
    " / (gamma * (log({g_s}) - log({g_m})))"
)
#: Peak time t* (years, >= 0). Mirrors ``meekbook.inflection.peak_time``.
PEAK_TIME = "max({general}, 0)"
#: Head start ``C0s/C0m`` beyond which the gap never rises. Mirrors
#: ``meekbook.inflection.head_start_without_peak``.
HEAD_START_WITHOUT_PEAK = "pow(log(g_sota) / log(g_meek), 1 / gamma)"

#: ``γ = a b / (a + b)``. Mirrors ``ScalingLaw.gamma``.
LAW_GAMMA = "a * b / (a + b)"
#: ``G = (a A / (b B))^(1/(a+b))``. Mirrors ``ScalingLaw.G``.
LAW_G = "pow(a * A / (b * B), 1 / (a + b))"
#: ``K = 6^γ (A G^-a + B G^b)``. Mirrors ``ScalingLaw.K``.
LAW_K = "pow(6, law_gamma) * (A * pow(law_G, -a) + B * pow(law_G, b))"
#: ``L*(C) = E + K exp(-γ ln C)``. Mirrors ``meekbook.scaling.compute_optimal_loss``.
COMPUTE_OPTIMAL_LOSS = "irreducible_loss + law_K * exp(-law_gamma * {log_c})"
#: Exponent of ``N_opt ∝ C^(b/(a+b))``. Mirrors ``ScalingLaw.optimal_allocation``.
ALLOCATION_EXPONENT_N = "b / (a + b)"

#: ``score = S / (1 + exp(-k (L - x0))) + s0``. Mirrors ``meekbook.sigmoid.loss_to_score``
#: (``steps = 1``; the chart raises it to the power ``steps``).
SIGMOID_SCORE = "S / (1 + exp(-k * ({loss} - x0))) + s0"

#: Wald's constant. Mirrors ``meekbook.sprt.wald_constant``.
WALD_CONSTANT = "(1 - alpha) * log((1 - alpha) / beta) + alpha * log(alpha / (1 - beta))"
#: Expected tokens to tell the models apart. Mirrors ``meekbook.sprt.token_threshold``.
TOKEN_THRESHOLD = "slowdown * wald_constant / {gap}"

#: The factor the paper's toy drops from ``C_inf``: ``inference_constant_factor`` (the signal of
#: that name, 30) when the checkbox ``include_constants`` is on, else 1. Mirrors
#: ``meekbook.inference.inference_constant_factor``.
INFERENCE_CONSTANT_FACTOR = "(include_constants ? inference_constant_factor : 1)"
#: ``ln C_inf(t)``: the paper's toy, times :data:`INFERENCE_CONSTANT_FACTOR`. Mirrors
#: ``meekbook.inference.log_inference_compute``.
LOG_INFERENCE_COMPUTE = (
    "2 * (log(price_per_token) + log(flop_per_dollar))"
    " + {t} * (2 * log(g_hardware * g_inference) + log(g_algorithm))"
    " + log(" + INFERENCE_CONSTANT_FACTOR + ")"
)
#: Catch-up time of the fixed-price model (NaN if it never catches up). Mirrors
#: ``meekbook.inference.inference_catch_up_time``.
INFERENCE_CATCH_UP_TIME = (
    "log(g_hardware * pow(g_inference, 2) / g_investment) > 0"
    " ? max((log(budget_sota) - log(" + INFERENCE_CONSTANT_FACTOR
    + " * pow(price_per_token, 2) * flop_per_dollar))"
    " / log(g_hardware * pow(g_inference, 2) / g_investment), 0) : NaN"
)

#: Dollars of the frontier, growth ``g_investment`` until ``change_year`` then
#: ``growth_after`` (log). Mirrors ``meekbook.schedules.SlowdownAfter.log_dollars``.
LOG_DOLLARS_SLOWDOWN = (
    "log(budget_sota) + min({t}, change_year) * log(g_investment)"
    " + max({t} - change_year, 0) * log(growth_after)"
)
#: ``ln C_sota(t)`` for a schedule given by its log-dollars. Mirrors
#: ``meekbook.gap.log_effective_compute(t, params, "sota", schedule)``.
LOG_COMPUTE_SOTA_SCHEDULE = "{log_dollars} + log(flop_per_dollar) + {t} * log(g_shared)"

#: Years until a compute ``exp(log_c0 + t log_growth)`` reaches a threshold ``exp(log_threshold)``:
#: 0 if it is already there, infinity (``1 / 0``; Vega has no ``Infinity`` constant) if it never
#: gets there (``log_growth <= 0``). Mirrors ``meekbook.governance.crossing_time``.
CROSSING_TIME = (
    "{log_threshold} <= {log_c0} ? 0"
    " : ({log_growth} > 0 ? ({log_threshold} - {log_c0}) / {log_growth} : 1 / 0)"
)
#: Years during which only the frontier is above a threshold (infinite if the meek actor never
#: crosses). Mirrors ``meekbook.governance.threshold_window`` (its ``window``).
THRESHOLD_WINDOW = "isFinite({meek}) ? {meek} - {frontier} : 1 / 0"
#: ``ln`` of the meek actor's raw training FLOP, ``C0 g_h^t`` (no algorithmic factor). Mirrors
#: ``meekbook.governance.raw_compute(t, params, "meek")``.
LOG_RAW_COMPUTE_MEEK = "log(budget_meek) + log(flop_per_dollar) + {t} * log(g_hardware_meek)"


def fill(template: str, **parts: str) -> str:
    """Replace each ``{name}`` in an expression template by ``(parts[name])``.

    Raises ``ValueError`` if a placeholder is left unfilled.

    Examples
    --------
    >>> fill(LOSS_FROM_LOG_COMPUTE, x="datum.log_c")
    'irreducible_loss + K * exp(-gamma * (datum.log_c))'
    >>> fill("{t} * 2")
    Traceback (most recent call last):
    ...
    ValueError: expression template has unfilled placeholder(s) ['t']: '{t} * 2'
    """
    out = template
    for key, value in parts.items():
        out = out.replace("{" + key + "}", f"({value})")
    left = re.findall(r"\{(\w+)\}", out)
    if left:
        raise ValueError(f"expression template has unfilled placeholder(s) {left}: {template!r}")
    return out


def _gap_at(t: str, log_sota: str = LOG_COMPUTE_SOTA) -> str:
    """ΔL at time expression ``t`` (used for markers computed from signals)."""
    return fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek=fill(LOG_COMPUTE_MEEK, t=t),
                x_sota=_fill_partial(log_sota, t))


def _fill_partial(template: str, t: str) -> str:
    if "{log_dollars}" in template:
        return fill(template, log_dollars=fill(LOG_DOLLARS_SLOWDOWN, t=t), t=t)
    return fill(template, t=t)


def _peak_time_expr(g_s: str = "g_sota", g_m: str = "g_meek", b_s: str = "budget_sota",
                    b_m: str = "budget_meek") -> str:
    return fill(PEAK_TIME, general=fill(PEAK_TIME_GENERAL, g_s=g_s, g_m=g_m, b_s=b_s, b_m=b_m))


# ---------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------
_P = PaperParams()
YEARS = "years from start"
GAP_TITLE = "loss gap ΔL (nats/token)"
HEIGHT = 260


def _alt() -> Any:
    from .book import skip_slow_optional_imports

    skip_slow_optional_imports()        # about 1.4 s less per kernel (see its docstring)
    import altair as alt

    return alt


def _slider(name: str, value: float, lo: float, hi: float, step: float, label: str) -> Any:
    alt = _alt()
    return alt.param(name=name, value=float(value),
                     bind=alt.binding_range(min=lo, max=hi, step=step, name=label + " "))


#: The growth-rate sliders the charts share: name -> (min, max, step, label); the value is the
#: paper's (``PaperParams``) unless a chart says otherwise.
_GROWTH_SLIDERS: dict[str, tuple[float, float, float, str]] = {
    "g_investment": (1.1, 20, 0.01, "g_i (frontier $ growth/yr)"),
    "g_algorithm": (1.05, 6, 0.01, "g_alg (algorithms/yr)"),
    "g_hardware": (1.0, 3, 0.01, "g_h (FLOP per $/yr)"),
}


def _growth_slider(name: str, value: float | None = None, lo: float | None = None,
                   label: str | None = None) -> Any:
    """The shared slider of growth rate ``name`` (:data:`_GROWTH_SLIDERS`), adjusted if asked."""
    lo_default, hi, step, label_default = _GROWTH_SLIDERS[name]
    return _slider(name, getattr(_P, name) if value is None else value,
                   lo_default if lo is None else lo, hi, step, label or label_default)


def _actor_sliders(g_algorithm_min: float | None = None) -> list[Any]:
    """The sliders of a two-actor chart: the three growth rates, then both budgets."""
    return [
        _growth_slider("g_investment"),
        _growth_slider("g_algorithm", lo=g_algorithm_min),
        _growth_slider("g_hardware"),
        _slider("budget_meek", _P.budget_meek, 100, 100_000, 100, "meek budget ($)"),
        _slider("budget_sota", _P.budget_sota, 100, 100_000, 100, "frontier budget at t = 0 ($)"),
    ]


def _checkbox(name: str, value: bool, label: str) -> Any:
    alt = _alt()
    return alt.param(name=name, value=bool(value), bind=alt.binding_checkbox(name=label + " "))


def _fixed(name: str, value: float) -> Any:
    return _alt().param(name=name, value=float(value))


def _derived(name: str, expr: str) -> Any:
    return _alt().param(name=name, expr=expr)


def _law_params(gamma_slider: bool = True) -> list[Any]:
    law = _P.law
    gamma = (_slider("gamma", law.gamma, 0.05, 0.4, 0.001, "γ (compute exponent)")
             if gamma_slider else _fixed("gamma", law.gamma))
    return [gamma, _fixed("K", law.K), _fixed("irreducible_loss", law.E), _fixed("flop_per_dollar", _P.flop_per_dollar)]


def _growth_derived(meek_own: bool = False) -> list[Any]:
    out = [_derived("g_shared", G_SHARED)]
    if not meek_own:
        out.append(_derived("g_hardware_meek", "g_hardware"))
    out += [_derived("g_algorithm_meek", "g_algorithm"), _derived("g_meek", G_MEEK),
            _derived("g_sota", G_SOTA)]
    return out


def _years(step: float = 0.05, t_max: float = 20.0) -> Any:
    """Grid ``t = i * step`` for i = 0..t_max/step (as ``numpy.arange(n) * step``)."""
    alt = _alt()
    n = int(round(t_max / step))
    return alt.sequence(0, n + 1, as_="i"), f"datum.i * {step!r}"


def _one_row() -> Any:
    return _alt().sequence(0, 1, as_="i")


def _axis(title: str, **kw: Any) -> Any:
    return _alt().Axis(title=title, tickCount=5, **kw)


def _legend(names: list[str], colors: list[str], dashes: list[list[int]], vertical: bool = False) -> Any:
    """An invisible layer that only draws the legend (curves are separate layers with fixed
    colours: their data tuples are then updated in place when a slider moves, which keeps the
    redraw fast, instead of being re-created by a fold transform)."""
    alt = _alt()
    return (
        alt.Chart(alt.Data(values=[{"what": n} for n in names])).mark_line(opacity=0)
        .encode(color=alt.Color("what:N", scale=alt.Scale(domain=names, range=colors),
                                legend=alt.Legend(orient="top", direction="vertical" if vertical else "horizontal",
                                                  symbolType="stroke", symbolStrokeWidth=2.5)),
                strokeDash=alt.StrokeDash("what:N", scale=alt.Scale(domain=names, range=dashes)))
    )


def _finish(chart: Any, *params: Any) -> Any:
    """Add parameters and the book's look (palette, fonts, container width)."""
    return (
        chart.add_params(*params)
        .properties(width="container", height=HEIGHT)
        .configure_view(stroke=None)
        .configure_axis(grid=True, gridOpacity=0.3, labelFontSize=11, titleFontSize=12,
                        titleFontWeight="normal")
        .configure_legend(orient="top", labelFontSize=11, title=None)
        .configure_text(fontSize=12)
    )


# ---------------------------------------------------------------------------------------------
# The charts, one per chapter
# ---------------------------------------------------------------------------------------------
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
    ``argmax`` of the gap curve (mirrors :func:`meekbook.scores.benchmark_peak` at
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
    from .inference import inference_constant_factor

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

    Sliders: ``change_year`` and ``growth_after`` (the :class:`~meekbook.schedules.SlowdownAfter`
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
    from .datasets import load_leaderboard
    from .frontier import select_evaluator

    # one evaluator at a time, as meekbook.frontier.frontier_gap does by default (the
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
    :func:`meekbook.frontier.running_best`.
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
    :func:`meekbook.governance.plot_threshold_crossings`).

    Sliders: ``g_investment``, ``g_algorithm``, ``g_hardware``, ``budget_meek``,
    ``budget_sota``, ``start_year`` (calendar year at t = 0, default
    :data:`~meekbook.governance.PAPER_START_YEAR`) and ``log10_threshold_1``, the first threshold
    (default the EU AI Act's 1e25 FLOP; the second is US EO 14110's 1e26). Signals, for each
    threshold ``k`` in (1, 2): crossing times ``t_frontier_k``, ``t_meek_k`` (effective compute),
    ``t_meek_raw_k`` (raw FLOP) and the window ``window_k``, all in years from the start and
    infinite for "never" (then no dot is drawn and the note says so).
    """
    from .governance import EU_AI_ACT, PAPER_START_YEAR, US_EO_14110

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


# ---------------------------------------------------------------------------------------------
# Registry, export and embedding
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChartInfo:
    """One interactive figure: its name, the chapter (notebook) it belongs to and its builder."""

    name: str
    chapter: str
    build: Callable[[], Any]


#: Every interactive figure, by name (the key of ``window.meekbookViews`` in the page).
CHARTS: dict[str, ChartInfo] = {
    info.name: info
    for info in (
        ChartInfo("compute_law", "scaling_law", compute_law_chart),
        ChartInfo("loss_gap", "gap_equation", gap_equation_chart),
        ChartInfo("peak_time", "inflection_time", inflection_time_chart),
        ChartInfo("benchmark_gap", "benchmark_scores", benchmark_scores_chart),
        ChartInfo("token_threshold", "distinguishability", distinguishability_chart),
        ChartInfo("inference_gap", "inference", inference_chart),
        ChartInfo("stagnation", "stagnation_robustness", stagnation_chart),
        ChartInfo("price_band", "empirical_check", price_band_chart),
        ChartInfo("thresholds", "governance", governance_chart),
    )
}


def _uncertainty_chart() -> Any:
    from .uncertainty import uncertainty_chart

    return uncertainty_chart(draws=1000, seed=0)


#: Interactive figures whose builder lives in their chapter's module (chapter
#: :ref:`uncertainty`: seeded Monte Carlo draws, not a closed form); exported like
#: :data:`CHARTS` by :func:`export_specs`.
OTHER_CHARTS: dict[str, ChartInfo] = {
    "uncertainty": ChartInfo("uncertainty", "uncertainty", _uncertainty_chart),
}


def _check_name(name: object) -> ChartInfo:
    if not isinstance(name, str) or name not in CHARTS:
        raise ValueError(f"name must be one of {sorted(CHARTS)}; got {name!r}")
    return CHARTS[name]


def chart(name: str) -> Any:
    """The Altair chart of the interactive figure ``name`` (a key of :data:`CHARTS`)."""
    return _check_name(name).build()


def chart_spec(name_or_chart: Any, *, validate: bool = False) -> dict[str, Any]:
    """Vega-Lite spec (a dict) of a figure name or an Altair chart.

    ``validate=True`` also checks the spec against the Vega-Lite JSON schema (Altair's
    validation; the tests do this for every figure). It is off by default: it costs 0.1-0.3 s
    per figure, in every chapter's kernel, and the figures' code does not change between runs.
    """
    obj = chart(name_or_chart) if isinstance(name_or_chart, str) else name_or_chart
    if not hasattr(obj, "to_dict"):
        raise TypeError(f"name_or_chart must be a chart name or an Altair chart; got {type(obj).__name__}")
    return obj.to_dict(validate=check_bool("validate", validate))


def _spec_json(spec: dict[str, Any]) -> str:
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), allow_nan=False)


_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

#: The figures' CSS. A slider row is its name, the range input and the value. Where the figure is
#: wide (the book's column on a desktop) they share one line, the names in a column of 16em
#: (a long name wraps inside it); where it is 520 px or narrower (a phone) the name takes a line
#: of its own and the input, sized by flex, shares the next with the value, so nothing is wider
#: than the figure. A container query: it is the figure's width that counts, not the window's.
_STYLE = (
    ".meekbook-explorable{width:100%;max-width:720px;margin:0.5em 0 1em;container-type:inline-size}"
    ".meekbook-explorable .vega-embed{width:100%}"
    ".meekbook-explorable .vega-bindings{display:flex;flex-direction:column;gap:6px;font-size:0.85em;margin-top:.5em}"
    ".meekbook-explorable .vega-bind label{display:flex;flex-wrap:wrap;align-items:center;gap:2px .5em;margin:0}"
    ".meekbook-explorable .vega-bind-name{flex:0 0 16em;min-width:0}"
    ".meekbook-explorable .vega-bind input[type=range]{flex:0 1 11em;width:11em;min-width:0;margin:0}"
    ".meekbook-explorable .vega-bind input[type=range]+span{flex:0 0 5.5em;overflow:hidden;"
    "text-overflow:ellipsis;white-space:nowrap}"
    "@container (max-width:520px){"
    ".meekbook-explorable .vega-bind-name{flex:1 0 100%}"
    ".meekbook-explorable .vega-bind input[type=range]{flex:1 1 auto;width:auto}}"
)


def embed(chart_or_spec: Any, name: str) -> str:
    """HTML that draws a chart in the page with the book's vendored ``vegaEmbed``.

    The snippet is a ``<div>``, the spec as inline JSON and a script that calls ``vegaEmbed``
    (loaded by the book's Sphinx extension ``meekbook_explorable``; nothing from a CDN) and
    stores the view in ``window.meekbookViews[name]``. Deterministic: same chart, same HTML.

    Parameters
    ----------
    chart_or_spec : altair chart or dict
        The chart, or its Vega-Lite spec.
    name : str
        Identifier of the figure on the page (letters, digits, ``_``, ``-``).

    Examples
    --------
    >>> snippet = embed({"mark": "point"}, "demo")
    >>> 'id="meekbook-explorable-demo"' in snippet, "cdn" in snippet
    (True, False)
    """
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ValueError(f"name must be letters, digits, '_' or '-' (starting with a letter); got {name!r}")
    spec = chart_or_spec if isinstance(chart_or_spec, dict) else chart_spec(chart_or_spec)
    payload = _spec_json(spec).replace("</", "<\\/")
    div_id = f"meekbook-explorable-{name}"
    return (
        f'<style>{_STYLE}</style>\n'
        f'<div class="meekbook-explorable" id="{div_id}" data-chart="{_html.escape(name)}">'
        '<p class="meekbook-explorable-fallback">Interactive figure: it is drawn in the HTML book, '
        "which carries the Vega scripts it needs (in a notebook, use the Python explorer below; "
        "the numbered figures show the paper's setting).</p></div>\n"
        f'<script type="application/json" id="{div_id}-spec">{payload}</script>\n'
        "<script>\n(function () {\n"
        f'  var name = "{name}", id = "{div_id}";\n'
        "  function run() {\n"
        "    var el = document.getElementById(id);\n"
        "    if (!el || el.getAttribute('data-embedded')) return;\n"
        "    if (typeof vegaEmbed === 'undefined') {\n"
        "      return;   // the fallback text stays\n"
        "    }\n"
        "    el.setAttribute('data-embedded', '1');\n"
        "    el.textContent = '';\n"
        "    var spec = JSON.parse(document.getElementById(id + '-spec').textContent);\n"
        "    window.meekbookViews = window.meekbookViews || {};\n"
        "    window.meekbookEmbeds = window.meekbookEmbeds || {};\n"
        "    window.meekbookEmbeds[name] = vegaEmbed(el, spec, {actions: false, renderer: 'canvas'})"
        ".then(function (result) {\n"
        "      window.meekbookViews[name] = result.view;\n"
        "      showLogSliders(el, result.view);\n"
        "      return result;\n"
        "    });\n"
        "  }\n"
        "  // a slider on a log scale, log10_X, shows the value of the signal X (3 significant digits)\n"
        "  function showLogSliders(el, view) {\n"
        "    el.querySelectorAll('input[type=range][name^=\"log10_\"]').forEach(function (input) {\n"
        "      var shown = input.nextElementSibling, signal = input.name.slice(6);\n"
        "      try { view.signal(signal); } catch (e) { return; }\n"
        "      function show() { shown.textContent = String(+Number(view.signal(signal)).toPrecision(3)); }\n"
        "      view.addSignalListener(input.name, show);\n"
        "      view.addSignalListener(signal, show);\n"
        "      input.addEventListener('input', function () { view.runAsync().then(show); });\n"
        "      show();\n"
        "    });\n"
        "  }\n"
        "  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);\n"
        "  else run();\n"
        "})();\n</script>\n"
    )


def show(name_or_chart: Any, name: str | None = None) -> None:
    """Display an interactive figure in a notebook (HTML output only, no text repr).

    ``show("loss_gap")`` shows a figure of :data:`CHARTS`; ``show(chart, "my_name")`` any
    Altair chart.
    """
    from IPython.display import display

    if isinstance(name_or_chart, str):
        _check_name(name_or_chart)
        html = embed(chart(name_or_chart), name or name_or_chart)
    else:
        if name is None:
            raise ValueError("name is required when showing a chart object; got None")
        html = embed(name_or_chart, name)
    display({"text/html": html}, raw=True)


def export_specs(outdir: str | Path) -> list[Path]:
    """Write every figure (:data:`CHARTS` and ``OTHER_CHARTS``) as standalone Vega-Lite
    JSON, ``<outdir>/<chapter>-<name>.vl.json``.

    Data are inline; output is deterministic (sorted keys). Returns the paths written.
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for info in (*CHARTS.values(), *OTHER_CHARTS.values()):
        path = out / f"{info.chapter}-{info.name}.vl.json"
        spec = chart_spec(info.name if info.name in CHARTS else info.build())
        path.write_text(json.dumps(spec, sort_keys=True, indent=1, allow_nan=False) + "\n",
                        encoding="utf8")
        written.append(path)
    return written


#: The vendored scripts, in load order (files of ``book/_vendor/vega/``).
VENDOR_SCRIPTS: tuple[str, ...] = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")


def standalone_page(names: list[str] | tuple[str, ...], script_base: str, body: str = "",
                    width: int = 640) -> str:
    """A minimal HTML page embedding the figures ``names`` (for tests and benchmarks).

    ``script_base`` is the URL (relative or ``file://``) of the folder that holds
    :data:`VENDOR_SCRIPTS`; ``body`` is extra HTML appended at the end (e.g. a script that
    reads the views).
    """
    scripts = "".join(f'<script src="{script_base.rstrip("/")}/{f}"></script>\n' for f in VENDOR_SCRIPTS)
    charts = "".join(embed(chart(n), n) for n in names)
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>meekbook explorables</title>\n"
        f"{scripts}</head>\n<body style=\"width:{int(width)}px\">\n{charts}{body}</body></html>\n"
    )
