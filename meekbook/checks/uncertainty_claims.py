"""The uncertainty chapter's claims as ledger rows: the share of Monte Carlo draws in which each
headline claim of the paper holds (:func:`ledger_rows`, :func:`ledger_claims`)."""

from __future__ import annotations

import functools
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from ..uncertainty import Distribution, UncertaintyResult, monte_carlo, resolve_priors
from .claim import Claim

__all__ = [
    "ROBUST_SHARE", "WIDTHS", "CUTOFFS", "ledger_rows", "ledger_claims", "sensitivity_table",
    "robustness_verdict", "scaled_priors",
]


#: A claim is robust when it holds in at least this share of draws (ledger verdict "pass"),
#: contradicted when it holds in at most ``1 - ROBUST_SHARE`` ("fail"); in between the claim
#: hangs on the uncertain inputs ("inconclusive").
ROBUST_SHARE = 0.9

# (paper's claim number, statement, paper's wording, where in the paper, output, test, criterion)
_LEDGER_CLAIMS: tuple[tuple[int, str, str, str, str, Callable[[np.ndarray], np.ndarray], str], ...] = (
    (1, "the loss gap peaks within 10 years", "rises, peaks, converges", "Fig. 1 and abstract",
     "t_star", lambda v: v <= 10, "t* <= 10 years"),
    (1, "the peak comes at about 3.4 years", "about 3.4 years", "sec. 2, text",
     "t_star", lambda v: np.abs(v - 3.4) <= 1.0, "|t* - 3.4| <= 1 year"),
    (1, "the peak loss gap is about 0.21 nats", "0.21 nats", "Fig. 1",
     "peak_gap", lambda v: np.abs(v - 0.21) <= 0.05, "|ΔL(t*) - 0.21| <= 0.05 nats"),
    (1, "the gap closes: at year 20 it is below a tenth of its peak", "converges",
     "Fig. 1 and abstract", "gap_share_of_peak_at_20", lambda v: v < 0.1, "ΔL(20) / ΔL(t*) < 0.1"),
    (4, "the MMLU gap peaks near 46 points", "near 46 points", "Fig. 3 and sec. 3.1",
     "mmlu_peak", lambda v: np.abs(v - 46) <= 5, "|peak MMLU gap - 46| <= 5 points"),
    (5, "about 12 tokens tell the models apart at the peak", "12.5 tokens", "Fig. 9 and sec. 3.2",
     "tokens_at_peak", lambda v: v <= 20, "tokens at t* <= 20"),
    (6, "inference at a fixed price catches up within 4.1 years", "1.33-4.10 years",
     "Fig. 4 and sec. 5", "inference_catch_up", lambda v: v <= 4.1, "catch-up time <= 4.1 years"),
)


def ledger_rows(result: UncertaintyResult) -> list[dict[str, Any]]:
    """For each headline claim of the paper, the share of draws in which it holds.

    Returns a list of plain dicts ``claim, share, draws, criterion, claim_number, paper_text,
    where``; draws in which the output is undefined count as "does not hold". Claims whose
    output ``result`` lacks are left out. :func:`ledger_claims` turns them into ledger rows.
    """
    rows = []
    for number, claim, paper_text, where, name, predicate, criterion in _LEDGER_CLAIMS:
        if name in result.values:
            rows.append({"claim": claim, "share": result.share(name, predicate),
                         "draws": result.draws, "criterion": criterion, "claim_number": number,
                         "paper_text": paper_text, "where": where})
    return rows


#: Prior widths (every input's spread multiplied by this factor) at which each robustness
#: row's share and verdict are recomputed: part of its sensitivity.
WIDTHS: tuple[float, ...] = (0.5, 1.0, 1.5, 2.0)
#: Cutoffs (the share above which a claim counts as robust) at which each robustness row's
#: verdict is recomputed: the other part of its sensitivity.
CUTOFFS: tuple[float, ...] = (0.8, 0.9, 0.95)
_DRAWS, _SEED = 20_000, 0
_OUTPUTS = ("t_star", "peak_gap", "gap_share_of_peak_at", "mmlu_peak", "tokens_at_peak",
            "inference_catch_up")          # what the rows of _LEDGER_CLAIMS read


def robustness_verdict(share: float, robust: float = ROBUST_SHARE) -> str:
    """``pass`` when ``share >= robust``, ``fail`` when ``share <= 1 - robust``, else
    ``inconclusive``.

    Examples
    --------
    >>> robustness_verdict(0.916), robustness_verdict(0.5), robustness_verdict(0.05)
    ('pass', 'inconclusive', 'fail')
    """
    if not 0.5 < robust < 1:
        raise ValueError(f"robust must lie in the open interval (0.5, 1); got {robust!r}")
    return "pass" if share >= robust else "fail" if share <= 1 - robust else "inconclusive"


def scaled_priors(width: float, priors: Mapping[str, Distribution] | None = None,
                  correlated: bool = False) -> dict[str, Distribution]:
    """Every prior's spread multiplied by ``width`` (1 = as given, 0 = fixed at the median)."""
    resolved = resolve_priors(priors, correlated)
    return {name: dist.scaled(width) for name, dist in resolved.items()}


@functools.lru_cache(maxsize=8)
def _default_result(width: float, correlated: bool = False) -> UncertaintyResult:
    return monte_carlo(scaled_priors(width, correlated=correlated), draws=_DRAWS, seed=_SEED,
                       years=(20.0,), outputs=_OUTPUTS, correlated=correlated)


def sensitivity_table(result: UncertaintyResult | None = None, widths: Sequence[float] = WIDTHS,
                      cutoffs: Sequence[float] = CUTOFFS) -> list[dict[str, Any]]:
    """How each robustness row's share and verdict move with the prior widths and the cutoff.

    One dict per row of :func:`ledger_rows`: ``claim``, ``claim_number``, ``criterion``,
    ``share_x{w}`` and ``verdict_x{w}`` for each width ``w`` (at :data:`ROBUST_SHARE`), and
    ``verdict_cut{c}`` for each cutoff ``c`` (at width 1).

    Parameters
    ----------
    result : UncertaintyResult, optional
        The draws at width 1 (default: 20,000 draws of the default priors, seed 0); the other
        widths redraw with the same seed and number of draws, its priors scaled.
    """
    if result is None:
        base = _default_result(1.0)
        results = {w: (base if w == 1 else _default_result(float(w))) for w in widths}
    else:
        base = result
        results = {w: (result if w == 1 else monte_carlo(
            {n: d.scaled(w) for n, d in result.priors.items()}, draws=result.draws,
            seed=result.seed, years=result.years, outputs=_OUTPUTS, correlated=result.correlated))
            for w in widths}
    table = []
    for i, row in enumerate(ledger_rows(base)):
        entry = {k: row[k] for k in ("claim", "claim_number", "criterion")}
        for w in widths:
            share = ledger_rows(results[w])[i]["share"]
            entry[f"share_x{w:g}"] = share
            entry[f"verdict_x{w:g}"] = robustness_verdict(share)
        for c in cutoffs:
            entry[f"verdict_cut{c:g}"] = robustness_verdict(row["share"], c)
        table.append(entry)
    return table


def ledger_claims(result: UncertaintyResult | None = None, robust: float = ROBUST_SHARE,
                  sensitivity: bool = True) -> list[Any]:
    """The rows of :func:`ledger_rows` as ledger rows of kind ``robustness``.

    Verdict: ``pass`` when the claim holds in at least ``robust`` of the draws, ``fail`` when in
    at most ``1 - robust``, ``inconclusive`` in between (the claim hangs on uncertain inputs).
    Such a share measures how wide the priors are around the paper's own values, so the rows
    are not counted as evidence; each carries its verdict at the other prior widths
    (:data:`WIDTHS`) and cutoffs (:data:`CUTOFFS`) in ``sensitivity``.

    Parameters
    ----------
    result : UncertaintyResult, optional
        Default: 20,000 draws of the default priors, seed 0, years (20,).
    robust : float
        Share in (0.5, 1) above which a claim counts as robust.
    sensitivity : bool
        Compute the sensitivity (three more Monte Carlo runs).
    """
    robustness_verdict(0.5, robust)       # checks robust
    if result is None:
        result = _default_result(1.0)
    table = sensitivity_table(result) if sensitivity else None
    out = []
    for i, row in enumerate(ledger_rows(result)):
        share = row["share"]
        sens: tuple[tuple[str, float, str], ...] = ()
        if table is not None:
            entry = table[i]
            sens = tuple((f"widths x{w:g}", entry[f"share_x{w:g}"], entry[f"verdict_x{w:g}"])
                         for w in WIDTHS if w != 1)
            sens += tuple((f"cutoff {c:g}", share, entry[f"verdict_cut{c:g}"])
                          for c in CUTOFFS if c != robust)
        out.append(Claim(
            row["claim_number"], f"share of joint draws with {row['criterion']}", row["paper_text"],
            None, share, f">= {robust:g} robust; <= {1 - robust:g} contradicted",
            robustness_verdict(share, robust), "robustness", "share of draws", row["where"],
            note=(f"{row['claim']}: joint Monte Carlo over the uncertain inputs "
                  f"(meekbook.uncertainty.DEFAULT_PRIORS, chapter 'How sure are we?'), "
                  f"{result.draws:,} draws, seed {result.seed}; inconclusive = holds in some "
                  "draws but not robustly; a share of draws measures the priors' width around "
                  "the paper's values, so it is not counted as evidence"),
            sensitivity=sens,
        ))
    return out
