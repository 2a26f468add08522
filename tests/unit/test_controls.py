"""One declaration of every explorable parameter (meekbook.model.controls): every slider of every
in-page chart and of every live explorer is one of the declared controls (name, range, step,
starting value and label equal), and a control checks its own fields."""

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from meekbook.model.controls import CONTROLS, Control, control  # noqa: E402
from meekbook.notebook import explorers  # noqa: E402
from meekbook.notebook.widgets import control_widget  # noqa: E402
from meekbook.web import CHARTS, OTHER_CHARTS, chart_spec  # noqa: E402

ALL_CHARTS = {**CHARTS, **OTHER_CHARTS}
BUILDERS = sorted(n for n in explorers.__all__
                  if not n.endswith("_figure") and n not in ("find_artist", "UNCERTAINTY_INPUTS"))


def _close(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-15)


def chart_slider_matches(param: dict, c: Control) -> bool:
    """Whether a chart's slider parameter is the declared control ``c``."""
    bind = param["bind"]
    if c.scale == "log":
        expected = (f"log10_{c.name}", math.log10(c.default), math.log10(c.low), math.log10(c.high))
    else:
        expected = (c.name, c.default, c.low, c.high)
    name, value, low, high = expected
    return (param["name"] == name and bind["input"] == "range" and bind["name"] == c.label + " "
            and _close(param["value"], value) and _close(bind["min"], low) and _close(bind["max"], high)
            and _close(bind["step"], c.step))


def widget_matches(widget, c: Control) -> bool:
    """Whether an explorer's slider widget is the declared control ``c`` at its default."""
    kind = type(widget).__name__
    if widget.description != c.label:
        return False
    if c.scale == "log":
        return (kind == "FloatLogSlider" and widget.base == 10 and _close(widget.min, math.log10(c.low))
                and _close(widget.max, math.log10(c.high)) and _close(widget.step, c.step)
                and _close(widget.value, c.default))
    expected_kind = "IntSlider" if c.is_integer else "FloatSlider"
    return (kind == expected_kind and _close(widget.min, c.low) and _close(widget.max, c.high)
            and _close(widget.step, c.step) and _close(widget.value, c.default))


def chart_sliders(name: str) -> list[dict]:
    spec = chart_spec(ALL_CHARTS[name].build())
    return [p for p in spec["params"] if p.get("bind", {}).get("input") == "range"]


@pytest.fixture(scope="module")
def explorer_sliders():
    """builder -> {control argument: slider widget} at the default settings."""
    out = {}
    for name in BUILDERS:
        box = getattr(explorers, name)()
        try:
            out[name] = {key: w for key, w in box.controls.items()
                         if type(w).__name__ in ("FloatSlider", "FloatLogSlider", "IntSlider")}
        finally:
            plt.close(box.live.fig)
    return out


@pytest.mark.parametrize("name", sorted(ALL_CHARTS))
def test_every_chart_slider_is_a_declared_control(name):
    sliders = chart_sliders(name)
    assert sliders, name
    for param in sliders:
        matches = [key for key, c in CONTROLS.items() if chart_slider_matches(param, c)]
        assert matches, f"{name}: slider {param['name']} ({param['bind']}) is not a declared control"


def test_every_explorer_slider_is_a_declared_control(explorer_sliders):
    assert set(explorer_sliders) == set(BUILDERS) and len(BUILDERS) >= 10
    for name, sliders in explorer_sliders.items():
        assert sliders, name
        for key, widget in sliders.items():
            matches = [k for k, c in CONTROLS.items() if widget_matches(widget, c)]
            assert matches, (f"{name}: control {key} ({widget.description!r}, {widget.min}..{widget.max}"
                             f" step {widget.step}) is not a declared control")


def test_every_declared_control_is_used(explorer_sliders):
    """No stale declaration: each control is a slider of some chart or explorer."""
    used = set()
    for name in ALL_CHARTS:
        for param in chart_sliders(name):
            used |= {k for k, c in CONTROLS.items() if chart_slider_matches(param, c)}
    for sliders in explorer_sliders.values():
        for widget in sliders.values():
            used |= {k for k, c in CONTROLS.items() if widget_matches(widget, c)}
    assert set(CONTROLS) - used == set()


def test_a_slider_that_drifts_from_its_declaration_is_caught():
    """The matchers compare every field: a changed range, step, value or label no longer matches."""
    param = next(p for p in chart_sliders("loss_gap") if p["name"] == "g_investment")
    c = CONTROLS["g_investment"]
    assert chart_slider_matches(param, c)
    for field, value in (("max", 30), ("min", 1.0), ("step", 0.1), ("name", "g_i ")):
        drifted = {**param, "bind": {**param["bind"], field: value}}
        assert not chart_slider_matches(drifted, c), field
    assert not chart_slider_matches({**param, "value": 4.0}, c)
    widget = control_widget("g_investment")
    assert widget_matches(widget, c)
    widget.max = 25.0
    assert not widget_matches(widget, c)


def test_the_same_parameter_has_one_label_in_both_technologies(explorer_sliders):
    """A parameter that both a chart and an explorer show is labelled the same way in both."""
    chart_labels = {}
    for name in ALL_CHARTS:
        for param in chart_sliders(name):
            chart_labels.setdefault(param["name"].removeprefix("log10_"), set()).add(param["bind"]["name"].strip())
    explorer_labels = {}
    for sliders in explorer_sliders.values():
        for widget in sliders.values():
            for c in CONTROLS.values():
                if widget_matches(widget, c):
                    explorer_labels.setdefault(c.name, set()).add(widget.description)
    shared = set(chart_labels) & set(explorer_labels)
    assert {"g_investment", "g_algorithm", "g_hardware", "gamma", "alpha", "price_min"} <= shared
    for name in shared:
        assert explorer_labels[name] <= chart_labels[name], name


def test_log_controls_are_exponent_sliders_in_the_chart():
    param = next(p for p in chart_sliders("price_band") if p["name"] == "log10_price_min")
    assert param["value"] == math.log10(0.5)
    assert (param["bind"]["min"], param["bind"]["max"]) == (-2, 2)


@pytest.mark.parametrize("changes, error, words", [
    ({"low": 30.0}, ValueError, "low .* must be below high = 20; got 30.0"),
    ({"step": 0.0}, ValueError, "step"),
    ({"default": 50.0}, ValueError, r"default .* must be in \[1\.1, 20\]; got 50\.0"),
    ({"scale": "cubic"}, ValueError, "scale"),
    ({"low": float("nan")}, TypeError, "low"),
    ({"high": "20"}, TypeError, "high"),
    ({"label": None}, TypeError, "label"),
    ({"name": "not a name"}, ValueError, "name"),
])
def test_a_control_rejects_bad_fields(changes, error, words):
    fields = dict(name="g", low=1.1, high=20, step=0.01, default=3.0, label="g")
    fields.update(changes)
    with pytest.raises(error, match=words):
        Control(**fields)


def test_a_log_control_needs_a_positive_range():
    with pytest.raises(ValueError, match="> 0 on a log scale; got 0"):
        Control("p", 0, 10, 0.1, 1, "p", scale="log")


def test_unknown_control_and_out_of_range_start():
    with pytest.raises(ValueError, match="no_such"):
        control("no_such")
    with pytest.raises(TypeError, match="key must be a string"):
        control(3)
    with pytest.raises(ValueError, match=r"value of control 'gamma' must be in \[0\.05, 0\.4\]; got 0\.9"):
        control_widget("gamma", 0.9)
