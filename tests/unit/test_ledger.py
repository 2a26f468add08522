"""The reproduction ledger: kinds, three-valued verdicts, counts and the ``verify`` command.

Reference values come from the paper (arXiv:2507.07931) or from closed forms written out here,
never from the ledger itself.
"""

import json
import math

import numpy as np
import pytest

import meekbook.checks.ledger as ledger
import meekbook.checks.claim as claim_module
from meekbook.cli import main
from meekbook.checks.ledger import (
    KINDS,
    VERDICTS,
    claims,
    counts,
    interval_row,
    interval_threshold_row,
    threshold_row,
    value_row,
)


@pytest.fixture(scope="module")
def model_rows():
    return claims(include_data=False)


# --- row constructors ---------------------------------------------------------------------

def test_printed_tolerance_rule():
    assert claim_module._printed_tolerance("0.0130") == pytest.approx(5e-5)
    assert claim_module._printed_tolerance("46.4") == pytest.approx(0.05)
    assert value_row(1, "q", "1.33", 1.3349, "", "Fig. 4", kind="derived").verdict == "pass"
    assert value_row(1, "q", "1.33", 1.3351, "", "Fig. 4", kind="derived").verdict == "fail"
    assert value_row(1, "q", "1.33", float("nan"), "", "Fig. 4", kind="derived").verdict == "fail"


@pytest.mark.parametrize("low, high, expected", [
    (0.1, 0.5, "pass"), (-0.5, -0.1, "fail"), (-0.2, 0.6, "inconclusive"),
    (0.0, 0.6, "inconclusive"), (float("nan"), 0.6, "inconclusive"),
])
def test_interval_threshold_row_is_three_valued(low, high, expected):
    row = interval_threshold_row(9, "rate", "narrowing", 0.2, low, high, ">", 0.0, "per year",
                                 "Fig. 5", kind="printed")
    assert row.verdict == expected
    assert row.passed is (expected == "pass")


def test_interval_row_pass_fail():
    assert interval_row(8, "S", "0.5567", 0.55, 0.5, 0.6, "", "Fig. 2", kind="printed").verdict == "pass"
    assert interval_row(8, "S", "0.5567", 0.7, 0.6, 0.8, "", "Fig. 2", kind="printed").verdict == "fail"


def test_threshold_row_rejects_unknown_operator():
    with pytest.raises(ValueError, match="op must be one of"):
        threshold_row(1, "q", "s", 1.0, "!=", 0.0, "", "Fig. 1", kind="printed")


@pytest.mark.parametrize("field, value, match", [
    ("kind", "guessed", "kind must be one of"),
    ("where", " ", "where must name a place"),
    ("claim", 42, "claim must be one of"),
])
def test_claim_validates_its_fields(field, value, match):
    args = dict(claim=1, quantity="q", paper_text="1.0", paper=1.0, recomputed=1.0,
                criterion="c", verdict="pass", kind="derived", unit="", where="eq. 4")
    args[field] = value
    with pytest.raises(ValueError, match=match):
        ledger.Claim(**args)


# --- the rows of the ledger ---------------------------------------------------------------

def test_every_row_has_a_kind_and_a_verdict(model_rows):
    assert {r.kind for r in model_rows} == set(KINDS) - {"robustness"}   # those need the data
    assert {r.verdict for r in model_rows} <= set(VERDICTS)
    for r in model_rows:
        if r.kind == "printed":
            assert any(tag in r.where for tag in ("sec.", "Fig.", "eq.")), r


def test_identities_are_the_cannot_fail_rows(model_rows):
    identities = {(r.claim, r.quantity) for r in model_rows if r.kind == "identity"}
    assert {claim for claim, _ in identities} == {2, 5, 7}
    assert any("Wald" in q for _, q in identities)
    assert any("peak times" in q for _, q in identities)


def test_the_paper_prints_about_3_4_years_and_3_359_is_derived(model_rows):
    by_text = {r.paper_text: r for r in model_rows if r.claim == 1}
    assert by_text["3.4"].kind == "printed" and "sec. 2" in by_text["3.4"].where
    assert by_text["3.359"].kind == "derived" and by_text["0.2118"].kind == "derived"


def test_freeze_before_the_peak_moves_it(model_rows):
    # Independent math: with a freeze at year 2 < t*, the frontier's compute is g_i**2 times the
    # meek one's after year 2, so dΔL/dt < 0 there; before year 2 the gap rises (2 < t*). The
    # peak is the freeze year, and it moves by t* - 2.
    g_h, g_alg, g_i, gamma = 1.4, 2.8, 5 / 1.4, 0.154
    t_star = math.log(math.log(g_alg * g_h * g_i) / math.log(g_alg * g_h)) / (gamma * math.log(g_i))
    row = next(r for r in model_rows if r.quantity.startswith("how far a freeze at year 2"))
    assert row.kind == "derived" and row.verdict == "pass"
    assert row.recomputed == pytest.approx(t_star - 2.0, abs=1e-3)


def test_counts_leave_identities_out():
    rows = [
        value_row(1, "a", "1.0", 1.0, "", "eq. 4", kind="derived"),
        value_row(5, "b", "2.65", 2.65, "", "eq. 8", kind="identity"),
        interval_threshold_row(9, "c", "narrowing", 0.5, -0.1, 1.0, ">", 0.0, "", "Fig. 5", kind="printed"),
    ]
    assert counts(rows) == {"pass": 1, "fail": 0, "inconclusive": 1, "identity": 1, "identity_fail": 0,
                            "robustness": 0, "robustness_pass": 0, "robustness_fail": 0,
                            "robustness_inconclusive": 0}


def test_claim_9_is_inconclusive_exactly_when_its_interval_contains_zero():
    from meekbook.empirical.datasets import load_leaderboard
    from meekbook.empirical.frontier import frontier_gap

    board = load_leaderboard()
    rows = [r for r in ledger.data_claims() if r.claim == 9]
    assert len(rows) == 4          # both fits of both series, side by side
    for row, (score, method) in zip(rows, [(s, m) for s in ("mmlu_pro", "mmlu")
                                           for m in ("log", "linear")]):
        assert f"{method} fit" in row.quantity
        rate = frontier_gap(board, price_min=0.5, price_max=1.0, score=score, method=method).rate
        if rate.low <= 0.0 <= rate.high:
            expected = "inconclusive"
        else:
            expected = "pass" if rate.low > 0 else "fail"
        assert row.verdict == expected and row.kind == "printed"


# --- the command --------------------------------------------------------------------------

def test_verify_prints_the_three_counts(capsys):
    assert main(["verify", "--model-only"]) == 0
    out = capsys.readouterr().out
    assert "Claim 1:" in out and "Claim 7:" in out and "FAIL" not in out
    last = out.strip().splitlines()[-1]
    assert last.startswith("verify: ") and " passed, 0 failed, " in last and last.endswith(" inconclusive")
    assert "identities (shown, not counted as evidence): 4 of 4 hold" in out


def test_verify_json_carries_kind_and_verdict(capsys):
    assert main(["verify", "--json", "--model-only"]) == 0
    data = json.loads(capsys.readouterr().out)
    evidence = [r for r in data["claims"] if r["kind"] != "identity"]
    assert data["failed"] == 0 and data["identities"] == 4
    assert data["passed"] + data["inconclusive"] == len(evidence) > 40
    row = next(r for r in data["claims"] if r["quantity"] == "peak time t* (closed form)")
    assert row["paper"] == 3.359 and abs(row["recomputed"] - 3.359) < 5e-4
    assert row["verdict"] == "pass" and row["kind"] == "derived" and row["passed"] is True
    assert set(row) >= {"claim", "title", "chapter", "paper_text", "criterion", "unit", "where",
                        "note", "kind", "verdict"}


def test_verify_exits_non_zero_only_on_a_fail(monkeypatch, capsys):
    bad = value_row(1, "a deliberately wrong value", "9.99", 1.0, "years", "eq. 4", kind="derived")
    unsure = interval_threshold_row(9, "undecided", "narrowing", 0.1, -1.0, 1.0, ">", 0.0, "",
                                    "Fig. 5", kind="printed")
    monkeypatch.setattr(ledger, "claims", lambda include_data=True: [unsure])
    assert main(["verify", "--model-only"]) == 0
    assert "INCONCLUSIVE" in capsys.readouterr().out
    monkeypatch.setattr(ledger, "claims", lambda include_data=True: [unsure, bad])
    assert main(["verify", "--model-only"]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and out.strip().endswith("verify: 0 passed, 1 failed, 1 inconclusive")


def test_a_broken_identity_fails_verify(monkeypatch, capsys):
    broken = value_row(5, "Wald", "2.65", 3.0, "nats", "eq. 8", kind="identity")
    monkeypatch.setattr(ledger, "claims", lambda include_data=True: [broken])
    assert main(["verify", "--model-only"]) == 1
    assert "0 of 1 hold" in capsys.readouterr().out


def test_wald_identity_matches_its_formula(model_rows):
    row = next(r for r in model_rows if r.quantity.startswith("Wald"))
    alpha = beta = 0.05
    expected = (1 - alpha) * np.log((1 - alpha) / beta) + alpha * np.log(alpha / (1 - alpha))
    assert row.recomputed == pytest.approx(expected, rel=1e-12)


# --- robustness rows ------------------------------------------------------------------------

def _robust(share, verdict="pass"):
    return ledger.Claim(1, "share of joint draws with t* <= 10 years", "rises", None, share,
                        ">= 0.9 robust; <= 0.1 contradicted", verdict, "robustness",
                        "share of draws", "Fig. 1",
                        sensitivity=(("widths x2", 0.5, "inconclusive"), ("cutoff 0.95", share, "pass")))


def test_robustness_rows_are_shown_apart_and_not_counted(monkeypatch, capsys):
    printed = value_row(1, "a", "1.0", 1.0, "", "eq. 4", kind="derived")
    rows = [printed, _robust(0.97), _robust(0.05, "fail")]
    c = counts(rows)
    assert (c["pass"], c["fail"], c["robustness"], c["robustness_fail"]) == (1, 0, 2, 1)
    assert not rows[1].evidence
    monkeypatch.setattr(ledger, "claims", lambda include_data=True: rows)
    assert main(["verify"]) == 0                 # a contradicted share is not a failed claim
    out = capsys.readouterr().out
    head, _, tail = out.partition("Robustness:")
    assert "share of joint draws" not in head and "share of joint draws" in tail
    assert "sensitivity: widths x2 0.500 inconclusive, cutoff 0.95" in tail
    assert "robustness rows (shown, not counted as evidence): 1 robust, 1 contradicted" in tail
    assert out.strip().endswith("verify: 1 passed, 0 failed, 0 inconclusive")
    assert main(["verify", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["robustness"] == 2 and data["passed"] == 1
    assert data["claims"][1]["sensitivity"][0] == {"setting": "widths x2", "share": 0.5,
                                                   "verdict": "inconclusive"}


def test_the_ledger_robustness_rows_carry_their_sensitivity():
    from meekbook.checks import uncertainty_claims as uc

    rows = [r for r in claims() if r.kind == "robustness"]
    assert len(rows) == 7 and all(not r.evidence for r in rows)
    for r in rows:
        settings = [k for k, _, _ in r.sensitivity]
        assert settings == ["widths x0.5", "widths x1.5", "widths x2", "cutoff 0.8", "cutoff 0.95"]
        for k, share, verdict in r.sensitivity:
            cut = float(k.split()[1]) if k.startswith("cutoff") else uc.ROBUST_SHARE
            assert verdict == ("pass" if share >= cut else "fail" if share <= 1 - cut else "inconclusive")
