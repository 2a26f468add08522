"""Telling two models apart: Wald's sequential probability ratio test (SPRT).

Derived in the chapter :ref:`distinguishability` (``notebooks/distinguishability.md``).

An observer reads tokens from the true source and accumulates the log-likelihood ratio
``Λ_n = Σ ln f(x_i) / m(x_i)`` of the frontier model ``f`` against the meek model ``m``. If the
frontier model is the source, each token adds ``KL(f || m)`` on average, which under a
stationary ergodic source equals the loss gap ΔL. Wald's test stops at ``Λ ≥ a = ln((1-α)/β)``
(decide "frontier") or ``Λ ≤ b = ln(α/(1-β))`` (decide "meek"), where α is the probability of
wrongly deciding "meek" and β of wrongly deciding "frontier". Ignoring overshoot,

    E[n] = [(1-α) a + α b] / ΔL = [(1-α) ln((1-α)/β) + α ln(α/(1-β))] / ΔL.

At α = β = 0.05 the numerator is 0.9 ln 19 = 2.65 (the paper's constant; the paper prints
``α ln(α/(1-α))`` for the second term, which equals Wald's ``α ln(α/(1-β))`` when α = β).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from ..validation import (
    as_float_array,
    as_scalar,
    check_at_least,
    check_int,
    check_open_interval,
    check_positive,
    finite_output,
)

if TYPE_CHECKING:   # only for annotations: meekbook.model.params imports this module's neighbours
    from .params import PaperParams

__all__ = [
    "wald_boundaries",
    "wald_constant",
    "token_threshold",
    "kl_divergence",
    "categorical_pair",
    "SPRTSimulation",
    "simulate_sprt",
    "token_threshold_over_time",
]


def wald_boundaries(alpha: float = 0.05, beta: float = 0.05) -> tuple[float, float]:
    """Wald's stopping boundaries ``(a, b) = (ln((1-α)/β), ln(α/(1-β)))`` for the log-ratio.

    The observer decides "frontier" when the accumulated log-likelihood ratio reaches ``a`` and
    "meek" when it falls to ``b``.

    Examples
    --------
    >>> a, b = wald_boundaries()
    >>> round(a, 3), round(b, 3)
    (2.944, -2.944)
    """
    a_err = float(check_open_interval("alpha", alpha, 0.0, 0.5))
    b_err = float(check_open_interval("beta", beta, 0.0, 0.5))
    return float(np.log((1 - a_err) / b_err)), float(np.log(a_err / (1 - b_err)))


def wald_constant(alpha: ArrayLike = 0.05, beta: ArrayLike = 0.05) -> np.ndarray | float:
    """Expected log-likelihood ratio at stopping, ``(1-α) ln((1-α)/β) + α ln(α/(1-β))``.

    Parameters
    ----------
    alpha, beta : array_like
        Error rates, each in (0, 0.5).

    Examples
    --------
    >>> round(wald_constant(), 4)
    2.65
    >>> round(wald_constant(0.01, 0.01), 3)
    4.503
    """
    a = check_open_interval("alpha", alpha, 0.0, 0.5)
    b = check_open_interval("beta", beta, 0.0, 0.5)
    out = (1 - a) * np.log((1 - a) / b) + a * np.log(a / (1 - b))
    return out if np.ndim(out) else float(out)


@finite_output("delta_loss")
def token_threshold(
    delta_loss: ArrayLike,
    alpha: ArrayLike = 0.05,
    beta: ArrayLike = 0.05,
    slowdown: ArrayLike = 1,
) -> np.ndarray | float:
    """Expected number of tokens an observer needs to tell the two models apart.

    Parameters
    ----------
    delta_loss : array_like
        Loss gap ΔL in nats per token (> 0).
    alpha, beta : array_like
        SPRT error rates in (0, 0.5). Default 0.05 each.
    slowdown : array_like
        "Bayesian slowdown" of a non-ideal observer (>= 1). Default 1 (ideal).

    Returns
    -------
    float or ndarray
        ``slowdown * wald_constant(alpha, beta) / delta_loss`` tokens.

    Examples
    --------
    >>> round(token_threshold(0.2118), 2)
    12.51
    >>> token_threshold(0.0)
    Traceback (most recent call last):
    ...
    ValueError: delta_loss must be a finite number > 0; got 0.0
    """
    dl = check_positive("delta_loss", delta_loss)
    s = check_at_least("slowdown", slowdown, 1.0)
    out = s * np.asarray(wald_constant(alpha, beta)) / dl
    return out if np.ndim(out) else float(out)


def _check_distribution(name: str, p: ArrayLike) -> np.ndarray:
    arr = as_float_array(name, p).ravel()
    if arr.size < 2 or np.any(~np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(f"{name} must list at least 2 finite probabilities, each > 0")
    if abs(arr.sum() - 1.0) > 1e-9:
        raise ValueError(f"{name} must sum to 1; got sum {arr.sum()!r}")
    return arr / arr.sum()


def kl_divergence(p: ArrayLike, q: ArrayLike) -> float:
    """Kullback-Leibler divergence ``KL(p || q)`` in nats for categorical distributions.

    Examples
    --------
    >>> round(kl_divergence([0.5, 0.5], [0.25, 0.75]), 4)
    0.1438
    """
    p_arr = _check_distribution("p", p)
    q_arr = _check_distribution("q", q)
    if p_arr.shape != q_arr.shape:
        raise ValueError(f"p and q must have the same length; got {p_arr.size} and {q_arr.size}")
    return float(np.sum(p_arr * (np.log(p_arr) - np.log(q_arr))))


@finite_output("delta_loss")
def categorical_pair(
    delta_loss: float, n_categories: int = 50, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A "frontier" and a "meek" categorical distribution whose KL divergence is ``delta_loss``.

    ``f`` is a random Zipf-like distribution; ``m`` tilts ``f``'s logits along a random direction
    by the amount that makes ``KL(f || m) = delta_loss``.

    Examples
    --------
    >>> f, m = categorical_pair(0.05, seed=1)
    >>> round(kl_divergence(f, m), 10)
    0.05
    """
    dl = float(check_positive("delta_loss", as_scalar("delta_loss", delta_loss)))
    n = check_int("n_categories", n_categories, 2, 1_000_000)
    rng = np.random.default_rng(check_int("seed", seed, 0))
    logits_f = -1.1 * np.log(np.arange(1, n + 1)) + 0.3 * rng.standard_normal(n)
    f = np.exp(logits_f - logits_f.max())
    f /= f.sum()
    direction = rng.standard_normal(n)

    def tilted(eps: float) -> np.ndarray:
        z = logits_f + eps * direction
        m = np.exp(z - z.max())
        return m / m.sum()

    def excess(eps: float) -> float:
        return float(np.sum(f * (np.log(f) - np.log(tilted(eps))))) - dl

    hi = 1.0
    while excess(hi) < 0:
        hi *= 2.0
        if hi > 1e6:
            raise ValueError(f"delta_loss {dl!r} is too large to reach with {n} categories")
    from scipy.optimize import brentq   # here, not at the top: a slow import the model does not always need

    eps = brentq(excess, 0.0, hi, xtol=1e-14, rtol=1e-14)
    return f, tilted(eps)


@dataclass(frozen=True)
class SPRTSimulation:
    """Result of :func:`simulate_sprt`.

    Attributes
    ----------
    mean_tokens : float
        Average number of tokens read before the test stopped.
    stderr : float
        Standard error of ``mean_tokens``.
    wald_prediction : float
        Wald's approximation ``wald_constant(alpha, beta) / KL(f || m)``.
    correct_rate : float
        Fraction of runs that decided "frontier" (the truth).
    kl : float
        ``KL(f || m)``: the per-token drift of the log-likelihood ratio.
    n_runs : int
        Number of simulated observers.
    """

    mean_tokens: float
    stderr: float
    wald_prediction: float
    correct_rate: float
    kl: float
    n_runs: int


def simulate_sprt(
    frontier: ArrayLike,
    meek: ArrayLike,
    alpha: float = 0.05,
    beta: float = 0.05,
    n_runs: int = 2000,
    seed: int = 0,
    max_tokens: int = 1_000_000,
) -> SPRTSimulation:
    """Monte-Carlo SPRT: observers read tokens drawn from ``frontier`` until Wald's test stops.

    Parameters
    ----------
    frontier, meek : array_like
        Categorical next-token distributions (the frontier model is the true source).
    alpha, beta : float
        Error rates in (0, 0.5).
    n_runs : int
        Number of independent observers (>= 2).
    seed : int
        Seed of the random generator (results are reproducible).
    max_tokens : int
        Safety cap per observer; exceeding it raises ``ValueError``.

    Examples
    --------
    >>> f, m = categorical_pair(0.05, seed=3)
    >>> sim = simulate_sprt(f, m, n_runs=500, seed=0)
    >>> round(sim.wald_prediction, 1), abs(sim.mean_tokens - sim.wald_prediction) < 0.1 * sim.wald_prediction
    (53.0, True)
    """
    f = _check_distribution("frontier", frontier)
    m = _check_distribution("meek", meek)
    if f.shape != m.shape:
        raise ValueError(f"frontier and meek must have the same length; got {f.size} and {m.size}")
    a_err = float(check_open_interval("alpha", alpha, 0.0, 0.5))
    b_err = float(check_open_interval("beta", beta, 0.0, 0.5))
    check_int("n_runs", n_runs, 2, 10_000_000)
    check_int("max_tokens", max_tokens, 1, 10**12)
    check_int("seed", seed, 0)
    kl = kl_divergence(f, m)
    if kl <= 0:
        raise ValueError("frontier and meek must differ (KL divergence 0: the test never stops)")
    upper, lower = wald_boundaries(a_err, b_err)
    llr_per_token = np.log(f) - np.log(m)
    rng = np.random.default_rng(seed)
    n = int(n_runs)
    # tokens drawn per round for every observer still reading: about twice the mean stopping
    # time (Wald: upper / kl), so most observers stop in the first round and few draws are wasted
    block = int(min(max(64, (upper - lower) / kl), 100_000))
    cumulative = np.zeros(n)
    stop_at = np.full(n, -1, dtype=np.int64)
    decided_frontier = np.zeros(n, dtype=bool)
    active = np.arange(n)
    read = 0
    while active.size:
        if read >= max_tokens:
            raise ValueError(f"{active.size} observers had not stopped after max_tokens={max_tokens}")
        tokens = rng.choice(f.size, size=(active.size, block), p=f)
        paths = cumulative[active, None] + np.cumsum(llr_per_token[tokens], axis=1)
        crossed = (paths >= upper) | (paths <= lower)
        done = crossed.any(axis=1)
        first = np.argmax(crossed, axis=1)
        finished = active[done]
        stop_at[finished] = read + first[done] + 1
        decided_frontier[finished] = paths[done, first[done]] >= upper
        cumulative[active[~done]] = paths[~done, -1]
        active = active[~done]
        read += block
    samples = stop_at.astype(float)
    return SPRTSimulation(
        mean_tokens=float(samples.mean()),
        stderr=float(samples.std(ddof=1) / np.sqrt(n)),
        wald_prediction=float(wald_constant(a_err, b_err) / kl),
        correct_rate=float(decided_frontier.mean()),
        kl=kl,
        n_runs=n,
    )


@finite_output("t")
def token_threshold_over_time(
    t: ArrayLike, params: PaperParams | None = None, slowdown: ArrayLike = 1
) -> np.ndarray | float:
    """Tokens needed to tell the frontier from the meek model at times ``t`` (t > 0).

    ``token_threshold(loss_gap(t, params), params.alpha, params.beta, slowdown)``.

    Examples
    --------
    >>> np.round(token_threshold_over_time([3.359, 20.0]), 1).tolist()
    [12.5, 204.1]
    """
    from .gap import loss_gap
    from .params import resolve_params

    params = resolve_params(params)
    gap = loss_gap(t, params)
    return token_threshold(gap, params.alpha, params.beta, slowdown)
