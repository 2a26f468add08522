"""``python -m meekbook``: see :mod:`meekbook.cli`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
