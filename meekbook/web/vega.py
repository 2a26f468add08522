"""Building blocks of the in-page charts (Altair): sliders, fixed and derived signals, axes,
legends, and the finishing touches every chart of :mod:`meekbook.web.charts` shares."""

from __future__ import annotations

from typing import Any


from ..model.params import PaperParams
from .expressions import (
    G_MEEK,
    G_SHARED,
    G_SOTA,
)

__all__: list[str] = []  # building blocks for the chart modules of this package


# ---------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------
_P = PaperParams()
YEARS = "years from start"
GAP_TITLE = "loss gap ΔL (nats/token)"
HEIGHT = 260


def _alt() -> Any:
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
