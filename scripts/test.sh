#!/usr/bin/env bash
# Run every test: package unit and property tests, docstring examples, notebook output
# regression (nbval), the clean book build and the headless-browser check of every page.
# Usage: bash scripts/test.sh [extra pytest args]      (QUICK=1 skips the book build and nbval)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# No MPLBACKEND here: notebook kernels inherit it and would then show no figures.
export PYDEVD_DISABLE_FILE_VALIDATION=1
targets=(tests meekbook)
extra=()
if [ "${QUICK:-0}" = "1" ]; then
  extra+=(-m "not slow")
else
  targets+=(notebooks/*.ipynb)
  extra+=(--nbval --nbval-sanitize-with nbval_sanitize.cfg)
fi
exec .venv/bin/python -m pytest "${targets[@]}" "${extra[@]}" "$@"
