#!/usr/bin/env python
"""Fill the book's execution cache before ``jupyter-book build``, using every core.

Jupyter Book 1 (myst-nb with ``execute_notebooks: cache``) executes the book's notebooks one
after the other while Sphinx reads the pages, so on a machine with two cores one core idles for
most of the build. This script executes the notebooks of the book in parallel (one kernel per
core) and stores each result in the build's jupyter-cache; the build then finds every notebook
in the cache and only renders. Results are identical: the same notebook text is executed in the
same working directory (the notebook's folder) by the same kind of kernel, and a notebook that
fails is not cached, so the build executes it again and reports the error as usual.

``--from-golden`` (used by the tests) does not execute the chapters: it caches each chapter with
the outputs of its golden ``notebooks/NAME.ipynb``, which nbval re-executes and compares in the
same test run; pages without a golden (the ledger, the data page) are executed.

The cache is keyed on the code cells (and their metadata) as myst-nb reads them, so the
notebooks are read here with myst-nb's own reader.

``--alongside`` runs next to the build instead of before it: Sphinx executes the notebooks it
meets from the start of the book (in docname order) while this script executes from the end
with the other cores, stopping where the build has already been. On two cores the build's own
process is then the second executor, and rendering overlaps execution.

Usage::

    python scripts/execute_book.py --build-dir _build             # execute all, then build
    python scripts/execute_book.py --build-dir _build --alongside & jupyter-book build ...
    python scripts/execute_book.py --build-dir DIR --from-golden  # tests/test_book.py
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))   # sibling module book_toc
from book_toc import toc_files  # noqa: E402
TIMEOUT = 120  # seconds per cell, as execute.timeout in _config.yml


def book_sources() -> list[Path]:
    """The source file of every page in ``_toc.yml`` that is a notebook (has a kernelspec)."""
    from myst_nb.core.read import is_myst_markdown_notebook

    out = []
    for name in toc_files(ROOT / "_toc.yml"):
        md = ROOT / f"{name}.md"
        if md.exists() and is_myst_markdown_notebook(md.read_text(encoding="utf8")):
            out.append(md)
        elif (ROOT / f"{name}.ipynb").exists() and not md.exists():
            out.append(ROOT / f"{name}.ipynb")
    return out


def read_as_mystnb(path: Path):
    """The notebook myst-nb builds from ``path`` (the object its cache key is computed from)."""
    import nbformat
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    text = path.read_text(encoding="utf8")
    if path.suffix == ".ipynb":
        return nbformat.reads(text, as_version=4)
    return read_myst_markdown_notebook(text, MdParserConfig(), add_source_map=True, path=path)


def _execute(path_str: str) -> tuple[str, dict | None, float, str]:
    """Execute one notebook in its folder; return (path, notebook or None, seconds, error)."""
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    from jupyter_cache.executors.utils import single_nb_execution

    path = Path(path_str)
    nb = read_as_mystnb(path)
    result = single_nb_execution(nb, cwd=str(path.parent), timeout=TIMEOUT,
                                 allow_errors=False, meta_override=True)
    if result.err is not None:
        return path_str, None, result.time, f"{type(result.err).__name__}: {result.err}"
    return path_str, nb, result.time, ""


def _with_golden_outputs(path: Path):
    """The notebook of ``path`` with the outputs of its golden ``.ipynb`` (None: no usable golden)."""
    import nbformat

    golden_path = path.with_suffix(".ipynb")
    if path.suffix != ".md" or not golden_path.exists():
        return None
    nb = read_as_mystnb(path)
    golden = nbformat.read(golden_path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    gold = [c for c in golden.cells if c.cell_type == "code"]
    if [c.source.strip("\n") for c in code] != [c.source.strip("\n") for c in gold]:
        return None  # drifted pair: execute instead (tests/test_notebook_pairs.py reports it)
    for cell, ref in zip(code, gold):
        cell.outputs = copy.deepcopy(ref.outputs)
        cell.execution_count = ref.execution_count
    return nb


def _is_cached(cache, path: Path) -> bool:
    try:
        cache.match_cache_notebook(read_as_mystnb(path))
    except KeyError:
        return False
    return True


def _build_started(cache, path: Path) -> bool:
    """True once myst-nb has started executing ``path`` (it adds it to the cache's project)."""
    try:
        cache.get_project_record(str(path.absolute()))
    except KeyError:
        return False
    return True


def marker(build_dir: Path, docname: str) -> Path:
    """File that exists while this script executes ``docname``; the build waits for it to go
    (book/_ext/meekbook_publish.py) instead of executing the same notebook a second time."""
    return build_dir / ".executing" / docname.replace("/", "__")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", type=Path, default=ROOT / "_build",
                        help="the build folder (jupyter-book's --path-output + /_build)")
    parser.add_argument("--from-golden", action="store_true",
                        help="cache chapters with their golden outputs instead of executing them")
    parser.add_argument("--alongside", action="store_true",
                        help="run next to `jupyter-book build`: execute from the end of the book "
                             "with jobs-1 kernels while the build executes from the start")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="parallel kernels (default: the number of cores)")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        print(f"error: --jobs must be >= 1, got {args.jobs}", file=sys.stderr)
        return 2

    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(args.build_dir / ".jupyter_cache"))
    todo: list[Path] = []
    seeded = 0
    for path in book_sources():
        if _is_cached(cache, path):
            continue
        nb = _with_golden_outputs(path) if args.from_golden else None
        if nb is not None:
            cache.cache_notebook_bundle(CacheBundleIn(nb, str(path), data={}),
                                        check_validity=False, overwrite=True)
            seeded += 1
        else:
            todo.append(path)
    print(f"[execute] cache ready: {seeded} chapters cached with their golden outputs, "
          f"{len(todo)} notebooks to execute", flush=True)

    start = time.monotonic()
    failed = executed = 0
    if args.alongside:
        # Sphinx reads (and executes) pages in sorted docname order: go the other way and stop
        # where the build has already been.
        todo.sort(key=lambda p: p.relative_to(ROOT).as_posix(), reverse=True)
        workers = max(args.jobs - 1, 1)
    else:
        todo.sort(key=lambda p: -p.stat().st_size)  # longest first
        workers = args.jobs
    workers = min(workers, max(len(todo), 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: set = set()
        queue = list(todo)
        while queue or pending:
            while queue and len(pending) < workers:
                path = queue.pop(0)
                if args.alongside and (_is_cached(cache, path) or _build_started(cache, path)):
                    queue.clear()  # the build got here first: everything before is its part
                    break
                flag = marker(args.build_dir, path.relative_to(ROOT).with_suffix("").as_posix())
                flag.parent.mkdir(parents=True, exist_ok=True)
                flag.touch()
                pending.add(pool.submit(_execute, str(path)))
            if not pending:
                break
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                path_str, nb, seconds, error = future.result()
                rel = Path(path_str).relative_to(ROOT)
                flag = marker(args.build_dir, rel.with_suffix("").as_posix())
                if nb is None:
                    flag.unlink(missing_ok=True)
                    failed += 1
                    print(f"[execute] {rel}: FAILED after {seconds:.1f} s "
                          f"({error.splitlines()[0] if error else ''}); the build will execute "
                          "it again and report the error")
                    continue
                executed += 1
                cache.cache_notebook_bundle(
                    CacheBundleIn(nb, path_str, data={"execution_seconds": seconds}),
                    check_validity=False, overwrite=True,
                )
                flag.unlink(missing_ok=True)
                print(f"[execute] {rel}: {seconds:.1f} s", flush=True)
    if todo:
        print(f"[execute] {executed} notebooks executed in {time.monotonic() - start:.1f} s "
              f"with {workers} kernel(s) in parallel")
    return 0


if __name__ == "__main__":
    sys.exit(main())
