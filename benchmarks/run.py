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
import shutil
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
from meekbook.figures import PAPER_FIGURES  # noqa: E402

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

    from meekbook.style import figure_style
    from meekbook.widgets import explorer, slider

    with figure_style():
        fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
        (line,) = ax.plot(t, mb.loss_gap(t, p))
        ax.set(xlabel="years", ylabel="ΔL")

    def update(g_i: float) -> None:
        line.set_ydata(mb.loss_gap(t, p.replace(g_investment=g_i)))

    box = explorer(fig, update, g_i=slider(3.57, 1.1, 20.0, 0.1, "g_i"))
    times = []
    for value in np.linspace(2.0, 15.0, 40):
        box.children[0].children[0].value = float(value)
        times.append(box.live.last_update_seconds)
    results["widget update via meekbook.widgets.explorer, median (ms)"] = 1e3 * float(np.median(times))
    results["widget update via meekbook.widgets.explorer, 90th percentile (ms)"] = 1e3 * float(np.percentile(times, 90))
    start = time.perf_counter()
    rows = mb.claims()
    results["full claims ledger incl. data refits (s)"] = time.perf_counter() - start
    results["claims passing"] = float(sum(r.passed for r in rows))
    return results


def bench_book() -> dict[str, float]:
    results: dict[str, float] = {}
    jb = str(ROOT / ".venv" / "bin" / "jupyter-book")
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    for label in ("clean build with execution (s)", "unchanged rebuild, cached (s)"):
        start = time.perf_counter()
        subprocess.run([jb, "build", ".", "-n", "-W", "--keep-going", "-q"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        results[label] = time.perf_counter() - start
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--book", action="store_true", help="also time clean and cached book builds")
    args = parser.parse_args()
    results = bench_package()
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
