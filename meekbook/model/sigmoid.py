"""From loss to benchmark score: the sigmoid mapping and its fit.

Derived in the chapter :ref:`benchmark-scores` (``notebooks/benchmark_scores.md``).

A benchmark score (MMLU accuracy, a fraction) is modelled as a sigmoid of the loss ``L``::

    score(L) = S / (1 + exp(-k (L - x0))) + s0

with a floor ``s0`` (chance, 0.25 on 4-way multiple choice), a ceiling ``s0 + S`` and ``k < 0``
(lower loss, higher score). A task that needs ``p`` independent correct steps scores
``score**p``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import ArrayLike

from ..validation import check_at_least, check_finite, finite_output

__all__ = [
    "SigmoidParams",
    "SigmoidFit",
    "PAPER_SIGMOID_FIT",
    "PAPER_SIGMOID",
    "loss_to_score",
    "score_to_loss",
    "fit_sigmoid",
]


@dataclass(frozen=True)
class SigmoidParams:
    """Parameters of ``score(L) = S / (1 + exp(-k (L - x0))) + s0``.

    Parameters
    ----------
    S : float
        Height (ceiling minus floor), > 0 for a parameter set (any finite value for a
        standard-error record).
    x0 : float
        Loss at the midpoint.
    k : float
        Steepness; negative when lower loss means a higher score.
    s0 : float
        Floor (score at very high loss).
    """

    S: float
    x0: float
    k: float
    s0: float

    def __post_init__(self) -> None:
        for f in fields(self):
            check_finite(f"sigmoid {f.name}", getattr(self, f.name))

    @classmethod
    def unchecked(cls, S: float, x0: float, k: float, s0: float) -> "SigmoidParams":
        """Build a record without validation (for standard errors, which may be infinite)."""
        record = cls.__new__(cls)
        for name, value in zip(("S", "x0", "k", "s0"), (S, x0, k, s0)):
            object.__setattr__(record, name, float(value))
        return record

    def as_dict(self) -> dict[str, float]:
        """The four values as a plain dict."""
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}

    @property
    def ceiling(self) -> float:
        """Highest reachable score ``s0 + S`` (for S > 0)."""
        return self.s0 + self.S


#: The paper's published least-squares fit (section 3.1, Figure 2).
PAPER_SIGMOID_FIT = SigmoidParams(S=0.5567, x0=1.9739, k=-23.775, s0=0.2540)

#: The rounded values the paper's time-series figures (Figure 3) were drawn with.
PAPER_SIGMOID = SigmoidParams(S=0.55, x0=1.97, k=-23.77, s0=0.25)


def _check_sigmoid(sigmoid: SigmoidParams) -> None:
    if not isinstance(sigmoid, SigmoidParams):
        raise ValueError(f"sigmoid must be a SigmoidParams; got {type(sigmoid).__name__}")
    if not np.all(np.asarray(sigmoid.S) > 0):  # S may be an array (one value per draw)
        raise ValueError(f"sigmoid S must be a finite number > 0; got {sigmoid.S!r}")


@finite_output("loss")
def loss_to_score(
    loss: ArrayLike, sigmoid: SigmoidParams = PAPER_SIGMOID, steps: float = 1
) -> np.ndarray | float:
    """Benchmark score predicted for a model of loss ``loss``.

    Parameters
    ----------
    loss : array_like
        Loss in nats/token (finite).
    sigmoid : SigmoidParams, optional
        Mapping parameters; default the paper's rounded values :data:`PAPER_SIGMOID`.
    steps : float, optional
        Number ``p`` of independent correct answers the task needs (>= 1); the score is
        ``score**p``.

    Returns
    -------
    float or ndarray
        Score as a fraction.

    Examples
    --------
    >>> round(loss_to_score(1.97), 3)     # the midpoint: s0 + S/2
    0.525
    >>> round(loss_to_score(1.8, steps=2), 3)
    0.625
    """
    x = check_finite("loss", loss)
    _check_sigmoid(sigmoid)
    p = float(check_at_least("steps", steps, 1.0))
    from scipy.special import expit   # here, not at the top: a slow import the model does not always need

    score = sigmoid.S * expit(sigmoid.k * (x - sigmoid.x0)) + sigmoid.s0
    if p != 1.0:
        score = score**p
    return score if np.ndim(score) else float(score)


def score_to_loss(
    score: ArrayLike, sigmoid: SigmoidParams = PAPER_SIGMOID, steps: float = 1
) -> np.ndarray | float:
    """Inverse of :func:`loss_to_score`: the loss at which the sigmoid reaches ``score``.

    Raises
    ------
    ValueError
        If a score lies outside the open range the sigmoid covers.

    Examples
    --------
    >>> round(score_to_loss(loss_to_score(1.9)), 6)
    1.9
    """
    _check_sigmoid(sigmoid)
    p = float(check_at_least("steps", steps, 1.0))
    s = check_finite("score", score)
    lo, hi = sigmoid.s0**p if sigmoid.s0 > 0 else 0.0, sigmoid.ceiling**p
    base = s ** (1.0 / p) if p != 1.0 else s
    bad = ~((base > sigmoid.s0) & (base < sigmoid.ceiling))
    if np.any(bad):
        raise ValueError(
            f"score must lie in the open interval ({lo:.4g}, {hi:.4g}) that the sigmoid covers; "
            f"got {np.asarray(s)[bad].ravel()[0]!r}"
        )
    out = sigmoid.x0 - np.log(sigmoid.S / (base - sigmoid.s0) - 1.0) / sigmoid.k
    return out if np.ndim(out) else float(out)


def _sigmoid_model(x: np.ndarray, S: float, x0: float, k: float, s0: float) -> np.ndarray:
    from scipy.special import expit

    return S * expit(k * (x - x0)) + s0


@dataclass(frozen=True)
class SigmoidFit:
    """Result of :func:`fit_sigmoid`.

    Attributes
    ----------
    params : SigmoidParams
        Least-squares estimates.
    stderr : SigmoidParams
        Standard errors (square roots of the covariance diagonal).
    covariance : ndarray
        4x4 covariance of (S, x0, k, s0).
    r2 : float
        Coefficient of determination.
    rmse : float
        Root-mean-square residual (score units).
    n : int
        Number of points fitted.
    """

    params: SigmoidParams
    stderr: SigmoidParams
    covariance: np.ndarray
    r2: float
    rmse: float
    n: int

    def predict(self, loss: ArrayLike) -> np.ndarray | float:
        """Fitted score at ``loss``."""
        return loss_to_score(loss, self.params)


def fit_sigmoid(
    loss: ArrayLike, score: ArrayLike, p0: SigmoidParams | None = None
) -> SigmoidFit:
    """Least-squares fit of ``score = S / (1 + exp(-k (L - x0))) + s0``.

    Parameters
    ----------
    loss, score : array_like
        Paired 1-D data (at least 5 finite points; scores as fractions).
    p0 : SigmoidParams, optional
        Starting values; default derived from the data (floor, height, middle, k = -20).

    Returns
    -------
    SigmoidFit

    Raises
    ------
    ValueError
        Mismatched lengths, fewer than 5 points, non-finite values, or a fit that does not
        converge.

    Examples
    --------
    >>> x = np.linspace(1.7, 2.4, 30)
    >>> fit = fit_sigmoid(x, loss_to_score(x, PAPER_SIGMOID_FIT))
    >>> round(fit.params.k, 2), round(fit.r2, 6)
    (-23.77, 1.0)
    """
    x = np.ravel(check_finite("loss", loss))
    y = np.ravel(check_finite("score", score))
    if x.shape != y.shape:
        raise ValueError(
            f"loss and score must have the same length; got {x.size} losses and {y.size} scores"
        )
    if x.size < 5:
        raise ValueError(f"fit_sigmoid needs at least 5 points (4 parameters); got {x.size}")
    if np.ptp(x) == 0:
        raise ValueError("loss must take at least two distinct values to fit a sigmoid")
    if p0 is None:
        floor, top = float(np.min(y)), float(np.max(y))
        p0 = SigmoidParams(S=max(top - floor, 1e-3), x0=float(np.median(x)), k=-20.0, s0=floor)
    from scipy.optimize import curve_fit   # here, not at the top: a slow import the model does not always need

    try:
        popt, pcov = curve_fit(
            _sigmoid_model, x, y, p0=[p0.S, p0.x0, p0.k, p0.s0], maxfev=20000
        )
    except (RuntimeError, ValueError) as err:
        raise ValueError(f"sigmoid fit did not converge: {err}") from None
    residuals = y - _sigmoid_model(x, *popt)
    ss_res = float(np.sum(residuals**2))
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - ss_res / ss_tot if ss_tot > 0 else float("nan")
    diag = np.diag(pcov)
    se = np.sqrt(np.where(np.isfinite(diag) & (diag >= 0), diag, np.inf))
    stderr = SigmoidParams.unchecked(*se)
    return SigmoidFit(
        params=SigmoidParams(*map(float, popt)),
        stderr=stderr,
        covariance=pcov,
        r2=r2,
        rmse=float(np.sqrt(ss_res / x.size)),
        n=int(x.size),
    )
