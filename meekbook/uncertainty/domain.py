"""The model's domain for Monte Carlo draws: which joint draws the model is defined for.

A draw is inside when every rate is positive, 0 < gamma < 1, the sigmoid's S is positive, the
meek actor's loss falls (g_algorithm * g_hardware > 1) and the frontier pulls ahead
(g_investment > 1). :func:`check_some_in_domain` turns "no draw inside" into an error naming
the prior responsible, instead of a table of NaN.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from .distributions import Distribution

__all__ = ["in_domain", "RULES", "check_some_in_domain"]


def in_domain(inputs: Mapping[str, np.ndarray]) -> np.ndarray:
    """Draws inside the model's domain: positive rates, 0 < gamma < 1, a peak exists."""
    sig = np.asarray(inputs["sigmoid"], dtype=float)
    ok = np.ones(np.shape(inputs["gamma"]), dtype=bool)
    for name in ("g_algorithm", "g_hardware", "g_investment", "g_inference", "law_scale"):
        ok &= np.isfinite(inputs[name]) & (inputs[name] > 0)
    ok &= (inputs["gamma"] > 0) & (inputs["gamma"] < 1)
    ok &= (sig[:, 0] > 0) & np.all(np.isfinite(sig), axis=1)
    with np.errstate(invalid="ignore"):
        ok &= inputs["g_algorithm"] * inputs["g_hardware"] > 1.0   # the meek actor's loss falls
        ok &= inputs["g_investment"] > 1.0                         # the frontier pulls ahead
    return ok


RULES = (("g_algorithm", "> 0", lambda x: x > 0), ("g_hardware", "> 0", lambda x: x > 0),
          ("g_investment", "> 1 (the frontier pulls ahead)", lambda x: x > 1),
          ("g_inference", "> 0", lambda x: x > 0), ("law_scale", "> 0", lambda x: x > 0),
          ("gamma", "in (0, 1)", lambda x: (x > 0) & (x < 1)))


def check_some_in_domain(inputs: Mapping[str, np.ndarray], priors: Mapping[str, Distribution]) -> None:
    """Raise, naming the prior, when no draw lies in the model's domain (else: an all-NaN table)."""
    if in_domain(inputs).any():
        return
    with np.errstate(invalid="ignore"):
        for name, rule, test in RULES:
            if not np.any(test(np.asarray(inputs[name], dtype=float))):
                source = priors[name].describe() if name in priors else "derived from the other priors"
                raise ValueError(f"prior for {name} ({source}) gives no draw in the "
                                 f"model's domain: {name} must be {rule}")
    raise ValueError("no draw lies in the model's domain (g_algorithm * g_hardware > 1, g_investment > 1, "
                     "0 < gamma < 1, sigmoid S > 0); widen or move the priors")
