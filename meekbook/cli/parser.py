"""The argument parser every ``python -m meekbook`` command uses: usage errors are one line."""

from __future__ import annotations

import argparse
from typing import NoReturn

__all__ = ["OneLineParser"]


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line ``error: ...`` and exit status 2."""

    def error(self, message: str) -> "NoReturn":  # type: ignore[override]
        text = " ".join(str(message).split())
        command = self.prog.replace("python -m meekbook", "").strip()
        where = f"{command}: " if command else ""
        self.exit(2, f"error: {where}{text} (see --help)\n")
