"""Building blocks of the in-page charts (Altair): sliders from the declared controls
(:mod:`meekbook.model.controls`), fixed and derived signals, axes, legends, markers, and the
finishing touches every chart of :mod:`meekbook.web.charts` and :mod:`meekbook.web.data_charts`
shares."""

from __future__ import annotations

import math
from typing import Any

from ..model.controls import Control, control
from ..model.params import PaperParams
from ..plots.style import PALETTE
from .expressions import G_MEEK, G_SHARED, G_SOTA

__all__ = [
    "PAPER_PARAMS", "YEARS", "GAP_TITLE", "HEIGHT", "altair", "slider", "control_slider",
    "actor_sliders", "checkbox", "fixed", "derived", "law_params", "growth_derived", "year_grid",
    "one_row", "axis", "legend", "peak_marker", "finish", "finish_concat",
]

#: The paper's parameters: the fixed values and the controls' defaults of the charts.
PAPER_PARAMS = PaperParams()
#: Title of a time axis.
YEARS = "years from start"
#: Title of a loss-gap axis.
GAP_TITLE = "loss gap ΔL (nats/token)"
#: Height of a one-panel chart (pixels).
HEIGHT = 260


def altair() -> Any:
    """The ``altair`` module (imported on first use: it is slow to import)."""
    import altair as alt

    return alt


def slider(name: str, value: float, low: float, high: float, step: float, label: str) -> Any:
    """A range slider bound to the signal ``name``.

    Parameters
    ----------
    name : str
        The signal the slider sets.
    value : float
        Its starting value.
    low, high, step : float
        The slider's range and step (written to the spec as given).
    label : str
        The words next to the slider.

    Returns
    -------
    altair.Parameter
    """
    alt = altair()
    return alt.param(name=name, value=float(value),
                     bind=alt.binding_range(min=low, max=high, step=step, name=label + " "))


def _exponent(value: float) -> float:
    """``log10(value)``, as an int when it is a whole power of ten (the spec writes ``20``)."""
    exponent = math.log10(value)
    return int(round(exponent)) if abs(exponent - round(exponent)) < 1e-12 else exponent


def control_slider(key: str) -> Any:
    """The slider of the declared control ``key`` (:data:`~meekbook.model.controls.CONTROLS`).

    A log-scale control becomes a slider over the power of ten, the signal ``log10_NAME``.

    Parameters
    ----------
    key : str
        A key of :data:`~meekbook.model.controls.CONTROLS`.

    Returns
    -------
    altair.Parameter

    Raises
    ------
    ValueError
        If no control has that key.
    """
    c: Control = control(key)
    if c.scale == "log":
        return slider(f"log10_{c.name}", math.log10(c.default), _exponent(c.low), _exponent(c.high),
                      c.step, c.label)
    return slider(c.name, c.default, c.low, c.high, c.step, c.label)


def actor_sliders(g_algorithm_key: str = "g_algorithm") -> list[Any]:
    """The sliders of a two-actor chart: the three growth rates, then both budgets.

    Parameters
    ----------
    g_algorithm_key : str
        The control of ``g_algorithm`` (a chart may declare its own range).

    Returns
    -------
    list of altair.Parameter
    """
    return [control_slider(key) for key in
            ("g_investment", g_algorithm_key, "g_hardware", "budget_meek", "budget_sota")]


def checkbox(name: str, value: bool, label: str) -> Any:
    """A checkbox bound to the boolean signal ``name``, labelled ``label``."""
    alt = altair()
    return alt.param(name=name, value=bool(value), bind=alt.binding_checkbox(name=label + " "))


def fixed(name: str, value: float) -> Any:
    """A signal ``name`` with a fixed value (no slider)."""
    return altair().param(name=name, value=float(value))


def derived(name: str, expr: str) -> Any:
    """A signal ``name`` the browser computes from the Vega expression ``expr``."""
    return altair().param(name=name, expr=expr)


def law_params(gamma_slider: bool = True) -> list[Any]:
    """The compute law's signals: ``gamma`` (a slider unless ``gamma_slider`` is false), ``K``,
    ``irreducible_loss`` and ``flop_per_dollar`` (fixed at the paper's values)."""
    law = PAPER_PARAMS.law
    gamma = control_slider("gamma") if gamma_slider else fixed("gamma", law.gamma)
    return [gamma, fixed("K", law.K), fixed("irreducible_loss", law.E),
            fixed("flop_per_dollar", PAPER_PARAMS.flop_per_dollar)]


def growth_derived(meek_own: bool = False) -> list[Any]:
    """The derived growth signals ``g_shared``, the meek actor's rates, ``g_meek`` and ``g_sota``.

    Parameters
    ----------
    meek_own : bool
        The chart has a ``g_hardware_meek`` slider of its own (else it follows ``g_hardware``).

    Returns
    -------
    list of altair.Parameter
    """
    out = [derived("g_shared", G_SHARED)]
    if not meek_own:
        out.append(derived("g_hardware_meek", "g_hardware"))
    out += [derived("g_algorithm_meek", "g_algorithm"), derived("g_meek", G_MEEK),
            derived("g_sota", G_SOTA)]
    return out


def year_grid(step: float = 0.05, t_max: float = 20.0) -> tuple[Any, str]:
    """Grid ``t = i * step`` for i = 0..t_max/step (as ``numpy.arange(n) * step``).

    Returns
    -------
    sequence : altair.SequenceGenerator
        The rows ``i``.
    t_expr : str
        The Vega expression of ``t`` in a row.
    """
    alt = altair()
    n = int(round(t_max / step))
    return alt.sequence(0, n + 1, as_="i"), f"datum.i * {step!r}"


def one_row() -> Any:
    """Data of one row, for marks that show signals (markers, notes)."""
    return altair().sequence(0, 1, as_="i")


def axis(title: str, **kw: Any) -> Any:
    """An axis titled ``title`` with about five ticks (``kw``: more ``alt.Axis`` options)."""
    return altair().Axis(title=title, tickCount=5, **kw)


def legend(names: list[str], colors: list[str], dashes: list[list[int]], vertical: bool = False) -> Any:
    """An invisible layer that only draws the legend.

    Curves are separate layers with fixed colours: their data tuples are then updated in place
    when a slider moves, which keeps the redraw fast, instead of being re-created by a fold
    transform.

    Parameters
    ----------
    names, colors, dashes : list
        One entry per curve: its name, colour and dash pattern.
    vertical : bool
        Stack the entries.

    Returns
    -------
    altair.Chart
    """
    alt = altair()
    return (
        alt.Chart(alt.Data(values=[{"what": n} for n in names])).mark_line(opacity=0)
        .encode(color=alt.Color("what:N", scale=alt.Scale(domain=names, range=colors),
                                legend=alt.Legend(orient="top", direction="vertical" if vertical else "horizontal",
                                                  symbolType="stroke", symbolStrokeWidth=2.5)),
                strokeDash=alt.StrokeDash("what:N", scale=alt.Scale(domain=names, range=dashes)))
    )


def peak_marker(t_signal: str, gap_signal: str, label: str | None = None) -> list[Any]:
    """The layers that mark a peak: a rule at ``t_signal``, a dot, and a note.

    Parameters
    ----------
    t_signal, gap_signal : str
        The signals of the peak's time and gap.
    label : str, optional
        Vega expression of the note (default: the peak's time and gap).

    Returns
    -------
    list of altair.Chart
    """
    alt = altair()
    row = alt.Chart(one_row()).transform_calculate(t=t_signal, gap=gap_signal)
    rule = row.mark_rule(color=PALETTE["vermillion"], strokeDash=[3, 3]).encode(x="t:Q")
    dot = (row.mark_point(filled=True, size=80, color=PALETTE["vermillion"], opacity=1)
           .encode(x="t:Q", y="gap:Q").properties(name="peak_marker"))
    text = label or (f"'peak: t* = ' + format({t_signal}, '.2f') + ' yr, ΔL = ' + format({gap_signal}, '.3f')")
    note = (alt.Chart(one_row()).mark_text(align="right", baseline="top", x="width", y=4, dx=-4,
                                           lineBreak="\n", color=PALETTE["vermillion"])
            .transform_calculate(text=text).encode(text="text:N"))
    return [rule, dot, note]


def finish(chart: Any, *params: Any) -> Any:
    """Add the parameters and the book's look (fonts, grid, container width) to a chart."""
    return (
        chart.add_params(*params)
        .properties(width="container", height=HEIGHT)
        .configure_view(stroke=None)
        .configure_axis(grid=True, gridOpacity=0.3, labelFontSize=11, titleFontSize=12,
                        titleFontWeight="normal")
        .configure_legend(orient="top", labelFontSize=11, title=None)
        .configure_text(fontSize=12)
    )


def finish_concat(chart: Any, *params: Any) -> Any:
    """:func:`finish` for stacked panels (each panel sets its own height; fit to the width)."""
    return (
        chart.add_params(*params)
        .configure_view(stroke=None)
        .configure_axis(grid=True, gridOpacity=0.3, labelFontSize=11, titleFontSize=12,
                        titleFontWeight="normal")
        .configure_legend(orient="top", labelFontSize=11, title=None)
        .configure_text(fontSize=12)
        .configure_concat(spacing=12)
        .properties(autosize=altair().AutoSizeParams(type="fit-x", contains="padding"))
    )
