"""The uncertainty explorer in the browser (Vega-Lite; no Python kernel needed): the distribution
of t* with a width slider per uncertain input (:func:`uncertainty_chart`)."""

from __future__ import annotations

import re
from typing import Any, Mapping

import numpy as np
from scipy.special import ndtri

from ..model.controls import WIDTH_INPUTS
from ..model.params import PaperParams
from ..model.scaling import PAPER_LAW
from ..uncertainty.distributions import (
    Distribution, Fixed, LogNormal, Normal, SplitLogNormal, _check_count, _clip_u,
)
from ..uncertainty.priors import INPUT_NAMES, PIVOT_COMPUTE, resolve_priors

__all__ = ["BROWSER_INPUTS", "browser_base_samples", "uncertainty_chart"]


#: Inputs whose width the browser explorer lets the reader change (those t* and ΔL(t*) use).
BROWSER_INPUTS: tuple[str, ...] = WIDTH_INPUTS
_PER_DRAW = re.compile(r"(?<![\w.])(gamma|K|g_meek|g_shared|g_investment|g_sota)(?!\w)")


def _browser_value(name: str, dist: Distribution) -> str:
    """Vega expression of one input per draw: the distribution applied to ``datum.z_NAME``
    (a standard-normal base sample) with its spread times the slider ``w_NAME``."""
    z = f"datum.z_{name} * w_{name}"
    if isinstance(dist, LogNormal):
        return f"{dist.median_value!r} * exp({dist.sigma!r} * {z})"
    if isinstance(dist, SplitLogNormal):
        low, high = dist.sigmas
        return f"{dist.median_value!r} * exp(({z} < 0 ? {low!r} : {high!r}) * {z})"
    if isinstance(dist, Normal):
        return f"{dist.mean!r} + {dist.sd!r} * {z}"
    if isinstance(dist, Fixed):
        return repr(float(dist.value))
    raise ValueError(
        f"the browser explorer supports LogNormal, SplitLogNormal, Normal and Fixed priors; {name} is {type(dist).__name__}"
    )


def browser_base_samples(draws: int = 1000, seed: int = 0) -> np.ndarray:
    """Standard-normal base samples ``(draws, len(INPUT_NAMES))`` behind :func:`~meekbook.uncertainty.propagation.monte_carlo`.

    Column ``j`` is ``ndtri(u[:, j])`` for the same uniform numbers ``u`` that
    ``monte_carlo(draws=draws, seed=seed)`` draws, so a LogNormal input is
    ``median * exp(sigma * z)`` and a Normal one ``mean + sd * z`` draw by draw.
    """
    draws = _check_count("draws", draws)
    seed = _check_count("seed", seed, 0, 2**63 - 1)
    u = np.random.default_rng(seed).random((draws, len(INPUT_NAMES)))
    return ndtri(_clip_u(u))


def uncertainty_chart(draws: int = 1000, seed: int = 0,
                      priors: Mapping[str, Any] | None = None) -> Any:
    """Vega-Lite chart (Altair): the distribution of t* with a width slider per input.

    The page carries ``draws`` fixed, seeded standard-normal base samples inline; the browser
    scales them by the slider widths (1 = the prior, 0 = its median, 2 = twice the spread in
    log space for log-normal inputs) and computes t* and ΔL(t*) per draw with the package's
    closed forms as written for the browser in ``meekbook.web``. At the default widths
    the draws are the first ``draws`` of ``monte_carlo(draws=draws, seed=seed)`` (base samples
    inlined to 10 significant digits); at width ``w`` they are those of the priors
    ``.scaled(w)``. Draws outside the model's
    domain (no peak) are counted and left out of the histogram.

    The per-draw mark ``draws`` (a rug) holds ``i``, ``t_star`` and ``peak_gap`` for each draw.
    """
    import altair as alt

    from ..plots.style import PALETTE
    from .vega import axis, control_slider, finish, fixed

    params = [control_slider(f"w_{name}") for name in BROWSER_INPUTS]
    params += [fixed("budget_meek", PaperParams().budget_meek),
               fixed("budget_sota", PaperParams().budget_sota),
               fixed("flop_per_dollar", PaperParams().flop_per_dollar)]
    base = _per_draw_inputs(draws, seed, priors)
    valid = _per_draw_outputs(base)
    hist = (
        valid.transform_filter("datum.t_star <= 10")
        .transform_bin(["bin_start", "bin_end"], field="t_star", bin=alt.Bin(extent=[0, 10], step=0.2))
        .transform_aggregate(draws="count()", groupby=["bin_start", "bin_end"])
        .mark_bar(color=PALETTE["blue"], opacity=0.8)
        .encode(x=alt.X("bin_start:Q", axis=axis("peak time t* (years)"), scale=alt.Scale(domain=[0, 10])),
                x2="bin_end:Q", y=alt.Y("draws:Q", axis=axis("draws")), y2=alt.datum(0))
    )
    rug = valid.mark_tick(color=PALETTE["black"], opacity=0.25, thickness=1, size=8).encode(
        x=alt.X("t_star:Q", scale=alt.Scale(domain=[0, 10], clamp=True)),
        y=alt.value(HEIGHT_BROWSER - 4)).properties(name="draws")
    quantiles = valid.transform_quantile("t_star", probs=[0.05, 0.5, 0.95], as_=["prob", "value"])
    rules = quantiles.mark_rule(color=PALETTE["vermillion"]).encode(
        x=alt.X("value:Q", scale=alt.Scale(domain=[0, 10], clamp=True)),
        strokeDash=alt.condition("datum.prob == 0.5", alt.value([1, 0]), alt.value([4, 3])))
    layered = alt.layer(hist, rug, rules, *_summary_texts(base, valid, quantiles)).properties(
        width="container", height=HEIGHT_BROWSER)
    return finish(layered, *params)


def _per_draw_inputs(draws: int, seed: int, priors: Mapping[str, Any] | None) -> Any:
    """The chart of the draws: base samples inline, each input per draw, and ``valid``."""
    import altair as alt

    from . import expressions as ex

    resolved = resolve_priors(priors)
    z = browser_base_samples(draws, seed)
    cols = {name: INPUT_NAMES.index(name) for name in BROWSER_INPUTS}
    # 10 significant digits keep the page small; the browser's draws then match meekbook's
    # to about 1e-10 (relative).
    rows = [{"i": int(i), **{f"z_{name}": float(f"{z[i, j]:.10g}") for name, j in cols.items()}}
            for i in range(z.shape[0])]
    per_draw = {name: _browser_value(name, resolved[name]) for name in BROWSER_INPUTS}
    k_expr = (f"datum.law_scale * {PAPER_LAW.K!r} * pow({PIVOT_COMPUTE!r}, datum.gamma - "
              f"{PAPER_LAW.gamma!r})")
    return (
        alt.Chart(alt.Data(values=rows))
        .transform_calculate(**per_draw)
        .transform_calculate(g_shared=ex.G_SHARED.replace("g_hardware", "datum.g_hardware")
                             .replace("g_algorithm", "datum.g_algorithm"))
        .transform_calculate(g_meek="datum.g_shared", g_sota="datum.g_shared * datum.g_investment",
                             K=k_expr)
        .transform_calculate(valid="datum.g_meek > 1 && datum.g_investment > 1 && "
                                   "datum.gamma > 0 && datum.gamma < 1 && datum.law_scale > 0 ? 1 : 0")
    )


def _per_draw_outputs(base: Any) -> Any:
    """The draws with a peak, with ``t_star`` and ``peak_gap`` per draw."""
    from . import expressions as ex

    t_star = _PER_DRAW.sub(r"datum.\1", ex.fill(ex.PEAK_TIME, general=ex.fill(
        ex.PEAK_TIME_GENERAL, g_s="g_sota", g_m="g_meek", b_s="budget_sota", b_m="budget_meek")))
    gap = _PER_DRAW.sub(r"datum.\1", ex.fill(
        ex.LOSS_GAP_FROM_LOG_COMPUTE,
        x_meek=ex.fill(ex.LOG_COMPUTE_MEEK, t="datum.t_star"),
        x_sota=ex.fill(ex.LOG_COMPUTE_SOTA, t="datum.t_star")))
    return base.transform_filter("datum.valid == 1").transform_calculate(t_star=t_star).transform_calculate(peak_gap=gap)


def _summary_texts(base: Any, valid: Any, quantiles: Any) -> list[Any]:
    """The three lines below the axis: t*, the peak gap, the share of draws with a peak."""
    from ..plots.style import PALETTE

    # the 5 % and 95 % quantiles from the values of the group: Vega's incremental min and max
    # kept a stale extreme after a slider went up and back (the text stayed at the wider band)
    spread = dict(lo="extent(pluck(datum.vals, 'value'))[0]", hi="extent(pluck(datum.vals, 'value'))[1]")
    t_text = quantiles.transform_aggregate(vals="values(value)", mid="median(value)").transform_calculate(
        **spread).transform_calculate(
        text="'t* median ' + format(datum.mid, '.2f') + ' yr, 5–95 %: ' + format(datum.lo, '.2f') + "
             "'–' + format(datum.hi, '.2f')")
    gap_text = valid.transform_quantile("peak_gap", probs=[0.05, 0.5, 0.95], as_=["prob", "value"]).transform_aggregate(
        vals="values(value)", mid="median(value)").transform_calculate(**spread).transform_calculate(
        text="'peak gap median ' + format(datum.mid, '.3f') + ', 5–95 %: ' + format(datum.lo, '.3f') + "
             "'–' + format(datum.hi, '.3f')")
    share_text = base.transform_aggregate(share="mean(valid)", n="count()").transform_calculate(
        text="format(datum.n, ',') + ' draws, ' + format(100 * datum.share, '.1f') + ' % with a peak'")
    # Below the axis title, left-aligned: readable on a phone, never over the bars.
    texts = [t.mark_text(align="left", baseline="top", x=0, y=HEIGHT_BROWSER + 40 + 17 * k,
                         color=PALETTE["black"]).encode(text="text:N")
             for k, t in enumerate((t_text, gap_text, share_text))]
    texts[0] = texts[0].properties(name="t_star_text")
    return texts


HEIGHT_BROWSER = 260
