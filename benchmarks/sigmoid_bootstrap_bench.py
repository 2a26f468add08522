"""Time of the sigmoid-fit bootstrap (figures for the notes; nothing here asserts a time).

Usage::

    .venv/bin/python benchmarks/sigmoid_bootstrap_bench.py [--resamples 1000] [--rounds 5]

Fits ``--resamples`` bootstrap resamples of the packaged base-model table
(:func:`meekbook.empirical.sigmoid_fit.sigmoid_fit_on_models`, seed 0) and prints the median
wall-clock and CPU time (this process) over ``--rounds`` rounds, with the load average: the
machine may be shared, and then the CPU time is the fairer figure. Target: 1,000 resamples in
at most 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from meekbook.empirical.datasets import load_base_models
from meekbook.empirical.sigmoid_fit import sigmoid_fit_on_models


def median_seconds(resamples: int, rounds: int) -> tuple[float, float, list[float]]:
    """Median wall-clock and CPU seconds, and all wall-clock times, of ``rounds`` bootstraps."""
    table = load_base_models()
    sigmoid_fit_on_models(table, n_bootstrap=10, seed=0, progress=False)  # warm-up (imports)
    walls, cpus = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        sigmoid_fit_on_models(table, n_bootstrap=resamples, seed=0, progress=False)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return statistics.median(walls), statistics.median(cpus), walls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    wall, cpu, walls = median_seconds(args.resamples, args.rounds)
    rounds = ", ".join(f"{t:.3f}" for t in walls)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"sigmoid bootstrap, {args.resamples} resamples, median of {args.rounds}: "
          f"{wall:.3f} s wall ({rounds}), {cpu:.3f} s CPU; load average {load} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
