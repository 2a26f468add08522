"""Benchmark-score gap over time: the loss gap carried through the sigmoid mapping.

Derived in the chapter :ref:`benchmark-scores` (``notebooks/benchmark_scores.md``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .gap import loss_trajectory
from .inflection import NumericPeak
from .params import PaperParams, resolve_params
from .sigmoid import loss_to_score
from ..validation import as_scalar, check_positive, finite_output

__all__ = ["score_trajectory", "benchmark_gap", "benchmark_peak"]


@finite_output("t")
def score_trajectory(
    t: ArrayLike,
    params: PaperParams | None = None,
    actor: str = "sota",
    steps: float = 1,
    schedule: object | None = None,
) -> np.ndarray | float:
    """Benchmark score (fraction) of an actor's model over time, ``score(L(C(t)))**steps``.

    Examples
    --------
    >>> round(score_trajectory(0.0), 4)
    0.25
    """
    params = resolve_params(params)
    loss = loss_trajectory(t, params, actor, schedule)
    return loss_to_score(loss, params.sigmoid, steps)


@finite_output("t")
def benchmark_gap(
    t: ArrayLike, params: PaperParams | None = None, steps: float = 1
) -> np.ndarray | float:
    """Benchmark gap, frontier minus meek, in percentage points, for a task of ``steps`` steps.

    Examples
    --------
    >>> round(benchmark_gap(4.08), 1)
    46.4
    """
    params = resolve_params(params)
    gap = 100.0 * (
        np.asarray(score_trajectory(t, params, "sota", steps))
        - np.asarray(score_trajectory(t, params, "meek", steps))
    )
    return gap if gap.ndim else float(gap)


def benchmark_peak(
    params: PaperParams | None = None, steps: float = 1, t_max: float = 20.0, resolution: float = 1e-3
) -> NumericPeak:
    """Peak of :func:`benchmark_gap` on ``[0, t_max]`` (grid search at ``resolution`` years).

    Examples
    --------
    >>> pk = benchmark_peak(steps=10)
    >>> round(pk.gap, 1), round(pk.time, 2)
    (9.6, 5.75)
    """
    t_max = float(check_positive("t_max", as_scalar("t_max", t_max)))
    resolution = float(check_positive("resolution", as_scalar("resolution", resolution)))
    points = t_max / resolution
    if not points <= 10_000_000:
        raise ValueError(
            f"t_max / resolution must be <= 1e7 grid points; got t_max={t_max:g}, resolution={resolution:g}"
        )
    steps = float(check_positive("steps", as_scalar("steps", steps)))
    t = np.linspace(0.0, t_max, int(round(points)) + 1)
    gap = np.asarray(benchmark_gap(t, params, steps))
    i = int(np.argmax(gap))
    return NumericPeak(float(t[i]), float(gap[i]))
