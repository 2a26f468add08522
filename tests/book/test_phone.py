"""Reading the built book on a phone (390 CSS px, touch): equations and figures.

Every page of the built book (``scripts/build.sh`` or the test build of
``tests/book/test_book.py``; skipped when there is none) is opened in headless Chromium at
390 x 844 px, mobile, and measured:

* **Display equations**: an equation is *clipped* when its box (``div.math``, or the MathJax
  ``mjx-container`` inside it) holds more than it shows (``scrollWidth > clientWidth``) and
  nothing tells the reader: the box does not scroll sideways, or it scrolls but shows no cue
  (phones hide scroll bars; the book's CSS draws a shadow on the side with more equation). The
  count must be 0. An equation number sits below its equation, not beside it.
* **Static figures**: the text of a figure shown at column width is measured in CSS px from its
  smallest font (9 pt in the chapters' matplotlib figures) and the image's resolution (the
  retina PNGs are 200 px per inch, shown at half their pixels on a desktop); text under 9 px is
  unreadable, so such a figure must be a link to its full image (tap to enlarge, same tab:
  Sphinx links a scaled image to its file, the book's extension links any other), where the text
  is at least 9 px.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium import CHROMIUM, Chromium, book_pages, built_html, serve_folder

pytestmark = pytest.mark.slow

from support import ROOT  # noqa: E402

#: Smallest font of the chapters' figures (points) and the retina PNGs' pixels per inch
#: (meekbook.plots.style: figure.dpi 100, stored at twice the pixels).
SMALLEST_PT, RETINA_PPI, SAVEFIG_PPI = 9.0, 200.0, 150.0
#: Smallest readable text (CSS px).
READABLE_PX = 9.0

MEASURE = r"""
(() => {
  const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const cue = el => /gradient/.test(getComputedStyle(el).backgroundImage);
  const equations = [];
  for (const box of document.querySelectorAll('div.math')) {
    if (!box.offsetParent) continue;                        // hidden (a folded solution)
    const mjx = box.querySelector('mjx-container');
    const eqno = box.querySelector(':scope > span.eqno');
    const cut = (el) => el && el.scrollWidth > el.clientWidth + 1;
    // cut and neither scrolling nor showing that it does (phones hide scroll bars)
    const clipped = [box, mjx].some(el => cut(el) && !(scrolls(el) && cue(el)));
    let numberBelow = null;
    if (eqno && mjx) numberBelow = eqno.getBoundingClientRect().top >= mjx.getBoundingClientRect().bottom - 1;
    equations.push({text: (box.textContent || '').trim().slice(0, 50), clipped, numberBelow,
                    wide: cut(mjx) || cut(box)});
  }
  const figures = [];
  for (const img of document.querySelectorAll('article img')) {
    if (!img.naturalWidth || img.closest('.meekbook-explorable') || img.clientWidth < 100) continue;
    const link = img.closest('a');
    const retina = img.getAttribute('width') && Math.abs(2 * Number(img.getAttribute('width')) - img.naturalWidth) <= 2;
    figures.push({src: img.getAttribute('src'), natural: img.naturalWidth, shown: img.clientWidth, retina: !!retina,
                  link: link ? link.getAttribute('href') : null, enlarge: !!(link && link.classList.contains('meekbook-enlarge')),
                  newTab: !!(link && link.getAttribute('target'))});
  }
  return {equations, figures};
})()
"""


@pytest.fixture(scope="module")
def phone_pages() -> dict[str, dict]:
    html_dir = built_html(ROOT)
    if html_dir is None:
        pytest.skip("no built book (bash scripts/build.sh, or tests/book/test_book.py)")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (scripts/setup.sh installs it)")
    out = {}
    with serve_folder(html_dir) as base, Chromium(CHROMIUM, timeout=180) as browser:
        for rel in book_pages(html_dir):
            view = browser.open(base + rel, width=390, height=844, mobile=True, evaluate={"m": MEASURE})
            assert not view.error, (rel, view.error)
            out[rel] = view.results["m"]
    return out


def text_px(fig: dict) -> float:
    """CSS px of the figure's smallest text as shown in the column."""
    ppi = RETINA_PPI if fig["retina"] else SAVEFIG_PPI
    return SMALLEST_PT / 72.0 * ppi * fig["shown"] / fig["natural"]


def test_the_measure_sees_equations_and_figures(phone_pages):
    assert sum(len(p["equations"]) for p in phone_pages.values()) >= 30
    assert sum(len(p["figures"]) for p in phone_pages.values()) >= 20
    # wide equations exist at 390 px: the clipping check below has something to judge
    assert any(e["wide"] for p in phone_pages.values() for e in p["equations"])


def test_no_equation_is_clipped_without_a_cue(phone_pages):
    clipped = {rel: [e["text"] for e in p["equations"] if e["clipped"]] for rel, p in phone_pages.items()}
    assert not {rel: c for rel, c in clipped.items() if c}


def test_equation_numbers_below_the_equation(phone_pages):
    beside = {rel: [e["text"] for e in p["equations"] if e["numberBelow"] is False]
              for rel, p in phone_pages.items()}
    assert not {rel: b for rel, b in beside.items() if b}


def test_figures_readable_or_enlargeable(phone_pages):
    bad = []
    for rel, p in phone_pages.items():
        for fig in p["figures"]:
            if text_px(fig) >= READABLE_PX:
                continue
            full = SMALLEST_PT / 72.0 * (RETINA_PPI if fig["retina"] else SAVEFIG_PPI)
            # a link to the image itself (Sphinx's link on a scaled image, or the book's), same tab
            if not (fig["link"] == fig["src"] and not fig["newTab"] and full >= READABLE_PX):
                bad.append((rel, fig["src"], round(text_px(fig), 1)))
    assert not bad
