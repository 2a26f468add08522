"""Accessibility: the interactive figures (names, text summaries, readouts, reset, touch targets,
readable axes) and axe-core on every page of the built book.

1. A harness page embeds every figure as a chapter does (:func:`meekbook.web.standalone_page`,
   the vendored scripts of ``book/_vendor/vega/``) in a phone's column (358 px of a 390 px
   window) and checks each: an accessible name on the figure and its canvas, a polite live
   text summary that changes when a slider moves (as a user moves it: an ``input`` event) and
   comes back with the reset button, which restores every slider; readouts rounded to the
   slider's step; range inputs and checkboxes at least 24 px (WCAG 2.2 target size); every axis
   with at least two tick labels; the price band kept valid when "from" passes "to".
2. axe-core (``tests/book/axe/``, vendored from npm, see its ``VENDORED.txt``) is injected
   through the DevTools helper into every page of the built book (``scripts/build.sh`` or the
   test build of ``tests/book/test_book.py``; skipped when there is none): no critical or
   serious finding on an element of the book's own content (the article). Findings on the
   theme's chrome (navigation bars, sidebars, header buttons) are written to
   ``_build/a11y-theme-findings.json`` for the report, not failed.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from chromium import CHROMIUM, Chromium, book_pages, built_html, serve_folder

from meekbook import web as explorable

pytestmark = pytest.mark.slow

from support import ROOT  # noqa: E402

VENDOR = ROOT / "book" / "_vendor" / "vega"
AXE = ROOT / "tests" / "book" / "axe" / "axe.min.js"

#: Moves the first slider of each figure to its maximum (an input event, as a hand would), then
#: presses reset; records what the tests look at.
CHART_JS = r"""
(async () => {
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const out = {};
  for (const name of Object.keys(window.meekbookEmbeds)) {
    const view = (await window.meekbookEmbeds[name]).view;
    const el = document.getElementById('meekbook-explorable-' + name);
    const canvas = el.querySelector('canvas');
    const summary = el.querySelector('.meekbook-chart-summary');
    const rec = {role: el.getAttribute('role'), label: el.getAttribute('aria-label'),
                 canvas_role: canvas && canvas.getAttribute('role'),
                 canvas_label: canvas && canvas.getAttribute('aria-label'),
                 live: summary && summary.getAttribute('aria-live'),
                 summary0: summary && summary.textContent, ranges: [], checkboxes: [], axes: []};
    el.querySelectorAll('input[type=range]').forEach(i => {
      const b = i.getBoundingClientRect(), shown = i.nextElementSibling;
      rec.ranges.push({name: i.name, step: i.step, height: b.height, shown: shown.textContent,
                       tag: shown.tagName, valuetext: i.getAttribute('aria-valuetext')});
    });
    el.querySelectorAll('input[type=checkbox]').forEach(i => {
      const b = i.getBoundingClientRect(); rec.checkboxes.push([b.width, b.height]);
    });
    (function walk(node) {
      if (!node || !node.items) return;
      if (node.role === 'axis') {
        node.items.forEach(axis => {
          let n = 0, labelled = false;      // grid-only axes (Vega-Lite draws grids apart) have no labels
          (function count(m) {
            if (!m || !m.items) return;
            if (m.role === 'axis-label') {
              labelled = true;
              m.items.forEach(it => { if (it.opacity !== 0 && it.text !== '') n++; });
            } else m.items.forEach(count);
          })(axis);
          if (labelled) rec.axes.push(n);
        });
        return;
      }
      node.items.forEach(walk);
    })(view.scenegraph().root);
    const before = {};
    el.querySelectorAll('.vega-bind input').forEach(i => { before[i.name] = view.signal(i.name); });
    const input = el.querySelector('input[type=range]');
    input.value = input.max;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    await sleep(600);
    rec.moved = input.name;
    rec.summary1 = summary.textContent;
    el.querySelector('button.meekbook-reset').click();
    await sleep(600);
    rec.reset_ok = Object.keys(before).every(k => JSON.stringify(view.signal(k)) === JSON.stringify(before[k]));
    rec.summary2 = summary.textContent;
    out[name] = rec;
  }
  return out;
})()
"""


@pytest.fixture(scope="module")
def charts() -> dict:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (scripts/setup.sh installs it)")
    names = [*explorable.CHARTS]
    page = explorable.standalone_page(names, VENDOR.as_uri(), width=358)
    page += "".join(explorable.embed(info.build(), info.name) for info in explorable.OTHER_CHARTS.values())
    with tempfile.TemporaryDirectory(prefix="meekbook-a11y-") as tmp:
        path = Path(tmp) / "charts.html"
        path.write_text(page.replace("</body></html>\n", "") + "</body></html>\n", encoding="utf8")
        with Chromium(CHROMIUM, timeout=180) as browser:
            view = browser.open(path.as_uri(), width=390, height=3000, mobile=True,
                                evaluate={"charts": CHART_JS})
    assert not view.error and not view.console_errors, (view.error, view.console_errors)
    return view.results["charts"]


def _decimals(step: str) -> int:
    """Digits after the point of a step written as HTML writes it ("0.01", "1e-9")."""
    mantissa, _, exponent = step.lower().partition("e-")
    return (len(mantissa.split(".", 1)[1]) if "." in mantissa else 0) + (int(exponent) if exponent else 0)


def test_every_figure_is_drawn(charts):
    assert set(charts) == {*explorable.CHARTS, *explorable.OTHER_CHARTS}


def test_accessible_name_and_live_summary(charts):
    for name, rec in charts.items():
        assert rec["role"] == "figure" and rec["label"].startswith("Chart: "), (name, rec["label"])
        assert rec["canvas_role"] == "img" and rec["canvas_label"] == rec["label"], name
        assert rec["live"] == "polite", name
        assert len(rec["summary0"]) > 10, (name, rec["summary0"])


def test_summary_follows_the_sliders_and_reset_restores_the_paper(charts):
    for name, rec in charts.items():
        assert rec["summary1"] != rec["summary0"], (name, rec["moved"], rec["summary0"])
        assert rec["reset_ok"], name
        assert rec["summary2"] == rec["summary0"], (name, rec["summary2"], rec["summary0"])


def test_readouts_rounded_to_the_step(charts):
    for name, rec in charts.items():
        for r in rec["ranges"]:
            assert r["tag"] == "OUTPUT" and r["valuetext"] == r["shown"], (name, r)
            number = re.search(r"-?\d+(?:\.(\d+))?(?:e-?\d+)?", r["shown"].replace(",", ""))
            assert number, (name, r)
            if r["name"].startswith("log10_"):     # a price, a factor: three significant digits
                assert len(re.sub(r"\D", "", number.group(0).split("e")[0]).lstrip("0")) <= 3, (name, r)
            elif "e" not in number.group(0):
                assert len(number.group(1) or "") <= _decimals(r["step"]), (name, r)


def test_price_band_readouts_in_dollars_and_band_kept_valid(charts):
    rec = charts["price_band"]
    assert [r["shown"] for r in rec["ranges"]] == ["$0.5", "$1"]
    # "from" moved to $100, above "to": the note says how the band is read, the line stays
    assert rec["moved"] == "log10_price_min"
    assert "price band: $1 to $100" in rec["summary1"] and "read as this band" in rec["summary1"]


def test_touch_targets_at_least_24px(charts):
    for name, rec in charts.items():
        assert all(r["height"] >= 24 for r in rec["ranges"]), (name, rec["ranges"])
        assert all(w >= 24 and h >= 24 for w, h in rec["checkboxes"]), (name, rec["checkboxes"])


def test_axes_have_readable_ticks_on_a_phone(charts):
    for name, rec in charts.items():
        assert rec["axes"] and min(rec["axes"]) >= 2, (name, rec["axes"])


# --------------------------------------------------------------------------------------------
# axe-core on every page of the built book
# --------------------------------------------------------------------------------------------
#: The theme's chrome: findings on elements inside these are the theme's, not the book's.
THEME = (".bd-header", ".bd-sidebar-primary", ".bd-sidebar-secondary", ".header-article",
         ".bd-footer", ".bd-footer-article", ".prev-next-area", ".bd-header-article", ".search-button",
         ".theme-switch-button", ".bd-search", ".skip-link", "#pst-back-to-top", ".bd-footer-content")

#: Markup that Sphinx writes, not the book: its bibliography list (role=list holding the
#: citations' back-links). Findings on it are listed with the theme's.
TOOLING = (".citation-list",)

AXE_RUN = r"""
(async () => {
  const theme = %s;
  const result = await axe.run(document, {resultTypes: ['violations']});
  const out = [];
  for (const v of result.violations) {
    if (v.impact !== 'critical' && v.impact !== 'serious') continue;
    for (const node of v.nodes) {
      const el = document.querySelector(node.target[0]);
      const owner = el && theme.some(sel => el.closest(sel)) ? 'theme'
                  : (el && el.closest('article, .bd-article') ? 'book' : 'theme');
      out.push({rule: v.id, impact: v.impact, owner: owner, target: node.target.join(' '),
                html: node.html.slice(0, 160), summary: (node.failureSummary || '').slice(0, 200)});
    }
  }
  return out;
})()
"""


@pytest.fixture(scope="module")
def axe_findings() -> dict[str, list[dict]]:
    html_dir = built_html(ROOT)
    if html_dir is None:
        pytest.skip("no built book (bash scripts/build.sh, or tests/book/test_book.py)")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (scripts/setup.sh installs it)")
    axe = AXE.read_text(encoding="utf8")
    run = AXE_RUN % json.dumps(list(THEME + TOOLING))
    found = {}
    with serve_folder(html_dir) as base, Chromium(CHROMIUM, timeout=180) as browser:
        for rel in book_pages(html_dir):
            view = browser.open(base + rel, width=1280, height=2000,
                                evaluate={"inject": axe + "\n;true", "axe": run})
            assert not view.error, (rel, view.error)
            found[rel] = view.results["axe"]
    theme = {rel: [f for f in fs if f["owner"] == "theme"] for rel, fs in found.items()}
    (ROOT / "_build").mkdir(exist_ok=True)
    (ROOT / "_build" / "a11y-theme-findings.json").write_text(
        json.dumps({rel: fs for rel, fs in theme.items() if fs}, indent=1), encoding="utf8")
    return found


def test_axe_finds_nothing_serious_in_the_books_own_html(axe_findings):
    assert len(axe_findings) >= 10
    book = {rel: [(f["rule"], f["target"], f["html"]) for f in fs if f["owner"] == "book"]
            for rel, fs in axe_findings.items()}
    assert not {rel: fs for rel, fs in book.items() if fs}
