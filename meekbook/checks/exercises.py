"""Self-check for the book's numeric exercises, without giving the answer away.

Every chapter of the book has at least one exercise whose answer is a single number. A student
checks it with::

    >>> import meekbook as mb
    >>> from meekbook import exercises
    >>> exercises.check("2.1", 0.2)
    Exercise 2.1: not within 0.5 % of the reference value. The answer is the loss gap at t = 6 years, in nats per token.

(a right answer prints ``Exercise 2.1: correct (within 0.5 % of the reference value).``; this
page does not show one, so that it gives no answer away).

The exercise numbers are the ones printed in the book ("Exercise 2.1"). The reference value is
computed when :func:`check` is called, by the same ``meekbook`` functions the chapter uses (or, for
the toy leaderboard of exercise 8.1, from the table given in the exercise). It is never printed:
the reply says only whether the answer is within the stated relative tolerance. :func:`checkable`
lists the exercises that can be checked and what each answer is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from ..validation import as_scalar, check_finite

__all__ = ["CheckResult", "check", "checkable", "TOY_LEADERBOARD"]


@dataclass(frozen=True)
class _Checkable:
    """One exercise with a numeric answer.

    Attributes
    ----------
    number : str
        Number shown in the book, e.g. ``"2.1"``.
    label : str
        The exercise's label in the chapter source, e.g. ``"ge-ex-gap6"``.
    quantity : str
        What the answer is, with its unit.
    rtol : float
        Relative tolerance of the comparison.
    reference : callable
        Computes the reference value (no arguments).
    """

    number: str
    label: str
    quantity: str
    rtol: float
    reference: Callable[[], float]


@dataclass(frozen=True)
class CheckResult:
    """The verdict of :func:`check`; true when the answer is correct.

    Attributes
    ----------
    exercise : str
        The exercise number.
    correct : bool
        Whether the answer is within the tolerance of the reference value.
    message : str
        The verdict in words (it never contains the reference value).
    """

    exercise: str
    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message


# ---------------------------------------------------------------------------------------------
# Reference values, one function per exercise (imports inside: the package stays light).
# ---------------------------------------------------------------------------------------------


def _optimal_parameters_billions() -> float:
    from ..model.scaling import HOFFMANN_2022, compute_optimal_allocation

    n_params, _ = compute_optimal_allocation(1e24, HOFFMANN_2022)
    return float(n_params) / 1e9


def _compute_for_twenty_tokens_per_parameter() -> float:
    from scipy.optimize import brentq

    from ..model.scaling import HOFFMANN_2022, compute_optimal_allocation

    def excess(log10_compute: float) -> float:
        n_params, n_tokens = compute_optimal_allocation(10.0**log10_compute, HOFFMANN_2022)
        return float(np.log(n_tokens / n_params) - np.log(20.0))

    return 10.0 ** brentq(excess, 10.0, 30.0, xtol=1e-12)


def _gap_at_year_6() -> float:
    from ..model.gap import loss_gap

    return float(loss_gap(6.0))


def _cumulative_gap() -> float:
    from ..model.gap import loss_gap

    # trapezoid rule on [0, 200] years: the gap decays like exp(-0.21 t), the tail is < 1e-18
    t = np.linspace(0.0, 200.0, 100_001)
    return float(np.trapezoid(loss_gap(t), t))


def _peak_time_without_hardware_progress() -> float:
    from ..model.inflection import peak_time
    from ..model.params import PaperParams

    return float(peak_time(PaperParams(g_hardware=1.0)))


def _peak_gap_fast_investment() -> float:
    from ..model.inflection import numeric_peak
    from ..model.params import PaperParams

    return numeric_peak(PaperParams(g_investment=8.0), t_max=20.0).gap


def _score_at_loss_two() -> float:
    from ..model.sigmoid import PAPER_SIGMOID, loss_to_score

    return 100.0 * float(loss_to_score(2.0, PAPER_SIGMOID))


def _year_meek_reaches_seventy() -> float:
    from scipy.optimize import brentq

    from ..model.scores import score_trajectory

    return float(brentq(lambda t: score_trajectory(t, None, "meek") - 0.70, 0.0, 40.0, xtol=1e-12))


def _tokens_at_year_10() -> float:
    from ..model.sprt import token_threshold_over_time

    return float(token_threshold_over_time(10.0))


def _wald_constant_unequal() -> float:
    from ..model.sprt import wald_constant

    return float(wald_constant(alpha=0.01, beta=0.2))


def _catch_up_at_lower_price() -> float:
    from ..model.inference import inference_catch_up_time
    from ..model.params import PaperParams

    return float(inference_catch_up_time(PaperParams(g_algorithm=3.6, price_per_token=3e-9)))


def _price_halving_start_gap() -> float:
    from scipy.optimize import brentq

    from ..model.inference import inference_gap
    from ..model.params import PaperParams

    paper = PaperParams(g_algorithm=3.6)
    target = 0.5 * float(inference_gap(0.0, paper))

    def excess(log10_price: float) -> float:
        cheaper = paper.replace(price_per_token=10.0**log10_price)
        return float(inference_gap(0.0, cheaper)) - target

    return 10.0 ** brentq(excess, -8.0, -6.5, xtol=1e-12)


def _peak_time_with_head_start() -> float:
    from ..model.inflection import numeric_peak
    from ..model.params import PaperParams

    return numeric_peak(PaperParams(budget_sota=3e4), t_max=20.0).time


def _gap_at_20_frozen_at_3() -> float:
    from ..model.gap import loss_gap
    from ..model.params import PaperParams
    from ..model.schedules import StopAfter

    paper = PaperParams()
    frozen = StopAfter(paper.budget_sota, paper.g_investment, 3.0)
    return float(loss_gap(20.0, paper, sota_schedule=frozen))


#: The toy leaderboard of exercise 8.1 (release date, output price in dollars per million
#: tokens, MMLU-Pro score as a fraction). Invented numbers, for the exercise only.
TOY_LEADERBOARD: tuple[tuple[str, str, float, float], ...] = (
    ("Alpha-1", "2023-03-01", 30.0, 0.60),
    ("Budget-1", "2023-03-01", 0.8, 0.40),
    ("Budget-2", "2023-09-01", 0.6, 0.45),
    ("Alpha-2", "2024-01-01", 20.0, 0.70),
    ("Budget-3", "2024-06-01", 0.9, 0.58),
    ("Alpha-3", "2024-09-01", 15.0, 0.74),
    ("Budget-4", "2025-02-01", 0.5, 0.69),
)


def toy_leaderboard():
    """:data:`TOY_LEADERBOARD` as a DataFrame with the columns :func:`frontier_gap` expects.

    Returns
    -------
    pandas.DataFrame
        ``model, release_date, output_price, mmlu_pro``.

    Examples
    --------
    >>> len(toy_leaderboard())
    7
    """
    import pandas as pd

    df = pd.DataFrame(TOY_LEADERBOARD, columns=["model", "release_date", "output_price", "mmlu_pro"])
    df["release_date"] = pd.to_datetime(df["release_date"])
    return df


def _toy_largest_gap_points() -> float:
    from ..empirical.frontier import frontier_gap

    result = frontier_gap(toy_leaderboard(), price_min=0.5, price_max=1.0)
    return 100.0 * float(result.gap["gap"].max())


def _tokens_in_domain_at_20() -> float:
    from ..model.gap import loss_gap
    from ..model.sprt import token_threshold

    return float(token_threshold(5.0 * loss_gap(20.0)))


def _years_behind_at_20() -> float:
    from scipy.optimize import brentq

    from ..model.gap import loss_trajectory
    from ..model.params import PaperParams

    slower = PaperParams(g_hardware_meek=1.2)
    meek_now = float(loss_trajectory(20.0, slower, "meek"))
    when = brentq(lambda s: float(loss_trajectory(s, slower, "sota")) - meek_now, -40.0, 20.0,
                  xtol=1e-12)
    return 20.0 - when


def _g_alg_closing_in_a_decade() -> float:
    from scipy.optimize import brentq

    from ..model.gap import loss_gap
    from ..model.inflection import peak_gap
    from ..model.params import PaperParams

    def excess(g_alg: float) -> float:
        q = PaperParams(g_algorithm=g_alg)
        return float(loss_gap(10.0, q)) / float(peak_gap(q)) - 0.1

    return brentq(excess, 1.5, 200.0, xtol=1e-12)


def _meek_crosses_1e26_from_2024() -> float:
    from ..model.governance import effective_lag
    from ..model.params import PaperParams

    return float(effective_lag(1e26, PaperParams(), start_year=2024.0).meek_year)


_CHECKABLE: tuple[_Checkable, ...] = (
    _Checkable("1.1", "sl-ex-optimal-size", "N_opt at C = 1e24 FLOP, in billions of parameters",
               0.01, _optimal_parameters_billions),
    _Checkable("1.5", "sl-ex-twenty", "the compute C (FLOP) at which D_opt / N_opt = 20",
               0.02, _compute_for_twenty_tokens_per_parameter),
    _Checkable("2.1", "ge-ex-gap6", "the loss gap at t = 6 years, in nats per token",
               0.005, _gap_at_year_6),
    _Checkable("2.5", "ge-ex-area", "the area under the gap curve from 0 to infinity, in nat-years",
               0.005, _cumulative_gap),
    _Checkable("3.1", "it-ex-no-hardware", "t* with g_h = 1, in years", 0.005,
               _peak_time_without_hardware_progress),
    _Checkable("3.5", "it-ex-peak-value", "the peak gap for g_i = 8, in nats per token", 0.005,
               _peak_gap_fast_investment),
    _Checkable("4.1", "bench-ex-score-two", "the MMLU score at L = 2.0 nats, in percent", 0.005,
               _score_at_loss_two),
    _Checkable("4.5", "bench-ex-seventy", "the year the meek model first scores 70 %", 0.005,
               _year_meek_reaches_seventy),
    _Checkable("5.1", "dist-ex-year10", "tokens an ideal observer needs at t = 10 years", 0.01,
               _tokens_at_year_10),
    _Checkable("5.5", "dist-ex-unequal", "the Wald constant for alpha = 0.01, beta = 0.2", 0.005,
               _wald_constant_unequal),
    _Checkable("6.1", "inf-ex-cheaper", "the catch-up time at 3e-9 dollars per token, in years",
               0.005, _catch_up_at_lower_price),
    _Checkable("6.5", "inf-ex-halve-start",
               "the price per token (dollars) that halves the starting gap", 0.01,
               _price_halving_start_gap),
    _Checkable("7.1", "stag-ex-head-start-30", "t* with a $30,000 frontier budget, in years",
               0.005, _peak_time_with_head_start),
    _Checkable("7.5", "stag-ex-frozen-20", "the gap at year 20, frozen at year 3, in nats per token",
               0.005, _gap_at_20_frozen_at_3),
    _Checkable("8.1", "emp-ex-toy", "the largest gap of the toy leaderboard, in MMLU-Pro points",
               0.005, _toy_largest_gap_points),
    _Checkable("9.1", "caveats-ex-domain", "tokens needed at year 20 in a domain with a 5x gap",
               0.01, _tokens_in_domain_at_20),
    _Checkable("9.5", "caveats-ex-lag", "years behind at year 20 with g_h^(m) = 1.2", 0.005,
               _years_behind_at_20),
    _Checkable("10.6", "unc-ex-close",
               "the algorithmic-progress rate g_alg (per year) at which the gap at year 10 is a "
               "tenth of its peak", 0.005, _g_alg_closing_in_a_decade),
    # a calendar year: 2.5e-5 relative is about +-0.05 years
    _Checkable("11.1", "gov-ex-calendar",
               "the calendar year in which the meek actor crosses 1e26 effective FLOP (start 2024)",
               2.5e-5, _meek_crosses_1e26_from_2024),
)

_BY_NUMBER = {c.number: c for c in _CHECKABLE}
_BY_LABEL = {c.label: c for c in _CHECKABLE}


def checkable() -> dict[str, str]:
    """The exercises :func:`check` knows: number -> what the answer is (with its unit).

    Returns
    -------
    dict of str to str
        E.g. ``{"2.1": "the loss gap at t = 5 years, in nats per token (within 0.5 %)", ...}``.

    Examples
    --------
    >>> "2.1" in checkable()
    True
    """
    return {c.number: f"{c.quantity} (within {_percent(c.rtol)})" for c in _CHECKABLE}


def _percent(rtol: float) -> str:
    return f"{100 * rtol:g} %"


def _find(exercise: Any) -> _Checkable:
    if not isinstance(exercise, str):
        raise TypeError(
            f"exercise must be the exercise number as a string, e.g. \"2.1\"; got {exercise!r} "
            f"({type(exercise).__name__})"
        )
    key = exercise.strip().removeprefix("Exercise").strip()
    if key in _BY_NUMBER:
        return _BY_NUMBER[key]
    if key in _BY_LABEL:
        return _BY_LABEL[key]
    allowed = ", ".join(_BY_NUMBER)
    raise ValueError(f"exercise must be one of the checkable exercises {allowed}; got {exercise!r}")


def _as_answer(answer: Any) -> float:
    """One finite real number (the package's type contract, :mod:`meekbook.validation`)."""
    return float(check_finite("answer", as_scalar("answer", answer)))


def check(exercise: str, answer: float) -> CheckResult:
    """Check a numeric answer to an exercise of the book, without revealing the reference value.

    Parameters
    ----------
    exercise : str
        The number of the exercise as printed in the book, e.g. ``"2.1"`` (its label, such as
        ``"ge-ex-gap6"``, works too). :func:`checkable` lists them.
    answer : float
        Your answer, in the unit the exercise asks for.

    Returns
    -------
    CheckResult
        True if ``answer`` is within the exercise's relative tolerance of the reference value;
        it displays as a one-line verdict.

    Raises
    ------
    TypeError
        If ``exercise`` is not a string or ``answer`` not a real number.
    ValueError
        If ``exercise`` is not a checkable exercise or ``answer`` is NaN or infinite.

    Examples
    --------
    >>> check("3.1", 1.0)
    Exercise 3.1: not within 0.5 % of the reference value. The answer is t* with g_h = 1, in years.
    >>> bool(check("3.1", 1.0))
    False
    >>> check("3.3", 1.0)
    Traceback (most recent call last):
    ...
    ValueError: exercise must be one of the checkable exercises 1.1, 1.5, 2.1, 2.5, 3.1, 3.5, 4.1, 4.5, 5.1, 5.5, 6.1, 6.5, 7.1, 7.5, 8.1, 9.1, 9.5, 10.6, 11.1; got '3.3'
    """
    entry = _find(exercise)
    value = _as_answer(answer)
    reference = entry.reference()
    correct = abs(value - reference) <= entry.rtol * abs(reference)
    if correct:
        message = f"Exercise {entry.number}: correct (within {_percent(entry.rtol)} of the reference value)."
    else:
        message = (
            f"Exercise {entry.number}: not within {_percent(entry.rtol)} of the reference value. "
            f"The answer is {entry.quantity}."
        )
    return CheckResult(entry.number, bool(correct), message)
