"""Compute thresholds and calendar years (meekbook.model.governance).

References: the thresholds from the legal texts (EU AI Act Art. 51(2): 1e25 FLOP; US Executive
Order 14110 sec. 4.2(b)(i): 1e26 operations), the paper's rates and budgets (arXiv:2507.07931,
sec. 2: g_h = 1.4, g_alg = 2.8, g_i = 5/1.4, $1,000 at 1e17 FLOP per dollar) and its dating of the
peak "around 2026-2027"; the closed forms are written out here with math.log.
"""

import math
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import meekbook as mb  # noqa: E402
from meekbook.model import governance as gov  # noqa: E402
from meekbook.plots import governance as gov_plots  # noqa: E402

G_H, G_ALG, G_I, C0 = 1.4, 2.8, 5 / 1.4, 1e3 * 1e17
from support import ROOT  # noqa: E402


def test_threshold_values_are_the_legal_ones():
    assert gov.EU_AI_ACT.flop == 1e25 and "Art. 51(2)" in gov.EU_AI_ACT.instrument
    assert gov.CA_SB_53.flop == 1e26 and "SB 53" in gov.CA_SB_53.instrument
    assert "1 January 2026" in gov.CA_SB_53.status and "29 September 2025" in gov.CA_SB_53.status
    assert gov.US_EO_14110.flop == 1e26 and "4.2(b)(i)" in gov.US_EO_14110.instrument
    assert "revoked" in gov.US_EO_14110.status
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    assert {t.citation for t in gov.THRESHOLDS.values()} <= keys


@pytest.mark.parametrize("threshold", [1e25, 1e26])
def test_crossing_times_closed_form(threshold):
    meek = math.log(threshold / C0) / math.log(G_ALG * G_H)
    frontier = math.log(threshold / C0) / math.log(G_ALG * G_H * G_I)
    assert gov.effective_crossing_time(threshold) == pytest.approx(meek, rel=1e-12)
    assert gov.effective_crossing_time(threshold, actor="sota") == pytest.approx(frontier, rel=1e-12)
    assert gov.raw_crossing_time(threshold) == pytest.approx(math.log(threshold / C0) / math.log(G_H), rel=1e-12)
    assert gov.raw_crossing_time(threshold, actor="sota") == pytest.approx(
        math.log(threshold / C0) / math.log(G_H * G_I), rel=1e-12)
    # cross-check with the gap module: the effective compute there reaches the threshold then
    assert mb.effective_compute(meek, mb.PaperParams(), "meek") == pytest.approx(threshold, rel=1e-9)
    assert mb.effective_compute(frontier, mb.PaperParams(), "sota") == pytest.approx(threshold, rel=1e-9)
    w = gov.effective_lag(threshold)
    assert w.lag == pytest.approx(meek - frontier, rel=1e-12)
    assert w.meek_year == pytest.approx(2023.0 + meek) and w.frontier_year == pytest.approx(2023.0 + frontier)


def test_crossing_time_edge_cases():
    assert gov.crossing_time(1e25, 1e26, 3.0) == 0.0
    assert gov.crossing_time(1e25, 1e20, 1.0) == math.inf
    assert gov.crossing_time(1e25, 1e20, 0.5) == math.inf
    out = gov.crossing_time(np.array([1e25, 1e26]), 1e20, np.array([[2.0], [4.0]]))
    expected = np.log(np.array([1e25, 1e26]) / 1e20) / np.log(np.array([[2.0], [4.0]]))
    np.testing.assert_allclose(out, expected, rtol=1e-12)


def test_effective_lag_shrinks_as_shared_progress_grows():
    s = np.linspace(1.5, 20.0, 200)
    distance = math.log(1e25 / C0)
    window = distance * (1 / np.log(s) - 1 / np.log(s * G_I))
    got = [gov.effective_lag(1e25, mb.PaperParams(g_hardware=1.0, g_algorithm=x)).lag for x in s]
    np.testing.assert_allclose(got, window, rtol=1e-10)
    assert np.all(np.diff(window) < 0)


def test_raw_flop_for_capability_falls_by_g_alg_a_year():
    np.testing.assert_allclose(gov.raw_flop_for_capability(1e25, [0.0, 1.0, 5.0]),
                               [1e25, 1e25 / 2.8, 1e25 / 2.8**5], rtol=1e-12)


def test_raw_compute_is_budget_times_hardware_progress():
    t = [0.0, 1.0, 7.5]
    np.testing.assert_allclose(gov.raw_compute(t), [C0 * G_H**x for x in t], rtol=1e-12)
    np.testing.assert_allclose(gov.raw_compute(t, actor="sota"), [C0 * (G_H * G_I) ** x for x in t], rtol=1e-12)
    # effective compute is raw FLOP times the algorithmic factor g_alg^t
    np.testing.assert_allclose(mb.effective_compute(np.array(t), mb.PaperParams(), "meek"),
                               gov.raw_compute(t) * G_ALG ** np.array(t), rtol=1e-12)
    p = mb.PaperParams(g_hardware_meek=1.0, budget_meek=5e3)
    assert gov.raw_compute(10.0, p) == pytest.approx(5e3 * 1e17, rel=1e-12)
    # it reaches a threshold when raw_crossing_time says so
    t_raw = gov.raw_crossing_time(1e25)
    assert gov.raw_compute(t_raw) == pytest.approx(1e25, rel=1e-12)


def test_calendar_year_matches_the_papers_dating_of_the_peak():
    # The paper dates the peak of the loss gap around 2026-2027.
    peak_year = gov.calendar_year(mb.peak_time())
    assert 2026.0 <= peak_year < 2028.0
    assert gov.PAPER_START_YEAR == 2023.0
    assert gov.model_time(gov.calendar_year(np.array([0.0, 7.5]))).tolist() == [0.0, 7.5]
    assert gov.calendar_year(2.0, start_year=2025.0) == 2027.0


@pytest.mark.parametrize("call, match", [
    (lambda: gov.crossing_time(-1.0, 1e20, 2.0), "threshold must be"),
    (lambda: gov.crossing_time(1e25, 0.0, 2.0), "compute0 must be"),
    (lambda: gov.crossing_time(1e25, 1e20, np.nan), "growth must be"),
    (lambda: gov.effective_crossing_time(1e25, actor="frontier"), "actor must be 'meek' or 'sota'"),
    (lambda: gov.raw_crossing_time(1e25, actor="x"), "actor must be 'meek' or 'sota'"),
    (lambda: gov.calendar_year(np.inf), "t must be finite"),
    (lambda: gov.calendar_year(1.0, start_year=np.nan), "start_year must be finite"),
    (lambda: gov.effective_lag(1e25, mb.PaperParams(g_investment=np.array([2.0, 3.0]))), "scalar"),
    (lambda: gov.governance_window(1e25, mb.PaperParams(g_investment=np.array([2.0, 3.0]))), "scalar"),
    (lambda: gov.governance_window(-1.0), "threshold must be"),
    (lambda: gov.governance_window(1e25, start_year=np.inf), "start_year must be finite"),
    (lambda: gov.raw_flop_cost(0.0, 1.0), "threshold must be"),
    (lambda: gov.raw_flop_cost(1e25, np.nan), "t must be finite"),
    (lambda: gov.raw_flop_for_capability(1e25, np.inf), "t must be finite"),
    (lambda: gov.raw_compute(np.nan), "t must be finite"),
    (lambda: gov.raw_compute(1.0, actor="frontier"), "actor must be 'meek' or 'sota'"),
])
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_meek_actor_that_does_not_share_hardware_progress():
    p = mb.PaperParams(g_hardware_meek=1.0)
    assert gov.effective_crossing_time(1e25, p) == pytest.approx(math.log(1e5) / math.log(2.8), rel=1e-12)
    assert gov.raw_crossing_time(1e25, p) == math.inf


def test_figures_draw():
    fig = gov_plots.plot_threshold_crossings()
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and len(ax.get_lines()) >= 6
    x = ax.get_lines()[0].get_xdata()
    assert x[0] == pytest.approx(2023.0) and x[-1] == pytest.approx(2038.0)
    dots = [line for line in ax.get_lines() if line.get_marker() == "o"]
    filled = sorted(float(d.get_xdata()[0]) for d in dots if d.get_markerfacecolor() != "white")
    hollow = sorted(float(d.get_xdata()[0]) for d in dots if d.get_markerfacecolor() == "white")
    expected = sorted(2023.0 + math.log(T / C0) / math.log(g)
                      for T in (1e25, 1e26) for g in (G_ALG * G_H, G_ALG * G_H * G_I))
    np.testing.assert_allclose(filled, expected, rtol=1e-12)
    # within 15 years only the frontier's raw FLOP crosses (7.15 and 8.58 years; the meek
    # actor's raw FLOP needs 34 and 41)
    np.testing.assert_allclose(hollow, [2023.0 + math.log(T / C0) / math.log(G_H * G_I) for T in (1e25, 1e26)],
                               rtol=1e-12)
    fig2 = gov_plots.plot_window_vs_shared_growth()
    lines = [line for line in fig2.axes[0].get_lines() if line.get_linestyle() in ("-", "--")]
    assert len(lines) == 4
    g = lines[0].get_xdata()
    window = math.log(1e25 / C0) * math.log(G_I) / (math.log(G_H * G_I) * np.log(g * G_H))
    np.testing.assert_allclose(lines[0].get_ydata(), window, rtol=1e-10)
    assert np.all(np.diff(lines[0].get_ydata()) < 0) and np.all(np.diff(lines[1].get_ydata()) < 0)
    assert np.all(lines[0].get_ydata() > lines[1].get_ydata())      # the window outlasts the lag
    plt.close("all")
