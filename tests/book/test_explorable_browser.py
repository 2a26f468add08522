"""The interactive figures, run in headless Chromium, agree with meekbook (relative 1e-6).

For every figure of :data:`meekbook.web.CHARTS`, a harness page embeds it exactly as a
chapter does (:func:`meekbook.web.embed`, the vendored scripts of
``book/_vendor/vega/``), sets **every slider** to the paper's default and to two non-default
values, reads the curves (the data of the drawn marks) and the markers (Vega signals and
marker marks) from the Vega view, and the test compares them with the NumPy functions of
meekbook at the same parameters. One Chromium (``tests/book/chromium.py``) runs all cases (the page
writes its results as JSON into a ``<pre>``); every host but 127.0.0.1 is unresolvable.

That each chapter page of the built book draws its figure, with its sliders, is checked by
``tests/book/test_book.py`` (in the browser pass over every page of its clean build).
"""

from __future__ import annotations

import functools
import json
import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from chromium import CHROMIUM, Chromium

import meekbook as mb
from meekbook import web as explorable
from meekbook.model import governance as gov
from meekbook.empirical.frontier import frontier_gap
from meekbook.empirical.datasets import load_leaderboard
from meekbook.model.scaling import ScalingLaw, compute_optimal_loss
from meekbook.model.sigmoid import SigmoidParams

pytestmark = pytest.mark.slow

from support import ROOT  # noqa: E402
VENDOR = ROOT / "book" / "_vendor" / "vega"
RTOL, ATOL = 1e-6, 1e-12

# Each chart: the slider settings to try (besides the defaults), the signals and marks to read.
CASES: dict[str, list[dict[str, float]]] = {
    "compute_law": [
        dict(a=0.30, b=0.40, A=800, B=1500, irreducible_loss=1.5),
        dict(a=0.45, b=0.20, A=200, B=300, irreducible_loss=2.0),
    ],
    "loss_gap": [
        dict(g_investment=2.0, g_algorithm=2.0, g_hardware=1.2, budget_meek=5000, budget_sota=20000, gamma=0.2),
        dict(g_investment=10.0, g_algorithm=4.5, g_hardware=2.0, budget_meek=300, budget_sota=900, gamma=0.1),
    ],
    "peak_time": [
        dict(gamma=0.178, g_investment=10.0, g_algorithm=2.0, g_hardware=1.5, budget_sota=10000, g_hardware_meek=1.2),
        dict(gamma=0.1, g_investment=1.5, g_algorithm=3.5, g_hardware=1.2, budget_sota=3000, g_hardware_meek=1.1),
    ],
    "benchmark_gap": [
        dict(S=0.5567, x0=1.9739, k=-23.775, s0=0.254, steps=2, g_investment=10.0),
        dict(S=0.6, x0=2.05, k=-40.0, s0=0.2, steps=10, g_investment=2.0),
    ],
    "token_threshold": [
        dict(alpha=0.01, beta=0.1, slowdown=10, year=3.5, g_investment=2.0),
        dict(alpha=0.2, beta=0.02, slowdown=100, year=18, g_investment=10.0),
    ],
    "inference_gap": [
        dict(price_per_token=5e-9, g_inference=2.8, g_algorithm=2.8, g_investment=5.0, g_hardware=1.3),
        # the constants the toy drops, kept: at the defaults, and with another price and growth
        dict(include_constants=True),
        dict(include_constants=True, price_per_token=2e-8, g_inference=4.0, g_algorithm=2.5,
             g_investment=6.0, g_hardware=1.6),
        dict(price_per_token=3e-8, g_inference=12.0, g_algorithm=4.0, g_investment=2.0, g_hardware=2.0),
        # g_h g_inf^2 < g_i: the affordable model never catches up
        dict(price_per_token=2e-9, g_inference=1.5, g_algorithm=3.0, g_investment=8.0, g_hardware=1.2),
    ],
    "stagnation": [
        dict(change_year=2.0, growth_after=1.0, budget_sota=10000, g_investment=5.0, g_hardware=1.2, g_algorithm=2.0, gamma=0.178),
        dict(change_year=8.5, growth_after=3.0, budget_sota=100000, g_investment=10.0, g_hardware=1.6, g_algorithm=3.5, gamma=0.155),
        dict(change_year=12.0, growth_after=5.0, budget_sota=2000, g_investment=2.0, g_hardware=2.0, g_algorithm=1.5, gamma=0.3),
    ],
    # sliders on log10 of the price: $0.1 to $2 (10**0.301 rounds to 2.00), and $0.2 to $15
    # (10**-0.699 and 10**1.176 round to 0.2 and 15, prices of models on the board: inclusive)
    "price_band": [
        dict(log10_price_min=-1.0, log10_price_max=0.301),
        dict(log10_price_min=-0.699, log10_price_max=1.176),
    ],
    "own_progress": [
        # export controls: no hardware progress for the meek actor, algorithms shared
        dict(g_hardware_meek=1.0, g_algorithm_meek=3.0),
        # private methods too: the meek actor's growth is below the frontier's, no peak
        dict(g_hardware_meek=1.2, g_algorithm_meek=1.5),
    ],
    "thresholds": [
        # no hardware progress: raw FLOP never reaches a threshold; a lower first threshold
        dict(g_investment=2.0, g_algorithm=2.0, g_hardware=1.0, budget_meek=5000, budget_sota=20000,
             start_year=2020.5, log10_threshold_1=23),
        # no shared progress at all (g_alg = g_h = 1): the meek actor never crosses
        dict(g_investment=10.0, g_algorithm=1.0, g_hardware=1.0, budget_meek=300, budget_sota=900,
             start_year=2030.0, log10_threshold_1=27),
        # the frontier starts above the first threshold (2e21 > 1e21 FLOP): crossing at t = 0
        dict(g_investment=1.5, g_algorithm=4.5, g_hardware=2.0, budget_meek=100, budget_sota=20000,
             start_year=2015.0, log10_threshold_1=21),
    ],
}
READ: dict[str, tuple[list[str], list[str]]] = {
    "compute_law": (["law_gamma", "law_K", "law_G", "n_exponent", "marker_loss"], ["law_curve", "law_marker"]),
    "loss_gap": (["peak_time", "peak_gap"], ["gap_curve", "loss_meek_curve", "loss_sota_curve", "peak_marker"]),
    "peak_time": (["peak_time", "peak_gap", "head_start_without_peak"], ["gap_curve", "peak_marker"]),
    "benchmark_gap": ([], ["gap_curve", "peak_marker"]),
    "token_threshold": (["wald_constant", "year_gap", "year_tokens", "peak_time", "min_tokens"],
                        ["token_curve", "year_marker"]),
    "inference_gap": (["catch_up_time"], ["inference_curve", "training_curve", "catch_up_marker"]),
    "stagnation": (["peak_time", "peak_gap", "gap_20"], ["scenario_curve", "exponential_curve", "peak_marker"]),
    "price_band": (["price_min", "price_max"], ["running_best", "band_note"]),
    "own_progress": (["peak_time", "peak_gap", "gap_20"], ["gap_curve", "shared_curve"]),
    "thresholds": ([f"{w}_{k}" for k in (1, 2) for w in ("t_frontier", "t_meek", "t_meek_raw", "t_frontier_raw",
                                                          "t_capability", "window", "lag")],
                   ["frontier_curve", "meek_curve", "frontier_raw_curve", "meek_raw_curve",
                    "frontier_crossing_marker", "meek_crossing_marker", "frontier_raw_crossing_marker",
                    "crossing_note"]),
}

READER_JS = """
<pre id="out">pending</pre>
<script type="application/json" id="cases">%s</script>
<script>
function meekbookItems(view, markName) {
  // Altair may suffix a layer's name with _1 inside a concatenation
  var re = new RegExp('^' + markName + '(_[0-9]+)?_marks$');
  var out = [];
  (function walk(node) {
    if (!node) return;
    if (node.marktype && re.test(node.name || '')) {
      // copy: Vega updates its tuples in place when a signal changes
      (node.items || []).forEach(function (it) { if (it.datum) out.push(JSON.parse(JSON.stringify(it.datum))); });
    }
    (node.items || []).forEach(function (it) { (it.items || []).forEach(walk); });
  })(view.scenegraph().root);
  return out;
}
function meekbookValue(v) {
  // JSON has no infinity or NaN: keep them apart from null as strings
  return (typeof v === 'number' && !isFinite(v)) ? String(v) : v;
}
async function main() {
  var todo = JSON.parse(document.getElementById('cases').textContent);
  var out = {};
  for (var name in todo) {
    var view = (await window.meekbookEmbeds[name]).view;
    out[name] = [];
    for (var c of todo[name].cases) {
      for (var k in c) view.signal(k, c[k]);
      await view.runAsync();
      var rec = {signals: {}, marks: {}, sliders: {}, shown: {}};
      todo[name].signals.forEach(function (s) { rec.signals[s] = meekbookValue(view.signal(s)); });
      todo[name].marks.forEach(function (m) { rec.marks[m] = meekbookItems(view, m); });
      for (var k2 in c) rec.sliders[k2] = view.signal(k2);
      // the value printed next to each slider
      document.querySelectorAll('#meekbook-explorable-' + name + ' input[type=range]').forEach(
        function (input) { rec.shown[input.name] = input.nextElementSibling.textContent; });
      out[name].push(rec);
    }
  }
  document.getElementById('out').textContent = JSON.stringify(out);
}
window.addEventListener('load', function () {
  main().catch(function (e) { document.getElementById('out').textContent = 'ERROR ' + e + ' ' + e.stack; });
});
</script>
"""


@functools.lru_cache(maxsize=None)
def spec_of(name: str) -> dict:
    return explorable.chart_spec(name)


def sliders(name: str) -> dict[str, dict]:
    """Bound parameters (sliders, checkboxes) of a chart: name -> {value, min, max}."""
    spec = spec_of(name)
    return {p["name"]: {"value": p["value"], "min": p["bind"].get("min"), "max": p["bind"].get("max")}
            for p in spec["params"] if "bind" in p}


def all_cases(name: str) -> list[dict[str, float]]:
    defaults = {k: v["value"] for k, v in sliders(name).items()}
    return [defaults] + [dict(defaults, **c) for c in CASES[name]]


def standalone_page(names: list[str], body: str) -> str:
    """As :func:`meekbook.web.standalone_page`, from the cached specs."""
    scripts = "".join(f'<script src="{VENDOR.as_uri()}/{f}"></script>' for f in explorable.VENDOR_SCRIPTS)
    charts = "".join(explorable.embed(spec_of(n), n) for n in names)
    return f'<!DOCTYPE html><html><head><meta charset="utf-8">{scripts}</head><body style="width:640px">{charts}{body}</body></html>'


def run_harness(names: list[str]) -> dict:
    todo = {n: {"cases": all_cases(n), "signals": READ[n][0], "marks": READ[n][1]} for n in names}
    body = READER_JS % json.dumps(todo).replace("</", "<\\/")
    page = standalone_page(names, body)
    with tempfile.TemporaryDirectory(prefix="meekbook-explorable-") as tmp:
        path = Path(tmp) / "harness.html"
        path.write_text(page, encoding="utf8")
        with Chromium(CHROMIUM, timeout=120) as chromium:
            view = chromium.open(path.as_uri(), width=800, height=4000, wait_for=(
                "!document.getElementById('out').textContent.startsWith('pending')"))
    assert not view.error and not view.console_errors, (view.error, view.console_errors)
    m = re.search(r'<pre id="out">(.*?)</pre>', view.dom, re.S)
    assert m, "no harness output"
    text = m.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    assert not text.startswith(("pending", "ERROR")), text[:2000]
    return json.loads(text)


@pytest.fixture(scope="module")
def browser() -> dict:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (scripts/setup.sh installs it)")
    return run_harness(list(explorable.CHARTS))


def close(actual, expected, what: str) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float),
                               rtol=RTOL, atol=ATOL, err_msg=what)


def column(items: list[dict], key: str) -> np.ndarray:
    return np.array([np.nan if it.get(key) is None else it[key] for it in items], dtype=float)


# --------------------------------------------------------------------------------------------
def test_cases_move_every_slider_twice():
    """The cases below really exercise every slider: >= 2 distinct non-default in-range values
    (a checkbox: turned on in >= 2 cases that differ otherwise)."""
    for name in explorable.CHARTS:
        spec_sliders = sliders(name)
        assert set(READ) == set(explorable.CHARTS)
        for slider, info in spec_sliders.items():
            if isinstance(info["value"], bool):
                flipped = [c for c in CASES[name] if c.get(slider, info["value"]) != info["value"]]
                assert len({json.dumps(c, sort_keys=True) for c in flipped}) >= 2, \
                    f"{name}: checkbox {slider} flipped in < 2 distinct cases"
                continue
            values = {c[slider] for c in CASES[name] if slider in c}
            values.discard(info["value"])
            assert len(values) >= 2, f"{name}: slider {slider} takes < 2 non-default values"
            for v in values:
                assert info["min"] <= v <= info["max"], f"{name}: {slider}={v} outside the slider"


def test_sliders_were_set(browser):
    for name, records in browser.items():
        for case, rec in zip(all_cases(name), records):
            close(list(rec["sliders"].values()), [case[k] for k in rec["sliders"]], f"{name} sliders")


def _paper(case: dict, **extra) -> mb.PaperParams:
    fields = {k: case[k] for k in ("g_investment", "g_algorithm", "g_hardware", "budget_meek", "budget_sota",
                                   "g_hardware_meek", "alpha", "beta", "price_per_token", "g_inference")
              if k in case}
    p = mb.PaperParams(**fields, **extra)
    return p.replace(gamma=case["gamma"]) if "gamma" in case else p


def test_compute_law(browser):
    for case, rec in zip(all_cases("compute_law"), browser["compute_law"]):
        law = ScalingLaw(E=case["irreducible_loss"], A=case["A"], B=case["B"], a=case["a"], b=case["b"])
        s = rec["signals"]
        close(s["law_gamma"], law.gamma, "gamma")
        close(s["law_K"], law.K, "K")
        close(s["law_G"], law.G, "G")
        close(s["n_exponent"], case["b"] / (case["a"] + case["b"]), "N_opt exponent")
        close(s["marker_loss"], compute_optimal_loss(1e20, law), "L*(1e20)")
        curve = rec["marks"]["law_curve"]
        assert len(curve) == 121
        close(column(curve, "loss"), compute_optimal_loss(10 ** column(curve, "log10_compute"), law), "L*(C)")
        marker = rec["marks"]["law_marker"]
        close([marker[0]["loss"]], [compute_optimal_loss(1e20, law)], "marker")


def test_loss_gap(browser):
    for case, rec in zip(all_cases("loss_gap"), browser["loss_gap"]):
        p = _paper(case)
        curve = rec["marks"]["gap_curve"]
        assert len(curve) == 401
        t = column(curve, "t")
        close(column(curve, "gap"), mb.loss_gap(t, p), "ΔL(t)")
        for key in ("meek", "sota"):
            rows = rec["marks"][f"loss_{key}_curve"]
            assert len(rows) == 401
            close(column(rows, f"loss_{key}"), mb.loss_trajectory(column(rows, "t"), p, key), f"L_{key}(t)")
        close(rec["signals"]["peak_time"], mb.peak_time(p), "t*")
        close(rec["signals"]["peak_gap"], mb.peak_gap(p), "ΔL(t*)")
        dot = rec["marks"]["peak_marker"][0]
        close([dot["t"], dot["gap"]], [mb.peak_time(p), mb.peak_gap(p)], "peak marker")


def test_peak_time(browser):
    for case, rec in zip(all_cases("peak_time"), browser["peak_time"]):
        p = _paper(case, budget_meek=1000.0)
        curve = rec["marks"]["gap_curve"]
        close(column(curve, "gap"), mb.loss_gap(column(curve, "t"), p), "ΔL(t)")
        s = rec["signals"]
        close(s["peak_time"], mb.peak_time(p), "t*")
        close(s["peak_gap"], mb.peak_gap(p), "ΔL(t*)")
        close(s["head_start_without_peak"], mb.head_start_without_peak(p), "head start without peak")


def test_own_progress(browser):
    # the caveats chapter: the meek actor's own hardware and algorithm growth, the rest the paper's
    for case, rec in zip(all_cases("own_progress"), browser["own_progress"]):
        p = mb.PaperParams(g_hardware_meek=case["g_hardware_meek"], g_algorithm_meek=case["g_algorithm_meek"])
        curve = rec["marks"]["gap_curve"]
        t = column(curve, "t")
        close(column(curve, "own"), mb.loss_gap(t, p), "ΔL(t), meek actor's own progress")
        close(column(rec["marks"]["shared_curve"], "shared"), mb.loss_gap(t, mb.PaperParams()), "ΔL(t), paper")
        close(rec["signals"]["gap_20"], mb.loss_gap(20.0, p), "ΔL(20)")
        _never_or(rec["signals"]["peak_time"], float(mb.peak_time(p)), "t*")


def test_benchmark_gap(browser):
    for case, rec in zip(all_cases("benchmark_gap"), browser["benchmark_gap"]):
        sig = SigmoidParams(S=case["S"], x0=case["x0"], k=case["k"], s0=case["s0"])
        p = mb.PaperParams(g_investment=case["g_investment"], sigmoid=sig)
        curve = rec["marks"]["gap_curve"]
        assert len(curve) == 2001
        close(column(curve, "gap"), mb.benchmark_gap(column(curve, "t"), p, case["steps"]), "benchmark gap")
        peak = mb.benchmark_peak(p, steps=case["steps"], t_max=20.0, resolution=0.01)
        dot = rec["marks"]["peak_marker"][0]
        close([dot["t"], dot["gap"]], [peak.time, peak.gap], "MMLU-gap peak")


def test_benchmark_gap_default_is_the_paper(browser):
    """Paper: the MMLU gap (p = 1) peaks at 46.4 points near t = 4.1 years."""
    dot = browser["benchmark_gap"][0]["marks"]["peak_marker"][0]
    assert round(dot["gap"], 1) == 46.4 and abs(dot["t"] - 4.1) < 0.05


def test_token_threshold(browser):
    for case, rec in zip(all_cases("token_threshold"), browser["token_threshold"]):
        p = _paper(case)
        a, b, s = case["alpha"], case["beta"], case["slowdown"]
        curve = rec["marks"]["token_curve"]
        assert len(curve) == 381
        close(column(curve, "tokens"), mb.token_threshold_over_time(column(curve, "t"), p, s), "tokens(t)")
        sig = rec["signals"]
        close(sig["wald_constant"], mb.wald_constant(a, b), "Wald constant")
        gap_year = mb.loss_gap(case["year"], p)
        close(sig["year_gap"], gap_year, "ΔL(year)")
        close(sig["year_tokens"], mb.token_threshold(gap_year, a, b, s), "tokens(year)")
        close(sig["peak_time"], mb.peak_time(p), "t*")
        close(sig["min_tokens"], mb.token_threshold(mb.peak_gap(p), a, b, s), "tokens at t*")
        dot = rec["marks"]["year_marker"][0]
        close([dot["t"], dot["tokens"]], [case["year"], mb.token_threshold(gap_year, a, b, s)], "year marker")


def test_inference_gap(browser):
    for case, rec in zip(all_cases("inference_gap"), browser["inference_gap"]):
        p = _paper(case)
        inf, train = rec["marks"]["inference_curve"], rec["marks"]["training_curve"]
        assert len(inf) == len(train) == 401
        constants = case["include_constants"]
        close(column(inf, "inference"), mb.inference_gap(column(inf, "t"), p, include_constants=constants),
              "inference gap")
        close(column(train, "training"), np.maximum(mb.loss_gap(column(train, "t"), p), 0.0), "training gap")
        try:
            expected = mb.inference_catch_up_time(p, include_constants=constants)
        except ValueError:
            assert rec["signals"]["catch_up_time"] == "NaN"
            assert rec["marks"]["catch_up_marker"] == []
        else:
            close(rec["signals"]["catch_up_time"], expected, "catch-up time")
            close([rec["marks"]["catch_up_marker"][0]["t"]], [expected], "catch-up marker")


def test_inference_default_is_the_paper(browser):
    """Paper (Figure 4, large variant): the inference gap closes after 1.33 years."""
    assert round(browser["inference_gap"][0]["signals"]["catch_up_time"], 2) == 1.33


def test_stagnation(browser):
    for case, rec in zip(all_cases("stagnation"), browser["stagnation"]):
        p = _paper(case)
        schedule = mb.SlowdownAfter(case["budget_sota"], case["g_investment"], case["change_year"],
                                    case["growth_after"])
        scen, expo = rec["marks"]["scenario_curve"], rec["marks"]["exponential_curve"]
        assert len(scen) == len(expo) == 401
        close(column(scen, "scenario"), mb.loss_gap(column(scen, "t"), p, sota_schedule=schedule), "scenario gap")
        close(column(expo, "exponential"), mb.loss_gap(column(expo, "t"), p), "exponential gap")
        pk = mb.numeric_peak(p, t_max=20.0, sota_schedule=schedule)
        close(rec["signals"]["peak_time"], pk.time, "scenario peak time")
        close(rec["signals"]["peak_gap"], pk.gap, "scenario peak gap")
        close(rec["signals"]["gap_20"], mb.loss_gap(20.0, p, sota_schedule=schedule), "ΔL(20)")


def test_stagnation_default_is_the_paper(browser):
    """Paper: with 1.5x growth after year 5 the gap at year 20 is 0.0113."""
    assert round(browser["stagnation"][0]["signals"]["gap_20"], 4) == 0.0113


def _step(series: pd.DataFrame, dates: pd.Series) -> np.ndarray:
    d = series["date"].to_numpy(dtype="datetime64[ns]")
    pos = np.searchsorted(d, dates.to_numpy(dtype="datetime64[ns]"), side="right") - 1
    return np.where(pos >= 0, series["best"].to_numpy()[np.clip(pos, 0, None)], np.nan)


def band_price(log10_price: float) -> float:
    """The price a log10 slider stands for: ``10**x`` to three significant digits."""
    return float(f"{10 ** log10_price:.3g}")


def test_price_band_default_is_the_paper(browser):
    """Paper (Figure 5): models priced $0.5 to $1 per million output tokens, exactly."""
    rec = browser["price_band"][0]
    assert (rec["signals"]["price_min"], rec["signals"]["price_max"]) == (0.5, 1.0)
    # always in dollars (the readout of a log slider is the price, never the exponent)
    assert rec["shown"] == {"log10_price_min": "$0.5", "log10_price_max": "$1"}
    assert rec["marks"]["band_note"][0]["text"] == "price band: $0.5 to $1 per M output tokens"


def test_price_band(browser):
    board = load_leaderboard()
    for case, rec in zip(all_cases("price_band"), browser["price_band"]):
        price_min, price_max = band_price(case["log10_price_min"]), band_price(case["log10_price_max"])
        # exactly: a model priced on the band's edge is inside it
        assert (rec["signals"]["price_min"], rec["signals"]["price_max"]) == (price_min, price_max)
        assert rec["shown"] == {"log10_price_min": f"${price_min:.3g}", "log10_price_max": f"${price_max:.3g}"}
        res = frontier_gap(board, price_min=price_min, price_max=price_max)
        rows = rec["marks"]["running_best"]
        # Vega holds the parsed date as a timestamp in milliseconds (UTC)
        assert all(isinstance(d["release_date"], (int, float)) for d in rows)
        dates = pd.to_datetime(pd.Series([d["release_date"] for d in rows], dtype="int64"), unit="ms")
        assert dates.min() == res.band["date"].iloc[0], "band series starts at the first model in the band"
        assert set(res.gap["date"]) <= set(dates), "every date where a running best changes is drawn"
        close(column(rows, "overall"), _step(res.overall, dates), "running best, all models")
        close(column(rows, "band"), _step(res.band, dates), "running best in the band")


def _never_or(value, expected: float, what: str) -> None:
    """A time from the browser against meekbook's: infinite ("never") as the string Infinity."""
    if np.isinf(expected):
        assert value == "Infinity", f"{what}: {value!r}, expected never (inf)"
    else:
        close(value, expected, what)


def test_thresholds(browser):
    for case, rec in zip(all_cases("thresholds"), browser["thresholds"]):
        p = _paper(case)
        start = case["start_year"]
        marks, sig = rec["marks"], rec["signals"]
        curves = {"frontier": mb.effective_compute, "meek": mb.effective_compute, "meek_raw": gov.raw_compute,
                  "frontier_raw": gov.raw_compute}
        for key, compute in curves.items():
            rows = marks[f"{key}_curve"]
            assert len(rows) == 301
            t = column(rows, "t")
            close(t, np.arange(301) * 0.05, f"{key}: t")
            close(column(rows, "year"), gov.calendar_year(t, start), f"{key}: calendar year")
            actor = "sota" if key.startswith("frontier") else "meek"
            close(column(rows, f"log10_{key}"), np.log10(compute(t, p, actor)), f"{key}: log10 compute")
        thresholds = {1: 10.0 ** case["log10_threshold_1"], 2: gov.CA_SB_53.flop}
        expected_dots = {"frontier": [], "meek": [], "frontier_raw": []}
        for k, flop in thresholds.items():
            frontier = gov.effective_crossing_time(flop, p, "sota")
            meek = gov.effective_crossing_time(flop, p, "meek")
            _never_or(sig[f"t_frontier_{k}"], frontier, f"frontier crosses threshold {k}")
            _never_or(sig[f"t_meek_{k}"], meek, f"meek crosses threshold {k}")
            _never_or(sig[f"t_meek_raw_{k}"], gov.raw_crossing_time(flop, p, "meek"), f"meek raw, threshold {k}")
            gw = gov.governance_window(flop, p, start)
            _never_or(sig[f"t_frontier_raw_{k}"], gw.rule_reaches_frontier, f"frontier raw, threshold {k}")
            _never_or(sig[f"t_capability_{k}"], gw.meek_has_capability, f"meek catches up, threshold {k}")
            _never_or(sig[f"window_{k}"], gw.window, f"governance window {k}")
            _never_or(sig[f"lag_{k}"], gov.effective_lag(flop, p, start).lag, f"effective lag {k}")
            for actor, time in (("frontier", frontier), ("meek", meek), ("frontier_raw", gw.rule_reaches_frontier)):
                if time <= 15.0:        # the figure's span, as plot_threshold_crossings
                    expected_dots[actor].append((gov.calendar_year(time, start), np.log10(flop)))
        for actor, dots in expected_dots.items():
            drawn = sorted(marks[f"{actor}_crossing_marker"], key=lambda d: d["k"])
            assert len(drawn) == len(dots), f"{actor}: {len(drawn)} dots drawn, {len(dots)} expected"
            if dots:
                close([[d["year"], d["log10_flop"]] for d in drawn], dots, f"{actor} crossing dots")
        lag = gov.effective_lag(thresholds[1], p, start)
        window = gov.governance_window(thresholds[1], p, start)
        raw = gov.raw_crossing_time(thresholds[1], p, "meek")

        def year(t: float) -> str:
            return "never" if np.isinf(t) else f"{start + t:.1f}"

        note = marks["crossing_note"][0]["text"].split("\n")
        assert note[0] == (f"1e{case['log10_threshold_1']:.0f} FLOP, effective: frontier {year(lag.frontier)}, "
                           f"meek {year(lag.meek)}")
        assert note[1] == (f"rule binds frontier {year(window.rule_reaches_frontier)}, "
                           f"meek catches up {year(window.meek_has_capability)}")
        if np.isfinite(window.window):
            span = f"{window.window:.1f} yr"
        else:
            span = "never closes" if np.isfinite(window.rule_reaches_frontier) else "none"
        assert note[2] == f"window {span}; meek raw FLOP {year(raw)}"


def test_thresholds_default_is_the_chapter(browser):
    """Chapter governance: the paper's scenario from 2023 crosses 1e25 (effective) in 2027.4 and
    2031.4; the rule reaches the frontier (raw) in 2030.2 and the meek actor catches up in 2036.8."""
    rec = browser["thresholds"][0]
    assert rec["marks"]["crossing_note"][0]["text"].startswith(
        "1e25 FLOP, effective: frontier 2027.4, meek 2031.4\nrule binds frontier 2030.2, meek catches up 2036.8")
    assert len(rec["marks"]["frontier_crossing_marker"]) == len(rec["marks"]["meek_crossing_marker"]) == 2
