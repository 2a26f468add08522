#!/usr/bin/env bash
# Build the STUDENT edition: the HTML book and the chapter notebooks without solutions.
#   bash scripts/student.sh        (or: make student)
# Output: _build/student/html/index.html      the book, exercises without solutions
#         _build/student/notebooks/NAME.ipynb the executed chapters, solution cells removed
# The instructor edition (solutions in dropdowns) is the ordinary build: bash scripts/build.sh.
#
# How: stale goldens are executed again first (as in scripts/build.sh); scripts/student_edition.py
# copies the sources to _build/student/src with every solution block and solution cell removed,
# every page that computes taken from its golden notebook (nothing runs again), and the book is
# built from that copy with zero warnings.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PYDEVD_DISABLE_FILE_VALIDATION=1
start=$(date +%s)
OUT=_build/student
rm -rf "$OUT/html" "$OUT/notebooks"
.venv/bin/python scripts/sync_notebooks.py --stale --jobs 2
.venv/bin/python scripts/student_edition.py "$OUT/src" --notebooks "$OUT/notebooks"
.venv/bin/jupyter-book build "$OUT/src" -n -W --keep-going
mv "$OUT/src/_build/html" "$OUT/html"
echo "[student] built in $(( $(date +%s) - start )) s"
echo "[student] open: file://$(pwd)/$OUT/html/index.html"
echo "[student] notebooks: $OUT/notebooks/"
