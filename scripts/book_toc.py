"""The pages of the book in ``_toc.yml`` order: the one ``_toc.yml`` walker of the scripts.

``sync_notebooks.py``, ``execute_book.py`` and ``student_edition.py`` import it (they put this
folder on ``sys.path`` first, so it also works when a test loads them from their file).
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
