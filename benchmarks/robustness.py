"""Speed and memory of the long-running and large-input paths (issue 9). Not a test: nothing
here asserts a time; the numbers go into the notes and the report.

Usage::

    .venv/bin/python benchmarks/robustness.py

Measures, each in a fresh subprocess (wall time and peak resident memory of that process):

1. ``fit-sigmoid`` on the packaged base-model table with the default 1,000 bootstrap resamples
   (target: under 5 s);
2. ``frontier-gap`` on a generated 200,000-row leaderboard (target: under 5 s within 500 MB);
3. ``fit-sigmoid`` on a file whose header has 2,000,000 columns (target: refused quickly,
   without gigabytes of memory).

Writes ``_build/benchmarks-robustness.json``. The hostile pass of issue 19 (counts of
tracebacks, silent answers, unclear errors, hangs and memory blow-ups over fixed probes) is
``benchmarks/hostile_probes.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs the command in-process and prints the peak RSS (kB on Linux) to stderr at the end.
RUNNER = """
import resource, sys
from meekbook.cli import main
code = main(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(f"PEAK_KB={usage.ru_maxrss}", file=sys.stderr)
print(f"CPU_S={usage.ru_utime + usage.ru_stime}", file=sys.stderr)
raise SystemExit(code)
"""


def run(args: list[str]) -> dict:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", RUNNER, *args], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    peak = next((int(line.split("=")[1]) for line in proc.stderr.splitlines() if line.startswith("PEAK_KB=")), 0)
    cpu = next((float(line.split("=")[1]) for line in proc.stderr.splitlines() if line.startswith("CPU_S=")), 0.0)
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    return {"exit": proc.returncode, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "peak_mb": round(peak / 1024, 1), "error": errors[0] if errors else None}


def baseline() -> dict:
    """Start-up cost alone (imports): the same runner on ``params``."""
    return run(["params"])


def main() -> None:
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        results["startup (params)"] = baseline()
        results["fit-sigmoid, packaged data, 1000 resamples"] = run(
            ["fit-sigmoid", str(ROOT / "meekbook" / "empirical" / "data" / "base_models.csv")])

        big = tmp_path / "board.csv"
        with big.open("w") as fh:
            fh.write("model,release_date,output_price,params_b,mmlu_pro,notes\n")
            for i in range(200_000):
                year, day = 2000 + (i // 365) % 60, i % 365
                month, dom = 1 + day // 31 % 12, 1 + day % 28
                fh.write(f"model-{i},{year}-{month:02d}-{dom:02d},{(i * 37) % 100 / 10:.2f},"
                         f"{(i % 70) + 1},{(i * 7919) % 1000 / 1000:.3f},row {i}\n")
        results["frontier-gap, 200,000 rows"] = run(
            ["frontier-gap", str(big), "--price-min", "0.5", "--price-max", "1", "--json"])
        results["frontier-gap, 200,000 rows"]["file_mb"] = round(big.stat().st_size / 2**20, 1)

        wide = tmp_path / "wide.csv"
        with wide.open("w") as fh:
            fh.write("model,params,tokens,mmlu," + ",".join(f"c{i}" for i in range(2_000_000)) + "\n")
            fh.write("a,1e9,1e10,0.3" + ",x" * 2_000_000 + "\n")
        results["fit-sigmoid, 2,000,000-column header"] = run(["fit-sigmoid", str(wide)])
        results["fit-sigmoid, 2,000,000-column header"]["file_mb"] = round(wide.stat().st_size / 2**20, 1)

    print("Times include Python start-up and imports (first row); CPU s is the process's own")
    print("user + system time, which does not grow when other programs load the machine.")
    print(f"{'case':<46}{'exit':>5}{'wall s':>9}{'CPU s':>8}{'peak MB':>9}")
    for name, r in results.items():
        print(f"{name:<46}{r['exit']:>5}{r['wall_s']:>9.2f}{r['cpu_s']:>8.2f}{r['peak_mb']:>9.1f}")
        if r["error"]:
            print(f"{'':<6}{r['error'][:110]}")
    out = ROOT / "_build" / "benchmarks-robustness.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
