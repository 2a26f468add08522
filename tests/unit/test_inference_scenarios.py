"""Inference at a fixed price, stagnation scenarios and robustness sweeps vs the paper's numbers."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

import meekbook as mb

P36 = mb.PaperParams(g_algorithm=3.6)


def test_inference_gap_numbers():
    # the paper's Fig. 4 and its settings (arXiv:2507.07931, sec. 5)
    assert mb.inference_gap(0.0, P36) == pytest.approx(0.919, abs=5e-4)
    assert mb.inference_catch_up_time(P36) == pytest.approx(1.33, abs=5e-3)
    assert mb.inference_catch_up_time(P36.replace(g_inference=2.8)) == pytest.approx(4.10, abs=5e-3)
    assert mb.peak_gap(P36) == pytest.approx(0.1875, abs=5e-5)
    assert mb.peak_time(P36) == pytest.approx(2.96, abs=5e-3)


def test_catch_up_time_by_hand():
    # (c F)^2 (g_h g_inf)^(2t) g_alg^t = B F (g_h g_alg g_i)^t  ->  t = ln(B/(c^2 F)) / ln(g_h g_inf^2 / g_i)
    t = np.log(1000 / (1e-16 * 1e17)) / np.log(1.4 * 81 / (5 / 1.4))
    assert mb.inference_catch_up_time(P36) == pytest.approx(t, rel=1e-12)
    assert mb.inference_gap(t, P36, clip=False) == pytest.approx(0.0, abs=1e-12)
    assert mb.inference_gap(t + 1, P36, clip=False) < 0 and mb.inference_gap(t + 1, P36) == 0


def test_dropped_constants_factor_30():
    with_c = mb.inference_catch_up_time(P36, include_constants=True)
    assert with_c == pytest.approx(np.log(100 / 30) / np.log(1.4 * 81 / (5 / 1.4)), rel=1e-12)
    from meekbook.model.inference import log_inference_compute

    assert log_inference_compute(0.0, include_constants=True) - log_inference_compute(0.0) == pytest.approx(np.log(30))


def test_decomposition_multiplies_out():
    d = mb.inference_decomposition(np.array([0.0, 2.0]))
    assert_allclose(d["effective_params"], 1e-8 * d["flop_per_dollar"] * d["params_per_flop"] * d["effective_params_per_param"])
    assert_allclose(d["effective_params"], [5e8, 5e8 * (1.4 * 9) ** 2])
    assert_allclose(mb.affordable_parameters([0.0, 2.0]), d["effective_params"])


def test_inference_bad_input():
    with pytest.raises(ValueError, match="price_per_token must be a finite number > 0; got -1"):
        mb.PaperParams(price_per_token=-1e-8)
    with pytest.raises(ValueError, match="never|catch up"):
        mb.inference_catch_up_time(mb.PaperParams(g_inference=1.0))
    with pytest.raises(ValueError, match="t must be finite"):
        mb.inference_gap(np.inf)


def test_stagnation_numbers():
    curves = mb.stagnation_scenarios()
    for curve, expected in zip(curves, (0.0130, 0.0083, 0.0113)):
        assert curve.gap_at(20) == pytest.approx(expected, abs=5e-5)
    # all peak at the same t* (the change comes after it)
    for curve in curves:
        assert curve.peak_time == pytest.approx(3.359, abs=5e-4)


def test_stagnation_gap_by_hand():
    # frozen after 5: ΔL(20) = K C0^-γ (g_s)^(-20γ) [1 - g_i^(-5γ)]
    K, g, gi = 1070 * 1e20**-0.154, 0.154, 5 / 1.4
    frozen = K * 3.92 ** (-20 * g) * (1 - gi ** (-5 * g))
    slow = K * 3.92 ** (-20 * g) * (1 - gi ** (-5 * g) * 1.5 ** (-15 * g))
    assert mb.loss_gap(20.0, sota_schedule=mb.StopAfter(1000, gi, 5)) == pytest.approx(frozen, rel=1e-10)
    assert mb.loss_gap(20.0, sota_schedule=mb.SlowdownAfter(1000, gi, 5, 1.5)) == pytest.approx(slow, rel=1e-10)


@pytest.mark.parametrize("budget, early", [(1e4, 0.27), (1e5, 0.45), (1e6, 0.58)])
def test_initial_capital(budget, early):
    p = mb.PaperParams(budget_sota=budget)
    assert mb.loss_gap(0.0, p) == pytest.approx(early, abs=5e-3)
    assert mb.loss_gap(20.0, p) == pytest.approx(0.013, abs=5e-4)


@pytest.mark.parametrize(
    "g_i, gap, time",
    [(1.1, 0.022, 4.6), (2, 0.133, 3.8), (3.6, 0.213, 3.35), (10, 0.311, 2.8), (20, 0.360, 2.5)],
)
def test_growth_sweep(g_i, gap, time):
    p = mb.PaperParams(g_investment=g_i)
    assert mb.peak_gap(p) == pytest.approx(gap, abs=5e-4)
    assert mb.peak_time(p) == pytest.approx(time, abs=0.05)


@pytest.mark.parametrize("gamma, gap", [(0.155, 0.202), (0.178, 0.070)])
def test_exponent_variant(gamma, gap):
    assert mb.peak_gap(mb.PaperParams().replace(gamma=gamma)) == pytest.approx(gap, abs=5e-4)


def test_sweep_and_logistic_schedule():
    curves = mb.sweep("g_investment", [2.0, 20.0])
    assert curves[0].peak_gap < curves[1].peak_gap and curves[0].peak_time > curves[1].peak_time
    sched = mb.Logistic(1000, 5 / 1.4, ceiling=1e9)
    gap = mb.loss_gap(np.linspace(0, 40, 81), sota_schedule=sched)
    assert np.all(gap >= 0) and gap[-1] < mb.loss_gap(40.0) * 2
    with pytest.raises(ValueError, match="unknown parameter"):
        mb.sweep("growth", [1.0])
