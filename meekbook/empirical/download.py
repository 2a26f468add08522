"""Read a published table from a URL or a local file, bounded and checked (standard library only).

:func:`fetch` returns the bytes of a CSV as published, or raises :class:`RefreshError` with one
sentence naming what is wrong: a network error, an HTTP status other than 200, a timeout, a body
shorter than its ``Content-Length`` (truncated), a body larger than ``max_bytes``, or HTML where
a CSV was expected (a login page, an error page, a moved link). Nothing is written.
"""

from __future__ import annotations

import http.client
import io
import socket
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from ..validation import file_kind

__all__ = ["RefreshError", "MAX_DOWNLOAD_BYTES", "DEFAULT_TIMEOUT", "fetch", "is_url"]

#: Largest body read (bytes): Epoch's all-models table is about 10 MB; a bigger one is refused.
MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024
#: Seconds to wait for the server to connect or send more data.
DEFAULT_TIMEOUT = 30.0
_CHUNK = 1 << 16


class RefreshError(ValueError):
    """A refresh failed; the message is one sentence naming the source and what is wrong."""


def is_url(location: str) -> bool:
    """Whether ``location`` is an ``http://`` or ``https://`` address."""
    return location.lower().startswith(("http://", "https://"))


def fetch(location: str, *, timeout: float = DEFAULT_TIMEOUT,
          max_bytes: int = MAX_DOWNLOAD_BYTES, member: str | None = None) -> bytes:
    """The bytes at ``location`` (an http(s) URL or a local path), checked.

    Parameters
    ----------
    location : str
        ``http://`` / ``https://`` URL or a file path.
    timeout : float
        Seconds to wait for the connection or for more data (> 0).
    max_bytes : int
        Largest body accepted (> 0).
    member : str, optional
        When the body is a ZIP archive: the file inside to return (Epoch's benchmark data is
        published as a ZIP of CSV files).

    Raises
    ------
    RefreshError
        See the module docstring.
    """
    if not timeout > 0:
        raise ValueError(f"timeout must be > 0 seconds; got {timeout!r}")
    if not (isinstance(max_bytes, int) and max_bytes > 0):
        raise ValueError(f"max_bytes must be a positive integer; got {max_bytes!r}")
    data = _from_url(location, timeout, max_bytes) if is_url(location) else _from_file(location, max_bytes)
    if data[:4] == b"PK\x03\x04":
        data = _unzip(location, data, member, max_bytes)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml")):
        raise RefreshError(f"{location}: the body is HTML or XML, not a CSV table (a moved link, "
                           "a login or an error page?)")
    if not data.strip():
        raise RefreshError(f"{location}: the body is empty")
    return data


def _from_file(location: str, max_bytes: int) -> bytes:
    path = Path(location)
    kind = file_kind(path) if location.strip() else None
    if kind is not None:         # checked with stat: a FIFO or device is never opened
        raise RefreshError(f"{location!r} is {kind}, not a file (give a CSV or ZIP file or an "
                           "http(s) URL)")
    if location.strip() == "" or not path.is_file():
        raise RefreshError(f"{location!r}: no such file (give a CSV or ZIP file or an http(s) URL)")
    if path.stat().st_size > max_bytes:
        raise RefreshError(f"{location}: file is larger than {max_bytes} bytes")
    return path.read_bytes()


def _from_url(url: str, timeout: float, max_bytes: int) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "meekbook data refresh",
                                                   "Accept": "text/csv, application/zip, */*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only)
            ctype = response.headers.get("Content-Type", "")
            if "html" in ctype.lower():
                raise RefreshError(f"{url}: the server sent {ctype.split(';')[0]}, not a CSV table "
                                   "(a moved link, a login or an error page?)")
            length = response.headers.get("Content-Length")
            expected = int(length) if length and length.isdigit() else None
            if expected is not None and expected > max_bytes:
                raise RefreshError(f"{url}: the body is {expected} bytes, more than the "
                                   f"{max_bytes} bytes allowed")
            data = _read_bounded(response, url, max_bytes)
    except urllib.error.HTTPError as err:
        raise RefreshError(f"{url}: HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        reason = err.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise RefreshError(f"{url}: timed out after {timeout:g} s") from None
        raise RefreshError(f"{url}: network error ({reason})") from None
    except (TimeoutError, socket.timeout):
        raise RefreshError(f"{url}: timed out after {timeout:g} s") from None
    except http.client.IncompleteRead as err:
        raise RefreshError(f"{url}: truncated body ({len(err.partial)} bytes received, "
                           f"{len(err.partial) + (err.expected or 0)} announced)") from None
    except (http.client.HTTPException, OSError) as err:
        raise RefreshError(f"{url}: network error ({err})") from None
    if expected is not None and len(data) != expected:
        raise RefreshError(f"{url}: truncated body ({len(data)} bytes received, {expected} announced)")
    return data


def _read_bounded(response: object, url: str, max_bytes: int) -> bytes:
    buf = io.BytesIO()
    while True:
        chunk = response.read(_CHUNK)  # type: ignore[attr-defined]
        if not chunk:
            return buf.getvalue()
        buf.write(chunk)
        if buf.tell() > max_bytes:
            raise RefreshError(f"{url}: the body is larger than the {max_bytes} bytes allowed")


def _unzip(location: str, data: bytes, member: str | None, max_bytes: int) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            wanted = [n for n in names if member is not None and n.rsplit("/", 1)[-1] == member]
            if not wanted:
                raise RefreshError(f"{location}: a ZIP archive without {member!r} "
                                   f"(it holds {len(names)} files, e.g. {names[:3]})")
            info = archive.getinfo(wanted[0])
            if info.file_size > max_bytes:
                raise RefreshError(f"{location}: {member} is larger than {max_bytes} bytes")
            return archive.read(info)
    except zipfile.BadZipFile as err:
        raise RefreshError(f"{location}: damaged ZIP archive ({err})") from None
