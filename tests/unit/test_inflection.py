"""Inflection time: closed form vs the paper's eq. 4, vs numeric argmax (property-based), invariances."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.optimize import minimize_scalar

import meekbook as mb


def test_spec_values():
    # the paper's eq. 4 (arXiv:2507.07931) at its rates: t* = 3.359 years, ΔL(t*) = 0.2118 nats; its text's 'about 3.4 years' is the argmax 3.43 of a 100-point grid
    assert mb.peak_time() == pytest.approx(3.359, abs=5e-4)
    assert mb.peak_gap() == pytest.approx(0.2118, abs=5e-5)
    grid = np.linspace(0, 20, 100)
    assert grid[np.argmax(mb.loss_gap(grid))] == pytest.approx(3.43, abs=5e-3)


def test_closed_form_by_hand():
    g_s, g_i, gamma = 2.8 * 1.4, 5 / 1.4, 0.154
    by_hand = np.log(np.log(g_s * g_i) / np.log(g_s)) / (gamma * np.log(g_i))
    assert_allclose(mb.inflection_time(gamma, g_s, g_i), by_hand, rtol=1e-14)
    assert_allclose(mb.peak_time(), by_hand, rtol=1e-12)


def _numeric_argmax(p, t_max=200.0):
    res = minimize_scalar(lambda t: -mb.loss_gap(t, p), bounds=(0, t_max), method="bounded",
                          options={"xatol": 1e-10})
    return res.x


@settings(max_examples=150, deadline=None)
@given(
    g_h=st.floats(1.05, 3.0), g_alg=st.floats(1.05, 5.0), g_i=st.floats(1.05, 30.0),
    gamma=st.floats(0.05, 0.6),
)
def test_closed_form_equals_numeric_argmax(g_h, g_alg, g_i, gamma):
    p = mb.PaperParams(g_hardware=g_h, g_algorithm=g_alg, g_investment=g_i).replace(gamma=gamma)
    t_star = mb.peak_time(p)
    # the gap is unimodal; bracket generously around the closed form
    res = minimize_scalar(lambda t: -mb.loss_gap(t, p), bounds=(0, 3 * t_star + 1), method="bounded",
                          options={"xatol": 1e-11})
    assert res.x == pytest.approx(t_star, rel=1e-4, abs=1e-5)
    assert mb.loss_gap(t_star, p) >= mb.loss_gap(res.x, p) * (1 - 1e-12)


@settings(max_examples=100, deadline=None)
@given(budget=st.floats(1e-3, 1e9), K=st.floats(1.0, 1e5))
def test_peak_time_does_not_depend_on_C0_or_K(budget, K):
    p = mb.PaperParams(budget_meek=budget, budget_sota=budget).replace(K=K)
    assert mb.peak_time(p) == pytest.approx(mb.peak_time(), rel=1e-12)
    assert mb.numeric_peak(p, t_max=20).time == pytest.approx(3.359, abs=5e-4)


@pytest.mark.parametrize("head_start", [2.0, 10.0, 1e3])
def test_head_start_closed_form_matches_numeric(head_start):
    p = mb.PaperParams(budget_sota=1000 * head_start)
    expected = max(_numeric_argmax(p), 0.0)
    assert mb.peak_time(p) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("g_h_meek, g_alg_meek", [(1.2, None), (1.0, None), (None, 2.0), (1.1, 2.0)])
def test_meek_with_own_growth_matches_numeric(g_h_meek, g_alg_meek):
    p = mb.PaperParams(g_hardware_meek=g_h_meek, g_algorithm_meek=g_alg_meek)
    assert mb.peak_time(p) == pytest.approx(_numeric_argmax(p), abs=1e-4)
    assert mb.numeric_peak(p, t_max=60).time == pytest.approx(mb.peak_time(p), abs=1e-4)


def test_vectorised_over_a_million_parameter_sets():
    rng = np.random.default_rng(0)
    n = 1_000_000
    p = mb.PaperParams(g_hardware=rng.uniform(1.1, 2, n), g_algorithm=rng.uniform(1.5, 4, n),
                       g_investment=rng.uniform(1.5, 10, n))
    t = mb.peak_time(p)
    gap = mb.peak_gap(p)
    assert t.shape == (n,) and gap.shape == (n,)
    assert np.all(np.isfinite(t)) and np.all(gap > 0)
    i = 12345
    single = mb.PaperParams(g_hardware=p.g_hardware[i], g_algorithm=p.g_algorithm[i],
                            g_investment=p.g_investment[i])
    assert t[i] == pytest.approx(mb.peak_time(single), rel=1e-12)


@pytest.mark.parametrize(
    "params, message",
    [
        (mb.PaperParams(g_investment=0.9), "g_investment must be > 1 for the gap to rise and then peak; got 0.9"),
        (mb.PaperParams(g_investment=1.0), "g_investment must be > 1"),
        (mb.PaperParams(g_hardware=0.5, g_algorithm=1.5), "must be > 1 for the meek actor's loss to fall; got 0.75"),
        (mb.PaperParams(g_hardware_meek=3.0, g_algorithm_meek=5.0), "must exceed the meek actor's growth"),
    ],
)
def test_no_peak_gives_a_clear_error(params, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        mb.peak_time(params)


def test_inflection_time_bad_inputs():
    with pytest.raises(ValueError, match="gamma must lie in the open interval"):
        mb.inflection_time(0.0, 3.92, 3.57)
    with pytest.raises(ValueError, match="g_investment must be > 1"):
        mb.inflection_time(0.154, 3.92, [2.0, 0.5])
    with pytest.raises(ValueError, match="t_max must be a finite number > 0"):
        mb.numeric_peak(t_max=-1)


def test_head_start_without_peak_is_where_the_numeric_peak_reaches_zero():
    threshold = mb.head_start_without_peak()
    # by hand: (ln 14 / ln 3.92) ** (1 / 0.154)
    assert threshold == pytest.approx((np.log(14.0) / np.log(3.92)) ** (1 / 0.154), rel=1e-12)
    below = mb.PaperParams(budget_sota=1000 * threshold * 0.5)
    above = mb.PaperParams(budget_sota=1000 * threshold * 2.0)
    assert _numeric_argmax(below) > 0.1
    assert mb.numeric_peak(above, t_max=20).time == 0.0
