"""Command line: ``python -m meekbook COMMAND`` (or the ``meekbook`` script).

Commands
--------
verify [--json] [--model-only]
    Recompute every claim of the paper; print the ledger with the pass / fail / inconclusive
    counts; exit 1 only if a row fails (an inconclusive row does not).
figures OUTDIR [--format png svg]
    Write every paper figure.
params
    Print the paper's parameters with their sources.
fit-sigmoid FILE.csv, frontier-gap FILE.csv
    The paper's two empirical analyses on any CSV (see ``--help`` of each).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Sequence

__all__ = ["main", "build_parser"]


def _cmd_verify(args: argparse.Namespace) -> int:
    from .ledger import all_passed, claims, counts, format_table

    rows = claims(include_data=not args.model_only)
    if args.json:
        c = counts(rows)
        print(json.dumps({
            "passed": c["pass"],
            "failed": c["fail"],
            "inconclusive": c["inconclusive"],
            "identities": c["identity"],
            "identities_failed": c["identity_fail"],
            "claims": [r.as_dict() for r in rows],
        }, indent=2, allow_nan=False, default=float))
    else:
        print(format_table(rows))
    return 0 if all_passed(rows) else 1


def _cmd_figures(args: argparse.Namespace) -> int:
    import matplotlib

    matplotlib.use("Agg")
    from .figures import write_all

    start = time.perf_counter()
    paths = write_all(args.outdir, formats=args.format)
    for path in paths:
        print(path)
    print(f"wrote {len(paths)} files in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


def _cmd_params(args: argparse.Namespace) -> int:
    from .params import PaperParams

    for name, value, source in PaperParams().table():
        print(f"{name:<18} {value:<32} {source}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="python -m meekbook",
        description="The model of 'Meek Models Shall Inherit the Earth' (arXiv:2507.07931).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("verify", help="recompute every claim of the paper and check it")
    p.add_argument("--json", action="store_true", help="print the ledger as JSON")
    p.add_argument("--model-only", action="store_true",
                   help="skip the claims that refit the data sets (8 and 9)")
    p.set_defaults(func=_cmd_verify)

    p = sub.add_parser("figures", help="write every paper figure as PNG and SVG")
    p.add_argument("outdir", help="folder to write into (created if missing)")
    p.add_argument("--format", nargs="+", default=["png", "svg"], choices=["png", "svg", "pdf"],
                   help="file formats (default: png svg)")
    p.set_defaults(func=_cmd_figures)

    p = sub.add_parser("params", help="print the paper's parameters with their sources")
    p.set_defaults(func=_cmd_params)

    from .cli_data import add_subcommands

    add_subcommands(sub)
    from .cli_uncertainty import add_subcommand as add_uncertainty  # h11: uncertainty command

    add_uncertainty(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
