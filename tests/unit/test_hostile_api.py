"""Hostile inputs for the Python API, property-based (issue 9).

The contract (README, "Error contract"): every public function either returns a finite result
or raises ``ValueError`` / ``TypeError`` whose message names the parameter; no other exception
(``AttributeError``, ``OverflowError``, ``IndexError``...) and no ``RuntimeWarning`` escapes
(pytest turns warnings into errors). Booleans, strings such as ``"3.5"``, ``None`` and empty
lists are rejected as numeric parameter values with ``TypeError``.

Hypothesis draws values of every type -- text, booleans, None, Decimal, huge integers, NumPy
scalars, empty / ragged / mixed lists, NaN and infinities, extreme floats -- for one parameter
of each function at a time, the others left at their defaults.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import meekbook as mb
from meekbook import datasets, explorable, frontier, governance, sigmoid_fit, sprt
from meekbook import uncertainty as unc

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True)

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.fractions(),
    st.sampled_from([np.float32(2.5), np.int64(3), np.float64(-0.0), np.uint8(7), 1e-320, 1e308, -1e308]),
)
not_numbers = st.one_of(
    st.text(max_size=8), st.booleans(), st.none(), st.binary(max_size=4),
    st.sampled_from(["3.5", "", "nan", [], [[]], (), {}, [1, "a"], [1, None], [[1, 2], [3]],
                     np.bool_(True), np.array([True, False]), np.array(["1"]), 1 + 2j,
                     np.datetime64("2020-01-01"), object(), [Decimal("1"), True]]),
)
arrays = st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=5)
anything = st.one_of(numbers, not_numbers, arrays)

BOARD = datasets.load_leaderboard()
MODELS = datasets.load_base_models()

# name shown in the message -> call with the hostile value
CALLS = {
    "g_investment": lambda v: mb.PaperParams(g_investment=v),
    "g_hardware": lambda v: mb.PaperParams(g_hardware=v),
    "budget_meek": lambda v: mb.PaperParams(budget_meek=v),
    "alpha": lambda v: mb.PaperParams(alpha=v),
    "g_algorithm_meek": lambda v: mb.PaperParams(g_algorithm_meek=v),
    "gamma": lambda v: mb.PaperParams().replace(gamma=v),
    "t": lambda v: mb.loss_gap(v),
    "t ": lambda v: mb.loss_trajectory(v, actor="meek"),
    "t  ": lambda v: mb.inference_gap(v),
    "t   ": lambda v: mb.benchmark_gap(v),
    "t    ": lambda v: sprt.token_threshold_over_time(v),
    "t     ": lambda v: mb.affordable_parameters(v),
    "g_shared": lambda v: mb.inflection_time(0.154, v, 3.57),
    "delta_loss": lambda v: mb.token_threshold(v),
    "slowdown": lambda v: mb.token_threshold(0.2, slowdown=v),
    "loss": lambda v: mb.loss_to_score(v),
    "score": lambda v: mb.score_to_loss(v),
    "compute": lambda v: mb.compute_optimal_loss(v),
    "n_params": lambda v: mb.chinchilla_loss(v, 1e12),
    "t_max": lambda v: mb.numeric_peak(t_max=v),
    "grid_points": lambda v: mb.numeric_peak(grid_points=v),
    "params": lambda v: mb.peak_time(v),
    "params ": lambda v: mb.loss_gap(1.0, v),
    "n_bootstrap": lambda v: sigmoid_fit.sigmoid_fit_on_models(MODELS, n_bootstrap=v),
    "seed": lambda v: sigmoid_fit.sigmoid_fit_on_models(MODELS, n_bootstrap=2, seed=v),
    "confidence": lambda v: sigmoid_fit.sigmoid_fit_on_models(MODELS, n_bootstrap=0, confidence=v),
    "price_min": lambda v: frontier.frontier_gap(BOARD, price_min=v),
    "fit_start": lambda v: frontier.frontier_gap(BOARD, price_min=0.5, price_max=1, fit_start=v),
    "confidence ": lambda v: frontier.frontier_gap(BOARD, price_min=0.5, price_max=1, confidence=v),
    "initial": lambda v: mb.Exponential(v, 2.0).log_dollars(np.array(1.0)),
}


#: Parameters for which None is a documented value (the default / "shared" / "no restriction").
NONE_MEANS_DEFAULT = {"params", "g_algorithm_meek", "fit_start", "price_min"}
#: Parameters that take text (a date ``YYYY-MM-DD``): other text is a bad value (ValueError),
#: not a bad type.
TEXT_ACCEPTED = {"fit_start"}


def _finite(value) -> bool:
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, (tuple, list)):
        return all(_finite(v) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return all(_finite(getattr(value, f)) for f in value.__dataclass_fields__
                   if isinstance(getattr(value, f), (float, np.ndarray)))
    if isinstance(value, (float, np.floating, np.ndarray)):
        return bool(np.all(np.isfinite(np.asarray(value, dtype=float))))
    return True


def check_call(name: str, value) -> None:
    try:
        result = CALLS[name](value)
    except (TypeError, ValueError) as err:
        message = str(err)
        assert name.strip() in message or "params" in message, f"{name}: {message!r}"
        # rejected types are TypeErrors
        text_ok = isinstance(value, str) and name.strip() in TEXT_ACCEPTED
        if (isinstance(value, (str, bool, np.bool_, bytes)) and not text_ok) or (
                value is None and name.strip() not in NONE_MEANS_DEFAULT):
            assert isinstance(err, TypeError), f"{name}={value!r}: {type(err).__name__}: {message}"
        return
    assert _finite(result), f"{name}={value!r} returned a non-finite value: {result!r}"
    if isinstance(value, str) and name.strip() in TEXT_ACCEPTED:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", value), f"{name} accepted {value!r}"
    else:
        assert not isinstance(value, (str, bool, np.bool_, bytes)), f"{name} accepted {value!r}"
    assert value is not None or name.strip() in NONE_MEANS_DEFAULT, f"{name} accepted None"


@pytest.mark.parametrize("name", sorted(CALLS))
@SETTINGS
@given(value=anything)
def test_hostile_value_is_rejected_or_gives_a_finite_result(name, value):
    check_call(name, value)


@pytest.mark.parametrize("value", ["3.5", True, False, None, [], np.bool_(True), "", b"1"])
@pytest.mark.parametrize("field", ["g_investment", "g_hardware", "budget_sota", "alpha", "price_per_token"])
def test_paper_params_rejects_non_numbers_with_type_error(field, value):
    with pytest.raises(TypeError, match=field):
        mb.PaperParams(**{field: value})


@pytest.mark.parametrize("value", [Decimal("3.5"), Fraction(7, 2), np.float32(3.5), np.int64(3), 3])
def test_paper_params_accepts_real_numbers_and_stores_floats(value):
    p = mb.PaperParams(g_investment=value)
    assert type(p.g_investment) is float and p.g_investment == float(value)
    assert math.isfinite(mb.peak_time(p))


def test_huge_integer_is_a_value_error_naming_the_parameter():
    with pytest.raises(ValueError, match="budget_meek"):
        mb.PaperParams(budget_meek=10**400)


# ---------------------------------------------------------------------------------------------
# Numerics (issue 9): reference values from independent math (mpmath at 50 digits)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("eps", [1e-15, 1e-12, 1e-9, 1e-6, 1e-3])
def test_peak_time_is_accurate_near_g_investment_one(eps):
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 50
    g_i = 1.0 + eps
    p = mb.PaperParams(g_investment=g_i)
    gm = mpmath.mpf(p.g_hardware) * mpmath.mpf(p.g_algorithm)
    gi = mpmath.mpf(g_i)  # the float actually passed
    gamma = mpmath.mpf(p.gamma)
    reference = mpmath.log(mpmath.log(gm * gi) / mpmath.log(gm)) / (gamma * mpmath.log(gi))
    assert mb.peak_time(p) == pytest.approx(float(reference), rel=1e-9)
    assert mb.inflection_time(p.gamma, 1.4 * 2.8, g_i) == pytest.approx(float(reference), rel=1e-9)


@pytest.mark.parametrize("g_hardware_meek", [1.4 * 5 / 1.4, 5.0, 6.0])
def test_no_interior_peak_is_an_explicit_error(g_hardware_meek):
    """The meek actor grows as fast as (or faster than) the frontier: no peak, an error (not nan)."""
    p = mb.PaperParams(g_hardware_meek=g_hardware_meek)
    with pytest.raises(ValueError, match="no interior peak"):
        mb.peak_time(p)
    with pytest.raises(ValueError, match="no interior peak"):
        mb.head_start_without_peak(p)


def test_numeric_peak_says_when_the_maximum_is_at_an_edge():
    assert mb.numeric_peak(t_max=2.0).edge == "end"          # peak at 3.36 years: still rising
    head_start = mb.PaperParams(budget_sota=1000 * 200.0)    # beyond head_start_without_peak
    assert mb.numeric_peak(head_start).edge == "start"
    inner = mb.numeric_peak()
    assert inner.edge is None and not inner.at_edge


@settings(max_examples=60, deadline=None, derandomize=True)
@given(t=st.floats(min_value=-1e300, max_value=1e300, allow_nan=False))
def test_loss_gap_is_finite_or_an_error_naming_t(t):
    try:
        gap = mb.loss_gap(t)
    except ValueError as err:
        assert str(err).startswith("t = ")
        assert t < -1000 or abs(t) > 1e300  # only far outside the model's range
        return
    assert math.isfinite(gap)
    assert gap >= 0 or t < 0  # before t = 0 the frontier's budget is the smaller one


@pytest.mark.parametrize("t", [0.0, 1e-300, 5e-324, 50.0, 1e3, 1e6, 1e12])
def test_loss_gap_finite_over_the_whole_forward_range(t):
    assert math.isfinite(mb.loss_gap(t)) and mb.loss_gap(t) >= 0


def test_bootstrap_matches_curve_fit_resample_by_resample():
    """The vectorised bootstrap solves the same least-squares problems as scipy's curve_fit."""
    from scipy.optimize import curve_fit
    from scipy.special import expit

    res = sigmoid_fit.sigmoid_fit_on_models(MODELS, n_bootstrap=30, seed=3)
    loss = res.models["loss"].to_numpy()
    score = res.models["mmlu"].to_numpy()
    rng = np.random.default_rng(3)
    idx = rng.integers(0, loss.size, size=(30, loss.size))  # the same draws, in one block
    start = [res.params.S, res.params.x0, res.params.k, res.params.s0]
    expected = []
    for row in idx:
        popt, _ = curve_fit(lambda x, S, x0, k, s0: S * expit(k * (x - x0)) + s0,
                            loss[row], score[row], p0=start, maxfev=20000)
        expected.append(popt)
    assert res.n_failed == 0
    np.testing.assert_allclose(res.bootstrap_params, np.array(expected), rtol=2e-4, atol=2e-5)


def test_frontier_gap_score_must_be_a_score_column():
    for column in ("release_date", "params_b", "output_price"):
        with pytest.raises(ValueError, match="score"):
            frontier.frontier_gap(BOARD, price_min=0.5, score=column)
    bad = BOARD.assign(mmlu_pro=BOARD["mmlu_pro"] * 100)
    with pytest.raises(ValueError, match="fractions in"):
        frontier.frontier_gap(bad, price_min=0.5)


def test_dataframe_arguments_are_type_checked():
    for value in (None, "board.csv", [1, 2], {"a": [1]}):
        with pytest.raises(TypeError, match="df"):
            frontier.frontier_gap(value, price_min=0.5)
        with pytest.raises(TypeError, match="df"):
            sigmoid_fit.sigmoid_fit_on_models(value)
    with pytest.raises(ValueError):
        sigmoid_fit.sigmoid_fit_on_models(pd.DataFrame({"params": [], "tokens": [], "mmlu": []}))


# ---------------------------------------------------------------------------------------------
# Classes found by the fresh hostile pass (inputs not used while writing the fixes above)
# ---------------------------------------------------------------------------------------------

FRESH = [
    ("path", lambda v: datasets.read_models(v), [1.5, None, [1, 2], pd.Series([1.0])]),
    ("g_investment", lambda v: mb.PaperParams(g_investment=v),
     [np.timedelta64(1, "D"), np.datetime64("2020-01-01"), pd.NA, pd.NaT]),
    ("n_runs", lambda v: mb.simulate_sprt([0.5, 0.5], [0.4, 0.6], n_runs=v), [10**30, 2.5, np.timedelta64(3, "D")]),
    ("max_tokens", lambda v: mb.simulate_sprt([0.5, 0.5], [0.4, 0.6], n_runs=5, max_tokens=v), [0, "10", 1.0]),
    ("n_categories", lambda v: mb.categorical_pair(0.1, v), [10**30, 1, True]),
    ("change_year", lambda v: mb.stagnation_schedules(change_year=v), ["5", [1.0, 2.0], -1.0, pd.NA]),
    ("growth_after", lambda v: mb.stagnation_schedules(growth_after=v), [np.array([[1.0]]), 0.0]),
    ("values", lambda v: mb.sweep("g_investment", v), [[], "3", [1.0, None]]),
    ("actor", lambda v: mb.score_trajectory(1.0, actor=v), [None, 1, pd.Series(["meek"]), "Meek"]),
    ("mask", lambda v: frontier.running_best(BOARD, mask=v), [pd.NA, [1, 0], np.ones(3, dtype=bool)]),
    ("date", lambda v: frontier.frontier_gap(BOARD, price_min=0.5, date=v), [["release_date"], 3, "access"]),
    ("steps", lambda v: mb.benchmark_peak(steps=v), ["2", -1.0, True]),
    ("resolution", lambda v: mb.benchmark_peak(resolution=v), [1e-12, 0.0]),
    ("delta_loss", lambda v: mb.token_threshold(v), [5e-324]),
    # added in 0.2.1: raw FLOP of chapter 11 (1e6 years overflows a float), the figures' spec
    ("t", lambda v: governance.raw_compute(v), [1e6, np.nan, "3", [], True]),
    ("actor", lambda v: governance.raw_compute(5.0, actor=v), [None, 3, "Meek"]),
    ("t", lambda v: governance.raw_flop_for_capability(1e25, v), [-1e6, np.inf]),
    ("validate", lambda v: explorable.chart_spec("peak_time", validate=v), ["yes", None, 1]),
    # added in 0.2.2: a distribution so wide that its draws overflow a float (was a
    # RuntimeWarning and infinite draws); the error names the input and the distribution
    ("Normal", lambda v: unc.Normal(0.154, v).sample(1000), [1e308]),
    ("LogNormal", lambda v: unc.LogNormal(1e-308, v).sample(1000), [0.1]),
    ("g_algorithm", lambda v: unc.monte_carlo(priors={"g_algorithm": v}, draws=100),
     [unc.LogNormal(1e-308, 0.1)]),
    ("gamma", lambda v: unc.model_sobol(priors={"gamma": v}, base_samples=8),
     [unc.Normal(0.154, 1e308)]),
    ("u must be numbers in [0, 1]", lambda v: unc.Normal(0.154, 0.01).values_at(v),
     [np.nan, [0.5, np.nan], 2.0, -1, "x", None]),
    ("name", lambda v: unc.Normal(0.154, 0.01).values_at([0.5], name=v), [3, b"g"]),
]


@pytest.mark.parametrize("name, call, values", FRESH, ids=[f[0] for f in FRESH])
def test_fresh_pass_inputs_are_rejected_naming_the_parameter(name, call, values):
    for value in values:
        with pytest.raises((TypeError, ValueError)) as info:
            call(value)
        assert name in str(info.value) or "params" in str(info.value), (value, str(info.value))


def test_inference_catch_up_with_tiny_growth_is_an_error_not_a_warning():
    with pytest.raises(ValueError):
        mb.inference_catch_up_time(mb.PaperParams(g_inference=1e-300))


def test_bootstrap_progress_bar_only_when_asked_or_on_a_terminal(capsys):
    sigmoid_fit.sigmoid_fit_on_models(MODELS, n_bootstrap=40, seed=1)   # stderr is not a terminal
    assert capsys.readouterr().err == ""
    sigmoid_fit.sigmoid_fit_on_models(MODELS, n_bootstrap=40, seed=1, progress=True)
    assert "bootstrap" in capsys.readouterr().err
    with pytest.raises(TypeError, match="progress"):
        sigmoid_fit.sigmoid_fit_on_models(MODELS, n_bootstrap=1, progress="yes")


@pytest.mark.parametrize("text", ["", "2024/01/01", "yesterday", "2024-02-30", "2024-1-1"])
def test_fit_start_text_that_is_not_a_date_is_a_value_error(text):
    with pytest.raises(ValueError, match="fit_start must be a date YYYY-MM-DD"):
        frontier.frontier_gap(BOARD, price_min=0.5, price_max=1, fit_start=text)
