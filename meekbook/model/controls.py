"""One declaration of every explorable parameter: the sliders of the in-page charts
(:mod:`meekbook.web`) and of the live explorers (:mod:`meekbook.notebook`) are built from it.

A :class:`Control` holds a parameter's name, range, step, starting value, label in words, unit
and scale; :data:`CONTROLS` holds every control of the book, keyed by its key (the parameter's
name, or for the few second settings of a parameter a key of its own, e.g. ``"g_algorithm_fig4"``
starts ``g_algorithm`` at the paper's Figure 4 value). The module sits in the model layer so
both presentation technologies can import it; it only reads the paper's values.

Examples
--------
>>> CONTROLS["g_investment"].low, CONTROLS["g_investment"].high, CONTROLS["g_investment"].step
(1.1, 20, 0.01)
>>> control("price_min").scale
'log'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

from .governance import EU_AI_ACT, PAPER_START_YEAR
from .params import PaperParams
from .scaling import HOFFMANN_2022

__all__ = ["Control", "CONTROLS", "WIDTH_INPUTS", "control"]

Scale = Literal["linear", "log"]
_SCALES = ("linear", "log")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class Control:
    """One explorable parameter: what a slider sets, over which range, from which value.

    Parameters
    ----------
    name : str
        The parameter the slider sets: the chart's signal and the model's argument
        (``PaperParams`` field names where there is one).
    low, high : float
        The range (values, also for a log scale).
    step : float
        The slider's step; in decades (powers of ten) for a log scale.
    default : float
        The starting value (the paper's setting).
    label : str
        The words shown next to the slider, in both technologies.
    unit : str
        The unit of the value (``""`` for a pure number).
    scale : {"linear", "log"}
        ``"log"``: the slider moves the power of ten (a chart's signal is then
        ``log10_NAME``, the exponent).

    Raises
    ------
    TypeError
        If a number is not a finite int or float, or a text is not a string.
    ValueError
        If ``low >= high``, ``step <= 0``, ``default`` is outside ``[low, high]``, the scale is
        unknown, or a log scale has ``low <= 0``.
    """

    name: str
    low: float
    high: float
    step: float
    default: float
    label: str
    unit: str = ""
    scale: Scale = "linear"

    def __post_init__(self) -> None:
        for field_name in ("name", "label", "unit"):
            if not isinstance(getattr(self, field_name), str):
                raise TypeError(f"Control.{field_name} must be a string; got {getattr(self, field_name)!r}")
        if not self.name.isidentifier():
            raise ValueError(f"Control.name must be an identifier; got {self.name!r}")
        for field_name in ("low", "high", "step", "default"):
            if not _is_number(getattr(self, field_name)):
                raise TypeError(f"Control.{field_name} of {self.name!r} must be a finite number; "
                                f"got {getattr(self, field_name)!r}")
        if self.scale not in _SCALES:
            raise ValueError(f"Control.scale of {self.name!r} must be one of {_SCALES}; got {self.scale!r}")
        if not self.low < self.high:
            raise ValueError(f"Control.low of {self.name!r} must be below high = {self.high!r}; got {self.low!r}")
        if self.step <= 0:
            raise ValueError(f"Control.step of {self.name!r} must be > 0; got {self.step!r}")
        if not self.low <= self.default <= self.high:
            raise ValueError(f"Control.default of {self.name!r} must be in [{self.low!r}, {self.high!r}]; "
                             f"got {self.default!r}")
        if self.scale == "log" and self.low <= 0:
            raise ValueError(f"Control.low of {self.name!r} must be > 0 on a log scale; got {self.low!r}")

    @property
    def is_integer(self) -> bool:
        """Whether the slider only takes whole numbers (int range, step and default)."""
        return all(isinstance(v, int) for v in (self.low, self.high, self.step, self.default))

    def with_(self, **changes: object) -> "Control":
        """A copy with some fields changed (validated again), for declaring a second setting."""
        return replace(self, **changes)


_P = PaperParams()
_LAW = HOFFMANN_2022
_SIGMOID = _P.sigmoid
_GROWTH = "×/yr"
_PRICE_BAND = "band {} ($/M output tokens, log scale)"

#: The inputs of the uncertainty explorers whose spread a width slider scales.
WIDTH_INPUTS: tuple[str, ...] = ("g_algorithm", "g_hardware", "g_investment", "gamma", "law_scale")
#: Each input of :data:`WIDTH_INPUTS` in words (the width sliders' labels).
_WIDTH_WORDS: dict[str, str] = {
    "g_algorithm": "algorithmic progress",
    "g_hardware": "hardware progress",
    "g_investment": "frontier spending growth",
    "gamma": "the compute exponent γ",
    "law_scale": "the scaling law's constants",
}

_g_algorithm = Control("g_algorithm", 1.05, 6, 0.01, _P.g_algorithm, "g_alg (algorithms/yr)", _GROWTH)
_g_investment = Control("g_investment", 1.1, 20, 0.01, _P.g_investment, "g_i (frontier $ growth/yr)",
                        _GROWTH)
_head_start = Control("budget_sota", 1000, 100_000, 1000, _P.budget_sota,
                      "frontier head start ($, meek $1,000)", "$")

_DECLARED: tuple[tuple[str, Control], ...] = (
    # the shared growth rates, budgets and the law's exponent
    ("g_investment", _g_investment),
    ("g_investment_before", _g_investment.with_(label="g_i before (×/yr)")),
    ("g_algorithm", _g_algorithm),
    ("g_algorithm_fig4", _g_algorithm.with_(default=3.6)),        # paper Figure 4, large variant
    ("g_algorithm_from_1", _g_algorithm.with_(low=1.0)),          # g_alg = 1: no algorithmic progress
    ("g_hardware", Control("g_hardware", 1.0, 3, 0.01, _P.g_hardware, "g_h (FLOP per $/yr)", _GROWTH)),
    ("g_shared", Control("g_shared", 1.1, 10.0, 0.02, _P.g_shared, "g_alg g_h (shared progress/yr)", _GROWTH)),
    ("budget_meek", Control("budget_meek", 100, 100_000, 100, _P.budget_meek, "meek budget ($)", "$")),
    ("budget_sota", Control("budget_sota", 100, 100_000, 100, _P.budget_sota,
                            "frontier budget at t = 0 ($)", "$")),
    ("budget_sota_head_start", _head_start),
    ("budget_sota_head_start_wide", _head_start.with_(high=1_000_000)),
    ("head_start", Control("head_start", 1.0, 1e3, 0.05, _P.budget_sota / _P.budget_meek,
                           "frontier head start (× meek budget)", "×", "log")),
    ("gamma", Control("gamma", 0.05, 0.4, 0.001, _P.law.gamma, "γ (compute exponent)")),
    # the meek actor's own progress (export controls, private methods)
    ("g_hardware_meek", Control("g_hardware_meek", 1.0, 3, 0.01, _P.g_hardware,
                                "meek g_h (export controls)", _GROWTH)),
    ("g_algorithm_meek", Control("g_algorithm_meek", 1.0, 6, 0.01, _P.g_algorithm,
                                 "meek g_alg (private methods)", _GROWTH)),
    # the Chinchilla law
    ("a", Control("a", 0.1, 0.6, 0.01, _LAW.a, "a (parameter exponent)")),
    ("b", Control("b", 0.1, 0.6, 0.01, _LAW.b, "b (token exponent)")),
    ("A", Control("A", 50, 2000, 1, _LAW.A, "A")),
    ("B", Control("B", 50, 3000, 1, _LAW.B, "B")),
    ("irreducible_loss", Control("irreducible_loss", 1.0, 2.5, 0.01, _LAW.E, "E (irreducible loss)",
                                 "nats/token")),
    # the benchmark sigmoid
    ("S", Control("S", 0.2, 0.75, 0.01, _SIGMOID.S, "S (score range)")),
    ("x0", Control("x0", 1.8, 2.2, 0.01, _SIGMOID.x0, "x0 (midpoint loss)", "nats/token")),
    ("k", Control("k", -60, -5, 0.1, _SIGMOID.k, "k (steepness)")),
    # s0 adds the same floor to both actors' scores: with one step per task (p = 1) it cancels
    # in the gap, so its label says so
    ("s0", Control("s0", 0, 0.3, 0.01, _SIGMOID.s0, "s0 (score floor; moves the gap only when p > 1)")),
    ("steps", Control("steps", 1, 20, 1, 1, "p (steps per task)")),
    # telling the models apart
    ("alpha", Control("alpha", 0.001, 0.3, 0.001, _P.alpha, "α (false 'meek')")),
    ("beta", Control("beta", 0.001, 0.3, 0.001, _P.beta, "β (false 'frontier')")),
    ("slowdown", Control("slowdown", 1, 100, 1, 1, "observer slowdown (×)", "×")),
    ("year", Control("year", 1, 20, 0.5, 10, "marked year", "yr")),
    ("domain_factor", Control("domain_factor", 1.0, 30.0, 0.05, 1.0, "domain factor ρ", "×", "log")),
    # inference
    ("price_per_token", Control("price_per_token", 1e-9, 1e-7, 1e-9, _P.price_per_token,
                                "price per token ($)", "$")),
    ("g_inference", Control("g_inference", 1.0, 15, 0.1, _P.g_inference, "g_inf (inference efficiency/yr)",
                            _GROWTH)),
    # a frontier that slows down
    ("change_year", Control("change_year", 0, 20, 0.5, 5, "growth changes after year", "yr")),
    ("growth_after", Control("growth_after", 1.0, 10, 0.05, 1.5, "frontier $ growth after (×/yr)", _GROWTH)),
    # the empirical price band
    ("price_min", Control("price_min", 0.01, 100, 0.01, 0.5, _PRICE_BAND.format("from"), "$/M tokens", "log")),
    ("price_max", Control("price_max", 0.01, 100, 0.01, 1.0, _PRICE_BAND.format("to"), "$/M tokens", "log")),
    # governance
    ("start_year", Control("start_year", 2015, 2035, 0.5, PAPER_START_YEAR, "calendar year at t = 0", "yr")),
    ("threshold_1", Control("threshold_1", 1e20, 1e30, 1, EU_AI_ACT.flop, "first threshold (log10 FLOP)",
                            "FLOP", "log")),
    # the uncertainty explorers: the spread of each input, times a width
    *((f"w_{name}", Control(f"w_{name}", 0.0, 3.0, 0.05, 1.0, f"spread of {_WIDTH_WORDS[name]} (× prior width)", "×"))
      for name in WIDTH_INPUTS),
)

#: Every control of the book, by key (the parameter's name unless it is a second setting).
CONTROLS: dict[str, Control] = dict(_DECLARED)


def control(key: str) -> Control:
    """The declared control ``key`` (see :data:`CONTROLS`).

    Raises
    ------
    TypeError
        If ``key`` is not a string.
    ValueError
        If no control has that key (the message lists the keys).
    """
    if not isinstance(key, str):
        raise TypeError(f"key must be a string; got {key!r}")
    try:
        return CONTROLS[key]
    except KeyError:
        raise ValueError(f"key must be one of the declared controls {sorted(CONTROLS)}; got {key!r}") from None
