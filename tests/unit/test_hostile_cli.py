"""Hostile inputs for the command line: malformed files and option combinations (issue 9).

The contract (README, "Error contract"): every command exits 0 with a correct result, or exits
2 with exactly one line ``error: ...`` on standard error that names the file / option / line /
column and what is allowed -- never a traceback, never a Python warning.

Each case writes a file (or uses none), runs ``python -m meekbook`` in-process through
:func:`meekbook.cli.main`, and checks the contract plus the case's own expectation: a fragment
of the message, or a property of the result. Reference values are the generating parameters of
the synthetic data or hand-written numbers, never output of the code under test. A few cases
(closed pipe, real exit codes) run the command in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import meekbook.plots.figures
from meekbook.cli import main

from support import ROOT, synthetic_models  # noqa: E402


# --------------------------------------------------------------------------------------------
# Synthetic inputs (independent of meekbook: the Chinchilla law and the sigmoid written out)
# --------------------------------------------------------------------------------------------


MODELS = [(r.model, float(r.params), float(r.tokens), float(r.mmlu))
          for r in synthetic_models(n=40, seed=7).itertuples()]


def models_csv(fmt=lambda s: f"{s:.6f}", rows=None, header="model,params,tokens,mmlu", sep=",") -> str:
    rows = MODELS if rows is None else rows
    lines = [header.replace(",", sep)]
    for m, p, t, s in rows:
        lines.append(sep.join([m, f"{p:.6g}", f"{t:.6g}", fmt(s)]))
    return "\n".join(lines) + "\n"


TOY = """model,release_date,output_price,params_b,mmlu_pro
big1,2023-01-01,30,,0.50
small1,2023-01-01,0.8,7,0.30
big2,2024-01-01,30,,0.70
small2,2025-01-01,0.6,8,0.65
"""


def toy(replace: dict[str, str] | None = None) -> str:
    text = TOY
    for old, new in (replace or {}).items():
        text = text.replace(old, new)
    return text


FIT = ["fit-sigmoid", "{file}", "--bootstrap", "10"]
GAP = ["frontier-gap", "{file}", "--price-min", "0.5", "--price-max", "1"]

# id -> (file content: str | bytes | None, argv, expected)
# expected: ("ok", fragment of stdout or None) or ("error", fragment of the one error line)
CASES: dict[str, tuple[object, list[str], tuple[str, str | None]]] = {
    # ---- fit-sigmoid: scales of the score column ----
    "fractions": (models_csv(), FIT, ("ok", "n = 40 models")),
    "percent-column": (models_csv(lambda s: f"{100 * s:.4f}"), FIT, ("ok", "read as percent")),
    "explicit-percent-sign": (models_csv(lambda s: f"{100 * s:.4f}%"), FIT, ("ok", "n = 40 models")),
    "one-percent-among-fractions": (
        models_csv(rows=MODELS[:5] + [(MODELS[5][0], MODELS[5][1], MODELS[5][2], 85.2)] + MODELS[6:]),
        FIT, ("error", "line 7, column 'mmlu': value 85.2 looks like a percentage"),
    ),
    "one-fraction-among-percents": (
        models_csv(rows=[(m, p, t, 100 * s) for m, p, t, s in MODELS[:9]] + [MODELS[9]]
                   + [(m, p, t, 100 * s) for m, p, t, s in MODELS[10:]], fmt=lambda s: f"{s:.4f}"),
        FIT, ("error", "line 11, column 'mmlu'"),
    ),
    "percent-above-100": (models_csv(rows=MODELS[:3] + [("x", 1e9, 1e11, 150.0)] + MODELS[3:]),
                          FIT, ("error", "line 5, column 'mmlu': value 150 is above 100")),
    "percent-sign-above-100": (models_csv(lambda s: "120%" if s > 0.6 else f"{s:.3f}"), FIT,
                               ("error", "not a percentage in [0%, 100%]")),
    "percent-sign-in-params": ("model,params,tokens,mmlu\na,5%,1e10,0.3\n", FIT,
                               ("error", "column 'params'")),
    "thousands-separator": ('model,params,tokens,mmlu\na,"1,000,000,000",1e10,0.3\n', FIT,
                            ("error", "no thousands separators")),
    "decimal-comma": ('model,params,tokens,mmlu\na,1e9,1e10,"0,3"\n', FIT, ("error", "decimal mark")),
    "underscore-number": ("model,params,tokens,mmlu\na,1_000,1e10,0.3\n", FIT, ("error", "line 2, column 'params'")),
    "nan-value": ("model,params,tokens,mmlu\na,nan,1e10,0.3\n", FIT, ("error", "not a finite number")),
    "inf-value": ("model,params,tokens,mmlu\na,1e9,inf,0.3\n", FIT, ("error", "column 'tokens'")),
    "overflowing-number": ("model,params,tokens,mmlu\na,1e999,1e10,0.3\n", FIT, ("error", "column 'params'")),
    "negative-params": ("model,params,tokens,mmlu\na,-1e9,1e10,0.3\n", FIT, ("error", "must be > 0")),
    "hex-number": ("model,params,tokens,mmlu\na,0x10,1e10,0.3\n", FIT, ("error", "column 'params'")),
    "arabic-digits": ("model,params,tokens,mmlu\na,\u0661\u0662,1e10,0.3\n", FIT, ("error", "column 'params'")),
    # ---- encodings and separators ----
    "utf8-bom": ("\ufeff" + models_csv(), FIT, ("ok", "n = 40 models")),
    "crlf": (models_csv().replace("\n", "\r\n"), FIT, ("ok", "n = 40 models")),
    "utf16-bom": (models_csv().encode("utf-16"), FIT, ("ok", "n = 40 models")),
    "utf16-no-bom": (models_csv().encode("utf-16-le"), FIT, ("error", "NUL bytes")),
    "latin1": (models_csv().replace("m1,", "modèle,", 1).encode("latin-1"), FIT, ("error", "not UTF-8")),
    "cp1252-quotes": ("model,params,tokens,mmlu\n\u201ca\u201d,1e9,1e10,0.3\n".encode("cp1252"), FIT,
                      ("error", "not UTF-8")),
    "binary-garbage": (bytes(range(256)) * 4, FIT, ("error", "NUL bytes")),
    "semicolons": (models_csv(sep=";"), FIT, ("error", "semicolon")),
    "tabs": (models_csv(sep="\t"), FIT, ("error", "tab")),
    "unicode-names": (models_csv().replace("m1,", '"模型, \u00e9\u00e8 ""q""",', 1), FIT, ("ok", "n = 40 models")),
    # ---- shape ----
    "empty-file": ("", FIT, ("error", "empty")),
    "blank-lines-only": ("\n\n  \n", FIT, ("error", "empty")),
    "header-only": ("model,params,tokens,mmlu\n", FIT, ("error", "at least 5 models")),
    "missing-column": ("model,params,mmlu\na,1e9,0.3\n", FIT, ("error", "column 'tokens'")),
    "duplicate-header": ("model,params,params,tokens,mmlu\n", FIT, ("error", "appears twice")),
    "ragged-row": (models_csv() + "x,1e9\n", FIT, ("error", "line 42: has 2 fields")),
    "duplicate-model": (models_csv() + "m3,1e9,1e10,0.3\n", FIT, ("error", "duplicate model 'm3'")),
    "wide-header": ("model,params,tokens,mmlu," + ",".join(f"c{i}" for i in range(5000)) + "\n", FIT,
                    ("error", "header line is too wide")),
    "huge-cell": ("model,params,tokens,mmlu\n" + "a" * 200_000 + ",1,1,0.3\n", FIT, ("error", "line 2")),
    "unterminated-quote": ('model,params,tokens,mmlu\n"a,1e9,1e10,0.3\n', FIT, ("error", "line 2")),
    "identical-losses": ("model,params,tokens,mmlu\n" + "".join(f"m{i},1e9,1e10,0.{i + 2}\n" for i in range(6)),
                         FIT, ("error", "two distinct")),
    "constant-scores": (models_csv(lambda s: "0.5"), FIT, ("ok", "n = 40 models")),
    # ---- fit-sigmoid options ----
    "bootstrap-negative": (models_csv(), ["fit-sigmoid", "{file}", "--bootstrap", "-1"], ("error", "--bootstrap")),
    "bootstrap-text": (models_csv(), ["fit-sigmoid", "{file}", "--bootstrap", "ten"], ("error", "--bootstrap")),
    "bootstrap-float": (models_csv(), ["fit-sigmoid", "{file}", "--bootstrap", "1.5"], ("error", "--bootstrap")),
    "bootstrap-huge": (models_csv(), ["fit-sigmoid", "{file}", "--bootstrap", "99999999999"], ("error", "--bootstrap")),
    "seed-negative": (models_csv(), ["fit-sigmoid", "{file}", "--seed", "-3"], ("error", "--seed")),
    "seed-huge": (models_csv(), ["fit-sigmoid", "{file}", "--seed", str(10**30), "--bootstrap", "5"], ("ok", None)),
    "bootstrap-zero-json": (models_csv(), ["fit-sigmoid", "{file}", "--bootstrap", "0", "--json"], ("ok", '"n_models": 40')),
    "missing-file": (None, ["fit-sigmoid", "{missing}"], ("error", "file not found")),
    "directory": (None, ["fit-sigmoid", "{dir}"], ("error", "is a directory")),
    "empty-path": (None, ["fit-sigmoid", ""], ("error", "empty file name")),
    "device-file": (None, ["fit-sigmoid", "/dev/null"], ("error", "not a regular file")),
    "dash-as-file": (None, ["frontier-gap", "-", "--price-min", "1"], ("error", "")),
    "no-arguments": (None, ["fit-sigmoid"], ("error", "required")),
    "unknown-command": (None, ["fit"], ("error", "invalid choice")),
    "no-command": (None, [], ("error", "required")),
    # ---- frontier-gap: columns, dates, bands ----
    "toy": (toy(), GAP, ("ok", "Shrink rate")),
    "toy-percent": (toy({"0.50": "50", "0.30": "30", "0.70": "70", "0.65": "65"}), GAP, ("ok", "read as percent")),
    "toy-percent-sign": (toy({"0.50": "50%", "0.30": "30%", "0.70": "70%", "0.65": "65%"}), GAP, ("ok", "Shrink rate")),
    "toy-mixed-scale": (toy({"0.70": "70"}), GAP, ("error", "line 4, column 'mmlu_pro': value 70 looks like a percentage")),
    "score-release-date": (toy(), GAP + ["--score", "release_date"], ("error", "--score")),
    "score-params": (toy(), GAP + ["--score", "params_b"], ("error", "--score")),
    "score-price": (toy(), GAP + ["--score", "output_price"], ("error", "--score")),
    "score-model": (toy(), GAP + ["--score", "model"], ("error", "--score")),
    "score-missing": (toy(), GAP + ["--score", "gpqa"], ("error", "column 'gpqa'")),
    "date-slashes": (toy({"2024-01-01": "2024/01/01"}), GAP, ("error", "line 4, column 'release_date'")),
    "date-dotted": (toy({"2024-01-01": "01.01.2024"}), GAP, ("error", "expected YYYY-MM-DD")),
    "date-short": (toy({"2024-01-01": "2024-1-1"}), GAP, ("error", "line 4, column 'release_date'")),
    "date-feb-30": (toy({"2024-01-01": "2024-02-30"}), GAP, ("error", "line 4, column 'release_date'")),
    "date-with-time": (toy({"2024-01-01": "2024-01-01T10:00"}), GAP, ("error", "line 4")),
    "date-after-2262": (toy({"2024-01-01": "2300-01-01"}), GAP, ("error", "line 4, column 'release_date': date '2300-01-01' is outside")),
    "date-before-1677": (toy({"2024-01-01": "1500-01-01"}), GAP, ("error", "outside the supported range")),
    "date-year-zero": (toy({"2024-01-01": "0000-01-01"}), GAP, ("error", "line 4")),
    "date-unicode-digits": (toy({"2024-01-01": "\u0662\u0660\u0662\u0664-01-01"}), GAP, ("error", "line 4")),
    # issue 17: a dollar string is read as published ($0.8 = 0.8)
    "price-dollar-sign": (toy({"0.8,": "$0.8,"}), GAP, ("ok", "2 in the band")),
    "price-negative": (toy({"0.8,": "-0.8,"}), GAP, ("error", "must be >= 0")),
    "fit-start-empty": (toy(), GAP + ["--fit-start", ""], ("error", "fit_start must be a date")),
    "fit-start-slashes": (toy(), GAP + ["--fit-start", "2024/01/01"], ("error", "fit_start")),
    "fit-start-after-end": (toy(), GAP + ["--fit-start", "2025-01-01", "--fit-end", "2024-01-01"], ("error", "must not be after")),
    "fit-start-after-all-data": (toy(), GAP + ["--fit-start", "9999-01-01"], ("ok", "only 0 point(s)")),
    "price-min-nan": (toy(), ["frontier-gap", "{file}", "--price-min", "nan"], ("error", "--price-min")),
    "price-min-inf": (toy(), ["frontier-gap", "{file}", "--price-min", "inf"], ("error", "--price-min")),
    "price-min-negative": (toy(), ["frontier-gap", "{file}", "--price-min", "-1"], ("error", "price_min")),
    "price-min-above-max": (toy(), ["frontier-gap", "{file}", "--price-min", "2", "--price-max", "1"], ("error", "must not exceed")),
    "price-text": (toy(), ["frontier-gap", "{file}", "--price-min", "cheap"], ("error", "--price-min")),
    "no-band": (toy(), ["frontier-gap", "{file}"], ("error", "give a price band")),
    "empty-band": (toy(), ["frontier-gap", "{file}", "--price-min", "100"], ("error", "no model")),
    "params-band-no-column": (toy().replace(",params_b", "").replace(",,", ",").replace(",7,", ",").replace(",8,", ","),
                              ["frontier-gap", "{file}", "--params-min", "6"], ("error", "params_b")),
    "method-bogus": (toy(), GAP + ["--method", "cubic"], ("error", "--method")),
    "method-log": (toy(), GAP + ["--method", "log", "--json"], ("ok", '"method": "log"')),
    "header-only-leaderboard": ("model,release_date,output_price,mmlu_pro\n", GAP, ("error", "no model")),
    # ---- figures ----
    "figures-empty-outdir": (None, ["figures", ""], ("error", "OUTDIR must be a folder")),
    "figures-outdir-is-file": ("x", ["figures", "{file}"], ("error", "is not a folder")),
    "figures-bad-format": (None, ["figures", "{dir}", "--format", "jpg"], ("error", "--format")),
}


def _prepare(tmp_path: Path, content: object, argv: list[str]) -> list[str]:
    path = tmp_path / "input.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    folder = tmp_path / "folder"
    folder.mkdir(exist_ok=True)
    subs = {"{file}": str(path), "{missing}": str(tmp_path / "nope.csv"), "{dir}": str(folder)}
    return [subs.get(a, a) for a in argv]


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse --help / usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return int(code), out, err


def check_contract(code: int, out: str, err: str) -> None:
    assert code in (0, 2), f"exit {code}"
    assert "Traceback" not in err and "Warning" not in err
    if code == 2:
        assert err.count("\n") == 1 and err.startswith("error: "), err
    else:
        assert out.strip(), "exit 0 with no result"


@pytest.mark.parametrize("case", sorted(CASES))
def test_cli_hostile_case(case, tmp_path, capsys):
    content, argv, (kind, fragment) = CASES[case]
    code, out, err = run_cli(_prepare(tmp_path, content, argv), capsys)
    check_contract(code, out, err)
    if kind == "ok":
        assert code == 0, err
        if fragment:
            assert fragment in out
    else:
        assert code == 2, out[:500]
        assert fragment in err, err


def _fit_json(tmp_path: Path, text: str, capsys, name: str) -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli(["fit-sigmoid", str(path), "--bootstrap", "0", "--json"], capsys)
    assert code == 0, err
    return json.loads(out)


def test_every_scale_gives_the_same_fit(tmp_path, capsys):
    """Fractions, bare percent and '68.9%' strings are one data set: the same least-squares fit."""
    fractions = _fit_json(tmp_path, models_csv(lambda s: f"{s:.6f}"), capsys, "a.csv")
    percent = _fit_json(tmp_path, models_csv(lambda s: f"{100 * s:.4f}"), capsys, "b.csv")
    signed = _fit_json(tmp_path, models_csv(lambda s: f"{100 * s:.4f}%"), capsys, "c.csv")
    mixed = _fit_json(tmp_path, models_csv(lambda s: f"{100 * s:.4f}%" if s > 0.5 else f"{s:.6f}"), capsys, "d.csv")
    for other in (percent, signed, mixed):
        for k in ("S", "x0", "k", "s0"):
            assert other["params"][k] == pytest.approx(fractions["params"][k], rel=1e-6)
    # and close to the generating parameters (noise 0.004 on 40 models)
    assert fractions["params"]["x0"] == pytest.approx(1.97, abs=0.03)


def test_figures_refuses_folder_targets_and_reports_replaced_files(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(meekbook.plots.figures, "PAPER_FIGURES",
                        {"figure_1_loss_gap": meekbook.plots.figures.figure_1_loss_gap})
    out = tmp_path / "figs"
    out.mkdir()
    (out / "figure_1_loss_gap.svg").write_text("old")
    code, stdout, err = run_cli(["figures", str(out), "--format", "svg", "svg"], capsys)
    assert code == 0, err
    assert "replaced 1 existing file(s)" in err and "figure_1_loss_gap.svg" in err
    assert (out / "figure_1_loss_gap.svg").read_text().startswith("<?xml")
    assert stdout.count("\n") == 1  # the duplicated format is written once
    (out / "figure_1_loss_gap.png").mkdir()
    code, stdout, err = run_cli(["figures", str(out), "--format", "png"], capsys)
    check_contract(code, stdout, err)
    assert code == 2 and "is a folder" in err


def _unprivileged_ids() -> tuple[int, int] | None:
    """(uid, gid) of an unprivileged account to drop to when the suite runs as root."""
    import pwd

    for name in ("nobody", "nfsnobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        if entry.pw_uid != 0:
            return entry.pw_uid, entry.pw_gid
    return None


def run_cli_unprivileged(argv: list[str]) -> tuple[int, str, str]:
    """Run ``main(argv)`` in a forked child that is not root (as root: drops to ``nobody``).

    A fork, not a new interpreter: the virtual environment's Python may live where an
    unprivileged account cannot reach it (e.g. under /root). Returns (exit code, stdout, stderr).
    """
    ids = _unprivileged_ids() if os.geteuid() == 0 else None
    if os.geteuid() == 0 and ids is None:
        pytest.skip("running as root and no unprivileged account (nobody) to drop to")
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:   # child: never returns into pytest
        code = 70
        try:
            os.close(out_r)
            os.close(err_r)
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            sys.stdout = open(1, "w", closefd=False)
            sys.stderr = open(2, "w", closefd=False)
            if ids is not None:
                os.setgroups([])
                os.setgid(ids[1])
                os.setuid(ids[0])
            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            import traceback

            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(int(code) if isinstance(code, int) else 70)
    os.close(out_w)
    os.close(err_w)
    with os.fdopen(err_r, encoding="utf8") as err_file, os.fdopen(out_r, encoding="utf8") as out_file:
        err = err_file.read()      # a few lines at most: neither pipe fills while the other is read
        out = out_file.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out, err


@pytest.fixture
def shared_tmp():
    """A fresh folder the unprivileged child can enter (tmp_path's parents are root-only)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="meekbook-permissions-") as folder:
        os.chmod(folder, 0o711)
        yield Path(folder)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unreadable_file_and_unwritable_folder(shared_tmp):
    """Run as an unprivileged user (root reads every file): permission problems are one-line errors."""
    path = shared_tmp / "secret.csv"
    path.write_text(models_csv())
    path.chmod(0)
    code, out, err = run_cli_unprivileged(["fit-sigmoid", str(path)])
    check_contract(code, out, err)
    assert code == 2 and "permission denied" in err and str(path) in err
    locked = shared_tmp / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    code, out, err = run_cli_unprivileged(["figures", str(locked / "sub")])
    check_contract(code, out, err)
    assert code == 2
    assert not (locked / "sub").exists()


def test_permission_error_is_reported_with_the_file(tmp_path, capsys, monkeypatch):
    """Also as root: an open() that raises PermissionError becomes a one-line error."""
    import builtins

    path = tmp_path / "x.csv"
    path.write_text(models_csv())
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    code, out, err = run_cli(["fit-sigmoid", str(path)], capsys)
    check_contract(code, out, err)
    assert code == 2 and str(path) in err and "permission denied" in err


def _long_leaderboard(path: Path, n: int) -> None:
    """A leaderboard where every model beats the last: the running-best table has n rows."""
    lines = ["model,release_date,output_price,mmlu_pro"]
    start = np.datetime64("2000-01-01")
    for i in range(n):
        day = str(start + np.timedelta64(i, "D"))
        lines.append(f"m{i},{day},{0.7 if i % 2 else 20},{0.1 + 0.8 * i / n:.6f}")
    path.write_text("\n".join(lines) + "\n")


def test_closed_pipe_is_quiet(tmp_path):
    """``frontier-gap ... | head -1``: the reader leaves early; no BrokenPipeError traceback."""
    path = tmp_path / "long.csv"
    _long_leaderboard(path, 6000)
    proc = subprocess.run(
        f'"{sys.executable}" -m meekbook frontier-gap "{path}" --price-min 0.5 --price-max 1 | head -1',
        shell=True, capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.stdout.startswith("frontier-gap:")
    assert proc.stderr == "", proc.stderr


def test_real_exit_code_and_single_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(toy())
    proc = subprocess.run([sys.executable, "-m", "meekbook", "frontier-gap", str(path), "--score", "release_date",
                           "--price-min", "0.5"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: frontier-gap: --score")
