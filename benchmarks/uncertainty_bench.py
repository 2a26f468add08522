"""Performance of :mod:`meekbook.uncertainty` (figures for the notes; nothing here asserts a time).

Usage::

    .venv/bin/python benchmarks/uncertainty_bench.py             # Monte Carlo + Sobol (~30 s)
    .venv/bin/python benchmarks/uncertainty_bench.py --chapter   # + execute the chapter

Targets (issue 11): 1e6 joint draws through t* and ΔL(t*) under 1 s; the full report (all
outputs, 1e5 draws, Sobol with >= 1e4 base samples) under 10 s; the chapter under 15 s.
Each time is the best of a few rounds, as wall-clock and as this process's CPU time: the
machine may be shared, so the load average is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from meekbook import uncertainty as unc

ROOT = Path(__file__).resolve().parents[1]


def timed(func, repeat: int = 3) -> tuple[float, float]:
    """Best (wall, cpu) seconds over ``repeat`` calls."""
    best_wall, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        func()
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_wall, best_cpu


def full_report() -> unc.UncertaintyResult:
    """All outputs for 1e5 draws plus Sobol indices with 2**14 = 16384 base samples."""
    result = unc.monte_carlo(draws=100_000, seed=0)
    result.sobol = unc.model_sobol(base_samples=2**14, seed=0)
    return result


def chapter_seconds() -> tuple[float, float]:
    """Execute notebooks/uncertainty.md in a fresh kernel (as the book build does).

    Returns (wall seconds, CPU seconds of the kernel process): a last cell appended here reads
    the kernel's own ``resource.getrusage``, which does not depend on the machine's load.
    """
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    nb = jupytext.read(ROOT / "notebooks" / "uncertainty.md")
    nb.cells.append(nbformat.v4.new_code_cell(
        "import resource\n_r = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(_r.ru_utime + _r.ru_stime)"))
    w0 = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    wall = time.perf_counter() - w0
    cpu = float(nb.cells[-1].outputs[0]["text"])
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapter", action="store_true", help="also time the chapter")
    args = parser.parse_args()
    results: dict[str, tuple[float, float]] = {}
    load_before = os.getloadavg()

    w0 = time.perf_counter()
    unc.DEFAULT_PRIORS["sigmoid"].samples  # the bootstrap, run once and cached
    results["sigmoid bootstrap, 200 resamples (cold, once per process)"] = (time.perf_counter() - w0, float("nan"))
    results["1e6 joint draws -> t*, ΔL(t*)"] = timed(
        lambda: unc.monte_carlo(draws=1_000_000, seed=0, outputs=("t_star", "peak_gap")))
    results["1e5 draws, all outputs"] = timed(lambda: unc.monte_carlo(draws=100_000, seed=0), repeat=2)
    results["Sobol, 2**14 base samples, 6 outputs"] = timed(
        lambda: unc.model_sobol(base_samples=2**14, seed=0), repeat=2)
    results["full report (1e5 draws + Sobol 2**14)"] = timed(full_report, repeat=2)
    if args.chapter:
        results["chapter notebooks/uncertainty.md executed"] = chapter_seconds()

    load_after = os.getloadavg()
    print(f"{'benchmark':<58} {'wall s':>8} {'cpu s':>8}")
    for name, (wall, cpu) in results.items():
        print(f"{name:<58} {wall:>8.3f} {cpu:>8.3f}")
    print(f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f} "
          f"(1-min) on {os.cpu_count()} CPUs")
    out = ROOT / "_build" / "uncertainty_bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"results": {k: {"wall_s": w, "cpu_s": c if c == c else None}
                                           for k, (w, c) in results.items()},
                               "load_average": [load_before[0], load_after[0]],
                               "cpus": os.cpu_count()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
