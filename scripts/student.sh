#!/usr/bin/env bash
# Build the STUDENT edition: the HTML book and the chapter notebooks without solutions.
#   bash scripts/student.sh        (or: make student)
# Output: _build/student/html/index.html      the book, exercises without solutions
#         _build/student/notebooks/NAME.ipynb the executed chapters, solution cells removed
# The instructor edition (solutions in dropdowns) is the ordinary build: bash scripts/build.sh.
#
# How: scripts/student_edition.py copies the sources to _build/student/src with every solution
# block and solution cell removed; the chapters are taken from their golden notebooks (already
# executed, so nothing runs again) and the book is built from that copy with zero warnings.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PYDEVD_DISABLE_FILE_VALIDATION=1
start=$(date +%s)
OUT=_build/student
rm -rf "$OUT/html" "$OUT/notebooks"
.venv/bin/python scripts/student_edition.py "$OUT/src" --notebooks "$OUT/notebooks"
.venv/bin/python scripts/run_jupyter_book.py build "$OUT/src" -n -W --keep-going
mv "$OUT/src/_build/html" "$OUT/html"
echo "[student] built in $(( $(date +%s) - start )) s"
echo "[student] open: file://$(pwd)/$OUT/html/index.html"
echo "[student] notebooks: $OUT/notebooks/"
