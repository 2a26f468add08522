#!/usr/bin/env bash
# Every chapter runs in a fresh virtual environment after only its own install cell (the path a
# Colab reader takes). Slow (a fresh install per chapter): its own command, run by the workflow.
# Usage: bash scripts/check_launch.sh [chapter ...] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python scripts/check_launch.py "$@"
