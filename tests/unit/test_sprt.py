"""SPRT: Wald's constant, the paper's token counts, and a Monte-Carlo check of the approximation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import meekbook as mb


def test_wald_constant_at_five_percent():
    # 0.95 ln 19 + 0.05 ln(1/19) = 0.9 ln 19 = 2.6500 (paper: 2.65)
    assert mb.wald_constant() == pytest.approx(0.9 * np.log(19), rel=1e-14)
    assert mb.wald_constant() == pytest.approx(2.65, abs=5e-3)


def test_wald_constant_asymmetric_by_hand():
    a, b = 0.01, 0.1
    expected = (1 - a) * np.log((1 - a) / b) + a * np.log(a / (1 - b))
    assert mb.wald_constant(a, b) == pytest.approx(expected, rel=1e-14)


def test_paper_token_counts():
    # the paper's model at the settings of its Fig. 9 (arXiv:2507.07931): ≈ 12.5 tokens at t*, ≈ 204 at t = 20 (1x)
    assert mb.token_threshold_over_time(mb.peak_time()) == pytest.approx(12.5, abs=0.05)
    assert mb.token_threshold_over_time(20.0) == pytest.approx(204, abs=0.5)
    assert mb.token_threshold(0.1, slowdown=10) == pytest.approx(265.0, rel=1e-3)


def test_categorical_pair_hits_the_requested_divergence():
    for target in (0.001, 0.05, 0.5):
        f, m = mb.categorical_pair(target, n_categories=30, seed=4)
        assert mb.kl_divergence(f, m) == pytest.approx(target, rel=1e-8)
        assert f.sum() == pytest.approx(1) and m.sum() == pytest.approx(1)


@settings(max_examples=8, deadline=None)
@given(delta=st.floats(0.02, 0.3), seed=st.integers(0, 10_000))
def test_monte_carlo_agrees_with_wald_within_sampling_error(delta, seed):
    """E[n] = E[Λ_N] / KL exactly (Wald's identity); Λ_N lies within one step of a boundary.

    So the simulated mean must fall between Wald's formula with the boundary overshoot bounded
    by the largest per-token log-ratio, up to 4 standard errors of sampling noise.
    """
    f, m = mb.categorical_pair(delta, n_categories=40, seed=seed)
    sim = mb.simulate_sprt(f, m, n_runs=1500, seed=seed)
    step = np.max(np.abs(np.log(f) - np.log(m)))
    a, b = np.log(0.95 / 0.05), np.log(0.05 / 0.95)
    err = 1 - sim.correct_rate
    low = ((1 - err) * a + err * (b - step)) / sim.kl
    high = ((1 - err) * (a + step) + err * b) / sim.kl
    assert low - 4 * sim.stderr <= sim.mean_tokens <= high + 4 * sim.stderr
    # and Wald's approximation itself is within 4 SE + one overshoot step of the simulation
    assert abs(sim.mean_tokens - sim.wald_prediction) <= 4 * sim.stderr + step / sim.kl
    assert sim.correct_rate > 0.9


def test_small_steps_make_wald_nearly_exact():
    """With small per-token steps the boundary overshoot Wald neglects is small: the simulated
    mean is within 5 % of his formula, up to 4 standard errors of sampling noise (across seeds
    the mean lies about 4 % above it at this gap)."""
    f, m = mb.categorical_pair(0.01, n_categories=200, seed=0)
    sim = mb.simulate_sprt(f, m, n_runs=2000, seed=1)
    assert abs(sim.mean_tokens - sim.wald_prediction) <= 0.05 * sim.wald_prediction + 4 * sim.stderr
    assert sim.mean_tokens >= sim.wald_prediction - 4 * sim.stderr     # overshoot only adds


def test_simulation_is_reproducible():
    f, m = mb.categorical_pair(0.1, seed=0)
    assert mb.simulate_sprt(f, m, n_runs=200, seed=7) == mb.simulate_sprt(f, m, n_runs=200, seed=7)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: mb.token_threshold(0.0), "delta_loss must be a finite number > 0; got 0.0"),
        (lambda: mb.token_threshold(-0.1), "delta_loss must be a finite number > 0"),
        (lambda: mb.token_threshold(0.1, alpha=0.5), "alpha must lie in the open interval (0.0, 0.5); got 0.5"),
        (lambda: mb.token_threshold(0.1, beta=0), "beta must lie in the open interval"),
        (lambda: mb.token_threshold(0.1, slowdown=0.5), "slowdown must be a finite number >= 1.0"),
        (lambda: mb.token_threshold_over_time(0.0), "delta_loss must be a finite number > 0"),
        (lambda: mb.kl_divergence([0.5, 0.6], [0.5, 0.5]), "p must sum to 1"),
        (lambda: mb.kl_divergence([1.0, 0.0], [0.5, 0.5]), "each > 0"),
        (lambda: mb.simulate_sprt([0.5, 0.5], [0.5, 0.5]), "KL divergence 0"),
        (lambda: mb.simulate_sprt([0.5, 0.5], [0.4, 0.6], n_runs=1), "n_runs must be an integer >= 2"),
        (lambda: mb.categorical_pair(-1.0), "delta_loss must be a finite number > 0"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)
