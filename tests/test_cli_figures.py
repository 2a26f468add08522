"""Command line (verify, figures, params) and the figure functions."""

import json
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from numpy.testing import assert_allclose

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import meekbook as mb  # noqa: E402
import meekbook.ledger as ledger  # noqa: E402
from meekbook.cli import main  # noqa: E402
from meekbook.figures import PAPER_FIGURES, figure_1_loss_gap, figure_3_benchmark_gap, write_all  # noqa: E402


def test_verify_model_claims_pass(capsys):
    assert main(["verify", "--model-only"]) == 0
    out = capsys.readouterr().out
    assert "Claim 1:" in out and "Claim 7:" in out and "FAIL" not in out
    assert out.strip().splitlines()[-1].startswith("verify: ") and out.strip().endswith(" 0 failed")


def test_verify_json_shape(capsys):
    assert main(["verify", "--json", "--model-only"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["failed"] == 0 and data["passed"] == len(data["claims"]) > 40
    row = next(r for r in data["claims"] if r["quantity"] == "peak time t* (closed form)")
    assert row["paper"] == 3.359 and abs(row["recomputed"] - 3.359) < 5e-4 and row["passed"] is True
    assert set(row) >= {"claim", "title", "chapter", "paper_text", "criterion", "unit", "where", "note"}


def test_verify_exits_non_zero_when_a_claim_fails(monkeypatch, capsys):
    bad = ledger._row(1, "a deliberately wrong value", "9.99", 1.0, "years", "nowhere")
    assert bad.passed is False
    monkeypatch.setattr(ledger, "claims", lambda include_data=True: [bad])
    assert main(["verify", "--model-only"]) == 1
    assert "FAIL" in capsys.readouterr().out


def test_printed_tolerance_rule():
    assert ledger._printed_tolerance("0.0130") == pytest.approx(5e-5)
    assert ledger._printed_tolerance("46.4") == pytest.approx(0.05)
    assert ledger._row(1, "q", "1.33", 1.3349, "", "").passed
    assert not ledger._row(1, "q", "1.33", 1.3351, "", "").passed


def test_module_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "meekbook", "params"], capture_output=True, text=True, check=True)
    assert "g_investment" in proc.stdout and "3.57143" in proc.stdout


def test_figures_command_writes_every_figure(tmp_path: Path, capsys):
    assert main(["figures", str(tmp_path), "--format", "png", "svg"]) == 0
    for name in PAPER_FIGURES:
        for ext in ("png", "svg"):
            f = tmp_path / f"{name}.{ext}"
            assert f.exists() and f.stat().st_size > 5000, f


def test_svg_output_is_deterministic(tmp_path: Path):
    write_all(tmp_path / "a", formats=("svg",))
    write_all(tmp_path / "b", formats=("svg",))
    for f in sorted((tmp_path / "a").iterdir()):
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name


def test_figure_1_draws_the_model():
    fig = figure_1_loss_gap()
    gap_ax = fig.axes[-1]
    line = gap_ax.get_lines()[0]
    assert_allclose(line.get_ydata(), mb.loss_gap(line.get_xdata()), rtol=1e-12)
    x_peak, y_peak = gap_ax.get_lines()[1].get_data()
    assert x_peak[0] == pytest.approx(3.359, abs=5e-4) and y_peak[0] == pytest.approx(0.2118, abs=5e-5)
    assert all(ax.get_title() == "" for ax in fig.axes)  # captions live in the book
    plt.close(fig)


def test_figure_3_curves_peak_where_the_paper_says():
    fig = figure_3_benchmark_gap()
    peaks = [max(line.get_ydata()) for line in fig.axes[0].get_lines()]
    assert_allclose(peaks, [46.4, 49.3, 29.0, 9.6], atol=0.06)
    plt.close(fig)


@pytest.mark.parametrize("name", list(PAPER_FIGURES))
def test_every_figure_has_labelled_axes_and_data(name):
    fig = PAPER_FIGURES[name]()
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_lines() or ax.collections
        for line in ax.get_lines():
            y = np.asarray(line.get_ydata(), dtype=float)
            assert np.all(np.isfinite(y))
    plt.close(fig)
