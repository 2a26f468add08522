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
# Jupyter Book executes notebooks one after the other; scripts/execute_book.py executes from the
# end of the book with the other core(s) meanwhile and fills the same execution cache.
# When it is done, the same background job writes the paper's figures as files, at low
# priority: on the core that Jupyter Book's last notebook and its single-core writing phase
# leave idle, instead of ~5 s after the book.
{
  .venv/bin/python scripts/execute_book.py --build-dir _build --alongside || true
  nice -n 15 .venv/bin/python -m meekbook figures _build/figures --format png svg >/dev/null
} &
helper=$!
status=0
# scripts/run_jupyter_book.py: the jupyter-book command, minus 1-2 s of interpreter teardown
.venv/bin/python scripts/run_jupyter_book.py build . -n -W --keep-going || status=$?
[ "$status" -eq 0 ] || { wait "$helper" || true; exit "$status"; }
echo "[build] book built in $(( $(date +%s) - start )) s"
wait "$helper"
echo "[build] paper figures: _build/figures/"
echo "[build] open: file://$(pwd)/_build/html/index.html"
