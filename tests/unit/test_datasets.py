"""Loaders of the packaged tables and the validating CSV reader (meekbook.empirical.datasets).

Every malformed file in tests/fixtures/ must raise DataValidationError whose message names the
file, the line (header = line 1, blank lines counted) and the column. Expected line numbers are
read off the fixture files by hand and written here as literals.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meekbook.empirical.datasets import (
    BASE_MODELS_SCHEMA,
    LEADERBOARD_SCHEMA,
    DataValidationError,
    data_path,
    load_base_models,
    load_leaderboard,
    load_report,
    read_table,
)

from support import FIXTURES, ROOT  # noqa: E402
BASE_COLUMNS = ["model", "params", "tokens", "mmlu", "source", "notes"]
LEADERBOARD_COLUMNS = ["model", "creator", "release_date", "output_price", "input_price",
                       "price_observed_date", "mmlu_pro",
                       "evaluator", "evaluator_type", "shots", "chain_of_thought", "mmlu",
                       "params_b", "license", "source", "access_date", "checked", "verified",
                       "notes"]


def raw_rows(name: str) -> list[dict[str, str]]:
    """The packaged file read with the csv module only (independent of the loader)."""
    with data_path(name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --- the packaged tables --------------------------------------------------------------------


def test_base_models_header_is_exact():
    with data_path("base_models").open(encoding="utf-8") as fh:
        assert fh.readline().strip() == ",".join(BASE_COLUMNS)


def test_leaderboard_header_is_exact():
    with data_path("leaderboard").open(encoding="utf-8") as fh:
        assert fh.readline().strip() == ",".join(LEADERBOARD_COLUMNS)


def test_base_models_load_and_types():
    df = load_base_models()
    assert list(df.columns) == BASE_COLUMNS
    assert len(df) >= 30
    assert df["params"].dtype == float and df["tokens"].dtype == float
    assert ((df["mmlu"] >= 0) & (df["mmlu"] <= 1)).all()
    assert (df["params"] > 1e7).all() and (df["tokens"] > 1e10).all()
    assert df["model"].is_unique
    assert (df["source"].str.len() > 10).all(), "every row names its source"


def test_base_models_counts_match_raw_file():
    rows = raw_rows("base_models")
    complete = [r for r in rows if r["params"] and r["tokens"] and r["mmlu"]]
    df = load_base_models()
    assert len(df) == len(complete)
    assert len(df.attrs["dropped"]) == len(rows) - len(complete)


def test_base_models_dropped_row_is_reported_with_its_line():
    # Mistral-7B has no disclosed token count: its line in the file is found by plain text search.
    lines = data_path("base_models").read_text(encoding="utf-8").splitlines()
    line_no = next(i + 1 for i, text in enumerate(lines) if text.startswith("Mistral-7B,"))
    df = load_base_models()
    assert (line_no, "Mistral-7B", "empty 'tokens'") in df.attrs["dropped"]
    assert "Mistral-7B" not in set(df["model"])
    assert f"line {line_no} (Mistral-7B)" in load_report(df)


def test_base_models_estimates_are_marked():
    rows = raw_rows("base_models")
    # The values known to be undisclosed are marked as estimates in the notes column.
    for name in ("PaLM 2-L", "U-PaLM 540B", "GPT-NeoX 20B"):
        row = next(r for r in rows if r["model"] == name)
        assert "estimate" in row["notes"], name
    assert sum("estimate" in r["notes"] for r in rows) >= 5


def test_base_models_contains_the_papers_families():
    names = " ".join(load_base_models()["model"])
    for family in ("GPT-3", "Gopher", "Chinchilla", "PaLM", "BLOOM", "OPT", "GPT-NeoX",
                   "BloombergGPT", "U-PaLM", "T5", "MPT", "Falcon", "LLaMA", "Llama-2", "Yi",
                   "XVERSE", "Qwen"):
        assert family in names, family


def test_leaderboard_load_and_types():
    df = load_leaderboard()
    assert list(df.columns) == LEADERBOARD_COLUMNS
    assert len(df) >= 40
    assert pd.api.types.is_datetime64_any_dtype(df["release_date"])
    assert df["release_date"].min() >= pd.Timestamp("2023-01-01")
    assert df["release_date"].max() <= pd.Timestamp("2025-12-31")
    for col in ("mmlu_pro", "mmlu"):
        v = df[col].dropna()
        assert ((v >= 0) & (v <= 1)).all()
    assert (df["output_price"].dropna() >= 0).all()
    assert not df.duplicated(["model", "evaluator"]).any()  # one row per model and evaluator
    assert set(df["license"]) >= {"proprietary"}
    # open models carry a parameter count, proprietary ones do not
    assert df.loc[df["license"] == "proprietary", "params_b"].isna().all()


def test_leaderboard_has_enough_points_for_both_analyses():
    df = load_leaderboard()
    scored = df[df["mmlu_pro"].notna()]
    band = scored[(scored["output_price"] >= 0.5) & (scored["output_price"] <= 1.0)]
    assert len(band) >= 6
    assert band["release_date"].dt.year.nunique() >= 3  # 2023, 2024, 2025
    small = scored[(scored["params_b"] >= 6.5) & (scored["params_b"] <= 8.6)]
    assert len(small) >= 5


def test_leaderboard_price_estimates_are_marked():
    rows = raw_rows("leaderboard")
    for r in rows:
        if "typical hosted price" in r["source"]:
            assert "estimate" in r["notes"], r["model"]


def test_data_path_rejects_unknown_name():
    with pytest.raises(ValueError, match="name must be one of"):
        data_path("nope")


# --- malformed files ------------------------------------------------------------------------


def check_error(exc: DataValidationError, fixture: str, line: int | None, column: str | None):
    message = str(exc)
    assert fixture in message
    assert exc.line == line
    assert exc.column == column
    if line is not None:
        assert f"line {line}" in message
    if column is not None:
        assert repr(column) in message


def test_error_is_a_value_error():
    assert issubclass(DataValidationError, ValueError)


#: fixture file -> (loader, line, column, fragments of the message); each worked out by reading
#: the file (tests/fixtures/)
MALFORMED = {
    "base_missing_column.csv": (load_base_models, 1, "tokens", ["missing column"]),
    "base_unknown_column.csv": (load_base_models, 1, "year", ["unknown column"]),
    "base_bad_number.csv": (load_base_models, 3, "params", ["'2.5e9x'"]),
    "base_duplicate_model.csv": (load_base_models, 5, "model", ["first on line 3"]),
    "leaderboard_bad_date.csv": (load_leaderboard, 3, "release_date", ["'2024-13-01'"]),
    "leaderboard_bad_date_format.csv": (load_leaderboard, 2, "release_date", []),
    "base_negative_params.csv": (load_base_models, 2, "params", ["must be > 0"]),
    "base_missing_source.csv": (load_base_models, 3, "source", []),
    "base_ragged_row.csv": (load_base_models, 3, None, ["4 fields", "header has 6"]),
    "base_percent.csv": (load_base_models, 2, "mmlu", ["fractions"]),
}


@pytest.mark.parametrize("fixture", list(MALFORMED))
def test_malformed_file_names_file_line_and_column(fixture):
    loader, line, column, fragments = MALFORMED[fixture]
    with pytest.raises(DataValidationError) as info:
        loader(FIXTURES / fixture)
    check_error(info.value, fixture, line, column)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_missing_values_are_dropped_and_reported():
    # Line 3: B has no tokens; line 4 is blank; line 5: C has no score.
    df = load_base_models(FIXTURES / "base_missing_values.csv")
    assert df["model"].tolist() == ["A", "D"]
    assert df.attrs["dropped"] == [(3, "B", "empty 'tokens'"), (5, "C", "empty 'mmlu'")]
    assert df.attrs["lines"].tolist() == [2, 6]
    report = load_report(df)
    assert "2 rows loaded" in report and "2 dropped" in report
    assert "line 3 (B)" in report and "line 5 (C)" in report


def test_leaderboard_missing_date_dropped_missing_score_kept():
    df = load_leaderboard(FIXTURES / "leaderboard_missing_date.csv")
    assert df["model"].tolist() == ["M1", "M3"]
    assert df.attrs["dropped"] == [(3, "M2", "empty 'release_date'")]
    assert np.isnan(df.loc[df["model"] == "M3", "mmlu_pro"].iloc[0])


def test_percent_is_converted_and_said_on_request():
    df = read_table(FIXTURES / "base_percent.csv", BASE_MODELS_SCHEMA, percent="convert")
    np.testing.assert_allclose(df["mmlu"], [0.300, 0.355])
    assert len(df.attrs["conversions"]) == 1
    assert "percent" in df.attrs["conversions"][0]
    assert "percent" in load_report(df)


def test_percent_above_100_is_an_error(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("model,params,tokens,mmlu,source,notes\nA,1e9,2e10,30,s,\nB,1e9,2e10,130,s,\n")
    with pytest.raises(DataValidationError) as info:
        read_table(path, BASE_MODELS_SCHEMA, percent="convert")
    check_error(info.value, "t.csv", 3, "mmlu")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("\n\n")
    with pytest.raises(DataValidationError, match="empty"):
        load_base_models(path)


def test_missing_file(tmp_path):
    with pytest.raises(DataValidationError, match="file not found"):
        load_base_models(tmp_path / "nope.csv")


def test_header_only_gives_an_empty_typed_table(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text(",".join(LEADERBOARD_COLUMNS) + "\n")
    df = load_leaderboard(path)
    assert len(df) == 0 and list(df.columns) == LEADERBOARD_COLUMNS
    assert pd.api.types.is_datetime64_any_dtype(df["release_date"])


def test_columns_in_any_order_and_quoted_commas(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('notes,source,mmlu,tokens,params,model\n"a, b",src,0.5,1e12,7e9,"X, 7B"\n')
    df = load_base_models(path)
    assert df["model"].tolist() == ["X, 7B"]
    assert list(df.columns) == BASE_COLUMNS
    assert df["notes"].iloc[0] == "a, b"


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffmodel,params,tokens,mmlu,source,notes\nA,1e9,2e10,0.3,s,\n".encode())
    assert load_base_models(path)["model"].tolist() == ["A"]


def test_extra_columns_allowed_only_when_the_schema_says_so(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("model,params,tokens,mmlu,source,notes,year\nA,1e9,2e10,0.3,s,,2022\n")
    df = read_table(path, BASE_MODELS_SCHEMA.with_columns(allow_extra=True))
    assert df["year"].tolist() == ["2022"]


@settings(max_examples=40, deadline=None)
@given(
    n_rows=st.integers(min_value=1, max_value=12),
    bad_row=st.integers(min_value=0, max_value=11),
    blank_before=st.integers(min_value=0, max_value=3),
)
def test_line_number_of_a_bad_cell(tmp_path_factory, n_rows, bad_row, blank_before):
    bad_row = bad_row % n_rows
    lines = ["model,params,tokens,mmlu,source,notes"] + [""] * blank_before
    for i in range(n_rows):
        tokens = "oops" if i == bad_row else "2e10"
        lines.append(f"M{i},1e9,{tokens},0.3,src,")
    path = tmp_path_factory.mktemp("h") / "t.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataValidationError) as info:
        load_base_models(path)
    # header is line 1, then the blank lines, then the rows
    assert info.value.line == 2 + blank_before + bad_row
    assert info.value.column == "tokens"


def test_schema_columns_match_the_documented_headers():
    assert list(BASE_MODELS_SCHEMA.names) == BASE_COLUMNS
    assert list(LEADERBOARD_SCHEMA.names) == LEADERBOARD_COLUMNS


def test_data_readme_documents_every_column():
    readme = (ROOT / "meekbook" / "empirical" / "data" / "README.md").read_text()
    for col in set(BASE_COLUMNS) | set(LEADERBOARD_COLUMNS):
        assert re.search(rf"`{col}`", readme), col
