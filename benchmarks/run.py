"""Performance figures for the notes (not tests: nothing here asserts a time).

Usage::

    .venv/bin/python benchmarks/run.py            # package benchmarks (a few seconds)
    .venv/bin/python benchmarks/run.py --book     # + clean and cached book builds (minutes)

Prints a table and writes ``_build/benchmarks.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import timeit
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import meekbook as mb  # noqa: E402
from meekbook.plots.figures import PAPER_FIGURES  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def best_of(func, number: int, repeat: int = 7) -> float:
    """Best time per call (seconds) over ``repeat`` rounds of ``number`` calls."""
    return min(timeit.repeat(func, number=number, repeat=repeat)) / number


def bench_package() -> dict[str, float]:
    results: dict[str, float] = {}
    start = time.perf_counter()
    for func in PAPER_FIGURES.values():
        fig = func()
        fig.savefig(os.devnull, format="png")
        plt.close(fig)
    results["all paper figures drawn and rendered to PNG (s)"] = time.perf_counter() - start

    rng = np.random.default_rng(0)
    n = 1_000_000
    params = mb.PaperParams(g_hardware=rng.uniform(1.1, 2.0, n), g_algorithm=rng.uniform(1.5, 4.0, n),
                            g_investment=rng.uniform(1.5, 10.0, n))
    results["t* and ΔL(t*) for 1e6 parameter sets (s)"] = best_of(
        lambda: (mb.peak_time(params), mb.peak_gap(params)), number=1, repeat=3)

    t = np.linspace(0, 20, 1000)
    p = mb.PaperParams()
    results["one ΔL curve of 1,000 points (ms)"] = 1e3 * best_of(lambda: mb.loss_gap(t, p), number=200)

    results.update(bench_explorers())
    start = time.perf_counter()
    rows = mb.claims()
    results["full claims ledger incl. data refits (s)"] = time.perf_counter() - start
    results["claims passing"] = float(sum(r.passed for r in rows))
    return results


#: The chapters' explorer builders (meekbook.notebook.explorers), in the book's order.
EXPLORERS = ("scaling_law", "gap_equation", "inflection_time", "benchmark_scores", "distinguishability",
             "inference", "stagnation_robustness", "empirical_check", "caveats")


def control_values(control, n: int) -> list:
    """``n`` values spread over a control's range (options for a dropdown, both states of a box)."""
    if hasattr(control, "options"):
        return [o[1] if isinstance(o, tuple) else o for o in control.options] * (n // 2)
    if isinstance(control.value, bool):
        return [True, False] * (n // 2)
    low, high = control.min, control.max
    values = np.linspace(low + 0.1 * (high - low), high - 0.1 * (high - low), n)
    if hasattr(control, "base"):                       # FloatLogSlider: min/max are exponents
        values = control.base ** values
    if isinstance(control.value, int):
        values = np.unique(np.round(values).astype(int))
    return [v.item() if hasattr(v, "item") else v for v in values]


def bench_explorers(n: int = 25) -> dict[str, float]:
    """Each chapter's explorer: time from a control change to a new PNG, every control moved.

    Each control is dragged through ``n`` values from 10 % to 90 % of its range and put back
    to its default, one control after another; reported are the median and 90th percentile
    of the wall-clock time over all updates of a chapter, the median processor time (what the
    update costs without other processes competing for the cores), and the share of updates
    that needed a full redraw (axis limits changed).
    """
    from meekbook import explorers

    results: dict[str, float] = {}
    for name in EXPLORERS:
        box = getattr(explorers, name)()
        times, cpu, full = [], [], []
        for control in box.controls.values():
            default = control.value
            for value in control_values(control, n) + [default]:
                before = box.live.full_redraws
                control.value = value
                times.append(box.live.last_update_seconds)
                cpu.append(box.live.last_update_cpu_seconds)
                full.append(box.live.full_redraws > before)
        plt.close(box.live.fig)
        times_ms = 1e3 * np.array(times)
        results[f"explorer {name}: update median (ms)"] = float(np.median(times_ms))
        results[f"explorer {name}: update 90th percentile (ms)"] = float(np.percentile(times_ms, 90))
        results[f"explorer {name}: update median, processor time (ms)"] = 1e3 * float(np.median(cpu))
        results[f"explorer {name}: share of full redraws"] = float(np.mean(full))
    return results


def bench_book() -> dict[str, float]:
    """The README's build command, from scratch (``FRESH=1``) and then unchanged, in seconds.

    The figure is the command's own "book built in N s" (set-up check and the paper-figure
    export excluded), as quoted in the README.
    """
    import re

    results: dict[str, float] = {}
    for label, fresh in (("every page re-executed, FRESH=1 (s)", "1"),
                         ("unchanged rebuild, `bash scripts/build.sh` (s)", "0")):
        done = subprocess.run(["bash", "scripts/build.sh"], cwd=ROOT, check=True, text=True,
                              capture_output=True, env=dict(os.environ, FRESH=fresh))
        match = re.search(r"\[build\] book built in (\d+) s", done.stdout)
        results[label] = float(match.group(1)) if match else float("nan")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--book", action="store_true", help="also time a FRESH=1 and an unchanged book build")
    parser.add_argument("--explorers", action="store_true", help="only the explorer benchmark")
    args = parser.parse_args()
    results = bench_explorers() if args.explorers else bench_package()
    if args.book:
        results.update(bench_book())
    width = max(map(len, results))
    for key, value in results.items():
        print(f"{key:<{width}}  {value:10.3f}")
    out = ROOT / "_build" / "benchmarks.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
