#!/usr/bin/env python
"""Check the PDF edition: enough pages, the right title, every chapter and the ledger present,
chapters numbered as in the HTML, no undefined references, no html-only (live) cells, and that it
reads as a book (each check below is a function of the extracted text, the LaTeX log or the
LaTeX source, so the tests can make each one fail on a small input):

* no Python object repr (``<IPython.core.display.HTML object>``, ``<... object at 0x...>``);
* no overfull line wider than :data:`MAX_OVERFULL_PT` (LaTeX log);
* no identifier of the package hyphenated at a line break (``infer-`` / ``ence_constant_factor``);
* no clipped table cell: every table header row intact, every "In code" name of the notation
  tables present whole;
* no chapter made of a section of the intro (LaTeX source);
* no web wording in print: "the fold below", "slider", "drag".

Usage: python scripts/check_pdf.py _build/pdf/meekbook.pdf [--latex-log _build/latex/meekbook.log]
Exit 1 (one line per problem) when a check fails.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIN_PAGES = 60
#: Widest overfull line allowed (pt): anything wider shows as text in the margin.
MAX_OVERFULL_PT = 1.0
#: Words of the web edition that make no sense on paper (matched case-insensitively, as words).
WEB_WORDING = ("the fold below", "slider", "sliders", "drag", "dragging")
#: Header rows of the book's tables, as pdftotext -layout prints them on one line.
TABLE_HEADERS = (("Symbol", "Meaning (unit)", "Default", "In code"),
                 ("Claim", "Statement", "Chapter", "Pass", "Fail", "Inconclusive"))
_REPR = re.compile(r"<(?:IPython\.[\w.]+ object|[\w.]+ object(?: at 0x[0-9a-fA-F]+)?)>")


def object_reprs(text: str) -> list[str]:
    """Python object reprs in the text (an output printed as ``text/plain`` instead of a table).

    >>> object_reprs("a <IPython.core.display.HTML object> b <Foo object at 0x7f01>")
    ['<IPython.core.display.HTML object>', '<Foo object at 0x7f01>']
    """
    return _REPR.findall(text)


def overfull_boxes(log: str) -> list[float]:
    """How far (pt) each overfull \\hbox of a LaTeX log sticks out.

    >>> overfull_boxes("Overfull \\hbox (49.75726pt too wide) in paragraph at lines 853--853")
    [49.75726]
    """
    return [float(x) for x in re.findall(r"Overfull \\hbox \(([0-9.]+)pt too wide\)", log)]


def package_identifiers(package: Path = ROOT / "meekbook") -> set[str]:
    """Names defined in the package (functions, classes, constants, attributes, parameters) that
    a reader would see as code: with an underscore or a capital inside, at least 6 characters."""
    import ast

    names: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
    return {n.strip("_") for n in names
            if len(n.strip("_")) >= 6 and ("_" in n.strip("_") or re.search(r"[a-z][A-Z]", n))}


def hyphenated_identifiers(text: str, identifiers: set[str]) -> list[str]:
    """Identifiers split by a hyphen at a line break (or printed with that hyphen).

    A word broken as ``infer-`` + ``ence_constant_factor`` is reported when the two halves
    joined form a name in ``identifiers``, or either half holds an underscore (an identifier:
    prose compounds such as "compute-optimal" have none).

    >>> hyphenated_identifiers("the infer-\\n   ence_constant_factor is", {"inference_constant_factor"})
    ['infer-ence_constant_factor']
    """
    found = []
    for match in re.finditer(r"([A-Za-z_][\w.]*)-([ \t]*\n[ \t]*)?([A-Za-z_][\w.]*)", text):
        left, at_break, right = match.groups()
        joined = (left + right).strip(".")
        parts = joined.split(".")
        known = any(part in identifiers for part in parts) or parts[0] == "meekbook"
        # inside a line, a hyphen may belong to a name ("Meta-Llama-3.1-8B-Instruct_5shots.zip");
        # at a line break, a hyphen next to an underscore is TeX's
        if known or (at_break is not None and ("_" in left or "_" in right)):
            found.append(f"{left}-{right}")
    return found


def broken_table_headers(layout_text: str,
                         headers: tuple[tuple[str, ...], ...] = TABLE_HEADERS) -> list[str]:
    """Table header rows that are not printed whole on one line (a clipped or squeezed column)."""
    lines = layout_text.splitlines()
    broken = []
    for header in headers:
        pattern = re.compile(r"\s+".join(re.escape(word) for word in header))
        if not any(pattern.search(line) for line in lines):
            broken.append(" | ".join(header))
    return broken


def notation_code_names(path: Path = ROOT / "book" / "notation.md") -> list[str]:
    """The names of the "In code" column of the notation tables (last column, in backticks)."""
    names = []
    for line in path.read_text(encoding="utf8").splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            names += re.findall(r"`([^`]+)`", cells[-1])
    return names


def clipped_names(text: str, names: list[str]) -> list[str]:
    """Names missing from the text (in reading order) once all white space is removed: a name
    wrapped over lines is whole, a clipped one is not. A name with spaces (``a / b``) counts
    when each of its words is whole (pdftotext may put a word of a wrapped cell elsewhere)."""
    flat = "".join(text.split())
    return [n for n in names if any(part not in flat for part in n.split())]


def intro_chapters(tex: str, intro: Path = ROOT / "book" / "intro.md") -> list[str]:
    """Sections of the intro page that the LaTeX source makes chapters of their own."""
    sections = re.findall(r"^## (.+)$", intro.read_text(encoding="utf8"), re.M)
    chapters = set(re.findall(r"\\chapter\*?\{(.+?)\}\s*$", tex, re.M))
    return [title for title in sections if title.strip() in chapters]


def web_wording(text: str, words: tuple[str, ...] = WEB_WORDING) -> list[str]:
    """Web-only wording in the text ("slider", "drag", "the fold below"), with its context."""
    found = []
    flat = " ".join(text.split())
    for word in words:
        for match in re.finditer(rf"\b{re.escape(word)}\b", flat, re.I):
            found.append(flat[max(0, match.start() - 40):match.end() + 40])
    return found


def toc_pages() -> list[tuple[str, bool]]:
    """(docname, numbered) for every page of _toc.yml, in order."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf8"))
    out = [(toc["root"], False)]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            out.append((chapter["file"], bool(part.get("numbered"))))
    return out


def title_of(docname: str) -> str:
    for suffix in (".md", ".ipynb"):
        path = ROOT / f"{docname}{suffix}"
        if path.exists():
            match = re.search(r"^# (.+)$", path.read_text(encoding="utf8"), re.M)
            if match:
                return match.group(1).strip()
    raise ValueError(f"no title in {docname}")


def html_only_lines(docname: str) -> list[str]:
    """The first code line (not a comment or an import) of every html-only cell of a page."""
    path = ROOT / f"{docname}.md"
    if not path.exists():
        return []
    out = []
    cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)\n```", path.read_text(encoding="utf8"), re.S)
    for cell in cells:
        tags = re.search(r"^:tags:\s*\[(.*?)\]", cell, re.M)
        if tags and "html-only" in tags.group(1):
            # the first statement that is not an import: an import line ("from meekbook import
            # explorers") also appears in cells that do belong in the PDF
            code = [l for l in cell.splitlines() if l.strip()
                    and not l.startswith((":", "#", "from ", "import "))]
            if code and len(code[0].strip()) > 12:
                out.append(code[0].strip())
    return out


def _squash(text: str) -> str:
    """Text without hyphenation breaks and with single spaces (for searching titles)."""
    text = re.sub(r"-\n(?=[a-z])", "", text)
    text = text.replace("\u00ad", "").replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.replace("\u201c", '"').replace("\u201d", '"').split())


def print_edition_problems(text: str, reading_text: str, book_text: str,
                           latex_log: Path | None) -> list[str]:
    """The print-edition checks on the PDF's text: ``text`` as laid out (``pdftotext -layout``),
    ``reading_text`` in reading order (columns one after the other), ``book_text`` the squashed
    text before the API reference."""
    problems = [f"a Python object repr in the text: {r}" for r in sorted(set(object_reprs(text)))]
    problems += [f"hyphenated identifier: {w}"
                 for w in sorted(set(hyphenated_identifiers(reading_text, package_identifiers())))]
    problems += [f"table header not whole (clipped column): {h}"
                 for h in broken_table_headers(text)]
    problems += [f"notation table: {n!r} not printed whole (clipped cell)"
                 for n in clipped_names(reading_text, notation_code_names())]
    problems += [f"web wording in print: ...{w}..." for w in web_wording(book_text)]
    if latex_log is not None and latex_log.exists():
        widths = overfull_boxes(latex_log.read_text(encoding="utf8", errors="replace"))
        print(f"[check-pdf] {len(widths)} overfull lines, widest "
              f"{max(widths, default=0.0):.1f} pt")
        wide = [w for w in widths if w > MAX_OVERFULL_PT]
        if wide:
            problems.append(f"{len(wide)} overfull lines wider than {MAX_OVERFULL_PT} pt "
                            f"(widest {max(wide):.1f} pt)")
        tex = latex_log.with_suffix(".tex")
        if tex.exists():
            problems += [f"an intro section is a chapter of its own: {title!r}"
                         for title in intro_chapters(tex.read_text(encoding="utf8"))]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--latex-log", type=Path)
    args = parser.parse_args(argv)
    if args.pdf.name != "meekbook.pdf" or not args.pdf.is_file():
        print(f"error: {args.pdf} is not a meekbook.pdf file", file=sys.stderr)
        return 2
    problems: list[str] = []
    info = subprocess.run(["pdfinfo", str(args.pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    if pages < MIN_PAGES:
        problems.append(f"{pages} pages, expected at least {MIN_PAGES}")
    pdf_title = re.search(r"^Title:\s+(.*)$", info, re.M)
    import yaml

    book_title = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf8"))["title"]
    if not pdf_title or _squash(pdf_title.group(1)) != _squash(book_title):
        problems.append(f"PDF title {pdf_title.group(1) if pdf_title else None!r}, "
                        f"expected {book_title!r}")
    text = subprocess.run(["pdftotext", "-layout", str(args.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = _squash(text)
    number = 0
    for docname, numbered in toc_pages():
        title = title_of(docname)
        if _squash(title) not in flat:
            problems.append(f"title of {docname} not in the text: {title!r}")
        if numbered:
            number += 1
            # the running header of the chapter's pages: "Chapter N. Title"
            if not re.search(rf"Chapter {number}\. {re.escape(_squash(title)[:25])}", flat):
                problems.append(f"{docname} is not 'Chapter {number}' as in the HTML")
    if "Reproduction ledger" not in flat or not re.search(r"\bpass", flat, re.I):
        problems.append("the ledger (its title and verdicts) is not in the text")
    # cells tagged html-only must not reach the PDF: look for their first code line in the
    # book before the API reference (whose docstrings quote such calls as examples)
    api_at = flat.find("Every formula of the book is implemented once")   # book/api.md opens so
    book_text = flat[:api_at] if api_at > 0 else flat
    for docname, _ in toc_pages():
        for line in html_only_lines(docname):
            if _squash(line) in book_text:
                problems.append(f"{docname}: an html-only cell is in the PDF ({line!r})")
    # untagged live-only code is reported, not failed: its chapter should tag it html-only
    for marker in ("interact(", "import ipywidgets", "meekbookEmbed", "vegaEmbed", "explorer("):
        if marker in text:
            print(f"[check-pdf] note: {marker!r} is printed in the PDF; tag that cell html-only")
    if args.latex_log and args.latex_log.exists():
        log = args.latex_log.read_text(encoding="utf8", errors="replace")
        undefined = sorted(set(re.findall(r"(?:Reference|Citation) `([^']+)' .*undefined", log)))
        if undefined:
            problems.append(f"{len(undefined)} undefined references: {undefined[:8]}")
    reading = subprocess.run(["pdftotext", str(args.pdf), "-"], capture_output=True, text=True,
                             check=True).stdout
    problems += print_edition_problems(text, reading, book_text, args.latex_log)
    if "??" in flat:
        problems.append(f"'??' (a broken reference) appears {flat.count('??')} times in the text")
    # the figures are the PNG outputs of the golden notebooks
    images = subprocess.run(["pdfimages", "-list", str(args.pdf)], capture_output=True,
                            text=True, check=True).stdout.splitlines()[2:]
    print(f"[check-pdf] {len(images)} raster images (the figures of the golden notebooks)")
    for p in problems:
        print(f"[check-pdf] {p}")
    print(f"[check-pdf] {args.pdf}: {pages} pages, {len(toc_pages())} pages of the book checked, "
          f"{'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
