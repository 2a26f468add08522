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
from matplotlib.figure import Figure

__all__ = ["LiveFigure", "explorer", "slider", "log_slider", "plain_ticks"]


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

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (closed from pyplot so it is not also shown inline).
    dpi : float
        Resolution of the PNG sent to the browser.
    """

    def __init__(self, fig: Figure, dpi: float = 90) -> None:
        import ipywidgets as widgets

        plain_ticks(fig)
        self.fig = fig
        self.dpi = dpi
        plt.close(fig)
        self.image = widgets.Image(format="png")
        self.last_update_seconds = float("nan")
        self.refresh()
        # The layout was computed by the first render; freezing it saves its cost on every update.
        fig.set_layout_engine("none")

    def refresh(self) -> None:
        """Re-render the figure into the image widget."""
        buffer = io.BytesIO()
        # "standard" bbox: a stable image size and no tight-bbox layout pass on every update.
        with plt.rc_context({"savefig.bbox": "standard"}):
            self.fig.savefig(buffer, format="png", dpi=self.dpi)
        self.image.value = buffer.getvalue()


def slider(value: float, low: float, high: float, step: float, description: str,
           readout_format: str = ".3g") -> Any:
    """A labelled float slider (updates while dragging)."""
    import ipywidgets as widgets

    return widgets.FloatSlider(
        value=value, min=low, max=high, step=step, description=description,
        readout_format=readout_format, continuous_update=True,
        style={"description_width": "initial"}, layout=widgets.Layout(width="340px"),
    )


def log_slider(value: float, low: float, high: float, description: str, step: float = 0.1) -> Any:
    """A slider over powers of ten (``low`` and ``high`` are the values, not exponents)."""
    import ipywidgets as widgets

    return widgets.FloatLogSlider(
        value=value, base=10, min=math.log10(low), max=math.log10(high),
        step=step, description=description, style={"description_width": "initial"},
        layout=widgets.Layout(width="340px"),
    )


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
        (``box.live.last_update_seconds`` holds the time of the last update).
    """
    import ipywidgets as widgets

    live = LiveFigure(fig, dpi=dpi)

    def on_change(_change: object = None) -> None:
        start = time.perf_counter()
        update(**{name: control.value for name, control in controls.items()})
        live.refresh()
        live.last_update_seconds = time.perf_counter() - start

    for control in controls.values():
        control.observe(on_change, names="value")
    on_change()
    box = widgets.HBox([widgets.VBox(list(controls.values())), live.image])
    box.live = live
    return box
