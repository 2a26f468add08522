"""Chinchilla scaling laws: loss from parameters and tokens, and loss from compute.

Derived in the chapter :ref:`scaling-law` (``notebooks/scaling_law.md``).

Two objects carry a law:

* :class:`ScalingLaw` -- the parametric fit ``L(N, D) = E + A / N**a + B / D**b`` of
  Hoffmann et al. (2022). From it follow, in closed form, the compute-optimal allocation of a
  budget ``C = 6 N D`` between parameters and tokens and the compute-optimal loss
  ``L*(C) = E + K C**(-gamma)`` with ``gamma = a b / (a + b)``.
* :class:`ComputeLaw` -- a loss-versus-compute power law ``L(C) = E + K C**(-gamma)``. The
  paper's time-series model uses the rounded ``PAPER_LAW`` (``1070 C**-0.154 + 1.7``).

Losses are cross-entropy in nats per token; compute ``C`` is in FLOP.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike

from ..validation import check_instance, check_open_interval, check_positive, check_nonnegative, finite_output

__all__ = [
    "ScalingLaw",
    "ComputeLaw",
    "HOFFMANN_2022",
    "BESIROGLU_2024",
    "PAPER_LAW",
    "FLOP_PER_PARAM_TOKEN",
    "chinchilla_loss",
    "compute_optimal_allocation",
    "compute_optimal_loss",
]

#: Training FLOP per parameter per token (forward + backward pass), ``C = 6 N D``.
FLOP_PER_PARAM_TOKEN = 6.0


@dataclass(frozen=True)
class ComputeLaw:
    """A loss-versus-compute power law ``L(C) = E + K * C**(-gamma)``.

    Parameters
    ----------
    E : float
        Irreducible loss (nats/token), >= 0.
    K : float
        Scale constant, > 0.
    gamma : float
        Exponent, in (0, 1).
    name : str
        Short label used in figures and tables.

    Examples
    --------
    >>> law = ComputeLaw(E=1.7, K=1070.0, gamma=0.154, name="paper")
    >>> round(float(law.loss(1e20)), 4)
    2.59
    """

    E: float
    K: float
    gamma: float
    name: str = "power law"

    def __post_init__(self) -> None:
        check_nonnegative("E", self.E)
        check_positive("K", self.K)
        check_open_interval("gamma", self.gamma, 0.0, 1.0)

    def loss(self, compute: ArrayLike) -> np.ndarray | float:
        """Loss at training compute ``compute`` (FLOP, > 0)."""
        c = check_positive("compute", compute)
        return self.loss_from_log_compute(np.log(c))

    def loss_from_log_compute(self, log_compute: ArrayLike) -> np.ndarray | float:
        """Loss at ``exp(log_compute)`` FLOP; stable for any finite log-compute.

        Working in log space avoids overflow when compute grows exponentially for decades.
        """
        x = np.asarray(log_compute, dtype=float)
        out = self.E + self.K * np.exp(-self.gamma * x)
        return out if out.ndim else float(out)

    def reducible_loss(self, compute: ArrayLike) -> np.ndarray | float:
        """``K C**(-gamma)``: the part of the loss that more compute can remove."""
        return np.asarray(self.loss(compute)) - self.E

    def compute_for_loss(self, loss: ArrayLike) -> np.ndarray | float:
        """Inverse: the compute (FLOP) at which the law reaches ``loss`` (> E)."""
        l_arr = np.asarray(loss, dtype=float)
        if np.any(~np.isfinite(l_arr) | (l_arr <= self.E)):
            raise ValueError(f"loss must be a finite number > E = {self.E}; got {loss!r}")
        out = ((l_arr - self.E) / self.K) ** (-1.0 / self.gamma)
        return out if out.ndim else float(out)

    def with_(self, **changes: float) -> "ComputeLaw":
        """Copy with some fields changed (validated)."""
        return replace(self, **changes)


@dataclass(frozen=True)
class ScalingLaw:
    """Parametric scaling law ``L(N, D) = E + A / N**a + B / D**b``.

    Parameters
    ----------
    E, A, B : float
        Irreducible loss and the two scale constants (> 0; E >= 0).
    a, b : float
        Exponents for parameters and tokens, in (0, 1).
    name : str
        Short label.
    source : str
        Where the constants come from.

    Notes
    -----
    Minimising ``L`` under ``C = 6 N D`` gives (chapter :ref:`scaling-law`)

    ``N_opt = G (C/6)**(b/(a+b))``, ``D_opt = (C/6)**(a/(a+b)) / G``, with
    ``G = (a A / (b B))**(1/(a+b))``, and ``L*(C) = E + K C**(-gamma)`` with
    ``gamma = a b/(a+b)`` and ``K = 6**gamma (A G**(-a) + B G**b)``.

    Examples
    --------
    >>> round(HOFFMANN_2022.gamma, 5)
    0.15355
    >>> round(HOFFMANN_2022.K, 1)
    1071.4
    """

    E: float
    A: float
    B: float
    a: float
    b: float
    name: str = "scaling law"
    source: str = ""

    def __post_init__(self) -> None:
        check_nonnegative("E", self.E)
        check_positive("A", self.A)
        check_positive("B", self.B)
        check_open_interval("a", self.a, 0.0, 1.0)
        check_open_interval("b", self.b, 0.0, 1.0)

    @property
    def gamma(self) -> float:
        """Compute exponent ``a b / (a + b)`` of the compute-optimal loss."""
        return self.a * self.b / (self.a + self.b)

    @property
    def G(self) -> float:
        """Allocation constant ``(a A / (b B))**(1/(a+b))``."""
        return (self.a * self.A / (self.b * self.B)) ** (1.0 / (self.a + self.b))

    @property
    def K(self) -> float:
        """Scale constant of the compute-optimal loss ``L*(C) = E + K C**(-gamma)``."""
        G = self.G
        return FLOP_PER_PARAM_TOKEN**self.gamma * (self.A * G ** (-self.a) + self.B * G**self.b)

    def loss(self, n_params: ArrayLike, n_tokens: ArrayLike) -> np.ndarray | float:
        """Loss of a model with ``n_params`` parameters trained on ``n_tokens`` tokens."""
        n = check_positive("n_params", n_params)
        d = check_positive("n_tokens", n_tokens)
        out = self.E + self.A * np.exp(-self.a * np.log(n)) + self.B * np.exp(-self.b * np.log(d))
        return out if np.ndim(out) else float(out)

    def optimal_allocation(self, compute: ArrayLike) -> tuple[np.ndarray | float, np.ndarray | float]:
        """Compute-optimal ``(N_opt, D_opt)`` for training compute ``compute`` (FLOP)."""
        c = check_positive("compute", compute)
        s = c / FLOP_PER_PARAM_TOKEN
        n_opt = self.G * s ** (self.b / (self.a + self.b))
        d_opt = s / n_opt
        if np.ndim(n_opt) == 0:
            return float(n_opt), float(d_opt)
        return n_opt, d_opt

    def compute_law(self) -> ComputeLaw:
        """The compute-optimal loss ``L*(C)`` of this law as a :class:`ComputeLaw`."""
        return ComputeLaw(E=self.E, K=self.K, gamma=self.gamma, name=self.name)


#: Hoffmann et al. (2022), "Training Compute-Optimal Large Language Models", Approach 3 fit.
HOFFMANN_2022 = ScalingLaw(
    E=1.69, A=406.4, B=410.7, a=0.34, b=0.28,
    name="Hoffmann et al. (2022)",
    source="Hoffmann et al. 2022, arXiv:2203.15556, section 3.3 (Approach 3), eq. (10)",
)

#: Besiroglu et al. (2024), "Chinchilla Scaling: A replication attempt", refit of Approach 3.
BESIROGLU_2024 = ScalingLaw(
    E=1.82, A=482.01, B=2085.43, a=0.3478, b=0.3658,
    name="Besiroglu et al. (2024)",
    source="Besiroglu et al. 2024, arXiv:2404.10102, Table 1",
)

#: The rounded law the paper uses in every time-series figure: ``L(C) = 1070 C**-0.154 + 1.7``.
PAPER_LAW = ComputeLaw(E=1.7, K=1070.0, gamma=0.154, name="paper (rounded)")


@finite_output("n_params")
def chinchilla_loss(
    n_params: ArrayLike, n_tokens: ArrayLike, law: ScalingLaw = HOFFMANN_2022
) -> np.ndarray | float:
    """Chinchilla loss ``L(N, D) = E + A/N**a + B/D**b`` (nats/token).

    Parameters
    ----------
    n_params : array_like
        Parameter count(s) N, > 0.
    n_tokens : array_like
        Training tokens D, > 0; broadcast against ``n_params``.
    law : ScalingLaw, optional
        The fit to use; default Hoffmann et al. (2022).

    Returns
    -------
    float or ndarray
        Predicted loss.

    Examples
    --------
    >>> round(chinchilla_loss(70e9, 1.4e12), 4)   # Chinchilla itself
    1.9366
    """
    check_instance("law", law, ScalingLaw)
    return law.loss(n_params, n_tokens)


def compute_optimal_allocation(
    compute: ArrayLike, law: ScalingLaw = HOFFMANN_2022
) -> tuple[np.ndarray | float, np.ndarray | float]:
    """Compute-optimal parameters and tokens ``(N_opt, D_opt)`` for ``compute`` FLOP.

    Examples
    --------
    >>> n, d = compute_optimal_allocation(5.76e23)   # Chinchilla's budget
    >>> f"{n:.3g} params, {d:.3g} tokens"
    '3.22e+10 params, 2.98e+12 tokens'
    """
    check_instance("law", law, ScalingLaw)
    return law.optimal_allocation(compute)


@finite_output("compute")
def compute_optimal_loss(
    compute: ArrayLike, law: ScalingLaw | ComputeLaw = HOFFMANN_2022
) -> np.ndarray | float:
    """Compute-optimal loss ``L*(C) = E + K C**(-gamma)``.

    Parameters
    ----------
    compute : array_like
        Training compute in FLOP, > 0.
    law : ScalingLaw or ComputeLaw, optional
        A parametric law (gamma and K derived from it) or a compute law such as
        :data:`PAPER_LAW`. Default Hoffmann et al. (2022).

    Examples
    --------
    >>> round(compute_optimal_loss(1e20), 4)
    2.5998
    >>> round(compute_optimal_loss(1e20, PAPER_LAW), 4)
    2.59
    """
    check_instance("law", law, (ScalingLaw, ComputeLaw))
    compute_law = law.compute_law() if isinstance(law, ScalingLaw) else law
    return compute_law.loss(compute)
