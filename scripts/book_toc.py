"""The pages of the book in ``_toc.yml`` order: the one ``_toc.yml`` walker of the scripts.

``sync_notebooks.py``, ``student_edition.py``, ``set_repository.py`` and ``check_launch.py``
import it (they put this folder on ``sys.path`` first, so it also works when a test loads them
from their file).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def toc_files(toc_path: Path = ROOT / "_toc.yml") -> list[str]:
    """The ``root`` and every ``file`` entry of ``toc_path``, in order (paths without suffix)."""
    import yaml

    toc = yaml.safe_load(Path(toc_path).read_text(encoding="utf8"))
    files: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    files.append(node[key])
            for value in node.values():
                if isinstance(value, (list, dict)):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return files


def chapters(toc_path: Path = ROOT / "_toc.yml") -> list[str]:
    """The chapter names (``NAME`` of every ``notebooks/NAME`` entry of ``toc_path``), in order.

    Parameters
    ----------
    toc_path : Path
        The table of contents.

    Returns
    -------
    list of str
        Names without folder or suffix, each once.
    """
    names: list[str] = []
    for entry in toc_files(toc_path):
        path = Path(entry)
        if path.parent.as_posix() == "notebooks":
            name = path.name.removesuffix(".md").removesuffix(".ipynb")
            if name not in names:
                names.append(name)
    return names
