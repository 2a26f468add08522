#!/usr/bin/env bash
# Build the book (HTML) from a clean state: set up the environment, execute every chapter,
# fail on any warning or cell error, and print where to open the result.
# Usage: bash scripts/build.sh            (clean build, the gate)
#        FAST=1 bash scripts/build.sh     (reuse the execution cache: quick, may be stale if
#                                          meekbook/ changed -- see README)
# MEEKBOOK_REPOSITORY_URL=https://github.com/OWNER/REPO gives the book its repository, issue and
# launch buttons (unset: none; see book/_ext/meekbook_publish.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PYDEVD_DISABLE_FILE_VALIDATION=1
if [ "${FAST:-0}" != "1" ]; then
  rm -rf _build/html _build/.jupyter_cache _build/jupyter_execute _build/.doctrees
fi
rm -rf _build/.executing   # markers of a previous, interrupted run (see execute_book.py)
start=$(date +%s)
# every kernel: a fork of one process that has imported what the chapters import
source scripts/kernel_server.sh
start_kernel_server
# Jupyter Book executes notebooks one after the other; scripts/execute_book.py executes from the
# end of the book with the other core(s) meanwhile and fills the same execution cache.
.venv/bin/python scripts/execute_book.py --build-dir _build --alongside &
executor=$!
status=0
# scripts/run_jupyter_book.py: the jupyter-book command, minus 1-2 s of interpreter teardown
.venv/bin/python scripts/run_jupyter_book.py build . -n -W --keep-going || status=$?
wait "$executor" || true
[ "$status" -eq 0 ] || exit "$status"
echo "[build] book built in $(( $(date +%s) - start )) s"
.venv/bin/python -m meekbook figures _build/figures --format png svg >/dev/null
echo "[build] paper figures: _build/figures/"
echo "[build] open: file://$(pwd)/_build/html/index.html"
