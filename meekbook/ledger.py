"""The reproduction ledger: each quantitative claim of the paper, recomputed.

Shown in the book's reproduction ledger page; ``python -m meekbook verify`` prints it with the
counts of each verdict and exits non-zero only if a row fails.

Kinds of row
------------
Every row says where its reference value comes from (:data:`KINDS`):

``printed``
    The value or statement is printed in the paper (Gundlach, Lynch and Thompson 2025,
    arXiv:2507.07931); ``where`` gives the place (section, figure or equation of the paper).
``derived``
    The reference value is computed from the paper's model at the paper's settings (for
    example the exact peak 3.359 years, which the paper's text rounds to "about 3.4 years");
    ``where`` names the equation or figure whose settings it uses. Such a row checks that this
    package reproduces the model, not a number the reader can look up in the paper.
``identity``
    The check holds by construction: arithmetic (Wald's constant at alpha = beta = 0.05), a
    property the closed form has by design (the peak time contains neither C0 nor K), or a
    comparison that cannot come out otherwise (schedules that differ only after the peak
    share that peak). Identities are shown, but are not counted as evidence.

Verdicts
--------
Each row has one of three verdicts (:data:`VERDICTS`): ``pass``, ``fail``, or
``inconclusive`` when the data cannot decide -- an interval that contains the threshold of a
statement. A printed or derived number passes when the recomputed value agrees with it *to
the printed precision*: half a unit in the last printed digit (0.022 -> +-0.0005) unless the
row states its own tolerance. Qualitative statements are turned into a number and a
threshold, stated in the row.

Adding a row
------------
Build rows with the public constructors :func:`value_row`, :func:`threshold_row`,
:func:`interval_row` and :func:`interval_threshold_row`, each of which takes the claim number,
what is compared, the reference, the recomputed value, the unit, ``where`` and a keyword
``kind``. Put them in a function returning ``list[Claim]`` and call it from :func:`claims`
(as ``_model_claims`` and ``_data_claims`` are). A new claim number also needs an
entry in :data:`CLAIM_TITLES` and :data:`CLAIM_CHAPTERS`. The fields of :class:`Claim` and the
keys of :meth:`Claim.as_dict` are the ledger's stable format (the JSON of ``verify --json``);
add fields only at the end, with a default.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

import numpy as np

from .gap import loss_gap
from .inference import inference_catch_up_time, inference_gap
from .inflection import numeric_peak, peak_gap, peak_time
from .params import PaperParams
from .scenarios import PAPER_SWEEPS, stagnation_scenarios, sweep
from .scores import benchmark_gap, benchmark_peak
from .sprt import token_threshold_over_time, wald_constant

__all__ = [
    "Claim", "claims", "format_table", "all_passed", "counts", "CLAIM_TITLES", "CLAIM_CHAPTERS",
    "KINDS", "VERDICTS", "value_row", "threshold_row", "interval_row", "interval_threshold_row",
]

#: Where a row's reference comes from (see the module docstring).
KINDS: tuple[str, ...] = ("printed", "derived", "identity")
#: The three verdicts of a row.
VERDICTS: tuple[str, ...] = ("pass", "fail", "inconclusive")

#: The nine claims of the paper the ledger checks.
CLAIM_TITLES: dict[int, str] = {
    1: "The loss gap rises, peaks at ≈3.4 years (ΔL ≈ 0.21 nats), and converges",
    2: "The peak time does not depend on the starting budget or on K",
    3: "Faster frontier investment raises and advances the peak, but the gap still closes",
    4: "The MMLU gap peaks near 46 points, then closes; multi-step tasks delay it",
    5: "Distinguishing the models needs ≈12 tokens at the peak, more every year after",
    6: "Inference access converges far faster than training (9x/yr vs 3.6x/yr)",
    7: "Investment stagnation barely changes the long-run gap",
    8: "The sigmoid fit of MMLU on predicted loss recovers S, x0, k, s0",
    9: "Leaderboard data show the price-band gap narrowing",
}

#: Chapter (page label) where each claim is derived.
CLAIM_CHAPTERS: dict[int, str] = {
    1: "gap-equation", 2: "inflection-time", 3: "stagnation-robustness", 4: "benchmark-scores",
    5: "distinguishability", 6: "inference", 7: "stagnation-robustness", 8: "benchmark-scores",
    9: "empirical-check",
}


@dataclass(frozen=True)
class Claim:
    """One row of the ledger.

    Attributes
    ----------
    claim : int
        Number of the paper's claim (1-9) this row checks.
    quantity : str
        What is compared.
    paper_text : str
        The reference as printed (or as derived), or the paper's qualitative statement.
    paper : float or None
        The reference as a number (None for a qualitative statement).
    recomputed : float
        This package's value.
    criterion : str
        The test applied, e.g. ``|recomputed - 3.359| <= 0.0005`` or ``< 0.1``.
    verdict : {"pass", "fail", "inconclusive"}
        Outcome of the criterion; ``inconclusive`` when the data cannot decide.
    kind : {"printed", "derived", "identity"}
        Where the reference comes from (see the module docstring); identities are not evidence.
    unit : str
        Unit of the values.
    where : str
        Where in the paper the value or statement appears (printed), or which equation or
        figure's settings it is computed at (derived, identity).
    note : str
        How the recomputation was made, and anything a reader should know.
    tolerance : float or None
        Allowed absolute difference, for value comparisons.
    """

    claim: int
    quantity: str
    paper_text: str
    paper: float | None
    recomputed: float
    criterion: str
    verdict: str
    kind: str
    unit: str
    where: str
    note: str = ""
    tolerance: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {list(KINDS)}; got {self.kind!r}")
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {list(VERDICTS)}; got {self.verdict!r}")
        if self.claim not in CLAIM_TITLES:
            raise ValueError(f"claim must be one of {sorted(CLAIM_TITLES)}; got {self.claim!r}")
        if not self.where.strip():
            raise ValueError(f"where must name a place in the paper; got {self.where!r}")

    @property
    def passed(self) -> bool:
        """True when the verdict is ``pass``."""
        return self.verdict == "pass"

    @property
    def evidence(self) -> bool:
        """True unless the row is an identity (identities are shown, not counted)."""
        return self.kind != "identity"

    @property
    def title(self) -> str:
        """The claim this row belongs to."""
        return CLAIM_TITLES[self.claim]

    @property
    def chapter(self) -> str:
        """Label of the chapter that derives it."""
        return CLAIM_CHAPTERS[self.claim]

    def as_dict(self) -> dict[str, object]:
        """Plain dict (JSON-ready): the fields plus ``passed``, ``title`` and ``chapter``."""
        d = asdict(self)
        d["passed"] = self.passed
        d["title"] = self.title
        d["chapter"] = self.chapter
        return d


def _printed_tolerance(text: str) -> float:
    """Half a unit in the last printed digit: '0.022' -> 0.0005, '204' -> 0.5.

    Examples
    --------
    >>> _printed_tolerance("0.022"), _printed_tolerance("204"), _printed_tolerance("4.10")
    (0.0005, 0.5, 0.005)
    """
    exponent = Decimal(text).as_tuple().exponent
    return float(Decimal(5) * Decimal(10) ** (int(exponent) - 1))


def value_row(claim: int, quantity: str, paper_text: str, recomputed: float, unit: str, where: str,
              *, kind: str, note: str = "", tolerance: float | None = None) -> Claim:
    """A reference number compared to its printed precision (or ``tolerance``): pass or fail.

    Examples
    --------
    >>> value_row(1, "q", "1.33", 1.3349, "years", "Fig. 4", kind="derived").verdict
    'pass'
    >>> value_row(1, "q", "1.33", 1.3351, "years", "Fig. 4", kind="derived").verdict
    'fail'
    """
    paper_value = float(paper_text)
    tol = _printed_tolerance(paper_text) if tolerance is None else float(tolerance)
    rec = float(recomputed)
    ok = bool(np.isfinite(rec) and abs(rec - paper_value) <= tol * (1 + 1e-9) + 1e-15)
    criterion = f"|recomputed - {paper_text}| <= {tol:g}"
    return Claim(claim, quantity, paper_text, paper_value, rec, criterion, "pass" if ok else "fail",
                 kind, unit, where, note, tol)


_OPS = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}


def _check_op(op: str) -> None:
    if op not in _OPS:
        raise ValueError(f"op must be one of {sorted(_OPS)}; got {op!r}")


def threshold_row(claim: int, quantity: str, statement: str, recomputed: float, op: str,
                  threshold: float, unit: str, where: str, *, kind: str, note: str = "") -> Claim:
    """A qualitative statement turned into ``recomputed <op> threshold``: pass or fail.

    Examples
    --------
    >>> threshold_row(1, "q", "converges", 0.05, "<", 0.1, "ratio", "Fig. 1", kind="printed").verdict
    'pass'
    """
    _check_op(op)
    rec = float(recomputed)
    ok = bool(np.isfinite(rec) and _OPS[op](rec, threshold))
    return Claim(claim, quantity, statement, None, rec, f"{op} {threshold:g}",
                 "pass" if ok else "fail", kind, unit, where, note)


def interval_row(claim: int, quantity: str, paper_text: str, recomputed: float, low: float,
                 high: float, unit: str, where: str, *, kind: str, note: str = "") -> Claim:
    """The paper's value must fall inside an interval computed from our data: pass or fail.

    A non-finite interval (no fit possible) is inconclusive.

    Examples
    --------
    >>> interval_row(8, "S", "0.5567", 0.55, 0.50, 0.60, "", "Fig. 2", kind="printed").verdict
    'pass'
    """
    paper_value = float(paper_text)
    if not (np.isfinite(low) and np.isfinite(high)):
        verdict = "inconclusive"
    else:
        verdict = "pass" if low <= paper_value <= high else "fail"
    criterion = f"paper value in [{low:.4g}, {high:.4g}]"
    return Claim(claim, quantity, paper_text, paper_value, float(recomputed), criterion, verdict,
                 kind, unit, where, note)


def interval_threshold_row(claim: int, quantity: str, statement: str, estimate: float, low: float,
                           high: float, op: str, threshold: float, unit: str, where: str, *,
                           kind: str, note: str = "") -> Claim:
    """A statement tested on an interval estimate: three-valued.

    ``pass`` when the whole interval satisfies ``<op> threshold``, ``fail`` when the whole
    interval violates it, ``inconclusive`` when the interval contains the threshold (or is
    not finite): the data cannot decide.

    Examples
    --------
    >>> row = lambda lo, hi: interval_threshold_row(
    ...     9, "rate", "narrowing", (lo + hi) / 2, lo, hi, ">", 0.0, "per year", "Fig. 5",
    ...     kind="printed").verdict
    >>> row(0.1, 0.5), row(-0.5, -0.1), row(-0.2, 0.6)
    ('pass', 'fail', 'inconclusive')
    """
    _check_op(op)
    low, high = float(low), float(high)
    if not (np.isfinite(low) and np.isfinite(high)):
        verdict = "inconclusive"
    elif _OPS[op](low, threshold) and _OPS[op](high, threshold):
        verdict = "pass"
    elif not _OPS[op](low, threshold) and not _OPS[op](high, threshold):
        verdict = "fail"
    else:
        verdict = "inconclusive"
    criterion = f"interval [{low:.3g}, {high:.3g}] {op} {threshold:g}"
    return Claim(claim, quantity, statement, None, float(estimate), criterion, verdict, kind,
                 unit, where, note)


def _model_claims() -> list[Claim]:
    base = PaperParams()
    rows: list[Claim] = []
    t_star, gap_star = peak_time(base), peak_gap(base)

    # Claim 1 ---------------------------------------------------------------------------
    rows.append(value_row(
        1, "peak time t* (closed form)", "3.359", t_star, "years", "eq. 4 at the rates of sec. 2",
        kind="derived",
        note="ln(ln(g_alg g_h g_i)/ln(g_alg g_h))/(γ ln g_i) with the paper's rates; the paper "
             "prints the rounded 'about 3.4 years'"))
    grid = np.linspace(0, 20, 100)
    rows.append(value_row(
        1, "peak time read off a 100-point grid on [0, 20]", "3.4",
        grid[np.argmax(loss_gap(grid, base))], "years", "sec. 2, text ('about 3.4 years')",
        kind="printed", note="argmax of ΔL on np.linspace(0, 20, 100) (= 3.43); the exact peak is 3.359"))
    rows.append(value_row(1, "peak loss gap ΔL(t*)", "0.2118", gap_star, "nats/token",
                          "eq. 3 at t*; the curve of Fig. 1", kind="derived"))
    rows.append(threshold_row(
        1, "gap at year 20 relative to the peak, ΔL(20)/ΔL(t*)", "converges",
        loss_gap(20.0, base) / gap_star, "<", 0.1, "ratio", "Fig. 1 and abstract", kind="printed",
        note="the gap has fallen below a tenth of its peak by year 20"))

    # Claim 2 ---------------------------------------------------------------------------
    shifts = []
    for budget in (1.0, 1e3, 1e6, 1e9):
        for K in (100.0, 1070.0, 1e4):
            p = base.replace(budget_meek=budget, budget_sota=budget, K=K)
            shifts.append(abs(numeric_peak(p, t_max=20).time - t_star))
    rows.append(threshold_row(
        2, "largest shift of the numeric peak as C0 and K vary", "independent",
        max(shifts), "<", 1e-6, "years", "sec. 2, eq. 4", kind="identity",
        note="eq. 4 contains neither C0 nor K (ΔL is K C0^-γ times a function of t), so this only "
             "tests the numeric optimiser: 12 combinations, budgets $1..$1e9, K = 100..1e4"))

    # Claim 3 ---------------------------------------------------------------------------
    paper_growth = {1.1: ("0.022", "4.6"), 2.0: ("0.133", "3.8"), 3.6: ("0.213", "3.35"),
                    10.0: ("0.311", "2.8"), 20.0: ("0.360", "2.5")}
    curves = sweep("g_investment", PAPER_SWEEPS["g_investment"], np.linspace(0, 20, 401), base)
    for curve, g_i in zip(curves, PAPER_SWEEPS["g_investment"]):
        gap_text, time_text = paper_growth[g_i]
        rows.append(value_row(3, f"peak gap, g_i = {g_i:g}", gap_text, curve.peak_gap, "nats/token",
                              "the curves of Fig. 6", kind="derived"))
        rows.append(value_row(3, f"peak time, g_i = {g_i:g}", time_text, curve.peak_time, "years",
                              "the curves of Fig. 6", kind="derived"))
    rows.append(threshold_row(
        3, "largest ΔL(20)/peak over the five growth rates", "still closes",
        max(c.gap_at(20.0) / c.peak_gap for c in curves), "<", 0.2, "ratio", "Fig. 6 and its text",
        kind="printed", note="every curve has fallen below a fifth of its peak by year 20"))

    # Claim 4 ---------------------------------------------------------------------------
    paper_bench = {1: ("46.4", "4.1"), 2: ("49.3", "4.4"), 5: ("29.0", "5.1"), 10: ("9.6", "5.75")}
    for p_steps, (gap_text, time_text) in paper_bench.items():
        pk = benchmark_peak(base, steps=p_steps)
        rows.append(value_row(4, f"MMLU gap peak, p = {p_steps}", gap_text, pk.gap, "points",
                              "the curves of Fig. 3", kind="derived",
                              note="rounded sigmoid S=0.55, x0=1.97, k=-23.77, s0=0.25; 0.001-year grid"))
        rows.append(value_row(4, f"MMLU gap peak time, p = {p_steps}", time_text, pk.time, "years",
                              "the curves of Fig. 3", kind="derived"))
    rows.append(threshold_row(
        4, "largest MMLU gap at year 20 over p = 1, 2, 5, 10", "near 0",
        max(float(benchmark_gap(20.0, base, p)) for p in paper_bench), "<", 0.5, "points",
        "Fig. 3 and sec. 3.1", kind="printed"))
    delays = [benchmark_peak(base, steps=p).time for p in paper_bench]
    rows.append(threshold_row(
        4, "smallest delay of the peak between successive p (1→2→5→10)", "larger p peaks later",
        min(np.diff(delays)), ">", 0.0, "years", "Fig. 3 and sec. 3.1", kind="printed"))

    # Claim 5 ---------------------------------------------------------------------------
    rows.append(value_row(
        5, "Wald's constant at α = β = 0.05", "2.65", wald_constant(0.05, 0.05), "nats", "eq. 8",
        kind="identity", note="arithmetic: 0.9 ln 19 (= 2.650); it checks the formula, not a claim"))
    rows.append(value_row(5, "tokens to distinguish at the peak t*", "12.5",
                          token_threshold_over_time(t_star, base), "tokens", "the 1x curve of Fig. 9",
                          kind="derived"))
    rows.append(value_row(5, "tokens to distinguish at t = 20", "204",
                          token_threshold_over_time(20.0, base), "tokens", "the 1x curve of Fig. 9",
                          kind="derived"))
    later = np.linspace(t_star, 20, 500)
    increments = np.diff(np.asarray(token_threshold_over_time(later, base)))
    rows.append(threshold_row(
        5, "smallest step of the token count on a 500-point grid after t*", "more every year after",
        float(increments.min()), ">", 0.0, "tokens", "Fig. 9 and sec. 3.2", kind="printed"))

    # Claim 6 ---------------------------------------------------------------------------
    p36 = base.replace(g_algorithm=3.6)
    catch_up_large = inference_catch_up_time(p36.replace(g_inference=9.0))
    rows.append(value_row(6, "inference gap at t = 0 (g_alg = 3.6)", "0.919", inference_gap(0.0, p36),
                          "nats/token", "the curves of Fig. 4", kind="derived"))
    rows.append(value_row(6, "inference gap reaches 0, g_inf = 9 (large)", "1.33", catch_up_large,
                          "years", "the curves of Fig. 4", kind="derived"))
    rows.append(value_row(6, "inference gap reaches 0, g_inf = 2.8 (small)", "4.10",
                          inference_catch_up_time(p36.replace(g_inference=2.8)), "years",
                          "the curves of Fig. 4", kind="derived"))
    rows.append(value_row(6, "training gap peak (g_alg = 3.6)", "0.1875", peak_gap(p36), "nats/token",
                          "the training curve of Fig. 4", kind="derived"))
    rows.append(value_row(6, "training gap peak time (g_alg = 3.6)", "2.96", peak_time(p36), "years",
                          "the training curve of Fig. 4", kind="derived"))
    rows.append(threshold_row(
        6, "inference catch-up time minus training peak time (g_inf = 9)", "far faster",
        catch_up_large - peak_time(p36), "<", 0.0, "years", "Fig. 4 and sec. 5", kind="printed",
        note="the fixed-price user has caught up with the frontier before the training gap has "
             "even peaked"))

    # Claim 7 ---------------------------------------------------------------------------
    t_grid = np.linspace(0, 20, 401)
    scenarios = stagnation_scenarios(t_grid, base)
    for curve, text in zip(scenarios, ("0.0130", "0.0083", "0.0113")):
        rows.append(value_row(7, f"gap at year 20, {curve.label}", text, curve.gap_at(20.0),
                              "nats/token", "the curves of Fig. 10", kind="derived"))
    year20 = [c.gap_at(20.0) for c in scenarios]
    rows.append(threshold_row(
        7, "spread of the three year-20 gaps relative to the peak gap", "barely changes",
        (max(year20) - min(year20)) / gap_star, "<", 0.05, "ratio", "Fig. 10 and its text",
        kind="printed",
        note="stopping or slowing frontier spending at year 5 moves the year-20 gap by less than "
             "5% of the peak gap"))
    rows.append(threshold_row(
        7, "largest difference between the three scenarios' peak times (change at year 5)",
        "same t*", max(c.peak_time for c in scenarios) - min(c.peak_time for c in scenarios),
        "<", 1e-6, "years", "Fig. 10", kind="identity",
        note="the schedules differ only after year 5, later than t* = 3.36, so they share the "
             "peak by construction"))
    early = stagnation_scenarios(t_grid, base, change_year=2.0)
    rows.append(threshold_row(
        7, "how far a freeze at year 2 (before t*) moves the peak", "the change comes after t*",
        t_star - early[1].peak_time, ">", 0.5, "years", "Fig. 10 and eq. 4", kind="derived",
        note="the falsifiable side of 'same t*': a stop before the peak does move it (to the "
             "stop, year 2), so the shared peak of Fig. 10 is informative"))
    for budget, text in ((1e4, "0.27"), (1e5, "0.45"), (1e6, "0.58")):
        p = base.replace(budget_sota=budget)
        rows.append(value_row(7, f"gap at t = 0, frontier starts with ${budget:,.0f}", text,
                              loss_gap(0.0, p), "nats/token", "the curves of Fig. 7", kind="derived"))
        rows.append(value_row(7, f"gap at year 20, frontier starts with ${budget:,.0f}", "0.013",
                              loss_gap(20.0, p), "nats/token", "the curves of Fig. 7", kind="derived"))
    for gamma, text in ((0.155, "0.202"), (0.178, "0.070")):
        rows.append(value_row(7, f"peak gap with γ = {gamma:g} (K = 1070)", text,
                              peak_gap(base.replace(gamma=gamma)), "nats/token",
                              "the exponent variant (appendix figure)", kind="derived"))
    return rows


def _data_claims() -> list[Claim]:
    from .datasets import load_base_models, load_leaderboard
    from .frontier import frontier_gap
    from .sigmoid_fit import sigmoid_fit_on_models

    rows: list[Claim] = []
    fit = sigmoid_fit_on_models(load_base_models(), n_bootstrap=1000, seed=0)
    ours = fit.fit.params.as_dict()
    for name, text in (("S", "0.5567"), ("x0", "1.9739"), ("k", "-23.775"), ("s0", "0.2540")):
        low, high = fit.intervals[name]
        rows.append(interval_row(
            8, f"sigmoid {name}: refit on this book's base-model table", text, ours[name], low, high,
            "", "Fig. 2 and sec. 3.1 (published fit)", kind="printed",
            note=f"95% bootstrap interval of the refit (n = {fit.fit.n} models, 1000 resamples, "
                 "seed 0)",
        ))
    board = load_leaderboard()
    notes = {
        "mmlu_pro": "the paper's benchmark, on one evaluator (the independent TIGER-Lab runs, "
                    "frontier_gap's default); no independent MMLU-Pro run of GPT-4 or Claude 2 "
                    "was sourced, so the series starts in 2024",
        "mmlu": "wider 2023 coverage (GPT-4, Claude 2 have MMLU), but every MMLU value is "
                "vendor-reported and MMLU saturates near 90%",
    }
    for score, label in (("mmlu_pro", "MMLU-Pro"), ("mmlu", "MMLU")):
        rate = frontier_gap(board, price_min=0.5, price_max=1.0, score=score, method="log").rate
        rows.append(interval_threshold_row(
            9, f"proportional shrink rate of the gap, best model vs best $0.5-1 model ({label})",
            "narrowing", rate.rate, rate.low, rate.high, ">", 0.0, "per year",
            "Fig. 5 and its text", kind="printed",
            note=f"log-linear fit (the model's late-time gap decays geometrically), estimate "
                 f"{rate.rate:.3g}, 95% interval [{rate.low:.3g}, {rate.high:.3g}] from "
                 f"{rate.n_points} points; the verdict is inconclusive whenever the interval contains 0; "
                 f"{notes[score]}; the paper calls this evidence suggestive, not conclusive",
        ))
    return rows


def claims(include_data: bool = True) -> list[Claim]:
    """Every claim of the paper with its recomputed value, kind and verdict.

    Parameters
    ----------
    include_data : bool
        Include claims 8 and 9, which refit the book's data sets (about a second).

    Examples
    --------
    >>> rows = claims(include_data=False)
    >>> counts(rows)["fail"], sorted({r.claim for r in rows})
    (0, [1, 2, 3, 4, 5, 6, 7])
    >>> sorted({r.kind for r in rows})
    ['derived', 'identity', 'printed']
    """
    rows = _model_claims()
    if include_data:
        rows.extend(_data_claims())
        from .uncertainty import ledger_claims  # share of joint draws in which each claim holds

        rows.extend(ledger_claims())
        rows.sort(key=lambda r: r.claim)  # stable: those rows join their claim's group
    return rows


def counts(rows: list[Claim]) -> dict[str, int]:
    """Verdict counts over the evidence rows, and the identities apart.

    Returns ``{"pass", "fail", "inconclusive"}`` counts over rows that are not identities,
    plus ``"identity"`` (number of identity rows) and ``"identity_fail"`` (identities that do
    not hold: a bug in the code).

    Examples
    --------
    >>> counts([value_row(1, "q", "1.0", 1.0, "", "eq. 1", kind="derived")])
    {'pass': 1, 'fail': 0, 'inconclusive': 0, 'identity': 0, 'identity_fail': 0}
    """
    out = {v: sum(r.evidence and r.verdict == v for r in rows) for v in VERDICTS}
    out["identity"] = sum(not r.evidence for r in rows)
    out["identity_fail"] = sum(not r.evidence and r.verdict == "fail" for r in rows)
    return out


def all_passed(rows: list[Claim]) -> bool:
    """True if no row fails (inconclusive rows do not fail; a broken identity does)."""
    return all(r.verdict != "fail" for r in rows)


_LABEL = {"pass": "PASS", "fail": "FAIL", "inconclusive": "INCONCLUSIVE"}


def format_table(rows: list[Claim]) -> str:
    """The ledger as a plain-text table, grouped by claim, with the counts at the end."""
    lines = []
    current = None
    width = 60
    for r in rows:
        if r.claim != current:
            current = r.claim
            lines.append("")
            lines.append(f"Claim {r.claim}: {r.title}  [chapter: {r.chapter}]")
        verdict = _LABEL[r.verdict]
        quantity = r.quantity if len(r.quantity) <= width else r.quantity[: width - 1] + "…"
        lines.append(f"  {verdict:<12} {r.kind:<8}  {quantity:<{width}} paper {r.paper_text:>26}  "
                     f"recomputed {r.recomputed:>10.4g} {r.unit:<10}  [{r.criterion}]")
    c = counts(rows)
    lines.append("")
    held = c["identity"] - c["identity_fail"]
    lines.append(f"identities (shown, not counted as evidence): {held} of {c['identity']} hold")
    lines.append(f"verify: {c['pass']} passed, {c['fail']} failed, {c['inconclusive']} inconclusive")
    return "\n".join(lines).lstrip("\n")
