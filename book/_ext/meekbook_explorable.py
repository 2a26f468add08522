"""Sphinx extension: the interactive (Vega-Lite) figures of :mod:`meekbook.web`.

1. Pages whose body holds a figure made by :func:`meekbook.web.embed` (a
   ``<div class="meekbook-explorable">``) get the Vega runtime and the book's embed
   (:data:`meekbook.web.VENDOR_SCRIPTS`; no Vega-Lite: the chapters' cells compiled their specs
   to Vega), in that order, from ``<html>/vega/`` (``book/_vendor/vega/``, copied by
   ``html_extra_path``; see its ``VENDORED.txt``). The URLs are relative to the page, so the
   site works under any sub-path; nothing loads from another host. Other pages load nothing.
   (The scripts are deliberately not in a ``_static`` folder: Jupyter Book injects every
   ``*.js`` found there into every page, in no fixed order.)
2. Every figure a chapter page draws is also written as standalone Vega JSON (data
   inline) to ``<html>/_explorers/<chapter>-<name>.vg.json``: the spec the chapter's own cell
   computed with :mod:`meekbook.web` and compiled to Vega (the page carries it as inline JSON).
   (:func:`meekbook.web.export_specs` writes the Vega-Lite specs.) Nothing is recomputed here (rebuilding
   every figure at the end of the build would cost seconds of a single core). When the build
   finishes, a figure of :mod:`meekbook.web` that no page drew is a warning (an error
   under ``-W``).
3. On every page, each static figure (an ``<img>`` of a file, not already inside a link) becomes
   a link to its full-size image, opened in the same tab (``a.meekbook-enlarge``; the book's CSS
   adds "Tap the figure to enlarge it" on narrow screens): on a phone the retina figures are
   shrunk to the column and their text would be too small to read. (Sphinx already links
   each scaled image; those are left as they are.) Two fixes of generated markup for
   accessibility: :func:`accessible_body`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

MARKER = 'class="meekbook-explorable"'
VENDOR_URL_DIR = "../vega"   # relative to _static/, where Sphinx resolves add_js_file paths
#: The inline spec :func:`meekbook.web.embed` puts next to each figure.
SPEC_RE = re.compile(r'<script type="application/json" id="meekbook-explorable-([A-Za-z][\w-]*)-spec">'
                     r"(.*?)</script>", re.S)


#: An image of a file (not a data: URI): the whole tag and its src.
IMG_RE = re.compile(r'<img\b[^>]*?\bsrc="(?!data:)([^"]+\.(?:png|jpe?g|svg|gif|webp))"[^>]*>', re.I)


def _inside_link(html: str, pos: int) -> bool:
    """Whether position ``pos`` of ``html`` is inside an ``<a>`` element."""
    before = html[:pos]
    return before.rfind("<a ") > before.rfind("</a>")


def link_images(body: str) -> str:
    """``body`` with each image of a file not already in a link wrapped in a link to the file.

    >>> link_images('<p><img alt="x" src="_images/f.png" /></p>')
    '<p><a class="meekbook-enlarge" href="_images/f.png"><img alt="x" src="_images/f.png" /></a></p>'
    """
    out, last = [], 0
    for m in IMG_RE.finditer(body):
        if _inside_link(body, m.start()):
            continue
        out.append(body[last:m.start()])
        out.append(f'<a class="meekbook-enlarge" href="{m.group(1)}">{m.group(0)}</a>')
        last = m.end()
    out.append(body[last:])
    return "".join(out)


def accessible_body(body: str) -> str:
    """``body`` with two fixes of generated markup that axe-core reports as serious.

    * myst-nb's toggle of a hidden cell, ``<summary aria-label="Toggle hidden content">``, whose
      name hides its visible words ("Show code cell source"): the label is dropped, so the
      name is the words (WCAG 2.5.3, label in name).
    * a DataFrame table, which the book's CSS lets scroll sideways, gets ``tabindex="0"``: a
      keyboard can then scroll it (WCAG 2.1.1).

    >>> accessible_body('<summary aria-label="Toggle hidden content"><table class="dataframe">')
    '<summary><table tabindex="0" class="dataframe">'
    """
    return (body.replace('<summary aria-label="Toggle hidden content">', "<summary>")
            .replace('<table class="dataframe', '<table tabindex="0" class="dataframe'))


def _add_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    body = accessible_body(context.get("body", ""))
    if "<img" in body:
        body = link_images(body)
    context["body"] = body
    if MARKER not in body:
        return
    from meekbook.web import VENDOR_SCRIPTS

    for i, name in enumerate(VENDOR_SCRIPTS):
        # called during html-page-context, add_js_file affects this page only
        app.add_js_file(f"{VENDOR_URL_DIR}/{name}", priority=400 + i)
    if app.builder.format == "html":
        _write_specs(Path(app.outdir) / "_explorers", pagename.rsplit("/", 1)[-1], body)


def _write_specs(outdir: Path, chapter: str, body: str) -> None:
    """Write each figure's inline spec found in a page body to ``outdir/<chapter>-<name>.vg.json``."""
    outdir.mkdir(parents=True, exist_ok=True)
    for name, payload in SPEC_RE.findall(body):
        spec = json.loads(payload)
        (outdir / f"{chapter}-{name}.vg.json").write_text(
            json.dumps(spec, sort_keys=True, indent=1, allow_nan=False) + "\n", encoding="utf8")


def _export(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from meekbook.web import CHARTS, OTHER_CHARTS

    out = Path(app.outdir) / "_explorers"
    expected = {f"{i.chapter}-{i.name}.vg.json" for i in (*CHARTS.values(), *OTHER_CHARTS.values())}
    written = {p.name for p in out.glob("*.vg.json")}
    for missing in sorted(expected - written):
        logger.warning("meekbook_explorable: no page drew the figure %s (its chapter must call "
                       "meekbook.web.show)", missing.removesuffix(".vg.json"))
    logger.info("meekbook_explorable: %d Vega specs in %s", len(written), out)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _add_scripts)
    app.connect("build-finished", _export)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
