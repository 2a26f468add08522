"""One consistent, colour-blind-safe look for every figure of the book.

Colours are the Okabe-Ito palette (Okabe & Ito 2008), distinguishable under the common forms
of colour-vision deficiency; series also differ by line style where several share an axis.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import matplotlib as mpl

__all__ = ["PALETTE", "SERIES", "LINESTYLES", "STYLE", "apply_style", "figure_style"]

#: Named Okabe-Ito colours.
PALETTE: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    # roles
    "sota": "#D55E00",
    "meek": "#0072B2",
    "gap": "#000000",
    "reference": "#7F7F7F",
}

#: Colour order for several series on one axis (yellow left out: too light on white).
SERIES: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")

#: Line styles paired with :data:`SERIES`.
LINESTYLES: tuple[str, ...] = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (3, 1)), "-")

#: Matplotlib rc settings of the book.
STYLE: dict[str, object] = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.size": 10.5,
    "axes.titlesize": 11,
    "axes.labelsize": 10.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.6,
    "lines.linewidth": 2.0,
    "legend.frameon": False,
    "legend.fontsize": 9.5,
    "axes.prop_cycle": mpl.cycler(color=list(SERIES)),
    "svg.hashsalt": "meekbook",
    "svg.fonttype": "none",
}


def apply_style(retina: bool = True) -> None:
    """Apply the book's style globally (``matplotlib.rcParams``).

    Parameters
    ----------
    retina : bool
        In a Jupyter kernel, also show inline figures as double-resolution PNGs (IPython's
        ``"retina"`` format: the image is stored at twice the pixels and displayed at its
        normal size), so figures stay crisp on high-resolution screens. No effect outside a
        kernel.
    """
    mpl.rcParams.update(STYLE)
    if retina:
        _retina_inline_figures()


def _retina_inline_figures() -> None:
    """Ask IPython's inline backend for double-resolution PNGs, when running in a kernel."""
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None and hasattr(shell, "kernel"):
        # keep a vector format the kernel was configured with (the PDF edition asks for "pdf"
        # through IPython's InlineBackend.figure_formats); only the raster format becomes retina
        from matplotlib_inline.config import InlineBackend

        configured = set(InlineBackend.instance().figure_formats)
        vector = configured - {"png", "retina", "png2x", "jpg", "jpeg"}
        set_matplotlib_formats("retina", *sorted(vector))


@contextmanager
def figure_style() -> Iterator[None]:
    """Context manager: the book's style inside, the caller's settings restored after."""
    with mpl.rc_context(STYLE):
        yield
