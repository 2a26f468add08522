#!/usr/bin/env python
"""Make the student edition of the book: every page and notebook without the solutions.

The instructor edition is the ordinary build (``bash scripts/build.sh``): each exercise is followed
by its solution in a dropdown. The student edition is built from a copy of the sources in which
the solutions are removed *before* Sphinx sees them, so no solution text can reach a page, the
search index or a downloadable notebook. (sphinx-exercise's own ``hide_solutions: true`` crashes
the build with ``NotImplementedError`` on ``solution_end_node`` in version 1.2.1, and would leave
the solution cells in the notebooks anyway.)

What counts as a solution, in a chapter's MyST source or its notebook:

* a ``{solution}`` directive block (any fence length, backticks or colons);
* everything from a ``{solution-start}`` block to the end of the matching ``{solution-end}`` block,
  including the code cells in between;
* a code cell tagged ``solution`` (hidden cells that compute numbers quoted only in solutions);
* a code cell that glues only names the solutions use (``{glue:text}`name``` appears in a solution
  and nowhere else), even if nobody tagged it: the governance chapter's "Numbers quoted in the
  solutions below" is such a cell. A cell that also glues names the chapter's text uses keeps
  its source and those outputs; its outputs that record a solution-only name are removed;

:func:`leaked_numbers` finds, in any text, a checkable exercise's reference value
(:func:`exercise_secrets`) or a number glued for the solutions (:func:`solution_glue_secrets`)
as it would be printed: the tests search every artifact of the student edition with it.

Usage::

    python scripts/student_edition.py SRC_DIR      # write the student sources into SRC_DIR
    python scripts/student_edition.py --notebooks OUT_DIR   # stripped golden notebooks only

``scripts/student.sh`` calls it and then builds the HTML (``make student``). SRC_DIR is emptied
first, but only if it is this script's own output: a folder it wrote (it holds the marker file
``.meekbook-student-edition``), a folder under the repository's ``_build/``, or an empty folder.
Any other folder is refused (``error:``, exit 2), so ``student_edition.py .`` deletes nothing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))   # sibling module book_toc
import book_toc  # noqa: E402
NOTEBOOKS = ROOT / "notebooks"

#: Tag of a code cell that belongs to a solution although it is outside the solution markers.
SOLUTION_TAG = "solution"

_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}(?P<rest>.*)$")


def strip_markdown(text: str, in_solution: bool = False) -> tuple[str, bool]:
    """Remove solution blocks from the text of one markdown cell (or a whole MyST page).

    Parameters
    ----------
    text : str
        Markdown source.
    in_solution : bool, optional
        True if the text starts inside a ``{solution-start}`` ... ``{solution-end}`` span (the span
        crosses cells).

    Returns
    -------
    tuple of (str, bool)
        The text without solutions, and whether it ends inside a solution span.

    Examples
    --------
    >>> text = "Q\\n```{solution} x\\nsecret\\n```\\nafter\\n"
    >>> strip_markdown(text)
    ('Q\\nafter\\n', False)
    """
    out: list[str] = []
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _OPEN.match(line.rstrip("\n"))
        name = match.group("name") if match else None
        if name in ("solution", "solution-start", "solution-end"):
            fence = match.group("fence")
            j = i + 1                                  # skip the directive up to its closing fence
            while j < len(lines) and lines[j].strip() != fence:
                j += 1
            i = j + 1
            if name == "solution-start":
                in_solution = True
            elif name == "solution-end":
                in_solution = False
            continue
        if not in_solution:
            out.append(line)
        i += 1
    return "".join(out), in_solution


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def strip_notebook(nb: Any) -> Any:
    """Return a copy of a notebook (nbformat node) without solution cells and solution text.

    Markdown cells left empty by the stripping are dropped; so are code cells inside a
    ``{solution-start}``/``{solution-end}`` span, code cells tagged ``solution`` and code cells
    that glue only names the solutions alone use (:func:`solution_only_names`). Outputs that
    record a solution-only name are removed from the cells kept.
    """
    import copy

    new = copy.deepcopy(nb)
    only = solution_only_names(nb)
    cells = []
    in_solution = False
    for cell in new.cells:
        if cell.cell_type == "markdown":
            text, in_solution = strip_markdown(cell.source, in_solution)
            if text.strip():
                cell.source = text.strip("\n")
                cells.append(cell)
        elif in_solution or SOLUTION_TAG in _tags(cell):
            continue
        elif _glued_names(cell) and _glued_names(cell) <= only:
            continue
        else:
            if cell.cell_type == "code":
                cell.outputs = [
                    out for out in cell.outputs
                    if out.get("metadata", {}).get("scrapbook", {}).get("name") not in only]
            cells.append(cell)
    if in_solution:
        raise ValueError("a {solution-start} block has no matching {solution-end}")
    new.cells = cells
    return new


_GLUE_CALL = re.compile(r"""\bglue\(\s*f?["']([\w-]+)["']""")
_GLUE_REF = re.compile(r"\{glue(?::\w+)?\}`([\w-]+)")
#: A number as printed: optional sign, digits with optional thousands commas, decimals, exponent.
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w])"
                     r"|(?<![\w.])[-+]?\.\d+(?:[eE][-+]?\d+)?(?![\w])")
#: Fewer significant characters than this and a number is too common to count as a leak
#: ("3", "10", "0.5").
MIN_SIGNIFICANT = 3


def _significant(token: str) -> int:
    mantissa = re.split(r"[eE]", token)[0].replace(",", "").lstrip("+-")
    return len(mantissa.replace(".", "").lstrip("0"))


def _decimals(token: str) -> tuple[float, int, int]:
    """A printed number as (value of its mantissa, decimals shown, exponent)."""
    mantissa, _, exponent = token.replace(",", "").lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return float(mantissa), decimals, int(exponent or 0)


def leaked_numbers(text: str, secrets: list[float]) -> list[str]:
    """Numbers in ``text`` that show a secret value as it would be printed.

    A number leaks a secret when the secret, rounded to the decimals the number shows (of its
    mantissa, in scientific notation), gives that number: "3.36" and "3.361" leak 3.3612, "3.4"
    with fewer than :data:`MIN_SIGNIFICANT` significant digits does not count, nor does "3.37".

    Examples
    --------
    >>> leaked_numbers("peak at 3.36 yr, 3.37, 3.4, 2,034 and 7.59e16", [3.3612, 2034.11, 7.5937e16])
    ['3.36', '2,034', '7.59e16']
    """
    found = []
    for match in _NUMBER.finditer(text):
        token = match.group(0)
        if _significant(token) < MIN_SIGNIFICANT:
            continue
        mantissa, decimals, exponent = _decimals(token)
        for secret in secrets:
            if secret == 0:
                continue
            scaled = secret / 10.0 ** exponent
            if abs(round(scaled, decimals) - mantissa) <= 0.5 * 10.0 ** -(decimals + 6):
                found.append(token)
                break
    return found


def _glued_names(cell: Any) -> set[str]:
    names = set(_GLUE_CALL.findall(cell.source))
    for out in cell.get("outputs", []):
        name = out.get("metadata", {}).get("scrapbook", {}).get("name")
        if name:
            names.add(name)
    return names


def solution_only_names(nb: Any) -> set[str]:
    """Glue names referenced in the solutions and nowhere else in the notebook's text."""
    in_solutions = set(_GLUE_REF.findall("\n".join(solution_texts(nb))))
    kept = []
    in_solution = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text, in_solution = strip_markdown(cell.source, in_solution)
            kept.append(text)
    return in_solutions - set(_GLUE_REF.findall("\n".join(kept)))


def _output_text(out: Any) -> str:
    if out.get("output_type") == "stream":
        return str(out.get("text", ""))
    data = out.get("data", {})
    return "\n".join(str(v) for k, v in data.items() if "text" in k or "json" in k)


def exercise_secrets() -> list[float]:
    """The reference value of every exercise ``mb.exercises.check`` accepts."""
    sys.path.insert(0, str(ROOT))
    from meekbook.checks import exercises

    # the table of checkable exercises is private to the module: its values are the answers
    return [float(c.reference()) for c in exercises._CHECKABLE]


def solution_glue_secrets(nb: Any) -> list[float]:
    """Every number the notebook glues for its solutions only (as its glue output shows it)."""
    only = solution_only_names(nb)
    values = []
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("metadata", {}).get("scrapbook", {}).get("name") in only:
                for token in _NUMBER.findall(_output_text(out)):
                    try:
                        values.append(float(token.replace(",", "")))
                    except ValueError:             # pragma: no cover
                        pass
    return values


def solution_texts(nb: Any) -> list[str]:
    """The solution parts of a notebook: text of solution blocks and sources of solution cells.

    Used by the tests to check that none of it reaches the student edition.
    """
    parts: list[str] = []
    in_solution = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            kept, end_state = strip_markdown(cell.source, in_solution)
            kept_lines = set(kept.splitlines())
            parts.extend(line for line in cell.source.splitlines() if line not in kept_lines)
            in_solution = end_state
        elif in_solution or SOLUTION_TAG in _tags(cell):
            parts.append(cell.source)
    return parts


#: File that marks a folder as written by :func:`write_student_sources`.
MARKER = ".meekbook-student-edition"


def may_replace(folder: Path, root: Path = ROOT) -> bool:
    """True if ``folder`` may be deleted to write the student sources there.

    Parameters
    ----------
    folder : Path
        The output folder asked for.
    root : Path
        The repository root (its ``_build/`` holds build outputs).

    Returns
    -------
    bool
        False for the checkout itself, any folder that contains it, and ``root/_build``
        itself (whether or not they exist yet); otherwise True when ``folder`` does not exist,
        is empty, holds :data:`MARKER`, or lies strictly inside ``root/_build``.
    """
    folder = folder.resolve()
    root_resolved, build = root.resolve(), (root / "_build").resolve()
    if folder in (root_resolved, build) or folder in root_resolved.parents:
        return False
    if not folder.exists():
        return True
    if folder.is_dir() and not any(folder.iterdir()):
        return True
    if (folder / MARKER).is_file():
        return True
    return build in folder.parents


def toc_files(root: Path = ROOT) -> list[str]:
    """The ``file``/``root`` entries of ``root/_toc.yml`` (paths without suffix)."""
    return book_toc.toc_files(root / "_toc.yml")


def write_student_notebooks(out_dir: Path, root: Path = ROOT) -> list[Path]:
    """Write each chapter's golden notebook, without solutions, to ``out_dir/NAME.ipynb``."""
    import nbformat

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in toc_files(root):
        golden = root / f"{entry}.ipynb"
        if not entry.startswith("notebooks/") or not golden.exists():
            continue
        nb = strip_notebook(nbformat.read(golden, as_version=4))
        target = out_dir / golden.name
        nbformat.write(nb, target)
        written.append(target)
    return written


def write_student_sources(src_dir: Path, root: Path = ROOT) -> None:
    """Copy what the book build reads into ``src_dir``, with every solution removed.

    Pages with a golden notebook (the chapters, the ledger, the data page) are copied as that
    notebook (outputs kept, solution cells and text removed): the book is built from goldens
    with execution off, as the instructor edition is. Other pages are copied as MyST text with
    solution blocks removed. The configuration has no launch buttons (they would open the
    instructor's notebooks in the repository).

    Raises
    ------
    ValueError
        If ``src_dir`` exists and is not this function's own output (see :func:`may_replace`).
    """
    import nbformat
    import yaml

    if not may_replace(src_dir, root):
        raise ValueError(f"{src_dir} is not empty and was not written by student_edition.py "
                         f"(no {MARKER}); give a new folder or one under _build/")
    if src_dir.exists():
        shutil.rmtree(src_dir)
    src_dir.mkdir(parents=True)
    (src_dir / MARKER).write_text("written by scripts/student_edition.py\n", encoding="utf8")
    (src_dir / "scripts").mkdir()
    for helper in ("repository.py", "book_toc.py"):   # imported by book/_ext/meekbook_publish.py
        shutil.copy2(Path(__file__).resolve().parent / helper, src_dir / "scripts" / helper)
    shutil.copytree(root / "book", src_dir / "book",
                    ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints"))
    shutil.copy2(root / "_toc.yml", src_dir / "_toc.yml")

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf8"))
    config["title"] = f"{config.get('title', 'meekbook')} (student edition)"
    config["exclude_patterns"] = list(config.get("exclude_patterns", [])) + [MARKER]
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    config["launch_buttons"] = {"notebook_interface": "classic", "binderhub_url": "",
                                "colab_url": "", "jupyterhub_url": "", "thebe": False}
    (src_dir / "_config.yml").write_text(
        "# Generated by scripts/student_edition.py: the student edition (no solutions).\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf8")

    for entry in toc_files(root):
        golden = root / f"{entry}.ipynb"
        target_dir = (src_dir / entry).parent
        target_dir.mkdir(parents=True, exist_ok=True)
        if golden.exists():
            nb = strip_notebook(nbformat.read(golden, as_version=4))
            nbformat.write(nb, src_dir / f"{entry}.ipynb")
            continue
        source = root / f"{entry}.md"
        if not source.exists():
            raise FileNotFoundError(f"_toc.yml entry {entry!r} has no .md or golden .ipynb")
        text, open_span = strip_markdown(source.read_text(encoding="utf8"))
        if open_span:
            raise ValueError(f"{source}: a {{solution-start}} block has no matching {{solution-end}}")
        (src_dir / f"{entry}.md").write_text(text, encoding="utf8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src_dir", nargs="?", type=Path, help="write the student sources here")
    parser.add_argument("--notebooks", type=Path, help="write the stripped notebooks here")
    args = parser.parse_args(argv)
    if args.src_dir is None and args.notebooks is None:
        parser.print_usage(sys.stderr)
        print("error: give SRC_DIR and/or --notebooks OUT_DIR", file=sys.stderr)
        return 2
    if args.src_dir is not None:
        try:
            write_student_sources(args.src_dir)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"[student] sources without solutions: {args.src_dir}")
    if args.notebooks is not None:
        written = write_student_notebooks(args.notebooks)
        print(f"[student] {len(written)} notebooks without solutions: {args.notebooks}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
