"""The registry of in-page charts (:data:`CHARTS`), and how a page carries them: :func:`embed`
(HTML with the spec compiled to Vega and the book's embed, no CDN), :func:`show` in a notebook,
:func:`export_specs`."""

from __future__ import annotations

import html as _html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable


from ..files import refuse_symlinks, write_bytes_atomic
from ..validation import check_bool
from .uncertainty import uncertainty_chart
from .charts import (
    benchmark_scores_chart,
    caveats_chart,
    compute_law_chart,
    distinguishability_chart,
    gap_equation_chart,
    inference_chart,
    inflection_time_chart,
    stagnation_chart,
)
from .data_charts import governance_chart, price_band_chart

__all__ = [
    "ChartInfo", "CHARTS", "OTHER_CHARTS", "chart", "chart_spec", "embed", "show", "export_specs",
    "VENDOR_SCRIPTS", "standalone_page",
]


# ---------------------------------------------------------------------------------------------
# Registry, export and embedding
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChartInfo:
    """One interactive figure: its name, the chapter (notebook) it belongs to and its builder."""

    name: str
    chapter: str
    build: Callable[[], Any]
    #: The figure's accessible name (words; the page's aria-label of the chart).
    label: str = ""


#: Every interactive figure, by name (the key of ``window.meekbookViews`` in the page).
CHARTS: dict[str, ChartInfo] = {
    info.name: info
    for info in (
        ChartInfo("compute_law", "scaling_law", compute_law_chart,
                  "Chart: compute-optimal loss against training compute, for the sliders' law constants"),
        ChartInfo("loss_gap", "gap_equation", gap_equation_chart,
                  "Chart: loss gap between frontier and meek models over the years, with its peak"),
        ChartInfo("peak_time", "inflection_time", inflection_time_chart,
                  "Chart: loss gap over the years and the time of its peak"),
        ChartInfo("benchmark_gap", "benchmark_scores", benchmark_scores_chart,
                  "Chart: benchmark score gap in percentage points over the years, with its peak"),
        ChartInfo("token_threshold", "distinguishability", distinguishability_chart,
                  "Chart: tokens needed to tell the two models apart, over the years"),
        ChartInfo("inference_gap", "inference", inference_chart,
                  "Chart: loss gap with inference-time compute, and the catch-up time"),
        ChartInfo("stagnation", "stagnation_robustness", stagnation_chart,
                  "Chart: loss gap when frontier spending growth changes after a year"),
        ChartInfo("price_band", "empirical_check", price_band_chart,
                  "Chart: best benchmark score of all models and of models in a price band, by release date"),
        ChartInfo("own_progress", "caveats", caveats_chart,
                  "Chart: loss gap when the meek actor's own hardware and algorithms progress more slowly"),
        ChartInfo("thresholds", "governance", governance_chart,
                  "Chart: training compute of frontier and meek models by calendar year, against compute thresholds"),
    )
}


def _uncertainty_chart() -> Any:
    return uncertainty_chart(draws=1000, seed=0)


#: Interactive figures whose builder lives in their chapter's module (chapter
#: :ref:`uncertainty`: seeded Monte Carlo draws, not a closed form); exported like
#: :data:`CHARTS` by :func:`export_specs`.
OTHER_CHARTS: dict[str, ChartInfo] = {
    "uncertainty": ChartInfo("uncertainty", "uncertainty", _uncertainty_chart,
                                "Chart: distribution of the peak time and peak gap over uncertain inputs"),
}


def _check_name(name: object) -> ChartInfo:
    if not isinstance(name, str) or name not in CHARTS:
        raise ValueError(f"name must be one of {sorted(CHARTS)}; got {name!r}")
    return CHARTS[name]


def chart(name: str) -> Any:
    """The Altair chart of the interactive figure ``name`` (a key of :data:`CHARTS`)."""
    return _check_name(name).build()


def chart_spec(name_or_chart: Any, *, validate: bool = False) -> dict[str, Any]:
    """Vega-Lite spec (a dict) of a figure name or an Altair chart.

    ``validate=True`` also checks the spec against the Vega-Lite JSON schema (Altair's
    validation; the tests do this for every figure). It is off by default: it is slow, would run
    in every chapter's kernel, and the figures' code does not change between runs.
    """
    obj = chart(name_or_chart) if isinstance(name_or_chart, str) else name_or_chart
    if not hasattr(obj, "to_dict"):
        raise TypeError(f"name_or_chart must be a chart name or an Altair chart; got {type(obj).__name__}")
    return obj.to_dict(validate=check_bool("validate", validate))


def _spec_json(spec: dict[str, Any]) -> str:
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), allow_nan=False)


_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

#: The figures' CSS. A slider row is its name, the range input and the value. Where the figure is
#: wide (the book's column on a desktop) they share one line, the names in a column of 16em
#: (a long name wraps inside it); where it is 520 px or narrower (a phone) the name takes a line
#: of its own and the input, sized by flex, shares the next with the value, so nothing is wider
#: than the figure. A container query: it is the figure's width that counts, not the window's.
#: Range inputs, checkboxes and the reset button are at least 24 px tall (touch targets).
_STYLE = (
    ".meekbook-explorable{width:100%;max-width:720px;margin:0.5em 0 1em;container-type:inline-size}"
    ".meekbook-explorable .vega-embed{width:100%;position:relative}"
    ".meekbook-explorable .vega-bindings{display:flex;flex-direction:column;gap:6px;font-size:0.85em;margin-top:.5em}"
    ".meekbook-explorable .vega-bind label{display:flex;flex-wrap:wrap;align-items:center;gap:2px .5em;margin:0}"
    ".meekbook-explorable .vega-bind-name{flex:0 0 16em;min-width:0}"
    ".meekbook-explorable .vega-bind input[type=range]{flex:0 1 11em;width:11em;min-width:0;margin:0;"
    "height:24px;min-height:24px}"
    ".meekbook-explorable .vega-bind input[type=checkbox]{width:24px;height:24px;margin:0}"
    ".meekbook-explorable .meekbook-readout{flex:0 0 auto;min-width:5.5em;white-space:nowrap}"
    ".meekbook-explorable .meekbook-reset{align-self:flex-start;min-height:32px;padding:4px 12px;"
    "font:inherit;cursor:pointer}"
    ".meekbook-explorable .meekbook-chart-summary{font-size:0.85em;margin:.25em 0 0}"
    "@container (max-width:520px){"
    ".meekbook-explorable .vega-bind-name{flex:1 0 100%}"
    ".meekbook-explorable .vega-bind input[type=range]{flex:1 1 auto;width:auto}}"
)


def _vega_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The Vega spec the page runs: a Vega-Lite spec compiled by ``vl-convert`` (offline, no
    browser), a Vega spec (``$schema`` of Vega) as it is."""
    if "/schema/vega/" in str(spec.get("$schema", "")):
        return spec
    import vl_convert

    version = str(spec.get("$schema", "")).rsplit("/v", 1)[-1].removesuffix(".json")
    major_minor = ".".join(version.split(".")[:2]) if version[:1].isdigit() else None
    kwargs = {"vl_version": major_minor} if major_minor else {}
    return vl_convert.vegalite_to_vega(spec, **kwargs)


def _chart_info(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    """What the page's embed needs besides the spec: the figure's accessible name and, for each
    slider of the spec, its control's unit and scale (:mod:`meekbook.model.controls`)."""
    from ..model.controls import CONTROLS

    info = CHARTS.get(name) or OTHER_CHARTS.get(name)
    label = info.label if info is not None and info.label else str(spec.get("description") or "")
    units = {}
    for c in CONTROLS.values():
        units[c.name] = {"unit": c.unit, "log": False}
        if c.scale == "log":
            units[f"log10_{c.name}"] = {"unit": c.unit, "log": True}
    bound = [s.get("name") for s in spec.get("signals", []) if isinstance(s, dict) and "bind" in s]
    return {"label": label or f"Interactive figure {name}",
            "controls": {b: units[b] for b in bound if b in units}}


def embed(chart_or_spec: Any, name: str) -> str:
    """HTML that draws a chart in the page with the book's embed (``meekbookEmbed``, Vega only).

    The Vega-Lite spec is compiled to Vega here (when the chapter runs), so the page loads only
    the Vega runtime and the book's small embed script (``book/_vendor/vega/``, added by the
    Sphinx extension ``meekbook_explorable``; nothing from a CDN). The snippet is a ``<div>``,
    the Vega spec as inline JSON and a script that calls ``meekbookEmbed`` and stores the view
    in ``window.meekbookViews[name]``. Deterministic: same chart, same HTML.

    Parameters
    ----------
    chart_or_spec : altair chart or dict
        The chart, or its Vega-Lite (or Vega) spec.
    name : str
        Identifier of the figure on the page (letters, digits, ``_``, ``-``).

    Examples
    --------
    >>> snippet = embed({"mark": "point"}, "demo")
    >>> 'id="meekbook-explorable-demo"' in snippet, "cdn" in snippet
    (True, False)
    """
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ValueError(f"name must be letters, digits, '_' or '-' (starting with a letter); got {name!r}")
    spec = _vega_spec(chart_or_spec if isinstance(chart_or_spec, dict) else chart_spec(chart_or_spec))
    # every "<" as its JSON escape: no "</script>" or "<!--" can end or hide the script element
    payload = _spec_json(spec).replace("<", "\\u003c")
    info = _spec_json(_chart_info(name, spec)).replace("<", "\\u003c")
    div_id = f"meekbook-explorable-{name}"
    return (
        f'<style>{_STYLE}</style>\n'
        f'<div class="meekbook-explorable" id="{div_id}" data-chart="{_html.escape(name)}">'
        '<p class="meekbook-explorable-fallback">Interactive figure: it is drawn in the HTML book, '
        "which carries the Vega scripts it needs (in a notebook, use the Python explorer below; "
        "the numbered figures show the paper's setting).</p></div>\n"
        f'<script type="application/json" id="{div_id}-spec">{payload}</script>\n'
        "<script>\n(function () {\n"
        f'  var name = "{name}", id = "{div_id}", info = {info};\n'
        "  function run() {\n"
        "    var el = document.getElementById(id);\n"
        "    if (!el || el.getAttribute('data-embedded')) return;\n"
        "    if (typeof meekbookEmbed === 'undefined' || typeof vega === 'undefined') {\n"
        "      return;   // the fallback text stays\n"
        "    }\n"
        "    el.setAttribute('data-embedded', '1');\n"
        "    el.textContent = '';\n"
        "    var spec = JSON.parse(document.getElementById(id + '-spec').textContent);\n"
        "    window.meekbookViews = window.meekbookViews || {};\n"
        "    window.meekbookEmbeds = window.meekbookEmbeds || {};\n"
        "    window.meekbookEmbeds[name] = meekbookEmbed(el, spec, info).then(function (view) {\n"
        "      window.meekbookViews[name] = view;\n"
        "      return {view: view};\n"
        "    });\n"
        "  }\n"
        "  // at once: the figure's element is just above and the runtime was loaded in the head, so\n"
        "  // the figure need not wait for the page's deferred scripts (MathJax, the theme)\n"
        "  if (document.getElementById(id)) run();\n"
        "  else document.addEventListener('DOMContentLoaded', run);\n"
        "})();\n</script>\n"
    )


def show(name_or_chart: Any, name: str | None = None) -> None:
    """Display an interactive figure in a notebook (HTML output only, no text repr).

    ``show("loss_gap")`` shows a figure of :data:`CHARTS`; ``show(chart, "my_name")`` any
    Altair chart.
    """
    from IPython.display import display

    if isinstance(name_or_chart, str):
        _check_name(name_or_chart)
        html = embed(chart(name_or_chart), name or name_or_chart)
    else:
        if name is None:
            raise ValueError("name is required when showing a chart object; got None")
        html = embed(name_or_chart, name)
    display({"text/html": html}, raw=True)


def export_specs(outdir: str | Path) -> list[Path]:
    """Write every figure (:data:`CHARTS` and ``OTHER_CHARTS``) as standalone Vega-Lite
    JSON, ``<outdir>/<chapter>-<name>.vl.json``.

    Data are inline; output is deterministic (sorted keys). Returns the paths written.

    Raises
    ------
    TypeError
        If ``outdir`` is not a string or path.
    ValueError
        If ``outdir`` is empty (a folder must be named; "" would mean the current one).
    """
    if not isinstance(outdir, (str, Path)):
        raise TypeError(f"outdir must be a folder path (str or Path); got {type(outdir).__name__}")
    if not str(outdir).strip():
        raise ValueError(f"outdir must name a folder; got {outdir!r}")
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise ValueError(f"outdir {str(out)!r} exists and is not a folder; give a folder path")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ValueError(f"outdir {str(out)!r} cannot be created: {err.strerror or err}") from None
    infos = (*CHARTS.values(), *OTHER_CHARTS.values())
    paths = [out / f"{info.chapter}-{info.name}.vl.json" for info in infos]
    refuse_symlinks(paths)                      # before anything is written
    for info, path in zip(infos, paths):
        spec = chart_spec(info.name if info.name in CHARTS else info.build())
        text = json.dumps(spec, sort_keys=True, indent=1, allow_nan=False) + "\n"
        write_bytes_atomic(path, text.encode("utf8"))
    return paths


#: The scripts of a page with figures, in load order (files of ``book/_vendor/vega/``): the
#: Vega runtime (a build of Vega with the transforms the figures use, see ``VENDORED.txt``) and
#: the book's embed.
VENDOR_SCRIPTS: tuple[str, ...] = ("vega-meekbook.min.js", "meekbook-embed.js")


def standalone_page(names: list[str] | tuple[str, ...], script_base: str, body: str = "",
                    width: int = 640) -> str:
    """A minimal HTML page embedding the figures ``names`` (for tests and benchmarks).

    ``script_base`` is the URL (relative or ``file://``) of the folder that holds
    :data:`VENDOR_SCRIPTS`; ``body`` is extra HTML appended at the end (e.g. a script that
    reads the views).
    """
    scripts = "".join(f'<script src="{script_base.rstrip("/")}/{f}"></script>\n' for f in VENDOR_SCRIPTS)
    charts = "".join(embed(chart(n), n) for n in names)
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>meekbook explorables</title>\n"
        f"{scripts}</head>\n<body style=\"width:{int(width)}px\">\n{charts}{body}</body></html>\n"
    )
