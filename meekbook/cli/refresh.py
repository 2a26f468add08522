"""``python -m meekbook data refresh SOURCE`` and ``data list``: dated snapshots of public tables;
and ``verify --snapshot DIR``: the data claims re-run on a snapshot.

``data refresh SOURCE [--from PATH_OR_URL] [--out DIR] [--timeout S]``
    Download (or read) the table, check its columns, and write a snapshot folder atomically
    (:mod:`meekbook.empirical.snapshots`); print the folder. Sources:
    :data:`meekbook.empirical.sources.SOURCES`.
``data list [--out DIR]``
    The snapshots under DIR: source, retrieval date, rows, folder.

A failed refresh prints one ``error:`` line and exits 2; earlier snapshots are untouched.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

__all__ = ["add_data_command", "run_refresh", "run_list", "verify_snapshot"]


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0; got {text!r}") from None
    if not 0 < value < 3600:
        raise argparse.ArgumentTypeError(f"expected a number of seconds in (0, 3600); got {text!r}")
    return value


def run_refresh(args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    """Handler of ``data refresh``: take the snapshot, print its folder."""
    from ..empirical.snapshots import refresh

    out = sys.stdout if stdout is None else stdout
    snap = refresh(args.source, args.location, args.out, timeout=args.timeout)
    m = snap.manifest
    print(snap.path, file=out)
    print(f"  {m['title']}: {m['rows']} rows, retrieved {m['retrieved_utc']} from {m['url']}",
          file=out)
    print(f"  sha256 {m['sha256']}; licence {m['licence']}", file=out)
    print(f"  columns used: {', '.join(f'{k} -> {v}' for k, v in m['mapping'].items())}", file=out)
    return 0


def run_list(args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    """Handler of ``data list``: one line per snapshot."""
    from ..empirical.snapshots import default_root, list_snapshots

    out = sys.stdout if stdout is None else stdout
    root = args.out if args.out is not None else default_root()
    snaps = list_snapshots(root)
    if not snaps:
        print(f"no snapshots in {root} (take one with 'python -m meekbook data refresh SOURCE')",
              file=out)
        return 0
    print(f"{'source':<18}{'retrieved (UTC)':<22}{'rows':>7}  folder", file=out)
    for s in snaps:
        print(f"{s.source:<18}{s.retrieved:<22}{s.rows:>7}  {s.path}", file=out)
    return 0


def verify_snapshot(snapshot: str, stdout: TextIO | None = None) -> int:
    """``verify --snapshot DIR``: every data claim on the packaged data and on the snapshot, and
    which verdicts change. Returns 0 (the comparison is the result, not a test)."""
    from ..checks.ledger import data_claims, format_table
    from ..empirical.snapshot_data import leaderboard_input, models_input
    from ..empirical.snapshots import open_snapshot

    out = sys.stdout if stdout is None else stdout
    snap = open_snapshot(snapshot)
    inputs: dict[str, Any] = {}
    notes = []
    for kind, build in (("base_models", models_input), ("leaderboard", leaderboard_input)):
        try:
            inputs[kind] = build(snap)
            notes.append(f"  {kind}: {inputs[kind].attrs['report']}")
        except ValueError as err:
            notes.append(f"  {kind}: packaged (the snapshot cannot replace it: {err})")
    packaged = data_claims()
    fresh = data_claims(inputs)
    print(f"verify --snapshot {snap.path}", file=out)
    print(f"  {snap.manifest.get('title')}, retrieved {snap.retrieved}, {snap.rows} rows", file=out)
    for n in notes:
        print(n, file=out)
    print("\nData claims on the snapshot:", file=out)
    print(format_table(fresh), file=out)
    changed = [(a, b) for a, b in zip(packaged, fresh) if a.verdict != b.verdict]
    print(f"\nVerdicts that change vs the packaged data: {len(changed)} of {len(fresh)}", file=out)
    for a, b in changed:
        print(f"  claim {a.claim}, {a.quantity}: {a.verdict} -> {b.verdict}", file=out)
    return 0


def add_data_command(subparsers: Any) -> None:
    """Register ``data`` (with ``refresh`` and ``list``) on an argparse subparsers object."""
    from ..empirical.download import DEFAULT_TIMEOUT
    from ..empirical.sources import SOURCES

    p = subparsers.add_parser("data", help="dated snapshots of maintained public tables")
    sub = p.add_subparsers(dest="data_command", required=True)
    r = sub.add_parser(
        "refresh", help="take a dated snapshot of a public table and print its folder",
        description="Download a maintained public table (or read --from), check its columns, "
        "and save it as published with a manifest (source, URL, UTC time, sha256, licence, rows, "
        "column mapping). Sources: " + "; ".join(f"{s.name}: {s.title}" for s in SOURCES.values()))
    r.add_argument("source", choices=sorted(SOURCES), metavar="SOURCE",
                   help="one of " + ", ".join(sorted(SOURCES)))
    r.add_argument("--from", dest="location", default=None, metavar="PATH_OR_URL",
                   help="read this file or http(s) URL instead of the published URL")
    r.add_argument("--out", default=None, metavar="DIR",
                   help="snapshots folder (default $MEEKBOOK_SNAPSHOTS, else "
                   "$XDG_DATA_HOME/meekbook/snapshots, i.e. ~/.local/share/meekbook/snapshots)")
    r.add_argument("--timeout", type=_positive, default=DEFAULT_TIMEOUT, metavar="S",
                   help=f"seconds to wait for the server (default {DEFAULT_TIMEOUT:g})")
    r.set_defaults(func=run_refresh, handler=run_refresh)
    ls = sub.add_parser("list", help="list the snapshots (source, date, rows)")
    ls.add_argument("--out", default=None, metavar="DIR", help="snapshots folder (default as refresh)")
    ls.set_defaults(func=run_list, handler=run_list)
