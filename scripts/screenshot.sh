#!/usr/bin/env bash
# Screenshots of every page of the built book, for a person to look at.
#
#   bash scripts/screenshot.sh                # use the existing build in _build/html
#   bash scripts/screenshot.sh --build        # build first (cached), then shoot
#   bash scripts/screenshot.sh --clean        # clean build first, then shoot
#   WINDOW=1280,6000 bash scripts/screenshot.sh   # taller pages (default 1280,2000)
#
# Pages are served from 127.0.0.1 and every other host name is made unresolvable, so the
# screenshots show what a reader without network access (or with a CDN down) would see.
# Output: _build/screenshots/<page path with / replaced by __>.png
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
WINDOW=${WINDOW:-1280,2000}
HTML=_build/html
OUT=_build/screenshots
JB=.venv/bin/jupyter-book
PY=.venv/bin/python

case "${1:-}" in
  --clean) "$JB" clean --all . >/dev/null; "$JB" build . -n -W --keep-going ;;
  --build) "$JB" build . -n -W --keep-going ;;
  "") ;;
  *) echo "usage: $0 [--build|--clean]" >&2; exit 2 ;;
esac
[ -f "$HTML/index.html" ] || { echo "no build in $HTML: run with --build" >&2; exit 1; }

mkdir -p "$OUT"
PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$PY" -m http.server "$PORT" --bind 127.0.0.1 --directory "$HTML" >/dev/null 2>&1 &
SERVER_PID=$!
PROFILES=$(mktemp -d)
cleanup() { kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$PROFILES"; }
trap cleanup EXIT
sleep 1

n=0
while IFS= read -r page; do
  name=${page%.html}; name=${name//\//__}
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$PROFILES/$name" \
    --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" \
    --virtual-time-budget=15000 --hide-scrollbars --window-size="$WINDOW" \
    --screenshot="$OUT/$name.png" "http://127.0.0.1:$PORT/$page" >/dev/null 2>&1 \
    || echo "failed: $page" >&2
  n=$((n + 1))
done < <(cd "$HTML" && find . -name '*.html' -not -path './_*' -not -path './mathjax/*' \
           -not -name index.html | sed 's|^\./||' | sort)
echo "$n screenshots in $OUT/"
