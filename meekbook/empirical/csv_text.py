"""Reading a CSV file's text: size limits, a regular file, UTF-8 or UTF-16 with a byte-order mark.

The first step of :func:`meekbook.empirical.tables.read_table`. A problem raises
:class:`TextProblem`; the reader adds the file's name
(:class:`~meekbook.empirical.tables.DataValidationError`).
"""

from __future__ import annotations

import os
import stat
from importlib.resources.abc import Traversable
from typing import Union

from ..validation import ParameterTypeError, file_kind

__all__ = ["TextProblem", "MAX_FILE_BYTES", "MAX_COLUMNS", "read_text"]

PathLike = Union[str, "os.PathLike[str]", Traversable]


class TextProblem(ValueError):
    """The file cannot be read as CSV text.

    Attributes
    ----------
    problem : str
        What is wrong, for the message.
    line : int or None
        The 1-based line concerned, when there is one.
    """

    def __init__(self, problem: str, line: int | None = None) -> None:
        self.problem = problem
        self.line = line
        super().__init__(problem)


#: Largest file :func:`~meekbook.empirical.tables.read_table` reads (bytes); larger files are refused before reading.
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Most columns a table may have; a wider header is refused before it is split.
MAX_COLUMNS = 1000
_MAX_HEADER_CHARS = 64 * 1024


def _read_bytes(path: PathLike) -> bytes:
    """The file's bytes, refused before reading when it is not a regular file or too large."""
    if not isinstance(path, (str, os.PathLike)) and not hasattr(path, "read_bytes"):
        raise ParameterTypeError(
            f"path must be a file name (str or path-like); got {type(path).__name__}"
        )
    try:
        if isinstance(path, (str, os.PathLike)):
            kind = file_kind(path)  # before open(): opening a FIFO would block
            if kind is not None and kind != "a folder":
                raise TextProblem(f"is not a regular file ({kind}); give a CSV file")
            with open(path, "rb") as fh:
                info = os.fstat(fh.fileno())
                if not stat.S_ISREG(info.st_mode):
                    raise TextProblem("is not a regular file (a device?)")
                size = info.st_size
                if size > MAX_FILE_BYTES:
                    raise TextProblem(
                        f"file is {size / 2**20:.0f} MB; at most {MAX_FILE_BYTES // 2**20} MB is read",
                    )
                data = fh.read(MAX_FILE_BYTES + 1)
        else:
            data = path.read_bytes()
    except FileNotFoundError:
        raise TextProblem("file not found") from None
    except IsADirectoryError:
        raise TextProblem("is a directory, not a CSV file") from None
    except PermissionError:
        raise TextProblem("permission denied (the file cannot be read)") from None
    except OSError as err:
        raise TextProblem(f"cannot be read ({err.strerror or err})") from None
    if len(data) > MAX_FILE_BYTES:
        raise TextProblem(f"file is larger than {MAX_FILE_BYTES // 2**20} MB")
    return data


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is an error."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise TextProblem(f"not valid UTF-16 text ({err.reason})") from None
    if b"\x00" in data[:4096]:
        raise TextProblem(
            "contains NUL bytes: a binary file, or UTF-16/32 text without a byte-order mark; "
            "save it as UTF-8 CSV",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise TextProblem(
            f"not UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8 "
            "(e.g. it may be Latin-1 / Windows-1252)",
            line=line,
        ) from None


def read_text(path: PathLike) -> str:
    """The text of the CSV file ``path``: at most :data:`MAX_FILE_BYTES`, UTF-8 (with or without
    byte-order mark) or UTF-16 with one, a header of at most :data:`MAX_COLUMNS` fields.

    Raises
    ------
    TextProblem
        The file cannot be read, is too large, is not text, or its header is too wide.
    TypeError
        ``path`` is not a file name (a :class:`~meekbook.validation.ParameterTypeError`).
    """
    text = _decode(_read_bytes(path))
    first = text.split("\n", 1)[0]
    if len(first) > _MAX_HEADER_CHARS or first.count(",") >= MAX_COLUMNS:
        raise TextProblem(
            f"header line is too wide ({len(first):,} characters, {first.count(',') + 1:,} "
            f"fields); at most {MAX_COLUMNS} columns are read",
            line=1,
        )
    return text.removeprefix("\ufeff")
