"""Gap equation: the paper's numbers, the paper's eq. (3) in closed form, schedules, stability."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

import meekbook as mb


def paper_eq3(t, g_h=1.4, g_alg=2.8, g_i=5 / 1.4, C0=1e20, K=1070.0, gamma=0.154):
    """ΔL(t) = K C0^-γ (g_alg g_h)^(-γ t) [1 - g_i^(-γ t)]  (the paper's eq. 3, arXiv:2507.07931), typed independently."""
    t = np.asarray(t, dtype=float)
    return K * C0 ** (-gamma) * (g_alg * g_h) ** (-gamma * t) * (1 - g_i ** (-gamma * t))


def test_gap_matches_paper_equation_3():
    t = np.linspace(0, 20, 201)
    assert_allclose(mb.loss_gap(t), paper_eq3(t), rtol=1e-10, atol=1e-15)


def test_spec_numbers():
    assert mb.loss_gap(0.0) == 0.0
    assert mb.loss_gap(3.359) == pytest.approx(0.2118, abs=5e-5)
    assert mb.loss_gap(20.0) == pytest.approx(0.0130, abs=5e-5)


def test_effective_compute_values():
    # C0 = $1000 * 1e17 FLOP/$ = 1e20; one year later: x 3.92 (meek), x 14 (frontier)
    assert_allclose(mb.effective_compute(0.0, actor="meek"), 1e20, rtol=1e-12)
    assert_allclose(mb.effective_compute(1.0, actor="meek"), 3.92e20, rtol=1e-12)
    assert_allclose(mb.effective_compute(1.0, actor="sota"), 1e20 * 2.8 * 1.4 * 5 / 1.4, rtol=1e-12)


def test_losses_fall_and_frontier_is_lower():
    t = np.linspace(0, 30, 61)
    meek, sota = mb.loss_trajectory(t, actor="meek"), mb.loss_trajectory(t, actor="sota")
    assert np.all(np.diff(meek) < 0) and np.all(np.diff(sota) < 0)
    assert np.all(sota <= meek)
    assert np.all(sota > 1.7)


def test_schedule_forms_agree():
    t = np.linspace(0, 12, 25)
    p = mb.PaperParams()
    from_default = mb.loss_gap(t, p)
    from_callable = mb.loss_gap(t, p, sota_schedule=lambda x: 1000 * (5 / 1.4) ** x)
    from_array = mb.loss_gap(t, p, sota_schedule=1000 * (5 / 1.4) ** t)
    from_object = mb.loss_gap(t, p, sota_schedule=mb.Exponential(1000, 5 / 1.4))
    for other in (from_callable, from_array, from_object):
        assert_allclose(other, from_default, rtol=1e-12, atol=1e-15)


def test_constant_frontier_means_no_gap():
    t = np.linspace(0, 10, 11)
    assert_allclose(mb.loss_gap(t, sota_schedule=mb.Constant(1000)), 0.0, atol=1e-15)


def test_no_overflow_or_warning_for_long_horizons():
    # pytest turns warnings into errors; exp(-γ ln C) is computed in log space
    t = np.array([0.0, 100.0, 1000.0, 1e5])
    gap = mb.loss_gap(t)
    assert np.all(np.isfinite(gap)) and np.all(gap >= 0)
    with pytest.raises(ValueError, match="exceeds the float range"):
        mb.effective_compute(1000.0)


def test_arrays_of_parameters_broadcast():
    g_i = np.array([2.0, 3.0, 5.0])
    p = mb.PaperParams(g_investment=g_i)
    out = mb.loss_gap(4.0, p)
    expected = [paper_eq3(4.0, g_i=g) for g in g_i]
    assert_allclose(out, expected, rtol=1e-10)


@settings(max_examples=200, deadline=None)
@given(
    g_h=st.floats(1.0, 3.0), g_alg=st.floats(1.0, 5.0), g_i=st.floats(1.0, 30.0),
    t=st.floats(0.0, 50.0), gamma=st.floats(0.01, 0.9),
)
def test_gap_nonnegative_when_frontier_grows(g_h, g_alg, g_i, t, gamma):
    p = mb.PaperParams(g_hardware=g_h, g_algorithm=g_alg, g_investment=g_i).replace(gamma=gamma)
    assert mb.loss_gap(t, p) >= 0.0


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: mb.loss_gap(np.nan), "t must be finite"),
        (lambda: mb.loss_gap(1.0, None, sota_schedule=[1.0, 2.0]), "one dollar amount per time"),
        (lambda: mb.loss_gap([0, 1], sota_schedule=lambda t: -1 + 0 * t), "schedule(t) dollars must be a finite number > 0"),
        (lambda: mb.loss_trajectory(1.0, actor="rich"), "actor must be 'meek' or 'sota'; got 'rich'"),
        (lambda: mb.PaperParams(budget_meek=-5), "budget_meek must be a finite number > 0; got -5.0"),
        (lambda: mb.PaperParams(g_algorithm=np.inf), "g_algorithm must be a finite number > 0; got inf"),
        (lambda: mb.PaperParams(alpha=0.6), "alpha must lie in the open interval (0.0, 0.5); got 0.6"),
        (lambda: mb.PaperParams().replace(gamma=1.5), "gamma must lie in the open interval (0.0, 1.0); got 1.5"),
        (lambda: mb.PaperParams().replace(wealth=3), "unknown parameter(s) ['wealth']"),
        (lambda: mb.StopAfter(1000, 2.0, stop_year=-1), "stop_year must be a finite number >= 0; got -1.0"),
        (lambda: mb.Logistic(1000, 2.0, ceiling=10), "ceiling must be > initial"),
        (lambda: mb.Tabulated([0, 0], [1, 2]), "years must be strictly increasing"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)
