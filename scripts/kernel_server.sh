# Sourced by scripts/build.sh and scripts/pdf.sh (bash): `start_kernel_server` makes every
# notebook kernel started afterwards by this shell's children a fork of one process that has
# already imported what the chapters import (scripts/kernel_forkserver.py): about 1.5 s of CPU
# less per notebook, the same outputs. Without the server, kernels are ordinary ones.
# The server and its folder go when the shell exits (an EXIT trap).
start_kernel_server() {
  KERNEL_SERVER_DIR=$(mktemp -d)
  KERNEL_SERVER_PID=""
  trap 'stop_kernel_server' EXIT
  .venv/bin/python scripts/kernel_forkserver.py spec "$KERNEL_SERVER_DIR"
  export JUPYTER_PATH="$KERNEL_SERVER_DIR${JUPYTER_PATH:+:$JUPYTER_PATH}"
  export MEEKBOOK_KERNEL_SERVER="$KERNEL_SERVER_DIR/server.sock"
  .venv/bin/python -Xfrozen_modules=off scripts/kernel_forkserver.py serve "$MEEKBOOK_KERNEL_SERVER" &
  KERNEL_SERVER_PID=$!
  # the socket appears before the server imports anything (well under a second); without it,
  # kernels start as ordinary ones at once instead of each waiting for it
  for _ in $(seq 200); do
    [ -S "$MEEKBOOK_KERNEL_SERVER" ] && return 0
    kill -0 "$KERNEL_SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "[kernels] no kernel server: ordinary kernels" >&2
  unset MEEKBOOK_KERNEL_SERVER
}

# Stop the server (it removes its socket) and wait for it; remove the kernel spec folder.
stop_kernel_server() {
  if [ -n "${KERNEL_SERVER_PID:-}" ]; then
    kill "$KERNEL_SERVER_PID" 2>/dev/null || true
    wait "$KERNEL_SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "${KERNEL_SERVER_DIR:-}"
}
