#!/usr/bin/env python
"""Check that every chapter runs where Colab runs it: a fresh Python after only its install cell.

For each chapter (``notebooks/NAME.ipynb``, the file the Colab button opens):

1. make a fresh virtual environment with the system Python and only a Jupyter kernel in it
   (``ipykernel``: what Colab, or any Jupyter, provides);
2. take the notebook, replace the remote URL in its install cell with this checkout's package
   (a wheel built once, ``meekbook[notebook] @ file:///...whl``), clear every output;
3. execute the whole notebook in that environment, in an empty working directory (Colab has no
   checkout of the repository): the install cell must bring everything the rest imports.

Usage::

    python scripts/check_launch.py                 # every chapter, one per core in parallel
    python scripts/check_launch.py scaling_law     # some chapters
    python scripts/check_launch.py --keep          # keep the environments (in _build/launch/)

Pip installs with the project's pinned versions (``PIP_CONSTRAINT=requirements-lock.txt``) and
its download cache. Exit 1 if any chapter fails; the failing cell's error is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(Path(__file__).resolve().parent))   # sibling modules
import book_toc  # noqa: E402
import repository  # noqa: E402
SYSTEM_PYTHON = os.environ.get("PYTHON", "python3")


def chapters() -> list[str]:
    """The chapter names of ``_toc.yml`` (``scripts/book_toc.py``)."""
    return book_toc.chapters()


def build_wheel(out: Path) -> Path:
    """This checkout as a wheel (what `pip install git+URL` would build from the repository)."""
    src = out / "src"  # a copy: building in the checkout would leave build/ and *.egg-info
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "meekbook", src / "meekbook",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "pip", "wheel", "-q",
                    "--no-deps", "-w", str(out), str(src)], check=True, cwd=out)
    (wheel,) = out.glob("meekbook-*.whl")
    return wheel


def localised(name: str, wheel: Path) -> dict:
    """The golden notebook, outputs cleared, its install cell pointing at ``wheel``."""
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf8"))
    replaced = 0
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"])
        if cell["cell_type"] != "code":
            continue
        cell["outputs"], cell["execution_count"] = [], None
        source = cell["source"] = "".join(cell["source"])
        if replaced == 0 and "pip" in source and repository.install_url(source):
            cell["source"], replaced = repository.replace_install_target(source, wheel.as_uri())
    if not replaced:
        raise ValueError(f"notebooks/{name}.ipynb: no install cell (pip install ... git+URL)")
    return nb


def check(name: str, wheel: str, work: str) -> tuple[str, bool, str, float]:
    """Fresh venv + kernel, then execute the localised notebook; (name, ok, message, seconds)."""
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    t0 = time.monotonic()
    base = Path(work) / name
    venv = base / "venv"
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "MPLBACKEND", "PYTHONHOME")}
    env.update(PIP_CONSTRAINT=str(ROOT / "requirements-lock.txt"),
               PIP_DISABLE_PIP_VERSION_CHECK="1", PYDEVD_DISABLE_FILE_VALIDATION="1",
               PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    try:
        subprocess.run([SYSTEM_PYTHON, "-m", "venv", str(venv)], check=True, env=env,
                       capture_output=True, text=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "ipykernel"],
                       check=True, env=env, capture_output=True, text=True)
    except subprocess.CalledProcessError as exc:
        return name, False, f"set-up failed: {exc.stderr[-800:]}", time.monotonic() - t0
    probe = subprocess.run([str(venv / "bin" / "python"), "-c", "import meekbook"],
                           env=env, capture_output=True)
    if probe.returncode == 0:
        return name, False, "meekbook importable before the install cell ran", 0.0
    kernels = base / "kernels"
    (kernels / "fresh").mkdir(parents=True)
    (kernels / "fresh" / "kernel.json").write_text(json.dumps({
        "argv": [str(venv / "bin" / "python"), "-m", "ipykernel_launcher", "-f",
                 "{connection_file}"],
        "display_name": f"fresh venv ({name})", "language": "python", "env": env}))
    cwd = base / "cwd"  # empty: Colab has no checkout of the repository
    cwd.mkdir()
    nb = nbformat.from_dict(localised(name, Path(wheel)))
    ksm = KernelSpecManager(kernel_dirs=[str(kernels)])
    km = KernelManager(kernel_name="fresh", kernel_spec_manager=ksm)
    client = NotebookClient(nb, km=km, timeout=900, allow_errors=False, record_timing=False,
                            resources={"metadata": {"path": str(cwd)}})
    try:
        client.execute()
    except Exception as exc:  # nbclient's CellExecutionError carries the cell's traceback
        return name, False, f"{type(exc).__name__}: {str(exc)[-1500:]}", time.monotonic() - t0
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    installed = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "show", "meekbook"],
                               env=env, capture_output=True, text=True).stdout
    if "Version:" not in installed:
        return name, False, "the notebook ran but meekbook is not installed in the venv", 0.0
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    return name, True, f"{code_cells} code cells ran", time.monotonic() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="chapters (default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", action="store_true", help="keep the environments")
    args = parser.parse_args(argv)
    names = args.names or chapters()
    unknown = sorted(set(names) - set(chapters()))
    if unknown or args.jobs < 1:
        print(f"error: unknown chapters {unknown}" if unknown else
              f"error: --jobs must be >= 1, got {args.jobs}", file=sys.stderr)
        return 2
    if args.keep:
        work = ROOT / "_build" / "launch"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="meekbook-launch-"))
    start = time.monotonic()
    try:
        wheel = build_wheel(work)
        print(f"[launch] {wheel.name} built; {len(names)} chapters, {args.jobs} at a time",
              flush=True)
        failed = []
        with ProcessPoolExecutor(max_workers=min(args.jobs, len(names))) as pool:
            for name, ok, message, seconds in pool.map(
                    check, names, [str(wheel)] * len(names), [str(work)] * len(names)):
                print(f"[launch] {name}: {'ok' if ok else 'FAILED'} ({seconds:.0f} s) {message}",
                      flush=True)
                if not ok:
                    failed.append(name)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"[launch] {len(names) - len(failed)}/{len(names)} chapters ran in a fresh environment "
          f"after only their install cell ({time.monotonic() - start:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
