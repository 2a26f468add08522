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
from scipy.optimize import OptimizeWarning, least_squares
from scipy.special import expit

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
    Each resample is fitted by :func:`scipy.optimize.least_squares` (Levenberg-Marquardt, as
    :func:`scipy.optimize.curve_fit`, with the analytic Jacobian) started from the full fit. A
    thousand resamples of the packaged table take about half a second
    (``benchmarks/sigmoid_bootstrap_bench.py``).

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
    n_bootstrap, seed, confidence, progress = _check_arguments(
        df, n_bootstrap, seed, confidence, progress, law, p0
    )
    usable = _usable_models(df)
    loss = np.asarray(chinchilla_loss(usable.params, usable.tokens, law=law), dtype=float)
    distinct = len(np.unique(np.column_stack([loss, np.asarray(usable.score, dtype=float)]), axis=0))
    if distinct < 5:  # duplicate rows: the 4-parameter fit would be underdetermined, not an answer
        raise ValueError(f"the fit needs at least 5 distinct models (params, tokens, mmlu) for its 4 "
                         f"parameters; got {distinct} distinct among {len(loss)} rows (duplicates?)")
    fit = _quiet_fit(loss, usable.score, p0)
    rng = np.random.default_rng(seed)
    boot, failed = _bootstrap(loss, usable.score, fit.params, rng, n_bootstrap, progress)
    return ModelSigmoidFit(
        fit=fit,
        intervals=_percentile_intervals(boot, confidence),
        confidence=confidence,
        bootstrap_params=boot,
        n_bootstrap=n_bootstrap,
        n_failed=failed,
        seed=seed,
        models=_models_table(usable, loss, fit.params),
        dropped=usable.dropped,
        law=law,
    )


def _check_arguments(
    df: Any,
    n_bootstrap: Any,
    seed: Any,
    confidence: Any,
    progress: Any,
    law: Any,
    p0: Any,
) -> tuple[int, int, float, bool | None]:
    """Validated ``n_bootstrap, seed, confidence, progress``; raises on a bad ``df``, ``law`` or ``p0``."""
    if not isinstance(df, pd.DataFrame):
        raise ParameterTypeError(f"df must be a pandas DataFrame; got {type(df).__name__}")
    missing = [c for c in _COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(
            f"df must have columns 'params', 'tokens' and 'mmlu'; missing {missing} "
            f"(columns present: {list(df.columns)})"
        )
    n_bootstrap = int(check_int("n_bootstrap", n_bootstrap, 0, MAX_BOOTSTRAP))
    seed = int(check_int("seed", seed, 0))
    confidence = float(check_open_interval("confidence", as_scalar("confidence", confidence), 0.0, 1.0))
    if progress is not None:
        progress = check_bool("progress", progress)
    if not isinstance(law, ScalingLaw):
        raise ParameterTypeError(f"law must be a ScalingLaw; got {type(law).__name__}")
    if p0 is not None and not isinstance(p0, SigmoidParams):
        raise ParameterTypeError(f"p0 must be a SigmoidParams or None; got {type(p0).__name__}")
    return n_bootstrap, seed, confidence, progress


#: Columns the fit needs.
_COLUMNS = ("params", "tokens", "mmlu")


@dataclass(frozen=True)
class _UsableModels:
    """The models with every value the fit needs, and the rows left out."""

    names: list[str]
    params: np.ndarray
    tokens: np.ndarray
    score: np.ndarray
    dropped: tuple[tuple[int | None, str, str], ...]


def _numeric_columns(df: pd.DataFrame) -> dict[str, np.ndarray]:
    """The needed columns as float arrays (NaN where missing); raises if a column holds text."""
    cols = {}
    for c in _COLUMNS:
        try:
            cols[c] = pd.to_numeric(df[c], errors="raise").to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"column {c!r} must hold numbers") from None
    return cols


def _usable_models(df: pd.DataFrame) -> _UsableModels:
    """Rows with finite params, tokens and mmlu (others dropped and reported); checks their ranges."""
    labels, lines = _labels(df), _lines(df)
    dropped: list[tuple[int | None, str, str]] = [tuple(d) for d in df.attrs.get("dropped", [])]
    cols = _numeric_columns(df)
    keep = np.ones(len(df), dtype=bool)
    for i in range(len(df)):
        missing = next((c for c in _COLUMNS if not np.isfinite(cols[c][i])), None)
        if missing is not None:
            dropped.append((lines[i], labels[i], f"missing {missing!r}"))
            keep[i] = False
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
    if keep.sum() < 5:
        raise ValueError(
            f"the sigmoid fit needs at least 5 models with params, tokens and mmlu; got {int(keep.sum())}"
        )
    return _UsableModels(
        names=[lab for lab, k in zip(labels, keep) if k],
        params=cols["params"][keep], tokens=cols["tokens"][keep], score=cols["mmlu"][keep],
        dropped=tuple(dropped),
    )


def _percentile_intervals(boot: np.ndarray, confidence: float) -> dict[str, tuple[float, float]]:
    """Percentile interval of each parameter over the converged resamples (NaN if fewer than 2)."""
    if boot.shape[0] < 2:
        return {p: (math.nan, math.nan) for p in PARAM_NAMES}
    alpha = (1.0 - confidence) / 2.0
    lo, hi = np.quantile(boot, [alpha, 1.0 - alpha], axis=0)
    return {p: (float(lo[j]), float(hi[j])) for j, p in enumerate(PARAM_NAMES)}


def _models_table(usable: _UsableModels, loss: np.ndarray, params: SigmoidParams) -> pd.DataFrame:
    """One row per fitted model: its data, predicted loss, fitted score and residual."""
    predicted = np.asarray(loss_to_score(loss, params), dtype=float)
    return pd.DataFrame(
        {
            "model": usable.names,
            "params": usable.params,
            "tokens": usable.tokens,
            "mmlu": usable.score,
            "loss": loss,
            "predicted": predicted,
            "residual": usable.score - predicted,
        }
    )


_CHUNK = 500  # resamples drawn at a time (progress-bar step)


def _bootstrap(
    loss: np.ndarray,
    score: np.ndarray,
    start: SigmoidParams,
    rng: np.random.Generator,
    n_bootstrap: int,
    progress: bool | None,
) -> tuple[np.ndarray, int]:
    """Fit ``n_bootstrap`` resamples of (loss, score) pairs; returns converged estimates, failures.

    Resamples are drawn ``_CHUNK`` at a time (``rng.integers(0, n, (size, n))``) and each is
    fitted from the full fit's estimates by :func:`_fit_resample`.
    """
    n = loss.size
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show and n_bootstrap:
        from tqdm import tqdm

        bar = tqdm(total=n_bootstrap, desc="bootstrap", unit="fit", leave=False, file=sys.stderr)
    p0 = np.array([start.S, start.x0, start.k, start.s0], dtype=float)
    estimates: list[np.ndarray] = []
    try:
        for first in range(0, n_bootstrap, _CHUNK):
            size = min(_CHUNK, n_bootstrap - first)
            for row in rng.integers(0, n, size=(size, n)):
                estimate = _fit_resample(loss[row], score[row], p0)
                if estimate is not None:
                    estimates.append(estimate)
            if bar is not None:
                bar.update(size)
    finally:
        if bar is not None:
            bar.close()
    boot = np.array(estimates, dtype=float).reshape(-1, 4)
    return boot, n_bootstrap - boot.shape[0]


def _sigmoid_residuals(p: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Residuals ``S expit(k (x - x0)) + s0 - y`` of the parameters ``p = (S, x0, k, s0)``."""
    return p[0] * expit(p[2] * (x - p[1])) + p[3] - y


def _sigmoid_jacobian(p: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Jacobian of :func:`_sigmoid_residuals` with respect to ``(S, x0, k, s0)``, shape ``(n, 4)``."""
    u = expit(p[2] * (x - p[1]))
    du = u * (1.0 - u)
    return np.column_stack([u, -p[0] * p[2] * du, p[0] * du * (x - p[1]), np.ones_like(x)])


def _fit_resample(x: np.ndarray, y: np.ndarray, p0: np.ndarray) -> np.ndarray | None:
    """Least-squares sigmoid fit of one resample from ``p0`` (:func:`scipy.optimize.least_squares`,
    Levenberg-Marquardt with the analytic Jacobian, the method :func:`scipy.optimize.curve_fit`
    uses); ``None`` when the resample has fewer than five distinct losses or does not converge."""
    if np.unique(x).size < 5:
        return None
    with np.errstate(all="ignore"):
        res = least_squares(
            _sigmoid_residuals, p0, jac=_sigmoid_jacobian, args=(x, y), method="lm",
            xtol=1e-10, ftol=1e-12, gtol=1e-12, max_nfev=_MAX_EVALUATIONS,
        )
    return res.x if res.success and np.all(np.isfinite(res.x)) else None


_MAX_EVALUATIONS = 20_000  # per resample, as in fit_sigmoid's curve_fit call
