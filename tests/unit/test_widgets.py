"""The chapters' explorer: sliders drive an update function and the PNG is refreshed in place."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from numpy.testing import assert_allclose  # noqa: E402

import meekbook as mb  # noqa: E402
from meekbook.notebook.widgets import explorer, log_slider, slider  # noqa: E402


def test_explorer_updates_figure_from_sliders():
    t = np.linspace(0, 20, 101)
    fig, ax = plt.subplots()
    (line,) = ax.plot(t, mb.loss_gap(t))
    calls = []

    def update(g_i, budget):
        calls.append((g_i, budget))
        line.set_ydata(mb.loss_gap(t, mb.PaperParams(g_investment=g_i, budget_sota=budget)))

    box = explorer(fig, update, g_i=slider(3.5, 1.1, 20, 0.1, "g_i"), budget=log_slider(1e3, 1e3, 1e6, "budget"))
    assert calls == [(3.5, 1e3)]
    first_png = box.live.image.value
    assert first_png[:4] == b"\x89PNG"
    box.children[0].children[0].value = 10.0
    assert calls[-1] == (10.0, 1e3)
    assert_allclose(line.get_ydata(), mb.loss_gap(t, mb.PaperParams(g_investment=10.0)))
    assert box.live.image.value != first_png
    assert box.live.last_update_seconds > 0


# --------------------------------------------------------------------------------------------
# The chapters' explorers (meekbook.notebook.explorers): every builder builds, every control moves the
# figure's data as meekbook computes it at the new values.
# --------------------------------------------------------------------------------------------
import io  # noqa: E402

import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from meekbook import explorers  # noqa: E402
from meekbook.notebook.explorers import find_artist  # noqa: E402

T = np.linspace(0.0, 20.0, 401)
P = mb.PaperParams()
P_INF = mb.PaperParams(g_algorithm=3.6)


def _meek_defaults(p):
    return {"g_hardware_meek": p.g_hardware, "g_algorithm_meek": p.g_algorithm}


def check_scaling_law(fig, v):
    law = mb.ScalingLaw(E=v["E"], A=v["A"], B=v["B"], a=v["a"], b=v["b"])
    assert_allclose(find_artist(fig, "loss").get_ydata(),
                    mb.compute_optimal_loss(np.logspace(18, 30, 241), law), rtol=1e-12)


def check_gap_equation(fig, v):
    q = P.replace(g_hardware=v["g_h"], g_algorithm=v["g_alg"], g_investment=v["g_i"], gamma=v["gamma"],
                  budget_meek=v["budget_meek"], budget_sota=v["budget_sota"])
    assert_allclose(find_artist(fig, "loss_meek").get_ydata(), mb.loss_trajectory(T, q, "meek"), rtol=1e-12)
    assert_allclose(find_artist(fig, "loss_sota").get_ydata(), mb.loss_trajectory(T, q, "sota"), rtol=1e-12)
    assert_allclose(find_artist(fig, "gap").get_ydata(), mb.loss_gap(T, q), rtol=1e-12, atol=1e-15)
    (x,), (y,) = find_artist(fig, "peak").get_data()
    assert_allclose([x, y], [mb.peak_time(q), mb.peak_gap(q)], rtol=1e-12)


def check_inflection_time(fig, v):
    q = P.replace(gamma=v["gamma"], g_investment=v["g_i"], g_algorithm=v["g_shared"] / P.g_hardware,
                  budget_sota=v["head_start"] * P.budget_meek, g_hardware_meek=v["g_h_meek"])
    assert_allclose(find_artist(fig, "gap").get_ydata(), mb.loss_gap(T, q), rtol=1e-12, atol=1e-15)
    (x,), (y,) = find_artist(fig, "peak").get_data()
    if q.g_meek > 1:
        assert_allclose([x, y], [mb.peak_time(q), mb.peak_gap(q)], rtol=1e-12)


def check_benchmark_scores(fig, v):
    sig = mb.SigmoidParams(S=v["S"], x0=v["x0"], k=v["k"], s0=v["s0"])
    q = P.replace(sigmoid=sig)
    assert_allclose(find_artist(fig, "score").get_ydata(),
                    100 * mb.loss_to_score(np.linspace(1.7, 2.6, 300), sig, steps=v["p"]), rtol=1e-12)
    assert_allclose(find_artist(fig, "gap").get_ydata(), mb.benchmark_gap(T, q, steps=v["p"]),
                    rtol=1e-12, atol=1e-12)
    peak = mb.benchmark_peak(q, steps=v["p"])
    assert_allclose(np.ravel(find_artist(fig, "peak").get_data()), [peak.time, peak.gap], rtol=1e-12)


def check_distinguishability(fig, v):
    q = P.replace(alpha=v["alpha"], beta=v["beta"])
    dl = np.logspace(-5, 1, 200)
    assert_allclose(find_artist(fig, "tokens_vs_gap").get_ydata(),
                    mb.token_threshold(dl, v["alpha"], v["beta"], v["slowdown"]), rtol=1e-12)
    assert_allclose(find_artist(fig, "tokens_vs_time").get_ydata(),
                    mb.token_threshold_over_time(np.linspace(1, 20, 200), q, v["slowdown"]), rtol=1e-12)
    n_year = mb.token_threshold(mb.loss_gap(v["year"], q), v["alpha"], v["beta"], v["slowdown"])
    assert_allclose(np.ravel(find_artist(fig, "year_on_time").get_data()), [v["year"], n_year], rtol=1e-12)


def check_inference(fig, v):
    q = P_INF.replace(price_per_token=v["price"], g_inference=v["g_inf"], g_algorithm=v["g_alg"],
                      g_investment=v["g_i"], g_hardware=v["g_h"])
    assert_allclose(find_artist(fig, "inference").get_ydata(),
                    mb.inference_gap(T, q, include_constants=v["constants"]), rtol=1e-12, atol=1e-15)
    assert_allclose(find_artist(fig, "training").get_ydata(), np.maximum(mb.loss_gap(T, q), 0.0),
                    rtol=1e-12, atol=1e-15)
    if q.g_hardware * q.g_inference ** 2 > q.g_investment:
        x = find_artist(fig, "catch_up").get_xdata()[0]
        assert_allclose(x, mb.inference_catch_up_time(q, include_constants=v["constants"]), rtol=1e-12)


def check_stagnation_robustness(fig, v):
    q = P.replace(budget_sota=v["budget_sota"], g_investment=v["g_investment"], g_hardware=v["g_hardware"],
                  g_algorithm=v["g_algorithm"], gamma=v["gamma"])
    schedule = mb.SlowdownAfter(v["budget_sota"], v["g_investment"], v["stop_year"], v["growth_after"])
    assert_allclose(find_artist(fig, "budget").get_ydata(), schedule.dollars(T), rtol=1e-12)
    assert_allclose(find_artist(fig, "gap").get_ydata(), mb.loss_gap(T, q, sota_schedule=schedule),
                    rtol=1e-12, atol=1e-15)


def check_empirical_check(fig, v):
    from meekbook.empirical.datasets import load_leaderboard
    from meekbook.empirical.frontier import frontier_gap

    res = frontier_gap(load_leaderboard(), price_min=v["price_min"], price_max=v["price_max"],
                       score=v["score"], method=v["method"])
    band = find_artist(fig, "band").get_ydata()
    assert_allclose(band[:-1], res.band["best"].to_numpy(), rtol=1e-12)
    assert_allclose(find_artist(fig, "overall").get_ydata()[:-1], res.overall["best"].to_numpy(), rtol=1e-12)


def check_caveats(fig, v):
    q = P.replace(g_hardware_meek=v["g_hardware_meek"], g_algorithm_meek=v["g_algorithm_meek"])
    t1 = T[T >= 1.0]
    assert_allclose(find_artist(fig, "gap").get_ydata(), mb.loss_gap(T, q), rtol=1e-12, atol=1e-15)
    assert_allclose(find_artist(fig, "tokens").get_ydata(),
                    mb.token_threshold(v["k"] * mb.loss_gap(t1, q), q.alpha, q.beta), rtol=1e-12)


def check_uncertainty(fig, v):
    from meekbook import uncertainty as unc

    widths = {name: v[name] for name in explorers.UNCERTAINTY_INPUTS}
    chosen = {name: unc.DEFAULT_PRIORS[name].scaled(w) for name, w in widths.items()}
    sample = unc.monte_carlo(chosen, draws=4000, seed=20250710, outputs=("t_star",))
    band = unc.fan(sample, np.linspace(0.0, 20.0, 81), "loss_gap")
    curves = [find_artist(fig, f"fan_{i}").get_ydata() for i in range(5)]
    assert_allclose(curves, band, rtol=1e-12, atol=1e-15)
    # independent property: the fan is ordered (5 % <= 25 % <= median <= 75 % <= 95 %)
    assert all(np.all(lo <= hi + 1e-15) for lo, hi in zip(curves, curves[1:]))


#: chapter -> (check, two non-default values per control)
CASES = {
    "scaling_law": (check_scaling_law, {"a": [0.2, 0.5], "b": [0.15, 0.45], "A": [100.0, 2000.0],
                                        "B": [80.0, 3000.0], "E": [1.2, 2.2]}),
    "gap_equation": (check_gap_equation, {"g_h": [1.2, 2.5], "g_alg": [1.5, 4.0], "g_i": [1.5, 12.0],
                                          "gamma": [0.1, 0.3], "budget_meek": [1e4, 1e6],
                                          "budget_sota": [1e5, 1e7]}),
    "inflection_time": (check_inflection_time, {"gamma": [0.1, 0.3], "g_i": [2.0, 15.0], "g_shared": [2.0, 6.0],
                                                "head_start": [10.0, 300.0], "g_h_meek": [1.0, 1.2]}),
    "benchmark_scores": (check_benchmark_scores, {"S": [0.4, 0.7], "x0": [1.9, 2.1], "k": [-40.0, -10.0],
                                                  "s0": [0.1, 0.3], "p": [3, 10]}),
    "distinguishability": (check_distinguishability, {"alpha": [0.01, 0.15], "beta": [0.02, 0.1],
                                                      "slowdown": [10.0, 50.0], "year": [3.0, 17.5]}),
    "inference": (check_inference, {"price": [1e-9, 1e-7], "g_inf": [2.8, 15.0], "g_alg": [2.0, 5.0],
                                    "g_i": [2.0, 10.0], "g_h": [1.2, 2.0], "constants": [True, False]}),
    "stagnation_robustness": (check_stagnation_robustness, {"stop_year": [2.0, 12.0], "growth_after": [1.0, 3.0],
                                                            "budget_sota": [1e4, 1e5], "g_investment": [2.0, 8.0],
                                                            "g_hardware": [1.2, 2.0], "g_algorithm": [2.0, 4.0],
                                                            "gamma": [0.12, 0.2]}),
    "empirical_check": (check_empirical_check, {"price_min": [0.2, 0.8], "price_max": [2.0, 10.0],
                                                "score": ["mmlu", "mmlu_pro"], "method": ["linear", "log"]}),
    "caveats": (check_caveats, {"g_hardware_meek": [1.1, 1.3], "g_algorithm_meek": [1.5, 2.2],
                                "k": [3.0, 10.0]}),
    "uncertainty": (check_uncertainty, {"g_algorithm": [0.0, 2.0], "g_hardware": [0.5, 3.0],
                                        "g_investment": [0.0, 1.5], "gamma": [0.3, 2.5],
                                        "law_scale": [0.0, 3.0]}),
}


def test_uncertainty_explorer_without_spread_collapses_to_one_curve():
    """All widths 0: every explored input sits at its median, so the fan has no width."""
    fig, update = explorers.uncertainty_figure()
    try:
        update(**{name: 0.0 for name in explorers.UNCERTAINTY_INPUTS})
        curves = [find_artist(fig, f"fan_{i}").get_ydata() for i in range(5)]
        for curve in curves[1:]:
            assert_allclose(curve, curves[0], rtol=1e-12, atol=1e-15)
    finally:
        plt.close(fig)


def test_every_chapter_explorer_is_tested():
    builders = {n for n in explorers.__all__ if not n.endswith("_figure") and n not in ("find_artist", "UNCERTAINTY_INPUTS")}
    assert builders == set(CASES)


def _png_pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_explorer_controls_move_the_data_as_meekbook_computes(name):
    check, moves = CASES[name]
    box = getattr(explorers, name)()
    try:
        assert set(box.controls) == set(moves), "every control is exercised"
        values = {key: control.value for key, control in box.controls.items()}
        check(box.live.fig, values)                    # the default state
        first_png = box.live.image.value
        assert first_png[:4] == b"\x89PNG"
        for key, new_values in moves.items():
            for value in new_values:
                box.controls[key].value = value
                values[key] = box.controls[key].value
                check(box.live.fig, values)
        assert box.live.image.value != first_png
        # the fast path (curves redrawn over a saved background) shows what a full redraw shows
        blitted = _png_pixels(box.live.image.value)
        box.live.refresh(full=True)
        assert np.array_equal(blitted, _png_pixels(box.live.image.value))
    finally:
        plt.close(box.live.fig)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_figure_builder_builds_with_labelled_axes(name):
    """``NAME_figure()`` (the chapters' default-state cells) builds alone, every axis labelled."""
    fig, update = getattr(explorers, f"{name}_figure")()
    try:
        assert fig.axes and all(ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes)
    finally:
        plt.close(fig)


def test_find_artist_names_a_missing_gid():
    fig, _ = explorers.gap_equation_figure()
    try:
        with pytest.raises(KeyError, match="no_such"):
            find_artist(fig, "no_such")
    finally:
        plt.close(fig)
