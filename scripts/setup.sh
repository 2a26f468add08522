#!/usr/bin/env bash
# Set up everything meekbook needs on a fresh Debian machine: Debian packages (Chromium for the
# browser tests), a virtual environment in .venv, and the package with its book and test extras.
# Idempotent: a second run only checks.  Usage: bash scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "[setup] installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" fonts-dejavu-core >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "[setup] creating virtual environment .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.meekbook-installed
# reinstall when the dependencies or the package's version (its installed metadata) change
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' meekbook/__init__.py)
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements-lock.txt -nt "$stamp" ] \
   || [ "$(cat "$stamp")" != "$version" ]; then
  echo "[setup] installing Python packages into .venv (first run takes a minute or two)"
  .venv/bin/python -m pip install -q --upgrade pip
  if [ -f requirements-lock.txt ]; then
    .venv/bin/python -m pip install -q -c requirements-lock.txt -e ".[book,test,notebook]"
  else
    .venv/bin/python -m pip install -q -e ".[book,test,notebook]"
  fi
  .venv/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
  printf '%s' "$version" > "$stamp"
fi
# JupyterLab (book extra) opens notebooks/NAME.md as a notebook: "Jupytext Notebook" is the
# default viewer of markdown files in this environment (jupytext.toml configures jupytext itself).
# The setting lives in scripts/jupyterlab-overrides.json (Binder's postBuild copies it too).
lab_settings=.venv/share/jupyter/lab/settings
if ! cmp -s scripts/jupyterlab-overrides.json "$lab_settings/overrides.json"; then
  mkdir -p "$lab_settings"
  cp scripts/jupyterlab-overrides.json "$lab_settings/overrides.json"
fi
echo "[setup] ready: .venv ($(.venv/bin/python --version))"
