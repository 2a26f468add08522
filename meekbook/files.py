"""Writing output files safely: through a temporary file and a rename, never through a symlink.

A figure is first rendered to memory, then written to a new temporary file in the target's
folder (created with ``O_CREAT | O_EXCL | O_NOFOLLOW``: it cannot be a planted link) and
renamed over the target with :func:`os.replace`. A rename replaces the directory entry itself,
so even a symlink planted between the check and the write is replaced, never followed; a
symlink present before the write is refused with a clear error (:func:`check_not_symlink`).
A reader never sees a half-written file.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Iterable

__all__ = ["check_not_symlink", "refuse_symlinks", "write_bytes_atomic"]


def check_not_symlink(path: str | Path) -> Path:
    """``path`` unless it is a symbolic link (checked with :func:`os.lstat`, not followed).

    Raises
    ------
    ValueError
        ``path`` is a symbolic link (the message names it and where it points).
    """
    p = Path(path)
    if p.is_symlink():
        raise ValueError(f"{str(p)!r} is a symbolic link (to {os.readlink(p)!r}); refusing to write "
                         "through it: remove the link or choose another folder")
    return p


def refuse_symlinks(paths: Iterable[str | Path]) -> None:
    """:func:`check_not_symlink` on every path (before any of them is written)."""
    for path in paths:
        check_not_symlink(path)


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and :func:`os.replace`.

    Raises
    ------
    ValueError
        ``path`` is a symbolic link.
    OSError
        The folder cannot be written.
    """
    target = check_not_symlink(path)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target
