"""Each chapter's source (notebooks/NAME.md) and golden notebook (notebooks/NAME.ipynb) agree.

The .md is what the book is built from; the .ipynb holds the outputs nbval compares against and
is what Binder and Colab open. If a code cell or its tags change in the .md without the .ipynb
being regenerated, nbval would test stale code: regenerate with

    python scripts/sync_notebooks.py NAME
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import CHAPTERS, ROOT, load_script  # noqa: E402

sync = load_script("sync_notebooks")
TOC_CHAPTERS = CHAPTERS
ALL_PAIRS = sorted(
    set(TOC_CHAPTERS) | {p.stem for p in (ROOT / "notebooks").glob("*.md")}
)


def test_toc_lists_chapters():
    assert TOC_CHAPTERS, "_toc.yml lists no notebooks/NAME chapter"


@pytest.mark.parametrize("name", TOC_CHAPTERS)
def test_toc_chapter_has_both_files(name):
    missing = [f"notebooks/{p.name}" for p in (sync.md_path(name), sync.ipynb_path(name))
               if not p.exists()]
    assert not missing, (
        f"chapter {name!r} is in _toc.yml but {' and '.join(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} missing; write the .md, then run: "
        f"python scripts/sync_notebooks.py {name}"
    )


@pytest.mark.parametrize("name", ALL_PAIRS)
def test_pair_in_sync(name):
    if not (sync.md_path(name).exists() and sync.ipynb_path(name).exists()):
        pytest.skip("one file of the pair is missing (reported by test_toc_chapter_has_both_files)")
    errors, _notes = sync.pair_problems(name)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("name", ALL_PAIRS)
def test_golden_is_executed_and_clean(name):
    """The golden .ipynb was produced by sync_notebooks.py: executed in order, no errors."""
    path = sync.ipynb_path(name)
    if not path.exists():
        pytest.skip("no .ipynb")
    nb = sync.read_ipynb(path)
    counts = [c.get("execution_count") for c in nb.cells if c.cell_type == "code"]
    assert all(isinstance(n, int) for n in counts), f"{path.name}: unexecuted code cells; re-sync"
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts} are not 1..n (hidden state?); re-sync"
    )
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", f"{path.name}: cell {i} holds an error"
    assert "widgets" not in nb.metadata, f"{path.name}: widget state stored; re-sync"
