"""Fast checks of the interactive figures (meekbook.web) and their Sphinx extension.

The numbers the browser computes are compared with meekbook in a real browser by
``tests/book/test_explorable_browser.py``; here: valid specs, parameter names, the paper's default
settings, the formulas in place, deterministic output, embedding and vendoring.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import json
import math
import re
from pathlib import Path

import pytest

pytest.importorskip("altair")

import meekbook
from meekbook import web as explorable
from meekbook.web import expressions
from meekbook.web import CHARTS, chart_spec, embed, export_specs, fill
from meekbook.model.params import PaperParams

from support import ROOT  # noqa: E402
VENDOR = ROOT / "book" / "_vendor" / "vega"
PAPER_FIELDS = {f.name for f in dataclasses.fields(PaperParams)}
# names that are not PaperParams fields: compute-law and Chinchilla constants, sigmoid, SPRT
# observer, schedule change, price band (log10 of the prices), calendar and threshold
OTHER_NAMES = {"gamma", "K", "irreducible_loss", "a", "b", "A", "B", "S", "x0", "k", "s0", "steps",
               "slowdown", "year", "change_year", "growth_after", "log10_price_min", "log10_price_max",
               "start_year", "log10_threshold_1"}


@pytest.fixture(scope="module")
def specs() -> dict[str, dict]:
    return {name: chart_spec(name, validate=True) for name in CHARTS}


def params_of(spec: dict) -> dict[str, dict]:
    return {p["name"]: p for p in spec["params"]}


def sliders_of(spec: dict) -> dict[str, float]:
    return {p["name"]: p["value"] for p in spec["params"] if "bind" in p}


def test_one_figure_per_model_chapter_and_the_empirical_one():
    chapters = {info.chapter for info in CHARTS.values()}
    assert chapters == {"scaling_law", "gap_equation", "inflection_time", "benchmark_scores",
                        "distinguishability", "inference", "stagnation_robustness", "empirical_check",
                        "caveats", "governance"}
    for chapter in chapters:
        assert (ROOT / "notebooks" / f"{chapter}.md").exists()


def test_specs_are_valid_vega_lite_and_deterministic(specs):
    for name, spec in specs.items():
        assert spec["$schema"].endswith("/vega-lite/v6.4.1.json"), name
        json.dumps(spec, sort_keys=True, allow_nan=False)    # no NaN/inf in the JSON


#: The checkboxes of the charts (everything else bound is a range slider).
CHECKBOXES = {"inference_gap": {"include_constants"}}


def test_sliders_are_range_inputs_with_known_names(specs):
    for name, spec in specs.items():
        bound = [p for p in spec["params"] if "bind" in p]
        sliders = [p for p in bound if p["bind"]["input"] == "range"]
        assert len(sliders) >= 2, name
        assert {p["name"] for p in bound} - {p["name"] for p in sliders} == CHECKBOXES.get(name, set())
        for p in sliders:
            assert p["name"] in PAPER_FIELDS | OTHER_NAMES, f"{name}: unexpected slider {p['name']}"
            assert p["bind"]["min"] <= p["value"] <= p["bind"]["max"], (name, p["name"])
        for p in bound:
            if p["bind"]["input"] == "checkbox":
                assert p["value"] is False, "checkboxes start off: the paper's setting"


def test_growth_rates_and_budgets_carry_the_paperparams_field_names(specs):
    assert {"g_investment", "g_algorithm", "g_hardware", "budget_meek", "budget_sota"} <= set(
        sliders_of(specs["loss_gap"]))
    assert {"g_hardware_meek", "budget_sota"} <= set(sliders_of(specs["peak_time"]))
    assert {"price_per_token", "g_inference"} <= set(sliders_of(specs["inference_gap"]))
    assert {"alpha", "beta"} <= set(sliders_of(specs["token_threshold"]))


def test_paper_defaults(specs):
    """Slider defaults are the paper's figure settings (Gundlach et al. 2025, sections 2-8)."""
    expected = {
        "loss_gap": dict(g_investment=5 / 1.4, g_algorithm=2.8, g_hardware=1.4, budget_meek=1000,
                         budget_sota=1000, gamma=0.154),
        "peak_time": dict(gamma=0.154, g_investment=5 / 1.4, g_algorithm=2.8, g_hardware=1.4,
                          budget_sota=1000, g_hardware_meek=1.4),
        "compute_law": dict(a=0.34, b=0.28, A=406.4, B=410.7, irreducible_loss=1.69),   # Hoffmann 2022
        "benchmark_gap": dict(S=0.55, x0=1.97, k=-23.77, s0=0.25, steps=1, g_investment=5 / 1.4),
        "token_threshold": dict(alpha=0.05, beta=0.05, slowdown=1, g_investment=5 / 1.4),
        # Figure 4 ("large" variant): g_alg = 3.6, g_inf = 9, $1e-8 per token
        "inference_gap": dict(price_per_token=1e-8, g_inference=9, g_algorithm=3.6,
                              g_investment=5 / 1.4, g_hardware=1.4),
        # Figure 10: 3.571x until year 5, then 1.5x
        "stagnation": dict(change_year=5, growth_after=1.5, budget_sota=1000, g_investment=5 / 1.4,
                           g_hardware=1.4, g_algorithm=2.8, gamma=0.154),
        # Figure 5: models priced $0.5-1 per million output tokens (sliders on log10 of the price;
        # tests/book/test_explorable_browser.py checks that the band is exactly 0.5 to 1)
        "price_band": dict(log10_price_min=math.log10(0.5), log10_price_max=0.0),
        # chapter governance: the paper's scenario from the start of 2023, the EU AI Act's 1e25 FLOP
        "thresholds": dict(g_investment=5 / 1.4, g_algorithm=2.8, g_hardware=1.4, budget_meek=1000,
                           budget_sota=1000, start_year=2023.0, log10_threshold_1=25),
    }
    for name, values in expected.items():
        sliders = sliders_of(specs[name])
        for key, value in values.items():
            assert sliders[key] == pytest.approx(value, rel=1e-12), (name, key)
    for name in ("loss_gap", "peak_time", "benchmark_gap", "inference_gap", "stagnation"):
        fixed = params_of(specs[name])
        assert fixed["K"]["value"] == 1070 and fixed["irreducible_loss"]["value"] == 1.7, name
        assert fixed["flop_per_dollar"]["value"] == 1e17, name
    fixed = params_of(specs["thresholds"])
    assert fixed["log10_threshold_2"]["value"] == 26 and fixed["flop_per_dollar"]["value"] == 1e17
    assert fixed["t_max"]["value"] == 15        # as meekbook.model.governance.plot_threshold_crossings


def _expressions(spec: dict) -> str:
    return json.dumps(spec)


def test_formulas_are_in_the_specs(specs):
    """Each browser formula of the module reaches the chart that mirrors its NumPy function."""
    t = "datum.t"
    uses = {
        "loss_gap": [fill(explorable.LOG_COMPUTE_MEEK, t=t), fill(explorable.LOG_COMPUTE_SOTA, t=t),
                     fill(explorable.LOSS_FROM_LOG_COMPUTE, x="datum.log_c_meek"),
                     fill(explorable.LOSS_GAP_FROM_LOG_COMPUTE, x_meek="datum.log_c_meek",
                          x_sota="datum.log_c_sota"),
                     explorable.G_SHARED, explorable.G_MEEK, explorable.G_SOTA],
        "peak_time": [explorable.HEAD_START_WITHOUT_PEAK],
        "compute_law": [explorable.LAW_GAMMA, explorable.LAW_G, explorable.LAW_K,
                        explorable.ALLOCATION_EXPONENT_N,
                        fill(explorable.COMPUTE_OPTIMAL_LOSS, log_c="datum.log10_compute * LN10")],
        "benchmark_gap": [fill(explorable.SIGMOID_SCORE, loss="datum.loss_sota"), "argmax"],
        "token_threshold": [explorable.WALD_CONSTANT, fill(explorable.TOKEN_THRESHOLD, gap="datum.gap")],
        "inference_gap": [fill(explorable.LOG_INFERENCE_COMPUTE, t=t), explorable.INFERENCE_CATCH_UP_TIME,
                          explorable.INFERENCE_CONSTANT_FACTOR],
        "stagnation": [fill(explorable.LOG_DOLLARS_SLOWDOWN, t=t)],
        "thresholds": [fill(explorable.LOG_COMPUTE_SOTA, t=t), fill(explorable.LOG_COMPUTE_MEEK, t=t),
                       fill(explorable.LOG_RAW_COMPUTE_MEEK, t=t),
                       fill(explorable.CROSSING_TIME, log_threshold="log10_threshold_1 * LN10",
                            log_c0="log_c0_meek", log_growth="log(g_meek)"),
                       fill(explorable.CROSSING_TIME, log_threshold="log10_threshold_2 * LN10",
                            log_c0="log_c0_frontier", log_growth="log(g_sota)"),
                       fill(explorable.CROSSING_TIME, log_threshold="log10_threshold_1 * LN10",
                            log_c0="log_c0_meek", log_growth="log(g_hardware_meek)"),
                       fill(explorable.THRESHOLD_WINDOW, meek="t_meek_1", frontier="t_frontier_1")],
    }
    for name, fragments in uses.items():
        text = _expressions(specs[name])
        for fragment in fragments:
            assert json.dumps(fragment)[1:-1] in text, f"{name} lacks {fragment!r}"
    # running maxima over release date, in the browser
    window = [t for layer in specs["price_band"]["layer"] for t in layer.get("transform", []) if "window" in t]
    assert len(specs["price_band"]["data"]["values"]) > 10, "leaderboard rows inline, once"
    assert json.dumps(specs["price_band"]).count('"release_date": "') == len(specs["price_band"]["data"]["values"])
    assert window and window[0]["frame"] == [None, 0]
    assert {w["op"] for w in window[0]["window"]} == {"max"}
    peak = expressions.peak_time_expr()
    for name in ("loss_gap", "peak_time", "token_threshold"):
        assert json.dumps(peak)[1:-1] in _expressions(specs[name]), name


def test_fill_rejects_unfilled_placeholders():
    with pytest.raises(ValueError, match=r"\['t'\]"):
        fill(explorable.LOG_COMPUTE_MEEK)


def test_embed_is_deterministic_and_offline(specs):
    html = embed(specs["loss_gap"], "loss_gap")
    assert html == embed(json.loads(json.dumps(specs["loss_gap"])), "loss_gap")
    assert 'id="meekbook-explorable-loss_gap"' in html
    assert "window.meekbookViews[name] = view" in html
    # the page runs Vega: the spec was compiled from Vega-Lite when the chapter ran
    payload = html.split('type="application/json"', 1)[1].split(">", 1)[1].split("</script>", 1)[0]
    assert json.loads(payload)["$schema"] == "https://vega.github.io/schema/vega/v6.json"
    assert "<script src" not in html and "cdn" not in html.lower()
    assert "</script" not in html.split('type="application/json"', 1)[1].split("</script>", 1)[0]


@pytest.mark.parametrize("bad", ["", "1x", "a b", "x<script>", None, 3])
def test_embed_rejects_bad_names(bad):
    with pytest.raises(ValueError, match="name must be"):
        embed({"mark": "point"}, bad)


def test_show_and_chart_reject_unknown_names():
    with pytest.raises(ValueError, match="name must be one of"):
        explorable.chart("nope")
    with pytest.raises(ValueError, match="name must be one of"):
        explorable.show("nope")
    with pytest.raises(TypeError, match="name_or_chart"):
        chart_spec(42)


def test_show_emits_html_only(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append((obj, raw)))
    explorable.show("peak_time")
    assert len(shown) == 1
    bundle, raw = shown[0]
    assert raw is True and set(bundle) == {"text/html"}     # nothing printed in a PDF


def test_export_specs_deterministic(tmp_path, specs):
    written = export_specs(tmp_path)
    names = sorted(p.name for p in written)
    assert names == sorted(f"{i.chapter}-{i.name}.vl.json"
                           for i in (*CHARTS.values(), *explorable.OTHER_CHARTS.values()))
    assert "uncertainty-uncertainty.vl.json" in names
    for info in CHARTS.values():       # a second build of every chart gives the same spec
        exported = json.loads((tmp_path / f"{info.chapter}-{info.name}.vl.json").read_text())
        assert exported == specs[info.name], f"{info.name} not deterministic"
    spec = json.loads((tmp_path / "empirical_check-price_band.vl.json").read_text())
    data = spec.get("data") or spec["layer"][0]["data"]
    assert len(data["values"]) > 10, "leaderboard data inline"


def test_chapters_show_their_figure_right_after_the_explore_admonition():
    for info in CHARTS.values():
        text = (ROOT / "notebooks" / f"{info.chapter}.md").read_text(encoding="utf8")
        explore = text[text.index("## Explore"):]
        # the admonition may sit in an {only} html block (the print edition has small multiples)
        m = re.search(r"```\{admonition\} Explore in the page; run the Python explorer live\n.*?\n```\n(?:````\n)?\n"
                      r"```\{code-cell\} ipython3\n:tags: \[(.*?)\]\n\n(.*?)```", explore, re.S)
        assert m, f"{info.chapter}: no figure cell after the Explore admonition"
        assert {"html-only", "hide-input"} <= {t.strip() for t in m.group(1).split(",")}, info.chapter
        assert f'show("{info.name}")' in m.group(2), info.chapter
        flat = " ".join(explore.split())
        assert "`make lab`" in flat and "launch buttons" in flat, info.chapter


def test_vendored_scripts_match_altair():
    import altair

    import vl_convert

    # the compiler knows Altair's Vega-Lite version; the runtime is the Vega major Altair names
    assert ".".join(altair.SCHEMA_VERSION.lstrip("v").split(".")[:2]) in vl_convert.get_vegalite_versions()
    runtime = (VENDOR / "vega-meekbook.min.js").read_text(encoding="utf8")
    assert f'"{altair.VEGA_VERSION.split(".")[0]}.' in runtime
    vendored = (VENDOR / "VENDORED.txt").read_text(encoding="utf8")
    for f in explorable.VENDOR_SCRIPTS:
        assert (VENDOR / f).stat().st_size > 3_000 and f in vendored
    assert (VENDOR / "LICENSE-vega").exists()
    # the budget for a chart page's script (was 830 kB with Vega-Lite and vega-embed)
    assert sum((VENDOR / f).stat().st_size for f in explorable.VENDOR_SCRIPTS) <= 450_000
    for f in explorable.VENDOR_SCRIPTS:
        assert "sourceMappingURL" not in (VENDOR / f).read_text(encoding="utf8")


def _extension():
    spec = importlib.util.spec_from_file_location("meekbook_explorable", ROOT / "book/_ext/meekbook_explorable.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class _App:
    def __init__(self, outdir: Path):
        self.js: list[tuple[str, int]] = []
        self.outdir = str(outdir)
        self.builder = type("Builder", (), {"format": "html"})()

    def add_js_file(self, filename, priority=500, **kw):
        self.js.append((filename, priority))


def test_extension_adds_relative_scripts_only_to_pages_with_a_figure(tmp_path):
    ext = _extension()
    app = _App(tmp_path)
    ext._add_scripts(app, "notebooks/intro", "page.html", {"body": "<p>no figure</p>"}, None)
    assert app.js == [] and not (tmp_path / "_explorers").exists()
    spec = {"mark": "text", "encoding": {"text": {"value": "</script> and <b>"}}}
    ext._add_scripts(app, "notebooks/gap_equation", "page.html", {"body": embed(spec, "x")}, None)
    assert [f for f, _ in app.js] == ["../vega/vega-meekbook.min.js", "../vega/meekbook-embed.js"]
    assert [p for _, p in app.js] == sorted(p for _, p in app.js)
    assert all("://" not in f for f, _ in app.js)
    # the page's figure is exported as it is in the page (an escaped "</" included)
    exported = json.loads((tmp_path / "_explorers" / "gap_equation-x.vg.json").read_text(encoding="utf8"))
    assert exported["$schema"].endswith("/vega/v6.json")
    assert "</script> and <b>" in json.dumps(exported)


def test_config_registers_the_extension_and_copies_the_vendor_folder():
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf8"))
    assert config["sphinx"]["local_extensions"]["meekbook_explorable"] == "book/_ext"
    assert "meekbook_sphinx" in config["sphinx"]["local_extensions"]
    assert "book/_vendor" in config["sphinx"]["config"]["html_extra_path"]


# ---------------------------------------------------------------------------------------------
# Every browser formula agrees with the NumPy function it mirrors (evaluated, not read)
# ---------------------------------------------------------------------------------------------
class _VegaExpression:
    """A small evaluator for the Vega expressions of meekbook.web.expressions (numbers, names,
    ``+ - * /``, comparisons, ``a ? b : c``, calls of ``log exp pow max min isFinite``)."""

    FUNCTIONS = {"log": math.log, "exp": math.exp, "pow": math.pow, "max": max, "min": min,
                 "isFinite": math.isfinite, "sqrt": math.sqrt, "abs": abs}
    TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)|([A-Za-z_][\w.]*)|(<=|>=|==|[-+*/(),?:<>]))")

    def __init__(self, text: str, env: dict[str, float]):
        self.tokens, pos = [], 0
        while pos < len(text.rstrip()):
            m = self.TOKEN.match(text, pos)
            assert m, f"cannot read {text[pos:]!r}"
            self.tokens.append(m.group(1) and float(m.group(1)) if m.group(1) else (m.group(2) or m.group(3)))
            pos = m.end()
        self.env, self.i = env, 0

    def value(self) -> float:
        out = self._ternary()
        assert self.i == len(self.tokens), f"unread: {self.tokens[self.i:]}"
        return out

    def _peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _take(self, expected=None):
        tok = self._peek()
        assert expected is None or tok == expected, f"expected {expected!r}, got {tok!r}"
        self.i += 1
        return tok

    def _ternary(self):
        cond = self._compare()
        if self._peek() != "?":
            return cond
        self._take("?")
        yes = self._ternary()
        self._take(":")
        no = self._ternary()
        return yes if cond else no

    def _compare(self):
        left = self._sum()
        ops = {"<": lambda a, b: a < b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
               ">=": lambda a, b: a >= b, "==": lambda a, b: a == b}
        while self._peek() in ops:
            op = self._take()
            left = ops[op](left, self._sum())
        return left

    def _sum(self):
        out = self._product()
        while self._peek() in ("+", "-"):
            op = self._take()
            right = self._product()
            out = out + right if op == "+" else out - right
        return out

    def _product(self):
        out = self._unary()
        while self._peek() in ("*", "/"):
            op = self._take()
            right = self._unary()
            if op == "*":
                out = out * right
            else:     # JavaScript division: x / 0 is an infinity
                out = out / right if right != 0 else math.copysign(math.inf, out) * math.copysign(1, right)
        return out

    def _unary(self):
        if self._peek() == "-":
            self._take()
            return -self._unary()
        return self._primary()

    def _primary(self):
        tok = self._take()
        if isinstance(tok, float):
            return tok
        if tok == "(":
            out = self._ternary()
            self._take(")")
            return out
        if tok == "NaN":
            return math.nan
        if tok in ("true", "false"):
            return tok == "true"
        if self._peek() == "(" and tok in self.FUNCTIONS:
            self._take("(")
            args = [self._ternary()]
            while self._peek() == ",":
                self._take(",")
                args.append(self._ternary())
            self._take(")")
            return self.FUNCTIONS[tok](*args)
        assert tok in self.env, f"unknown name {tok!r}"
        return self.env[tok]


def vega(template: str, env: dict, **parts: str) -> float:
    return _VegaExpression(fill(template, **parts) if parts else template, env).value()


def test_the_vega_evaluator_of_these_tests():
    env = {"x": 2.0, "datum.y": 3.0}
    assert vega("1 + 2 * x - 4 / 2", env) == 3.0
    assert vega("-x * -(datum.y)", env) == 6.0
    assert vega("x > 1 ? pow(x, 3) : 0", env) == 8.0
    assert vega("x <= 1 ? 1 : x >= 3 ? 3 : 2", env) == 2.0
    assert vega("max(min(x, 1), 0.5) + log(exp(0))", env) == 1.0
    assert vega("1 / 0", env) == math.inf and math.isnan(vega("NaN", env))
    with pytest.raises(AssertionError, match="unknown name"):
        vega("z + 1", env)


def _mirror_cases():
    """(constant, label, Vega value, NumPy value) for every formula, at non-default settings."""
    from meekbook.model import gap, governance, inference, inflection, scaling, schedules, sigmoid, sprt

    p = PaperParams(g_hardware=1.3, g_algorithm=2.5, g_investment=4.0, budget_meek=2_000.0,
                    budget_sota=5_000.0, flop_per_dollar=3e17, price_per_token=2e-8,
                    g_inference=5.0, g_hardware_meek=1.2, g_algorithm_meek=2.2, alpha=0.02, beta=0.1)
    law = scaling.ScalingLaw(E=1.7, A=350.0, B=420.0, a=0.33, b=0.29)
    sig = sigmoid.SigmoidParams(S=0.6, x0=2.0, k=-20.0, s0=0.2)
    env = {name: getattr(p, name) for name in (
        "g_hardware", "g_algorithm", "g_investment", "budget_meek", "budget_sota", "flop_per_dollar",
        "price_per_token", "g_inference", "g_hardware_meek", "g_algorithm_meek", "alpha", "beta",
        "g_shared", "g_meek", "g_sota")}
    env.update(gamma=p.law.gamma, K=p.law.K, irreducible_loss=p.law.E, slowdown=7.0,
               a=law.a, b=law.b, A=law.A, B=law.B, law_gamma=law.gamma, law_G=law.G, law_K=law.K,
               S=sig.S, x0=sig.x0, k=sig.k, s0=sig.s0, change_year=3.0, growth_after=1.5,
               inference_constant_factor=inference.inference_constant_factor(True))
    env["wald_constant"] = sprt.wald_constant(p.alpha, p.beta)
    t = 4.5
    meek_t, sota_t = fill(expressions.LOG_COMPUTE_MEEK, t=str(t)), fill(expressions.LOG_COMPUTE_SOTA, t=str(t))
    general = dict(g_s="g_sota", g_m="g_meek", b_s="budget_sota", b_m="budget_meek")
    slowdown = schedules.SlowdownAfter(initial=p.budget_sota, growth=p.g_investment,
                                       change_year=3.0, growth_after=1.5)
    log_dollars = fill(expressions.LOG_DOLLARS_SLOWDOWN, t=str(t))
    threshold = 1e26
    window = governance.effective_lag(threshold, p)
    cases = [
        ("G_SHARED", "", vega(expressions.G_SHARED, env), p.g_shared),
        ("G_MEEK", "", vega(expressions.G_MEEK, env), p.g_meek),
        ("G_SOTA", "", vega(expressions.G_SOTA, env), p.g_sota),
        ("LOG_COMPUTE_MEEK", "", vega(meek_t, env), gap.log_effective_compute(t, p, "meek")),
        ("LOG_COMPUTE_SOTA", "", vega(sota_t, env), gap.log_effective_compute(t, p, "sota")),
        ("LOSS_FROM_LOG_COMPUTE", "", vega(expressions.LOSS_FROM_LOG_COMPUTE, env, x="52.5"),
         p.law.loss_from_log_compute(52.5)),
        ("LOSS_GAP_FROM_LOG_COMPUTE", "", vega(expressions.LOSS_GAP_FROM_LOG_COMPUTE, env,
                                               x_meek=meek_t, x_sota=sota_t), gap.loss_gap(t, p)),
        ("PEAK_TIME_GENERAL", "", vega(expressions.PEAK_TIME_GENERAL, env, **general),
         inflection.peak_time(p)),
        ("PEAK_TIME", "", vega(expressions.PEAK_TIME, env,
                               general=fill(expressions.PEAK_TIME_GENERAL, **general)),
         inflection.peak_time(p)),
        ("PEAK_TIME", "no peak", vega(expressions.PEAK_TIME, dict(env, budget_sota=1e12),
                                      general=fill(expressions.PEAK_TIME_GENERAL, **general)),
         inflection.peak_time(p.replace(budget_sota=1e12))),
        ("HEAD_START_WITHOUT_PEAK", "", vega(expressions.HEAD_START_WITHOUT_PEAK, env),
         inflection.head_start_without_peak(p)),
        ("LAW_GAMMA", "", vega(expressions.LAW_GAMMA, env), law.gamma),
        ("LAW_G", "", vega(expressions.LAW_G, env), law.G),
        ("LAW_K", "", vega(expressions.LAW_K, env), law.K),
        ("COMPUTE_OPTIMAL_LOSS", "", vega(expressions.COMPUTE_OPTIMAL_LOSS, dict(env, irreducible_loss=law.E),
                                          log_c=str(math.log(3e23))),
         scaling.compute_optimal_loss(3e23, law)),
        ("ALLOCATION_EXPONENT_N", "", vega(expressions.ALLOCATION_EXPONENT_N, env),
         # the slope of log N*(C) against log C
         (math.log(law.optimal_allocation(1e25)[0]) - math.log(law.optimal_allocation(1e21)[0]))
         / (math.log(1e25) - math.log(1e21))),
        ("SIGMOID_SCORE", "", vega(expressions.SIGMOID_SCORE, env, loss="2.07"),
         sigmoid.loss_to_score(2.07, sig)),
        ("WALD_CONSTANT", "", vega(expressions.WALD_CONSTANT, env), sprt.wald_constant(p.alpha, p.beta)),
        ("TOKEN_THRESHOLD", "", vega(expressions.TOKEN_THRESHOLD, env, gap="0.03"),
         sprt.token_threshold(0.03, p.alpha, p.beta, 7.0)),
    ]
    for include in (False, True):
        e = dict(env, include_constants=include)
        label = "with constants" if include else "toy"
        cases += [
            ("INFERENCE_CONSTANT_FACTOR", label, vega(expressions.INFERENCE_CONSTANT_FACTOR, e),
             inference.inference_constant_factor(include)),
            ("LOG_INFERENCE_COMPUTE", label, vega(expressions.LOG_INFERENCE_COMPUTE, e, t=str(t)),
             inference.log_inference_compute(t, p, include_constants=include)),
            ("INFERENCE_CATCH_UP_TIME", label, vega(expressions.INFERENCE_CATCH_UP_TIME, e),
             inference.inference_catch_up_time(p, include_constants=include)),
        ]
    never = p.replace(g_inference=1.1)     # g_h g_inf^2 < g_i: never catches up
    with pytest.raises(ValueError):
        inference.inference_catch_up_time(never)
    cases += [
        ("INFERENCE_CATCH_UP_TIME", "never", vega(expressions.INFERENCE_CATCH_UP_TIME,
                                                  dict(env, g_inference=1.1, include_constants=False)), math.nan),
        ("LOG_DOLLARS_SLOWDOWN", "", vega(log_dollars, env), slowdown.log_dollars(t)),
        ("LOG_COMPUTE_SOTA_SCHEDULE", "", vega(expressions.LOG_COMPUTE_SOTA_SCHEDULE, env,
                                               log_dollars=log_dollars, t=str(t)),
         gap.log_effective_compute(t, p, "sota", slowdown)),
        ("LOG_RAW_COMPUTE_MEEK", "", vega(expressions.LOG_RAW_COMPUTE_MEEK, env, t=str(t)),
         math.log(governance.raw_compute(t, p, "meek"))),
    ]
    for label, c0, growth in (("below", 1e24, 1.5), ("above", 1e27, 1.5), ("never", 1e24, 0.9)):
        cases.append(("CROSSING_TIME", label, vega(expressions.CROSSING_TIME, env,
                                                   log_threshold=str(math.log(threshold)),
                                                   log_c0=str(math.log(c0)), log_growth=str(math.log(growth))),
                      governance.crossing_time(threshold, c0, growth)))
    cases.append(("THRESHOLD_WINDOW", "", vega(expressions.THRESHOLD_WINDOW, env, meek=repr(window.meek),
                                                frontier=repr(window.frontier)), window.lag))
    return cases


MIRROR_CASES = _mirror_cases()


def test_every_formula_is_checked_against_numpy():
    constants = {n for n in expressions.__all__ if n.isupper() and n != "CHARTS"}
    assert len(constants) >= 20
    assert constants == {name for name, *_ in MIRROR_CASES}


@pytest.mark.parametrize("name, label, browser, numpy", MIRROR_CASES,
                         ids=[f"{c[0]}-{c[1]}" if c[1] else c[0] for c in MIRROR_CASES])
def test_every_formula_gives_what_the_numpy_function_it_mirrors_gives(name, label, browser, numpy):
    numpy = float(numpy)
    if math.isnan(numpy):
        assert math.isnan(browser)
    else:
        assert browser == pytest.approx(numpy, rel=1e-12, abs=1e-300)


def test_embedded_spec_cannot_end_or_hide_its_script_element():
    hostile = {"mark": "text", "description": "</script><script>alert(1)</script><!-- <b>"}
    html = embed(hostile, "demo")
    start = html.index('type="application/json"')
    payload = html[html.index(">", start) + 1: html.index("</script>", start)]
    assert "<" not in payload
    assert json.loads(payload)["description"] == hostile["description"]


@pytest.mark.parametrize("outdir, error", [("", ValueError), ("   ", ValueError), (None, TypeError),
                                           (3, TypeError)])
def test_export_specs_needs_a_named_folder(outdir, error, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error, match="outdir"):
        export_specs(outdir)
    assert not list(tmp_path.iterdir())
