"""scripts/kernel_forkserver.py: the build's kernels, forked from a process that preloaded.

A forked kernel must be indistinguishable from an ordinary one to the notebook it runs: the
same display settings of pandas and matplotlib, warning filters, paths, arguments and
environment, the same figure bytes, working widgets. It must behave like one for
jupyter_client (interrupts, being killed), and without a server ``launch`` must start an
ordinary kernel. (All 279 code-cell outputs of the book's 13 notebooks were compared once, both
ways, when the server was written: identical but for widget model ids and object addresses.)
"""

from __future__ import annotations

import ast
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "kernel_forkserver.py"
PYTHON = ROOT / ".venv" / "bin" / "python"

pytestmark = [pytest.mark.slow,    # starts a dozen kernels: ~10 s
              pytest.mark.skipif(not PYTHON.exists(), reason="needs the project's .venv")]

#: Imports what the server preloads (so both kernels have imported the same modules), draws a
#: figure, shows a widget, then prints what a notebook could see of its environment.
PROBE = [
    """
import importlib, pkgutil, sys
preloaded = "pandas" in sys.modules
spec = importlib.util.spec_from_file_location("kfs", {script!r})
kfs = importlib.util.module_from_spec(spec); spec.loader.exec_module(kfs)
for name in kfs.PRELOAD:
    importlib.import_module(name)
import meekbook
for m in pkgutil.iter_modules(meekbook.__path__, "meekbook."):
    if m.name != "meekbook.__main__":
        importlib.import_module(m.name)
""",
    """
import matplotlib.pyplot as plt
from meekbook.style import apply_style
apply_style()
fig, ax = plt.subplots(figsize=(3, 2))
ax.plot([0, 1, 2], [2, 0, 1], label="probe"); ax.legend()
plt.show()
""",
    """
import ipywidgets
ipywidgets.IntSlider(value=3)
""",
    """
import json, os, sys, warnings
import matplotlib, numpy as np, pandas as pd
from ipykernel.kernelapp import IPKernelApp
from pandas._config.config import _deprecated_options, _registered_options
ip = get_ipython()
print(json.dumps({
    "pandas": {k: repr(pd.get_option(k)) for k in sorted(_registered_options)
               if k not in _deprecated_options},      # (reading those warns)
    "rcParams": {k: repr(v) for k, v in sorted(matplotlib.rcParams.items())},
    "backend": matplotlib.get_backend(),
    "warnings": [repr(f) for f in warnings.filters],
    "cwd": os.getcwd(), "argv0": sys.argv[0], "argv_len": len(sys.argv), "path": sys.path,
    "xoptions": sys._xoptions, "flags": repr(sys.flags),
    "env": {k: v for k, v in os.environ.items() if k not in ("JUPYTER_PATH", "MEEKBOOK_KERNEL_SERVER")},
    "shell": type(ip).__name__, "kernel": type(ip.kernel).__name__,
    "formatters": sorted(ip.display_formatter.active_types),
    "post_execute": sorted(getattr(cb, "__qualname__", repr(cb)) for cb in ip.events.callbacks["post_execute"]),
    "comm_targets": sorted(ip.kernel.comm_manager.targets) if hasattr(ip.kernel, "comm_manager") else None,
    "main": sys.modules["__main__"] is ip.user_module,
    "app": [getattr(IPKernelApp.instance(), k) for k in ("parent_handle", "interrupt")],
    "random": float(np.random.random()),
    "preloaded": preloaded,
}))
""",
]


def _probe_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src.replace("{script!r}", repr(str(SCRIPT))).strip()) for src in PROBE]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def _run_probe(cwd: Path) -> tuple[dict, nbformat.NotebookNode]:
    nb = _probe_notebook()
    NotebookClient(nb, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    state = json.loads(nb.cells[-1].outputs[0]["text"])
    return state, nb


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A running server and its kernel spec folder; the environment that selects them."""
    folder = tmp_path_factory.mktemp("kernels")
    subprocess.run([str(PYTHON), str(SCRIPT), "spec", str(folder)], check=True)
    sock = folder / "server.sock"
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    proc = subprocess.Popen([str(PYTHON), "-Xfrozen_modules=off", str(SCRIPT), "serve", str(sock)],
                            env=env, stderr=subprocess.PIPE, text=True)
    yield {"JUPYTER_PATH": str(folder), "MEEKBOOK_KERNEL_SERVER": str(sock)}
    proc.terminate()
    _, stderr = proc.communicate(timeout=10)
    assert proc.returncode == 0, stderr


def test_forked_kernel_sees_what_an_ordinary_kernel_sees(server, monkeypatch, tmp_path):
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    ordinary, ordinary_nb = _run_probe(tmp_path)
    for key, value in server.items():
        monkeypatch.setenv(key, value)
    forked, forked_nb = _run_probe(tmp_path)

    assert forked.pop("preloaded") and not ordinary.pop("preloaded")   # forked, and not
    assert forked["kernel"] == ordinary["kernel"] == "IPythonKernel"
    # numpy's global random state is not the server's: every kernel draws its own
    assert forked.pop("random") != ordinary.pop("random")
    # the same warning filters; ipykernel adds one (about Trio) when the kernel starts, which in
    # a forked kernel is after the imports, so it sits elsewhere in the list (it matches one
    # message that no other filter matches: the order does not change what is shown)
    assert sorted(forked.pop("warnings")) == sorted(ordinary.pop("warnings"))
    for key in ordinary:
        assert forked[key] == ordinary[key], f"kernels differ in {key}"
    assert forked["cwd"] == str(tmp_path)
    assert "jupyter.widget" in forked["comm_targets"]

    # the figure: shown by the inline backend, byte for byte the same image
    def png(nb):
        return [o["data"]["image/png"] for o in nb.cells[1].outputs if "image/png" in o.get("data", {})]
    assert png(forked_nb) and png(forked_nb) == png(ordinary_nb)
    # the widget: a live widget view in both
    for nb in (forked_nb, ordinary_nb):
        assert "application/vnd.jupyter.widget-view+json" in nb.cells[2].outputs[0]["data"]


def _start_kernel():
    """A kernel of the spec and server the environment selects, with a client."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=30)
    return km, kc


def _evaluate(kc, expression: str):
    """The value of ``expression`` in the kernel, read from its execute reply (not from printed
    output, whose messages can come after the reply)."""
    reply = kc.execute_interactive("", user_expressions={"value": expression}, timeout=30)
    assert reply["content"]["status"] == "ok", reply["content"]
    return ast.literal_eval(reply["content"]["user_expressions"]["value"]["data"]["text/plain"])


def _kernel_pid(kc) -> int:
    return _evaluate(kc, "__import__('os').getpid()")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def forked(server, monkeypatch):
    """Kernels started from here on are forked by the server."""
    for key, value in server.items():
        monkeypatch.setenv(key, value)


def test_interrupt_reaches_the_forked_kernel(forked):
    km, kc = _start_kernel()
    try:
        assert _kernel_pid(kc) != km.provisioner.process.pid   # a fork, not the launch process
        msg_id = kc.execute("import time; time.sleep(60)")
        time.sleep(1.0)
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=15)
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        assert _kernel_pid(kc) > 0                     # and it still runs
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    assert km.provisioner is None or not km.is_alive()


def test_forked_kernels_draw_their_own_random_numbers(forked):
    """numpy's global random state is reseeded in every kernel, not copied from the server."""
    draws = []
    for _ in range(2):
        km, kc = _start_kernel()
        try:
            draws.append(_evaluate(kc, "float(__import__('numpy').random.random())"))
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)
    assert draws[0] != draws[1]


def test_killing_launch_ends_its_kernel(forked):
    km, kc = _start_kernel()
    try:
        pid = _kernel_pid(kc)
        assert pid != km.provisioner.process.pid
        os.kill(km.provisioner.process.pid, signal.SIGKILL)   # what a forced shutdown does
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(pid)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.mark.parametrize("setting", ["unset", "nobody listening"])
def test_without_a_server_launch_starts_an_ordinary_kernel(setting, tmp_path, monkeypatch):
    folder = tmp_path / "kernels"
    subprocess.run([str(PYTHON), str(SCRIPT), "spec", str(folder)], check=True)
    monkeypatch.setenv("JUPYTER_PATH", str(folder))
    monkeypatch.delenv("MEEKBOOK_KERNEL_SERVER", raising=False)
    if setting == "nobody listening":                  # a socket left by a server that is gone
        stale = tmp_path / "stale.sock"
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.bind(str(stale))
        monkeypatch.setenv("MEEKBOOK_KERNEL_SERVER", str(stale))
    started = time.monotonic()
    km, kc = _start_kernel()
    try:
        assert time.monotonic() - started < 20
        preloaded = _evaluate(kc, "'pandas' in __import__('sys').modules")
        argv0 = _evaluate(kc, "__import__('sys').argv[0]")
        assert preloaded is False                      # nothing preloaded: an ordinary kernel
        assert argv0.endswith("ipykernel_launcher.py")
        assert _kernel_pid(kc) == km.provisioner.process.pid   # `launch` became the kernel
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


@pytest.mark.parametrize("args, message", [
    (["bogus"], "expected 'spec DIR', 'serve SOCKET' or 'launch -f CONNECTION_FILE', got 'bogus'"),
    ([], "got 'nothing'"),
    (["serve", "/nonexistent-folder/server.sock"], "cannot listen on /nonexistent-folder/server.sock"),
    (["serve", "/tmp/" + "x" * 120], "cannot listen on"),                  # longer than a socket path may be
    (["spec", "/proc/no-such-folder"], "cannot write a kernel spec in /proc/no-such-folder"),
])
def test_bad_arguments_exit_2_with_one_error_line(args, message):
    result = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert message in result.stderr


def test_build_goes_on_with_ordinary_kernels_when_the_server_cannot_start(tmp_path):
    """scripts/kernel_server.sh: a server that cannot listen (here: a socket path longer than
    Unix allows) leaves the variable unset, so no kernel waits for it."""
    long_tmp = tmp_path / ("d" * 100)
    long_tmp.mkdir()
    script = ("source scripts/kernel_server.sh; start_kernel_server; "
              "echo \"server=${MEEKBOOK_KERNEL_SERVER:-none} path=$JUPYTER_PATH\"")
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ, TMPDIR=str(long_tmp)), timeout=60)
    assert result.returncode == 0, result.stderr
    assert "server=none" in result.stdout
    assert "[kernels] no kernel server: ordinary kernels" in result.stderr
    assert "error: cannot listen on" in result.stderr
    assert not any(long_tmp.iterdir()), "the kernel spec folder is removed on exit"


def test_build_script_server_is_gone_after_the_shell(tmp_path):
    """The server started by scripts/kernel_server.sh stops with the shell that started it."""
    script = ("source scripts/kernel_server.sh; start_kernel_server; "
              "echo \"pid=$KERNEL_SERVER_PID dir=$KERNEL_SERVER_DIR\"; test -S \"$MEEKBOOK_KERNEL_SERVER\"")
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ, TMPDIR=str(tmp_path)), timeout=60)
    assert result.returncode == 0, result.stderr
    fields = dict(item.split("=", 1) for item in result.stdout.split())
    assert not _alive(int(fields["pid"]))
    assert not Path(fields["dir"]).exists()
