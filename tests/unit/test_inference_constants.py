"""Keeping the inference toy's dropped constants: the catch-up time moves, the gap changes shape.

References are written out here from the model's definitions (the paper's eq. for C_inf, the
rounded compute law L(C) = 1070 C^-0.154 + 1.7), not taken from meekbook.
"""

import math

import numpy as np
import pytest
from scipy.optimize import brentq

import meekbook as mb

K, GAMMA = 1070.0, 0.154
G_H, G_ALG, G_I = 1.4, 3.6, 5 / 1.4          # the paper's Figure 4 settings
PRICE, F, BUDGET = 1e-8, 1e17, 1e3
CONSTANT = 6 * 20 / 2**2                      # C = 6 N D, D = 20 N, 2 FLOP per parameter per token


def gap(t, g_inf, k):
    """ΔL_inf(t) without clipping, from the definitions."""
    c_inf = k * (PRICE * F * (G_H * g_inf) ** t) ** 2 * G_ALG**t
    c_sota = BUDGET * F * (G_H * G_ALG * G_I) ** t
    return K * (c_inf ** -GAMMA - c_sota ** -GAMMA)


@pytest.mark.parametrize("g_inf", [9.0, 2.8])
def test_catch_up_shift_and_shape_change(g_inf):
    params = mb.PaperParams(g_algorithm=G_ALG, g_inference=g_inf)
    effect = mb.constant_factor_effect(params, t_max=10.0, n=10_001)

    toy = brentq(lambda t: gap(t, g_inf, 1.0), 0.0, 20.0, xtol=1e-13)
    full = brentq(lambda t: gap(t, g_inf, CONSTANT), 0.0, 20.0, xtol=1e-13)
    assert effect.factor == CONSTANT
    assert effect.catch_up_toy == pytest.approx(toy, abs=1e-9)
    assert effect.catch_up_with_constants == pytest.approx(full, abs=1e-9)
    assert effect.catch_up_shift == pytest.approx(math.log(30) / math.log(G_H * g_inf**2 / G_I), rel=1e-9)
    assert effect.loss_curve_shift == pytest.approx(math.log(30) / math.log(G_H**2 * g_inf**2 * G_ALG), rel=1e-9)

    t = np.linspace(0.0, 10.0, 10_001)
    moved = np.maximum(gap(t + (toy - full), g_inf, 1.0), 0.0)
    kept = np.maximum(gap(t, g_inf, CONSTANT), 0.0)
    assert effect.start_gap_toy == pytest.approx(gap(0.0, g_inf, 1.0), rel=1e-9)
    assert effect.start_gap_with_constants == pytest.approx(kept[0], rel=1e-9)
    assert effect.start_gap_if_shifted == pytest.approx(moved[0], rel=1e-9)
    assert effect.max_shape_difference == pytest.approx(np.abs(kept - moved).max(), rel=1e-9)
    # not a pure time shift: the curves differ by several hundredths of a nat
    assert effect.max_shape_difference > 0.05


@pytest.mark.parametrize("kwargs, match", [
    ({"t_max": -1.0}, "t_max"), ({"n": 1}, "n must be"), ({"n": 2.5}, "n must be"),
])
def test_constant_factor_effect_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        mb.constant_factor_effect(mb.PaperParams(g_algorithm=3.6), **kwargs)


def test_constant_factor_effect_rejects_array_params():
    with pytest.raises(ValueError, match="scalar"):
        mb.constant_factor_effect(mb.PaperParams(g_inference=np.array([2.8, 9.0])))
