"""environment.yml (Binder, conda) defers to pyproject.toml, where the dependencies are declared."""

import tomllib
from pathlib import Path

import yaml

from support import ROOT  # noqa: E402


def _environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def test_environment_installs_the_package_with_the_book_extra():
    pip_lines = [line for dep in _environment()["dependencies"] if isinstance(dep, dict)
                 for line in dep.get("pip", [])]
    assert pip_lines == ["-e .[book]"], pip_lines


def test_environment_declares_no_dependency_of_its_own():
    conda = [d for d in _environment()["dependencies"] if isinstance(d, str)]
    assert sorted(d.split("=")[0] for d in conda) == ["pip", "python"], conda


def test_environment_python_meets_requires_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    python = [d for d in _environment()["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert python and python[0].split("=")[-1] >= project["requires-python"].lstrip(">=")


def test_book_extra_builds_on_the_notebook_extra():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert "meekbook[notebook]" in extras["book"]
    names = {r.split(">")[0].split("<")[0].split("=")[0].split("[")[0] for r in extras["book"]}
    repeated = names & {r.split(">")[0].split("<")[0].split("=")[0] for r in extras["notebook"]}
    assert not repeated, f"the book extra repeats the notebook extra: {sorted(repeated)}"
