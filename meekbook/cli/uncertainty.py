"""``python -m meekbook uncertainty``: the Monte Carlo and Sobol report on the command line.

Usage::

    python -m meekbook uncertainty [--draws N] [--seed S] [--prior NAME=DIST ...]
                                   [--sobol N] [--years Y ...] [--correlated]
                                   [--snapshot DIR] [--json]

``--prior`` replaces one input's distribution (see :func:`meekbook.uncertainty.parse_prior`),
e.g. ``--prior gamma=normal(0.178,0.0073)`` or ``--prior sigmoid=paper``. Bad input exits with
status 2 and one ``error: ...`` line (raised as ``ValueError`` and printed by
:func:`meekbook.cli.main`). A progress bar is drawn on standard error only when it is a
terminal and the run is long.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from ..validation import parse_int_text, parse_number_text

__all__ = ["add_subcommand", "run_uncertainty", "MAX_DRAWS"]

#: Largest accepted ``--draws`` (memory: about 250 bytes per draw, ~0.5 GB at the limit).
MAX_DRAWS = 2_000_000
_PROGRESS_FROM = 200_000  # draws: shorter runs finish in about a second, no bar needed


def _int_option(name: str, text: str, low: int, high: int | None = None) -> int:
    return parse_int_text(name, text, low, high)


def _years(texts: list[str]) -> tuple[float, ...]:
    from ..uncertainty.propagation import check_years

    return check_years([parse_number_text("--years", text) for text in texts], "--years")


def run_uncertainty(args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    """Handler of ``uncertainty``: validate the options, run, print (table or JSON)."""
    from .. import uncertainty as unc
    from ..checks.uncertainty_claims import ledger_rows
    from ..uncertainty.sensitivity import MAX_SOBOL_BASE

    out = sys.stdout if stdout is None else stdout
    draws = _int_option("--draws", args.draws, 1, MAX_DRAWS)
    seed = _int_option("--seed", args.seed, 0, 2**63 - 1)
    sobol = _int_option("--sobol", args.sobol, 0, MAX_SOBOL_BASE)
    if sobol and (sobol < 2 or sobol & (sobol - 1)):
        raise ValueError(f"--sobol must be 0 (off) or a power of 2 >= 2; got {args.sobol!r}")
    years = _years(args.years)
    pairs = [unc.parse_prior(text) for text in (args.prior or [])]
    names = [name for name, _ in pairs]
    for name in names:
        if names.count(name) > 1:
            times = "twice" if names.count(name) == 2 else f"{names.count(name)} times"
            raise ValueError(f"--prior {name} given {times}; give each input once")
    priors = dict(pairs)
    if getattr(args, "snapshot", None) is not None and "sigmoid" not in priors:
        priors["sigmoid"] = _snapshot_sigmoid(args.snapshot, seed)

    bar: Any = None
    if sys.stderr.isatty() and draws >= _PROGRESS_FROM:
        from tqdm import tqdm

        bar = tqdm(total=draws, unit="draw", unit_scale=True, file=sys.stderr, leave=False)
    try:
        result = unc.monte_carlo(priors, draws=draws, seed=seed, years=years,
                                 progress=bar.update if bar is not None else None,
                                 correlated=args.correlated)
        if sobol:
            result.sobol = unc.model_sobol(priors, base_samples=sobol, seed=seed,
                                           correlated=args.correlated)
    finally:
        if bar is not None:
            bar.close()
    if args.json:
        data = result.as_dict()
        data["ledger"] = ledger_rows(result)
        print(json.dumps(data, indent=2, allow_nan=False), file=out)
    else:
        mode = ("correlated: g_investment = g_compute / g_hardware" if args.correlated
                else "inputs independent")
        print(f"meekbook uncertainty: {draws:,} joint draws, seed {seed}, {mode}", file=out)
        print(result.format_table(), file=out)
        print("", file=out)
        print("Inputs ([judgement]: shape or width is a judgement call; sources: --json):", file=out)
        for name, dist in result.priors.items():
            flag = " [judgement]" if dist.judgement else ""
            print(f"  {name:<13} {dist.describe()}{flag}", file=out)
    return 0


def _snapshot_sigmoid(snapshot: str, seed: int) -> Any:
    """The sigmoid prior from a bootstrap of the fit on a snapshot (``--snapshot DIR``)."""
    from ..empirical.sigmoid_fit import sigmoid_fit_on_models
    from ..empirical.snapshot_data import models_input
    from ..empirical.snapshots import open_snapshot
    from ..uncertainty import Empirical

    snap = open_snapshot(snapshot)
    fit = sigmoid_fit_on_models(models_input(snap), n_bootstrap=200, seed=seed)
    if fit.n_converged < 100:
        raise ValueError(f"--snapshot {snapshot}: the sigmoid fit on its {fit.n} models converged "
                         f"in {fit.n_converged} of 200 bootstrap resamples; too few (< 100) to "
                         "draw the sigmoid from")
    return Empirical(fit.bootstrap_params, source=f"bootstrap of the sigmoid fit on the "
                     f"{snap.source} snapshot of {snap.retrieved} ({snap.path})")


def add_subcommand(subparsers: Any) -> None:
    """Register ``uncertainty`` on an argparse subparsers object.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="meekbook")
    >>> add_subcommand(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["uncertainty", "--prior", "gamma=0.16", "--draws", "10"])
    >>> args.func is run_uncertainty, args.prior, args.draws
    (True, ['gamma=0.16'], '10')
    """
    p = subparsers.add_parser(
        "uncertainty",
        help="propagate the inputs' uncertainty to t*, the peak gap, MMLU gap, tokens, inference",
        description="Seeded Monte Carlo over the model's uncertain inputs (growth rates, scaling "
        "exponent, sigmoid fit), with medians and 5-95%% intervals of every headline number and "
        "Sobol indices of which input drives each. The same seed gives the same output.",
    )
    p.add_argument("--draws", default="100000", metavar="N",
                   help=f"joint draws, 1 to {MAX_DRAWS:,} (default 100000)")
    p.add_argument("--seed", default="0", metavar="S", help="random seed >= 0 (default 0)")
    p.add_argument("--prior", action="append", metavar="NAME=DIST",
                   help="replace one input's distribution: NAME one of g_algorithm, g_hardware, "
                   "g_investment, g_inference, gamma, law_scale, sigmoid (g_compute with --correlated); DIST fixed(V) or V, "
                   "normal(MEAN,SD), lognormal(MEDIAN,P95), uniform(LOW,HIGH); for sigmoid "
                   "paper or bootstrap(N). Repeatable.")
    p.add_argument("--sobol", default="16384", metavar="N",
                   help="base samples of the Sobol design, a power of 2 up to 262144 "
                   "(default 16384; 0 = skip)")
    p.add_argument("--years", nargs="+", default=["1", "5", "10", "20"], metavar="Y",
                   help="years for the per-year outputs (default 1 5 10 20)")
    p.add_argument("--correlated", action="store_true",
                   help="draw the frontier's compute growth g_compute (prior: lognormal, median "
                   "5x/yr) and derive g_investment = g_compute / g_hardware per draw, as the paper "
                   "defines it; default: the seven inputs are drawn independently")
    p.add_argument("--snapshot", default=None, metavar="DIR",
                   help="draw the sigmoid from a bootstrap of the fit on a snapshot taken by "
                   "'data refresh' (instead of the packaged base models)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=run_uncertainty, handler=run_uncertainty)
