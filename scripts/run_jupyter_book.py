#!/usr/bin/env python
"""Run the ``jupyter-book`` command, then exit without tearing the interpreter down.

When ``jupyter-book build`` returns, every page is written and every file it wrote is closed.
What is left is Python freeing the build's objects one by one at exit (the Sphinx environment,
the doctrees, the executed notebooks): 1-1.7 s of one core at the very end of every build, when
nothing else runs. This wrapper runs the same command (``jupyter_book.cli.main``) with the same
arguments, flushes the output streams and the logging handlers, and leaves with
:func:`os._exit` and the command's exit status.

Usage (the arguments of ``jupyter-book``)::

    .venv/bin/python scripts/run_jupyter_book.py build . -n -W --keep-going
"""

from __future__ import annotations

import logging
import os
import sys


def run(argv: list[str]) -> int:
    """Run ``jupyter-book ARGV`` and return its exit status."""
    from jupyter_book.cli.main import main

    try:
        main(args=argv, prog_name="jupyter-book")
    except SystemExit as exc:          # click ends every command this way
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        print(exc.code, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    status = run(sys.argv[1:])
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
