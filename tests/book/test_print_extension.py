"""book/_ext/meekbook_print.py on small doctrees: hidden input, raw LaTeX tables, the intro."""

from __future__ import annotations

import pytest

from support import ROOT, load_script

docutils = pytest.importorskip("docutils")
from docutils import nodes  # noqa: E402
from sphinx import addnodes  # noqa: E402

ext = load_script("meekbook_print", ROOT / "book" / "_ext" / "meekbook_print.py")


def _cell(tags, code="x = 1", output="1"):
    cell = nodes.container(classes=["cell"] + [f"tag_{t}" for t in tags])
    cell += nodes.container("", nodes.literal_block(code, code), classes=["cell_input"])
    cell += nodes.container("", nodes.literal_block(output, output), classes=["cell_output"])
    return cell


def test_hidden_input_is_dropped_and_its_output_kept():
    doc = nodes.section()
    hidden, shown = _cell(["hide-input"], "secret_code()"), _cell([], "shown_code()")
    doc += [hidden, shown]
    ext._drop_hidden_inputs(doc)
    assert "secret_code" not in doc.astext() and "shown_code" in doc.astext()
    assert [c["classes"] for c in hidden.children] == [["cell_output"]]


def test_raw_latex_output_replaces_the_equation():
    doc = nodes.section()
    table = ext.RAW_LATEX + "\n\\begin{longtable}{ll}a & b\\end{longtable}"
    doc += nodes.math_block(table, table, classes=["output", "text_latex"])
    doc += nodes.math_block("x^2", "x^2", classes=["output", "text_latex"])
    ext._raw_latex_outputs(doc)
    raws = list(doc.findall(nodes.raw))
    assert len(raws) == 1 and raws[0]["format"] == "latex" and "longtable" in raws[0].astext()
    assert len(list(doc.findall(nodes.math_block))) == 1      # real math stays math


def test_intro_sections_go_into_one_chapter():
    doc = nodes.document(None, None)
    root = nodes.section("", nodes.title("", "Book title"), nodes.paragraph("", "Opening."))
    for name in ("The argument", "Citing"):
        root += nodes.section("", nodes.title("", name))
    toc = nodes.compound("", addnodes.start_of_file(docname="ch1"))
    root += toc
    doc += root
    ext._intro_in_one_chapter(doc)
    chapter = root.children[1]
    assert isinstance(chapter, nodes.section)
    assert chapter.children[0].astext() == ext.INTRO_TITLE
    assert [c.children[0].astext() for c in chapter.children if isinstance(c, nodes.section)] \
        == ["The argument", "Citing"]
    assert "Opening." in chapter.astext()
    assert root.children[-1] is toc                        # the chapters stay where they were
