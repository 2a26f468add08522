"""Sphinx extension: the interactive (Vega-Lite) figures of :mod:`meekbook.explorable`.

1. Pages whose body holds a figure made by :func:`meekbook.explorable.embed` (a
   ``<div class="meekbook-explorable">``) get the vendored Vega, Vega-Lite and vega-embed
   scripts, in that order, from ``<html>/vega/`` (``book/_vendor/vega/``, copied by
   ``html_extra_path``; see its ``VENDORED.txt``). The URLs are relative to the page, so the
   site works under any sub-path; nothing loads from another host. Other pages load nothing.
   (The scripts are deliberately not in a ``_static`` folder: Jupyter Book injects every
   ``*.js`` found there into every page, in no fixed order.)
2. When an HTML build finishes, every figure is written as standalone Vega-Lite JSON (data
   inline) to ``<html>/_explorers/<chapter>-<name>.vl.json``, generated from
   :mod:`meekbook.explorable` directly (deterministic).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

MARKER = 'class="meekbook-explorable"'
VENDOR_URL_DIR = "../vega"   # relative to _static/, where Sphinx resolves add_js_file paths


def _add_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    if MARKER not in context.get("body", ""):
        return
    from meekbook.explorable import VENDOR_SCRIPTS

    for i, name in enumerate(VENDOR_SCRIPTS):
        # called during html-page-context, add_js_file affects this page only
        app.add_js_file(f"{VENDOR_URL_DIR}/{name}", priority=400 + i)


def _export(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from meekbook.explorable import export_specs

    out = Path(app.outdir) / "_explorers"
    written = export_specs(out)
    logger.info("meekbook_explorable: wrote %d Vega-Lite specs to %s", len(written), out)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _add_scripts)
    app.connect("build-finished", _export)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
