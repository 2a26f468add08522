"""The golden notebooks are the book's execution cache: their execution keys are current.

Every page that executes code is built from its committed golden ``NAME.ipynb``, which stores
the execution key of the sources it was executed from (``scripts/sync_notebooks.py``). A golden
whose key differs from the key of the current sources would publish stale numbers: regenerate
it with ``python scripts/sync_notebooks.py NAME`` (``scripts/build.sh`` does it for stale ones).
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support import ROOT  # noqa: E402


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sync = _load("sync_notebooks")
PAGES = sync.executed_pages()


def test_pages_that_compute_are_found():
    # independent of the code under test: which toc pages carry a kernelspec
    assert {"gap_equation", "book/ledger", "book/data"} <= set(PAGES), PAGES
    assert "book/intro" not in PAGES


@pytest.mark.parametrize("name", PAGES)
def test_golden_key_is_current(name):
    stored = sync.stored_key(name)
    current = sync.execution_key(name)
    assert stored == current, (
        f"the golden of {name} is stale (its execution key {str(stored)[:12]} is not the key of "
        f"the current sources, {current[:12]}): the .md, meekbook/, requirements-lock.txt or "
        f"pyproject.toml changed since it was executed. Run: python scripts/sync_notebooks.py {name}"
    )


def test_book_reads_pages_from_goldens_without_executing():
    from sphinx.util.matching import Matcher

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf8"))
    assert config["execute"]["execute_notebooks"] == "off"
    excluded = Matcher(config["exclude_patterns"])
    for name in PAGES:
        md = sync.md_path(name).relative_to(ROOT).as_posix()
        golden = sync.ipynb_path(name).relative_to(ROOT).as_posix()
        assert excluded(md), f"{md} is not in exclude_patterns: Sphinx would read it, not {golden}"
        assert not excluded(golden), f"{golden} is excluded: the page would not be built"


def _copy_sources(dst: Path) -> Path:
    """A copy of what the keys read: meekbook/, two chapters, the lock file, pyproject.toml."""
    shutil.copytree(ROOT / "meekbook", dst / "meekbook",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (dst / "notebooks").mkdir()
    for name in ("gap_equation", "scaling_law"):
        shutil.copy2(sync.md_path(name), dst / "notebooks" / f"{name}.md")
        shutil.copy2(sync.ipynb_path(name), dst / "notebooks" / f"{name}.ipynb")
    for name in ("requirements-lock.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, dst / name)
    return dst


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf8") + text, encoding="utf8")


@pytest.fixture
def copy(tmp_path) -> Path:
    return _copy_sources(tmp_path / "repo")


def test_key_of_a_copy_is_the_key_of_the_tree(copy):
    assert sync.execution_key("gap_equation", root=copy) == sync.execution_key("gap_equation")
    assert re.fullmatch(r"[0-9a-f]{64}", sync.execution_key("gap_equation", root=copy))


@pytest.mark.parametrize("edit", [
    "meekbook/__init__.py",                       # a module
    "meekbook/model/__init__.py",                 # a module in a sub-package
    "meekbook/empirical/data/base_models.csv",    # packaged data
    "requirements-lock.txt",
    "notebooks/gap_equation.md",                  # the page itself, prose included
])
def test_editing_a_source_changes_the_key(copy, edit):
    before = sync.execution_key("gap_equation", root=copy)
    _append(copy / edit, "\n# edited\n")
    assert sync.execution_key("gap_equation", root=copy) != before
    assert sync.stale_pages(["gap_equation"], root=copy) == ["gap_equation"]


def test_a_dependency_in_pyproject_changes_the_key(copy):
    before = sync.execution_key("gap_equation", root=copy)
    path = copy / "pyproject.toml"
    text = path.read_text(encoding="utf8")
    assert '"numpy>=1.26",' in text
    path.write_text(text.replace('"numpy>=1.26",', '"numpy>=1.27",'), encoding="utf8")
    assert sync.execution_key("gap_equation", root=copy) != before


def test_tool_settings_in_pyproject_do_not_change_the_key(copy):
    before = sync.execution_key("gap_equation", root=copy)
    _append(copy / "pyproject.toml", "\n[tool.example]\nsetting = 1\n")
    assert sync.execution_key("gap_equation", root=copy) == before


def test_a_new_module_changes_the_key(copy):
    before = sync.execution_key("gap_equation", root=copy)
    (copy / "meekbook" / "model" / "extra.py").write_text("X = 1\n", encoding="utf8")
    assert sync.execution_key("gap_equation", root=copy) != before


def test_unrelated_files_do_not_change_the_key(copy):
    before = sync.execution_key("gap_equation", root=copy)
    _append(copy / "notebooks" / "scaling_law.md", "\nanother chapter's prose\n")
    cache = copy / "meekbook" / "__pycache__"
    cache.mkdir(exist_ok=True)
    (cache / "x.cpython-311.pyc").write_bytes(b"\0compiled")
    (copy / "meekbook" / "notes.txt").write_text("not packaged\n", encoding="utf8")
    assert sync.execution_key("gap_equation", root=copy) == before
    assert sync.stale_pages(["gap_equation"], root=copy) == []


def test_a_golden_without_key_is_stale(copy):
    golden = copy / "notebooks" / "gap_equation.ipynb"
    nb = json.loads(golden.read_text(encoding="utf8"))
    del nb["metadata"]["meekbook"]
    golden.write_text(json.dumps(nb), encoding="utf8")
    assert sync.stale_pages(["gap_equation", "scaling_law"], root=copy) == ["gap_equation"]


@pytest.mark.parametrize("args", [["no_such_chapter"], ["--jobs", "0"], ["--stale", "--jobs", "-1"]])
def test_bad_arguments_give_one_error_line(args):
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "sync_notebooks.py"), *args],
                          capture_output=True, text=True, timeout=120,
                          env={"MEEKBOOK_SYNC_REEXEC": "1", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
