"""The argument parser every ``python -m meekbook`` command uses: usage errors are one line.

It also refuses, for every command: an option given twice (argparse would silently keep the
last; repeatable options such as ``--prior`` are ``append`` actions and stay allowed) and any
argument longer than :data:`MAX_ARGUMENT` characters. Numeric options parse with
:func:`number_option` / :func:`int_option`, the grammar CSV cells use
(:data:`meekbook.validation.NUMBER_GRAMMAR`).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Callable, NoReturn, Sequence

from ..validation import parse_int_text, parse_number_text

__all__ = ["OneLineParser", "MAX_ARGUMENT", "number_option", "int_option"]

#: Longest accepted command-line argument (a path, a number, a ``--prior`` spec).
MAX_ARGUMENT = 4096


def number_option(name: str) -> Callable[[str], float]:
    """An argparse ``type=`` for a finite number under the shared number grammar."""

    def parse(text: str) -> float:
        try:
            return parse_number_text(name, text)
        except ValueError as err:
            raise argparse.ArgumentTypeError(str(err).replace(f"{name} ", "", 1)) from None

    return parse


def int_option(name: str, lower: int = 0, upper: int | None = None) -> Callable[[str], int]:
    """An argparse ``type=`` for a bounded integer (ASCII digits only)."""

    def parse(text: str) -> int:
        try:
            return parse_int_text(name, text, lower, upper)
        except ValueError as err:
            raise argparse.ArgumentTypeError(str(err).replace(f"{name} ", "", 1)) from None

    return parse


def _once(base: type[argparse.Action]) -> type[argparse.Action]:
    class Once(base):  # type: ignore[valid-type,misc]
        def __call__(self, parser: Any, namespace: Any, values: Any, option_string: Any = None) -> None:
            seen = parser.__dict__.setdefault("_meekbook_seen", set())
            if option_string is not None and self.dest in seen:
                parser.error(f"{'/'.join(self.option_strings)} given twice; give it once")
            seen.add(self.dest)
            super().__call__(parser, namespace, values, option_string)

    Once.__name__ = f"Once{base.__name__}"
    return Once


_ONCE = {name: _once(cls) for name, cls in [
    ("store", argparse._StoreAction), ("store_const", argparse._StoreConstAction),
    ("store_true", argparse._StoreTrueAction), ("store_false", argparse._StoreFalseAction)]}


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line ``error: ...`` and exit status 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, cls in _ONCE.items():
            self.register("action", name, cls)
        self.register("action", None, _ONCE["store"])

    def parse_known_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:
        self.__dict__["_meekbook_seen"] = set()
        args = list(sys.argv[1:] if args is None else args)
        for i, arg in enumerate(args):
            if isinstance(arg, str) and len(arg) > MAX_ARGUMENT:
                option = args[i - 1] if i and str(args[i - 1]).startswith("-") else "an argument"
                command = f"{args[0]}: " if i and not str(args[0]).startswith("-") else ""
                self.error(f"{command}{option} value is longer than {MAX_ARGUMENT} characters "
                           f"({len(arg):,}: {arg[:20]!r}...)")
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> "NoReturn":  # type: ignore[override]
        text = " ".join(str(message).split())
        command = self.prog.replace("python -m meekbook", "").strip()
        where = f"{command}: " if command else ""
        self.exit(2, f"error: {where}{text} (see --help)\n")
