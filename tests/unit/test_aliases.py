"""Published tables read as published: aliases, percent / dollar strings, name suffixes, ranges,
words, duplicates (``meekbook.empirical.public``). Expected values are worked out by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from meekbook.cli.main import main
from meekbook.empirical.datasets import DataValidationError
from meekbook.empirical.public import (
    clean_name, evaluator_of, parse_quantity, read_public_leaderboard, read_public_models,
)

pytestmark = pytest.mark.unit

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "refresh"

AA = ('Model,Creator,Release Date,"Output Price\nUSD/1M Tokens",'
      'MMLU-Pro (Reasoning & Knowledge),Parameter Count\n'
      "Big A [1],X,2023-01-01,$30.00,50%,\n"
      "Small A*,Y,2023-01-01,$0.80,30%,7\n"
      "Big B,X,2024-01-01,$30.00,70%,\n"
      "Small B,Y,2025-01-01,$0.60,65%,7-9\n"
      "Small B,Y,2025-01-01,$0.60,65%,7-9\n")


def _write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_artificial_analysis_style_export(tmp_path):
    df = read_public_leaderboard(_write(tmp_path, AA)).set_index("model")
    assert list(df.index) == ["Big A", "Small A", "Big B", "Small B"]  # suffixes gone, twin merged
    assert df.loc["Small B", "output_price"] == 0.6 and df.loc["Big A", "output_price"] == 30.0
    assert df.loc["Big B", "mmlu_pro"] == pytest.approx(0.70)
    assert df.loc["Small B", "params_b"] == pytest.approx(math.sqrt(7 * 9))  # geometric mean
    assert any("merged" in c for c in df.attrs["conversions"])


def test_frontier_gap_cli_on_export(tmp_path, capsys):
    code = main(["frontier-gap", str(_write(tmp_path, AA)), "--price-min", "0.5", "--price-max",
                 "1", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    import json

    gaps = json.loads(out)
    # best overall 0.50 -> 0.70 (2024) ; best in $0.5-1: 0.30 -> 0.65 (2025)
    text = json.dumps(gaps)
    assert '"command": "frontier-gap"' in text


def test_disagreeing_duplicates_are_an_error(tmp_path):
    text = AA.replace("Small B,Y,2025-01-01,$0.60,65%,7-9\n", "Small B,Y,2025-01-01,$0.60,66%,7-9\n", 1)
    with pytest.raises(DataValidationError, match=r"line 7.*duplicate model 'Small B' \(first on line 6\)"):
        read_public_leaderboard(_write(tmp_path, text))


def test_epoch_models_table_for_fit_sigmoid_names_columns(tmp_path):
    # Epoch's model table has no MMLU: the fit says which column is missing
    with pytest.raises(DataValidationError, match="column 'mmlu': missing column"):
        read_public_models(FIX / "epoch_models_2024.csv")


def test_paper_authors_style_columns(tmp_path):
    text = ("Model,Model size,Dataset size,MMLU\n"
            "A [3],7,2T,45.3\nB*,70,1.4e12,68.9\nA [3],7,2T,45.3\nC,13-34,1T,55.0\n")
    df = read_public_models(_write(tmp_path, text)).set_index("model")
    assert df.loc["A", "params"] == 7e9  # every size below 100,000: billions
    assert df.loc["A", "tokens"] == 2e12 and df.loc["B", "mmlu"] == pytest.approx(0.689)
    assert df.loc["C", "params"] == pytest.approx(math.sqrt(13 * 34) * 1e9)
    notes = " ".join(df.attrs["conversions"])
    assert "'Model size' read as 'params'" in notes and "geometric mean" in notes
    assert "read as billions" in notes and "line 4: repeats 'A'" in notes


def test_words_are_converted_per_row(tmp_path):
    text = ("System,Parameters,Training dataset size (datapoints),Dataset size notes,MMLU\n"
            "W,1e9,1.5e12,2 trillion tokens ~= 1.5 trillion words,40%\n"
            "T,1e9,1.5e12,1.5 trillion tokens,40%\n")
    df = read_public_models(_write(tmp_path, text)).set_index("model")
    assert df.loc["W", "tokens"] == pytest.approx(2e12)
    assert df.loc["T", "tokens"] == pytest.approx(1.5e12)
    assert sum("in words" in c for c in df.attrs["conversions"]) == 1


def test_canonical_files_read_as_before(tmp_path):
    text = "model,params,tokens,mmlu\nA,1e9,2e10,0.3\n"
    df = read_public_models(_write(tmp_path, text))
    assert df["params"].tolist() == [1e9] and df.attrs["conversions"] == []


def test_errors_name_the_published_line(tmp_path):
    text = 'Model,"Output Price\nUSD/1M Tokens",Release Date,MMLU-Pro\nA,$x,2024-01-01,50%\n'
    with pytest.raises(DataValidationError, match="line 3, column 'output_price'"):
        read_public_leaderboard(_write(tmp_path, text))


@pytest.mark.parametrize("cell, expected", [
    ("TIGER-Lab", ("TIGER-Lab", "independent")), ("tiger-lab ", ("TIGER-Lab", "independent")),
    ("Self-Reported", ("vendor: self-reported", "vendor")),
    ("Self-Reporeted", ("vendor: self-reported", "vendor")),
    ("self reported", ("vendor: self-reported", "vendor")),
])
def test_data_source(cell, expected):
    assert evaluator_of(cell) == expected


def test_data_source_unknown():
    with pytest.raises(ValueError, match="Data Source must be"):
        evaluator_of("Reddit")


@pytest.mark.parametrize("text, value", [("7B", 7e9), ("1.4T", 1.4e12), ("300M", 3e8),
                                         ("5k", 5000.0), ("2e3", 2000.0)])
def test_quantities(text, value):
    assert parse_quantity(text) == (value, None)


@pytest.mark.parametrize("text", ["1,000", "٧B", "seven", "-"])
def test_not_quantities(text):
    with pytest.raises(ValueError):
        parse_quantity(text)


def test_range_is_geometric_mean():
    value, note = parse_quantity("1B-100B")
    assert value == pytest.approx(1e10) and "geometric mean" in note
    with pytest.raises(ValueError):
        parse_quantity("0-5")


@pytest.mark.parametrize("name, clean", [("GPT-4 [12]", "GPT-4"), ("Yi-34B*", "Yi-34B"),
                                         ("Gemini †", "Gemini"), ("Llama [a] [3]", "Llama"),
                                         ("Mixtral-8x7B", "Mixtral-8x7B")])
def test_clean_name(name, clean):
    assert clean_name(name) == clean


def test_mmlu_pro_table_read_by_frontier_gap_needs_dates(tmp_path):
    with pytest.raises(DataValidationError, match="column 'release_date': missing column"):
        read_public_leaderboard(FIX / "mmlu_pro_results.csv")
