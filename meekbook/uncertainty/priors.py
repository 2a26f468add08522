"""The default priors of the model's uncertain inputs, with their sources, and the parser of
``--prior NAME=DIST``.

:data:`PAPER_VALUES` are the paper's point values (degenerate priors reproduce the paper);
:data:`DEFAULT_PRIORS` gives every input a distribution with its source. The scaling law enters
through its exponent ``gamma`` and a scale factor ``law_scale``; the law is pivoted at the
scenario's starting compute ``C0 = PIVOT_COMPUTE = 1e20`` FLOP (inside the range the
Chinchilla fits were made on), i.e. ``K = law_scale * 1070 * C0**(gamma - 0.154)``: changing the
exponent changes how fast loss falls with compute, not the loss the law predicts at the start.
That pivot is a modelling choice, stated in the chapter :ref:`uncertainty`.

Examples
--------
>>> name, dist = parse_prior("gamma=normal(0.178,0.0073)")
>>> name, dist.mean
('gamma', 0.178)
>>> resolve_priors({"g_hardware": 1.3})["g_hardware"].describe()
'fixed 1.3'
"""

from __future__ import annotations

import math
import re
from typing import Any, Mapping

import numpy as np

from ..model.scaling import BESIROGLU_2024, HOFFMANN_2022, PAPER_LAW
from ..validation import NUMBER_GRAMMAR, ParameterTypeError, as_scalar, check_finite, parse_int_text, parse_number_text
from ..model.sigmoid import PAPER_SIGMOID, SigmoidParams
from .distributions import (
    _Z95, Distribution, Fixed, LogNormal, Normal, SigmoidBootstrap, SplitLogNormal, Uniform,
)

__all__ = [
    "PAPER_VALUES", "INPUT_NAMES", "DEFAULT_PRIORS", "COMPUTE_PRIOR", "resolve_priors", "parse_prior",
    "law_levels", "law_level_ratio", "gamma_sd", "growth_per_year", "input_names",
]

PIVOT_COMPUTE = 1e20       # FLOP: the scaling law is pivoted at the scenario's starting compute


#: The paper's point values of the uncertain inputs (degenerate priors reproduce the paper).
PAPER_VALUES: dict[str, Any] = {
    "g_algorithm": 2.8,
    "g_hardware": 1.4,
    "g_investment": 5.0 / 1.4,
    "g_inference": 9.0,
    "gamma": PAPER_LAW.gamma,
    "law_scale": 1.0,
    "sigmoid": PAPER_SIGMOID,
}

#: Order of the inputs (each has its own column of uniform numbers in the Monte Carlo).
INPUT_NAMES: tuple[str, ...] = tuple(PAPER_VALUES)

# ---- The numbers behind the priors: each from the package or from its source's final version.

#: Ho et al. (NeurIPS 2024, the peer-reviewed version of arXiv:2403.05812): the compute needed
#: for a fixed performance halves every ~8 months, 90 % confidence interval ~2-22 months.
HO_HALVING_MONTHS: tuple[float, float, float] = (2.0, 8.0, 22.0)
#: Hobbhahn & Besiroglu (2022), Table 1, GPUs used in ML: FLOP/s per dollar doubles every
#: 2.07 years, 95 % confidence interval 1.54-3.13 years.
HOBBHAHN_DOUBLING_YEARS: tuple[float, float, float] = (1.54, 2.07, 3.13)
#: Cottier et al. (2024, final version): amortised training cost of frontier models grows
#: 2.4x/yr (90 % CI 2.0-2.9x).
COTTIER_COST_GROWTH = 2.4
#: Besiroglu et al. (2024), standard errors of the Chinchilla exponents a and b (0.02 each).
BESIROGLU_EXPONENT_SE = 0.02
#: Frontier training compute per year: the paper's 5x (sec. 2); Sevilla & Roldan (2024, Epoch
#: AI) find 4-5x/yr overall and ~4x/yr for the frontier since 2018.
FRONTIER_COMPUTE_GROWTH: tuple[float, float] = (4.0, 5.0)


def growth_per_year(halving_months: float) -> float:
    """Growth factor per year of a quantity whose requirement halves every ``halving_months``.

    Examples
    --------
    >>> round(growth_per_year(8.0), 4)
    2.8284
    """
    return 2.0 ** (12.0 / halving_months)


def law_levels(compute: float = PIVOT_COMPUTE) -> dict[str, float]:
    """Reducible loss ``K C**-gamma`` of the two published Chinchilla fits at ``compute``.

    Examples
    --------
    >>> {k: round(v, 4) for k, v in law_levels().items()}
    {'Hoffmann et al. 2022': 0.9098, 'Besiroglu et al. 2024': 0.7362}
    """
    return {"Hoffmann et al. 2022": float(HOFFMANN_2022.compute_law().reducible_loss(compute)),
            "Besiroglu et al. 2024": float(BESIROGLU_2024.compute_law().reducible_loss(compute))}


def law_level_ratio(compute: float = PIVOT_COMPUTE) -> float:
    """Ratio (>= 1) of the two fits' reducible losses at ``compute``: the ``law_scale`` p95.

    Examples
    --------
    >>> round(law_level_ratio(), 4)
    1.2359
    """
    a, b = law_levels(compute).values()
    return max(a, b) / min(a, b)


def gamma_sd(se: float = BESIROGLU_EXPONENT_SE) -> float:
    """Standard deviation of ``gamma = ab/(a+b)`` by the delta method at Hoffmann et al.'s a, b.

    Examples
    --------
    >>> round(gamma_sd(), 5)
    0.00727
    """
    a, b = HOFFMANN_2022.a, HOFFMANN_2022.b
    return se * math.hypot(b * b, a * a) / (a + b) ** 2


_ALG_LO, _ALG_MED, _ALG_HI = (growth_per_year(m) for m in reversed(HO_HALVING_MONTHS))
_HW_LO, _HW_MED, _HW_HI = (2.0 ** (1.0 / y) for y in reversed(HOBBHAHN_DOUBLING_YEARS))
# A 95 % interval (two-sided z = 1.96) in log space gives sigma; the prior's p95 is then 1.645 sigma.
_HW_SIGMA = math.log(_HW_HI / _HW_LO) / (2 * 1.959964)

#: The default distribution of every uncertain input.
DEFAULT_PRIORS: dict[str, Distribution] = {
    "g_algorithm": SplitLogNormal(
        2.8, _ALG_LO, _ALG_HI, judgement=False,
        source=f"Ho et al. 2024, 'Algorithmic progress in language models' (NeurIPS 2024): "
               f"compute for a fixed performance halves every ~8 months (= {_ALG_MED:.2f}x/yr), "
               f"90% CI ~2-22 months (= {_ALG_LO:.2f}-{_ALG_HI:.0f}x/yr) as the 5th and 95th "
               "percentiles; median the paper's 2.8x/yr; two-piece log-normal so that the "
               "median and both ends are met (the arXiv v1 had a 95% CI of 5-14 months)",
    ),
    "g_hardware": LogNormal(
        1.4, 1.4 * math.exp(_Z95 * _HW_SIGMA), judgement=False,
        source=f"Hobbhahn & Besiroglu 2022 (Epoch AI), 'Trends in GPU price-performance', "
               f"Table 1: FLOP/s per dollar of ML GPUs doubles every 2.07 yr ({_HW_MED:.3f}x/yr), "
               f"95% CI 1.54-3.13 yr ({_HW_LO:.3f}-{_HW_HI:.3f}x/yr), which sets the log-width; "
               "median the paper's 1.4x/yr",
    ),
    "g_investment": LogNormal(
        5.0 / 1.4, (5.0 / 1.4) ** 2 / COTTIER_COST_GROWTH, judgement=True,
        source="judgement: the paper's 3.57x/yr (5x/yr frontier compute over 1.4x/yr hardware) "
               "as median; Cottier et al. 2024, 'The rising costs of training frontier AI "
               "models': amortised cost grows 2.4x/yr (90% CI 2.0-2.9x), placed at the 5th "
               "percentile",
    ),
    "g_inference": LogNormal.from_interval(
        2.8, 9.0, judgement=True,
        source="judgement: the paper's two inference variants (2.8x/yr 'small', 9x/yr 'large', "
               "Gundlach et al. 2025, sec. 5) as 5th and 95th percentiles",
    ),
    "gamma": Normal(
        PAPER_LAW.gamma, gamma_sd(), judgement=True,
        source=f"judgement (centre): the paper's 0.154 (Hoffmann et al. 2022); sd {gamma_sd():.4f} "
               "= Besiroglu et al. 2024 standard errors of a and b (0.02 each) through "
               "gamma = ab/(a+b) (delta method, independence assumed). Their refit's gamma = "
               f"{BESIROGLU_2024.gamma:.3f} lies {(BESIROGLU_2024.gamma - PAPER_LAW.gamma) / gamma_sd():.1f} "
               "sd above: the two fits disagree beyond these errors "
               "(try --prior gamma=normal(0.178,0.0073))",
    ),
    "law_scale": LogNormal(
        1.0, law_level_ratio(), judgement=True,
        source=f"judgement (placement): factor on the law's reducible loss at C0 = 1e20 FLOP; "
               f"Hoffmann et al. 2022 ({law_levels()['Hoffmann et al. 2022']:.4f}) and Besiroglu "
               f"et al. 2024 ({law_levels()['Besiroglu et al. 2024']:.4f}) differ there by a "
               f"factor {law_level_ratio():.4f}, taken as the 95th percentile",
    ),
    "sigmoid": SigmoidBootstrap(),
}

#: Frontier training-compute growth per year, the input of the correlated parameterisation
#: (:func:`~meekbook.uncertainty.propagation.monte_carlo` with ``correlated=True``), where
#: ``g_investment = g_compute / g_hardware`` as the paper defines it (5 / 1.4).
COMPUTE_PRIOR: Distribution = LogNormal(
    FRONTIER_COMPUTE_GROWTH[1], FRONTIER_COMPUTE_GROWTH[1] ** 2 / FRONTIER_COMPUTE_GROWTH[0],
    judgement=True,
    source="judgement (placement): median the paper's 5x/yr frontier compute (sec. 2); Sevilla & "
           "Roldan 2024 (Epoch AI), 'Training compute of frontier AI models grows by 4-5x per "
           "year': ~4x/yr for the frontier since 2018, placed at the 5th percentile",
)

#: Parser names for ``--prior NAME=DIST``.
_DIST_SYNTAX = (
    "fixed(V), normal(MEAN,SD), lognormal(MEDIAN,P95), uniform(LOW,HIGH), "
    "or bootstrap(N) for sigmoid"
)


def input_names(correlated: bool = False) -> tuple[str, ...]:
    """Names of the drawn inputs, in column order; ``correlated`` draws ``g_compute`` in the
    column of ``g_investment`` (which is then derived: ``g_compute / g_hardware``).

    Examples
    --------
    >>> input_names(True)[:3]
    ('g_algorithm', 'g_hardware', 'g_compute')
    """
    return tuple("g_compute" if correlated and n == "g_investment" else n for n in INPUT_NAMES)


def resolve_priors(priors: Mapping[str, Any] | None = None,
                   correlated: bool = False) -> dict[str, Distribution]:
    """The default priors with some replaced; numbers become :class:`~meekbook.uncertainty.distributions.Fixed`.

    With ``correlated=True`` the frontier's compute growth ``g_compute`` (default
    :data:`COMPUTE_PRIOR`) is drawn instead of ``g_investment``, which the Monte Carlo then
    derives per draw as ``g_compute / g_hardware`` (the paper's 5 / 1.4).

    Raises
    ------
    ValueError
        Unknown input name, or a value that is not a distribution / number (sigmoid: a
        :class:`~meekbook.SigmoidParams` or 4-vector).

    Examples
    --------
    >>> resolve_priors({"g_hardware": 1.3})["g_hardware"]
    Fixed(source='user-supplied', judgement=False, value=1.3)
    >>> resolve_priors({"g_hw": 1.3})
    Traceback (most recent call last):
    ...
    ValueError: unknown input 'g_hw'; allowed: g_algorithm, g_hardware, g_investment, g_inference, gamma, law_scale, sigmoid
    >>> sorted(resolve_priors(correlated=True))[:3]
    ['g_algorithm', 'g_compute', 'g_hardware']
    """
    if not isinstance(correlated, (bool, np.bool_)):
        raise TypeError(f"correlated must be True or False; got {correlated!r}")
    out = {name: (COMPUTE_PRIOR if name == "g_compute" else DEFAULT_PRIORS[name])
           for name in input_names(bool(correlated))}
    if priors is not None and not isinstance(priors, Mapping):
        raise TypeError(f"priors must be a mapping of input name to distribution; got {priors!r}")
    for name, dist in (priors or {}).items():
        if name not in out:
            hint = ""
            if name == "g_compute":
                hint = " (g_compute is drawn only with correlated=True, --correlated)"
            elif name == "g_investment":
                hint = " (with correlated=True g_investment is derived: g_compute / g_hardware)"
            raise ValueError(f"unknown input {name!r}{hint}; allowed: {', '.join(out)}")
        if not isinstance(dist, Distribution):
            if isinstance(dist, SigmoidParams) or (np.ndim(dist) == 1 and name == "sigmoid"):
                dist = Fixed(dist)
            elif np.ndim(dist) == 0 and not isinstance(dist, (str, bytes, bool, np.bool_)) and dist is not None:
                dist = Fixed(float(check_finite(f"prior for {name!r}", as_scalar(f"prior for {name!r}", dist))))
            else:
                raise ParameterTypeError(
                    f"prior for {name!r} must be a Distribution or a number (real); got {dist!r:.60} "
                    f"({type(dist).__name__})"
                )
        want = 4 if name == "sigmoid" else 1
        if dist.width != want:
            raise ValueError(
                f"prior for {name!r} must give {want} value(s) per draw; got {dist.width}"
            )
        out[name] = dist
    return out


def parse_prior(text: str) -> tuple[str, Distribution]:
    """Parse ``NAME=DIST`` as given on the command line.

    ``DIST`` is ``fixed(V)`` (or a bare number), ``normal(MEAN,SD)``,
    ``lognormal(MEDIAN,P95)``, ``uniform(LOW,HIGH)``; for ``sigmoid`` also ``paper`` (the
    paper's rounded fit, fixed) or ``bootstrap(N)``.

    Examples
    --------
    >>> parse_prior("g_hardware=lognormal(1.4,1.6)")[1].describe()
    'lognormal(median 1.4, 5-95% 1.22-1.6)'
    >>> parse_prior("gamma=beta(1,2)")
    Traceback (most recent call last):
    ...
    ValueError: --prior gamma: 'beta(1,2)' is not a distribution; allowed: fixed(V), normal(MEAN,SD), lognormal(MEDIAN,P95), uniform(LOW,HIGH), or bootstrap(N) for sigmoid
    """
    if not isinstance(text, str) or "=" not in text:
        raise ValueError(f"--prior must look like NAME=DIST; got {text!r}")
    name, spec = (s.strip() for s in text.split("=", 1))
    if name not in DEFAULT_PRIORS and name != "g_compute":
        raise ValueError(f"--prior: unknown input {name!r}; allowed: {', '.join(INPUT_NAMES)}, "
                         "g_compute (with --correlated)")
    spec_l = spec.lower().replace(" ", "")
    source = f"command line: {spec}"
    try:
        if name == "sigmoid":
            if spec_l == "paper":
                return name, Fixed(PAPER_SIGMOID, source="the paper's rounded fit (sec. 3.1)")
            m = re.fullmatch(r"bootstrap\(([^()]*)\)", spec_l)
            if m:
                return name, SigmoidBootstrap(parse_int_text("N of bootstrap(N)", m.group(1), 10))
            raise ValueError(f"--prior sigmoid: {spec!r} is not allowed; use paper or bootstrap(N)")
        if NUMBER_GRAMMAR.match(spec_l):
            return name, Fixed(parse_number_text("the value", spec_l), source=source)
        m = re.fullmatch(r"(fixed|normal|lognormal|uniform)\(([^()]*)\)", spec_l)
        if not m:
            raise ValueError(f"--prior {name}: {spec[:60]!r} is not a distribution; allowed: {_DIST_SYNTAX}")
        kind, args_text = m.groups()
        nums = [parse_number_text(f"argument {i + 1} of {kind}", a) for i, a in enumerate(args_text.split(","))]
        need = 1 if kind == "fixed" else 2
        if len(nums) != need:
            raise ValueError(f"--prior {name}: {kind} takes {need} number(s); got {len(nums)}")
        cls = {"fixed": Fixed, "normal": Normal, "lognormal": LogNormal, "uniform": Uniform}[kind]
        return name, cls(*nums, source=source)
    except ValueError as err:
        msg = str(err)
        raise ValueError(msg if msg.startswith("--prior") else f"--prior {name}: {msg}") from None
