"""Inference at a fixed price per token.

Derived in the chapter :ref:`inference` (``notebooks/inference.md``).

A meek *user* pays ``c`` dollars per generated token. The parameters of the largest model that
runs at that price grow with FLOP per dollar (``g_h``) and with inference efficiency
(``g_inf``: KV caching, sparsity, distillation, quantisation, speculative decoding)::

    N_afford(t) = c F g_h^t g_inf^t / (2 FLOP per parameter per token)

A compute-optimally trained model of ``N`` parameters used ``C = 6 N D`` with ``D = 20 N``, i.e.
``C ∝ N^2``, and training efficiency improves by ``g_alg`` per year, so the best affordable
model matches a training compute of::

    C_inf(t) = (c F g_h^t g_inf^t)^2 g_alg^t            (the paper's toy: constants dropped)

With the constants kept, ``C_inf`` is ``6 * 20 / 2**2 = 30`` times larger. That moves the
catch-up time earlier by ``ln 30 / ln(g_h g_inf^2 / g_i)`` years, but the gap curve does not
simply move: the user's loss curve moves by ``ln 30 / ln(g_h^2 g_inf^2 g_alg)`` years while the
frontier's stays put, so the gap changes shape (:func:`constant_factor_effect`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .gap import log_effective_compute
from .params import PaperParams, resolve_params
from ..validation import MAX_GRID, check_bool, check_finite, check_size, check_positive, finite_output

__all__ = [
    "TOKENS_PER_PARAM",
    "INFERENCE_FLOP_PER_PARAM_TOKEN",
    "inference_constant_factor",
    "log_inference_compute",
    "inference_loss",
    "inference_gap",
    "inference_catch_up_time",
    "affordable_parameters",
    "inference_decomposition",
    "ConstantFactorEffect",
    "constant_factor_effect",
]

#: Chinchilla's compute-optimal ratio of training tokens to parameters (D = 20 N).
TOKENS_PER_PARAM = 20.0
#: Inference FLOP per parameter per generated token (one forward pass).
INFERENCE_FLOP_PER_PARAM_TOKEN = 2.0


def inference_constant_factor(include_constants: bool = True) -> float:
    """Factor the paper's toy drops from ``C_inf``: ``6 (D/N) / 2**2 = 30`` (1 without constants).

    Examples
    --------
    >>> inference_constant_factor(), inference_constant_factor(False)
    (30.0, 1.0)
    """
    include_constants = check_bool("include_constants", include_constants)
    return 6.0 * TOKENS_PER_PARAM / INFERENCE_FLOP_PER_PARAM_TOKEN**2 if include_constants else 1.0


@finite_output("t")
def log_inference_compute(
    t: ArrayLike, params: PaperParams | None = None, include_constants: bool = False
) -> np.ndarray | float:
    """Log of the training-equivalent compute of the best model affordable at the fixed price.

    ``ln C_inf(t) = 2 ln(c F) + t (2 ln(g_h g_inf) + ln g_alg)`` (+ ln 30 with constants).

    Examples
    --------
    >>> round(float(log_inference_compute(0.0) / np.log(10)), 6)   # (1e-8 * 1e17)**2
    18.0
    """
    params = resolve_params(params)
    t_arr = check_finite("t", t)
    out = (
        2.0 * (np.log(params.price_per_token) + np.log(params.flop_per_dollar))
        + t_arr * (2.0 * np.log(params.g_hardware * params.g_inference) + np.log(params.g_algorithm))
        + np.log(inference_constant_factor(include_constants))
    )
    return out if np.ndim(out) else float(out)


@finite_output("t")
def inference_loss(
    t: ArrayLike, params: PaperParams | None = None, include_constants: bool = False
) -> np.ndarray | float:
    """Loss of the best model a user can run at ``params.price_per_token`` dollars per token.

    Examples
    --------
    >>> round(inference_loss(0.0), 4)
    3.5088
    """
    params = resolve_params(params)
    return params.law.loss_from_log_compute(log_inference_compute(t, params, include_constants))


@finite_output("t")
def inference_gap(
    t: ArrayLike,
    params: PaperParams | None = None,
    clip: bool = True,
    include_constants: bool = False,
) -> np.ndarray | float:
    """Gap between the affordable model and the frontier, ``max(L(C_inf) - L(C_sota), 0)``.

    Parameters
    ----------
    t : array_like
        Years.
    params : PaperParams, optional
        Default the paper's; the paper's inference figure uses ``g_algorithm=3.6`` with
        ``g_inference`` 9 ("large") or 2.8 ("small").
    clip : bool
        Clip at 0 as the paper's figure does (default). With ``False`` a negative value says the
        fixed price buys more than the frontier's training compute.
    include_constants : bool
        Keep the constants the paper's toy drops (2 FLOP per parameter per token, D = 20 N).

    Examples
    --------
    >>> p = PaperParams(g_algorithm=3.6)
    >>> round(inference_gap(0.0, p), 3)
    0.919
    >>> round(inference_gap(1.0, p), 3), inference_gap(2.0, p)
    (0.11, 0.0)
    """
    params = resolve_params(params)
    law = params.law
    log_inf = np.asarray(log_inference_compute(t, params, include_constants))
    log_sota = np.asarray(log_effective_compute(t, params, "sota"))
    gap = law.K * (np.exp(-law.gamma * log_inf) - np.exp(-law.gamma * log_sota))
    if check_bool("clip", clip):
        gap = np.maximum(gap, 0.0)
    return gap if gap.ndim else float(gap)


@finite_output("params")
def inference_catch_up_time(
    params: PaperParams | None = None, include_constants: bool = False
) -> np.ndarray | float:
    """Years until the fixed-price model matches the frontier: ``C_inf(t) = C_sota(t)``.

    ``t = ln(M_sota / (kappa c^2 F)) / ln(g_h g_inf^2 / g_i)`` with ``M_sota`` the frontier's
    starting budget in dollars and ``kappa`` the dropped constant (1 in the paper's toy, 30 with
    the constants). Returns 0 if it already matches at t = 0.

    Raises
    ------
    ValueError
        If the affordable model does not grow faster than the frontier (it never catches up).

    Examples
    --------
    >>> round(inference_catch_up_time(PaperParams(g_algorithm=3.6)), 2)
    1.33
    >>> round(inference_catch_up_time(PaperParams(g_algorithm=3.6, g_inference=2.8)), 2)
    4.1
    """
    params = resolve_params(params)
    rate = np.log(params.g_hardware * params.g_inference**2 / params.g_investment)
    if np.any(np.asarray(rate) <= 0):
        raise ValueError(
            "g_hardware * g_inference**2 must exceed g_investment for the fixed-price model to "
            f"catch up; got {np.ravel(np.exp(rate))[0] * np.ravel(params.g_investment)[0]:.4g} "
            f"vs g_investment {np.ravel(params.g_investment)[0]:.4g}"
        )
    start = np.log(params.budget_sota) - np.log(
        inference_constant_factor(include_constants) * params.price_per_token**2 * params.flop_per_dollar
    )
    out = np.maximum(start / rate, 0.0)
    return out if np.ndim(out) else float(out)


@finite_output("t")
def affordable_parameters(
    t: ArrayLike, params: PaperParams | None = None
) -> np.ndarray | float:
    """Effective parameters of the largest model servable at the fixed price (2 FLOP/param/token).

    Examples
    --------
    >>> f"{affordable_parameters(0.0):.3g}"
    '5e+08'
    """
    params = resolve_params(params)
    t_arr = check_finite("t", t)
    out = (
        params.price_per_token * params.flop_per_dollar / INFERENCE_FLOP_PER_PARAM_TOKEN
        * np.exp(t_arr * np.log(params.g_hardware * params.g_inference))
    )
    return out if np.ndim(out) else float(out)


@finite_output("t")
def inference_decomposition(
    t: ArrayLike, params: PaperParams | None = None
) -> dict[str, np.ndarray | float]:
    """The three factors of affordable model size at the fixed price, at times ``t``.

    Returns a dict with ``flop_per_dollar`` (``F g_h^t``), ``params_per_flop`` (``1/2`` per
    token: constant), ``effective_params_per_param`` (``g_inf^t``) and their product times the
    price, ``effective_params``.

    Examples
    --------
    >>> d = inference_decomposition(1.0)
    >>> f"{d['effective_params']:.3g}"
    '6.3e+09'
    """
    params = resolve_params(params)
    t_arr = check_finite("t", t)
    check_positive("price_per_token", params.price_per_token)
    flop_per_dollar = params.flop_per_dollar * np.exp(t_arr * np.log(params.g_hardware))
    params_per_flop = 1.0 / INFERENCE_FLOP_PER_PARAM_TOKEN + 0.0 * t_arr
    multiplier = np.exp(t_arr * np.log(params.g_inference))
    total = params.price_per_token * flop_per_dollar * params_per_flop * multiplier

    def scalar(x: np.ndarray) -> np.ndarray | float:
        return x if np.ndim(x) else float(x)

    return {
        "flop_per_dollar": scalar(flop_per_dollar),
        "params_per_flop": scalar(params_per_flop),
        "effective_params_per_param": scalar(multiplier),
        "effective_params": scalar(total),
    }


@dataclass(frozen=True)
class ConstantFactorEffect:
    """What keeping the toy's dropped constant ``kappa`` does to the inference gap.

    Attributes
    ----------
    factor : float
        The constant ``kappa`` (30).
    catch_up_toy, catch_up_with_constants : float
        Catch-up times without and with the constant (years).
    catch_up_shift : float
        Their difference, ``ln kappa / ln(g_h g_inf^2 / g_i)`` (years).
    loss_curve_shift : float
        How much earlier the *user's* loss curve runs, ``ln kappa / ln(g_h^2 g_inf^2 g_alg)``
        (years); the frontier's curve does not move, so this differs from ``catch_up_shift``.
    start_gap_toy, start_gap_with_constants : float
        Inference gap at t = 0 without and with the constant (nats/token).
    start_gap_if_shifted : float
        The toy gap at ``t = catch_up_shift``: what the gap at t = 0 would be if keeping the
        constant only moved the toy's curve earlier by the catch-up shift.
    max_shape_difference : float
        Largest ``|gap_with_constants(t) - gap_toy(t + catch_up_shift)|`` on the grid: zero if the
        curve only moved, positive because it changes shape (nats/token).
    """

    factor: float
    catch_up_toy: float
    catch_up_with_constants: float
    catch_up_shift: float
    loss_curve_shift: float
    start_gap_toy: float
    start_gap_with_constants: float
    start_gap_if_shifted: float
    max_shape_difference: float


def constant_factor_effect(
    params: PaperParams | None = None, t_max: float = 10.0, n: int = 10_001
) -> ConstantFactorEffect:
    """The inference gap with and without the dropped constant kappa (scalar params).

    Parameters
    ----------
    params : PaperParams, optional
        Scalar parameters (default the paper's); the paper's Figure 4 uses ``g_algorithm=3.6``.
    t_max : float
        End of the grid (years, > 0) on which the shape difference is measured.
    n : int
        Number of grid points (>= 2).

    Examples
    --------
    >>> e = constant_factor_effect(PaperParams(g_algorithm=3.6))
    >>> round(e.catch_up_shift, 3), round(e.loss_curve_shift, 3)
    (0.984, 0.536)
    >>> round(e.start_gap_with_constants, 3), round(e.start_gap_if_shifted, 3)
    (0.181, 0.117)
    """
    params = resolve_params(params)
    t_max = float(check_positive("t_max", t_max))
    n = check_size("n", n, MAX_GRID, 2)
    if any(np.ndim(getattr(params, name)) for name in ("g_hardware", "g_inference", "g_algorithm",
                                                       "g_investment", "price_per_token",
                                                       "flop_per_dollar", "budget_sota")):
        raise ValueError("params must hold scalar values for constant_factor_effect; got arrays")
    k = inference_constant_factor(True)
    toy = float(inference_catch_up_time(params))
    full = float(inference_catch_up_time(params, include_constants=True))
    shift = toy - full
    loss_shift = float(np.log(k) / np.log(params.g_hardware**2 * params.g_inference**2
                                          * params.g_algorithm))
    t = np.linspace(0.0, t_max, n)
    with_constants = np.asarray(inference_gap(t, params, include_constants=True))
    moved = np.asarray(inference_gap(t + shift, params))
    return ConstantFactorEffect(
        factor=k,
        catch_up_toy=toy,
        catch_up_with_constants=full,
        catch_up_shift=shift,
        loss_curve_shift=loss_shift,
        start_gap_toy=float(inference_gap(0.0, params)),
        start_gap_with_constants=float(with_constants[0]),
        start_gap_if_shifted=float(moved[0]),
        max_shape_difference=float(np.max(np.abs(with_constants - moved))),
    )
