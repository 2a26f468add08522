"""One row of the reproduction ledger (:class:`Claim`), its kinds and verdicts, the row
constructors, and the ledger's counts and plain-text table.

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
    share that peak), or a property that holds for every parameter set (the token count
    rises after the peak because ``n = 2.65 / ΔL`` and ΔL falls after its single peak). A
    *conditional* identity states its ``condition`` and is checked under it. Identities are
    shown, but are not counted as evidence.
``robustness``
    The share of joint Monte Carlo draws of the model's uncertain inputs in which a claim holds
    (chapter "How sure are we?"). It measures how wide the priors are around the paper's own
    values, not a fact about the world, so it is shown apart and not counted as evidence;
    each such row carries the sensitivity of its verdict to the cutoff and to the prior widths.

Verdicts
--------
Each row has one of three verdicts (:data:`VERDICTS`): ``pass``, ``fail``, or
``inconclusive`` when the data cannot decide -- an interval that contains the threshold of a
statement. A printed or derived number passes when the recomputed value agrees with it *to
the printed precision*: half a unit in the last printed digit (0.022 -> +-0.0005) unless the
row states its own tolerance. Qualitative statements are turned into a number and a
threshold, stated in the row.

The fields of :class:`Claim` and the keys of :meth:`Claim.as_dict` are the ledger's stable
format (the JSON of ``verify --json``); add fields only at the end, with a default.
"""


from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

import numpy as np


__all__ = [
    "Claim", "format_table", "all_passed", "counts", "CLAIM_TITLES", "CLAIM_CHAPTERS",
    "KINDS", "VERDICTS", "value_row", "threshold_row", "interval_row", "interval_threshold_row",
]

#: Where a row's reference comes from (see the module docstring).
KINDS: tuple[str, ...] = ("printed", "derived", "identity", "robustness")
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
    sensitivity : tuple of (str, float, str)
        Robustness rows: ``(setting, share, verdict)`` for each prior width and cutoff tried
        (e.g. ``("widths x2", 0.71, "inconclusive")``); empty for the other kinds.
    condition : str
        Conditional identities: the condition under which the identity holds (and is checked).
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
    sensitivity: tuple[tuple[str, float, str], ...] = ()
    condition: str = ""

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
        """True unless the row is an identity or a robustness share (shown, not counted)."""
        return self.kind not in ("identity", "robustness")

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
        if not np.isfinite(self.recomputed):       # no estimate (e.g. a fit on too few points)
            d["recomputed"] = None
        d["sensitivity"] = [{"setting": k, "share": v, "verdict": w} for k, v, w in self.sensitivity]
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
#: The strict opposite of each comparison: a statement fails only where this holds.
_OPPOSITE = {"<": ">", "<=": ">", ">": "<", ">=": "<"}


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
    >>> row(0.1, 0.5), row(-0.5, -0.1), row(-0.2, 0.6), row(0.0, 0.0), row(float("nan"), 1.0)
    ('pass', 'fail', 'inconclusive', 'inconclusive', 'inconclusive')
    """
    _check_op(op)
    low, high = float(low), float(high)
    if not (np.isfinite(low) and np.isfinite(high) and np.isfinite(estimate)):
        return Claim(claim, quantity, statement, None, float(estimate),
                     "no interval: the fit is not defined on these data", "inconclusive", kind,
                     unit, where, note)
    opposite = _OPS[_OPPOSITE[op]]
    if _OPS[op](low, threshold) and _OPS[op](high, threshold):
        verdict = "pass"
    elif opposite(low, threshold) and opposite(high, threshold):
        verdict = "fail"     # the whole interval strictly on the other side (touching 0 is not)
    else:
        verdict = "inconclusive"
    criterion = f"interval [{low:.3g}, {high:.3g}] {op} {threshold:g}"
    return Claim(claim, quantity, statement, None, float(estimate), criterion, verdict, kind,
                 unit, where, note)


def counts(rows: list[Claim]) -> dict[str, int]:
    """Verdict counts over the evidence rows, with identities and robustness rows apart.

    Returns ``{"pass", "fail", "inconclusive"}`` counts over the evidence rows (printed and
    derived), ``"identity"`` (number of identity rows), ``"identity_fail"`` (identities that do
    not hold: a bug in the code), ``"robustness"`` (rows reporting a share of Monte Carlo
    draws) and ``"robustness_pass"``, ``"robustness_fail"``, ``"robustness_inconclusive"``.

    Examples
    --------
    >>> counts([value_row(1, "q", "1.0", 1.0, "", "eq. 1", kind="derived")])["pass"]
    1
    """
    out = {v: sum(r.evidence and r.verdict == v for r in rows) for v in VERDICTS}
    ident = [r for r in rows if r.kind == "identity"]
    robust = [r for r in rows if r.kind == "robustness"]
    out["identity"] = len(ident)
    out["identity_fail"] = sum(r.verdict == "fail" for r in ident)
    out["robustness"] = len(robust)
    for v in VERDICTS:
        out[f"robustness_{v}"] = sum(r.verdict == v for r in robust)
    return out


def all_passed(rows: list[Claim]) -> bool:
    """True if no evidence or identity row fails (inconclusive rows do not fail; a broken
    identity does; robustness rows report how wide the priors are and never fail the ledger)."""
    return all(r.verdict != "fail" for r in rows if r.kind != "robustness")


_LABEL = {"pass": "PASS", "fail": "FAIL", "inconclusive": "INCONCLUSIVE"}


def _table_line(r: Claim, width: int = 60) -> str:
    verdict = _LABEL[r.verdict]
    quantity = r.quantity if len(r.quantity) <= width else r.quantity[: width - 1] + "…"
    value = f"{r.recomputed:>10.4g}" if np.isfinite(r.recomputed) else f"{'no fit':>10}"
    return (f"  {verdict:<12} {r.kind:<8}  {quantity:<{width}} paper {r.paper_text:>26}  "
            f"recomputed {value} {r.unit:<10}  [{r.criterion}]")


def format_table(rows: list[Claim]) -> str:
    """The ledger as a plain-text table, grouped by claim, then the robustness rows apart
    (each with its sensitivity to the cutoff and the prior widths), then the counts."""
    lines = []
    current = None
    for r in rows:
        if r.kind == "robustness":
            continue
        if r.claim != current:
            current = r.claim
            lines.append("")
            lines.append(f"Claim {r.claim}: {r.title}  [chapter: {r.chapter}]")
        lines.append(_table_line(r))
        if r.condition:
            lines.append(f"  {'':<12} {'':<8}  holds if {r.condition}")
    robust = [r for r in rows if r.kind == "robustness"]
    if robust:
        lines.append("")
        lines.append("Robustness: share of Monte Carlo draws in which a claim holds "
                     "(measures the priors' width; not counted as evidence)")
        for r in robust:
            lines.append(f"  claim {r.claim}: {_table_line(r).strip()}")
            if r.sensitivity:
                parts = ", ".join(f"{k} {v:.3f} {_LABEL[w].lower()}" for k, v, w in r.sensitivity)
                lines.append(f"    sensitivity: {parts}")
    c = counts(rows)
    lines.append("")
    held = c["identity"] - c["identity_fail"]
    lines.append(f"identities (shown, not counted as evidence): {held} of {c['identity']} hold")
    if c["robustness"]:
        lines.append(f"robustness rows (shown, not counted as evidence): {c['robustness_pass']} "
                     f"robust, {c['robustness_fail']} contradicted, "
                     f"{c['robustness_inconclusive']} inconclusive of {c['robustness']}")
    lines.append(f"verify: {c['pass']} passed, {c['fail']} failed, {c['inconclusive']} inconclusive")
    return "\n".join(lines).lstrip("\n")
