"""Dated snapshots of public tables: take one (atomically), list them, open one.

A snapshot is a folder ``OUT/SOURCE/YYYYMMDDTHHMMSSZ/`` holding the table exactly as published
(``data.csv``) and ``manifest.json``: the source, the URL (or file) it came from, the retrieval
time (UTC), the sha256 of ``data.csv``, the licence and attribution, the row count and the
column mapping used. It is written into a hidden temporary folder next to its final place and
renamed into place only when complete, so a failed refresh leaves every earlier snapshot as it
was and no partial folder behind.

The default ``OUT`` (:func:`default_root`) is ``$MEEKBOOK_SNAPSHOTS`` when set, else
``$XDG_DATA_HOME/meekbook/snapshots`` (``~/.local/share/meekbook/snapshots``): a user data
folder, never inside the installed package.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .download import DEFAULT_TIMEOUT, MAX_DOWNLOAD_BYTES, RefreshError, fetch
from .sources import SOURCES, check_table

__all__ = ["Snapshot", "default_root", "refresh", "list_snapshots", "open_snapshot", "MANIFEST"]

MANIFEST = "manifest.json"
DATA = "data.csv"


@dataclass(frozen=True)
class Snapshot:
    """One snapshot folder and its manifest."""

    path: Path
    manifest: dict

    @property
    def source(self) -> str:
        return str(self.manifest["source"])

    @property
    def retrieved(self) -> str:
        return str(self.manifest["retrieved_utc"])

    @property
    def rows(self) -> int:
        return int(self.manifest["rows"])

    @property
    def data(self) -> Path:
        return self.path / str(self.manifest.get("file", DATA))


def default_root() -> Path:
    """Where snapshots go without ``--out`` (see the module docstring)."""
    if os.environ.get("MEEKBOOK_SNAPSHOTS"):
        return Path(os.environ["MEEKBOOK_SNAPSHOTS"])
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "meekbook" / "snapshots"


def refresh(source: str, location: str | None = None, out: str | os.PathLike | None = None, *,
            timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_DOWNLOAD_BYTES,
            now: datetime | None = None) -> Snapshot:
    """Take a snapshot of ``source`` from ``location`` (default: its published URL).

    Parameters
    ----------
    source : str
        A name from :data:`~meekbook.empirical.sources.SOURCES`.
    location : str, optional
        A file path or http(s) URL holding the table in the source's format.
    out : path-like, optional
        The snapshots folder (default :func:`default_root`).
    timeout, max_bytes :
        See :func:`~meekbook.empirical.download.fetch`.
    now : datetime, optional
        The retrieval time (default: the current UTC time).

    Raises
    ------
    ValueError
        Unknown source.
    RefreshError
        The download or the table's check failed (nothing was written).
    """
    if source not in SOURCES:
        raise ValueError(f"SOURCE must be one of {sorted(SOURCES)}; got {source!r}")
    spec = SOURCES[source]
    where = location or spec.url
    data = fetch(where, timeout=timeout, max_bytes=max_bytes, member=spec.member)
    header, rows, mapping = check_table(spec, data, where)
    when = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    manifest = {
        "source": spec.name, "title": spec.title, "url": where,
        "published_url": spec.url, "retrieved_utc": when.isoformat().replace("+00:00", "Z"),
        "file": DATA, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
        "licence": spec.licence, "attribution": spec.attribution, "rows": rows,
        "columns": header, "mapping": mapping, "kind": spec.kind,
    }
    root = Path(out) if out is not None else default_root()
    return _write(root / spec.name, when.strftime("%Y%m%dT%H%M%SZ"), data, manifest)


def _write(folder: Path, stamp: str, data: bytes, manifest: dict) -> Snapshot:
    """Write into a temporary folder, then rename it into place (never over an existing one)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / stamp
        n = 1
        while final.exists():
            n += 1
            final = folder / f"{stamp}-{n}"
        tmp = Path(tempfile.mkdtemp(prefix=".partial-", dir=folder))
    except OSError as err:
        raise RefreshError(f"cannot create the snapshot folder {str(folder)!r}: "
                           f"{err.strerror or err}") from None
    try:
        (tmp / DATA).write_bytes(data)
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        os.rename(tmp, final)
    except OSError as err:
        shutil.rmtree(tmp, ignore_errors=True)
        raise RefreshError(f"cannot write the snapshot into {str(folder)!r}: "
                           f"{err.strerror or err}") from None
    return Snapshot(final, manifest)


def open_snapshot(path: str | os.PathLike) -> Snapshot:
    """The snapshot in folder ``path``; a source folder (``OUT/SOURCE``) means its newest one.

    Raises
    ------
    ValueError
        No snapshot there, or its ``data.csv`` does not match the manifest's sha256.
    """
    folder = Path(path)
    if not (folder / MANIFEST).is_file():
        found = sorted((s for s in list_snapshots(folder) if s.path.parent == folder),
                       key=lambda s: s.retrieved)
        if not found:
            raise ValueError(f"--snapshot {str(path)!r} holds no snapshot (no {MANIFEST}); "
                             "take one with 'python -m meekbook data refresh SOURCE'")
        return found[-1]
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        snap = Snapshot(folder, manifest)
        digest = hashlib.sha256(snap.data.read_bytes()).hexdigest()
        _ = snap.source, snap.rows
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ValueError(f"--snapshot {str(path)!r}: unreadable manifest or data ({err})") from None
    if digest != manifest.get("sha256"):
        raise ValueError(f"--snapshot {str(path)!r}: {snap.data.name} does not match the sha256 "
                         "in its manifest (edited after the refresh?)")
    return snap


def list_snapshots(root: str | os.PathLike | None = None) -> list[Snapshot]:
    """Every readable snapshot under ``root`` (default :func:`default_root`), oldest first."""
    base = Path(root) if root is not None else default_root()
    found = []
    for manifest in sorted(base.glob(f"**/{MANIFEST}")):
        if any(part.startswith(".partial-") for part in manifest.parts):
            continue
        try:
            found.append(Snapshot(manifest.parent, json.loads(manifest.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    return sorted(found, key=lambda s: (str(s.manifest.get("retrieved_utc", "")), str(s.path)))
