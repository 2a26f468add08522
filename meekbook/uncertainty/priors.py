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

from ..model.scaling import PAPER_LAW
from ..validation import NUMBER_GRAMMAR, ParameterTypeError, as_scalar, check_finite, parse_int_text, parse_number_text
from ..model.sigmoid import PAPER_SIGMOID, SigmoidParams
from .distributions import (
    _Z95, Distribution, Fixed, LogNormal, Normal, SigmoidBootstrap, Uniform,
)

__all__ = ["PAPER_VALUES", "INPUT_NAMES", "DEFAULT_PRIORS", "resolve_priors", "parse_prior"]

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

# Ho et al. (2024): compute to reach a fixed performance halves every ~8 months, 95 % CI about
# 5-14 months. Growth per year 2**(12/T): ln(2**(12/5) / 2**(12/14)) is the 95 % CI's
# log-width, which sets sigma; the median is the paper's 2.8 (= 8-month halving, 2**1.5 = 2.83).
_ALG_SIGMA = (12.0 / 5.0 - 12.0 / 14.0) * math.log(2.0) / (2 * 1.96)

#: The default distribution of every uncertain input.
DEFAULT_PRIORS: dict[str, Distribution] = {
    "g_algorithm": LogNormal(
        2.8, 2.8 * math.exp(_Z95 * _ALG_SIGMA), judgement=False,
        source="Ho et al. 2024, 'Algorithmic progress in language models': halving time of "
               "required compute ~8 months (about 3x/yr), 95% CI ~5-14 months (1.8-5.3x/yr); "
               "log-normal with that log-width, centred on the paper's 2.8x/yr",
    ),
    "g_hardware": LogNormal(
        1.4, 1.55, judgement=True,
        source="Hobbhahn & Besiroglu 2022 (Epoch AI), 'Trends in GPU price-performance': "
               "FLOP/s per dollar doubles every ~2.1 yr for ML GPUs (1.4x/yr), ~2.5 yr for all "
               "GPUs (1.3x/yr); median the paper's 1.4x/yr, 5-95% 1.26-1.55x/yr (width: judgement)",
    ),
    "g_investment": LogNormal(
        5.0 / 1.4, (5.0 / 1.4) ** 2 / 2.4, judgement=True,
        source="paper's 3.57x/yr (5x/yr frontier compute over 1.4x/yr hardware) as median; "
               "Cottier et al. 2024, 'The rising costs of training frontier AI models': "
               "amortised cost grows ~2.4x/yr, placed at the 5th percentile (judgement)",
    ),
    "g_inference": LogNormal.from_interval(
        2.8, 9.0, judgement=True,
        source="the paper's two inference variants (2.8x/yr 'small', 9x/yr 'large', "
               "Gundlach et al. 2025, sec. 5) as 5th and 95th percentiles (judgement)",
    ),
    "gamma": Normal(
        PAPER_LAW.gamma, 0.0073, judgement=True,
        source="centre the paper's 0.154 (Hoffmann et al. 2022); sd 0.0073 = Besiroglu et al. "
               "2024 standard errors of a and b (0.02 each) through gamma = ab/(a+b) "
               "(delta method, independence assumed). Their refit's gamma = 0.178 lies 3.3 sd "
               "above: the two fits disagree beyond these errors (try --prior gamma=normal(0.178,0.0073))",
    ),
    "law_scale": LogNormal(
        1.0, 1.15, judgement=True,
        source="factor on the law's reducible loss at C0 = 1e20 FLOP: Hoffmann et al. 2022 "
               "(0.91) and Besiroglu et al. 2024 (0.79) differ by 15%; taken as the 95th "
               "percentile (judgement)",
    ),
    "sigmoid": SigmoidBootstrap(),
}

#: Parser names for ``--prior NAME=DIST``.
_DIST_SYNTAX = (
    "fixed(V), normal(MEAN,SD), lognormal(MEDIAN,P95), uniform(LOW,HIGH), "
    "or bootstrap(N) for sigmoid"
)


def resolve_priors(priors: Mapping[str, Any] | None = None) -> dict[str, Distribution]:
    """The default priors with some replaced; numbers become :class:`~meekbook.uncertainty.distributions.Fixed`.

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
    """
    out = dict(DEFAULT_PRIORS)
    for name, dist in (priors or {}).items():
        if name not in out:
            raise ValueError(f"unknown input {name!r}; allowed: {', '.join(INPUT_NAMES)}")
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
    if name not in DEFAULT_PRIORS:
        raise ValueError(f"--prior: unknown input {name!r}; allowed: {', '.join(INPUT_NAMES)}")
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
