"""Time of ``data refresh`` + mapping of a large Epoch table, and of ``verify --snapshot``
(figures for the notes; nothing here asserts a time).

Usage::

    .venv/bin/python benchmarks/refresh_bench.py [--rows 3000] [--rounds 5]

Generates an Epoch-format models table of ``--rows`` rows (the full published header of the test
fixture ``tests/fixtures/refresh/epoch_models_2024.csv``; the packaged base models with their
parameters and tokens, then synthetic models; a third of the rows give the dataset size in words), then times, as medians over
``--rounds`` rounds, with the load average (the machine may be shared, and then the CPU time is
the fairer figure):

* refresh + map: :func:`meekbook.empirical.snapshots.refresh` from the local file into a
  temporary folder, then :func:`meekbook.empirical.snapshot_data.models_input` (aliases, words
  converted, joined with the packaged base models). Target: at most 2 s.
* ``verify --snapshot``: :func:`meekbook.cli.refresh.verify_snapshot` on that snapshot (claims 8
  and 9 on the packaged data and on the snapshot). Target: at most 5 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import tempfile
import time
from pathlib import Path

from meekbook.cli.refresh import verify_snapshot
from meekbook.empirical.datasets import load_base_models
from meekbook.empirical.snapshot_data import models_input
from meekbook.empirical.snapshots import refresh

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "refresh" / "epoch_models_2024.csv"


def make_table(rows: int, path: Path) -> None:
    """Write an Epoch-format table of ``rows`` rows to ``path``."""
    header = next(csv.reader(io.StringIO(FIXTURE.read_text(encoding="utf-8-sig"))))
    col = {name: i for i, name in enumerate(header)}
    base = load_base_models()
    names = list(base["model"])
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for i in range(rows):
            row = [""] * len(header)
            row[col["System"]] = names[i] if i < len(names) else f"Synthetic model {i}"
            row[col["Organization"]] = "Example Lab"
            row[col["Publication date"]] = f"{2018 + i % 7}-0{1 + i % 9}-1{i % 10}"
            words = i % 3 == 0
            params, tokens = ((base["params"].iloc[i], base["tokens"].iloc[i]) if i < len(names)
                              else ((1 + i % 97) * 1e9, (1 + i % 89) * 1e11))
            row[col["Parameters"]] = f"{params:.2f}"
            row[col["Training dataset size (datapoints)"]] = f"{tokens * (0.75 if words else 1):.0f}"
            row[col["Dataset size notes"]] = "1 token ~ 0.75 words" if words else "tokens as reported"
            row[col["Abstract"]] = "A language model. " * 20
            writer.writerow(row)


def timed(fn) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "epoch.csv"
        make_table(args.rows, table)
        snaps = []

        def refresh_and_map() -> None:
            snap = refresh("epoch-all", str(table), Path(tmp) / "out")
            models_input(snap)
            snaps.append(snap)

        refresh_and_map()  # warm-up (imports)
        a = [timed(refresh_and_map) for _ in range(args.rounds)]
        b = [timed(lambda: verify_snapshot(str(snaps[-1].path), stdout=io.StringIO()))
             for _ in range(args.rounds)]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    for label, times in ((f"refresh + map, {args.rows} rows", a), ("verify --snapshot", b)):
        walls = ", ".join(f"{w:.3f}" for w, _ in times)
        print(f"{label}, median of {args.rounds}: {statistics.median(w for w, _ in times):.3f} s wall "
              f"({walls}), {statistics.median(c for _, c in times):.3f} s CPU")
    print(f"load average {load} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
