"""A hostile pass over the command line and the public API (issue 19): count the outcomes.

Not a test (nothing asserts); the counts go into the closing note. Every probe runs in its own
subprocess with a wall-clock timeout (a *hang*) and an address-space limit of 1 GB (a *memory*
blow-up). Each probe expects either a clean refusal (``error:`` line / ``ValueError`` or
``TypeError``) naming some words, or a clean finite result. Outcomes:

traceback
    a raw exception (a traceback on the command line, any other exception type in the API);
silent
    exit 0 / no exception where an error was due, or a non-finite number out;
unclear
    refused, but the message lacks the words that say what is wrong (or the command prefix);
hang, memory
    the timeout fired; the process ran out of its 1 GB or was killed by a signal.

Usage::

    .venv/bin/python benchmarks/hostile_probes.py [--python PATH] [--cwd DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

LIMIT = 1 << 30
TIMEOUT = 60.0


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def _run(cmd, cwd, env=None, shell=False):
    full_env = dict(os.environ, **(env or {}))
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT,
                           preexec_fn=_limit, env=full_env, shell=shell, errors="replace")
    except subprocess.TimeoutExpired:
        return None
    return p


def _classify(p, expect_error, words, ok_check=None):
    if p is None:
        return "hang"
    err = p.stderr or ""
    if "MemoryError" in err or "out of memory" in err or p.returncode < 0:
        return "memory"
    if "Traceback" in err:
        return "traceback"
    if expect_error:
        if p.returncode == 0:
            return "silent"
        lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
        text = " ".join(lines)
        if not lines or not all(any(w.lower() in text.lower() for w in alts) for alts in words):
            return "unclear"
        return "ok"
    if p.returncode != 0:
        return "unclear"
    if ok_check is not None and not ok_check(p):
        return "silent"
    return "ok"


API_RUNNER = r"""
import math, sys, numpy as np
import meekbook as mb
import meekbook.uncertainty, meekbook.model.governance, meekbook.web, meekbook.notebook.glue
from decimal import Decimal
from fractions import Fraction
try:
    out = eval(compile(sys.argv[1], "<probe>", "eval"))
except (ValueError, TypeError) as err:
    print("error: " + type(err).__name__ + ": " + str(err), file=sys.stderr); raise SystemExit(2)
except MemoryError:
    print("MemoryError", file=sys.stderr); raise SystemExit(3)
vals = []
def walk(x):
    if isinstance(x, (int, float, np.floating, np.integer)) and not isinstance(x, bool):
        vals.append(float(x))
    elif isinstance(x, np.ndarray) and x.dtype.kind in "fi":
        vals.extend(x.ravel().astype(float).tolist())
    elif isinstance(x, (tuple, list)):
        for y in x: walk(y)
walk(out)
if any(not math.isfinite(v) for v in vals):
    print("NONFINITE", file=sys.stderr); raise SystemExit(0)
print("OK")
"""


def api_probes():
    U = "mb.uncertainty"
    return [
        ("traceback", f"{U}.Normal(10**400, 1)", True, [["mean"]]),
        ("traceback", "mb.exercises.check('2.1', 10**400)", True, [["answer"]]),
        ("traceback", "mb.loss_gap(5.0, params='paper')", True, [["params"], ["PaperParams"]]),
        ("traceback", "mb.peak_time(params='paper')", True, [["params"]]),
        ("traceback", f"{U}.LogNormal.from_interval(1, 2, coverage=1e-320)", True, [["coverage"]]),
        ("traceback", "__import__('meekbook.web', fromlist=['x']).export_specs('/dev/null')", True, [["/dev/null"]]),
        ("memory", f"{U}.Normal(0, 1).sample(10**12)", True, [["n"]]),
        ("memory", f"{U}.monte_carlo(draws=10**12)", True, [["draws"]]),
        ("memory", f"{U}.model_sobol(base_samples=2**40)", True, [["base_samples"]]),
        ("memory", f"{U}.fan({U}.monte_carlo(draws=50, outputs=('t_star',)), np.zeros(10**7))", True, [["t"]]),
        ("memory", f"{U}.monte_carlo(draws=50, t_max=1e9)", True, [["t_max"]]),
        ("memory", f"{U}.Fixed(0.1).sample(10**12)", True, [["n"]]),
        ("silent", "mb.model.governance.calendar_year(1.7e308, start_year=1e308)", True, [["year", "t"]]),
        ("silent", "mb.model.governance.model_time(-1.7e308, start_year=1e308)", True, [["year"]]),
        ("silent", "__import__('meekbook.notebook.glue', fromlist=['x']).rounded(1.7e308, -400)", True, [["digits", "value"]]),
        ("silent", "mb.loss_gap(True)", True, [["t"]]),
        ("silent", "mb.loss_gap(b'1')", True, [["t"]]),
        ("silent", "mb.loss_gap(np.datetime64('2020-01-01'))", True, [["t"]]),
        ("silent", "mb.loss_gap(1+0j)", True, [["t"]]),
        ("silent", "mb.loss_gap(np.ma.masked_array([1.0, 2.0], mask=[0, 1]))", True, [["t"], ["mask"]]),
        ("silent", "mb.loss_gap('3')", True, [["t"]]),
        ("silent", f"{U}.Normal(True, 1)", True, [["mean"]]),
        ("silent", f"{U}.Normal('1', 1)", True, [["mean"]]),
        ("silent", "mb.PaperParams(g_hardware=np.ma.masked_array(1.4, mask=True))", True, [["g_hardware"]]),
        ("silent", "mb.exercises.check('2.1', True)", True, [["answer"]]),
        ("silent", "mb.exercises.check('2.1', '3.3')", True, [["answer"]]),
        ("ok", "mb.loss_gap(Decimal('2'))", False, []),
        ("ok", "mb.loss_gap(Fraction(1, 2))", False, []),
        ("ok", f"{U}.Normal(Decimal('0.15'), Fraction(1, 100)).sample(3)", False, []),
        ("ok", "mb.PaperParams(g_hardware=Fraction(7, 5)).g_hardware", False, []),
        ("ok", "bool(mb.exercises.check('2.1', Fraction(10, 3)))", False, []),
        ("ok", f"{U}.monte_carlo(draws=50, years=(Decimal(5),)).format_table()", False, []),
    ]


def _csv(path: Path, rows):
    path.write_text("\n".join(rows) + "\n")
    return str(path)


def cli_probes(tmp: Path, root: Path):
    fifo = tmp / "in.csv"
    os.mkfifo(fifo)
    dup = _csv(tmp / "dup.csv", ["model,params,tokens,mmlu"] + [
        f"m{i}{j},{p},{t},{s}" for i in range(4) for j, (p, t, s) in enumerate(
        [(1e9, 2e10, 0.3), (7e9, 1.4e11, 0.45), (7e10, 1.4e12, 0.65)])])
    flat = _csv(tmp / "flat.csv", ["model,release_date,output_price,params_b,mmlu_pro"] + [
        f"m{i},2024-0{1 + i % 9}-1{i % 9},0.5,7,{0.3 + i / 100:.2f}" for i in range(12)])
    board = _csv(tmp / "board.csv", ["model,release_date,output_price,params_b,mmlu_pro"] + [
        f"m{i},2024-0{1 + i % 9}-1{i % 9},{0.2 + i / 10:.2f},{7 + i},{0.3 + i / 100:.2f}" for i in range(30)])
    victim = tmp / "victim.txt"
    victim.write_text("precious\n")
    planted = tmp / "planted"
    planted.mkdir()
    (planted / "figure_1_loss_gap.png").symlink_to(victim)
    digits = "1" * 32000
    c = ["-m", "meekbook"]
    unc = c + ["uncertainty", "--draws", "20", "--sobol", "0"]
    P = [
        ("hang", c + ["fit-sigmoid", str(fifo)], [["regular file", "fifo"]]),
        ("hang", c + ["frontier-gap", str(fifo)], [["regular file", "fifo"]]),
        ("hang", c + ["fit-sigmoid", "/dev/zero"], [["regular file"]]),
        ("hang", unc + ["--prior", f"gamma={digits}x"], [["--prior"]]),
        ("hang", unc + ["--prior", f"gamma=normal({digits}x,1)"], [["--prior"]]),
        ("memory", c + ["uncertainty", "--draws", "10", "--sobol", str(2**40)], [["--sobol"]]),
        ("memory", unc + ["--prior", "sigmoid=bootstrap(1000000000)"], [["bootstrap"]]),
        ("memory", c + ["fit-sigmoid", "--bootstrap", str(10**12), dup], [["--bootstrap"]]),
        ("silent", c + ["fit-sigmoid", dup], [["distinct"]]),
        ("silent", c + ["frontier-gap", board, "--price-min", "0_5"], [["--price-min"]]),
        ("silent", c + ["frontier-gap", board, "--price-min", "\u0660.\u0665"], [["--price-min"]]),
        ("silent", c + ["fit-sigmoid", "--bootstrap", "1_0", dup], [["--bootstrap"]]),
        ("silent", c + ["uncertainty", "--draws", "1_000", "--sobol", "0"], [["--draws"]]),
        ("silent", unc + ["--seed", "\u0661"], [["--seed"]]),
        ("silent", unc + ["--years", "1.00000001", "1.00000002"], [["--years"]]),
        ("silent", unc + ["--prior", "gamma=-5"], [["gamma"]]),
        ("silent", unc + ["--prior", "g_hardware=uniform(-3,-1)"], [["g_hardware"]]),
        ("silent", c + ["uncertainty", "--draws", "10", "--draws", "20", "--sobol", "0"], [["twice"]]),
        ("silent", c + ["fit-sigmoid", "--json", "--json", dup], [["twice"]]),
        ("silent", unc + ["--prior", "gamma=0.1", "--prior", "gamma=0.2"], [["twice"]]),
        ("silent", c + ["frontier-gap", board, "--price-min", "1", "--price-min", "2"], [["twice"]]),
        ("silent", c + ["frontier-gap", flat, "--price-min", "0.1", "--price-max", "1", "--json"], None),
        ("unclear", c + ["frontier-gap", board, "--score", "shots"], [["shots"], ["mmlu_pro"]]),
        ("unclear", unc + ["--prior", "gamma=beta(1,2)"], [["error: uncertainty:"]]),
        ("unclear", c + ["figures", "/dev/null/x"], [["error: figures:"]]),
        ("unclear", c + ["uncertainty", "--draws", "0"], [["error: uncertainty:"]]),
        ("silent", c + ["figures", str(planted), "--format", "png"], [["symlink", "symbolic link"]]),
    ]
    return P, victim


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--cwd", default=str(Path(__file__).resolve().parents[1]))
    opts = ap.parse_args()
    counts: dict[str, int] = {}
    rows = []
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        for klass, expr, expect_error, words in api_probes():
            p = _run([opts.python, "-c", API_RUNNER, expr], opts.cwd)
            out = _classify(p, expect_error, words,
                            ok_check=lambda q: "NONFINITE" not in q.stderr)
            if expect_error and p is not None and p.returncode == 0 and "NONFINITE" in p.stderr:
                out = "silent"
            rows.append((klass, "api", expr[:70], out))
        probes, victim = cli_probes(tmp, Path(opts.cwd))
        for klass, argv, words in probes:
            p = _run([opts.python, *argv], opts.cwd)
            if words is None:  # a defined answer is due: no NaN / null interval
                out = _classify(p, False, [], ok_check=lambda q: '"stderr": null' not in q.stdout)
            else:
                out = _classify(p, True, words)
            if "figures" in argv and victim.read_bytes() != b"precious\n":
                out = "silent"
            rows.append((klass, "cli", " ".join(a[:30] for a in argv[2:])[:70], out))
        # closed stdout and an ASCII-only output encoding
        p = _run(f"{opts.python} -m meekbook params >&-", opts.cwd, shell=True)
        out = _classify(p, False, [])
        if p is not None and "Traceback" not in p.stderr and p.returncode == 2 and "output" in p.stderr:
            out = "ok"  # refused as an output problem (coreutils do the same)
        rows.append(("traceback", "cli", "params >&-", out))
        p = _run([opts.python, "-m", "meekbook", "uncertainty", "--draws", "20", "--sobol", "0"],
                 opts.cwd, env={"PYTHONIOENCODING": "ascii"})
        out = _classify(p, False, [])
        if p is not None and p.returncode == 2 and "output" not in p.stderr.lower():
            out = "unclear"
        rows.append(("unclear", "cli", "uncertainty with PYTHONIOENCODING=ascii", out))
    for klass, kind, what, out in rows:
        counts[out] = counts.get(out, 0) + 1
        print(f"{out:<10} [{klass:<9}] {kind} {what}")
    print("totals:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), f"(of {len(rows)} probes)")


if __name__ == "__main__":
    main()
