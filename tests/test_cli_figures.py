"""Command line (verify, figures, params) and the figure functions."""

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
from meekbook.cli import main  # noqa: E402
from meekbook.plots.figures import PAPER_FIGURES, figure_1_loss_gap, figure_3_benchmark_gap, write_all  # noqa: E402


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
