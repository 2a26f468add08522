"""Fast interactive explorers for the chapters (ipywidgets + matplotlib).

Every chapter's explorer uses :func:`explorer`: sliders on the left of one figure that is drawn
once and then *updated in place* (line data changed, one PNG re-encoded into an
``ipywidgets.Image``). Recreating a figure on every slider move, as ``interact`` with
``plt.show()`` does, costs 100-200 ms on a small machine; updating in place costs a few tens of
milliseconds (``benchmarks/run.py`` measures it).

Widgets need a running kernel: in the static HTML book the default figure is drawn by an
ordinary cell above the explorer.
"""

from __future__ import annotations

import io
import math
import time
from typing import Any, Callable

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ..model.controls import control as declared_control

__all__ = ["LiveFigure", "explorer", "slider", "log_slider", "control_widget", "plain_ticks",
           "find_artist", "nice_ceiling", "year_grid", "YEARS", "GAP_LABEL"]

#: Label of a time axis.
YEARS = "years from start"
#: Label of a loss-gap axis.
GAP_LABEL = "loss gap ΔL (nats/token)"
#: Width of a control declared in :mod:`meekbook.model.controls` (its label is in words).
CONTROL_WIDTH = "460px"


def plain_ticks(fig: Figure) -> None:
    """Speed up redraws: plain-text tick labels (no mathtext) and no minor ticks on log axes.

    Mathtext parsing of log-axis labels such as ``10^3`` is about half the cost of a redraw.
    """
    from matplotlib.ticker import LogFormatter, NullLocator

    for ax in fig.axes:
        for axis, scale in ((ax.xaxis, ax.get_xscale()), (ax.yaxis, ax.get_yscale())):
            if scale == "log":
                axis.set_major_formatter(LogFormatter(labelOnlyBase=True))
                axis.set_minor_locator(NullLocator())


class LiveFigure:
    """A matplotlib figure shown as an ``ipywidgets.Image`` and refreshed in place.

    The first render draws everything and freezes the layout. Later refreshes *blit*: the
    artists that change (the "live" ones: by default every artist with a ``gid``, see
    :func:`find_artist`) are drawn over a saved background of everything
    else, unless an axis' limits or labels changed, which needs a full redraw. The image is
    encoded as a PNG with light compression (``compress_level=1``: a few milliseconds instead
    of tens, for a slightly larger image).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (closed from pyplot so it is not also shown inline).
    dpi : float
        Resolution of the PNG sent to the browser.
    live : callable, optional
        ``live(artist) -> bool``: which artists change on updates (default: those with a gid).
        Without any live artist every refresh redraws the whole figure.
    """

    def __init__(self, fig: Figure, dpi: float = 90,
                 live: Callable[[Any], bool] | None = None) -> None:
        import ipywidgets as widgets

        plain_ticks(fig)
        self.fig = fig
        self.dpi = dpi
        self.is_live = live if live is not None else (lambda artist: artist.get_gid() is not None)
        plt.close(fig)
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)    # an Agg canvas of its own (blitting), whatever pyplot's backend
        fig.set_dpi(dpi)
        self.image = widgets.Image(format="png")
        self.last_update_seconds = float("nan")
        self.last_update_cpu_seconds = float("nan")
        self.full_redraws = 0
        self._background: Any = None
        self._state: tuple = ()
        fig.canvas.draw()       # the layout engine runs once, here
        # The layout was computed by the first render; freezing it saves its cost on every update.
        fig.set_layout_engine("none")
        self.refresh()

    def _live_artists(self) -> list[Any]:
        return [a for a in self.fig.findobj(self.is_live) if a is not self.fig]

    def _static_state(self) -> tuple:
        """What the background depends on: axis limits and labels."""
        return tuple((tuple(ax.viewLim.bounds), ax.get_xlabel(), ax.get_ylabel())
                     for ax in self.fig.axes)

    def refresh(self, full: bool = False) -> None:
        """Re-render the figure into the image widget (a full redraw only when needed)."""
        canvas = self.fig.canvas
        live = self._live_artists()
        state = self._static_state()
        # no live artist named: nothing to blit, every refresh is a full redraw
        if full or not live or self._background is None or state != self._state:
            for artist in live:
                artist.set_animated(True)       # left out of the background
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._state = state
            self.full_redraws += 1
        else:
            canvas.restore_region(self._background)
        for artist in live:
            artist.set_animated(True)
            self.fig.draw_artist(artist)
        self.image.value = self.png()

    def png(self) -> bytes:
        """The canvas as it is now, as PNG bytes (fast, lightly compressed)."""
        from PIL import Image

        width, height = self.fig.canvas.get_width_height(physical=True)
        buffer = io.BytesIO()
        Image.frombuffer("RGBA", (width, height), self.fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1
                         ).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


def slider(value: float, low: float, high: float, step: float, description: str,
           readout_format: str = ".3g", width: str = "340px") -> Any:
    """A labelled float slider (updates while dragging).

    Parameters
    ----------
    value : float
        Starting value.
    low, high, step : float
        Range and step.
    description : str
        The label.
    readout_format : str
        d3 format of the value shown next to the slider.
    width : str
        CSS width of the slider with its label.

    Returns
    -------
    ipywidgets.FloatSlider
    """
    import ipywidgets as widgets

    return widgets.FloatSlider(
        value=value, min=low, max=high, step=step, description=description,
        readout_format=readout_format, continuous_update=True,
        style={"description_width": "initial"}, layout=widgets.Layout(width=width),
    )


def log_slider(value: float, low: float, high: float, description: str, step: float = 0.1,
               width: str = "340px") -> Any:
    """A slider over powers of ten (``low`` and ``high`` are the values, not exponents).

    Parameters
    ----------
    value : float
        Starting value.
    low, high : float
        Range (values > 0).
    description : str
        The label.
    step : float
        Step in decades.
    width : str
        CSS width of the slider with its label.

    Returns
    -------
    ipywidgets.FloatLogSlider
    """
    import ipywidgets as widgets

    return widgets.FloatLogSlider(
        value=value, base=10, min=math.log10(low), max=math.log10(high),
        step=step, description=description, style={"description_width": "initial"},
        layout=widgets.Layout(width=width),
    )


def control_widget(key: str, value: float | None = None) -> Any:
    """The slider of the declared control ``key`` (:data:`~meekbook.model.controls.CONTROLS`):
    its range, step and label, a log slider for a log scale, whole numbers for an integer control.

    Parameters
    ----------
    key : str
        A key of :data:`~meekbook.model.controls.CONTROLS`.
    value : float, optional
        Starting value (default: the control's, the paper's setting); an explorer passes the
        value of the parameters it was given.

    Returns
    -------
    ipywidgets.FloatSlider, ipywidgets.FloatLogSlider or ipywidgets.IntSlider

    Raises
    ------
    ValueError
        If no control has that key, or ``value`` is outside the control's range.
    """
    import ipywidgets as widgets

    c = declared_control(key)
    start = c.default if value is None else value
    if not c.low <= start <= c.high:
        raise ValueError(f"value of control {key!r} must be in [{c.low!r}, {c.high!r}]; got {start!r}")
    if c.scale == "log":
        return log_slider(start, c.low, c.high, c.label, step=c.step, width=CONTROL_WIDTH)
    if c.is_integer:
        return widgets.IntSlider(value=int(start), min=c.low, max=c.high, step=c.step,
                                 description=c.label, continuous_update=True,
                                 style={"description_width": "initial"},
                                 layout=widgets.Layout(width=CONTROL_WIDTH))
    readout = ",.0f" if abs(c.high) >= 1e4 and c.step >= 1 else ".3g"
    return slider(start, c.low, c.high, c.step, c.label, readout_format=readout, width=CONTROL_WIDTH)


def find_artist(fig: Figure, gid: str) -> Any:
    """The artist of ``fig`` whose ``gid`` is ``gid`` (the data an explorer updates).

    Raises
    ------
    KeyError
        If no artist of the figure has that gid.
    """
    for artist in fig.findobj():
        if artist.get_gid() == gid:
            return artist
    raise KeyError(f"no artist with gid {gid!r} in the figure")


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 (times a power of ten) >= ``value``.

    Axis limits rounded up this way change only now and then while a slider moves, so most
    updates redraw just the curves over a saved background (see :class:`LiveFigure`).
    A value that is not finite or not positive gives 1.
    """
    if not np.isfinite(value) or value <= 0:
        return 1.0
    scale = 10.0 ** np.floor(np.log10(value))
    for step in (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if step * scale >= value * (1 - 1e-12):
            return float(step * scale)
    return float(10 * scale)


def year_grid(t_max: float = 20.0, n: int = 401) -> np.ndarray:
    """``n`` evenly spaced years from 0 to ``t_max`` (the explorers' time axis)."""
    return np.linspace(0.0, t_max, n)


def explorer(fig: Figure, update: Callable[..., None], dpi: float = 90, **controls: Any) -> Any:
    """Sliders that drive ``update(**values)``, which changes ``fig`` in place.

    Parameters
    ----------
    fig : Figure
        Drawn once with the default values.
    update : callable
        Called with the current value of every control (by name) after any change; it should
        change artists' data (``line.set_ydata``, ``ax.set_ylim``) rather than draw anew.
    dpi : float
        PNG resolution.
    **controls
        ipywidgets controls (e.g. from :func:`slider`), keyed by the ``update`` argument name.

    Returns
    -------
    ipywidgets.HBox
        Controls on the left, the figure on the right. ``box.live`` is the :class:`LiveFigure`
        (``box.live.last_update_seconds`` holds the wall-clock time of the last update,
        ``last_update_cpu_seconds`` the processor time of this process) and
        ``box.controls`` the controls by name.
    """
    import ipywidgets as widgets

    live = LiveFigure(fig, dpi=dpi)

    def on_change(_change: object = None) -> None:
        start, start_cpu = time.perf_counter(), time.process_time()
        update(**{name: control.value for name, control in controls.items()})
        live.refresh()
        live.last_update_seconds = time.perf_counter() - start
        live.last_update_cpu_seconds = time.process_time() - start_cpu

    for control in controls.values():
        control.observe(on_change, names="value")
    on_change()
    box = widgets.HBox([widgets.VBox(list(controls.values())), live.image])
    box.live = live
    box.controls = controls
    return box
