"""The repository-URL rule, shared by ``set_repository.py``, ``check_launch.py`` and the book's
publishing extension (``book/_ext/meekbook_publish.py``).

A repository URL is ``https://github.com/OWNER/REPO`` or ``https://gitlab.com/OWNER/REPO``,
written without a trailing slash or ``.git``. A chapter's install cell installs
``meekbook[EXTRA] @ git+URL@REF``, where REF is the release tag ``vX.Y.Z`` of the package version the
book was built with (:func:`release_tag`); the published book's downloads pin the exact commit or
tag they were built from (``book/_ext/meekbook_publish.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: A repository URL, normalised (see :func:`normalise`).
REPOSITORY_URL = re.compile(r"^https://(github\.com|gitlab\.com)/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
#: The requirement in an install cell; group ``url`` is the repository it installs from, group
#: ``ref`` the tag, branch or commit (None: unpinned).
INSTALL_URL = re.compile(r"meekbook\[\w+\] @ git\+(?P<url>[^\"'\s@]+)(?:@(?P<ref>[^\"'\s@]+))?")
#: A release tag (``vX.Y.Z``, optionally with a pre-release suffix such as ``rc1``).
RELEASE_TAG = re.compile(r"^v(?P<major>\d+)\.(?P<minor>\d+)\.\d+([a-z]+\d*)?$")


def release_tag(version: str) -> str:
    """The git tag of package version ``version`` (the release workflow refuses any other tag).

    Raises
    ------
    ValueError
        If ``version`` is not ``X.Y.Z`` (optionally with a pre-release suffix).

    Examples
    --------
    >>> release_tag("0.3.0")
    'v0.3.0'
    """
    tag = f"v{version}"
    if not RELEASE_TAG.match(tag):
        raise ValueError(f"version must be X.Y.Z (e.g. 0.3.0), got {version!r}")
    return tag


def edition_folder(tag: str) -> str:
    """The site folder of release ``tag``: ``vX.Y`` (a patch release replaces its minor edition).

    Raises
    ------
    ValueError
        If ``tag`` is not a release tag ``vX.Y.Z``.

    Examples
    --------
    >>> edition_folder("v0.3.2")
    'v0.3'
    """
    match = RELEASE_TAG.match(tag)
    if not match:
        raise ValueError(f"tag must be a release tag vX.Y.Z (e.g. v0.3.0), got {tag!r}")
    return f"v{match.group('major')}.{match.group('minor')}"


def package_version(root: Path = ROOT) -> str:
    """``meekbook.__version__``, read from ``meekbook/__init__.py`` without importing the package
    (as setuptools reads it for ``pyproject.toml``'s dynamic version)."""
    text = (Path(root) / "meekbook" / "__init__.py").read_text(encoding="utf8")
    match = re.search(r'^__version__ = "([^"]+)"$', text, re.M)
    if not match:
        raise ValueError(f"{root}/meekbook/__init__.py has no __version__ = \"X.Y.Z\" line")
    return match.group(1)


def normalise(url: str) -> str:
    """``url`` without surrounding blanks, trailing slashes and a final ``.git``.

    Examples
    --------
    >>> normalise(" https://github.com/o/r.git/ ")
    'https://github.com/o/r'
    """
    return url.strip().rstrip("/").removesuffix(".git")


def checked(url: str) -> str:
    """The normalised ``url`` if it is a repository URL.

    Parameters
    ----------
    url : str
        What the user gave.

    Returns
    -------
    str
        ``https://github.com/OWNER/REPO`` (or gitlab.com).

    Raises
    ------
    ValueError
        If the normalised URL is not of that form.
    """
    out = normalise(url)
    if not REPOSITORY_URL.match(out):
        raise ValueError(f"{out!r} is not a repository URL; expected https://github.com/OWNER/REPO "
                         "(or https://gitlab.com/OWNER/REPO)")
    return out


def install_url(source: str) -> str | None:
    """The repository an install cell's source installs from (None: no such requirement).

    Examples
    --------
    >>> install_url('pip install "meekbook[notebook] @ git+https://github.com/o/r"')
    'https://github.com/o/r'
    >>> install_url("import meekbook") is None
    True
    """
    match = INSTALL_URL.search(source)
    return match.group("url") if match else None


def install_ref(source: str) -> str | None:
    """The tag, branch or commit an install cell's requirement pins (None: none, or unpinned).

    Examples
    --------
    >>> install_ref('"meekbook[notebook] @ git+https://github.com/o/r@v0.3.0"')
    'v0.3.0'
    >>> install_ref('"meekbook[notebook] @ git+https://github.com/o/r"') is None
    True
    """
    match = INSTALL_URL.search(source)
    return match.group("ref") if match else None


def replace_install_target(source: str, target: str) -> tuple[str, int]:
    """Make every install requirement of ``source`` install ``target`` instead of ``git+URL[@REF]``.

    Parameters
    ----------
    source : str
        A cell's source.
    target : str
        What to install instead (e.g. a wheel's ``file://`` URI).

    Returns
    -------
    tuple of (str, int)
        The new source and the number of requirements replaced.

    Examples
    --------
    >>> replace_install_target('"meekbook[notebook] @ git+https://github.com/o/r@v1.0.0"', "file:///w.whl")
    ('"meekbook[notebook] @ file:///w.whl"', 1)
    """
    return INSTALL_URL.subn(lambda m: m.group(0)[: m.start("url") - m.start() - 4] + target, source)
