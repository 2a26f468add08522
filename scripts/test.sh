#!/usr/bin/env bash
# Run every test: package unit and property tests, docstring examples, notebook output
# regression (nbval), the clean book build and the headless-browser check of every page.
# Usage: bash scripts/test.sh [extra pytest args]      (QUICK=1 skips the book build and nbval)
#
# Tests run in parallel, one pytest worker per core (pytest-xdist, --dist loadfile: the tests of
# one file stay on one worker, so the book build and its browser checks run next to nbval).
# Each chapter is executed once per run, by nbval; the test book build renders the golden
# outputs nbval checks (tests/book/test_book.py). Tests: tests/unit (package), tests/book
# (chapters, build, browser), tests/tools (scripts, workflow, environment); shared fixtures in
# tests/conftest.py; one folder kind: pytest -m unit|book|tools. Slow checks with their own commands:
#   bash scripts/pdf.sh            the PDF edition (installs TeX Live on first use)
#   bash scripts/check_launch.sh   every chapter in a fresh environment after its install cell
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# No MPLBACKEND here: notebook kernels inherit it and would then show no figures.
export PYDEVD_DISABLE_FILE_VALIDATION=1
targets=(tests meekbook)
extra=(-n "${PYTEST_WORKERS:-auto}" --dist loadfile)
if [ "${QUICK:-0}" = "1" ]; then
  extra+=(-m "not slow")
else
  targets+=(notebooks/*.ipynb)
  extra+=(--nbval --nbval-sanitize-with nbval_sanitize.cfg)
fi
start=$(date +%s)
status=0
.venv/bin/python -m pytest "${targets[@]}" "${extra[@]}" "$@" || status=$?
echo "[test] $(( $(date +%s) - start )) s (pytest); exit $status"
exit "$status"
