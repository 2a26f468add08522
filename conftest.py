"""Root pytest configuration for meekbook.

nbval fix: nbval executes every cell with ``store_history=False`` (nbval issue #194). IPython
then ignores a trailing ``;``: a cell ending in ``ax.set_xlabel("x");`` shows an output under
nbval that the golden notebook (executed normally) does not have, and the comparison fails.
We re-execute cells the way Jupyter does, with ``store_history=True``.

Usage::

    .venv/bin/pytest --nbval notebooks/NAME.ipynb --nbval-sanitize-with nbval_sanitize.cfg
"""

from __future__ import annotations

try:
    from nbval.kernel import RunningKernel
except ImportError:  # nbval not installed: nothing to patch
    RunningKernel = None

if RunningKernel is not None:

    def _execute_cell_input(self, cell_input, allow_stdin=None):
        """Execute a cell as Jupyter does (``store_history=True``), so ``;`` suppresses output."""
        return self.kc.execute(
            cell_input,
            store_history=True,
            allow_stdin=allow_stdin,
            stop_on_error=False,
        )

    RunningKernel.execute_cell_input = _execute_cell_input
