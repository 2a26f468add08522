"""One evaluator at a time: the evaluator columns of the leaderboard and frontier-gap by evaluator.

Reference values are worked out by hand on small tables (in the comments) or with scipy's
``linregress`` on hand-listed points -- never taken from the code under test. The packaged-data
tests check statements the data README makes about the table.
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from meekbook.cli.data import add_subcommands
from meekbook.empirical.datasets import (
    DataValidationError,
    data_path,
    load_leaderboard,
    read_leaderboard,
)
from meekbook.empirical.frontier import evaluators, frontier_gap, select_evaluator

from support import FIXTURES, ROOT  # noqa: E402
README = ROOT / "meekbook" / "empirical" / "data" / "README.md"

# A frontier model (price 30) and a cheap model (price 0.8) on each of three dates, all run by
# one independent lab with a constant lead of 0.20. The cheap models' vendor also reports its
# own, higher scores for the last two. Mixing the two makes the gap look as if it narrows.
MIXED = pd.DataFrame(
    {
        "model": ["F1", "B1", "F2", "B2", "B2", "F3", "B3", "B3"],
        "release_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-07-01", "2024-07-01",
                                        "2024-07-01", "2025-01-01", "2025-01-01", "2025-01-01"]),
        "output_price": [30.0, 0.8, 30.0, 0.8, 0.8, 30.0, 0.8, 0.8],
        "mmlu_pro": [0.70, 0.50, 0.75, 0.55, 0.62, 0.80, 0.60, 0.70],
        "evaluator": ["Lab", "Lab", "Lab", "Lab", "vendor: Small", "Lab", "Lab", "vendor: Small"],
        "evaluator_type": ["independent", "independent", "independent", "independent", "vendor",
                           "independent", "independent", "vendor"],
    }
)
# 2024-01-01 -> 2024-07-01 is 182 days, -> 2025-01-01 is 366 days (2024 is a leap year).
YEARS = np.array([0.0, 182.0, 366.0]) / 365.25
LAB_GAPS = [0.20, 0.20, 0.20]          # (0.70-0.50, 0.75-0.55, 0.80-0.60)
MIXED_GAPS = [0.20, 0.13, 0.10]        # band best becomes the vendor's 0.62, then 0.70


def test_mixing_evaluators_fakes_narrowing_one_evaluator_does_not():
    lab = frontier_gap(MIXED, price_min=0.5, price_max=1.0)          # default: independent
    mixed = frontier_gap(MIXED, price_min=0.5, price_max=1.0, evaluator="all")
    assert lab.evaluator == "Lab" and mixed.evaluator == "all"
    assert lab.gap["gap"].tolist() == pytest.approx(LAB_GAPS, abs=1e-12)
    assert mixed.gap["gap"].tolist() == pytest.approx(MIXED_GAPS, abs=1e-12)
    # constant gap: no trend at all
    assert lab.rate.rate == pytest.approx(0.0, abs=1e-12)
    # mixed: a positive shrink rate (narrowing), as an independent regression on the hand points
    expected = -stats.linregress(YEARS, MIXED_GAPS).slope
    assert expected > 0.09
    assert mixed.rate.rate == pytest.approx(expected, rel=1e-9)
    assert lab.n_other_rows == 2 and mixed.n_other_rows == 0
    assert lab.evaluators == ("Lab", "vendor: Small")


def test_band_holder_changes_evaluator_only_when_mixed():
    lab = frontier_gap(MIXED, price_min=0.5, price_max=1.0, evaluator="Lab")
    mixed = frontier_gap(MIXED, price_min=0.5, price_max=1.0, evaluator="all")
    assert lab.band["best"].tolist() == pytest.approx([0.50, 0.55, 0.60])
    assert mixed.band["best"].tolist() == pytest.approx([0.50, 0.62, 0.70])


def test_vendor_keyword_and_names_are_case_insensitive():
    rows, chosen = select_evaluator(MIXED, "VENDOR: small")
    assert chosen == "vendor: Small" and rows["mmlu_pro"].tolist() == [0.62, 0.70]
    rows, chosen = select_evaluator(MIXED, "vendor")
    assert chosen == "vendor" and len(rows) == 2
    rows, chosen = select_evaluator(MIXED, "independent")
    assert chosen == "independent" and len(rows) == 6


def test_evaluators_table_lists_independent_first():
    table = evaluators(MIXED)
    assert table["evaluator"].tolist() == ["Lab", "vendor: Small"]
    assert table["n"].tolist() == [6, 2]


def test_default_takes_the_independent_evaluator_with_most_rows():
    two = pd.concat([MIXED, MIXED.iloc[:2].assign(evaluator="Other lab")], ignore_index=True)
    assert select_evaluator(two)[1] == "Lab"   # 6 rows against 2


@pytest.mark.parametrize("bad", ["Nobody", "", "TIGER-Lab"])
def test_unknown_evaluator_lists_the_choices(bad):
    with pytest.raises(ValueError) as info:
        frontier_gap(MIXED, price_min=0.5, price_max=1.0, evaluator=bad)
    message = str(info.value)
    assert repr(bad) in message
    for choice in ("'all'", "'independent'", "'vendor'", "'Lab'", "'vendor: Small'"):
        assert choice in message


def test_no_independent_evaluator_to_default_to():
    vendor_only = MIXED[MIXED["evaluator_type"] == "vendor"].reset_index(drop=True)
    with pytest.raises(ValueError, match="no independent evaluator"):
        frontier_gap(vendor_only, price_min=0.5, price_max=1.0)
    assert frontier_gap(vendor_only, price_min=0.5, price_max=1.0, evaluator="vendor").n_band == 2


def test_table_without_evaluator_column_is_analysed_whole():
    plain = MIXED.drop(columns=["evaluator", "evaluator_type"])
    res = frontier_gap(plain, price_min=0.5, price_max=1.0)
    assert res.evaluator == "all" and res.evaluators == ()
    assert res.gap["gap"].tolist() == pytest.approx(MIXED_GAPS, abs=1e-12)
    with pytest.raises(ValueError, match="no 'evaluator' column"):
        frontier_gap(plain, price_min=0.5, price_max=1.0, evaluator="Lab")


def test_other_score_counts_each_model_once_and_refuses_an_evaluator():
    with_mmlu = MIXED.assign(mmlu=[0.86, 0.70, 0.88, 0.72, 0.72, 0.90, 0.75, 0.75])
    res = frontier_gap(with_mmlu, price_min=0.5, price_max=1.0, score="mmlu")
    assert res.evaluator == "all" and res.n_models == 6   # B2 and B3 once each
    assert res.gap["gap"].tolist() == pytest.approx([0.16, 0.16, 0.15], abs=1e-12)
    with pytest.raises(ValueError, match="describe 'mmlu_pro', not 'mmlu'"):
        frontier_gap(with_mmlu, price_min=0.5, price_max=1.0, score="mmlu", evaluator="Lab")


# --- command line ------------------------------------------------------------------------------


def run(argv):
    parser = argparse.ArgumentParser(prog="meekbook")
    add_subcommands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    code = args.handler(args, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def mixed_csv(tmp_path):
    path = tmp_path / "mixed.csv"
    MIXED.assign(release_date=MIXED["release_date"].dt.strftime("%Y-%m-%d")).to_csv(path, index=False)
    return path


def test_cli_json_reports_the_evaluator(mixed_csv):
    code, out, err = run(["frontier-gap", str(mixed_csv), "--price-min", "0.5", "--price-max", "1",
                          "--json"])
    assert code == 0 and err == ""
    s = json.loads(out)
    assert s["evaluator"] == "Lab"
    assert s["evaluators_available"] == ["Lab", "vendor: Small"]
    assert s["n_rows_other_evaluators"] == 2
    assert [g["gap"] for g in s["gap"]] == pytest.approx(LAB_GAPS, abs=1e-12)
    code, out, err = run(["frontier-gap", str(mixed_csv), "--price-min", "0.5", "--price-max", "1",
                          "--json", "--evaluator", "all"])
    s = json.loads(out)
    assert code == 0 and s["evaluator"] == "all"
    assert [g["gap"] for g in s["gap"]] == pytest.approx(MIXED_GAPS, abs=1e-12)
    assert s["rate"]["rate"] == pytest.approx(-stats.linregress(YEARS, MIXED_GAPS).slope)


def test_cli_text_names_the_evaluator(mixed_csv):
    code, out, _ = run(["frontier-gap", str(mixed_csv), "--price-min", "0.5", "--price-max", "1",
                        "--evaluator", "vendor: small"])
    assert code == 0
    assert "evaluator: vendor: Small (chosen; 6 rows of other evaluators left out)" in out


def test_cli_bad_evaluator_exits_2_with_one_error_line_listing_the_choices(mixed_csv):
    code, out, err = run(["frontier-gap", str(mixed_csv), "--price-min", "0.5", "--price-max", "1",
                          "--evaluator", "Nobody"])
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "error:" in lines[0]
    assert "'Lab'" in lines[0] and "'vendor: Small'" in lines[0] and "'all'" in lines[0]
    assert "Traceback" not in err


def test_cli_file_without_evaluator_columns_still_works():
    code, out, err = run(["frontier-gap", str(FIXTURES / "leaderboard_toy.csv"), "--price-min", "0.5",
                          "--price-max", "1", "--json"])
    assert code == 0 and json.loads(out)["evaluator"] == "all"
    code, out, err = run(["frontier-gap", str(FIXTURES / "leaderboard_toy.csv"), "--price-min", "0.5",
                          "--price-max", "1", "--evaluator", "Lab"])
    assert code == 2 and err.count("error:") == 1 and "no 'evaluator' column" in err


def test_cli_on_the_packaged_table_defaults_to_tiger_lab():
    code, out, _ = run(["frontier-gap", str(data_path("leaderboard")), "--price-min", "0.5",
                        "--price-max", "1", "--json"])
    s = json.loads(out)
    assert code == 0 and s["evaluator"] == "TIGER-Lab"
    assert s["evaluators_available"][0] == "TIGER-Lab"


# --- loaders -----------------------------------------------------------------------------------

HEADER = ("model,creator,release_date,output_price,input_price,price_observed_date,mmlu_pro,evaluator,evaluator_type,"
          "shots,chain_of_thought,mmlu,params_b,license,source,access_date,checked,verified,notes")
GOOD = "M1,Lab,2024-01-15,10,,2024-01-15,0.6,Lab,independent,5,true,0.8,,proprietary,page,2025-06-01,none,false,"


def write(tmp_path, *rows):
    path = tmp_path / "t.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return path


def test_strict_loader_types_the_new_columns(tmp_path):
    df = load_leaderboard(write(tmp_path, GOOD, GOOD.replace("0.6,Lab,independent,5,true",
                                                             "0.65,vendor: Lab,vendor,,")))
    assert df["evaluator"].tolist() == ["Lab", "vendor: Lab"]
    assert str(df["shots"].dtype) == "Int64" and df["shots"].iloc[0] == 5 and df["shots"].isna().iloc[1]
    assert bool(df["chain_of_thought"].iloc[0]) is True
    assert df["chain_of_thought"].isna().iloc[1]
    assert pd.api.types.is_datetime64_any_dtype(df["price_observed_date"])
    assert not df["verified"].any()


@pytest.mark.parametrize(
    ("row", "column", "text"),
    [
        (GOOD.replace("independent", "indie"), "evaluator_type", "'indie'"),
        (GOOD.replace("0.6,Lab,independent", "0.6,,"), "evaluator", "say who evaluated it"),
        (GOOD.replace("0.6,Lab,independent,5,true", ",Lab,independent,,"), "evaluator", "no mmlu_pro"),
        (GOOD.replace(",5,true,", ",2.5,true,"), "shots", "whole number"),
        (GOOD.replace(",5,true,", ",5,yes,"), "chain_of_thought", "'yes'"),
        (GOOD.replace("none,false", "none,maybe"), "verified", "'maybe'"),
        (GOOD, "evaluator", "duplicate row for model 'M1' and evaluator 'Lab' (first on line 2)"),
    ],
)
def test_strict_loader_rejects_bad_evaluator_cells(tmp_path, row, column, text):
    rows = (GOOD, row) if "duplicate" in text else (row,)
    with pytest.raises(DataValidationError) as info:
        load_leaderboard(write(tmp_path, *rows))
    assert info.value.column == column and info.value.line == len(rows) + 1
    assert text in str(info.value)


def test_lenient_reader_checks_evaluator_cells_only_when_present(tmp_path):
    path = tmp_path / "u.csv"
    path.write_text("model,release_date,mmlu_pro,evaluator_type\nA,2024-01-01,55,indie\n")
    with pytest.raises(DataValidationError, match="'indie'"):
        read_leaderboard(path)
    path.write_text("model,release_date,mmlu_pro,evaluator\nA,2024-01-01,55,X\nA,2024-01-01,60,Y\n")
    assert read_leaderboard(path)["mmlu_pro"].tolist() == [0.55, 0.60]
    path.write_text("model,release_date,mmlu_pro\nA,2024-01-01,55\nA,2024-02-01,60\n")
    with pytest.raises(DataValidationError, match="duplicate row for model 'A'"):
        read_leaderboard(path)


# --- the packaged table: what its README says ---------------------------------------------------


def test_every_packaged_score_names_its_evaluator_and_setting():
    lb = load_leaderboard()
    scored = lb[lb["mmlu_pro"].notna()]
    assert (scored["evaluator"] != "").all()
    assert set(scored["evaluator_type"]) == {"independent", "vendor"}
    tiger = scored[scored["evaluator"] == "TIGER-Lab"]
    assert (tiger["evaluator_type"] == "independent").all()
    # 5-shot CoT is TIGER-Lab's protocol; a few published runs are 0- or 2-shot (data README)
    assert (tiger["shots"].dropna().isin([0, 2, 5])).all() and tiger["chain_of_thought"].all()
    assert (scored.loc[scored["evaluator_type"] == "vendor", "evaluator"].str.startswith("vendor: ")).all()


def test_access_date_is_today_only_where_something_was_checked():
    lb = load_leaderboard()
    recent = lb["access_date"] >= pd.Timestamp("2026-11-29")
    assert (lb.loc[recent, "checked"] != "none").all()
    assert (lb.loc[lb["checked"] == "none", "access_date"] == pd.Timestamp("2026-11-23")).all()
    assert not lb.loc[lb["checked"] == "none", "verified"].any()
    assert lb["access_date"].nunique() >= 2   # no longer one date for every row


def test_vendor_scores_run_three_to_six_points_above_independent_runs():
    # data README: "vendor-reported scores run 3-6 points higher than independent runs"
    lb = load_leaderboard()
    both = lb[lb["mmlu_pro"].notna()].pivot_table(index="model", columns="evaluator_type",
                                                   values="mmlu_pro", aggfunc="first").dropna()
    assert len(both) >= 4
    diff = 100 * (both["vendor"] - both["independent"])
    assert ((diff >= 3.0) & (diff <= 6.0)).all(), diff.to_dict()


def test_corrections_named_in_the_readme_are_in_the_table():
    lb = load_leaderboard().drop_duplicates("model").set_index("model")
    assert lb.loc["o1", "mmlu"] == pytest.approx(0.918)        # not the pre-release 0.923
    assert lb.loc["o3-mini", "mmlu"] == pytest.approx(0.859)   # default effort, not -high
    assert lb.loc["Claude-3.5-Haiku", "output_price"] == 5      # launch price, not the later $4
    assert lb.loc["Claude-3.5-Haiku", "price_observed_date"] == pd.Timestamp("2024-11-04")
    text = README.read_text(encoding="utf-8")
    for phrase in ("| o1 | `mmlu` | 0.923 | 0.918", "| Claude-3.5-Haiku | `output_price` | 4 | 5"):
        assert phrase in text


def test_readme_states_a_licence_for_every_source_family():
    text = README.read_text(encoding="utf-8")
    for source, licence in (("TIGER-AI-Lab/MMLU-Pro", "Apache-2.0"), ("TIGER-Lab/MMLU-Pro", "MIT"),
                            ("openai/simple-evals", "MIT"), ("Epoch AI", "CC-BY 4.0")):
        assert source in text and licence in text
