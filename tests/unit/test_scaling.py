"""Scaling law: closed forms checked against Hoffmann et al. (2022), the paper and against direct numerical minimisation."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.optimize import minimize_scalar

import meekbook as mb
from meekbook.model.scaling import ComputeLaw, ScalingLaw


def test_hoffmann_gamma_and_K_match_the_spec():
    # Hoffmann et al. (2022), Approach 3, as used in the paper's sec. 2: gamma = a b / (a + b) = 0.15355..., K ≈ 1071
    assert_allclose(mb.HOFFMANN_2022.gamma, 0.34 * 0.28 / 0.62, rtol=1e-15)
    assert mb.HOFFMANN_2022.gamma == pytest.approx(0.15355, abs=1e-5)
    assert mb.HOFFMANN_2022.K == pytest.approx(1071, abs=0.5)


def test_besiroglu_exponent_is_the_papers_robustness_value():
    # the paper's scaling-exponent variant (arXiv:2507.07931) uses 0.178
    assert mb.BESIROGLU_2024.gamma == pytest.approx(0.178, abs=5e-4)


@pytest.mark.parametrize("law", [mb.HOFFMANN_2022, mb.BESIROGLU_2024])
@pytest.mark.parametrize("compute", [1e18, 5.76e23, 1e27])
def test_compute_optimal_loss_equals_numerical_minimum(law, compute):
    # Independent route: minimise L(N, C/(6N)) over log N numerically.
    def loss_of_log_n(log_n):
        n = np.exp(log_n)
        return law.E + law.A / n**law.a + law.B / (compute / (6 * n)) ** law.b

    res = minimize_scalar(loss_of_log_n, bounds=(0, 80), method="bounded", options={"xatol": 1e-12})
    assert_allclose(mb.compute_optimal_loss(compute, law), res.fun, rtol=1e-9)
    n_opt, d_opt = mb.compute_optimal_allocation(compute, law)
    assert_allclose(np.log(n_opt), res.x, atol=1e-5)
    assert_allclose(6 * n_opt * d_opt, compute, rtol=1e-12)


def test_allocation_exponents():
    c = np.array([1e20, 1e21])
    n, d = mb.compute_optimal_allocation(c)
    a, b = 0.34, 0.28
    assert_allclose(np.log(n[1] / n[0]) / np.log(10), b / (a + b), rtol=1e-12)
    assert_allclose(np.log(d[1] / d[0]) / np.log(10), a / (a + b), rtol=1e-12)


def test_paper_rounded_law_values():
    # L(C) = 1070 C^-0.154 + 1.7 at C0 = 1e20: 1.7 + 1070 * 10**(-3.08)
    assert_allclose(mb.compute_optimal_loss(1e20, mb.PAPER_LAW), 1.7 + 1070 * 10 ** (-3.08), rtol=1e-12)
    assert_allclose(mb.PAPER_LAW.compute_for_loss(mb.PAPER_LAW.loss(3e22)), 3e22, rtol=1e-10)


def test_chinchilla_loss_formula_and_broadcasting():
    n = np.array([[1e9], [7e10]])
    d = np.array([2e10, 1.4e12, 1e13])
    expected = 1.69 + 406.4 / n**0.34 + 410.7 / d**0.28
    assert_allclose(mb.chinchilla_loss(n, d), expected, rtol=1e-12)
    assert np.shape(mb.chinchilla_loss(n, d)) == (2, 3)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(E=1.0, K=1.0, gamma=1.2), "gamma must lie in the open interval (0.0, 1.0); got 1.2"),
        (dict(E=1.0, K=-1.0, gamma=0.1), "K must be a finite number > 0; got -1.0"),
        (dict(E=float("nan"), K=1.0, gamma=0.1), "E must be a finite number >= 0; got nan"),
    ],
)
def test_compute_law_validation(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ComputeLaw(**kwargs)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: ScalingLaw(E=1, A=1, B=1, a=0, b=0.3), "a must lie in the open interval"),
        (lambda: mb.chinchilla_loss(-5, 1e9), "n_params must be a finite number > 0; got -5.0"),
        (lambda: mb.chinchilla_loss(1e9, np.inf), "n_tokens must be a finite number > 0; got inf"),
        (lambda: mb.compute_optimal_loss(0.0), "compute must be a finite number > 0"),
        (lambda: mb.PAPER_LAW.compute_for_loss(1.5), "loss must be a finite number > E"),
    ],
    ids=["exponent-a-zero", "negative-params", "infinite-tokens", "zero-compute", "loss-below-E"],
)
def test_scaling_law_validation_and_bad_inputs(call, message):
    with pytest.raises(ValueError, match=message):
        call()
