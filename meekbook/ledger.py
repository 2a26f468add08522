"""The reproduction ledger: each quantitative claim of the paper, recomputed.

Shown in the book's reproduction ledger page; ``python -m meekbook verify`` prints it and
exits non-zero if any claim fails.

A claim passes when the recomputed value agrees with the value the paper prints *to the
paper's printed precision*: the tolerance is half a unit in the last printed digit (0.022 →
±0.0005), unless a claim states its own tolerance (qualitative claims are turned into a number
and a threshold, stated in the row). Paper values are typed from the paper; recomputed values
come from the model functions of this package.
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

__all__ = ["Claim", "claims", "format_table", "all_passed", "CLAIM_TITLES"]

#: The nine claims of the paper worth verifying (section 9 of the book's specification).
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
        The paper's value as printed, or its qualitative statement.
    paper : float or None
        The paper's value as a number (None for a qualitative statement).
    recomputed : float
        This package's value.
    criterion : str
        The test applied, e.g. ``|recomputed - 3.359| <= 0.0005`` or ``< 0.1``.
    passed : bool
        Whether the criterion holds.
    unit : str
        Unit of the values.
    where : str
        Where in the paper the value appears.
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
    passed: bool
    unit: str
    where: str
    note: str = ""
    tolerance: float | None = None

    @property
    def title(self) -> str:
        """The claim this row belongs to."""
        return CLAIM_TITLES[self.claim]

    @property
    def chapter(self) -> str:
        """Label of the chapter that derives it."""
        return CLAIM_CHAPTERS[self.claim]

    def as_dict(self) -> dict[str, object]:
        """Plain dict (JSON-ready)."""
        d = asdict(self)
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


def _row(claim: int, quantity: str, paper_text: str, recomputed: float, unit: str, where: str,
         note: str = "", tolerance: float | None = None) -> Claim:
    """A value the paper prints, compared to its printed precision (or ``tolerance``)."""
    paper_value = float(paper_text)
    tol = _printed_tolerance(paper_text) if tolerance is None else tolerance
    rec = float(recomputed)
    passed = bool(np.isfinite(rec) and abs(rec - paper_value) <= tol * (1 + 1e-9) + 1e-15)
    criterion = f"|recomputed - {paper_text}| <= {tol:g}"
    return Claim(claim, quantity, paper_text, paper_value, rec, criterion, passed, unit, where, note, tol)


def _threshold_row(claim: int, quantity: str, statement: str, recomputed: float, op: str,
                   threshold: float, unit: str, where: str, note: str = "") -> Claim:
    """A qualitative statement of the paper turned into ``recomputed <op> threshold``."""
    rec = float(recomputed)
    checks = {"<": rec < threshold, "<=": rec <= threshold, ">": rec > threshold, ">=": rec >= threshold}
    if op not in checks:
        raise ValueError(f"op must be one of {sorted(checks)}; got {op!r}")
    passed = bool(np.isfinite(rec) and checks[op])
    return Claim(claim, quantity, statement, None, rec, f"{op} {threshold:g}", passed, unit, where, note)


def _interval_row(claim: int, quantity: str, paper_text: str, recomputed: float, low: float,
                  high: float, unit: str, where: str, note: str = "") -> Claim:
    """The paper's value must fall inside an interval computed from our data."""
    paper_value = float(paper_text)
    passed = bool(low <= paper_value <= high)
    criterion = f"paper value in [{low:.4g}, {high:.4g}]"
    return Claim(claim, quantity, paper_text, paper_value, float(recomputed), criterion, passed,
                 unit, where, note)


def _model_claims() -> list[Claim]:
    base = PaperParams()
    rows: list[Claim] = []
    t_star, gap_star = peak_time(base), peak_gap(base)

    # Claim 1 ---------------------------------------------------------------------------
    rows.append(_row(1, "peak time t* (closed form)", "3.359", t_star, "years", "eq. 4",
                     "ln(ln(g_alg g_h g_i)/ln(g_alg g_h))/(γ ln g_i) with the paper's rates"))
    grid = np.linspace(0, 20, 100)
    rows.append(_row(1, "peak time read off the paper's 100-point grid on [0, 20]", "3.4",
                     grid[np.argmax(loss_gap(grid, base))], "years", "sec. 2, text ('about 3.4 years')",
                     "argmax of ΔL on np.linspace(0, 20, 100) (= 3.43); the exact peak is 3.359"))
    rows.append(_row(1, "peak loss gap ΔL(t*)", "0.2118", gap_star, "nats/token", "Fig. 1"))
    rows.append(_threshold_row(1, "gap at year 20 relative to the peak, ΔL(20)/ΔL(t*)", "converges",
                               loss_gap(20.0, base) / gap_star, "<", 0.1, "ratio", "Fig. 1",
                               "the gap has fallen below a tenth of its peak by year 20"))

    # Claim 2 ---------------------------------------------------------------------------
    shifts = []
    for budget in (1.0, 1e3, 1e6, 1e9):
        for K in (100.0, 1070.0, 1e4):
            p = base.replace(budget_meek=budget, budget_sota=budget, K=K)
            shifts.append(abs(numeric_peak(p, t_max=20).time - t_star))
    rows.append(_threshold_row(2, "largest shift of the numeric peak as C0 and K vary", "independent",
                               max(shifts), "<", 1e-6, "years", "sec. 2, eq. 4",
                               "numeric argmax over 12 combinations: budgets $1..$1e9, K = 100..1e4"))

    # Claim 3 ---------------------------------------------------------------------------
    paper_growth = {1.1: ("0.022", "4.6"), 2.0: ("0.133", "3.8"), 3.6: ("0.213", "3.35"),
                    10.0: ("0.311", "2.8"), 20.0: ("0.360", "2.5")}
    curves = sweep("g_investment", PAPER_SWEEPS["g_investment"], np.linspace(0, 20, 401), base)
    for curve, g_i in zip(curves, PAPER_SWEEPS["g_investment"]):
        gap_text, time_text = paper_growth[g_i]
        rows.append(_row(3, f"peak gap, g_i = {g_i:g}", gap_text, curve.peak_gap, "nats/token", "Fig. 6"))
        rows.append(_row(3, f"peak time, g_i = {g_i:g}", time_text, curve.peak_time, "years", "Fig. 6"))
    rows.append(_threshold_row(3, "largest ΔL(20)/peak over the five growth rates", "still closes",
                               max(c.gap_at(20.0) / c.peak_gap for c in curves), "<", 0.2, "ratio",
                               "Fig. 6", "every curve has fallen below a fifth of its peak by year 20"))

    # Claim 4 ---------------------------------------------------------------------------
    paper_bench = {1: ("46.4", "4.1"), 2: ("49.3", "4.4"), 5: ("29.0", "5.1"), 10: ("9.6", "5.75")}
    for p_steps, (gap_text, time_text) in paper_bench.items():
        pk = benchmark_peak(base, steps=p_steps)
        rows.append(_row(4, f"MMLU gap peak, p = {p_steps}", gap_text, pk.gap, "points", "Fig. 3",
                         "rounded sigmoid S=0.55, x0=1.97, k=-23.77, s0=0.25; 0.001-year grid"))
        rows.append(_row(4, f"MMLU gap peak time, p = {p_steps}", time_text, pk.time, "years", "Fig. 3"))
    rows.append(_threshold_row(4, "largest MMLU gap at year 20 over p = 1, 2, 5, 10", "near 0",
                               max(float(benchmark_gap(20.0, base, p)) for p in paper_bench), "<", 0.5,
                               "points", "Fig. 3"))
    delays = [benchmark_peak(base, steps=p).time for p in paper_bench]
    rows.append(_threshold_row(4, "smallest delay of the peak between successive p (1→2→5→10)",
                               "larger p peaks later", min(np.diff(delays)), ">", 0.0, "years", "Fig. 3"))

    # Claim 5 ---------------------------------------------------------------------------
    rows.append(_row(5, "Wald's constant at α = β = 0.05", "2.65", wald_constant(0.05, 0.05), "nats", "eq. 8"))
    rows.append(_row(5, "tokens to distinguish at the peak t*", "12.5",
                     token_threshold_over_time(t_star, base), "tokens", "Fig. 9"))
    rows.append(_row(5, "tokens to distinguish at t = 20", "204",
                     token_threshold_over_time(20.0, base), "tokens", "Fig. 9"))
    later = np.linspace(t_star, 20, 500)
    increments = np.diff(np.asarray(token_threshold_over_time(later, base)))
    rows.append(_threshold_row(5, "smallest step of the token count on a 500-point grid after t*",
                               "more every year after", float(increments.min()), ">", 0.0, "tokens",
                               "Fig. 9"))

    # Claim 6 ---------------------------------------------------------------------------
    p36 = base.replace(g_algorithm=3.6)
    rows.append(_row(6, "inference gap at t = 0 (g_alg = 3.6)", "0.919", inference_gap(0.0, p36),
                     "nats/token", "Fig. 4"))
    rows.append(_row(6, "inference gap reaches 0, g_inf = 9 (large)", "1.33",
                     inference_catch_up_time(p36.replace(g_inference=9.0)), "years", "Fig. 4"))
    rows.append(_row(6, "inference gap reaches 0, g_inf = 2.8 (small)", "4.10",
                     inference_catch_up_time(p36.replace(g_inference=2.8)), "years", "Fig. 4"))
    rows.append(_row(6, "training gap peak (g_alg = 3.6)", "0.1875", peak_gap(p36), "nats/token", "Fig. 4"))
    rows.append(_row(6, "training gap peak time (g_alg = 3.6)", "2.96", peak_time(p36), "years", "Fig. 4"))

    # Claim 7 ---------------------------------------------------------------------------
    scenarios = stagnation_scenarios(np.linspace(0, 20, 401), base)
    for curve, text in zip(scenarios, ("0.0130", "0.0083", "0.0113")):
        rows.append(_row(7, f"gap at year 20, {curve.label}", text, curve.gap_at(20.0), "nats/token", "Fig. 10"))
    rows.append(_threshold_row(7, "largest difference between the three scenarios' peak times",
                               "same t*", max(c.peak_time for c in scenarios) - min(c.peak_time for c in scenarios),
                               "<", 1e-6, "years", "Fig. 10"))
    for budget, text in ((1e4, "0.27"), (1e5, "0.45"), (1e6, "0.58")):
        p = base.replace(budget_sota=budget)
        rows.append(_row(7, f"gap at t = 0, frontier starts with ${budget:,.0f}", text, loss_gap(0.0, p),
                         "nats/token", "Fig. 7"))
        rows.append(_row(7, f"gap at year 20, frontier starts with ${budget:,.0f}", "0.013",
                         loss_gap(20.0, p), "nats/token", "Fig. 7 ('all converge to ≈ 0.013')"))
    for gamma, text in ((0.155, "0.202"), (0.178, "0.070")):
        rows.append(_row(7, f"peak gap with γ = {gamma:g} (K = 1070)", text,
                         peak_gap(base.replace(gamma=gamma)), "nats/token", "exponent variant"))
    return rows


def _data_claims() -> list[Claim]:
    from .datasets import load_base_models, load_leaderboard
    from .frontier import frontier_gap
    from .sigmoid_fit import sigmoid_fit_on_models
    from .sigmoid import PAPER_SIGMOID_FIT

    rows: list[Claim] = []
    fit = sigmoid_fit_on_models(load_base_models(), n_bootstrap=1000, seed=0)
    ours = fit.fit.params.as_dict()
    for name, text in (("S", "0.5567"), ("x0", "1.9739"), ("k", "-23.775"), ("s0", "0.2540")):
        low, high = fit.intervals[name]
        rows.append(_interval_row(
            8, f"sigmoid {name}: refit on this book's base-model table", text, ours[name], low, high,
            "", "Fig. 2",
            f"95% bootstrap interval of the refit (n = {fit.fit.n} models, 1000 resamples, seed 0)",
        ))
    board = load_leaderboard()
    notes = {
        "mmlu_pro": "the paper's benchmark; our snapshot has no MMLU-Pro for GPT-4 or Claude 2, so "
                    "the 2023 gap is 0 by construction and the fit starts at the first positive gap",
        "mmlu": "wider 2023 coverage (GPT-4, Claude 2 have MMLU); MMLU saturates near 90%",
    }
    for score, label in (("mmlu_pro", "MMLU-Pro"), ("mmlu", "MMLU")):
        rate = frontier_gap(board, price_min=0.5, price_max=1.0, score=score, method="log").rate
        rows.append(_threshold_row(
            9, f"proportional shrink rate of the gap, best model vs best $0.5-1 model ({label})",
            "narrowing", rate.rate, ">", 0.0, "per year", "Fig. 5",
            f"log-linear fit (the model's late-time gap decays geometrically); 95% interval "
            f"[{rate.low:.3g}, {rate.high:.3g}] from {rate.n_points} points; {notes[score]}; "
            "the paper calls this evidence suggestive, not conclusive",
        ))
    return rows


def claims(include_data: bool = True) -> list[Claim]:
    """Every claim of the paper with its recomputed value and a pass/fail verdict.

    Parameters
    ----------
    include_data : bool
        Include claims 8 and 9, which refit the book's data sets (about a second).

    Examples
    --------
    >>> rows = claims(include_data=False)
    >>> all(r.passed for r in rows), sorted({r.claim for r in rows})
    (True, [1, 2, 3, 4, 5, 6, 7])
    """
    rows = _model_claims()
    if include_data:
        rows.extend(_data_claims())
    return rows


def all_passed(rows: list[Claim]) -> bool:
    """True if every row passed."""
    return all(r.passed for r in rows)


def format_table(rows: list[Claim]) -> str:
    """The ledger as a plain-text table, grouped by claim."""
    lines = []
    current = None
    width = 66
    for r in rows:
        if r.claim != current:
            current = r.claim
            lines.append("")
            lines.append(f"Claim {r.claim}: {r.title}  [chapter: {r.chapter}]")
        verdict = "PASS" if r.passed else "FAIL"
        quantity = r.quantity if len(r.quantity) <= width else r.quantity[: width - 1] + "…"
        lines.append(f"  {verdict}  {quantity:<{width}} paper {r.paper_text:>22}  "
                     f"recomputed {r.recomputed:>10.4g} {r.unit:<10}  [{r.criterion}]")
    n_pass = sum(r.passed for r in rows)
    lines.append("")
    lines.append(f"verify: {n_pass} passed, {len(rows) - n_pass} failed")
    return "\n".join(lines).lstrip("\n")
