#!/usr/bin/env python
"""Put the published site together: student edition, release copies, version list, zip.

Used by the workflows (``.github/workflows/pages.yml`` and ``release.yml``)::

    python scripts/site_bundle.py assemble _build/site --html _build/html --student _build/student/html
    python scripts/site_bundle.py zip _build/site _build/meekbook-site-v0.3.0.zip
    python scripts/site_bundle.py editions _build/site --zips _build/releases \\
        --site-url https://OWNER.github.io/meekbook

* ``assemble``: the book at the root of the site and the student edition under ``student/``.
* ``zip``: the whole site as one zip file (attached to each release: an offline copy). The
  entries are sorted and dated 1980-01-01, so the same site gives the same bytes.
* ``tag``: print the release tag of ``meekbook.__version__`` (``vX.Y.Z``; the release workflow
  refuses a tag that differs, so the install cells' pin exists once released).
* ``editions``: each release's site zip (``meekbook-site-vX.Y.Z.zip``) unpacked into ``vX.Y/``
  (the newest patch release of each minor version), and ``versions.json``, the list the theme's
  version switcher reads: ``latest`` (the root: the main branch) first, then every edition,
  newest first. Pre-release tags (``v1.0.0rc1``) get no edition.

Nothing here touches the network: the workflow downloads the release zips (GitHub CLI) first.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))   # sibling modules
import repository  # noqa: E402

#: A release's site zip, as the release workflow names it.
ZIP_NAME = re.compile(r"^meekbook-site-(?P<tag>v\d+\.\d+\.\d+)\.zip$")
#: Fixed timestamp of every zip entry (the earliest a zip file can store).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def zip_name(tag: str) -> str:
    """The file name of release ``tag``'s site zip (``meekbook-site-vX.Y.Z.zip``).

    Examples
    --------
    >>> zip_name("v0.3.0")
    'meekbook-site-v0.3.0.zip'
    """
    repository.edition_folder(tag)
    return f"meekbook-site-{tag}.zip"


def _version_key(tag: str) -> tuple[int, ...]:
    return tuple(int(x) for x in tag[1:].split("."))


def newest_per_edition(tags: list[str]) -> dict[str, str]:
    """``{folder vX.Y: newest final tag vX.Y.Z}``, newest edition first.

    Examples
    --------
    >>> newest_per_edition(["v0.2.0", "v0.3.0", "v0.2.1", "v1.0.0rc1"])
    {'v0.3': 'v0.3.0', 'v0.2': 'v0.2.1'}
    """
    final = sorted((t for t in tags if re.fullmatch(r"v\d+\.\d+\.\d+", t)), key=_version_key,
                   reverse=True)
    out: dict[str, str] = {}
    for tag in final:
        out.setdefault(repository.edition_folder(tag), tag)
    return out


def switcher(site_url: str, folders: list[str]) -> list[dict[str, object]]:
    """The version switcher's entries (pydata-sphinx-theme's ``versions.json`` format).

    Parameters
    ----------
    site_url : str
        The published site's address (``https://OWNER.github.io/meekbook``).
    folders : list of str
        The release editions, newest first (``vX.Y``).

    Returns
    -------
    list of dict
        ``latest`` (the site's root, built from the main branch; preferred) and one entry per
        edition.
    """
    if not re.match(r"^https?://[^\s/]+(/\S*)?$", site_url or ""):
        raise ValueError(f"site_url must be an http(s) address, got {site_url!r}")
    base = site_url.rstrip("/")
    entries: list[dict[str, object]] = [
        {"name": "latest (main)", "version": "latest", "url": f"{base}/", "preferred": True}]
    entries += [{"name": f, "version": f, "url": f"{base}/{f}/"} for f in folders]
    return entries


def assemble(out: Path, html: Path, student: Path | None) -> None:
    """Copy the book ``html`` to ``out`` and the student edition ``student`` to ``out/student``."""
    if not (html / "index.html").is_file():
        raise ValueError(f"html must be a built book (with index.html), got {str(html)!r}")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(html, out)
    if student is not None:
        if not (student / "index.html").is_file():
            raise ValueError(f"student must be a built book (with index.html), got {str(student)!r}")
        shutil.copytree(student, out / "student")


def make_zip(site: Path, dest: Path) -> int:
    """Write every file of ``site`` into the zip ``dest``; return the number of files."""
    if not (site / "index.html").is_file():
        raise ValueError(f"site must be a built site (with index.html), got {str(site)!r}")
    files = sorted(p for p in site.rglob("*") if p.is_file())
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(site).as_posix(), date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    return len(files)


def editions(site: Path, zips: Path, site_url: str) -> list[str]:
    """Unpack the release zips in ``zips`` into ``site/vX.Y`` and write ``site/versions.json``.

    Returns
    -------
    list of str
        The edition folders, newest first.
    """
    found = {m.group("tag"): p for p in sorted(zips.glob("*.zip")) if (m := ZIP_NAME.match(p.name))}
    chosen = newest_per_edition(list(found))
    for folder, tag in chosen.items():
        target = site / folder
        if target.exists():
            shutil.rmtree(target)
        with zipfile.ZipFile(found[tag]) as zf:
            for name in zf.namelist():
                if name.startswith("/") or ".." in Path(name).parts:
                    raise ValueError(f"{found[tag].name}: unsafe entry {name!r}")
            zf.extractall(target)
    (site / "versions.json").write_text(
        json.dumps(switcher(site_url, list(chosen)), indent=1) + "\n", encoding="utf8")
    return list(chosen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("assemble", help="book at the root, student edition under student/")
    a.add_argument("out", type=Path)
    a.add_argument("--html", type=Path, required=True)
    a.add_argument("--student", type=Path)
    z = sub.add_parser("zip", help="the whole site as one zip")
    z.add_argument("site", type=Path)
    z.add_argument("dest", type=Path)
    sub.add_parser("tag", help="print the release tag of meekbook.__version__ (vX.Y.Z)")
    e = sub.add_parser("editions", help="release copies vX.Y/ and versions.json")
    e.add_argument("site", type=Path)
    e.add_argument("--zips", type=Path, required=True)
    e.add_argument("--site-url", required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "tag":
            print(repository.release_tag(repository.package_version()))
        elif args.command == "assemble":
            assemble(args.out, args.html, args.student)
            print(f"[site] {args.out}: book" + (" + student/" if args.student else ""))
        elif args.command == "zip":
            count = make_zip(args.site, args.dest)
            print(f"[site] {args.dest}: {count} files")
        else:
            folders = editions(args.site, args.zips, args.site_url)
            print(f"[site] editions: {', '.join(folders) or 'none'}; versions.json written")
    except (ValueError, OSError, zipfile.BadZipFile) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
