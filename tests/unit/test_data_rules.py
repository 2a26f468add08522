"""The packaged leaderboard's rules (data README, "Rules"), enforced by ``load_leaderboard``.

Each rule is tested twice: a small file that breaks it must be refused with the line and column
named, and the packaged table (read with the csv module, independently of the loader) must keep
it. Expected values come from the primary sources named in the data README (model cards,
``openai/simple-evals``, TIGER-Lab's published output file names), not from the loader.
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from meekbook.empirical.datasets import (
    SETTINGS_COLUMNS,
    VALUE_COLUMNS,
    DataValidationError,
    checked_columns,
    data_path,
    load_leaderboard,
)

HEADER = ("model,creator,release_date,output_price,input_price,price_observed_date,mmlu_pro,evaluator,"
          "evaluator_type,shots,chain_of_thought,mmlu,params_b,license,source,access_date,checked,"
          "verified,notes")
ALL_CHECKED = "release_date; output_price; input_price; mmlu_pro; shots; chain_of_thought; mmlu"
GOOD = (f"M1,Lab,2024-01-15,10,2,2024-01-15,0.6,Lab,independent,5,true,0.8,,proprietary,page,"
        f"2025-06-01,{ALL_CHECKED},true,")


def write(tmp_path, *rows):
    path = tmp_path / "rules.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def packaged_rows() -> list[dict[str, str]]:
    with data_path("leaderboard").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def listed(cell: str) -> set[str]:
    """Column names of a ``checked`` cell, parsed here without the loader's helper."""
    return set() if cell == "none" else {item.split("(")[0].strip() for item in cell.split(";")}


# --- the rules refuse bad rows -------------------------------------------------------------------


def test_a_fully_checked_row_may_be_verified(tmp_path):
    df = load_leaderboard(write(tmp_path, GOOD))
    assert bool(df["verified"].iloc[0]) is True
    assert df["input_price"].iloc[0] == 2
    assert df["price_observed_date"].iloc[0] == pd.Timestamp("2024-01-15")


@pytest.mark.parametrize(
    ("row", "column", "text"),
    [
        (GOOD.replace("; mmlu,", ","), "verified", "['mmlu']"),
        (GOOD.replace("release_date; ", ""), "verified", "['release_date']"),
        (GOOD.replace("input_price; ", ""), "verified", "['input_price']"),
        (GOOD.replace("; shots", ""), "verified", "['shots']"),
        (GOOD.replace("mmlu_pro; ", "mmlu_pro (cross-check only); score; "), "checked", "'score'"),
        (GOOD.replace(",0.8,,", ",,,"), "checked", "['mmlu']"),
        (GOOD.replace("0.6,Lab,independent,5,true", ",,,5,")
             .replace("mmlu_pro; shots; chain_of_thought; ", "").replace(",true,", ",false,"),
         "shots", "no mmlu_pro"),
        (GOOD.replace("0.6,Lab,independent,5,true", ",,,,true")
             .replace("mmlu_pro; shots; chain_of_thought; ", "").replace(",true,", ",false,"),
         "chain_of_thought", "no mmlu_pro"),
        (GOOD.replace(",2024-01-15,0.6,", ",,0.6,"), "price_observed_date", "estimate"),
        (GOOD.replace(",10,2,", ",,2,").replace("output_price; ", ""), "input_price", "without an output_price"),
    ],
)
def test_rule_breaking_rows_are_refused(tmp_path, row, column, text):
    with pytest.raises(DataValidationError) as info:
        load_leaderboard(write(tmp_path, row))
    assert info.value.column == column and info.value.line == 2
    assert text in str(info.value)


def test_an_estimated_price_may_have_no_date(tmp_path):
    row = GOOD.replace(",2024-01-15,0.6,", ",,0.6,").replace(f"{ALL_CHECKED},true,",
                                                             "none,false,estimate: price (hosted list)")
    df = load_leaderboard(write(tmp_path, row))
    assert df["price_observed_date"].isna().iloc[0]


def test_checked_columns_parses_notes_in_brackets():
    assert checked_columns("mmlu_pro (rescored); release_date (snapshot name)") == ("mmlu_pro", "release_date")
    assert checked_columns("none") == ()
    with pytest.raises(ValueError, match="'price'"):
        checked_columns("price")


def test_value_and_settings_columns_are_columns_of_the_table():
    header = HEADER.split(",")
    assert set(VALUE_COLUMNS) <= set(header) and set(SETTINGS_COLUMNS) <= set(header)
    assert {"release_date", "output_price", "input_price", "mmlu_pro", "mmlu", "params_b",
            "shots", "chain_of_thought"} == set(VALUE_COLUMNS)


# --- the packaged table keeps them (read with the csv module) --------------------------------------


def test_packaged_verified_rows_have_every_value_checked():
    for row in packaged_rows():
        present = {c for c in VALUE_COLUMNS if row[c] != ""}
        assert listed(row["checked"]) <= present, row["model"]
        if row["verified"] == "true":
            assert present <= listed(row["checked"]), row["model"]


def test_packaged_prices_carry_a_date_or_say_estimate():
    for row in packaged_rows():
        if row["output_price"] and not row["price_observed_date"]:
            assert "estimate" in row["notes"], row["model"]


def test_packaged_settings_only_with_an_mmlu_pro_run():
    for row in packaged_rows():
        if not row["mmlu_pro"]:
            assert all(row[c] == "" for c in SETTINGS_COLUMNS), row["model"]


def by_key() -> dict[tuple[str, str], dict[str, str]]:
    return {(r["model"], r["evaluator"]): r for r in packaged_rows()}


@pytest.mark.parametrize(
    ("model", "evaluator", "shots"),
    [
        # TIGER-Lab's published output files: model_outputs_opus_2shots_*, sonnet_0shots_*, flash_0shots_*
        ("Claude-3-Opus", "TIGER-Lab", "2"),
        ("Claude-3-Sonnet", "TIGER-Lab", "0"),
        ("Gemini-1.5-Flash", "TIGER-Lab", "0"),
        # both a 0-shot and a 5-shot file: unknown which run gives the README figure
        ("Claude-3.5-Sonnet-2024-06-20", "TIGER-Lab", ""),
        # Llama 4 model card: MMLU Pro, 0 shots
        ("Llama-4-Scout", "vendor: Meta", "0"),
        ("Llama-4-Maverick", "vendor: Meta", "0"),
        # Llama 3.1 / 3.3 model cards: MMLU-Pro (CoT), 5 shots
        ("Llama-3.1-8B-Instruct", "vendor: Meta", "5"),
        ("Llama-3.3-70B-Instruct", "vendor: Meta", "5"),
    ],
)
def test_packaged_shots_match_the_run(model, evaluator, shots):
    assert by_key()[(model, evaluator)]["shots"] == shots


def test_one_mmlu_policy_creator_table_exact_snapshot():
    rows = {r["model"]: r for r in packaged_rows()}
    # openai/simple-evals README: gpt-4o-2024-05-13 87.2 (88.7 is gpt-4o-2024-08-06)
    assert rows["GPT-4o-2024-05-13"]["mmlu"] == "0.872"
    # DeepSeek-V2 README, chat table: DeepSeek-V2 Chat (RL) 77.8
    assert rows["DeepSeek-V2-Chat"]["mmlu"] == "0.778"
    # figures of a neighbouring checkpoint (base / pretrained) are not used
    for model in ("Mixtral-8x7B-Instruct-v0.1", "Gemma-2-9B-it", "Gemma-2-27B-it", "Mistral-Large-2"):
        assert rows[model]["mmlu"] == "", model


def test_claude_2_price_date_is_when_that_price_held():
    row = {r["model"]: r for r in packaged_rows()}["Claude 2"]
    # $8 / $24 per M became Claude 2.x's price with the Claude 2.1 release (2023-11-21)
    assert (row["input_price"], row["output_price"], row["price_observed_date"]) == ("8", "24", "2023-11-21")
