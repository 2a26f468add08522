"""The ``golden-table`` directive: the pages built from golden notebooks and their execution keys.

Every page that executes code is built from its committed golden notebook (``NAME.ipynb`` next
to ``NAME.md``); ``scripts/sync_notebooks.py`` executes the ``.md`` and stores the page's
execution key in the golden. This directive lists each golden under the book's source folder
with its number of code cells and the first digits of its key, and makes the page that uses it
depend on every golden (it is re-read when one changes).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

#: Folders (relative to the source folder) that hold golden notebooks.
GOLDEN_FOLDERS = ("notebooks", "book")


def golden_rows(srcdir: Path) -> list[tuple[str, int, str]]:
    """(page, code cells, execution key or "") of every golden under ``srcdir``, sorted.

    Parameters
    ----------
    srcdir : Path
        The book's source folder.

    Returns
    -------
    list of tuple of (str, int, str)
        One row per ``.ipynb`` that has a ``.md`` of the same name next to it.
    """
    rows = []
    for folder in GOLDEN_FOLDERS:
        for path in sorted((srcdir / folder).glob("*.ipynb")):
            nb = json.loads(path.read_text(encoding="utf8"))
            cells = sum(1 for c in nb.get("cells", []) if c.get("cell_type") == "code")
            key = nb.get("metadata", {}).get("meekbook", {}).get("execution_key", "")
            rows.append((path.relative_to(srcdir).with_suffix("").as_posix(), cells, key))
    return rows


class GoldenTable(SphinxDirective):
    """A table of the book's golden notebooks (no arguments, no content)."""

    def run(self) -> list[nodes.Node]:
        srcdir = Path(self.env.srcdir)
        rows = golden_rows(srcdir)
        lines = ["| Page | Code cells | Execution key |", "|:--|--:|:--|"]
        for page, cells, key in rows:
            self.env.note_dependency(str(srcdir / f"{page}.ipynb"))
            lines.append(f"| `{page}` | {cells} | `{key[:12] or 'none'}` |")
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source="golden-table"), self.content_offset,
                                container)
        return container.children


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("golden-table", GoldenTable)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
