"""The paper's parameters as one immutable, validated object.

:class:`PaperParams` holds every constant of the model with the paper's defaults; scenarios are
variants made with :meth:`PaperParams.replace`. Each field's source is in
:data:`PARAMETER_SOURCES`. Fields may be NumPy arrays, which broadcast: one object can carry a
million parameter sets (see :func:`meekbook.peak_time`).

Notation is defined in the book's notation page; the model in :ref:`gap-equation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace as _dc_replace
from typing import Any

import numpy as np

from .scaling import PAPER_LAW, ComputeLaw, ScalingLaw
from .sigmoid import PAPER_SIGMOID, SigmoidParams
from ..validation import ParameterTypeError, as_scalar, check_open_interval, check_positive

__all__ = ["PaperParams", "PARAMETER_SOURCES", "Number", "resolve_params"]

Number = float | np.ndarray

#: Where each default value of :class:`PaperParams` comes from.
PARAMETER_SOURCES: dict[str, str] = {
    "g_hardware": "1.4x/yr FLOP per dollar (Gundlach et al. 2025, sec. 2; hardware price-performance trend)",
    "g_algorithm": "2.8x/yr effective compute per FLOP from algorithms (Gundlach et al. 2025, sec. 2; Ho et al. 2024)",
    "g_investment": "5/1.4 = 3.571x/yr frontier dollars: frontier compute ~5x/yr of which 1.4x is hardware (Gundlach et al. 2025, sec. 2)",
    "budget_meek": "$1,000 constant budget of the meek actor (Gundlach et al. 2025, sec. 2)",
    "budget_sota": "$1,000 starting budget of the frontier actor (Gundlach et al. 2025, sec. 2)",
    "flop_per_dollar": "1e17 FLOP per dollar at t = 0 (Gundlach et al. 2025, sec. 2, citing Li 2021)",
    "law": "L(C) = 1070 C^-0.154 + 1.7, the rounded Chinchilla compute law (Gundlach et al. 2025, eq. 1; Hoffmann et al. 2022)",
    "sigmoid": "S = 0.55, x0 = 1.97, k = -23.77, s0 = 0.25: rounded MMLU fit used in the time-series figures (Gundlach et al. 2025, sec. 3.1)",
    "alpha": "0.05 SPRT error rate (Gundlach et al. 2025, sec. 3.2; Wald 1945)",
    "beta": "0.05 SPRT error rate (Gundlach et al. 2025, sec. 3.2; Wald 1945)",
    "price_per_token": "1e-8 dollars per generated token for the meek user (Gundlach et al. 2025, sec. 5)",
    "g_inference": "9x/yr inference efficiency: observed fall in price at constant capability (Gundlach et al. 2025, sec. 5)",
    "g_hardware_meek": "None = the meek actor shares hardware progress (the paper's assumption); set lower for export controls",
    "g_algorithm_meek": "None = the meek actor shares algorithmic progress (the paper's assumption); set lower for private methods",
}


@dataclass(frozen=True, eq=False)
class PaperParams:
    """All constants of the meek-models model; defaults are the paper's.

    Parameters
    ----------
    g_hardware : float or ndarray
        Yearly growth factor of FLOP per dollar (> 0). Default 1.4.
    g_algorithm : float or ndarray
        Yearly growth factor of effective training compute per FLOP (> 0). Default 2.8.
    g_investment : float or ndarray
        Yearly growth factor of the frontier's dollar budget (> 0). Default 5/1.4.
    budget_meek, budget_sota : float or ndarray
        Dollar budgets at t = 0 (> 0). Default $1,000 each.
    flop_per_dollar : float or ndarray
        FLOP per dollar at t = 0 (> 0). Default 1e17.
    law : ComputeLaw or ScalingLaw
        Loss-versus-compute law; a :class:`~meekbook.model.scaling.ScalingLaw` is converted to its
        compute-optimal law. Default the paper's rounded ``1070 C**-0.154 + 1.7``.
    sigmoid : SigmoidParams
        Loss-to-score mapping. Default the paper's rounded MMLU fit.
    alpha, beta : float
        SPRT error rates, each in (0, 0.5). Default 0.05.
    price_per_token : float
        Dollars the meek user pays per generated token (> 0). Default 1e-8.
    g_inference : float or ndarray
        Yearly growth factor of inference efficiency (> 0). Default 9.
    g_hardware_meek, g_algorithm_meek : float, ndarray or None
        Growth factors of the meek actor when it does *not* share the frontier's progress
        (export controls, private methods); ``None`` (default) means shared.

    Examples
    --------
    >>> p = PaperParams()
    >>> round(p.g_investment, 4), p.compute_meek0
    (3.5714, 1e+20)
    >>> PaperParams().replace(g_hardware=-1)
    Traceback (most recent call last):
    ...
    ValueError: g_hardware must be a finite number > 0; got -1.0
    """

    g_hardware: Number = 1.4
    g_algorithm: Number = 2.8
    g_investment: Number = 5.0 / 1.4
    budget_meek: Number = 1_000.0
    budget_sota: Number = 1_000.0
    flop_per_dollar: Number = 1e17
    law: ComputeLaw = field(default=PAPER_LAW)
    sigmoid: SigmoidParams = field(default=PAPER_SIGMOID)
    alpha: float = 0.05
    beta: float = 0.05
    price_per_token: Number = 1e-8
    g_inference: Number = 9.0
    g_hardware_meek: Number | None = None
    g_algorithm_meek: Number | None = None

    _POSITIVE = (
        "g_hardware", "g_algorithm", "g_investment", "budget_meek", "budget_sota",
        "flop_per_dollar", "price_per_token", "g_inference",
    )

    def __post_init__(self) -> None:
        for name in self._POSITIVE:
            value = getattr(self, name)
            checked = check_positive(name, value)
            object.__setattr__(self, name, checked if checked.ndim else float(checked))
        for name in ("g_hardware_meek", "g_algorithm_meek"):
            value = getattr(self, name)
            if value is not None:
                checked = check_positive(name, value)
                object.__setattr__(self, name, checked if checked.ndim else float(checked))
        for name in ("alpha", "beta"):
            object.__setattr__(self, name, as_scalar(name, getattr(self, name)))
            check_open_interval(name, getattr(self, name), 0.0, 0.5)
        if isinstance(self.law, ScalingLaw):
            object.__setattr__(self, "law", self.law.compute_law())
        if not isinstance(self.law, ComputeLaw):
            raise ParameterTypeError(
                f"law must be a ComputeLaw or ScalingLaw; got {type(self.law).__name__}"
            )
        if not isinstance(self.sigmoid, SigmoidParams):
            raise ParameterTypeError(
                f"sigmoid must be a SigmoidParams; got {type(self.sigmoid).__name__}"
            )

    # --- variants -------------------------------------------------------------------------
    def replace(self, **changes: Any) -> "PaperParams":
        """A validated copy with some fields changed; also accepts ``gamma=`` and ``K=``.

        ``gamma`` and ``K`` change the compute law (keeping the other constants).

        Examples
        --------
        >>> PaperParams().replace(gamma=0.178).law.gamma
        0.178
        """
        law_changes = {k: changes.pop(k) for k in ("gamma", "K", "E") if k in changes}
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            allowed = ", ".join(f.name for f in fields(self))
            raise ValueError(f"unknown parameter(s) {sorted(unknown)}; allowed: {allowed}, gamma, K, E")
        if law_changes:
            base_law = changes.get("law", self.law)
            if isinstance(base_law, ScalingLaw):
                base_law = base_law.compute_law()
            changes["law"] = base_law.with_(**law_changes)
        return _dc_replace(self, **changes)

    # --- derived quantities ---------------------------------------------------------------
    @property
    def gamma(self) -> float:
        """Exponent of the compute law."""
        return self.law.gamma

    @property
    def compute_meek0(self) -> Number:
        """Meek training compute at t = 0 (FLOP): ``budget_meek * flop_per_dollar``."""
        return self.budget_meek * self.flop_per_dollar

    @property
    def compute_sota0(self) -> Number:
        """Frontier training compute at t = 0 (FLOP)."""
        return self.budget_sota * self.flop_per_dollar

    @property
    def g_shared(self) -> Number:
        """Frontier's progress per dollar per year: ``g_hardware * g_algorithm``."""
        return self.g_hardware * self.g_algorithm

    @property
    def meek_g_hardware(self) -> Number:
        """Meek actor's hardware growth per year: ``g_hardware_meek`` if set, else ``g_hardware``."""
        return self.g_hardware if self.g_hardware_meek is None else self.g_hardware_meek

    @property
    def meek_g_algorithm(self) -> Number:
        """Meek actor's algorithmic growth per year: ``g_algorithm_meek`` if set, else ``g_algorithm``."""
        return self.g_algorithm if self.g_algorithm_meek is None else self.g_algorithm_meek

    @property
    def g_meek(self) -> Number:
        """Meek actor's effective-compute growth per year (shared progress unless overridden)."""
        return self.meek_g_hardware * self.meek_g_algorithm

    @property
    def g_sota(self) -> Number:
        """Frontier's effective-compute growth per year: ``g_hardware * g_algorithm * g_investment``."""
        return self.g_shared * self.g_investment

    def table(self) -> list[tuple[str, str, str]]:
        """(name, value, source) rows for display."""
        rows = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, ComputeLaw):
                text = f"{value.K:g} C^-{value.gamma:g} + {value.E:g}"
            elif isinstance(value, SigmoidParams):
                text = ", ".join(f"{k}={v:g}" for k, v in value.as_dict().items())
            elif value is None:
                text = "shared"
            elif np.ndim(value):
                text = f"array{np.shape(value)}"
            else:
                text = f"{value:g}"
            rows.append((f.name, text, PARAMETER_SOURCES.get(f.name, "")))
        return rows


def resolve_params(params: "PaperParams | None", name: str = "params") -> PaperParams:
    """``params``, or the paper's defaults when it is ``None``; anything else is rejected.

    Examples
    --------
    >>> resolve_params(None).g_algorithm
    2.8
    >>> resolve_params({"g_investment": 10})
    Traceback (most recent call last):
    ...
    meekbook.validation.ParameterTypeError: params must be a PaperParams or None; got dict (use PaperParams(...).replace(...) for a scenario)
    """
    if params is None:
        return PaperParams()
    if not isinstance(params, PaperParams):
        raise ParameterTypeError(
            f"{name} must be a PaperParams or None; got {type(params).__name__} "
            "(use PaperParams(...).replace(...) for a scenario)"
        )
    return params
