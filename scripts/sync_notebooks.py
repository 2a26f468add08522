#!/usr/bin/env python
"""Regenerate the golden notebooks, the book's execution cache.

Every page of the book that executes code has a MyST-markdown source (jupytext) and a committed
golden notebook next to it: ``notebooks/NAME.md`` -> ``notebooks/NAME.ipynb`` for the chapters,
``book/ledger.md`` -> ``book/ledger.ipynb`` for the prose pages that compute. The book is built
from the goldens with execution off; nbval compares the chapters' goldens with a fresh run; the
Binder and Colab buttons open them. This script rebuilds a golden deterministically:

* read the ``.md`` with jupytext;
* execute it with nbclient in a fresh kernel of *this* interpreter (the project's ``.venv``),
  with the working directory the ``.md``'s folder (``notebooks/`` for chapters),
  ``record_timing=False``;
* drop everything that changes from run to run: widget state, widget-view model ids, transient
  metadata, jupytext's version stamp; give cells stable ids derived from their index;
* store the page's *execution key* in ``metadata["meekbook"]["execution_key"]``: a SHA-256 over
  the ``.md`` text, every ``.py`` and packaged data file of ``meekbook/``,
  ``requirements-lock.txt`` and ``pyproject.toml`` (:func:`execution_key`). A golden whose key
  differs from the key of the current sources is *stale*.

Running it twice gives byte-identical files.

Usage::

    python scripts/sync_notebooks.py                 # every page of _toc.yml that executes code
    python scripts/sync_notebooks.py gap_equation    # chapters by name (or book/ledger: a path)
    python scripts/sync_notebooks.py --stale         # only the stale goldens (scripts/build.sh)
    python scripts/sync_notebooks.py --jobs 2        # two kernels side by side
    python scripts/sync_notebooks.py --check         # no execution: exit 1 if any pair drifted

``--check`` compares, cell by cell, the code cells (source and tags) of each ``.md`` with its
``.ipynb``; it also fails when a chapter listed in ``_toc.yml`` has no ``.md`` or no ``.ipynb``.
Differences in markdown cells are reported but do not fail (they do not affect outputs).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import sys
import tomllib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TOC = ROOT / "_toc.yml"
sys.path.insert(0, str(Path(__file__).resolve().parent))   # sibling module book_toc
import book_toc  # noqa: E402
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
    return book_toc.chapters(toc_path)


def executed_pages(toc_path: Path = TOC, root: Path = ROOT) -> list[str]:
    """Every page of ``_toc.yml`` whose ``.md`` is a notebook (has a kernelspec), as a name.

    Chapters (``notebooks/NAME``) are named ``NAME``; other pages by their path without suffix
    (``book/ledger``).

    Parameters
    ----------
    toc_path : Path
        The table of contents.
    root : Path
        The book's root folder.

    Returns
    -------
    list of str
        Names in ``_toc.yml`` order.
    """
    names: list[str] = []
    for entry in toc_files(toc_path):
        entry = entry.removesuffix(".md").removesuffix(".ipynb")
        md = root / f"{entry}.md"
        if md.exists() and _is_notebook(md.read_text(encoding="utf8")):
            name = entry.removeprefix("notebooks/") if entry.count("/") == 1 else entry
            if name not in names:
                names.append(name)
    return names


def _is_notebook(text: str) -> bool:
    """True if a MyST page's front matter has a ``kernelspec`` (myst-nb then executes it)."""
    if not text.startswith("---"):
        return False
    end = text.find("\n---", 3)
    return end > 0 and "\nkernelspec:" in text[:end]


def page_path(name: str, root: Path = ROOT) -> Path:
    """The source of page ``name`` without suffix: ``NAME`` -> notebooks/NAME, ``a/b`` -> a/b."""
    name = name.removesuffix(".md").removesuffix(".ipynb")
    return root / name if "/" in name else root / "notebooks" / name


def md_path(name: str, root: Path = ROOT) -> Path:
    """The ``.md`` source of page ``name``."""
    return page_path(name, root).with_suffix(".md")


def ipynb_path(name: str, root: Path = ROOT) -> Path:
    """The golden ``.ipynb`` of page ``name``."""
    return page_path(name, root).with_suffix(".ipynb")


# --------------------------------------------------------------------------------------------
# The execution key
# --------------------------------------------------------------------------------------------
#: Files outside ``meekbook/`` whose content is part of every key (of ``pyproject.toml`` only
#: its ``[project]`` table counts: the dependencies, not the test or tool settings).
KEY_FILES = ("requirements-lock.txt", "pyproject.toml")


def _key_bytes(path: Path) -> bytes:
    """What of ``path`` the key hashes: the whole file, or ``[project]`` of ``pyproject.toml``."""
    if path.name != "pyproject.toml":
        return path.read_bytes()
    project = tomllib.loads(path.read_text(encoding="utf8")).get("project", {})
    return json.dumps(project, sort_keys=True).encode("utf8")


def package_files(root: Path = ROOT) -> list[Path]:
    """Every ``.py`` file of ``root/meekbook`` and every file its package data globs select.

    The globs are ``[tool.setuptools.package-data] meekbook`` of ``root/pyproject.toml``;
    ``__pycache__`` folders are skipped.

    Parameters
    ----------
    root : Path
        The repository root.

    Returns
    -------
    list of Path
        Sorted by their path relative to ``root``.
    """
    package = root / "meekbook"
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf8"))
    globs = config.get("tool", {}).get("setuptools", {}).get("package-data", {}).get("meekbook", [])
    files = {p for p in package.rglob("*.py")}
    for pattern in globs:
        files.update(package.glob(pattern))
    return sorted((p for p in files if p.is_file() and "__pycache__" not in p.parts),
                  key=lambda p: p.relative_to(root).as_posix())


def execution_key(name: str, root: Path = ROOT) -> str:
    """The SHA-256 (hex) of everything a page's outputs depend on.

    The page's ``.md`` text, every file of :func:`package_files`, ``requirements-lock.txt`` and
    the ``[project]`` table of ``pyproject.toml`` (dependencies and extras): each added as its
    path relative to ``root``, its length and its bytes.

    Parameters
    ----------
    name : str
        A page name (``gap_equation``, ``book/ledger``).
    root : Path
        The repository root (a copy of it in the tests).

    Returns
    -------
    str
        64 hexadecimal digits.
    """
    digest = hashlib.sha256()
    files = [md_path(name, root), *package_files(root), *(root / f for f in KEY_FILES)]
    for path in files:
        data = _key_bytes(path)
        label = path.relative_to(root).as_posix().encode("utf8")
        digest.update(len(label).to_bytes(8, "big") + label + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def stored_key(name: str, root: Path = ROOT) -> str | None:
    """The execution key stored in the golden of ``name`` (None: no golden or no key)."""
    path = ipynb_path(name, root)
    if not path.exists():
        return None
    meta = json.loads(path.read_text(encoding="utf8")).get("metadata", {})
    key = meta.get("meekbook", {}).get("execution_key") if isinstance(meta, dict) else None
    return key if isinstance(key, str) else None


def stale_pages(names: list[str], root: Path = ROOT) -> list[str]:
    """The names whose golden is missing or whose stored key differs from the current key."""
    return [n for n in names if stored_key(n, root) != execution_key(n, root)]


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


def merge_streams(outputs: list) -> list:
    """Consecutive ``stream`` outputs of the same stream joined into one (in a new list).

    How a cell's printed text is split between stream messages depends on timing; joined, the
    golden is the same on every run (nbval and myst-nb join them too).
    """
    merged: list = []
    for out in outputs:
        last = merged[-1] if merged else None
        if (last is not None and out.get("output_type") == "stream"
                and last.get("output_type") == "stream" and last.get("name") == out.get("name")):
            text = out.get("text", "")
            last["text"] = "".join(last.get("text", "")) + "".join(text)
            continue
        merged.append(out)
    return merged


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
            cell["outputs"] = merge_streams(kept)
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    nbformat.validate(nb)
    return nb


def sync(name: str, timeout: int = 600) -> tuple[Path, bool]:
    """Execute a page's ``.md`` and write its golden ``.ipynb`` with its execution key.

    Parameters
    ----------
    name : str
        A page name (``gap_equation`` for ``notebooks/gap_equation.md``, or ``book/ledger``).
    timeout : int
        Seconds allowed per cell.

    Returns
    -------
    tuple of (Path, bool)
        The golden's path and whether its content changed.
    """
    import nbformat
    from nbclient import NotebookClient

    src = md_path(name)
    if not src.exists():
        raise FileNotFoundError(f"{src} does not exist")
    key = execution_key(name)      # of the sources as they are when execution starts
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
        resources={"metadata": {"path": str(src.parent)}},
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
    normalise(nb, Path(name).name)
    nb.metadata["meekbook"] = {"execution_key": key}
    text = nbformat.writes(nb, version=4)
    if not text.endswith("\n"):
        text += "\n"
    out = ipynb_path(name)
    old = out.read_text(encoding="utf8") if out.exists() else None
    if old != text:
        out.write_text(text, encoding="utf8")
    return out, old != text


def _sync_one(name: str, timeout: int) -> tuple[str, str, bool, str]:
    """Worker: sync one page; return (name, golden path, changed, error message or "")."""
    try:
        out, changed = sync(name, timeout=timeout)
    except Exception as exc:  # reported by the parent, which goes on with the other pages
        return name, "", False, f"{type(exc).__name__}: {exc}"
    return name, out.relative_to(ROOT).as_posix(), changed, ""


def main(argv: list[str] | None = None) -> int:
    """Run the command; return its exit status (2: bad arguments, 1: a page failed)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*",
                        help="page names (default: every page of _toc.yml that executes code)")
    parser.add_argument("--check", action="store_true",
                        help="do not execute; exit 1 if any .md/.ipynb pair has drifted apart")
    parser.add_argument("--stale", action="store_true",
                        help="execute only the pages whose golden's execution key is not current")
    parser.add_argument("--jobs", type=int, default=1, help="pages executed side by side")
    parser.add_argument("--timeout", type=int, default=600, help="per-cell timeout in seconds")
    args = parser.parse_args(argv)
    if args.jobs < 1 or args.timeout < 1:
        print(f"error: --jobs and --timeout must be >= 1, got {args.jobs} and {args.timeout}",
              file=sys.stderr)
        return 2
    names = [n.removeprefix("notebooks/").removesuffix(".md").removesuffix(".ipynb")
             for n in args.names] or executed_pages()
    missing = [n for n in names if not md_path(n).exists()]
    if missing:
        print(f"error: no source {md_path(missing[0]).relative_to(ROOT)} for page "
              f"{missing[0]!r}; known pages: {', '.join(executed_pages())}", file=sys.stderr)
        return 2

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

    if args.stale:
        fresh = len(names)
        names = stale_pages(names)
        print(f"[goldens] {fresh - len(names)} of {fresh} fresh"
              + (f"; executing {', '.join(names)}" if names else ""), flush=True)
    status = 0
    jobs = min(args.jobs, max(len(names), 1))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for name, out, changed, error in pool.map(_sync_one, names, [args.timeout] * len(names)):
            if error:
                print(f"FAILED {name}: {error}", file=sys.stderr)
                status = 1
            else:
                print(f"{'wrote ' if changed else 'same  '} {out}", flush=True)
    return status


if __name__ == "__main__":
    _reexec_in_venv()
    sys.exit(main())
