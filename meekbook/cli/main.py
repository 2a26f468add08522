"""Command line: ``python -m meekbook COMMAND`` (or the ``meekbook`` script).

Commands
--------
verify [--json] [--model-only]
    Recompute every claim of the paper; print the ledger with the pass / fail / inconclusive
    counts, the robustness rows (shares of Monte Carlo draws) apart and not counted; exit 1
    only if an evidence or identity row fails (an inconclusive row does not).
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
import os
import sys
import time
from typing import Sequence

__all__ = ["main", "build_parser", "OneLineParser"]


def _cmd_verify(args: argparse.Namespace) -> int:
    from ..checks.ledger import all_passed, claims, counts, format_table

    if getattr(args, "snapshot", None) is not None:
        if args.json or args.model_only:
            raise ValueError("--snapshot re-runs the data claims and prints them as text; "
                             "it takes neither --json nor --model-only")
        from .refresh import verify_snapshot

        return verify_snapshot(args.snapshot)
    rows = claims(include_data=not args.model_only)
    if args.json:
        c = counts(rows)
        print(json.dumps({
            "passed": c["pass"],
            "failed": c["fail"],
            "inconclusive": c["inconclusive"],
            "identities": c["identity"],
            "identities_failed": c["identity_fail"],
            "robustness": c["robustness"],
            "robustness_pass": c["robustness_pass"],
            "robustness_fail": c["robustness_fail"],
            "robustness_inconclusive": c["robustness_inconclusive"],
            "claims": [r.as_dict() for r in rows],
        }, indent=2, allow_nan=False, default=float))
    else:
        print(format_table(rows))
    return 0 if all_passed(rows) else 1


def _cmd_figures(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    outdir = args.outdir
    if not outdir.strip():
        raise ValueError("OUTDIR must be a folder path; got an empty string")
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise ValueError(f"OUTDIR {outdir!r} exists and is not a folder; give a folder path")
    formats = list(dict.fromkeys(args.format))
    import matplotlib

    matplotlib.use("Agg")
    from ..plots.figures import PAPER_FIGURES, write_all

    from ..files import refuse_symlinks

    targets = [out / f"{name}.{fmt}" for name in PAPER_FIGURES for fmt in formats]
    refuse_symlinks(targets)  # a link planted in OUTDIR is never followed (nor replaced silently)
    for target in targets:
        if target.is_dir():
            raise ValueError(f"{str(target)!r} is a folder; cannot write the figure there")
    replaced = [t for t in targets if t.exists()]
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ValueError(f"cannot create OUTDIR {outdir!r}: {err.strerror or err}") from None
    if not os.access(out, os.W_OK):
        raise ValueError(f"OUTDIR {outdir!r} is not writable (permission denied)")
    start = time.perf_counter()
    try:
        paths = write_all(out, formats=formats)
    except OSError as err:
        where = err.filename or outdir
        raise ValueError(f"cannot write into {str(where)!r}: {err.strerror or err}") from None
    for path in paths:
        print(path)
    _flush_stdout()
    if replaced:
        names = ", ".join(p.name for p in replaced)
        print(f"replaced {len(replaced)} existing file(s) in {outdir}: {names}", file=sys.stderr)
    print(f"wrote {len(paths)} files in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


def _cmd_params(args: argparse.Namespace) -> int:
    from ..model.params import PaperParams

    for name, value, source in PaperParams().table():
        print(f"{name:<18} {value:<32} {source}")
    return 0


from .parser import OneLineParser  # noqa: E402


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = OneLineParser(
        prog="python -m meekbook",
        description="The model of 'Meek Models Shall Inherit the Earth' (arXiv:2507.07931).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("verify", help="recompute every claim of the paper and check it")
    p.add_argument("--json", action="store_true", help="print the ledger as JSON")
    p.add_argument("--model-only", action="store_true",
                   help="skip the claims that refit the data sets (8 and 9)")
    p.add_argument("--snapshot", default=None, metavar="DIR",
                   help="re-run the data claims on a snapshot taken by 'data refresh' and say "
                   "which verdicts change")
    p.set_defaults(func=_cmd_verify)

    p = sub.add_parser("figures", help="write every paper figure as PNG and SVG")
    p.add_argument("outdir", help="folder to write into (created if missing)")
    p.add_argument("--format", nargs="+", default=["png", "svg"], choices=["png", "svg", "pdf"],
                   help="file formats (default: png svg)")
    p.set_defaults(func=_cmd_figures)

    p = sub.add_parser("params", help="print the paper's parameters with their sources")
    p.set_defaults(func=_cmd_params)

    from .data import add_subcommands

    add_subcommands(sub)
    from .uncertainty import add_subcommand as add_uncertainty  # h11: uncertainty command

    add_uncertainty(sub)
    return parser


def _error(message: str) -> int:
    text = " ".join(str(message).split())
    try:
        print(f"error: {text}", file=sys.stderr)
    except (OSError, ValueError):  # pragma: no cover - stderr itself is gone
        pass
    return 2


class OutputProblem(Exception):
    """Standard output cannot take the result (closed, or an encoding that cannot show it)."""


def _flush_stdout() -> None:
    if sys.stdout is None:  # started with stdout closed (``>&-``): nothing can be written
        raise OutputProblem("standard output is closed; nothing was written")
    sys.stdout.flush()


def _silence_stdout() -> None:
    """After a closed pipe (``| head -1``): send further output nowhere, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - no real stdout
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    The contract (README, "Error contract"): exit 0 with a correct result, or exit 2 with one
    line ``error: ...`` on standard error naming the file, option, line, column or parameter
    and what is allowed. A reader that closes the pipe early (``| head -1``) ends the command
    quietly with exit 0.
    """
    parser = build_parser()
    command = ""
    try:
        if sys.stdout is None:
            raise OutputProblem("standard output is closed; nothing was written")
        args = parser.parse_args(argv)
        command = str(getattr(args, "command", "") or "")
        code = int(args.func(args))
        _flush_stdout()
        return code
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OutputProblem as err:
        return _error(f"cannot write the output: {err}")
    except UnicodeEncodeError as err:  # the output encoding, not the input, is the problem
        return _error(f"cannot write the output: the output encoding ({err.encoding}) cannot show "
                      f"{err.object[err.start:err.end]!r}; set PYTHONIOENCODING=utf-8")
    except (ValueError, TypeError) as err:
        text = str(err)
        return _error(text if not command or text.startswith(f"{command}:") else f"{command}: {text}")
    except OSError as err:
        where = f"{err.filename}: " if err.filename else ""
        return _error(f"{where}{err.strerror or err}")
    except MemoryError:
        return _error("out of memory; use a smaller input")
    except KeyboardInterrupt:
        return _error("interrupted")
