"""How sure are we? Priors on the model's uncertain inputs, propagated to its conclusions by a
seeded Monte Carlo, with Sobol sensitivity indices.

Four modules, each importing only those before it: :mod:`~meekbook.uncertainty.distributions`
(the distribution objects), :mod:`~meekbook.uncertainty.priors` (the default priors with their
sources, ``--prior`` parsing), :mod:`~meekbook.uncertainty.propagation` (the Monte Carlo, its
result, fan charts) and :mod:`~meekbook.uncertainty.sensitivity` (Sobol indices). Their public
names are re-exported here.

Builds on :mod:`meekbook.model` and :mod:`meekbook.empirical` (the sigmoid bootstrap prior).
The ledger rows made from these draws are in :mod:`meekbook.checks.uncertainty_claims`, the
in-page chart in :mod:`meekbook.web.uncertainty`.
"""

from .distributions import (
    Distribution, Empirical, Fixed, LogNormal, Normal, SigmoidBootstrap, SplitLogNormal, Uniform,
)
from .priors import DEFAULT_PRIORS, INPUT_NAMES, PAPER_VALUES, parse_prior, resolve_priors
from .propagation import OUTPUTS, UncertaintyResult, evaluate, fan, monte_carlo
from .sensitivity import model_sobol, sobol_indices

__all__ = [
    "Distribution",
    "Fixed",
    "Normal",
    "LogNormal",
    "SplitLogNormal",
    "Uniform",
    "Empirical",
    "SigmoidBootstrap",
    "DEFAULT_PRIORS",
    "PAPER_VALUES",
    "INPUT_NAMES",
    "OUTPUTS",
    "resolve_priors",
    "parse_prior",
    "monte_carlo",
    "sobol_indices",
    "model_sobol",
    "UncertaintyResult",
    "evaluate",
    "fan",
]
