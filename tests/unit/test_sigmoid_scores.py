"""Sigmoid mapping, its fitter, and the benchmark-gap numbers of the paper's Figure 3."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

import meekbook as mb
from meekbook.model.sigmoid import SigmoidParams


def test_formula_by_hand():
    s = mb.PAPER_SIGMOID_FIT
    loss = np.array([1.8, 1.9739, 2.2])
    expected = 0.5567 / (1 + np.exp(23.775 * (loss - 1.9739))) + 0.2540
    assert_allclose(mb.loss_to_score(loss, s), expected, rtol=1e-12)
    assert_allclose(mb.loss_to_score(loss, s, steps=3), expected**3, rtol=1e-12)


def test_floor_and_ceiling():
    s = mb.PAPER_SIGMOID_FIT
    assert mb.loss_to_score(10.0, s) == pytest.approx(0.2540, abs=1e-12)
    assert mb.loss_to_score(0.5, s) == pytest.approx(0.2540 + 0.5567, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(loss=st.floats(1.7, 2.4), steps=st.sampled_from([1, 2, 5]))
def test_inverse_round_trip(loss, steps):
    score = mb.loss_to_score(loss, steps=steps)
    if mb.PAPER_SIGMOID.s0**steps < score < mb.PAPER_SIGMOID.ceiling**steps and abs(loss - 1.97) < 0.5:
        assert mb.score_to_loss(score, steps=steps) == pytest.approx(loss, abs=1e-6)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fitter_recovers_synthetic_parameters(seed):
    rng = np.random.default_rng(seed)
    truth = SigmoidParams(S=0.55, x0=2.0, k=-20.0, s0=0.26)
    loss = rng.uniform(1.75, 2.45, 60)
    score = mb.loss_to_score(loss, truth) + rng.normal(0, 0.01, loss.size)
    fit = mb.fit_sigmoid(loss, score)
    for name in ("S", "x0", "k", "s0"):
        est, se, true = getattr(fit.params, name), getattr(fit.stderr, name), getattr(truth, name)
        assert abs(est - true) < 4 * se, (name, est, se, true)
    assert fit.r2 > 0.95 and fit.n == 60
    assert fit.rmse == pytest.approx(0.01, rel=0.35)


@pytest.mark.parametrize(
    "steps, peak, time",
    [(1, 46.4, 4.1), (2, 49.3, 4.4), (5, 29.0, 5.1), (10, 9.6, 5.75)],
)
def test_benchmark_gap_peaks_match_the_paper(steps, peak, time):
    # the paper's sec. 3.1 and Fig. 3 (arXiv:2507.07931), to the printed precision
    pk = mb.benchmark_peak(steps=steps)
    assert pk.gap == pytest.approx(peak, abs=0.05)
    assert pk.time == pytest.approx(time, abs=0.05)


def test_benchmark_gap_closes():
    assert abs(mb.benchmark_gap(20.0)) < 0.1


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: mb.loss_to_score(np.nan), "loss must be finite"),
        (lambda: mb.loss_to_score(2.0, steps=0.5), "steps must be a finite number >= 1.0"),
        (lambda: mb.score_to_loss(0.9), "score must lie in the open interval"),
        (lambda: mb.fit_sigmoid([1, 2, 3], [0.3, 0.4, 0.5]), "at least 5 points"),
        (lambda: mb.fit_sigmoid([1, 2, 3, 4, 5, 6], [0.3, 0.4, 0.5]), "same length"),
        (lambda: mb.fit_sigmoid([1, 2, np.inf, 4, 5], [0.3] * 5), "loss must be finite"),
        (lambda: SigmoidParams(S=np.nan, x0=2, k=-20, s0=0.25), "sigmoid S must be finite"),
        (lambda: mb.loss_to_score(2.0, SigmoidParams(S=-0.5, x0=2, k=-20, s0=0.25)), "sigmoid S must be a finite number > 0"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)
