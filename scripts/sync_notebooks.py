#!/usr/bin/env python
"""Regenerate the golden ``notebooks/NAME.ipynb`` of each chapter from its ``notebooks/NAME.md``.

The MyST-markdown notebook (``.md``, jupytext format) is the source of every chapter; the paired
``.ipynb`` holds the executed outputs that ``pytest --nbval`` compares against, and is what the
book's Binder and Colab buttons open. This script rebuilds the ``.ipynb`` deterministically:

* read the ``.md`` with jupytext;
* execute it with nbclient in a fresh kernel of *this* interpreter (the project's ``.venv``),
  with the working directory ``notebooks/`` (as the book build does), ``record_timing=False``;
* drop everything that changes from run to run: widget state, widget-view model ids, transient
  metadata, jupytext's version stamp; give cells stable ids derived from their index.

Running it twice gives byte-identical files.

Usage::

    python scripts/sync_notebooks.py                 # all chapters listed in _toc.yml
    python scripts/sync_notebooks.py gap_equation    # one or more chapters by name
    python scripts/sync_notebooks.py --check         # no execution: exit 1 if any pair drifted

``--check`` compares, cell by cell, the code cells (source and tags) of each ``.md`` with its
``.ipynb``; it also fails when a chapter listed in ``_toc.yml`` has no ``.md`` or no ``.ipynb``.
Differences in markdown cells are reported but do not fail (they do not affect outputs).
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TOC = ROOT / "_toc.yml"
sys.path.insert(0, str(Path(__file__).resolve().parent))   # sibling module book_toc
from book_toc import toc_files  # noqa: E402
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

#: Output MIME types that are only meaningful with a live kernel and change on every run.
VOLATILE_MIMETYPES = ("application/vnd.jupyter.widget-view+json",)
#: Notebook-level metadata keys dropped from the golden copy.
VOLATILE_NB_METADATA = ("widgets", "jupytext", "papermill", "execution")
#: Cell-level metadata keys dropped from the golden copy.
VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "ExecuteTime", "papermill")


def _reexec_in_venv() -> None:
    """Re-run this script with the project's .venv interpreter if we are not already in it."""
    if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        if os.environ.get("MEEKBOOK_SYNC_REEXEC") != "1":
            os.environ["MEEKBOOK_SYNC_REEXEC"] = "1"
            os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), __file__, *sys.argv[1:]])


# --------------------------------------------------------------------------------------------
# Which notebooks
# --------------------------------------------------------------------------------------------
def toc_chapters(toc_path: Path = TOC) -> list[str]:
    """Names (without suffix) of the ``notebooks/NAME`` entries of ``_toc.yml``, in order."""
    names = []
    for f in toc_files(toc_path):
        p = Path(f)
        if p.parent.as_posix() == "notebooks":
            name = p.name.removesuffix(".md").removesuffix(".ipynb")
            if name not in names:
                names.append(name)
    return names


def md_path(name: str) -> Path:
    return NOTEBOOKS / f"{name}.md"


def ipynb_path(name: str) -> Path:
    return NOTEBOOKS / f"{name}.ipynb"


# --------------------------------------------------------------------------------------------
# Comparing a pair
# --------------------------------------------------------------------------------------------
def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def cell_signature(nb) -> list[tuple[str, str, tuple[str, ...]]]:
    """(cell_type, source, tags) of every code cell, the part of a notebook that drives outputs."""
    return [
        ("code", _source(c).strip("\n"), tuple(c.get("metadata", {}).get("tags", [])))
        for c in nb.cells
        if c.cell_type == "code"
    ]


def markdown_signature(nb) -> list[str]:
    return [" ".join(_source(c).split()) for c in nb.cells if c.cell_type == "markdown"]


def read_md(path: Path):
    import jupytext

    return jupytext.read(path, fmt="md:myst")


def read_ipynb(path: Path):
    import nbformat

    return nbformat.read(path, as_version=4)


def pair_problems(name: str) -> tuple[list[str], list[str]]:
    """Return (errors, notes) for the pair ``notebooks/NAME.md`` / ``notebooks/NAME.ipynb``."""
    errors: list[str] = []
    notes: list[str] = []
    md, nb = md_path(name), ipynb_path(name)
    if not md.exists():
        errors.append(f"{md.relative_to(ROOT)} is missing")
    if not nb.exists():
        errors.append(
            f"{nb.relative_to(ROOT)} is missing (run: python scripts/sync_notebooks.py {name})"
        )
    if errors:
        return errors, notes
    a, b = cell_signature(read_md(md)), cell_signature(read_ipynb(nb))
    fix = f"regenerate it: python scripts/sync_notebooks.py {name}"
    if len(a) != len(b):
        errors.append(
            f"{name}: {len(a)} code cells in the .md but {len(b)} in the .ipynb; {fix}"
        )
    for i, (ca, cb) in enumerate(zip(a, b)):
        if ca[1] != cb[1]:
            first = ca[1].splitlines()[0] if ca[1] else "<empty>"
            errors.append(f"{name}: code cell {i} ({first!r}...) differs from the .ipynb; {fix}")
        elif ca[2] != cb[2]:
            errors.append(f"{name}: code cell {i} has tags {list(ca[2])} in the .md but "
                          f"{list(cb[2])} in the .ipynb; {fix}")
    if not errors and markdown_signature(read_md(md)) != markdown_signature(read_ipynb(nb)):
        notes.append(f"{name}: markdown text differs between .md and .ipynb (outputs unaffected); "
                     f"{fix} before committing so Binder/Colab readers see the same prose")
    return errors, notes


# --------------------------------------------------------------------------------------------
# Executing
# --------------------------------------------------------------------------------------------
def _kernel_manager():
    """A KernelManager whose 'python3' kernel is this interpreter (as nbval --current-env does)."""
    import ipykernel.kernelspec
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    class ThisInterpreterSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            spec = self.kernel_spec_class(
                resource_dir=ipykernel.kernelspec.RESOURCES, **ipykernel.kernelspec.get_kernel_dict()
            )
            spec.argv[0] = sys.executable
            return spec

    return KernelManager(kernel_name="python3", kernel_spec_manager=ThisInterpreterSpecs())


def _clean_output(out) -> None:
    out.pop("transient", None)
    data = out.get("data")
    if isinstance(data, dict):
        for mime in VOLATILE_MIMETYPES:
            data.pop(mime, None)
    md = out.get("metadata")
    if isinstance(md, dict):
        for mime in VOLATILE_MIMETYPES:
            md.pop(mime, None)


def normalise(nb, name: str):
    """Make an executed notebook deterministic (in place) and return it."""
    import nbformat

    nb.nbformat, nb.nbformat_minor = 4, 5
    for key in VOLATILE_NB_METADATA:
        nb.metadata.pop(key, None)
    lang = nb.metadata.get("language_info")
    if isinstance(lang, dict):
        # keep the language, not the patch version of the interpreter that happened to run it
        nb.metadata["language_info"] = {
            k: v for k, v in lang.items() if k in ("name", "file_extension", "mimetype",
                                                   "codemirror_mode", "pygments_lexer",
                                                   "nbconvert_exporter")
        }
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name.strip('_')[:50] or 'cell'}-{i:03d}".replace("_", "-")
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            kept = []
            for out in cell.get("outputs", []):
                _clean_output(out)
                if out.get("output_type") in ("display_data", "execute_result") and not out.get("data"):
                    continue  # only held a widget view
                kept.append(out)
            cell["outputs"] = kept
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    nbformat.validate(nb)
    return nb


def sync(name: str, timeout: int = 600) -> tuple[Path, bool]:
    """Execute ``notebooks/NAME.md``, write ``notebooks/NAME.ipynb``; return (path, changed)."""
    import nbformat
    from nbclient import NotebookClient

    src = md_path(name)
    if not src.exists():
        raise FileNotFoundError(f"{src} does not exist")
    nb = read_md(src)
    nb = copy.deepcopy(nb)
    km = _kernel_manager()
    client = NotebookClient(
        nb,
        km=km,
        timeout=timeout,
        allow_errors=False,
        record_timing=False,
        store_widget_state=True,  # needed by the Output-widget emulation; stripped afterwards
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    try:
        client.execute()
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=False)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    normalise(nb, name)
    text = nbformat.writes(nb, version=4)
    if not text.endswith("\n"):
        text += "\n"
    out = ipynb_path(name)
    old = out.read_text(encoding="utf8") if out.exists() else None
    if old != text:
        out.write_text(text, encoding="utf8")
    return out, old != text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="chapter names (default: all chapters in _toc.yml)")
    parser.add_argument("--check", action="store_true",
                        help="do not execute; exit 1 if any .md/.ipynb pair has drifted apart")
    parser.add_argument("--timeout", type=int, default=600, help="per-cell timeout in seconds")
    args = parser.parse_args(argv)
    names = [n.removeprefix("notebooks/").removesuffix(".md").removesuffix(".ipynb")
             for n in args.names] or toc_chapters()

    if args.check:
        failed = False
        for name in names:
            errors, notes = pair_problems(name)
            for msg in errors:
                print(f"DRIFT  {msg}")
            for msg in notes:
                print(f"note   {msg}")
            failed |= bool(errors)
            if not errors:
                print(f"ok     {name}")
        return 1 if failed else 0

    status = 0
    for name in names:
        if not md_path(name).exists():
            print(f"skip   {name}: {md_path(name).relative_to(ROOT)} does not exist", file=sys.stderr)
            status = 1
            continue
        print(f"run    {name} ...", flush=True)
        try:
            out, changed = sync(name, timeout=args.timeout)
        except Exception as exc:  # report and go on with the other chapters
            print(f"FAILED {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            status = 1
        else:
            what = "wrote " if changed else "same  "
            print(f"{what} {out.relative_to(ROOT)}", flush=True)
    return status


if __name__ == "__main__":
    _reexec_in_venv()
    sys.exit(main())
