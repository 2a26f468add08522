"""Sigmoid fit of MMLU on the Chinchilla-predicted loss of real base models.

The paper's first empirical check (chapter :ref:`benchmark-scores`, its Figure 2). Each base
model's loss is predicted from its parameter count and training tokens with the Chinchilla law
(:func:`meekbook.model.scaling.chinchilla_loss`), and 5-shot MMLU is fitted as a sigmoid of that loss
(:func:`meekbook.model.sigmoid.fit_sigmoid`). :func:`sigmoid_fit_on_models` adds a seeded bootstrap
over models for interval estimates. The default data are the packaged base-model table
(:func:`meekbook.empirical.datasets.load_base_models`); the plot is
:func:`meekbook.plots.figures.plot_sigmoid_fit`.
"""

from __future__ import annotations

import math
import sys
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import OptimizeWarning

from ..model.scaling import HOFFMANN_2022, ScalingLaw, chinchilla_loss
from ..model.sigmoid import PAPER_SIGMOID_FIT, SigmoidFit, SigmoidParams, fit_sigmoid, loss_to_score
from .tables import row_labels as _labels
from .tables import row_lines as _lines
from ..validation import ParameterTypeError, as_scalar, check_bool, check_int, check_open_interval
from ..validation import finite_or_none as _jsonable

__all__ = [
    "PARAM_NAMES",
    "ModelSigmoidFit",
    "sigmoid_fit_on_models",
]

#: Most bootstrap resamples accepted (a million take about a minute).
MAX_BOOTSTRAP = 1_000_000

#: Order of the sigmoid parameters in arrays and tables.
PARAM_NAMES: tuple[str, ...] = ("S", "x0", "k", "s0")


@dataclass(frozen=True)
class ModelSigmoidFit:
    """Result of :func:`sigmoid_fit_on_models`.

    Attributes
    ----------
    fit : SigmoidFit
        Least-squares fit on all models used (parameters, standard errors, r2, rmse, n).
    intervals : dict of str to (float, float)
        Bootstrap percentile interval of each parameter (keys ``S, x0, k, s0``).
    confidence : float
        Coverage of ``intervals`` (0.95 by default).
    bootstrap_params : ndarray, shape (n_converged, 4)
        Parameter estimates of the resamples that converged, columns in :data:`PARAM_NAMES`.
    n_bootstrap : int
        Resamples requested.
    n_failed : int
        Resamples skipped because the fit did not converge (or the resample had fewer than
        five distinct losses).
    seed : int
        Seed of the :class:`numpy.random.Generator` that drew the resamples.
    models : pandas.DataFrame
        One row per model used: ``model, params, tokens, mmlu, loss, predicted, residual``.
    dropped : tuple of (line, model, reason)
        Rows not used (dropped by the loader or here for missing values).
    law : ScalingLaw
        Law used to predict the losses.
    """

    fit: SigmoidFit
    intervals: dict[str, tuple[float, float]]
    confidence: float
    bootstrap_params: np.ndarray
    n_bootstrap: int
    n_failed: int
    seed: int
    models: pd.DataFrame
    dropped: tuple[tuple[int | None, str, str], ...]
    law: ScalingLaw = field(default=HOFFMANN_2022)

    @property
    def params(self) -> SigmoidParams:
        """Least-squares parameters."""
        return self.fit.params

    @property
    def stderr(self) -> SigmoidParams:
        """Standard errors from the least-squares covariance."""
        return self.fit.stderr

    @property
    def n(self) -> int:
        """Number of models fitted."""
        return self.fit.n

    @property
    def n_converged(self) -> int:
        """Resamples that converged (``n_bootstrap - n_failed``)."""
        return int(self.bootstrap_params.shape[0])

    def summary(self) -> dict[str, Any]:
        """Plain-Python summary (JSON-serialisable).

        Keys: ``n_models``, ``params``, ``stderr``, ``intervals``, ``confidence``, ``r2``,
        ``rmse``, ``bootstrap`` (requested / converged / failed / seed), ``dropped`` and
        ``paper`` (the published fit, for comparison).
        """
        return {
            "n_models": self.n,
            "params": self.params.as_dict(),
            "stderr": {k: _jsonable(v) for k, v in self.stderr.as_dict().items()},
            "intervals": {k: [_jsonable(a), _jsonable(b)] for k, (a, b) in self.intervals.items()},
            "confidence": self.confidence,
            "r2": _jsonable(self.fit.r2),
            "rmse": _jsonable(self.fit.rmse),
            "bootstrap": {
                "requested": self.n_bootstrap,
                "converged": self.n_converged,
                "failed": self.n_failed,
                "seed": self.seed,
            },
            "dropped": [
                {"line": line, "model": model, "reason": reason}
                for line, model, reason in self.dropped
            ],
            "law": self.law.name,
            "paper": PAPER_SIGMOID_FIT.as_dict(),
        }


def _quiet_fit(x: np.ndarray, y: np.ndarray, p0: SigmoidParams | None) -> SigmoidFit:
    # curve_fit warns (OptimizeWarning) when the covariance cannot be estimated; that case is
    # reported through infinite standard errors instead, so the warning is not needed.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OptimizeWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        return fit_sigmoid(x, y, p0=p0)


def sigmoid_fit_on_models(
    df: pd.DataFrame,
    n_bootstrap: int = 1000,
    seed: int = 0,
    *,
    law: ScalingLaw = HOFFMANN_2022,
    p0: SigmoidParams | None = None,
    confidence: float = 0.95,
    progress: bool | None = None,
) -> ModelSigmoidFit:
    """Fit MMLU as a sigmoid of each model's Chinchilla-predicted loss, with a bootstrap.

    Parameters
    ----------
    df : pandas.DataFrame
        Columns ``params`` (parameter count), ``tokens`` (training tokens) and ``mmlu``
        (fraction in [0, 1]); ``model`` is used for labels when present. Typically
        :func:`meekbook.empirical.datasets.load_base_models`. Rows with a missing value are dropped and
        reported.
    n_bootstrap : int, optional
        Number of bootstrap resamples (models drawn with replacement); 0 skips the bootstrap.
    seed : int, optional
        Seed of the :class:`numpy.random.Generator` that draws the resamples.
    law : ScalingLaw, optional
        Scaling law for the predicted losses (default Hoffmann et al. 2022, Approach 3).
    p0 : SigmoidParams, optional
        Starting values of the full fit (default: derived from the data). Every resample
        starts from the full fit's estimates.
    confidence : float, optional
        Coverage of the percentile intervals, in (0, 1).
    progress : bool or None, optional
        Show a progress bar (tqdm, on standard error) while bootstrapping. ``None`` (default):
        only when standard error is a terminal -- never in pipes, notebooks or tests.

    Returns
    -------
    ModelSigmoidFit

    Raises
    ------
    ValueError
        Missing columns, non-positive parameters or tokens, scores outside [0, 1], fewer than
        five usable models, a non-converging full fit, or bad ``n_bootstrap`` / ``seed`` /
        ``confidence``.

    Notes
    -----
    The resamples are fitted all at once by a vectorised Levenberg-Marquardt iteration started
    from the full fit (the same least-squares problem :func:`scipy.optimize.curve_fit` solves);
    a resample that does not converge there is refitted with ``curve_fit``. A thousand
    resamples of the packaged table take well under a second.

    Resampling models (not residuals) keeps each model's (loss, score) pair together, so the
    intervals reflect which models happen to be in the table. A resample whose fit does not
    converge is skipped and counted in ``n_failed``; the percentile intervals rest on the
    converged ones. The four parameters are strongly correlated (a steeper ``k`` trades
    against ``S`` and ``s0``), so read the intervals jointly, not one by one.

    Examples
    --------
    >>> from meekbook.empirical.datasets import load_base_models
    >>> res = sigmoid_fit_on_models(load_base_models(), n_bootstrap=20, seed=1)
    >>> res.n >= 30, res.params.k < 0, res.n_converged + res.n_failed
    (True, True, 20)
    """
    if not isinstance(df, pd.DataFrame):
        raise ParameterTypeError(f"df must be a pandas DataFrame; got {type(df).__name__}")
    missing = [c for c in ("params", "tokens", "mmlu") if c not in df.columns]
    if missing:
        raise ValueError(
            f"df must have columns 'params', 'tokens' and 'mmlu'; missing {missing} "
            f"(columns present: {list(df.columns)})"
        )
    n_bootstrap = check_int("n_bootstrap", n_bootstrap, 0, MAX_BOOTSTRAP)
    seed = check_int("seed", seed, 0)
    confidence = float(check_open_interval("confidence", as_scalar("confidence", confidence), 0.0, 1.0))
    if progress is not None:
        progress = check_bool("progress", progress)
    if not isinstance(law, ScalingLaw):
        raise ParameterTypeError(f"law must be a ScalingLaw; got {type(law).__name__}")
    if p0 is not None and not isinstance(p0, SigmoidParams):
        raise ParameterTypeError(f"p0 must be a SigmoidParams or None; got {type(p0).__name__}")

    labels = _labels(df)
    lines = _lines(df)
    dropped: list[tuple[int | None, str, str]] = [tuple(d) for d in df.attrs.get("dropped", [])]
    cols = {}
    for c in ("params", "tokens", "mmlu"):
        try:
            cols[c] = pd.to_numeric(df[c], errors="raise").to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"column {c!r} must hold numbers") from None
    keep = np.ones(len(df), dtype=bool)
    for i in range(len(df)):
        for c in ("params", "tokens", "mmlu"):
            if not np.isfinite(cols[c][i]):
                dropped.append((lines[i], labels[i], f"missing {c!r}"))
                keep[i] = False
                break
    for c in ("params", "tokens"):
        bad = np.flatnonzero(keep & ~(cols[c] > 0))
        if bad.size:
            i = int(bad[0])
            raise ValueError(f"{c} must be > 0; got {cols[c][i]!r} for model {labels[i]!r}")
    bad = np.flatnonzero(keep & ((cols["mmlu"] < 0) | (cols["mmlu"] > 1)))
    if bad.size:
        i = int(bad[0])
        raise ValueError(
            f"mmlu must be a fraction in [0, 1]; got {cols['mmlu'][i]!r} for model {labels[i]!r} "
            "(divide percentages by 100)"
        )
    n_params, n_tokens, score = (cols[c][keep] for c in ("params", "tokens", "mmlu"))
    names = [lab for lab, k in zip(labels, keep) if k]
    if n_params.size < 5:
        raise ValueError(f"the sigmoid fit needs at least 5 models with params, tokens and mmlu; got {n_params.size}")

    loss = np.asarray(chinchilla_loss(n_params, n_tokens, law=law), dtype=float)
    fit = _quiet_fit(loss, score, p0)

    rng = np.random.default_rng(int(seed))
    boot, failed = _bootstrap(loss, score, fit.params, rng, int(n_bootstrap), progress)
    alpha = (1.0 - float(confidence)) / 2.0
    if boot.shape[0] >= 2:
        lo, hi = np.quantile(boot, [alpha, 1.0 - alpha], axis=0)
        intervals = {p: (float(lo[j]), float(hi[j])) for j, p in enumerate(PARAM_NAMES)}
    else:
        intervals = {p: (math.nan, math.nan) for p in PARAM_NAMES}

    predicted = np.asarray(loss_to_score(loss, fit.params), dtype=float)
    models = pd.DataFrame(
        {
            "model": names,
            "params": n_params,
            "tokens": n_tokens,
            "mmlu": score,
            "loss": loss,
            "predicted": predicted,
            "residual": score - predicted,
        }
    )
    return ModelSigmoidFit(
        fit=fit,
        intervals=intervals,
        confidence=float(confidence),
        bootstrap_params=boot,
        n_bootstrap=int(n_bootstrap),
        n_failed=failed,
        seed=int(seed),
        models=models,
        dropped=tuple(dropped),
        law=law,
    )


_CHUNK = 500


def _bootstrap(
    loss: np.ndarray,
    score: np.ndarray,
    start: SigmoidParams,
    rng: np.random.Generator,
    n_bootstrap: int,
    progress: bool | None,
) -> tuple[np.ndarray, int]:
    """Fit ``n_bootstrap`` resamples of (loss, score) pairs; returns converged estimates, failures."""
    n = loss.size
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show and n_bootstrap:
        from tqdm import tqdm

        bar = tqdm(total=n_bootstrap, desc="bootstrap", unit="fit", leave=False, file=sys.stderr)
    p0 = np.array([start.S, start.x0, start.k, start.s0], dtype=float)
    estimates: list[np.ndarray] = []
    failed = 0
    try:
        for first in range(0, n_bootstrap, _CHUNK):
            size = min(_CHUNK, n_bootstrap - first)
            idx = rng.integers(0, n, size=(size, n))
            x, y = loss[idx], score[idx]
            distinct = np.array([np.unique(row).size for row in x])
            usable = distinct >= 5
            failed += int((~usable).sum())
            x, y = x[usable], y[usable]
            params, converged = _fit_batch(x, y, p0)
            for i in np.flatnonzero(~converged):  # rare: refit one by one
                try:
                    res = _quiet_fit(x[i], y[i], start)
                except ValueError:
                    continue
                params[i] = [res.params.S, res.params.x0, res.params.k, res.params.s0]
                converged[i] = bool(np.all(np.isfinite(params[i])))
            failed += int((~converged).sum())
            estimates.append(params[converged])
            if bar is not None:
                bar.update(size)
    finally:
        if bar is not None:
            bar.close()
    boot = np.concatenate(estimates) if estimates else np.empty((0, 4))
    return boot.reshape(-1, 4), failed


def _fit_batch(
    x: np.ndarray, y: np.ndarray, p0: np.ndarray, max_iter: int = 200
) -> tuple[np.ndarray, np.ndarray]:
    """Levenberg-Marquardt for ``y = S expit(k (x - x0)) + s0``, one problem per row of ``x``.

    Returns the estimates (rows of ``S, x0, k, s0``) and which rows converged (relative cost
    change below 1e-12 or a relative step below 1e-8).
    """
    from scipy.special import expit

    m = x.shape[0]
    params = np.tile(p0, (m, 1))
    lam = np.full(m, 1e-3)
    done = np.zeros(m, dtype=bool)
    if m == 0:
        return params, done

    def residuals(p: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        u = expit(p[:, 2:3] * (xs - p[:, 1:2]))
        return ys - (p[:, 0:1] * u + p[:, 3:4]), u

    with np.errstate(all="ignore"):
        r, u = residuals(params, x, y)
        cost = np.sum(r * r, axis=1)
        for _ in range(max_iter):
            act = np.flatnonzero(~done)
            if act.size == 0:
                break
            p, xa, ra, ua = params[act], x[act], r[act], u[act]
            du = ua * (1.0 - ua)
            jac = np.stack(
                [ua, -p[:, 0:1] * p[:, 2:3] * du, p[:, 0:1] * du * (xa - p[:, 1:2]),
                 np.ones_like(ua)], axis=2,
            )
            jt = jac.transpose(0, 2, 1)
            a = jt @ jac
            g = (jt @ ra[:, :, None])[:, :, 0]
            diag = np.maximum(np.einsum("bii->bi", a), 1e-12)
            damped = a + (lam[act, None] * diag)[:, :, None] * np.eye(4)
            try:
                step = np.linalg.solve(damped, g[:, :, None])[:, :, 0]
            except np.linalg.LinAlgError:
                step = (np.linalg.pinv(damped) @ g[:, :, None])[:, :, 0]
            trial = p + step
            r_new, u_new = residuals(trial, xa, y[act])
            cost_new = np.sum(r_new * r_new, axis=1)
            better = np.isfinite(cost_new) & (cost_new <= cost[act])
            small = (np.abs(step) <= 1e-8 * (np.abs(p) + 1e-8)).all(axis=1)
            flat = (cost[act] - cost_new) <= 1e-12 * np.maximum(cost[act], 1e-300)
            done[act] = (better & (small | flat)) | (~better & small)
            params[act] = np.where(better[:, None], trial, p)
            r[act] = np.where(better[:, None], r_new, ra)
            u[act] = np.where(better[:, None], u_new, ua)
            cost[act] = np.where(better, cost_new, cost[act])
            lam[act] = np.where(better, np.maximum(lam[act] / 3.0, 1e-12), np.minimum(lam[act] * 4.0, 1e12))
    done &= np.isfinite(params).all(axis=1)
    return params, done
