"""The uncertainty chapter's claims as ledger rows: the share of Monte Carlo draws in which each
headline claim of the paper holds (:func:`ledger_rows`, :func:`ledger_claims`)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..uncertainty import UncertaintyResult, monte_carlo
from .claim import Claim

__all__ = ["ROBUST_SHARE", "ledger_rows", "ledger_claims"]


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


def ledger_claims(result: UncertaintyResult | None = None, robust: float = ROBUST_SHARE) -> list[Any]:
    """The rows of :func:`ledger_rows` as :class:`meekbook.checks.ledger.Claim` rows of the ledger.

    Verdict: ``pass`` when the claim holds in at least ``robust`` of the draws, ``fail`` when in
    at most ``1 - robust``, ``inconclusive`` in between (the claim hangs on uncertain inputs).

    Parameters
    ----------
    result : UncertaintyResult, optional
        Default: 20,000 draws of the default priors, seed 0, years (20,).
    robust : float
        Share in (0.5, 1) above which a claim counts as robust.
    """
    if not 0.5 < robust < 1:
        raise ValueError(f"robust must lie in the open interval (0.5, 1); got {robust!r}")
    if result is None:
        result = monte_carlo(draws=20_000, seed=0, years=(20.0,))
    out = []
    for row in ledger_rows(result):
        share = row["share"]
        verdict = "pass" if share >= robust else "fail" if share <= 1 - robust else "inconclusive"
        out.append(Claim(
            row["claim_number"], f"share of joint draws with {row['criterion']}", row["paper_text"],
            None, share, f">= {robust:g} robust; <= {1 - robust:g} contradicted", verdict,
            "printed", "share of draws", row["where"],
            note=(f"{row['claim']}: joint Monte Carlo over the uncertain inputs "
                  f"(meekbook.uncertainty.DEFAULT_PRIORS, chapter 'How sure are we?'), "
                  f"{result.draws:,} draws, seed {result.seed}; inconclusive = holds in some "
                  "draws but not robustly"),
        ))
    return out
