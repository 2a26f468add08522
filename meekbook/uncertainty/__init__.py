"""How sure are we? Priors on the model's uncertain inputs, propagated to its conclusions by a
seeded Monte Carlo, with Sobol sensitivity indices.

Builds on :mod:`meekbook.model` and :mod:`meekbook.empirical` (the sigmoid bootstrap prior).
The ledger rows made from these draws are in :mod:`meekbook.checks.uncertainty_claims`, the
in-page chart in :mod:`meekbook.web.uncertainty`.
"""

from .core import *  # noqa: F401,F403
from .core import __all__  # noqa: F401
