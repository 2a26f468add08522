"""The two empirical analyses (meekbook.empirical.sigmoid_fit, meekbook.empirical.frontier) and their command line (meekbook.cli.data).

Reference values come from the generating parameters of synthetic data, from hand computation
on small tables (worked out in the comments), or from independent implementations (numpy
polyfit, scipy linregress) -- never from the code under test.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from numpy.testing import assert_allclose  # noqa: E402
from scipy import stats  # noqa: E402

from meekbook.cli.data import add_subcommands  # noqa: E402
from meekbook.empirical.datasets import load_base_models, load_leaderboard  # noqa: E402
from meekbook.plots.figures import plot_frontier_gap, plot_sigmoid_fit  # noqa: E402
from meekbook.empirical.frontier import frontier_gap, running_best  # noqa: E402
from meekbook.empirical.sigmoid_fit import sigmoid_fit_on_models  # noqa: E402

from support import FIXTURES, ROOT, TRUE_SIGMOID, chinchilla, synthetic_models, toy_leaderboard  # noqa: E402

TRUE = TRUE_SIGMOID


# --- sigmoid fit ----------------------------------------------------------------------------


def test_sigmoid_fit_recovers_known_parameters():
    df = synthetic_models()
    res = sigmoid_fit_on_models(df, n_bootstrap=200, seed=7)
    p = res.params
    assert abs(p.S - TRUE["S"]) < 0.02
    assert abs(p.x0 - TRUE["x0"]) < 0.005
    assert abs(p.k - TRUE["k"]) < 2.0
    assert abs(p.s0 - TRUE["s0"]) < 0.01
    for name, value in TRUE.items():
        lo, hi = res.intervals[name]
        assert lo <= value <= hi, (name, lo, value, hi)
    assert res.fit.r2 > 0.99
    assert res.n == 80 and res.n_converged + res.n_failed == 200


def test_losses_are_the_chinchilla_losses():
    df = synthetic_models(n=20)
    res = sigmoid_fit_on_models(df, n_bootstrap=0)
    assert_allclose(res.models["loss"], chinchilla(df["params"], df["tokens"]), rtol=1e-12)
    assert res.models["model"].tolist() == df["model"].tolist()
    assert_allclose(res.models["residual"], res.models["mmlu"] - res.models["predicted"])


def test_exact_data_gives_exact_fit():
    df = synthetic_models(n=30, noise=0.0)
    res = sigmoid_fit_on_models(df, n_bootstrap=0)
    assert_allclose([res.params.S, res.params.x0, res.params.k, res.params.s0],
                    [TRUE["S"], TRUE["x0"], TRUE["k"], TRUE["s0"]], rtol=1e-6)
    assert all(np.isnan(v) for pair in res.intervals.values() for v in pair)


def test_bootstrap_is_seeded():
    df = synthetic_models(n=40)
    a = sigmoid_fit_on_models(df, n_bootstrap=30, seed=3)
    b = sigmoid_fit_on_models(df, n_bootstrap=30, seed=3)
    c = sigmoid_fit_on_models(df, n_bootstrap=30, seed=4)
    assert_allclose(a.bootstrap_params, b.bootstrap_params)
    assert a.intervals == b.intervals
    assert not np.allclose(a.bootstrap_params, c.bootstrap_params)


def test_failed_resamples_are_counted_not_hidden():
    # Six models: six draws with replacement give at least five distinct models with probability
    # (6! + 6 * 5! * S(6, 5)) / 6**6 = (720 + 6 * 120 * 15) / 46656 = 0.247, so about three
    # resamples in four have fewer than five distinct losses and must be skipped (and counted).
    df = synthetic_models(n=6, noise=0.0, seed=5)
    res = sigmoid_fit_on_models(df, n_bootstrap=50, seed=0)
    assert res.n_failed > 0
    assert res.n_converged + res.n_failed == 50
    assert res.summary()["bootstrap"] == {"requested": 50, "converged": res.n_converged,
                                          "failed": res.n_failed, "seed": 0}


def test_rows_with_missing_values_are_dropped_and_reported():
    df = synthetic_models(n=12)
    df.loc[3, "tokens"] = np.nan
    df.loc[7, "mmlu"] = np.nan
    res = sigmoid_fit_on_models(df, n_bootstrap=0)
    assert res.n == 10
    assert [(m, r) for _, m, r in res.dropped] == [("m3", "missing 'tokens'"), ("m7", "missing 'mmlu'")]


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.drop(columns="tokens"), "missing \\['tokens'\\]"),
        (lambda d: d.assign(mmlu=d["mmlu"] * 100), "fraction in \\[0, 1\\]"),
        (lambda d: d.assign(params=-d["params"]), "params must be > 0"),
        (lambda d: d.head(4), "at least 5 models"),
    ],
)
def test_sigmoid_fit_input_errors(change, message):
    with pytest.raises(ValueError, match=message):
        sigmoid_fit_on_models(change(synthetic_models(n=10)), n_bootstrap=0)


@pytest.mark.parametrize("kwargs", [{"n_bootstrap": -1}, {"seed": -2}, {"seed": 1.5},
                                    {"confidence": 1.0}])
def test_sigmoid_fit_argument_errors(kwargs):
    with pytest.raises(ValueError):
        sigmoid_fit_on_models(synthetic_models(n=10), **kwargs)


def test_packaged_data_fit_is_close_to_the_paper():
    """The book's own table gives a fit of the published shape (loose, data-level check)."""
    res = sigmoid_fit_on_models(load_base_models(), n_bootstrap=100, seed=0)
    p = res.params
    assert res.n >= 30
    assert -40 < p.k < -10
    assert abs(p.x0 - 1.9739) < 0.05
    assert 0.20 < p.s0 < 0.30          # floor near chance on four-way multiple choice
    assert 0.70 < p.s0 + p.S < 0.90    # ceiling near the paper's ~81%
    summary = res.summary()
    json.dumps(summary)                # serialisable
    assert summary["dropped"][0]["model"] == "Mistral-7B"


# --- running best and frontier gap -----------------------------------------------------------


def toy_table() -> pd.DataFrame:
    """The toy leaderboard (tests/fixtures/leaderboard_toy.csv), scores as fractions."""
    return toy_leaderboard()


# Worked out by hand:
#   overall running best: A 2023-01-01 0.50, E 2024-01-01 0.70, H 2024-09-01 0.80
#   price band [0.5, 1] (inclusive): B 2023-03-01 0.30, D 2023-09-01 0.40, G 2024-07-01 0.62
#   (G costs exactly 0.5), I 2025-01-01 0.78 (costs exactly 1.0); F (0.35) never leads the band,
#   H (1.2) and J (no price) are outside it, K has no score.
#   Gap from the first band date on, at every change of either series:
#   2023-03-01 0.50-0.30=0.20 | 2023-09-01 0.50-0.40=0.10 | 2024-01-01 0.70-0.40=0.30
#   2024-07-01 0.70-0.62=0.08 | 2024-09-01 0.80-0.62=0.18 | 2025-01-01 0.80-0.78=0.02
#   Days from 2023-03-01: 0, 184, 306, 488, 550, 672.
GAP_DATES = ["2023-03-01", "2023-09-01", "2024-01-01", "2024-07-01", "2024-09-01", "2025-01-01"]
GAP_VALUES = [0.20, 0.10, 0.30, 0.08, 0.18, 0.02]
GAP_DAYS = [0, 184, 306, 488, 550, 672]


def test_running_best_overall_by_hand():
    rb = running_best(toy_table())
    assert rb["model"].tolist() == ["A", "E", "H"]
    assert_allclose(rb["best"], [0.50, 0.70, 0.80])
    assert [d.date().isoformat() for d in rb["date"]] == ["2023-01-01", "2024-01-01", "2024-09-01"]


def test_running_best_with_mask():
    df = toy_table()
    mask = df["output_price"].between(0.5, 1.0).to_numpy()
    rb = running_best(df, mask=mask)
    assert rb["model"].tolist() == ["B", "D", "G", "I"]
    assert_allclose(rb["best"], [0.30, 0.40, 0.62, 0.78])


def test_running_best_ties_on_a_date():
    df = pd.DataFrame({"model": ["x", "y", "z"],
                       "release_date": pd.to_datetime(["2024-01-01"] * 3),
                       "mmlu_pro": [0.4, 0.6, 0.6]})
    rb = running_best(df)
    assert rb["model"].tolist() == ["y"]   # highest score; the first of equal scores


def test_frontier_gap_price_band_by_hand():
    res = frontier_gap(toy_table(), price_min=0.5, price_max=1.0)
    assert [d.date().isoformat() for d in res.gap["date"]] == GAP_DATES
    assert_allclose(res.gap["gap"], GAP_VALUES, atol=1e-12)
    assert res.gap["overall_model"].tolist() == ["A", "A", "E", "E", "H", "H"]
    assert res.gap["band_model"].tolist() == ["B", "D", "D", "G", "G", "I"]
    assert_allclose(res.gap["years"], np.array(GAP_DAYS) / 365.25)
    assert res.n_models == 10 and res.n_band == 5          # B, D, F, G, I (K has no score)
    assert ("K", "no mmlu_pro") in res.excluded
    assert ("J", "no output_price (cannot place in band)") in res.excluded


def test_frontier_gap_rate_matches_independent_regression():
    res = frontier_gap(toy_table(), price_min=0.5, price_max=1.0)
    t = np.array(GAP_DAYS) / 365.25
    reg = stats.linregress(t, GAP_VALUES)
    slope, intercept = np.polyfit(t, GAP_VALUES, 1)
    assert_allclose(res.rate.slope, slope, rtol=1e-10)
    assert_allclose(res.rate.intercept, intercept, rtol=1e-10)
    assert_allclose(res.rate.rate, -reg.slope, rtol=1e-10)
    assert_allclose(res.rate.stderr, reg.stderr, rtol=1e-10)
    half = stats.t.ppf(0.975, 4) * reg.stderr
    assert_allclose([res.rate.ci_low, res.rate.ci_high], [-reg.slope - half, -reg.slope + half])
    assert res.rate.n == 6 and res.rate.n_points == 6
    assert res.rate.method == "linear"


def test_frontier_gap_log_rate():
    res = frontier_gap(toy_table(), price_min=0.5, price_max=1.0, method="log")
    t = np.array(GAP_DAYS) / 365.25
    reg = stats.linregress(t, np.log(GAP_VALUES))
    assert_allclose(res.rate.rate, -reg.slope, rtol=1e-10)
    assert res.rate.excluded == ()


def test_log_rate_leaves_out_zero_gaps_and_says_so():
    df = pd.DataFrame({
        "model": ["open1", "big", "open2", "big2", "open3"],
        "release_date": pd.to_datetime(["2023-01-01", "2023-06-01", "2024-01-01",
                                        "2024-06-01", "2025-01-01"]),
        "output_price": [0.8, 20, 0.8, 20, 0.8],
        "mmlu_pro": [0.40, 0.60, 0.50, 0.70, 0.65]})
    # gaps: 2023-01-01 0 (open1 leads both), 2023-06-01 0.20, 2024-01-01 0.10,
    #       2024-06-01 0.20, 2025-01-01 0.05
    lin = frontier_gap(df, price_max=1.0)
    assert_allclose(lin.gap["gap"], [0.0, 0.20, 0.10, 0.20, 0.05], atol=1e-12)
    assert lin.rate.n == 5
    log = frontier_gap(df, price_max=1.0, method="log")
    assert log.rate.n == 4
    assert len(log.rate.excluded) == 1 and "2023-01-01" in log.rate.excluded[0]


def test_frontier_gap_parameter_band_by_hand():
    # 6.9 <= params_b <= 8.1: B (7.0, 0.30), D (8.0, 0.40), F (7.5, 0.35); K has no score.
    # band best: B 2023-03-01 0.30, D 2023-09-01 0.40. Gaps: 0.20, 0.10, 0.30 (2024-01-01),
    # 0.40 (2024-09-01: 0.80 - 0.40).
    res = frontier_gap(toy_table(), params_min=6.9, params_max=8.1)
    assert res.band["model"].tolist() == ["B", "D"]
    assert [d.date().isoformat() for d in res.gap["date"]] == [
        "2023-03-01", "2023-09-01", "2024-01-01", "2024-09-01"]
    assert_allclose(res.gap["gap"], [0.20, 0.10, 0.30, 0.40], atol=1e-12)


def test_frontier_gap_fit_window():
    res = frontier_gap(toy_table(), price_min=0.5, price_max=1.0, fit_start="2024-01-01")
    t = (np.array(GAP_DAYS[2:]) - GAP_DAYS[2]) / 365.25
    reg = stats.linregress(t, GAP_VALUES[2:])
    assert res.rate.n == 4
    assert_allclose(res.rate.rate, -reg.slope, rtol=1e-10)
    assert len(res.gap) == 6   # the series themselves are not cut


def test_too_few_points_give_no_rate():
    res = frontier_gap(toy_table(), price_min=0.5, price_max=1.0, fit_start="2024-09-01")
    assert res.rate.n == 2 and np.isnan(res.rate.rate)
    assert "at least 3" in res.rate.excluded[-1]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"price_min": 2.0, "price_max": 1.0}, "price_min \\(2\\) must not exceed price_max \\(1\\)"),
        ({"price_min": -0.5}, "price_min must be a finite number >= 0"),
        ({"price_max": float("inf")}, "price_max must be a finite number >= 0"),
        ({"params_min": 9.0, "params_max": 8.0}, "params_min \\(9\\) must not exceed"),
        ({}, "give a price band"),
        ({"price_min": 0.5, "price_max": 1.0, "score": "arena"}, "score must name a column"),
        ({"price_min": 100.0, "price_max": 200.0}, "no model with a 'mmlu_pro' score lies in the band"),
        ({"price_min": 0.5, "method": "cubic"}, "method must be 'linear' or 'log'"),
        ({"price_min": 0.5, "confidence": 0.0}, "confidence must lie in"),
    ],
)
def test_frontier_gap_input_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        frontier_gap(toy_table(), **kwargs)


def test_frontier_gap_band_column_missing():
    with pytest.raises(ValueError, match="'params_b' column"):
        frontier_gap(toy_table().drop(columns="params_b"), params_min=7)


def test_summary_is_json_and_consistent():
    res = frontier_gap(toy_table(), price_min=0.5, price_max=1.0)
    s = json.loads(json.dumps(res.summary()))
    assert s["band"] == "0.5 <= output_price <= 1 ($/M output tokens)"
    assert [g["gap"] for g in s["gap"]] == pytest.approx(GAP_VALUES)
    assert s["gap_first"] == pytest.approx(0.20) and s["gap_last"] == pytest.approx(0.02)
    assert s["rate"]["n_points"] == 6
    assert [r["model"] for r in s["overall"]] == ["A", "E", "H"]


def test_packaged_leaderboard_runs_both_views():
    lb = load_leaderboard()
    price = frontier_gap(lb, price_min=0.5, price_max=1.0)
    size = frontier_gap(lb, params_min=6.9, params_max=8.1)   # independent evaluator only
    for res in (price, size):
        assert res.evaluator == "TIGER-Lab"
        assert res.n_band >= 4 and res.rate.n >= 5
        assert (res.gap["gap"] >= -1e-12).all()   # the overall best is never below a subset's
        assert res.gap["date"].is_monotonic_increasing


# --- plots ---------------------------------------------------------------------------------


def test_plot_frontier_gap_draws_post_steps():
    res = frontier_gap(toy_table(), price_min=0.5, price_max=1.0)
    fig, ax = plt.subplots()
    out = plot_frontier_gap(res, ax=ax)
    assert out is ax
    steps = [ln for ln in ax.get_lines() if ln.get_drawstyle() == "steps-post"]
    assert len(steps) == 2
    assert ax.get_title() == ""
    plt.close(fig)


def test_plot_sigmoid_fit_returns_axes():
    res = sigmoid_fit_on_models(synthetic_models(n=20), n_bootstrap=0)
    ax = plot_sigmoid_fit(res)
    assert len(ax.collections) == 1 and len(ax.get_lines()) == 2
    assert ax.get_title() == ""
    plt.close(ax.figure)


# --- command line ---------------------------------------------------------------------------


def parse(argv):
    parser = argparse.ArgumentParser(prog="meekbook")
    add_subcommands(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def run(argv):
    args = parse(argv)
    out, err = io.StringIO(), io.StringIO()
    code = args.handler(args, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_frontier_gap_json_on_the_toy_file():
    # leaderboard_toy.csv holds the toy table with scores in percent.
    code, out, err = run(["frontier-gap", str(FIXTURES / "leaderboard_toy.csv"),
                          "--price-min", "0.5", "--price-max", "1", "--json"])
    assert code == 0 and err == ""
    s = json.loads(out)
    assert set(s) >= {"command", "file", "score", "band", "overall", "band_best", "gap", "rate",
                      "conversions", "load_report", "excluded", "n_models", "n_band"}
    assert s["command"] == "frontier-gap" and s["score"] == "mmlu_pro"
    assert any("percent" in c for c in s["conversions"])
    assert [g["date"] for g in s["gap"]] == GAP_DATES
    assert [g["gap"] for g in s["gap"]] == pytest.approx(GAP_VALUES)
    assert set(s["rate"]) >= {"rate", "ci", "n_points", "method", "unit"}
    t = np.array(GAP_DAYS) / 365.25
    assert s["rate"]["rate"] == pytest.approx(-stats.linregress(t, GAP_VALUES).slope)


def test_cli_frontier_gap_text_output():
    code, out, _ = run(["frontier-gap", str(FIXTURES / "leaderboard_toy.csv"),
                        "--params-min", "6.9", "--params-max", "8.1"])
    assert code == 0
    assert "Running best, all models" in out and "Running best, inside the band" in out
    assert "2024-09-01    0.8000  0.4000  0.4000" in out
    assert "percent" in out


def write_synthetic_csv(path: Path, percent: bool) -> pd.DataFrame:
    df = synthetic_models(n=40, noise=0.003, seed=99)
    out = df.assign(mmlu=df["mmlu"] * (100 if percent else 1), extra="ignored")
    out.to_csv(path, index=False)
    return df


def test_cli_fit_sigmoid_json_recovers_parameters(tmp_path):
    path = tmp_path / "models.csv"
    write_synthetic_csv(path, percent=True)
    code, out, err = run(["fit-sigmoid", str(path), "--json", "--bootstrap", "40", "--seed", "1"])
    assert code == 0 and err == ""
    s = json.loads(out)
    assert set(s) >= {"params", "stderr", "intervals", "bootstrap", "n_models", "r2", "conversions"}
    assert set(s["params"]) == {"S", "x0", "k", "s0"}
    assert s["n_models"] == 40
    assert s["bootstrap"]["requested"] == 40 and s["bootstrap"]["seed"] == 1
    assert any("percent" in c for c in s["conversions"])
    assert s["params"]["x0"] == pytest.approx(TRUE["x0"], abs=0.01)
    assert s["params"]["S"] == pytest.approx(TRUE["S"], abs=0.05)
    assert s["params"]["s0"] == pytest.approx(TRUE["s0"], abs=0.02)
    assert s["params"]["k"] == pytest.approx(TRUE["k"], abs=3.0)
    for name in ("S", "x0", "k", "s0"):
        lo, hi = s["intervals"][name]
        assert lo <= s["params"][name] <= hi


def test_cli_fit_sigmoid_same_seed_same_output(tmp_path):
    path = tmp_path / "models.csv"
    write_synthetic_csv(path, percent=False)
    argv = ["fit-sigmoid", str(path), "--bootstrap", "25", "--seed", "5"]
    first, second = run(argv), run(argv)
    assert first == second and first[0] == 0
    assert "bootstrap interval" in first[1] and "percent" not in first[1]


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["fit-sigmoid", str(FIXTURES / "base_missing_column.csv")], "missing column"),
        (["fit-sigmoid", str(FIXTURES / "base_bad_number.csv")], "line 3"),
        (["fit-sigmoid", "/nonexistent/models.csv"], "file not found"),
        (["frontier-gap", str(FIXTURES / "leaderboard_toy.csv"), "--price-min", "2",
          "--price-max", "1"], "price_min (2) must not exceed price_max (1)"),
        (["frontier-gap", str(FIXTURES / "leaderboard_toy.csv")], "give a price band"),
        (["frontier-gap", str(FIXTURES / "leaderboard_toy.csv"), "--price-min", "0.5",
          "--score", "arena"], "missing column"),
        (["frontier-gap", str(FIXTURES / "leaderboard_bad_date.csv"), "--price-min", "0.5"],
         "'2024-13-01' is not a date"),
    ],
)
def test_cli_input_errors_exit_2_with_one_line(argv, fragment):
    code, out, err = run(argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and fragment in err
    assert err.startswith(f"error: {argv[0]}: ")


def test_cli_through_a_subprocess(tmp_path):
    path = tmp_path / "models.csv"
    write_synthetic_csv(path, percent=False)
    proc = subprocess.run(
        [sys.executable, "-m", "meekbook.cli.data", "fit-sigmoid", str(path), "--json",
         "--bootstrap", "10"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["n_models"] == 40
    bad = subprocess.run(
        [sys.executable, "-m", "meekbook.cli.data", "frontier-gap",
         str(FIXTURES / "leaderboard_toy.csv"), "--price-min", "-1"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert bad.returncode == 2 and "price_min must be a finite number >= 0" in bad.stderr


def test_cli_through_the_main_entry_point(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "meekbook", "frontier-gap", str(FIXTURES / "leaderboard_toy.csv"),
         "--price-min", "0.5", "--price-max", "1", "--json"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert [g["gap"] for g in json.loads(proc.stdout)["gap"]] == pytest.approx(GAP_VALUES)
