#!/usr/bin/env python
"""Start the build's notebook kernels as forks of one process that has imported their modules.

Before a chapter's first cell does any work, its kernel spends about 1.5 s of CPU starting
Python, importing ipykernel, and then (in the chapter's first cells) importing numpy, pandas,
matplotlib, SciPy, SymPy, Altair and meekbook. A clean build executes 13 notebooks: ~20 s of
CPU, ~10 s of a two-core build, spent importing the same modules 13 times. ``serve`` imports
them once; ``launch`` (the command of the kernel spec the build uses) then asks that server for
a kernel, and the server forks a copy of itself that becomes the kernel.

The kernel is the ordinary one: ipykernel's ``IPKernelApp`` started with the arguments,
working directory and environment that jupyter_client gave ``launch``, its standard streams,
and ``sys.path[0]`` as ``python -m ipykernel_launcher`` would have it. The notebook's import
statements still run and still define the names they define; they only find the module already
loaded. Modules whose import does something inside a running IPython are never preloaded
(``matplotlib_inline.backend_inline`` hooks the inline figures into the shell that imports it,
``ipywidgets`` registers its comm target): the server refuses to start if one got in. numpy's
global random state is reseeded in every kernel, as a new process would have it.

Only ``scripts/build.sh`` uses this. It writes a ``python3`` kernel spec whose command is
``launch`` (``spec``), points ``JUPYTER_PATH`` at it and ``MEEKBOOK_KERNEL_SERVER`` at the
server's socket, and starts ``serve``. ``launch`` without a server (variable unset, no socket
after ``WAIT_FOR_SOCKET`` seconds, nobody listening, or the server gave up preloading) replaces
itself with the ordinary kernel, ``python -m ipykernel_launcher``: the build cannot fail because
of the server, only be slower. The tests, nbval and a reader's Jupyter use ordinary kernels.

``launch`` stays alive while its kernel runs, so jupyter_client manages it as it would the
kernel: it forwards interrupts and termination signals to the kernel and exits with the
kernel's exit status; if ``launch`` is killed, the kernel notices (its connection to the server
closes) and exits.

Usage::

    python scripts/kernel_forkserver.py spec DIR       # DIR/kernels/python3/kernel.json
    python scripts/kernel_forkserver.py serve SOCKET &  # until killed or its parent is gone
    JUPYTER_PATH=DIR MEEKBOOK_KERNEL_SERVER=SOCKET jupyter-book build ...
    # each kernel: python -I -S scripts/kernel_forkserver.py launch -f CONNECTION_FILE
"""

from __future__ import annotations

import array
import builtins
import io
import json
import os
import select
import signal
import socket
import sys
import threading
from pathlib import Path

#: Environment variable naming the server's socket (set by scripts/build.sh for its kernels).
SERVER_ENV = "MEEKBOOK_KERNEL_SERVER"
#: Seconds ``launch`` waits for the server's socket to appear before starting an ordinary kernel
#: (the server creates it first thing, before it imports anything).
WAIT_FOR_SOCKET = 5.0

#: What every kernel imports before it runs any cell (imported as a plain process would).
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell",
                  "IPython.display")
#: What the chapters' cells import, and every meekbook module (imported as inside a kernel).
CHAPTER_MODULES = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "matplotlib.colors",
                   "scipy.optimize", "scipy.special", "scipy.stats", "sympy", "altair", "myst_nb")
#: Everything the server imports once.
PRELOAD = KERNEL_MODULES + CHAPTER_MODULES
#: Modules that must NOT be imported before the kernel's shell exists (see the module docstring).
NEVER_PRELOAD = ("matplotlib_inline.backend_inline", "ipywidgets")
#: The ordinary kernel command, as ipykernel's own kernel spec has it.
ORDINARY_KERNEL = [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher"]


# --------------------------------------------------------------------------------------- server
class _KernelShellStandIn:
    """What ``get_ipython()`` returns while the server imports: "a shell inside a kernel"."""

    kernel = None


class _KernelStream(io.TextIOBase):
    """Stands in for ``sys.stdout``/``sys.stderr`` while the chapters' modules are imported.

    It reports the encoding of ipykernel's streams ("UTF-8"), and writes to whatever
    ``sys.<name>`` is at the time of writing: a module that keeps the stream it found at import
    writes, in a kernel, to the kernel's stream, as it would have in an ordinary kernel.
    """

    encoding = "UTF-8"                    # type: ignore[assignment]

    def __init__(self, name: str, during_import: io.TextIOBase) -> None:
        super().__init__()
        self._name = name
        self._during_import = during_import

    def _target(self):
        current = getattr(sys, self._name)
        return self._during_import if current is self else current

    def write(self, text: str) -> int:
        return self._target().write(text)

    def flush(self) -> None:
        self._target().flush()

    def writable(self) -> bool:
        return True


def preload() -> None:
    """Import :data:`KERNEL_MODULES`, then :data:`CHAPTER_MODULES` and every meekbook module
    as a chapter's cells import them."""
    import importlib
    import pkgutil

    for name in KERNEL_MODULES:
        importlib.import_module(name)
    # as ipykernel does before any user code runs; matplotlib reads it when it is imported
    if not os.environ.get("MPLBACKEND"):
        os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    from meekbook.book import skip_slow_optional_imports

    skip_slow_optional_imports()          # what meekbook's glue does before jsonschema loads
    # Import as inside a kernel, where the shell puts `get_ipython` among the builtins (it
    # returns a shell with a `kernel`) and the standard streams are ipykernel's, encoded
    # "UTF-8": pandas looks at both when it is imported (how wide a DataFrame's text form may
    # be; its display.encoding).
    builtins.get_ipython = _KernelShellStandIn  # type: ignore[attr-defined]
    streams = sys.stdout, sys.stderr
    sys.stdout = _KernelStream("stdout", streams[0])
    sys.stderr = _KernelStream("stderr", streams[1])
    try:
        for name in CHAPTER_MODULES:
            importlib.import_module(name)
        import meekbook

        for module in pkgutil.iter_modules(meekbook.__path__, "meekbook."):
            if module.name != "meekbook.__main__":
                importlib.import_module(module.name)
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]
        sys.stdout, sys.stderr = streams
    loaded = [name for name in NEVER_PRELOAD if name in sys.modules]
    if loaded:
        raise ImportError(f"preloading imported {', '.join(loaded)}, which must be imported "
                          "inside the kernel")


def write_kernel_spec(spec_dir: Path) -> None:
    """Write ``SPEC_DIR/kernels/python3/kernel.json``: the ``python3`` kernel, via ``launch``."""
    folder = spec_dir / "kernels" / "python3"
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-I", "-S", str(Path(__file__).resolve()), "launch",
                 "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel, forked by scripts/kernel_forkserver.py)",
        "language": "python",
        "metadata": {"debugger": True},
        "kernel_protocol_version": "5.5",
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf8")


def _receive_request(conn: socket.socket) -> tuple[dict, list[int]]:
    """One request: a JSON line and the client's standard streams (three file descriptors)."""
    fds = array.array("i")
    data, ancdata, _, _ = conn.recvmsg(1 << 20, socket.CMSG_SPACE(3 * fds.itemsize))
    for level, kind, payload in ancdata:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
    while not data.endswith(b"\n"):
        more = conn.recv(1 << 20)
        if not more:
            raise ConnectionError("client closed the connection mid-request")
        data += more
    return json.loads(data), list(fds)


def _exit_when_closed(conn: socket.socket) -> None:
    """In a kernel: exit as soon as its ``launch`` process is gone (its socket end closed)."""
    try:
        while conn.recv(1024):
            pass
    except OSError:
        pass
    os._exit(1)


def _become_kernel(listener: socket.socket, conn: socket.socket, request: dict,
                   fds: list[int], others: list[socket.socket]) -> None:
    """In the forked child: turn into the kernel ``request`` asks for, then exit.

    ``others`` are the server's connections to the other kernels' ``launch``: closed here, so
    that only the server holds them.
    """
    status = 1
    try:
        listener.close()
        for other in others:
            other.close()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.setsid()                       # like a kernel started by jupyter_client
        for target, fd in zip((0, 1, 2), fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        from importlib.util import find_spec

        # sys.argv as `python -m ipykernel_launcher ARGS` sets it
        sys.argv = [find_spec("ipykernel_launcher").origin, *request["argv"]]
        del sys.path[0]                   # this script's folder; IPython adds the cwd ('')
        import numpy as np

        np.random.seed()                  # fresh entropy, as in a new process
        threading.Thread(target=_exit_when_closed, args=(conn,), daemon=True).start()
        from ipykernel.kernelapp import IPKernelApp

        # the two settings ipykernel reads from the environment when it is imported (here:
        # in the server, before jupyter_client set them for this kernel)
        env = request["env"]
        IPKernelApp.launch_instance(argv=request["argv"],
                                    parent_handle=int(env.get("JPY_PARENT_PID") or 0),
                                    interrupt=int(env.get("JPY_INTERRUPT_EVENT") or 0))
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    except BaseException:                 # noqa: BLE001 -- report, then leave the child
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def serve(socket_path: Path) -> int:
    """Listen on ``socket_path``, preload, then fork a kernel for every ``launch`` that connects.

    The socket listens before the (slow) imports, so a ``launch`` that connects early waits in
    the queue instead of starting an ordinary kernel. The server exits when it receives SIGTERM
    or when the process that started it is gone; if preloading fails, it says why on one line
    and exits 1. Either way the socket file stays, closed: a ``launch`` that comes later is
    refused at once and starts an ordinary kernel (the caller removes the folder).
    """
    parent = os.getppid()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))   # leave through `finally`
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        socket_path.unlink(missing_ok=True)
        listener.bind(str(socket_path))
        listener.listen(64)
    except OSError as exc:
        listener.close()
        print(f"error: cannot listen on {socket_path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        try:
            preload()
        except Exception as exc:          # noqa: BLE001 -- any failure: ordinary kernels
            print(f"error: kernel server: preloading failed ({type(exc).__name__}: {exc}); "
                  "the build's kernels start as ordinary ones", file=sys.stderr)
            return 1
        if threading.active_count() > 1:
            print("error: kernel server: preloading started a thread, which a fork would not "
                  "copy; the build's kernels start as ordinary ones", file=sys.stderr)
            return 1
        kernels: dict[int, socket.socket] = {}
        while os.getppid() == parent:
            readable, _, _ = select.select([listener], [], [], 0.02)
            if readable:
                conn, _ = listener.accept()
                try:
                    request, fds = _receive_request(conn)
                except (OSError, ValueError, ConnectionError) as exc:
                    print(f"[kernel server] bad request: {exc}", file=sys.stderr)
                    conn.close()
                    continue
                pid = os.fork()
                if pid == 0:
                    _become_kernel(listener, conn, request, fds, list(kernels.values()))
                for fd in fds:
                    os.close(fd)
                conn.sendall(f"{pid}\n".encode())
                kernels[pid] = conn
            while kernels:                # report every kernel that exited
                pid, wait_status = os.waitpid(-1, os.WNOHANG)
                if pid == 0:
                    break
                conn = kernels.pop(pid, None)
                if conn is not None:
                    try:
                        conn.sendall(f"{os.waitstatus_to_exitcode(wait_status)}\n".encode())
                    except OSError:
                        pass
                    conn.close()
    finally:
        listener.close()
    return 0


# --------------------------------------------------------------------------------------- client
def _connect(socket_path: str) -> socket.socket | None:
    """A connection to the server, or None: no socket after :data:`WAIT_FOR_SOCKET` s (the
    server did not start), or a socket nobody listens on (the server is gone)."""
    import time

    deadline = time.monotonic() + WAIT_FOR_SOCKET
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(socket_path)
            return sock
        except FileNotFoundError:
            sock.close()
            if time.monotonic() > deadline:
                return None
            time.sleep(0.02)
        except OSError:
            sock.close()
            return None


def _ordinary_kernel(argv: list[str]) -> None:
    """Replace this process with the ordinary kernel (no server, or the server gave up)."""
    os.execv(ORDINARY_KERNEL[0], [*ORDINARY_KERNEL, *argv])


def launch(argv: list[str]) -> int:
    """Have the server fork a kernel with ``argv`` (ipykernel's arguments); wait for its end.

    Without a server this process becomes the ordinary kernel instead. Returns the kernel's
    exit status.
    """
    socket_path = os.environ.get(SERVER_ENV)
    sock = _connect(socket_path) if socket_path else None
    if sock is None:
        _ordinary_kernel(argv)
    request = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}
    reader = sock.makefile("r")
    try:
        sock.sendmsg([json.dumps(request).encode() + b"\n"],
                     [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [0, 1, 2]))])
        line = reader.readline()          # the kernel's process id, once it is forked
    except OSError:
        line = ""
    if not line.strip().isdigit():        # the server exited (e.g. preloading failed)
        sock.close()
        _ordinary_kernel(argv)
    kernel_pid = int(line)

    def forward(signum: int, _frame: object) -> None:
        try:
            os.kill(kernel_pid, signum)
        except ProcessLookupError:
            pass

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, forward)
    try:
        status = reader.readline().strip()  # the kernel's exit status, when it ends
    except OSError:
        status = ""
    return int(status) if status.lstrip("-").isdigit() else 1


def main(argv: list[str] | None = None) -> int:
    """``spec DIR``, ``serve SOCKET`` or ``launch IPYKERNEL-ARGS...`` (see the module docstring)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "spec":
        try:
            write_kernel_spec(Path(args[1]).resolve())
        except OSError as exc:
            print(f"error: cannot write a kernel spec in {args[1]}: {exc.strerror or exc}",
                  file=sys.stderr)
            return 2
        return 0
    if len(args) == 2 and args[0] == "serve":
        return serve(Path(args[1]).resolve())
    if args and args[0] == "launch":
        return launch(args[1:])
    print("error: expected 'spec DIR', 'serve SOCKET' or 'launch -f CONNECTION_FILE', got "
          f"{' '.join(args) or 'nothing'!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
