"""The chapters' live explorers: one builder per chapter, sliders next to a figure.

Each chapter's "Explore" section ends with one call, e.g. ``explorers.gap_equation()``, that
returns an ``ipywidgets`` box (see :func:`meekbook.notebook.widgets.explorer`): controls on the left, a
figure on the right that is drawn once and updated in place when a control moves. For each
chapter ``NAME`` there are two functions:

- ``NAME_figure(...)`` returns ``(fig, update)``: the figure in its default state (the paper's
  setting) and the function that redraws it; ``update`` takes one keyword per control and
  gets every number from the package (no model code here). The chapters show the default
  state with it, and the tests call ``update`` directly.
- ``NAME(...)`` returns the explorer: the controls wired to ``update``.

Every slider is built from the declaration of its parameter
(:data:`meekbook.model.controls.CONTROLS`, the same declaration as the in-page charts' sliders)
by :func:`~meekbook.notebook.widgets.control_widget`. The builders live in
:mod:`~meekbook.notebook.model_explorers` (the model's chapters) and
:mod:`~meekbook.notebook.scenario_explorers` (scenarios, data and uncertainty); this module
gathers them, so a chapter calls ``explorers.NAME()``.

The artists that ``update`` changes carry a ``gid`` (``line.get_gid()``), so a test can find
them and compare their data with the package at the same settings. Widgets need a running
Python kernel; the static book shows the default figure and, where the book has them,
in-browser charts instead.
"""

from __future__ import annotations

from .model_explorers import *  # noqa: F401,F403
from .model_explorers import __all__ as _model
from .scenario_explorers import *  # noqa: F401,F403
from .scenario_explorers import __all__ as _scenario
from .widgets import find_artist

__all__ = [*_model, *_scenario, "find_artist"]
