"""meekbook: the model of "Meek Models Shall Inherit the Earth" as a tested library.

Gundlach, Lynch and Thompson (2025), arXiv:2507.07931. Modules by topic:

- :mod:`meekbook.params` -- :class:`PaperParams`, the paper's constants with sources
- :mod:`meekbook.scaling` -- Chinchilla ``L(N, D)``, compute-optimal allocation, ``L*(C)``
- :mod:`meekbook.schedules` -- investment schedules (dollars over time)
- :mod:`meekbook.gap` -- effective compute, loss trajectories, the loss gap ``ΔL(t)``
- :mod:`meekbook.inflection` -- peak time ``t*`` (closed form) and numeric cross-check
- :mod:`meekbook.sigmoid` -- loss -> benchmark score, inverse, fit
- :mod:`meekbook.scores` -- benchmark-score gap over time, multi-step tasks
- :mod:`meekbook.sprt` -- Wald's SPRT token threshold and a Monte-Carlo check
- :mod:`meekbook.inference` -- the fixed-price-per-token inference model
- :mod:`meekbook.scenarios` -- stagnation scenarios and robustness sweeps
- :mod:`meekbook.figures` -- one function per paper figure
- :mod:`meekbook.ledger` -- the reproduction ledger (``python -m meekbook verify``)
- :mod:`meekbook.tables`, :mod:`meekbook.datasets` -- the validating CSV reader and the
  packaged data with provenance
- :mod:`meekbook.sigmoid_fit`, :mod:`meekbook.frontier` -- the paper's two empirical analyses
  (sigmoid fit on base models, leaderboard frontier gap), runnable on anyone's data

Examples
--------
>>> import meekbook as mb
>>> round(mb.peak_time(), 3), round(mb.peak_gap(), 4)
(3.359, 0.2118)
"""

from .gap import effective_compute, log_effective_compute, loss_gap, loss_trajectory
from .inference import (
    affordable_parameters,
    constant_factor_effect,
    inference_catch_up_time,
    inference_constant_factor,
    inference_decomposition,
    inference_gap,
    inference_loss,
    log_inference_compute,
)
from .inflection import head_start_without_peak, inflection_time, numeric_peak, peak_gap, peak_time
from .params import PARAMETER_SOURCES, PaperParams
from .scaling import (
    BESIROGLU_2024,
    HOFFMANN_2022,
    PAPER_LAW,
    ComputeLaw,
    ScalingLaw,
    chinchilla_loss,
    compute_optimal_allocation,
    compute_optimal_loss,
)
from .scenarios import stagnation_scenarios, stagnation_schedules, sweep
from .schedules import (
    Constant,
    Exponential,
    Logistic,
    SlowdownAfter,
    StopAfter,
    Tabulated,
    as_schedule,
)
from .scores import benchmark_gap, benchmark_peak, score_trajectory
from .sigmoid import (
    PAPER_SIGMOID,
    PAPER_SIGMOID_FIT,
    SigmoidFit,
    SigmoidParams,
    fit_sigmoid,
    loss_to_score,
    score_to_loss,
)
from .sprt import (
    categorical_pair,
    kl_divergence,
    simulate_sprt,
    token_threshold,
    token_threshold_over_time,
    wald_boundaries,
    wald_constant,
)

from . import exercises  # noqa: E402  (the book's self-check: mb.exercises.check("2.1", answer))


#: Names re-exported lazily (their modules import pandas, which the model itself does not need).
_LAZY = {
    "ModelSigmoidFit": "sigmoid_fit",
    "sigmoid_fit_on_models": "sigmoid_fit",
    "running_best": "frontier",
    "RateFit": "frontier",
    "FrontierGapResult": "frontier",
    "frontier_gap": "frontier",
}


def __getattr__(name: str):
    """Import the data-analysis names on first use (PEP 562)."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def claims():
    """The reproduction ledger: every claim of the paper, recomputed (see :mod:`meekbook.ledger`)."""
    from .ledger import claims as _claims

    return _claims()


__version__ = "0.2.2"

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
