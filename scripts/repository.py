"""The repository-URL rule, shared by ``set_repository.py``, ``check_launch.py`` and the book's
publishing extension (``book/_ext/meekbook_publish.py``).

A repository URL is ``https://github.com/OWNER/REPO`` or ``https://gitlab.com/OWNER/REPO``,
written without a trailing slash or ``.git``. A chapter's install cell installs
``meekbook[EXTRA] @ git+URL``.
"""

from __future__ import annotations

import re

#: A repository URL, normalised (see :func:`normalise`).
REPOSITORY_URL = re.compile(r"^https://(github\.com|gitlab\.com)/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
#: The requirement in an install cell; group ``url`` is the repository it installs from.
INSTALL_URL = re.compile(r"meekbook\[\w+\] @ git\+(?P<url>[^\"'\s]+)")


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


def replace_install_target(source: str, target: str) -> tuple[str, int]:
    """Make every install requirement of ``source`` install ``target`` instead of ``git+URL``.

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
    >>> replace_install_target('"meekbook[notebook] @ git+https://github.com/o/r"', "file:///w.whl")
    ('"meekbook[notebook] @ file:///w.whl"', 1)
    """
    return INSTALL_URL.subn(lambda m: m.group(0)[: m.start("url") - m.start() - 4] + target, source)
