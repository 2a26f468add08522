#!/usr/bin/env python
"""Write the repository URL into every chapter's install cell (``.md`` and golden ``.ipynb``).

Each chapter starts with a hidden (``remove-cell``) install cell. On Colab, which opens the
golden ``notebooks/NAME.ipynb`` straight from the repository, that cell installs ``meekbook``
with everything the chapter imports, from the repository URL written in the cell, at the release
tag of ``meekbook.__version__`` (``vX.Y.Z``: the release workflow tags exactly that version). Run
this script again after changing the version. The URL has
to be in the committed notebook (Colab gives the kernel no way to know where the notebook came
from), so when the project moves, run once and commit::

    python scripts/set_repository.py https://github.com/OWNER/REPO
    python scripts/set_repository.py --show          # print the URL the cells install from
    python scripts/set_repository.py --check URL     # exit 1 unless every cell installs URL
                                                     # at the release of meekbook.__version__

The book build warns (fatal under ``-W``) when it is published from a repository other than the
one the cells install from (``book/_ext/meekbook_publish.py``). The install cell is not executed
anywhere it matters (the package is installed locally, on Binder and in CI), so rewriting it
does not change any output: the golden ``.ipynb`` is edited in place, not re-executed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(Path(__file__).resolve().parent))   # sibling modules
import book_toc  # noqa: E402
import repository  # noqa: E402

#: Modules a chapter imports beyond the core package; their absence triggers the install.
NEEDED = ("meekbook", "myst_nb", "sympy", "ipywidgets")
#: What the install cell installs (an extra of pyproject.toml), from the repository.
EXTRA = "notebook"

CELL_TEMPLATE = '''\
# Colab (or any Python without the book's packages): install meekbook with everything this
# chapter imports, at the release this book was built from. Binder and a local set-up
# (`make lab`) have them: then this does nothing.
import importlib, importlib.util, subprocess, sys
needed = ({needed})
if any(importlib.util.find_spec(m) is None for m in needed):
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "meekbook[{extra}] @ git+{url}@{ref}"],
                   check=True)
    importlib.invalidate_caches()'''



def install_cell(url: str, ref: str | None = None) -> str:
    """The source of the install cell for repository ``url``, pinned to ``ref``.

    Parameters
    ----------
    url : str
        The repository URL.
    ref : str, optional
        Tag, branch or commit to install; default the release tag of ``meekbook.__version__``
        (``vX.Y.Z``, :func:`repository.release_tag`).
    """
    ref = ref or repository.release_tag(repository.package_version())
    return CELL_TEMPLATE.format(needed=", ".join(f'"{m}"' for m in NEEDED), extra=EXTRA, url=url,
                                ref=ref)


def chapters() -> list[str]:
    """Chapter names: the ``notebooks/NAME`` entries of ``_toc.yml`` (``scripts/book_toc.py``)."""
    return book_toc.chapters()


def _md_install_block(text: str) -> re.Match | None:
    """The first ``remove-cell`` code cell of a MyST notebook (the install cell)."""
    return re.search(r"```\{code-cell\} ipython3\n:tags: \[remove-cell\]\n\n(?P<src>.*?)\n```\n",
                     text, flags=re.S)


def current_urls() -> dict[str, str | None]:
    """``{chapter: URL its .md install cell installs from (None if none)}``."""
    out = {}
    for name in chapters():
        block = _md_install_block((NOTEBOOKS / f"{name}.md").read_text(encoding="utf8"))
        out[name] = repository.install_url(block.group("src")) if block else None
    return out


def current_refs() -> dict[str, str | None]:
    """``{chapter: the tag/commit its .md install cell pins (None if unpinned or none)}``."""
    out = {}
    for name in chapters():
        block = _md_install_block((NOTEBOOKS / f"{name}.md").read_text(encoding="utf8"))
        out[name] = repository.install_ref(block.group("src")) if block else None
    return out


def rewrite(name: str, url: str) -> bool:
    """Put the standard install cell for ``url`` into chapter ``name``; True if a file changed."""
    new = install_cell(url)
    changed = False
    md = NOTEBOOKS / f"{name}.md"
    text = md.read_text(encoding="utf8")
    block = _md_install_block(text)
    if block is None or "pip" not in block.group("src"):
        raise ValueError(f"{md}: no install cell (a first remove-cell code cell running pip)")
    new_text = text[:block.start("src")] + new + text[block.end("src"):]
    if new_text != text:
        md.write_text(new_text, encoding="utf8")
        changed = True
    ipynb = NOTEBOOKS / f"{name}.ipynb"
    nb = json.loads(ipynb.read_text(encoding="utf8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "remove-cell" in cell["metadata"].get("tags", []):
            old_src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if "pip" not in old_src:
                raise ValueError(f"{ipynb}: the first remove-cell code cell is not the install cell")
            lines = new.splitlines(keepends=True)
            if lines != cell["source"]:
                cell["source"] = lines
                out = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
                ipynb.write_text(out, encoding="utf8")
                changed = True
            break
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", help="https://github.com/OWNER/REPO")
    parser.add_argument("--show", action="store_true", help="print the URL the cells install from")
    parser.add_argument("--check", action="store_true", help="exit 1 unless all cells install URL at the "
                        "release tag of meekbook.__version__")
    args = parser.parse_args(argv)
    if args.show:
        for name, url in current_urls().items():
            print(f"{name}: {url}")
        return 0
    try:
        url = repository.checked(args.url or "")
    except ValueError:
        print("error: url must be https://github.com/OWNER/REPO (or https://gitlab.com/OWNER/REPO), "
              f"got {args.url!r}", file=sys.stderr)
        return 2
    if args.check:
        bad = {n: u for n, u in current_urls().items() if u != url}
        for name, u in bad.items():
            print(f"notebooks/{name}.md installs from {u}, not {url}")
        tag = repository.release_tag(repository.package_version())
        stale = {n: r for n, r in current_refs().items() if r != tag}
        for name, r in stale.items():
            print(f"notebooks/{name}.md installs release {r}, not {tag} (meekbook.__version__)")
        return 1 if bad or stale else 0
    for name in chapters():
        if rewrite(name, url):
            print(f"notebooks/{name}.md/.ipynb: install cell -> {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
