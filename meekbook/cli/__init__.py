"""``python -m meekbook``: verify, figures, params, fit-sigmoid, frontier-gap, uncertainty.

- :mod:`~meekbook.cli.main` -- the parser and the model commands (verify, figures, params)
- :mod:`~meekbook.cli.data` -- the two analyses on a CSV (fit-sigmoid, frontier-gap)
- :mod:`~meekbook.cli.uncertainty` -- the Monte Carlo (uncertainty)
- :mod:`~meekbook.cli.parser` -- one-line usage errors, exit status 2
"""

from .main import build_parser, main

__all__ = ["main", "build_parser"]
