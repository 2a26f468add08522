"""Command-line subcommands that run the paper's two empirical analyses on anyone's CSV.

``meekbook fit-sigmoid FILE.csv``
    Columns ``params``, ``tokens`` and ``mmlu`` (fractions or percent -- detected and said;
    ``model`` optional, other columns ignored). Prints S, x0, k, s0 with standard errors and
    seeded bootstrap intervals of the sigmoid fit of MMLU on Chinchilla-predicted loss.
``meekbook frontier-gap FILE.csv --price-min 0.5 --price-max 1``
    Columns ``model``, ``release_date`` (YYYY-MM-DD), the score column (``--score``, default
    ``mmlu_pro``) and ``output_price`` and/or ``params_b`` for the band. Prints the running
    best overall and inside the band, their difference over time, and the fitted shrink rate.

Each handler returns an exit code: 0 on success, 2 when the input is unusable (a one-line
message on standard error). :func:`add_subcommands` registers both on an
:mod:`argparse` subparsers object; the main entry point (``meekbook.cli``) calls it.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Sequence, TextIO

from ..empirical.datasets import (
    SIGMOID_INPUT_SCHEMA,
    DataValidationError,
    leaderboard_input_schema,
    load_report,
)
from ..empirical.frontier import frontier_gap
from ..empirical.public import read_public_leaderboard, read_public_models
from ..empirical.leaderboard import NOT_SCORES
from ..empirical.sigmoid_fit import MAX_BOOTSTRAP, PARAM_NAMES, sigmoid_fit_on_models
from ..model.sigmoid import PAPER_SIGMOID_FIT
from .parser import int_option, number_option

__all__ = [
    "SIGMOID_INPUT_SCHEMA",
    "leaderboard_input_schema",
    "add_subcommands",
    "run_fit_sigmoid",
    "run_frontier_gap",
    "main",
]



def _fail(command: str, message: str, stderr: TextIO | None) -> int:
    err = sys.stderr if stderr is None else stderr
    text = " ".join(str(message).split())
    print(f"error: {command}: {text}", file=err)
    return 2


def _num(value: float, width: int = 9, digits: int = 4) -> str:
    return f"{value:>{width}.{digits}f}" if value == value and abs(value) != float("inf") else f"{'n/a':>{width}}"


def _report_header(command: str, args: argparse.Namespace, df: Any, res: Any,
                   out: TextIO) -> bool:
    """Print the JSON payload (returns True: done) or the text header (returns False)."""
    conversions = list(df.attrs.get("conversions", []))
    if args.json:
        payload: dict[str, Any] = {"command": command, "file": str(args.file)}
        payload.update(res.summary())
        payload["conversions"] = conversions
        payload["load_report"] = load_report(df)
        print(json.dumps(payload, indent=2), file=out)
        return True
    print(f"{command}: {args.file}", file=out)
    print(f"  {load_report(df)}", file=out)
    for c in conversions:
        print(f"  note: {c}", file=out)
    return False


def _input(args: argparse.Namespace, kind: str) -> Any:
    """The table an analysis reads: FILE as published, or the snapshot ``--snapshot DIR``."""
    snapshot = getattr(args, "snapshot", None)
    if (args.file is None) == (snapshot is None):
        raise ValueError("FILE is required (or --snapshot DIR instead of it; not both)")
    if snapshot is None:
        if kind == "models":
            return read_public_models(args.file)
        return read_public_leaderboard(args.file, args.score)
    from ..empirical.snapshot_data import leaderboard_input, models_input
    from ..empirical.snapshots import open_snapshot

    snap = open_snapshot(snapshot)
    args.file = f"{snap.path} ({snap.source}, retrieved {snap.retrieved})"
    return models_input(snap) if kind == "models" else leaderboard_input(snap)


def run_fit_sigmoid(args: argparse.Namespace, stdout: TextIO | None = None,
                    stderr: TextIO | None = None) -> int:
    """Handler of ``fit-sigmoid``: read, fit, print. Returns the exit code (0 or 2)."""
    out = sys.stdout if stdout is None else stdout
    try:
        if not 0 <= args.bootstrap <= MAX_BOOTSTRAP:
            raise ValueError(f"--bootstrap must be an integer in [0, {MAX_BOOTSTRAP}]; got {args.bootstrap}")
        if args.seed < 0:
            raise ValueError(f"--seed must be an integer >= 0; got {args.seed}")
        df = _input(args, "models")
        res = sigmoid_fit_on_models(df, n_bootstrap=args.bootstrap, seed=args.seed)
    except (DataValidationError, ValueError, TypeError) as exc:
        return _fail("fit-sigmoid", str(exc), stderr)

    if _report_header("fit-sigmoid", args, df, res, out):
        return 0
    print(f"  loss of each model: Chinchilla L(N, D), {res.law.name}", file=out)
    print("  model: score = S / (1 + exp(-k (L - x0))) + s0, least squares", file=out)
    pct = f"{100 * res.confidence:g}%"
    print(f"\n  {'param':<6}{'estimate':>11}{'std.err':>11}   {pct + ' bootstrap interval':<28}{'paper':>9}",
          file=out)
    paper = PAPER_SIGMOID_FIT.as_dict()
    est, se = res.params.as_dict(), res.stderr.as_dict()
    for p in PARAM_NAMES:
        lo, hi = res.intervals[p]
        interval = f"[{lo:.4f}, {hi:.4f}]" if lo == lo else "n/a"
        print(f"  {p:<6}{_num(est[p], 11)}{_num(se[p], 11)}   {interval:<28}{paper[p]:>9.4f}", file=out)
    print(f"\n  n = {res.n} models, r2 = {res.fit.r2:.3f}, rmse = {res.fit.rmse:.4f}", file=out)
    print(f"  bootstrap: {res.n_bootstrap} resamples of models (seed {res.seed}), "
          f"{res.n_converged} converged, {res.n_failed} skipped (no convergence)", file=out)
    return 0


def run_frontier_gap(args: argparse.Namespace, stdout: TextIO | None = None,
                     stderr: TextIO | None = None) -> int:
    """Handler of ``frontier-gap``: read, compute, print. Returns the exit code (0 or 2)."""
    out = sys.stdout if stdout is None else stdout
    try:
        if args.score in NOT_SCORES:
            raise ValueError(
                f"--score must name a benchmark-score column (fractions or percent); {args.score!r} "
                "is a date, price, size or text column"
            )
        df = _input(args, "leaderboard")
        res = frontier_gap(
            df,
            price_min=args.price_min, price_max=args.price_max,
            params_min=args.params_min, params_max=args.params_max,
            score=args.score, evaluator=args.evaluator, method=args.method,
            fit_start=args.fit_start, fit_end=args.fit_end,
        )
    except (DataValidationError, ValueError, TypeError) as exc:
        return _fail("frontier-gap", str(exc), stderr)

    if _report_header("frontier-gap", args, df, res, out):
        return 0
    print(f"  score: {res.score}; band: {res.band_label}", file=out)
    how = "chosen" if args.evaluator is not None else (
        "default: the independent evaluator" if res.evaluators else "no evaluator column: all rows")
    print(f"  evaluator: {res.evaluator} ({how}; {res.n_other_rows} rows of other evaluators "
          "left out)", file=out)
    if res.evaluators:
        print(f"  evaluators of {res.score} in the file: {', '.join(res.evaluators)} "
              "(choose with --evaluator NAME, independent, vendor or all)", file=out)
    print(f"  {res.n_models} models with a score, {res.n_band} in the band; "
          f"{len(res.excluded)} rows not used (no score, date or band value; listed with --json)",
          file=out)
    for title, series in (("Running best, all models", res.overall),
                          ("Running best, inside the band", res.band)):
        print(f"\n{title} (step series; each value holds until the next date):", file=out)
        for d, v, m in zip(series["date"], series["best"], series["model"]):
            print(f"  {d.date().isoformat()}  {v:.4f}  {m}", file=out)
    print("\nGap = best overall - best in band, at every date where either changes:", file=out)
    print(f"  {'date':<12}{'overall':>8}{'band':>8}{'gap':>8}", file=out)
    for d, o, b, g in zip(res.gap["date"], res.gap["overall"], res.gap["band"], res.gap["gap"]):
        print(f"  {d.date().isoformat():<12}{o:>8.4f}{b:>8.4f}{g:>8.4f}", file=out)
    r = res.rate
    how = "gap" if r.method == "linear" else "log(gap)"
    if r.rate == r.rate:
        print(f"\nShrink rate ({r.method} fit of {how} on years): {r.rate:.4f} {r.unit}, "
              f"{100 * r.confidence:g}% interval [{r.ci_low:.4f}, {r.ci_high:.4f}], "
              f"from {r.n} points ({r.start.date().isoformat()} to {r.end.date().isoformat()})",
              file=out)
        print("  positive = the gap narrows. The points are successive values of step series, "
              "not independent draws: read the interval as indicative.", file=out)
    else:
        print(f"\nShrink rate: not available ({'; '.join(r.excluded)})", file=out)
    for e in r.excluded:
        if r.rate == r.rate:
            print(f"  left out of the fit: {e}", file=out)
    return 0


def _nonneg_int(text: str) -> int:
    return int_option("N", 0)(text)


def _number(text: str) -> float:
    return number_option("value")(text)


def _snapshot_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--snapshot", default=None, metavar="DIR",
                   help="run on a snapshot taken by 'data refresh' (a snapshot folder, or a "
                   "source folder: its newest) instead of FILE")


def add_subcommands(subparsers: Any) -> None:
    """Register ``fit-sigmoid`` and ``frontier-gap`` on an argparse subparsers object.

    Each subparser gets ``handler`` (and ``func``) set to its handler, which takes the parsed
    namespace and returns the exit code.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="meekbook")
    >>> add_subcommands(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["frontier-gap", "x.csv", "--price-min", "0.5"])
    >>> args.handler is run_frontier_gap, args.price_min, args.score, args.evaluator
    (True, 0.5, 'mmlu_pro', None)
    """
    p = subparsers.add_parser(
        "fit-sigmoid",
        help="fit MMLU as a sigmoid of Chinchilla-predicted loss (with a seeded bootstrap)",
        description="Fit score = S/(1+exp(-k(L-x0))) + s0 to a CSV with columns params, tokens "
        "and mmlu (fraction or percent; percent is detected and converted). L is each model's "
        "Chinchilla loss (Hoffmann et al. 2022). Prints S, x0, k, s0 with standard errors and "
        "bootstrap intervals.",
    )
    p.add_argument("file", nargs="?", default=None,
                   help="CSV file with columns params, tokens, mmlu (model optional) or their "
                   "public names (Parameters, Training dataset size (total), MMLU, ...)")
    _snapshot_option(p)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--bootstrap", type=_nonneg_int, default=1000, metavar="N",
                   help="bootstrap resamples of the models (default 1000; 0 = none)")
    p.add_argument("--seed", type=_nonneg_int, default=0, metavar="S",
                   help="seed of the bootstrap's random generator (default 0)")
    p.set_defaults(handler=run_fit_sigmoid, func=run_fit_sigmoid)

    q = subparsers.add_parser(
        "frontier-gap",
        help="running best overall vs inside a price or parameter band, and the gap's trend",
        description="Running maximum of a score over release date for all models and for models "
        "inside a band of output price ($ per million output tokens) and/or parameter count "
        "(billions); their difference at every change; and the fitted rate at which it shrinks.",
    )
    q.add_argument("file", nargs="?", default=None,
                   help="CSV file with columns model, release_date, the score column, and "
                   "output_price and/or params_b, or their public names (Release Date, ...)")
    _snapshot_option(q)
    q.add_argument("--price-min", type=_number, default=None, metavar="USD",
                   help="lower end of the price band, $ per million output tokens")
    q.add_argument("--price-max", type=_number, default=None, metavar="USD",
                   help="upper end of the price band, $ per million output tokens")
    q.add_argument("--params-min", type=_number, default=None, metavar="B",
                   help="lower end of the parameter band, billions")
    q.add_argument("--params-max", type=_number, default=None, metavar="B",
                   help="upper end of the parameter band, billions")
    q.add_argument("--score", default="mmlu_pro", metavar="COLUMN",
                   help="score column, fractions or percent (default mmlu_pro)")
    q.add_argument("--evaluator", default=None, metavar="NAME|all",
                   help="analyse the scores of one evaluator (a name from the file's evaluator "
                   "column), 'independent' or 'vendor' (all of that type), or 'all' (mixed); "
                   "default: the file's independent evaluator (all rows if the file has no "
                   "evaluator column)")
    q.add_argument("--method", choices=("linear", "log"), default="linear",
                   help="fit the gap (linear, default) or log(gap) against years")
    q.add_argument("--fit-start", default=None, metavar="YYYY-MM-DD",
                   help="fit the rate only on gap points from this date on")
    q.add_argument("--fit-end", default=None, metavar="YYYY-MM-DD",
                   help="fit the rate only on gap points up to this date")
    q.add_argument("--json", action="store_true", help="print the result as JSON")
    q.set_defaults(handler=run_frontier_gap, func=run_frontier_gap)
    from .refresh import add_data_command

    add_data_command(subparsers)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one of the two subcommands (``python -m meekbook.cli.data ...``)."""
    from .parser import OneLineParser

    parser = OneLineParser(prog="meekbook")
    sub = parser.add_subparsers(dest="command", required=True)
    add_subcommands(sub)
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
