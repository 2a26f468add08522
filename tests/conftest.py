"""Fixtures shared by every test folder (constants and helpers: ``tests/support.py``).

Layout::

    tests/unit/    the package: model, data, command line, hostile and property-based tests
    tests/book/    the book: notebook pairs, exercises, alt text, the clean build and its
                   browser checks (chromium.py), the interactive figures in Chromium, publishing
    tests/tools/   scripts, workflow lint, the environment files
    tests/fixtures/  hand-made input files (support.FIXTURES)
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import support


def pytest_configure(config):
    # matplotlib without a display; notebook kernels started by nbval are other processes
    import matplotlib

    matplotlib.use("Agg")


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository's root folder."""
    return support.ROOT


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """``tests/fixtures``: hand-made input files."""
    return support.FIXTURES


@pytest.fixture
def toy_leaderboard() -> pd.DataFrame:
    """The toy leaderboard, scores as fractions (a fresh copy per test: tests may change it)."""
    return support.toy_leaderboard()


@pytest.fixture(scope="session")
def chapters() -> list[str]:
    """The chapters' names (``notebooks/NAME`` in ``_toc.yml``), in book order."""
    return list(support.CHAPTERS)


@pytest.fixture(scope="session")
def synthetic_models():
    """``synthetic_models(n=80, noise=0.004, seed=12345)``: a DataFrame of synthetic base models."""
    return support.synthetic_models


@pytest.fixture(scope="session")
def paper_figures():
    """Every figure of ``meekbook.plots.figures.PAPER_FIGURES``, drawn once per session.

    Read-only: a test that changes a figure must draw its own.
    """
    import matplotlib.pyplot as plt

    from meekbook.plots.figures import PAPER_FIGURES

    figures = {name: make() for name, make in PAPER_FIGURES.items()}
    yield figures
    for fig in figures.values():
        plt.close(fig)


@pytest.fixture(scope="session")
def written_figures(tmp_path_factory) -> Path:
    """A folder with every paper figure as PNG and SVG, written once by ``meekbook figures``."""
    from meekbook.cli import main

    out = tmp_path_factory.mktemp("figures")
    assert main(["figures", str(out), "--format", "png", "svg"]) == 0
    return out


_KIND_DIRS = {"unit", "book", "tools"}


def pytest_collection_modifyitems(config, items):
    """Mark each test with its folder's kind (``-m unit``, ``-m book``, ``-m tools``)."""
    tests_dir = support.ROOT / "tests"
    for item in items:
        try:
            kind = Path(item.fspath).resolve().relative_to(tests_dir).parts[0]
        except ValueError:
            continue
        if kind in _KIND_DIRS:
            item.add_marker(kind)
