"""Print counterparts of the book's interactive charts: one chart at a few parameter settings.

A chapter's "Explore" box drives a chart with sliders in the HTML page. Paper cannot move a
slider, so the print edition shows the same chart at three or four settings, one row each,
titled with what changed (a *small multiple*). The chart is the one the explorer draws: the
``*_figure`` functions of :mod:`meekbook.notebook.explorers` return ``(figure, update)``;
:func:`small_multiples` calls ``update`` with each setting and stacks the rendered rows.

The function takes the figure factory as an argument (this module imports no layer above
:mod:`meekbook.plots`).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

__all__ = ["small_multiples"]

#: Figure factory: a new figure drawn at the defaults, and its ``update(**values)``.
MakeFigure = Callable[[], "tuple[Figure, Callable[..., None]]"]

_MAX_SETTINGS = 4


def _render(fig: Figure, dpi: float) -> np.ndarray:
    """The RGBA pixels of ``fig`` at ``dpi``."""
    fig.set_dpi(dpi)
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def small_multiples(make_figure: MakeFigure, base: Mapping[str, Any],
                    settings: Sequence[tuple[str, Mapping[str, Any]]],
                    dpi: float = 110) -> Figure:
    """One chart drawn at several parameter settings, one row per setting.

    Parameters
    ----------
    make_figure : callable
        ``make_figure() -> (fig, update)``: a chapter's explorer figure (for instance
        ``lambda: explorers.gap_equation_figure(p)``); ``update(**values)`` redraws it.
    base : mapping
        Every argument of ``update`` at its default (the page's initial state).
    settings : sequence of (str, mapping)
        Three or four ``(title, changes)`` pairs: ``changes`` overrides ``base`` (names must be
        keys of ``base``); the title says what the row shows.
    dpi : float
        Resolution of each rendered row (50 to 300).

    Returns
    -------
    Figure
        The rows stacked top to bottom, each titled ``"(a) title"``, ``"(b) title"``, ...

    Raises
    ------
    ValueError
        If there are not 3 or 4 settings, a change names an argument not in ``base``, or
        ``dpi`` is outside [50, 300].
    TypeError
        If ``make_figure`` is not callable.
    """
    if not callable(make_figure):
        raise TypeError(f"make_figure must be callable; got {type(make_figure).__name__}")
    if not 3 <= len(settings) <= _MAX_SETTINGS:
        raise ValueError(f"settings must hold 3 or 4 (title, changes) pairs; got {len(settings)}")
    if not 50 <= dpi <= 300:
        raise ValueError(f"dpi must be in [50, 300]; got {dpi!r}")
    for title, changes in settings:
        unknown = sorted(set(changes) - set(base))
        if unknown:
            raise ValueError(f"settings[{title!r}] changes {unknown}, which are not in base "
                             f"(allowed: {sorted(base)})")
    import matplotlib.pyplot as plt

    rows = []
    for _, changes in settings:
        fig, update = make_figure()
        update(**{**base, **changes})
        rows.append(_render(fig, dpi))
        plt.close(fig)
    height, width = rows[0].shape[:2]
    title_in = 0.3
    total_in = len(rows) * (height / dpi + title_in)
    out = plt.figure(figsize=(width / dpi, total_in), dpi=dpi)
    grid = out.add_gridspec(len(rows), 1, hspace=title_in / (height / dpi), left=0, right=1,
                            bottom=0, top=1 - title_in / total_in)
    for i, ((title, _), pixels) in enumerate(zip(settings, rows)):
        ax = out.add_subplot(grid[i])
        ax.imshow(pixels, interpolation="lanczos")
        ax.set_axis_off()
        ax.set_title(f"({'abcd'[i]}) {title}", loc="left", fontsize=11, pad=4)
    return out
