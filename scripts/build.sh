#!/usr/bin/env bash
# Build the book (HTML): set up the environment, re-execute the pages whose golden notebook is
# stale, build with zero warnings allowed, and print where to open the result.
# Usage: bash scripts/build.sh            (re-executes only stale goldens; Sphinx rebuilds only
#                                          the pages that changed)
#        FRESH=1 bash scripts/build.sh    (re-executes every page and rebuilds every page)
# Pages that execute code are built from their golden NAME.ipynb (execution off in _config.yml).
# Each golden stores an execution key: a hash of its NAME.md, the meekbook package and the lock
# file (scripts/sync_notebooks.py); a golden whose key is not current is executed again first.
# MEEKBOOK_REPOSITORY_URL=https://github.com/OWNER/REPO gives the book its repository, issue and
# launch buttons (unset: none; see book/_ext/meekbook_publish.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PYDEVD_DISABLE_FILE_VALIDATION=1
start=$(date +%s)
if [ "${FRESH:-0}" = "1" ]; then
  rm -rf _build/html _build/.doctrees _build/jupyter_execute
  .venv/bin/python scripts/sync_notebooks.py --jobs 2
else
  .venv/bin/python scripts/sync_notebooks.py --stale --jobs 2
fi
# The paper's figures as files, at low priority next to the book build; again only when a file
# of the package, the lock file or pyproject.toml is newer than the last complete set.
stamp=_build/figures/.complete
figures=""
if [ "${FRESH:-0}" = "1" ] || [ ! -f "$stamp" ] || \
   [ -n "$(find meekbook requirements-lock.txt pyproject.toml -newer "$stamp" -print -quit)" ]; then
  rm -f "$stamp"
  { nice -n 15 .venv/bin/python -m meekbook figures _build/figures --format png svg >/dev/null \
    && touch "$stamp"; } &
  figures=$!
fi
status=0
.venv/bin/jupyter-book build . -n -W --keep-going || status=$?
if [ "$status" -ne 0 ]; then
  # Sphinx re-reads only changed pages: without the environment of this failed build, the next
  # build reads every page again and reports every warning again.
  rm -rf _build/.doctrees
  [ -z "$figures" ] || wait "$figures" || true
  exit "$status"
fi
echo "[build] book built in $(( $(date +%s) - start )) s"
[ -z "$figures" ] || wait "$figures"
echo "[build] paper figures: _build/figures/"
echo "[build] open: file://$(pwd)/_build/html/index.html"
