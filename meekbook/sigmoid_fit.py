"""Sigmoid fit of MMLU on the Chinchilla-predicted loss of real base models.

The paper's first empirical check (chapter :ref:`benchmark-scores`, its Figure 2). Each base
model's loss is predicted from its parameter count and training tokens with the Chinchilla law
(:func:`meekbook.scaling.chinchilla_loss`), and 5-shot MMLU is fitted as a sigmoid of that loss
(:func:`meekbook.sigmoid.fit_sigmoid`). :func:`sigmoid_fit_on_models` adds a seeded bootstrap
over models for interval estimates. The default data are the packaged base-model table
(:func:`meekbook.datasets.load_base_models`); the plot is
:func:`meekbook.figures.plot_sigmoid_fit`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import OptimizeWarning

from .scaling import HOFFMANN_2022, ScalingLaw, chinchilla_loss
from .sigmoid import PAPER_SIGMOID_FIT, SigmoidFit, SigmoidParams, fit_sigmoid, loss_to_score
from .tables import row_labels as _labels
from .tables import row_lines as _lines
from .validation import finite_or_none as _jsonable

__all__ = [
    "PARAM_NAMES",
    "ModelSigmoidFit",
    "sigmoid_fit_on_models",
]

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
) -> ModelSigmoidFit:
    """Fit MMLU as a sigmoid of each model's Chinchilla-predicted loss, with a bootstrap.

    Parameters
    ----------
    df : pandas.DataFrame
        Columns ``params`` (parameter count), ``tokens`` (training tokens) and ``mmlu``
        (fraction in [0, 1]); ``model`` is used for labels when present. Typically
        :func:`meekbook.datasets.load_base_models`. Rows with a missing value are dropped and
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
    Resampling models (not residuals) keeps each model's (loss, score) pair together, so the
    intervals reflect which models happen to be in the table. A resample whose fit does not
    converge is skipped and counted in ``n_failed``; the percentile intervals rest on the
    converged ones. The four parameters are strongly correlated (a steeper ``k`` trades
    against ``S`` and ``s0``), so read the intervals jointly, not one by one.

    Examples
    --------
    >>> from meekbook.datasets import load_base_models
    >>> res = sigmoid_fit_on_models(load_base_models(), n_bootstrap=20, seed=1)
    >>> res.n >= 30, res.params.k < 0, res.n_converged + res.n_failed
    (True, True, 20)
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"df must be a pandas DataFrame; got {type(df).__name__}")
    missing = [c for c in ("params", "tokens", "mmlu") if c not in df.columns]
    if missing:
        raise ValueError(
            f"df must have columns 'params', 'tokens' and 'mmlu'; missing {missing} "
            f"(columns present: {list(df.columns)})"
        )
    if isinstance(n_bootstrap, bool) or not isinstance(n_bootstrap, (int, np.integer)) or n_bootstrap < 0:
        raise ValueError(f"n_bootstrap must be an integer >= 0; got {n_bootstrap!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0; got {seed!r}")
    if not (isinstance(confidence, (int, float)) and 0 < confidence < 1):
        raise ValueError(f"confidence must lie in the open interval (0, 1); got {confidence!r}")

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
    samples: list[list[float]] = []
    failed = 0
    n = loss.size
    for _ in range(int(n_bootstrap)):
        idx = rng.integers(0, n, size=n)
        x, y = loss[idx], score[idx]
        if np.unique(x).size < 5:
            failed += 1
            continue
        try:
            res = _quiet_fit(x, y, fit.params)
        except ValueError:
            failed += 1
            continue
        samples.append([res.params.S, res.params.x0, res.params.k, res.params.s0])
    boot = np.asarray(samples, dtype=float).reshape(-1, 4)
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
