"""The model's closed forms as Vega expressions, for the in-page charts of :mod:`meekbook.web`.

The browser evaluates these in ``calculate`` transforms and derived parameters (Vega signals)
every time a slider moves, with no Python kernel. Each expression is defined **once**, here,
next to the name of the NumPy function it mirrors; ``tests/unit/test_explorable.py`` evaluates
each one against that function (its ``MIRROR_CASES`` table) and
``tests/book/test_explorable_browser.py`` compares the charts in headless Chromium, at
non-default slider values.

Conventions
-----------
* Slider (and derived) parameters that are fields of :class:`~meekbook.model.params.PaperParams` carry
  exactly the field's name (``g_investment``, ``g_algorithm``, ``g_hardware``, ``budget_sota``,
  ...); ``gamma``, ``K`` and ``E`` are the compute law's constants; sigmoid constants are
  ``S``, ``x0``, ``k``, ``s0`` and the number of task steps is ``steps``. The compute law's
  floor E is ``irreducible_loss``: in Vega expressions ``E`` is Euler's number (as are ``PI``,
  ``LN10``, ... constants), which would shadow a parameter of that name.
* Expression templates contain placeholders such as ``{t}`` (a time) that :func:`fill`
  replaces by a parenthesised sub-expression; everything is computed from log-compute, as in
  :mod:`meekbook.model.gap`, so nothing overflows.
* Default slider values are the paper's figure settings.
* A quantity that spans decades gets a slider on its base-10 logarithm, ``log10_X``, and a
  derived signal ``X`` (Vega's range inputs are linear); the page prints the value of ``X``
  next to such a slider, not its logarithm.
* A time that never comes (a threshold never crossed) is infinite, ``1 / 0`` in an expression;
  markers drop non-finite times and notes say "never".

A chapter shows a figure with one call, e.g. ``show("loss_gap")``; :func:`~meekbook.web.embed.embed` turns any
Altair chart into the HTML snippet the book uses (compiled to Vega, drawn by the book's embed
with the vendored Vega runtime, no CDN), and
:func:`~meekbook.web.embed.export_specs` writes every figure as standalone Vega-Lite JSON.

Examples
--------
>>> from meekbook.web import CHARTS, chart_spec
>>> sorted(CHARTS)[:3]
['benchmark_gap', 'compute_law', 'inference_gap']
>>> spec = chart_spec("loss_gap")
>>> [p["value"] for p in spec["params"] if p["name"] == "g_investment"] == [5 / 1.4]
True
"""

from __future__ import annotations

import re




__all__ = [
    "fill",
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

#: ``ln C_meek(t)``. Mirrors ``meekbook.model.gap.log_effective_compute(t, params, "meek")``.
LOG_COMPUTE_MEEK = "log(budget_meek) + log(flop_per_dollar) + {t} * log(g_meek)"
#: ``ln C_sota(t)`` with exponential investment. Mirrors
#: ``meekbook.model.gap.log_effective_compute(t, params, "sota")`` (``Exponential`` schedule).
LOG_COMPUTE_SOTA = "log(budget_sota) + {t} * log(g_investment) + log(flop_per_dollar) + {t} * log(g_shared)"
#: ``L = E + K exp(-γ x)`` at log-compute ``x``. Mirrors ``ComputeLaw.loss_from_log_compute``.
LOSS_FROM_LOG_COMPUTE = "irreducible_loss + K * exp(-gamma * {x})"
#: ``ΔL = K (exp(-γ x_m) - exp(-γ x_s))`` (E cancels). Mirrors ``meekbook.model.gap.loss_gap``.
LOSS_GAP_FROM_LOG_COMPUTE = "K * (exp(-gamma * {x_meek}) - exp(-gamma * {x_sota}))"

#: Critical point of ΔL(t) for growths ``g_s`` > ``g_m`` and starting budgets ``b_s``, ``b_m``
#: (unclipped). Mirrors the formula inside ``meekbook.model.inflection.peak_time``.
PEAK_TIME_GENERAL = (
    "(log(log({g_s}) / log({g_m})) - gamma * log({b_s} / {b_m}))"
    " / (gamma * (log({g_s}) - log({g_m})))"
)
#: Peak time t* (years, >= 0). Mirrors ``meekbook.model.inflection.peak_time``.
PEAK_TIME = "max({general}, 0)"
#: Head start ``C0s/C0m`` beyond which the gap never rises. Mirrors
#: ``meekbook.model.inflection.head_start_without_peak``.
HEAD_START_WITHOUT_PEAK = "pow(log(g_sota) / log(g_meek), 1 / gamma)"

#: ``γ = a b / (a + b)``. Mirrors ``ScalingLaw.gamma``.
LAW_GAMMA = "a * b / (a + b)"
#: ``G = (a A / (b B))^(1/(a+b))``. Mirrors ``ScalingLaw.G``.
LAW_G = "pow(a * A / (b * B), 1 / (a + b))"
#: ``K = 6^γ (A G^-a + B G^b)``. Mirrors ``ScalingLaw.K``.
LAW_K = "pow(6, law_gamma) * (A * pow(law_G, -a) + B * pow(law_G, b))"
#: ``L*(C) = E + K exp(-γ ln C)``. Mirrors ``meekbook.model.scaling.compute_optimal_loss``.
COMPUTE_OPTIMAL_LOSS = "irreducible_loss + law_K * exp(-law_gamma * {log_c})"
#: Exponent of ``N_opt ∝ C^(b/(a+b))``. Mirrors ``ScalingLaw.optimal_allocation``.
ALLOCATION_EXPONENT_N = "b / (a + b)"

#: ``score = S / (1 + exp(-k (L - x0))) + s0``. Mirrors ``meekbook.model.sigmoid.loss_to_score``
#: (``steps = 1``; the chart raises it to the power ``steps``).
SIGMOID_SCORE = "S / (1 + exp(-k * ({loss} - x0))) + s0"

#: Wald's constant. Mirrors ``meekbook.model.sprt.wald_constant``.
WALD_CONSTANT = "(1 - alpha) * log((1 - alpha) / beta) + alpha * log(alpha / (1 - beta))"
#: Expected tokens to tell the models apart. Mirrors ``meekbook.model.sprt.token_threshold``.
TOKEN_THRESHOLD = "slowdown * wald_constant / {gap}"

#: The factor the paper's toy drops from ``C_inf``: ``inference_constant_factor`` (the signal of
#: that name, 30) when the checkbox ``include_constants`` is on, else 1. Mirrors
#: ``meekbook.model.inference.inference_constant_factor``.
INFERENCE_CONSTANT_FACTOR = "(include_constants ? inference_constant_factor : 1)"
#: ``ln C_inf(t)``: the paper's toy, times :data:`INFERENCE_CONSTANT_FACTOR`. Mirrors
#: ``meekbook.model.inference.log_inference_compute``.
LOG_INFERENCE_COMPUTE = (
    "2 * (log(price_per_token) + log(flop_per_dollar))"
    " + {t} * (2 * log(g_hardware * g_inference) + log(g_algorithm))"
    " + log(" + INFERENCE_CONSTANT_FACTOR + ")"
)
#: Catch-up time of the fixed-price model (NaN if it never catches up). Mirrors
#: ``meekbook.model.inference.inference_catch_up_time``.
INFERENCE_CATCH_UP_TIME = (
    "log(g_hardware * pow(g_inference, 2) / g_investment) > 0"
    " ? max((log(budget_sota) - log(" + INFERENCE_CONSTANT_FACTOR
    + " * pow(price_per_token, 2) * flop_per_dollar))"
    " / log(g_hardware * pow(g_inference, 2) / g_investment), 0) : NaN"
)

#: Dollars of the frontier, growth ``g_investment`` until ``change_year`` then
#: ``growth_after`` (log). Mirrors ``meekbook.model.schedules.SlowdownAfter.log_dollars``.
LOG_DOLLARS_SLOWDOWN = (
    "log(budget_sota) + min({t}, change_year) * log(g_investment)"
    " + max({t} - change_year, 0) * log(growth_after)"
)
#: ``ln C_sota(t)`` for a schedule given by its log-dollars. Mirrors
#: ``meekbook.model.gap.log_effective_compute(t, params, "sota", schedule)``.
LOG_COMPUTE_SOTA_SCHEDULE = "{log_dollars} + log(flop_per_dollar) + {t} * log(g_shared)"

#: Years until a compute ``exp(log_c0 + t log_growth)`` reaches a threshold ``exp(log_threshold)``:
#: 0 if it is already there, infinity (``1 / 0``; Vega has no ``Infinity`` constant) if it never
#: gets there (``log_growth <= 0``). Mirrors ``meekbook.model.governance.crossing_time``.
CROSSING_TIME = (
    "{log_threshold} <= {log_c0} ? 0"
    " : ({log_growth} > 0 ? ({log_threshold} - {log_c0}) / {log_growth} : 1 / 0)"
)
#: Years from a frontier's crossing to the meek actor's (infinite if the meek actor never gets
#: there). Mirrors ``meekbook.model.governance.effective_lag`` (its ``lag``) and, with the raw and
#: catch-up crossings, ``governance_window`` (its ``window``).
THRESHOLD_WINDOW = "isFinite({meek}) ? {meek} - {frontier} : 1 / 0"
#: ``ln`` of the meek actor's raw training FLOP, ``C0 g_h^t`` (no algorithmic factor). Mirrors
#: ``meekbook.model.governance.raw_compute(t, params, "meek")``.
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


def gap_at(t: str, log_sota: str = LOG_COMPUTE_SOTA) -> str:
    """Vega expression of ΔL at the time expression ``t`` (markers computed from signals).

    Parameters
    ----------
    t : str
        Vega expression of the time (years).
    log_sota : str
        Template of the frontier's log compute (``LOG_COMPUTE_SOTA`` or a schedule's).

    Returns
    -------
    str
    """
    return fill(LOSS_GAP_FROM_LOG_COMPUTE, x_meek=fill(LOG_COMPUTE_MEEK, t=t),
                x_sota=fill_partial(log_sota, t))


def fill_partial(template: str, t: str) -> str:
    """Fill the time ``t`` of a log-compute template, and its ``{log_dollars}`` if it has one
    (the slowdown schedule's dollars, :data:`LOG_DOLLARS_SLOWDOWN`).

    Parameters
    ----------
    template : str
        A template with a ``{t}`` placeholder.
    t : str
        Vega expression of the time (years).

    Returns
    -------
    str
    """
    if "{log_dollars}" in template:
        return fill(template, log_dollars=fill(LOG_DOLLARS_SLOWDOWN, t=t), t=t)
    return fill(template, t=t)


def peak_time_expr(g_s: str = "g_sota", g_m: str = "g_meek", b_s: str = "budget_sota",
                   b_m: str = "budget_meek") -> str:
    """Vega expression of the peak time t* (:data:`PEAK_TIME`) for the given signals.

    Parameters
    ----------
    g_s, g_m : str
        The frontier's and the meek actor's compute growth per year.
    b_s, b_m : str
        Their budgets at t = 0.

    Returns
    -------
    str
    """
    return fill(PEAK_TIME, general=fill(PEAK_TIME_GENERAL, g_s=g_s, g_m=g_m, b_s=b_s, b_m=b_m))
