"""Raw-FLOP crossings, the governance window and the cost of a threshold (meekbook.model.governance).

Expected values are closed forms written here with math.log from the paper's parameters
(/work/shared/paper-model.md, sec. 2; arXiv:2507.07931 sec. 2): g_h = 1.4, g_alg = 2.8,
g_i = 5/1.4, both actors $1,000 at 1e17 FLOP per dollar (C0 = 1e20 FLOP). Raw compute is
budget x hardware price-performance (no algorithmic factor); effective compute is raw x g_alg^t.
The numbers of issue 19's independent recomputation (7.15 / 8.58 raw; 4.36 / 5.24 and
8.43 / 10.11 effective) are checked against these closed forms, never against the code.
"""

import math

import numpy as np
import pytest

import meekbook as mb
from meekbook.model import governance as gov

G_H, G_ALG, G_I, C0, F0 = 1.4, 2.8, 5 / 1.4, 1e3 * 1e17, 1e17
GAMMA = 0.154                      # the paper's rounded compute-law exponent


def _t(threshold, growth, c0=C0):
    return math.log(threshold / c0) / math.log(growth)


@pytest.mark.parametrize("threshold, frontier_raw, frontier_eff, meek_eff", [
    (1e25, 7.15, 4.36, 8.43),      # issue 19's recomputation, paper settings
    (1e26, 8.58, 5.24, 10.11),
])
def test_raw_and_effective_crossings_match_the_issue_and_the_closed_form(
        threshold, frontier_raw, frontier_eff, meek_eff):
    # frontier raw FLOP grows by g_h g_i = 5 a year; effective by g_alg g_h g_i = 14
    assert _t(threshold, G_H * G_I) == pytest.approx(frontier_raw, abs=0.005)
    assert _t(threshold, G_ALG * G_H * G_I) == pytest.approx(frontier_eff, abs=0.005)
    assert _t(threshold, G_ALG * G_H) == pytest.approx(meek_eff, abs=0.005)
    assert gov.raw_crossing_time(threshold, actor="sota") == pytest.approx(_t(threshold, G_H * G_I), rel=1e-12)
    assert gov.raw_crossing_time(threshold, actor="meek") == pytest.approx(_t(threshold, G_H), rel=1e-12)
    assert gov.effective_crossing_time(threshold, actor="sota") == pytest.approx(
        _t(threshold, G_ALG * G_H * G_I), rel=1e-12)
    assert gov.effective_crossing_time(threshold, actor="meek") == pytest.approx(
        _t(threshold, G_ALG * G_H), rel=1e-12)


@pytest.mark.parametrize("threshold, window", [(1e25, 6.666), (1e26, 7.999)])
def test_governance_window_closed_form(threshold, window):
    t_rule = _t(threshold, G_H * G_I)                          # the rule reaches the frontier
    marked = C0 * (G_ALG * G_H * G_I) ** t_rule                # frontier's effective compute then
    t_cap = _t(marked, G_ALG * G_H)                            # meek effective compute gets there
    assert t_cap == pytest.approx(t_rule * math.log(14.0) / math.log(3.92), rel=1e-12)
    w = gov.governance_window(threshold)
    assert w.rule_reaches_frontier == pytest.approx(t_rule, rel=1e-12)
    assert w.frontier_effective == pytest.approx(marked, rel=1e-9)
    assert w.meek_has_capability == pytest.approx(t_cap, rel=1e-12)
    assert w.window == pytest.approx(t_cap - t_rule, rel=1e-12)
    assert w.window == pytest.approx(window, abs=0.001)
    assert w.meek_raw == pytest.approx(_t(threshold, G_H), rel=1e-12)
    assert w.rule_year == pytest.approx(2023.0 + t_rule) and w.capability_year == pytest.approx(2023.0 + t_cap)


@pytest.mark.parametrize("threshold, gap", [(1e25, 1.274), (1e26, 1.529)])
def test_the_issues_one_and_a_half_years_is_meek_effective_minus_frontier_raw(threshold, gap):
    # Issue 19's "1.3-1.5 years": the meek actor's effective compute reaching the threshold
    # number itself (a year-0 capability), minus the frontier's raw crossing. Not the window
    # defined by the capability the rule marked when it bound the frontier (above).
    assert _t(threshold, G_ALG * G_H) - _t(threshold, G_H * G_I) == pytest.approx(gap, abs=0.001)
    w = gov.governance_window(threshold)
    assert w.window > _t(threshold, G_ALG * G_H) - w.rule_reaches_frontier + 5.0


def test_governance_window_edge_cases():
    # frontier starts above the threshold: the rule binds at once, the window is the meek
    # actor's time to the frontier's t = 0 effective compute
    p = mb.PaperParams(budget_sota=1e9)                        # 1e26 FLOP at t = 0
    w = gov.governance_window(1e25, p)
    assert w.rule_reaches_frontier == 0.0
    assert w.window == pytest.approx(math.log(1e26 / C0) / math.log(G_ALG * G_H), rel=1e-12)
    # no hardware or investment growth: the rule never reaches the frontier, no window (inf)
    w = gov.governance_window(1e25, mb.PaperParams(g_hardware=1.0, g_investment=1.0))
    assert w.rule_reaches_frontier == math.inf and w.window == math.inf
    # the meek actor without any progress never has the capability
    w = gov.governance_window(1e25, mb.PaperParams(g_hardware_meek=1.0, g_algorithm_meek=1.0))
    assert w.meek_has_capability == math.inf and w.window == math.inf and w.meek_raw == math.inf


def test_effective_lag_is_not_the_window():
    lag = gov.effective_lag(1e25)
    assert lag.lag == pytest.approx(_t(1e25, G_ALG * G_H) - _t(1e25, G_ALG * G_H * G_I), rel=1e-12)
    assert lag.lag == pytest.approx(4.07, abs=0.005)
    assert gov.governance_window(1e25).window - lag.lag > 2.0


def test_cost_of_a_raw_threshold_falls_by_g_h_a_year():
    t = np.array([0.0, 1.0, 7.5])
    np.testing.assert_allclose(gov.raw_flop_cost(1e25, t), 1e25 / (F0 * G_H ** t), rtol=1e-12)
    assert gov.raw_flop_cost(1e25, 0.0) == pytest.approx(1e8, rel=1e-12)       # $100 million
    assert gov.raw_flop_cost(1e25, 3.0) / gov.raw_flop_cost(1e25, 4.0) == pytest.approx(1.4, rel=1e-12)
    # a tenfold fall takes ln 10 / ln 1.4 = 6.84 years
    assert math.log(10) / math.log(G_H) == pytest.approx(6.843, abs=0.001)


@pytest.mark.parametrize("year, share", [(2031, 0.618), (2033, 0.441)])
def test_gap_as_a_share_of_its_peak(year, share):
    # Delta L(t) is proportional to s^(-gamma t) (1 - g_i^(-gamma t)), s = g_alg g_h
    s = G_ALG * G_H
    t_star = math.log(math.log(s * G_I) / math.log(s)) / (GAMMA * math.log(G_I))
    shape = lambda t: s ** (-GAMMA * t) * (1 - G_I ** (-GAMMA * t))  # noqa: E731
    t = year - 2023.0
    assert shape(t) / shape(t_star) == pytest.approx(share, abs=0.001)
    got = float(mb.loss_gap(t)) / float(mb.loss_gap(mb.peak_time()))
    assert got == pytest.approx(shape(t) / shape(t_star), rel=1e-9)
