"""Every figure of the chapters has alt text that describes it (not the image's file path).

A screen reader reads an image's ``alt`` attribute. myst-nb writes the image's file path there
unless the cell gives one, as ``mystnb: image: alt: ...`` in the code cell's metadata. A figure
cell is one with ``mystnb: figure:`` options or whose golden output holds an image; every such
cell of the ``.md`` sources must carry alt text of a few words, different from the caption's
label and from every other figure's alt text.
"""

from __future__ import annotations

import json
from pathlib import Path

import jupytext
import pytest

from support import CHAPTERS, ROOT  # noqa: E402
IMAGE_TYPES = ("image/png", "image/svg+xml", "image/jpeg")


def figure_cells(name: str) -> list[tuple[int, dict]]:
    """(index, metadata) of the code cells of chapter ``name`` that show a figure.

    The .md gives the metadata; the golden .ipynb says which cells output an image (both have
    the same code cells, which tests/book/test_notebook_pairs.py checks).
    """
    source = [c for c in jupytext.read(ROOT / "notebooks" / f"{name}.md").cells if c.cell_type == "code"]
    golden = [c for c in json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text())["cells"]
              if c["cell_type"] == "code"]
    cells = []
    for index, cell in enumerate(source):
        outputs = golden[index].get("outputs", []) if index < len(golden) else []
        has_image = any(t in out.get("data", {}) for out in outputs for t in IMAGE_TYPES)
        if has_image or "figure" in cell.metadata.get("mystnb", {}):
            cells.append((index, cell.metadata))
    return cells


def alt_text(metadata: dict) -> str:
    return str(metadata.get("mystnb", {}).get("image", {}).get("alt", "")).strip()


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_figure_has_descriptive_alt_text(name):
    cells = figure_cells(name)
    assert cells, f"{name}: no figure found (every chapter has one)"
    for index, metadata in cells:
        alt = alt_text(metadata)
        where = f"{name}.md, code cell {index}"
        assert alt, f"{where}: figure without alt text (add mystnb: image: alt: ...)"
        assert len(alt.split()) >= 8, f"{where}: alt text too short to describe the figure: {alt!r}"
        assert not alt.lower().endswith((".png", ".svg", ".jpg")) and "/" not in alt.split()[0], (
            f"{where}: alt text looks like a file path: {alt!r}")
        label = metadata.get("mystnb", {}).get("figure", {}).get("name", "")
        assert alt != label, f"{where}: alt text is only the figure's label"


def test_alt_texts_are_distinct():
    seen: dict[str, str] = {}
    for name in CHAPTERS:
        for index, metadata in figure_cells(name):
            alt = alt_text(metadata)
            assert alt not in seen, f"{name}.md cell {index} repeats the alt text of {seen[alt]}"
            seen[alt] = f"{name}.md cell {index}"
