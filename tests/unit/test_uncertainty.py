"""meekbook.uncertainty: priors, Monte Carlo, Sobol indices, the CLI command.

Reference values come from the paper (t* = 3.359, ΔL = 0.2118, MMLU gap 46.4 at 4.1 years,
12.5 tokens at the peak, inference catch-up 1.33 years) or from independent math (closed forms
written out here, normal quantiles, analytic Sobol indices of a linear function).
"""

import json
import math
import re

import numpy as np
import pytest

import meekbook as mb
from meekbook import uncertainty as unc
from meekbook.checks import uncertainty_claims
from meekbook.web import uncertainty as unc_web
from meekbook.cli import main
from meekbook.model.sigmoid import PAPER_SIGMOID
from support import ROOT

PAPER_FIXED = {name: unc.Fixed(value) for name, value in unc.PAPER_VALUES.items()}
FAST = {"sigmoid": unc.Fixed(PAPER_SIGMOID)}  # skip the bootstrap where MMLU is not the point


def closed_form_t_star(gamma, g_alg, g_hw, g_inv):
    """t* = ln(ln(g_alg g_hw g_inv) / ln(g_alg g_hw)) / (gamma ln g_inv), written out."""
    shared = np.log(g_alg * g_hw)
    return np.log((shared + np.log(g_inv)) / shared) / (gamma * np.log(g_inv))


# ---------------------------------------------------------------- degenerate priors = the paper


def test_fixed_priors_reproduce_the_paper():
    res = unc.monte_carlo(PAPER_FIXED, draws=7, seed=3)
    assert round(res.median("t_star"), 3) == 3.359
    assert round(res.median("peak_gap"), 4) == 0.2118
    lo, hi = res.interval("t_star")
    assert lo == hi == res.median("t_star")          # no spread without uncertainty
    assert round(res.median("mmlu_peak"), 1) == 46.4
    assert abs(res.median("mmlu_peak_time") - 4.1) < 0.05
    assert round(res.median("tokens_at_peak"), 1) == 12.5
    assert round(res.median("tokens_at_20"), 0) == 204
    assert round(res.median("gap_at_20"), 3) == 0.013
    # catch-up with g_inference = 9: ln(1000 / (1e-16 * 1e17)) / ln(1.4 * 81 / (5/1.4))
    assert res.median("inference_catch_up") == pytest.approx(
        math.log(100) / math.log(1.4 * 81 / (5 / 1.4)), rel=1e-12)
    assert round(res.median("inference_catch_up"), 2) == 1.33


def test_draws_match_the_closed_form_per_draw():
    res = unc.monte_carlo(FAST, draws=2000, seed=11, outputs=("t_star",))
    x = res.inputs
    expected = closed_form_t_star(x["gamma"], x["g_algorithm"], x["g_hardware"], x["g_investment"])
    np.testing.assert_allclose(res.values["t_star"], expected, rtol=1e-12)


def test_peak_gap_does_not_depend_on_gamma_under_the_pivot():
    # With the law pivoted at C0, ΔL(t*) = R0 x^{-u}(1 - g_i^{-u'}) with gamma*t* fixed: gamma drops out.
    a = unc.monte_carlo({**FAST, "gamma": unc.Fixed(0.14)}, draws=50, seed=2, outputs=("peak_gap",))
    b = unc.monte_carlo({**FAST, "gamma": unc.Fixed(0.18)}, draws=50, seed=2, outputs=("peak_gap",))
    np.testing.assert_allclose(a.values["peak_gap"], b.values["peak_gap"], rtol=1e-10)


# ---------------------------------------------------------------- distributions


def test_distribution_quantiles_from_independent_math():
    z95 = 1.6448536269514722
    lo, hi = unc.Normal(0.154, 0.0073).interval()
    assert lo == pytest.approx(0.154 - z95 * 0.0073) and hi == pytest.approx(0.154 + z95 * 0.0073)
    lo, hi = unc.LogNormal(2.0, 8.0).interval()
    assert lo == pytest.approx(0.5) and hi == pytest.approx(8.0)
    d = unc.LogNormal.from_interval(2.8, 9.0, coverage=0.9)
    assert d.median() == pytest.approx(math.sqrt(2.8 * 9.0))
    assert d.interval() == pytest.approx((2.8, 9.0))
    assert unc.Uniform(1.0, 3.0).ppf(np.array([0.0, 0.5, 1.0])) == pytest.approx([1.0, 2.0, 3.0], abs=1e-9)


def test_scaled_widens_and_narrows():
    d = unc.LogNormal(2.0, 4.0)
    assert d.scaled(2.0).interval()[1] == pytest.approx(8.0)    # log-width doubles: 2 * 2**2
    assert isinstance(d.scaled(0.0), unc.Fixed) and d.scaled(0.0).value == 2.0
    assert unc.Normal(1.0, 0.5).scaled(3.0).sd == pytest.approx(1.5)
    e = unc.Empirical([1.0, 2.0, 3.0]).scaled(0.5)
    assert e.samples.tolist() == [1.5, 2.0, 2.5]


def test_default_ho_interval_matches_its_final_source():
    # Ho et al., NeurIPS 2024 (final version): halving time ~8 months, 90 % CI ~2-22 months.
    # Growth per year is 2**(12/T): the 5th and 95th percentiles are 2**(12/22) and 2**(12/2) = 64.
    d = unc.DEFAULT_PRIORS["g_algorithm"]
    lo, hi = d.interval()
    assert lo == pytest.approx(2 ** (12 / 22), rel=1e-9)
    assert hi == pytest.approx(64.0, rel=1e-9)
    assert d.median() == 2.8
    assert not d.judgement and "NeurIPS 2024" in d.source and "2-22 months" in d.source
    for name, prior in unc.DEFAULT_PRIORS.items():
        assert prior.source and len(prior.source) > 20, name
        assert prior.judgement == ("judgement" in prior.source), name


def test_default_hardware_interval_from_its_source():
    # Hobbhahn & Besiroglu 2022, Table 1, ML GPUs: doubling 2.07 yr, 95 % CI 1.54-3.13 yr.
    # In log space the 95 % interval is ln 2 (1/1.54 - 1/3.13), so sigma = that / (2 * 1.96).
    sigma = math.log(2) * (1 / 1.54 - 1 / 3.13) / (2 * 1.959964)
    d = unc.DEFAULT_PRIORS["g_hardware"]
    assert d.median() == 1.4
    assert d.sigma == pytest.approx(sigma, rel=1e-6)


def test_law_scale_prior_is_the_packaged_laws_ratio():
    # Reducible loss K C**-gamma at C0 = 1e20 FLOP, by hand from each fit's published constants:
    # Hoffmann: K = 1071.36..., gamma = 0.34*0.28/0.62; Besiroglu: a = 0.3478, b = 0.3658.
    hoff = mb.HOFFMANN_2022.compute_law()
    bes = mb.BESIROGLU_2024.compute_law()
    r_h = hoff.K * 1e20 ** -(0.34 * 0.28 / 0.62)
    r_b = bes.K * 1e20 ** -(0.3478 * 0.3658 / (0.3478 + 0.3658))
    assert round(r_h, 4) == 0.9098 and round(r_b, 4) == 0.7362    # the figures
    d = unc.DEFAULT_PRIORS["law_scale"]
    assert d.interval()[1] == pytest.approx(r_h / r_b, rel=1e-9)
    assert d.interval()[1] > 1.2                                   # 24 %, not the old 15 %


def test_gamma_sd_by_the_delta_method():
    # gamma = ab/(a+b): d/da = b^2/(a+b)^2, d/db = a^2/(a+b)^2, se 0.02 each, a = 0.34, b = 0.28.
    a, b = 0.34, 0.28
    sd = 0.02 * math.sqrt(b**4 + a**4) / (a + b) ** 2
    assert unc.DEFAULT_PRIORS["gamma"].sd == pytest.approx(sd, rel=1e-9)


def test_split_lognormal_meets_its_three_numbers_and_scales():
    d = unc.SplitLogNormal(2.0, 1.0, 8.0)
    lo, med, hi = d.ppf(np.array([0.05, 0.5, 0.95]))
    assert (lo, med, hi) == (pytest.approx(1.0), pytest.approx(2.0), pytest.approx(8.0))
    wide = d.scaled(2.0)         # twice the log-spread on each side: 2/4 and 2*16
    assert wide.interval() == (pytest.approx(0.5), pytest.approx(32.0))
    assert isinstance(d.scaled(0), unc.Fixed)
    with pytest.raises(ValueError, match="p05 < median < p95"):
        unc.SplitLogNormal(2.0, 3.0, 8.0)


def test_correlated_parameterisation_derives_investment():
    res = unc.monte_carlo(FAST, draws=400, seed=3, outputs=("t_star",), correlated=True)
    assert res.correlated and "g_compute" in res.priors and "g_investment" not in res.priors
    np.testing.assert_allclose(res.inputs["g_investment"],
                               res.inputs["g_compute"] / res.inputs["g_hardware"])
    # g_i and g_h are negatively correlated (g_i = G / g_h with G independent of g_h).
    assert np.corrcoef(np.log(res.inputs["g_investment"]), np.log(res.inputs["g_hardware"]))[0, 1] < -0.05
    with pytest.raises(ValueError, match="derived"):
        unc.monte_carlo({"g_investment": 3.0}, draws=5, correlated=True)
    with pytest.raises(ValueError, match="--correlated"):
        unc.monte_carlo({"g_compute": 5.0}, draws=5)
    # At the paper's values the correlated draw is the paper's g_i = 5 / 1.4.
    exact = {n: unc.Fixed(v) for n, v in unc.PAPER_VALUES.items() if n != "g_investment"}
    one = unc.monte_carlo({**exact, "g_compute": 5.0}, draws=2, outputs=("t_star",), correlated=True)
    assert one.median("t_star") == pytest.approx(mb.peak_time(mb.PaperParams()), rel=1e-12)


def test_empirical_rows_are_drawn_jointly():
    rows = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]])
    drawn = unc.Empirical(rows).sample(500, seed=4)
    assert drawn.shape == (500, 2)
    np.testing.assert_array_equal(drawn[:, 1], 10 * drawn[:, 0])


def test_sigmoid_bootstrap_is_a_joint_empirical():
    d = unc.SigmoidBootstrap(n_bootstrap=10, seed=1)
    rows = d.ppf(np.linspace(0.01, 0.99, 50))
    assert rows.shape == (50, 4)
    assert np.all(rows[:, 2] < 0) and np.all(rows[:, 0] > 0)       # k < 0, S > 0 for every fit


# ---------------------------------------------------------------- seeds, replacement, undefined


def test_same_seed_same_draws_other_seed_other_draws():
    a = unc.monte_carlo(FAST, draws=300, seed=5, outputs=("t_star", "peak_gap"))
    b = unc.monte_carlo(FAST, draws=300, seed=5, outputs=("t_star", "peak_gap"))
    c = unc.monte_carlo(FAST, draws=300, seed=6, outputs=("t_star", "peak_gap"))
    np.testing.assert_array_equal(a.values["t_star"], b.values["t_star"])
    assert a.as_dict() == b.as_dict()
    assert not np.array_equal(a.values["t_star"], c.values["t_star"])


def test_replacing_one_prior_keeps_the_other_inputs_draws():
    a = unc.monte_carlo(FAST, draws=100, seed=9, outputs=("t_star",))
    b = unc.monte_carlo({**FAST, "gamma": unc.Fixed(0.17)}, draws=100, seed=9, outputs=("t_star",))
    for name in ("g_algorithm", "g_hardware", "g_investment", "g_inference"):
        np.testing.assert_array_equal(a.inputs[name], b.inputs[name])


def test_draws_without_a_peak_are_counted_not_silent():
    # g_investment uniform on (0.5, 2): P(g_i <= 1) = 0.5 / 1.5 = 1/3 -> no peak there.
    res = unc.monte_carlo({**FAST, "g_investment": unc.Uniform(0.5, 2.0)}, draws=30_000, seed=1,
                          outputs=("t_star", "peak_gap"))
    assert res.defined_share("t_star") == pytest.approx(2 / 3, abs=0.01)
    d = res.as_dict()
    assert d["outputs"]["t_star"]["defined_share"] == pytest.approx(2 / 3, abs=0.01)
    assert "domain" in d["outputs"]["t_star"]["undefined_because"]
    json.dumps(d, allow_nan=False)                              # no NaN leaks into the report
    assert res.share("t_star", lambda v: v > 0) == pytest.approx(2 / 3, abs=0.01)


def test_inference_that_never_catches_up_is_reported():
    # g_h g_inf^2 = 1.4 < g_i = 3.57: the fixed-price model never catches up.
    res = unc.monte_carlo({**FAST, "g_inference": unc.Fixed(1.0)}, draws=10, outputs=("inference_catch_up",))
    entry = res.as_dict()["outputs"]["inference_catch_up"]
    assert entry["defined_share"] == 0.0 and entry["median"] is None
    assert "never catches up" in entry["undefined_because"]
    with pytest.raises(ValueError, match="undefined in every draw"):
        res.median("inference_catch_up")


def test_default_medians_sit_near_the_paper():
    # t* and the peak gap are monotone in g_alg alone, so with the other inputs fixed their
    # medians are their values at the median g_alg = 2.8: the paper's 3.359 and 0.2118.
    only_alg = {**PAPER_FIXED, "g_algorithm": unc.DEFAULT_PRIORS["g_algorithm"]}
    res = unc.monte_carlo(only_alg, draws=20_001, seed=0, outputs=("t_star", "peak_gap"))
    assert abs(res.median("t_star") - 3.359) < 0.02
    assert abs(res.median("peak_gap") - 0.2118) < 0.002
    res = unc.monte_carlo(FAST, draws=20_000, seed=0, outputs=("t_star", "peak_gap"))
    lo, hi = res.interval("t_star")
    assert lo < 3.0 < 4.0 < hi


# ---------------------------------------------------------------- Sobol


def test_sobol_indices_of_a_linear_function():
    # Y = 3 X1 + X2 + 0 X3 with independent standard normals: Var = 9 + 1, so S1 = ST = (0.9, 0.1, 0).
    dists = {"x1": unc.Normal(0.0, 1.0), "x2": unc.Normal(0.0, 1.0), "x3": unc.Normal(0.0, 1.0),
             "held": unc.Fixed(5.0)}
    out = unc.sobol_indices(lambda x: {"y": 3 * x["x1"] + x["x2"] + 0 * x["x3"] + x["held"]},
                            dists, base_samples=2**12, seed=1)["y"]
    assert set(out["first"]) == {"x1", "x2", "x3"}                  # Fixed inputs are left out
    assert out["first"]["x1"] == pytest.approx(0.9, abs=0.03)
    assert out["first"]["x2"] == pytest.approx(0.1, abs=0.03)
    assert out["total"]["x1"] == pytest.approx(0.9, abs=0.03)
    assert out["total"]["x3"] == pytest.approx(0.0, abs=1e-12)


def test_sobol_is_reproducible_with_seed_0():
    dists = {"a": unc.Normal(0.0, 1.0), "b": unc.LogNormal(1.0, 2.0)}
    runs = [unc.sobol_indices(lambda x: {"y": x["a"] * x["b"]}, dists, base_samples=256, seed=0)
            for _ in range(2)]
    assert runs[0] == runs[1]                     # indices and bootstrap confidence intervals


def test_sobol_rejects_bad_designs():
    with pytest.raises(ValueError, match="power of 2"):
        unc.sobol_indices(lambda x: {"y": x["a"]}, {"a": unc.Normal(0, 1)}, base_samples=1000)
    with pytest.raises(ValueError, match="not Fixed"):
        unc.sobol_indices(lambda x: {"y": x["a"]}, {"a": unc.Fixed(1.0)}, base_samples=64)


@pytest.mark.slow
def test_model_sobol_t_star_is_driven_by_algorithmic_progress():
    out = unc.model_sobol(base_samples=2**12, outputs=("t_star", "peak_gap"))
    total = out["t_star"]["total"]
    assert max(total, key=total.get) == "g_algorithm"
    assert out["peak_gap"]["total"]["gamma"] == pytest.approx(0.0, abs=0.01)   # see the pivot test
    assert out["t_star"]["total"]["sigmoid"] == pytest.approx(0.0, abs=1e-9)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("priors, match", [
    ({"g_hw": 1.3}, "unknown input 'g_hw'"),
    ({"gamma": "wide"}, "must be a Distribution or a number"),
    ({"gamma": unc.Empirical([[1.0, 2.0], [3.0, 4.0]])}, "1 value"),
    ({"sigmoid": unc.Fixed(1.0)}, "4 value"),
])
def test_bad_priors_are_rejected(priors, match):
    with pytest.raises(ValueError, match=match):
        unc.monte_carlo(priors, draws=10)


@pytest.mark.parametrize("make, match", [
    (lambda: unc.LogNormal(2.0, 1.0), "p95 must be > median"),
    (lambda: unc.LogNormal(-1.0, 1.0), "median must be > 0"),
    (lambda: unc.Normal(0.0, 0.0), "sd must be > 0"),
    (lambda: unc.Normal(float("nan"), 1.0), "finite"),
    (lambda: unc.Uniform(2.0, 1.0), "high must be > low"),
    (lambda: unc.Empirical([1.0]), "at least 2"),
    (lambda: unc.Fixed(float("inf")), "finite"),
    (lambda: unc.monte_carlo(draws=0), "draws must be an integer >= 1"),
    (lambda: unc.monte_carlo(seed=-1, draws=5), "seed must be an integer >= 0"),
    (lambda: unc.monte_carlo(FAST, draws=5, years=(0.0,)), "years must be numbers in \\(0, 1000\\]"),
    (lambda: unc.monte_carlo(FAST, draws=5, outputs=("tstar",)), "unknown output 'tstar'"),
])
def test_bad_arguments_name_the_parameter(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize("text, match", [
    ("gamma", "NAME=DIST"),
    ("gama=0.1", "unknown input 'gama'"),
    ("gamma=beta(1,2)", "is not a distribution"),
    ("gamma=normal(1)", "takes 2 number"),
    ("gamma=normal(a,b)", "must be a plain number"),
    ("sigmoid=normal(1,2)", "use paper or bootstrap"),
])
def test_parse_prior_rejects(text, match):
    with pytest.raises(ValueError, match=match):
        unc.parse_prior(text)


def test_parse_prior_accepts():
    assert unc.parse_prior("gamma=0.16")[1] == unc.Fixed(0.16, source="command line: 0.16")
    assert unc.parse_prior("g_hardware=uniform(1.2, 1.6)")[1].high == 1.6
    assert unc.parse_prior("sigmoid=paper")[1].value == tuple(PAPER_SIGMOID.as_dict().values())


# ---------------------------------------------------------------- command line


def test_cli_json_is_reproducible(capsys):
    argv = ["uncertainty", "--draws", "3000", "--seed", "0", "--sobol", "64", "--json",
            "--prior", "sigmoid=paper", "--years", "2", "10"]
    assert main(argv) == 0
    first = capsys.readouterr().out
    assert main(argv) == 0
    second = capsys.readouterr().out
    assert first == second
    data = json.loads(first)
    assert data["draws"] == 3000 and data["seed"] == 0      # seed 0: SALib's unseeded trap
    assert {"t_star", "gap_at_2", "tokens_at_10", "mmlu_peak"} <= set(data["outputs"])
    assert data["sobol"]["t_star"]["total"]["g_algorithm"] > 0.3
    assert data["priors"]["sigmoid"]["judgement"] is False
    assert any("10 years" in row["claim"] for row in data["ledger"])
    assert main(argv[:4] + ["8"] + argv[5:]) == 0
    assert capsys.readouterr().out != first                         # another seed, other numbers


def test_cli_table(capsys):
    assert main(["uncertainty", "--draws", "500", "--sobol", "0", "--prior", "sigmoid=paper"]) == 0
    out = capsys.readouterr().out
    assert "t_star" in out and "[judgement]" in out and "Sobol" not in out


@pytest.mark.parametrize("argv, fragment", [
    (["--draws", "0"], "--draws must be an integer >= 1"),
    (["--draws", "1e3"], "--draws must be an integer"),
    (["--draws", "2000001"], "--draws must be an integer >= 1 and <= 2,000,000"),
    (["--seed", "-3"], "--seed must be an integer >= 0"),
    (["--sobol", "1000"], "--sobol must be 0 (off) or a power of 2"),
    (["--prior", "gamma=normal(0.1,-1)"], "--prior gamma: Normal sd must be > 0"),
    (["--prior", "nope=1"], "--prior: unknown input 'nope'"),
    (["--years", "0"], "--years must be numbers in (0, 1000]"),
])
def test_cli_bad_input_exit_2_one_line(argv, fragment, capsys):
    assert main(["uncertainty", *argv]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0]
    assert captured.out == ""


def test_ledger_rows_state_shares():
    res = unc.monte_carlo(PAPER_FIXED, draws=4)
    rows = uncertainty_claims.ledger_rows(res)
    by_claim = {r["claim"]: r["share"] for r in rows}
    assert by_claim["the loss gap peaks within 10 years"] == 1.0
    assert by_claim["the gap closes: at year 20 it is below a tenth of its peak"] == 1.0   # 0.013/0.2118
    assert by_claim["the MMLU gap peaks near 46 points"] == 1.0


def test_ledger_claims_verdicts_follow_the_share():
    from meekbook.checks.ledger import Claim

    exact = unc.monte_carlo(PAPER_FIXED, draws=4)
    rows = uncertainty_claims.ledger_claims(exact)
    assert all(isinstance(r, Claim) for r in rows) and {r.verdict for r in rows} == {"pass"}
    assert sorted({r.claim for r in rows}) == [1, 4, 5, 6]
    never = unc.monte_carlo({**PAPER_FIXED, "g_inference": unc.Fixed(1.0)}, draws=4)
    row = next(r for r in uncertainty_claims.ledger_claims(never) if r.claim == 6)
    assert row.recomputed == 0.0 and row.verdict == "fail"                 # never catches up
    # half the draws have g_i <= 1 (no peak): "peaks within 10 years" holds in about half
    half = unc.monte_carlo({**FAST, "g_investment": unc.Uniform(0.5, 1.5)}, draws=4000, seed=2,
                           outputs=("t_star",))
    row = uncertainty_claims.ledger_claims(half)[0]
    assert abs(row.recomputed - 0.5) < 0.03 and row.verdict == "inconclusive"
    with pytest.raises(ValueError, match="robust must lie"):
        uncertainty_claims.ledger_claims(exact, robust=0.4)


# ---------------------------------------------------------------- the explorer in the browser

BROWSER_CASES = [
    {},                                                             # default widths
    {"w_g_algorithm": 2.0, "w_g_hardware": 0.5, "w_g_investment": 1.5, "w_gamma": 0.0, "w_law_scale": 2.5},
    {"w_g_algorithm": 0.0, "w_g_hardware": 3.0, "w_g_investment": 3.0, "w_gamma": 2.0, "w_law_scale": 0.0},
]

BROWSER_JS = """
<pre id="out">pending</pre>
<script type="application/json" id="cases">%s</script>
<script>
function items(view, name) {
  var re = new RegExp('^' + name + '(_[0-9]+)?_marks$'), out = [];
  (function walk(node) {
    if (!node) return;
    if (node.marktype && re.test(node.name || ''))
      (node.items || []).forEach(function (it) { if (it.datum) out.push(JSON.parse(JSON.stringify(it.datum))); });
    (node.items || []).forEach(function (it) { (it.items || []).forEach(walk); });
  })(view.scenegraph().root);
  return out;
}
async function main() {
  var cases = JSON.parse(document.getElementById('cases').textContent), out = [];
  var view = (await window.meekbookEmbeds['uncertainty']).view;
  for (var c of cases) {
    for (var k in c) view.signal(k, c[k]);
    await view.runAsync();
    out.push(items(view, 'draws').map(function (d) { return [d.i, d.t_star, d.peak_gap]; }));
  }
  document.getElementById('out').textContent = JSON.stringify(out);
}
window.addEventListener('load', function () {
  main().catch(function (e) { document.getElementById('out').textContent = 'ERROR ' + e; });
});
</script>
"""


@pytest.mark.slow
def test_browser_explorer_matches_the_monte_carlo(tmp_path):
    """The Vega-Lite explorer, run in headless Chromium, gives meekbook's t* and ΔL(t*) per draw."""
    from pathlib import Path

    from chromium import CHROMIUM, Chromium

    from meekbook import explorable

    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    draws, seed = 400, 3
    vendor = ROOT / "book" / "_vendor" / "vega"
    scripts = "".join(f'<script src="{vendor.as_uri()}/{f}"></script>\n' for f in explorable.VENDOR_SCRIPTS)
    page = ("<!DOCTYPE html><html><head><meta charset='utf-8'>" + scripts + "</head><body style='width:640px'>"
            + explorable.embed(unc_web.uncertainty_chart(draws, seed), "uncertainty")
            + BROWSER_JS % json.dumps(BROWSER_CASES) + "</body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf8")
    with Chromium() as browser:
        view = browser.open(path.as_uri(), width=800,
                            wait_for="!document.getElementById('out').textContent.startsWith('pending')")
    assert not view.error, view.error
    text = re.search(r'<pre id="out">(.*?)</pre>', view.dom, re.S).group(1)
    assert not text.startswith("ERROR"), text[:500]
    results = json.loads(text)
    for case, rows in zip(BROWSER_CASES, results):
        widths = {name: case.get(f"w_{name}", 1.0) for name in unc_web.BROWSER_INPUTS}
        priors = {**FAST, **{n: unc.DEFAULT_PRIORS[n].scaled(w) for n, w in widths.items()}}
        ref = unc.monte_carlo(priors, draws=draws, seed=seed, outputs=("t_star", "peak_gap"))
        got = np.array(rows, dtype=float)
        assert got.shape[0] == int(np.isfinite(ref.values["t_star"]).sum()) > draws // 2
        idx = got[:, 0].astype(int)
        np.testing.assert_allclose(got[:, 1], ref.values["t_star"][idx], rtol=1e-8)
        np.testing.assert_allclose(got[:, 2], ref.values["peak_gap"][idx], rtol=1e-8)


def test_browser_chart_spec_carries_the_monte_carlo_base_samples():
    from meekbook import explorable

    spec = explorable.chart_spec(unc_web.uncertainty_chart(draws=50, seed=4), validate=True)
    sliders = {p["name"]: p["value"] for p in spec["params"] if "bind" in p}
    assert sliders == {f"w_{n}": 1.0 for n in unc_web.BROWSER_INPUTS}
    rows = spec["data"]["values"]          # inline once, shared by every layer
    assert len(rows) == 50
    # The inline z's reproduce monte_carlo's draws: median * exp(sigma * z) for g_hardware,
    # and the two-piece median * exp(sigma_lo or sigma_hi * z) for g_algorithm.
    ref = unc.monte_carlo(FAST, draws=50, seed=4, outputs=("t_star",)).inputs
    prior = unc.DEFAULT_PRIORS["g_hardware"]
    z = np.array([r["z_g_hardware"] for r in rows])
    np.testing.assert_allclose(prior.median() * np.exp(prior.sigma * z), ref["g_hardware"], rtol=1e-9)
    split = unc.DEFAULT_PRIORS["g_algorithm"]
    z = np.array([r["z_g_algorithm"] for r in rows])
    low, high = (math.log(2.8 / 2 ** (12 / 22)) / 1.6448536, math.log(64 / 2.8) / 1.6448536)
    np.testing.assert_allclose(2.8 * np.exp(np.where(z < 0, low, high) * z), ref["g_algorithm"],
                               rtol=1e-6)
    with pytest.raises(ValueError, match="supports LogNormal, SplitLogNormal, Normal and Fixed"):
        unc_web.uncertainty_chart(draws=10, priors={"gamma": unc.Uniform(0.14, 0.17)})


@pytest.mark.parametrize("prior, name", [
    ("gamma=normal(0.154,1e308)", "gamma: Normal(mean=0.154, sd=1e+308) is too wide"),
    ("g_algorithm=lognormal(1e-308,0.1)", "g_algorithm: LogNormal(median_value=1e-308, p95=0.1) is too wide"),
])
def test_cli_prior_so_wide_its_draws_overflow_is_one_error_line(prior, name, capsys):
    """Was a RuntimeWarning (overflow) and infinite draws; now exit 2, one line naming it."""
    assert main(["uncertainty", "--draws", "200", "--sobol", "0", "--prior", prior]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and name in err


def test_cli_correlated_flag(capsys):
    assert main(["uncertainty", "--draws", "50", "--sobol", "0", "--years", "20", "--correlated",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["correlated"] is True and "g_compute" in data["priors"]
    assert "judgement" in data["priors"]["g_compute"]["source"]
    assert main(["uncertainty", "--draws", "5", "--sobol", "0", "--prior", "g_compute=5"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "--correlated" in err[0]
