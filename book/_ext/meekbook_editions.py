"""The ``explore-table`` directive: what each chapter offers to explore, read from its golden.

The course guide (``book/course.md``) says which chapters have an in-page chart (a Vega figure of
:mod:`meekbook.web`: it works in the static page, no kernel needed) and which have a Python
explorer (ipywidgets: it needs a running kernel). Both are read from the executed golden
``notebooks/NAME.ipynb`` of every chapter in ``_toc.yml``, so the guide cannot disagree with the
chapters.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import book_toc  # noqa: E402  (scripts/book_toc.py: the one _toc.yml walker)

#: What :func:`meekbook.web.embed` writes around an in-page chart.
CHART_MARKER = 'class="meekbook-explorable"'
#: A cell that starts an ipywidgets explorer of :mod:`meekbook.notebook.explorers` (the static
#: ``*_figure`` functions draw its default view and need no kernel).
LIVE_CALL = re.compile(r"\bexplorers\.(?!\w*_figure\()\w+\(")
LABEL = re.compile(r"^\(([\w-]+)\)=", re.M)


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def explore_row(notebook: Path) -> tuple[str, bool, bool]:
    """(label, has an in-page chart, has a kernel explorer) of one executed chapter notebook.

    Parameters
    ----------
    notebook : Path
        A golden ``notebooks/NAME.ipynb``.

    Returns
    -------
    tuple of (str, bool, bool)
        The chapter's label (its first ``(label)=``), whether an output holds an in-page chart,
        and whether an ``html-only`` cell starts an ipywidgets explorer.
    """
    nb = json.loads(notebook.read_text(encoding="utf8"))
    label, chart, live = "", False, False
    for cell in nb.get("cells", []):
        source = _text(cell.get("source"))
        if not label and cell.get("cell_type") == "markdown" and LABEL.search(source):
            label = LABEL.search(source).group(1)
        if cell.get("cell_type") != "code":
            continue
        for out in cell.get("outputs", []):
            if CHART_MARKER in _text(out.get("data", {}).get("text/html")):
                chart = True
        if "html-only" in cell.get("metadata", {}).get("tags", []) and LIVE_CALL.search(source):
            live = True
    if not label:
        raise ValueError(f"{notebook}: no (label)= line before the chapter title")
    return label, chart, live


class ExploreTable(SphinxDirective):
    """A table: each chapter, its in-page chart and its kernel explorer (no arguments)."""

    def run(self) -> list[nodes.Node]:
        srcdir = Path(self.env.srcdir)
        lines = ["| Chapter | In-page chart (no kernel needed) | Python explorer (needs a kernel) |",
                 "|:--|:-:|:-:|"]
        for name in book_toc.chapters(srcdir / "_toc.yml"):
            path = srcdir / "notebooks" / f"{name}.ipynb"
            self.env.note_dependency(str(path))
            label, chart, live = explore_row(path)
            lines.append(f"| {{ref}}`{label}` | {'yes' if chart else '—'} | "
                         f"{'yes' if live else '—'} |")
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source="explore-table"), self.content_offset,
                                container)
        return container.children


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("explore-table", ExploreTable)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
