"""meekbook: the model of "Meek Models Shall Inherit the Earth" as a tested library.

Gundlach, Lynch and Thompson (2025), arXiv:2507.07931. The package is layered; each folder
imports only the folders below it:

==========================  ==================================================================
``meekbook.cli``            ``python -m meekbook`` (verify, figures, params, analyses, uncertainty)
``meekbook.plots``          matplotlib: the house style, the paper's figures, governance figures
``meekbook.web``            in-page Vega-Lite charts (no kernel): expressions, charts, embed
``meekbook.notebook``       inside a chapter's kernel: ``glue`` and the ipywidgets explorers
``meekbook.checks``         the reproduction ledger and the exercises' self-check
``meekbook.uncertainty``    priors, Monte Carlo propagation, Sobol indices
``meekbook.empirical``      CSV reader and schemas, packaged data, the two empirical analyses
``meekbook.model``          params, scaling, schedules, gap, peak time, sigmoid, scores, SPRT,
                            inference, scenarios, governance
``meekbook.validation``     argument checks shared by every layer (one error contract)
==========================  ==================================================================

The names below (``mb.loss_gap``, ``mb.PaperParams``, ...) are re-exported from their layer, as
numpy and scipy do; modules of the 0.2 flat layout (``meekbook.gap``, ``meekbook.figures``, ...)
still import, as aliases of their new homes (:data:`MOVED_MODULES`).

Examples
--------
>>> import meekbook as mb
>>> round(mb.peak_time(), 3), round(mb.peak_gap(), 4)
(3.359, 0.2118)
"""

import importlib
import importlib.abc
import importlib.util
import sys

from .model.gap import effective_compute, log_effective_compute, loss_gap, loss_trajectory
from .model.inference import (
    affordable_parameters,
    constant_factor_effect,
    inference_catch_up_time,
    inference_constant_factor,
    inference_decomposition,
    inference_gap,
    inference_loss,
    log_inference_compute,
)
from .model.inflection import head_start_without_peak, inflection_time, numeric_peak, peak_gap, peak_time
from .model.params import PARAMETER_SOURCES, PaperParams
from .model.scaling import (
    BESIROGLU_2024,
    HOFFMANN_2022,
    PAPER_LAW,
    ComputeLaw,
    ScalingLaw,
    chinchilla_loss,
    compute_optimal_allocation,
    compute_optimal_loss,
)
from .model.scenarios import stagnation_scenarios, stagnation_schedules, sweep
from .model.schedules import (
    Constant,
    Exponential,
    Logistic,
    SlowdownAfter,
    StopAfter,
    Tabulated,
    as_schedule,
)
from .model.scores import benchmark_gap, benchmark_peak, score_trajectory
from .model.sigmoid import (
    PAPER_SIGMOID,
    PAPER_SIGMOID_FIT,
    SigmoidFit,
    SigmoidParams,
    fit_sigmoid,
    loss_to_score,
    score_to_loss,
)
from .model.sprt import (
    categorical_pair,
    kl_divergence,
    simulate_sprt,
    token_threshold,
    token_threshold_over_time,
    wald_boundaries,
    wald_constant,
)

from .checks import exercises  # noqa: E402  (the book's self-check: mb.exercises.check("2.1", answer))

#: Names re-exported lazily (their modules import pandas, which the model itself does not need).
_LAZY = {
    "ModelSigmoidFit": "empirical.sigmoid_fit",
    "sigmoid_fit_on_models": "empirical.sigmoid_fit",
    "running_best": "empirical.frontier",
    "RateFit": "empirical.frontier",
    "FrontierGapResult": "empirical.frontier",
    "frontier_gap": "empirical.frontier",
}

#: Where each module of the 0.2 flat layout lives now; ``import meekbook.OLD`` gives the new
#: module (and ``meekbook.OLD`` the attribute), so code written against 0.2 keeps working.
MOVED_MODULES = {
    "params": "model.params", "scaling": "model.scaling", "schedules": "model.schedules",
    "gap": "model.gap", "inflection": "model.inflection", "sigmoid": "model.sigmoid",
    "scores": "model.scores", "sprt": "model.sprt", "inference": "model.inference",
    "scenarios": "model.scenarios", "governance": "model.governance",
    "tables": "empirical.tables", "datasets": "empirical.datasets",
    "sigmoid_fit": "empirical.sigmoid_fit", "frontier": "empirical.frontier",
    "ledger": "checks.ledger", "exercises": "checks.exercises",
    "style": "plots.style", "figures": "plots.figures",
    "explorable": "web", "explorers": "notebook.explorers", "widgets": "notebook.widgets",
    "book": "notebook.glue", "cli_data": "cli.data", "cli_uncertainty": "cli.uncertainty",
}


class _MovedModuleFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports ``meekbook.OLD`` (a 0.2 module path) as the module that now holds its code."""

    def find_spec(self, fullname, path=None, target=None):
        prefix, _, old = fullname.partition(".")
        if prefix != __name__ or old not in MOVED_MODULES:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        return importlib.import_module(f"{__name__}.{MOVED_MODULES[spec.name.partition('.')[2]]}")

    def exec_module(self, module):
        """The new module is already executed."""


if not any(type(f).__name__ == "_MovedModuleFinder" for f in sys.meta_path):
    sys.meta_path.append(_MovedModuleFinder())


def __getattr__(name: str):
    """Data-analysis names and 0.2 module names, imported on first use (PEP 562)."""
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    if name in MOVED_MODULES:
        return importlib.import_module(f".{MOVED_MODULES[name]}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def claims():
    """The reproduction ledger: every claim of the paper, recomputed (see :mod:`meekbook.checks.ledger`)."""
    from .checks.ledger import claims as _claims

    return _claims()


__version__ = "0.4.0"

__all__ = [
    "PaperParams", "PARAMETER_SOURCES",
    "ScalingLaw", "ComputeLaw", "HOFFMANN_2022", "BESIROGLU_2024", "PAPER_LAW",
    "chinchilla_loss", "compute_optimal_allocation", "compute_optimal_loss",
    "Constant", "Exponential", "StopAfter", "SlowdownAfter", "Logistic", "Tabulated", "as_schedule",
    "effective_compute", "log_effective_compute", "loss_trajectory", "loss_gap",
    "inflection_time", "peak_time", "peak_gap", "numeric_peak", "head_start_without_peak",
    "SigmoidParams", "SigmoidFit", "PAPER_SIGMOID", "PAPER_SIGMOID_FIT",
    "loss_to_score", "score_to_loss", "fit_sigmoid",
    "score_trajectory", "benchmark_gap", "benchmark_peak",
    "wald_constant", "wald_boundaries", "token_threshold", "token_threshold_over_time", "kl_divergence",
    "categorical_pair", "simulate_sprt",
    "inference_loss", "inference_gap", "inference_catch_up_time", "affordable_parameters",
    "inference_decomposition", "inference_constant_factor", "log_inference_compute",
    "constant_factor_effect",
    "stagnation_schedules", "stagnation_scenarios", "sweep",
    "ModelSigmoidFit", "sigmoid_fit_on_models",
    "running_best", "RateFit", "FrontierGapResult", "frontier_gap",
    "claims",
]
