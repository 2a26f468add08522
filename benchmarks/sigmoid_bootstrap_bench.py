"""Time of the sigmoid-fit bootstrap (figures for the notes; nothing here asserts a time).

Usage::

    .venv/bin/python benchmarks/sigmoid_bootstrap_bench.py [--resamples 1000] [--rounds 5]

Fits ``--resamples`` bootstrap resamples of the packaged base-model table
(:func:`meekbook.empirical.sigmoid_fit.sigmoid_fit_on_models`, seed 0) and prints the median
wall-clock time over ``--rounds`` rounds. Target: 1,000 resamples in at most 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import time

from meekbook.empirical.datasets import load_base_models
from meekbook.empirical.sigmoid_fit import sigmoid_fit_on_models


def median_seconds(resamples: int, rounds: int) -> tuple[float, list[float]]:
    """Median and all wall-clock times of ``rounds`` bootstraps of ``resamples`` resamples."""
    table = load_base_models()
    sigmoid_fit_on_models(table, n_bootstrap=10, seed=0, progress=False)  # warm-up (imports)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        sigmoid_fit_on_models(table, n_bootstrap=resamples, seed=0, progress=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    median, times = median_seconds(args.resamples, args.rounds)
    rounds = ", ".join(f"{t:.3f}" for t in times)
    print(f"sigmoid bootstrap, {args.resamples} resamples: median {median:.3f} s over {args.rounds} rounds ({rounds})")


if __name__ == "__main__":
    main()
