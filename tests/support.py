"""Shared constants and helpers of the test suite (the fixtures built on them are in conftest.py).

Test modules import what they need at import time (parametrize lists, paths) from here::

    from support import ROOT, FIXTURES, CHAPTERS, load_script

``tests/`` is on ``sys.path`` because ``tests/conftest.py`` lives there (pytest's default
``prepend`` import mode). Nothing here calls the code under test to compute an expected value.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd

#: The repository's root folder.
ROOT = Path(__file__).resolve().parent.parent
#: Hand-made input files (malformed tables, the toy leaderboard).
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The Python of the repository's virtual environment (scripts/setup.sh makes it).
VENV_BIN = ROOT / ".venv" / "bin"


def load_script(name: str, path: Path | None = None) -> ModuleType:
    """Import ``scripts/NAME.py`` (or the file ``path``) as a module called ``name``."""
    spec = importlib.util.spec_from_file_location(name, path or ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------
# The book's pages, from the one _toc.yml walker (scripts/book_toc.py)
# ---------------------------------------------------------------------------------------------
def toc_files() -> list[str]:
    """Every page of ``_toc.yml`` in order, without suffix (``book/intro``, ``notebooks/NAME``)."""
    return [f.removesuffix(".md").removesuffix(".ipynb")
            for f in load_script("book_toc").toc_files(ROOT / "_toc.yml")]


#: The chapters (``notebooks/NAME`` pages of ``_toc.yml``), in book order.
CHAPTER_DOCNAMES: list[str] = [f for f in toc_files() if f.startswith("notebooks/")]
#: Their names (``NAME``), in book order.
CHAPTERS: list[str] = [f.removeprefix("notebooks/") for f in CHAPTER_DOCNAMES]


# ---------------------------------------------------------------------------------------------
# The toy leaderboard (hand-made; expected values in the tests are worked out by hand from it)
# ---------------------------------------------------------------------------------------------
#: Scores in percent, prices in $ per million output tokens, params in billions.
TOY_LEADERBOARD_CSV = FIXTURES / "leaderboard_toy.csv"


def toy_leaderboard() -> pd.DataFrame:
    """The toy leaderboard read with plain pandas (not meekbook's loader), scores as fractions."""
    df = pd.read_csv(TOY_LEADERBOARD_CSV, parse_dates=["release_date"])
    df["mmlu_pro"] = df["mmlu_pro"] / 100
    df["output_price"] = df["output_price"].astype(float)
    return df


# ---------------------------------------------------------------------------------------------
# Synthetic base models (the Chinchilla law and the sigmoid written out, independent of meekbook)
# ---------------------------------------------------------------------------------------------
#: The sigmoid the synthetic scores are drawn from (close to the paper's fit).
TRUE_SIGMOID = {"S": 0.55, "x0": 1.97, "k": -24.0, "s0": 0.25}


def chinchilla(n, d):
    """Hoffmann et al. (2022), Approach 3, written out independently of meekbook.model.scaling."""
    return 1.69 + 406.4 / np.power(n, 0.34) + 410.7 / np.power(d, 0.28)


def sigmoid(loss, S, x0, k, s0):
    return S / (1.0 + np.exp(-k * (loss - x0))) + s0


def synthetic_models(n: int = 80, noise: float = 0.004, seed: int = 12345) -> pd.DataFrame:
    """``n`` models over 1e8..1e12 parameters and 1e10..2e13 tokens, scores from TRUE_SIGMOID."""
    rng = np.random.default_rng(seed)
    params = 10 ** rng.uniform(8, 12, n)
    tokens = 10 ** rng.uniform(10, 13.3, n)
    score = sigmoid(chinchilla(params, tokens), **TRUE_SIGMOID) + rng.normal(0.0, noise, n)
    return pd.DataFrame({"model": [f"m{i}" for i in range(n)], "params": params,
                         "tokens": tokens, "mmlu": score})
