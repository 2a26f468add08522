"""scripts/check_pdf.py: each print-edition check fails on a small input that has its defect.

The inputs are snippets of what the checks read: pdftotext output, a LaTeX log, LaTeX source.
Expected results are written by hand from the snippets.
"""

from __future__ import annotations

from support import load_script

check = load_script("check_pdf")


def test_object_repr_found_and_clean_text_passes():
    text = "Columns:\n<IPython.core.display.HTML object>\nThe data\n<pandas.io.formats.style.Styler object at 0x7f3a2b>"
    assert check.object_reprs(text) == ["<IPython.core.display.HTML object>",
                                        "<pandas.io.formats.style.Styler object at 0x7f3a2b>"]
    assert check.object_reprs("a table: model | score\nx < y and z > w") == []


def test_overfull_boxes_read_from_the_log():
    log = ("Overfull \\hbox (49.75726pt too wide) in paragraph at lines 853--853\n"
           "[]\\TU/FreeMono(0)/m/n/10 pute_optimal_allocation|\n"
           "Underfull \\hbox (badness 10000) in paragraph at lines 1--2\n"
           "Overfull \\hbox (0.5007pt too wide) in paragraph at lines 1119--1119\n"
           "Overfull \\vbox (3.0pt too high) has occurred while \\output is active\n")
    assert check.overfull_boxes(log) == [49.75726, 0.5007]
    assert check.overfull_boxes("Underfull \\hbox (badness 10000)\n") == []


def test_hyphenated_identifiers():
    ids = {"inference_constant_factor", "SigmoidParams", "meekbook"}
    text = ("the infer-\nence_constant_factor multiplies; a Sig-\nmoidParams holds;\n"
            "(in module meek-\nbook.model.gap); the compute-\noptimal loss; closed-form")
    assert check.hyphenated_identifiers(text, ids) == [
        "infer-ence_constant_factor", "Sig-moidParams", "meek-book.model.gap"]
    # printed with the hyphen inside the line, as the issue quotes it
    assert check.hyphenated_identifiers("infer-ence_constant_factor", ids) == [
        "infer-ence_constant_factor"]
    assert check.hyphenated_identifiers("compute-optimal, closed-\nform, year-on-year", ids) == []
    # a file name with hyphens of its own, inside a line
    assert check.hyphenated_identifiers("outputs_Meta-Llama-3.1-8B-Instruct_5shots.zip", ids) == []


def test_package_identifiers_come_from_the_package():
    ids = check.package_identifiers()
    assert {"loss_gap", "PaperParams", "token_threshold"} <= ids
    assert "gap" not in ids and "loss" not in ids         # plain words are not identifiers


def test_table_header_clipped_or_whole():
    whole = "  Symbol    Meaning (unit)        Default     In code\n  C   training compute\n"
    clipped = "  Sym-    Meaning (unit)   De-   In\n  bol                    fault  code\n"
    headers = (("Symbol", "Meaning (unit)", "Default", "In code"),)
    assert check.broken_table_headers(whole, headers) == []
    assert check.broken_table_headers(clipped, headers) == ["Symbol | Meaning (unit) | Default | In code"]
    # the ledger header that printed "Clain"
    ledger = (("Claim", "Statement", "Chapter", "Pass", "Fail", "Inconclusive"),)
    assert check.broken_table_headers("Clain Statement Chapter Pass Fail Inconclusive", ledger)
    assert not check.broken_table_headers("Claim  Statement  Chapter  Pass  Fail  Inconclusive",
                                          ledger)


def test_clipped_names():
    names = ["compute_optimal_allocation", "SigmoidParams.s0", "budget_sota / budget_meek"]
    ok = "compute_optimal_\nallocation  SigmoidParams.\ns0   budget_sota /\nbudget_meek"
    assert check.clipped_names(ok, names) == []
    clipped = "compute_optimal_allo  SigmoidParams.  budget_sota / bud"
    assert check.clipped_names(clipped, names) == names


def test_notation_code_names_read_from_the_tables():
    names = check.notation_code_names()
    assert "compute_optimal_allocation" in names and "g_hardware" in names


def test_intro_sections_as_chapters(tmp_path):
    intro = tmp_path / "intro.md"
    intro.write_text("# Title\n\ntext\n\n## The argument in one equation\n\n## Citing\n\n### Cite\n")
    bad = "\\chapter{The argument in one equation}\n\\label{x}\n\\chapter{Citing}\n"
    good = "\\chapter{About this book}\n\\section{The argument in one equation}\n\\section{Citing}\n"
    assert check.intro_chapters(bad, intro) == ["The argument in one equation", "Citing"]
    assert check.intro_chapters(good, intro) == []


def test_web_wording():
    text = "The data (the source of every row is in the fold below the table). Its sliders set\n" \
           "g. Drag the band. The panels show the chart at four settings; a dragon."
    found = check.web_wording(text)
    assert len(found) == 3
    assert any("fold below" in f for f in found) and any("sliders" in f for f in found)
    assert any("Drag the band" in f for f in found)
    assert check.web_wording("The panels show the chart at four settings.") == []


def test_print_edition_problems_collects_each_defect(tmp_path):
    log = tmp_path / "meekbook.log"
    log.write_text("Overfull \\hbox (12.5pt too wide) in paragraph at lines 1--2\n")
    (tmp_path / "meekbook.tex").write_text("\\chapter{Citing}\n")
    text = "<IPython.core.display.HTML object>\nuse the slider"
    problems = check.print_edition_problems(text, "infer-\nence_constant_factor", text, log)
    joined = "\n".join(problems)
    for needle in ("object repr", "hyphenated identifier", "table header", "web wording",
                   "overfull", "intro section"):
        assert needle in joined, needle
