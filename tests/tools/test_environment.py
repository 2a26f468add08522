"""environment.yml (Binder, conda) must list the same dependencies as pyproject.toml."""

import re
import tomllib
from pathlib import Path

import yaml

from support import ROOT  # noqa: E402


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def test_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_split(r) for r in project["dependencies"] + project["optional-dependencies"]["book"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {}
    pip_lines = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_lines.extend(dep.get("pip", []))
        else:
            name, spec = _split(dep.replace("=", "==", 1) if re.match(r"^[\w.\-]+=[^=]", dep) else dep)
            conda[name] = spec
    missing = sorted(set(wanted) - set(conda))
    assert not missing, f"environment.yml lacks {missing} (pyproject.toml has them)"
    different = {n: (wanted[n], conda[n]) for n in wanted if wanted[n] != conda[n]}
    assert not different, f"version specs differ (pyproject, environment.yml): {different}"
    assert "-e ." in pip_lines, "environment.yml must install the package itself (pip: -e .)"
    python = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert python and python[0].split("=")[-1] >= project["requires-python"].lstrip(">=")
