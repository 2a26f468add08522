"""Sphinx extension: the print edition (LaTeX/PDF) as a book, not a web page printed.

1. Cells tagged ``print-only`` (the small multiples that stand in for a chapter's interactive
   chart on paper, :mod:`meekbook.plots.small_multiples`) are removed from every build but the
   LaTeX one, when the page is read, so the HTML neither shows them nor numbers them.
2. In the LaTeX build, input hidden in the HTML stays hidden: the source of a cell tagged
   ``hide-input`` or ``hide-cell`` is dropped (its output is kept). Cells tagged ``html-only``
   are dropped by ``meekbook_publish``.
3. A cell output of type text/latex whose first line is :data:`RAW_LATEX` (the data page's
   tables) goes to LaTeX as it is; myst-nb would typeset it as a display equation.
4. In the LaTeX build the root page's own sections stay inside it. Sphinx makes the root page's
   title the book's title, so its ``##`` sections would each become an unnumbered chapter; they
   are put under one chapter named :data:`INTRO_TITLE` instead.

The LaTeX preamble settings (line breaking of identifiers, no hyphenation of code) are in
``_config.yml`` (``latex_elements``).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

#: Cell tag of content that exists only in print.
PRINT_ONLY_TAG = "print-only"
#: Cell tags whose input the HTML hides (behind a toggle): the PDF leaves it out.
HIDDEN_INPUT_TAGS = ("hide-input", "hide-cell")
#: First line of a text/latex output that is LaTeX source, not an equation.
RAW_LATEX = "% meekbook-raw-latex"
#: Title of the chapter that holds the root page's sections in print.
INTRO_TITLE = "About this book"


def _cells_tagged(doctree: nodes.Node, tag: str) -> list[nodes.container]:
    return [c for c in doctree.findall(nodes.container) if f"tag_{tag}" in c.get("classes", [])]


def _drop_print_only(app: Sphinx, doctree: nodes.document) -> None:
    """Every build but LaTeX: remove the print-only cells before anything is numbered."""
    if app.builder.format == "latex":
        return
    for cell in _cells_tagged(doctree, PRINT_ONLY_TAG):
        if cell.parent is not None:
            cell.parent.remove(cell)


def _drop_hidden_inputs(doctree: nodes.Node) -> None:
    for tag in HIDDEN_INPUT_TAGS:
        for cell in _cells_tagged(doctree, tag):
            for part in list(cell.children):
                if isinstance(part, nodes.container) and "cell_input" in part.get("classes", []):
                    cell.remove(part)


def _raw_latex_outputs(doctree: nodes.Node) -> None:
    for block in list(doctree.findall(nodes.math_block)):
        if "text_latex" in block.get("classes", []) and block.astext().startswith(RAW_LATEX):
            block.replace_self(nodes.raw("", block.astext() + "\n", format="latex"))


def _intro_in_one_chapter(doctree: nodes.document) -> None:
    """Move the root page's text and sections (before the first included page) into a chapter."""
    root = next(iter(doctree.findall(nodes.section)), None)
    if root is None:
        return
    moved: list[nodes.Node] = []
    for child in list(root.children)[1:]:               # after the title
        if any(True for _ in child.findall(addnodes.start_of_file)):
            break
        moved.append(child)
    if not any(isinstance(node, nodes.section) for node in moved):
        return
    chapter = nodes.section("", nodes.title("", INTRO_TITLE), ids=["meekbook-print-intro"],
                            names=[INTRO_TITLE.lower()])
    for node in moved:
        root.remove(node)
        chapter.append(node)
    root.insert(1, chapter)


def _latex_print(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "latex":
        return
    _drop_hidden_inputs(doctree)
    _raw_latex_outputs(doctree)
    if docname == app.config.root_doc:
        _intro_in_one_chapter(doctree)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _drop_print_only)
    app.connect("doctree-resolved", _latex_print, priority=400)   # before meekbook_publish's
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
