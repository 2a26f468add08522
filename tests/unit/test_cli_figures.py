"""Command line (figures, params) and the paper's figures (drawn once per session: conftest.py)."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

import meekbook as mb
from meekbook.plots.figures import PAPER_FIGURES, write_all


def test_module_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "meekbook", "params"], capture_output=True, text=True, check=True)
    assert "g_investment" in proc.stdout and "3.57143" in proc.stdout


def test_figures_command_writes_every_figure(written_figures: Path):
    for name in PAPER_FIGURES:
        for ext in ("png", "svg"):
            f = written_figures / f"{name}.{ext}"
            assert f.exists() and f.stat().st_size > 5000, f


def test_svg_output_is_deterministic(written_figures: Path, tmp_path: Path):
    # a second drawing of every figure in the same formats (the first: the `figures` command)
    # gives the same SVG bytes
    write_all(tmp_path, formats=("png", "svg"))
    svgs = sorted(p.name for p in written_figures.glob("*.svg"))
    assert svgs == sorted(p.name for p in tmp_path.glob("*.svg"))
    for name in svgs:
        assert (written_figures / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_figure_1_draws_the_model(paper_figures):
    fig = paper_figures["figure_1_loss_gap"]
    gap_ax = fig.axes[-1]
    line = gap_ax.get_lines()[0]
    assert_allclose(line.get_ydata(), mb.loss_gap(line.get_xdata()), rtol=1e-12)
    x_peak, y_peak = gap_ax.get_lines()[1].get_data()
    assert x_peak[0] == pytest.approx(3.359, abs=5e-4) and y_peak[0] == pytest.approx(0.2118, abs=5e-5)
    assert all(ax.get_title() == "" for ax in fig.axes)  # captions live in the book


def test_figure_2_inverts_the_loss_axis_and_spans_scores_0_to_1(paper_figures):
    """Figure 2 is drawn as the paper draws it: loss axis inverted, scores from 0 to 1."""
    ax = paper_figures["figure_2_sigmoid_fit"].axes[0]
    left, right = ax.get_xlim()
    assert left > right                       # high loss on the left, better models to the right
    assert ax.get_ylim() == pytest.approx((0.0, 1.0))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("paper" in label for label in labels) and any("chance" in label for label in labels)


def test_figure_3_curves_peak_where_the_paper_says(paper_figures):
    fig = paper_figures["figure_3_benchmark_gap"]
    peaks = [max(line.get_ydata()) for line in fig.axes[0].get_lines()]
    assert_allclose(peaks, [46.4, 49.3, 29.0, 9.6], atol=0.06)


@pytest.mark.parametrize("name", list(PAPER_FIGURES))
def test_every_figure_has_labelled_axes_and_data(name, paper_figures):
    fig = paper_figures[name]
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_lines() or ax.collections
        for line in ax.get_lines():
            y = np.asarray(line.get_ydata(), dtype=float)
            assert np.all(np.isfinite(y))
