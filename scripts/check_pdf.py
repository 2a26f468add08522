#!/usr/bin/env python
"""Check the PDF edition: enough pages, the right title, every chapter and the ledger present,
chapters numbered as in the HTML, no undefined references, no html-only (live) cells.

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
    for marker in ("interact(", "import ipywidgets", "vegaEmbed", "explorer("):
        if marker in text:
            print(f"[check-pdf] note: {marker!r} is printed in the PDF; tag that cell html-only")
    if args.latex_log and args.latex_log.exists():
        log = args.latex_log.read_text(encoding="utf8", errors="replace")
        undefined = sorted(set(re.findall(r"(?:Reference|Citation) `([^']+)' .*undefined", log)))
        if undefined:
            problems.append(f"{len(undefined)} undefined references: {undefined[:8]}")
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
