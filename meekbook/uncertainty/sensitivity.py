"""Global sensitivity: which uncertain input drives each output (Sobol indices, SALib).

:func:`sobol_indices` works on any function of the inputs; :func:`model_sobol` applies it to the
model's outputs (:func:`~meekbook.uncertainty.propagation.evaluate`). Derived in the chapter
:ref:`uncertainty` (``notebooks/uncertainty.md``).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

import numpy as np

from .distributions import Distribution, Fixed, _check_count
from .priors import resolve_priors
from .propagation import evaluate

__all__ = ["sobol_indices", "model_sobol"]

#: Largest share of base samples that may be left out because one of their runs is undefined
#: (outside the model's domain); the indices then describe the model on its domain.
_MAX_DROPPED = 0.01


#: Largest Sobol base sample (the model then runs ``N (D + 2)`` times: about 2.4 million for D = 7).
MAX_SOBOL_BASE = 2**18


def sobol_indices(
    func: Callable[[dict[str, np.ndarray]], Mapping[str, np.ndarray]],
    distributions: Mapping[str, Distribution],
    base_samples: int = 2**14,
    seed: int = 0,
    num_resamples: int = 20,
) -> dict[str, dict[str, Any]]:
    """First-order and total Sobol indices of each output of ``func`` (Saltelli/Jansen, SALib).

    Inputs with a :class:`~meekbook.uncertainty.distributions.Fixed` distribution are held at their value and left out.

    Parameters
    ----------
    func : callable
        Maps a dict of input arrays (one entry per draw; joint inputs as (n, width)) to a dict
        of output arrays.
    distributions : mapping of str to Distribution
        The inputs.
    base_samples : int
        Base sample size N (a power of 2); the model runs ``N (D + 2)`` times for D varying
        inputs.
    seed : int
        Seed of the scrambled Sobol sequence and of SALib's bootstrap of the confidence
        intervals.
    num_resamples : int
        Bootstrap resamples for the confidence intervals.

    Returns
    -------
    dict
        Per output: ``first`` and ``total`` (dicts input -> index), ``first_conf`` and
        ``total_conf`` (95 % bootstrap half-widths) and ``dropped`` (share of base samples
        left out because one of their runs is undefined, at most 1 %: the indices then
        describe the model on its domain), or ``skipped`` with the reason.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    base = _check_count("base_samples", base_samples, 2, MAX_SOBOL_BASE)
    if base & (base - 1):
        raise ValueError(f"base_samples must be a power of 2; got {base_samples!r}")
    seed = _check_count("seed", seed, 0, 2**63 - 2)
    num_resamples = _check_count("num_resamples", num_resamples, 1, 10_000)
    varying = [n for n, d in distributions.items() if not isinstance(d, Fixed)]
    if not varying:
        raise ValueError("sobol_indices needs at least one input that is not Fixed")
    problem = {"num_vars": len(varying), "names": varying, "bounds": [[0.0, 1.0]] * len(varying)}
    x = sobol_sample.sample(problem, base, calc_second_order=False, scramble=True, seed=seed)
    n_rows = x.shape[0]
    inputs = {}
    for name, dist in distributions.items():
        if name in varying:
            inputs[name] = dist.values_at(x[:, varying.index(name)], name)
        else:
            inputs[name] = dist.values_at(np.full(n_rows, 0.5), name)
    ys = func(inputs)
    out: dict[str, dict[str, Any]] = {}
    group = len(varying) + 2           # SALib's layout: A, AB_1..AB_D, B per base sample
    for name, y in ys.items():
        y = np.asarray(y, dtype=float)
        blocks = y.reshape(-1, group)
        whole = np.all(np.isfinite(blocks), axis=1)
        dropped = 1.0 - float(whole.mean())
        if dropped > _MAX_DROPPED or whole.sum() < 2:
            out[name] = {"skipped": f"undefined in {np.mean(~np.isfinite(y)):.2%} of the design's runs"}
            continue
        y = blocks[whole].ravel()
        if np.ptp(y) <= 1e-12 * max(1.0, float(np.max(np.abs(y)))):
            out[name] = {"skipped": "no variance"}
            continue
        # SALib treats seed 0 as "no seed" (unseeded bootstrap): pass seed + 1.
        res = sobol_analyze.analyze(problem, y, calc_second_order=False,
                                    num_resamples=num_resamples, seed=seed + 1)
        out[name] = {
            "dropped": dropped,
            "first": dict(zip(varying, map(float, res["S1"]))),
            "total": dict(zip(varying, map(float, res["ST"]))),
            "first_conf": dict(zip(varying, map(float, res["S1_conf"]))),
            "total_conf": dict(zip(varying, map(float, res["ST_conf"]))),
        }
    return out


def model_sobol(
    priors: Mapping[str, Any] | None = None,
    base_samples: int = 2**14,
    seed: int = 0,
    outputs: Sequence[str] = ("t_star", "peak_gap", "gap_at", "mmlu_peak", "mmlu_peak_time",
                              "inference_catch_up"),
    years: Sequence[float] = (10.0,),
    t_max: float = 20.0,
    num_resamples: int = 20,
    correlated: bool = False,
) -> dict[str, dict[str, Any]]:
    """Sobol indices of the model's outputs under ``priors`` (see :func:`sobol_indices`).

    ``correlated=True`` uses the correlated parameterisation of
    :func:`~meekbook.uncertainty.propagation.monte_carlo` (indices of ``g_compute`` in place of
    ``g_investment``).

    Draws without a value (no interior MMLU peak) make an output's indices undefined: it is
    reported as skipped. The inference catch-up time is censored at ``t_max``.
    """
    resolved = resolve_priors(priors, correlated)

    def func(inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        values = evaluate(inputs, outputs, years, t_max)[0]
        if "inference_catch_up" in values:
            # Censored at the horizon: "never catches up" counts as t_max (variance needs a number).
            catch = values["inference_catch_up"]
            values["inference_catch_up"] = np.minimum(np.where(np.isfinite(catch), catch, t_max), t_max)
        return values

    out = sobol_indices(func, resolved, base_samples, seed, num_resamples)
    if "inference_catch_up" in out:
        out["inference_catch_up"]["note"] = f"censored at {t_max:g} years (never = {t_max:g})"
    return out
