"""``data refresh`` / ``data list`` / ``--snapshot``: offline, against a loopback HTTP server.

Every failure of a refresh (404, timeout, truncated body, HTML, a renamed column) must print one
``error:`` line, exit 2, and leave the earlier snapshot byte for byte as it was. Expected values
come from the fixtures' sources (Epoch AI's tables, CC BY 4.0; see tests/fixtures/refresh/README.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import io
import json
import threading
import time
from pathlib import Path

import pytest

from meekbook.cli.main import main
from meekbook.empirical.download import RefreshError, fetch
from meekbook.empirical.snapshots import list_snapshots, open_snapshot, refresh

pytestmark = pytest.mark.unit

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "refresh"
EPOCH = (FIX / "epoch_models_2024.csv").read_bytes()
RENAMED = EPOCH.replace(b"Publication date", b"Release date", 1)


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _send(self, body: bytes, ctype: str = "text/csv", length: int | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/epoch.csv":
            self._send(EPOCH)
        elif self.path == "/renamed.csv":
            self._send(RENAMED)
        elif self.path == "/page.html":
            self._send(b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html; charset=utf-8")
        elif self.path == "/html-as-csv.csv":
            self._send(b"<!doctype html><html><body>moved</body></html>", "text/csv")
        elif self.path == "/truncated.csv":
            self._send(EPOCH[:200], length=len(EPOCH))
        elif self.path == "/slow.csv":
            time.sleep(1.5)
            with contextlib.suppress(OSError):
                self._send(EPOCH)
        else:
            self.send_error(404, "Not Found")


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _cli(args: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as exc:  # usage errors: argparse exits (one line, status 2)
        code = int(exc.code)
    out, err = capsys.readouterr()
    return code, out, err


def test_refresh_from_server_writes_data_and_manifest(server, tmp_path, capsys):
    code, out, err = _cli(["data", "refresh", "epoch-notable", "--from", f"{server}/epoch.csv",
                           "--out", str(tmp_path)], capsys)
    assert code == 0, err
    folder = Path(out.splitlines()[0])
    assert folder.parent == tmp_path / "epoch-notable"
    assert (folder / "data.csv").read_bytes() == EPOCH  # as published, byte for byte
    m = json.loads((folder / "manifest.json").read_text())
    assert m["sha256"] == hashlib.sha256(EPOCH).hexdigest()
    assert m["rows"] == 10 and m["licence"] == "CC-BY-4.0" and "Epoch AI" in m["attribution"]
    assert m["mapping"]["System"] == "Model"  # the older spelling, mapped
    assert m["retrieved_utc"].endswith("Z") and m["url"].endswith("/epoch.csv")
    assert not [p for p in tmp_path.rglob(".partial-*")]


@pytest.mark.parametrize("path, words", [
    ("/missing.csv", "HTTP 404"),
    ("/slow.csv", "timed out"),
    ("/truncated.csv", "truncated"),
    ("/page.html", "not a CSV"),
    ("/html-as-csv.csv", "HTML"),
    ("/renamed.csv", "'Publication date' is missing"),
])
def test_failed_refresh_is_one_error_and_keeps_the_previous_snapshot(server, tmp_path, capsys, path, words):
    assert _cli(["data", "refresh", "epoch-notable", "--from", f"{server}/epoch.csv",
                 "--out", str(tmp_path)], capsys)[0] == 0
    before = _tree(tmp_path)
    code, out, err = _cli(["data", "refresh", "epoch-notable", "--from", f"{server}{path}",
                           "--out", str(tmp_path), "--timeout", "0.3"], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and words in err
    assert _tree(tmp_path) == before  # untouched, and no partial folder left


def test_network_error_names_the_url(tmp_path):
    with pytest.raises(RefreshError, match="network error"):
        fetch("http://127.0.0.1:9/none.csv", timeout=0.5)  # port 9 (discard): nothing listens


def test_download_size_is_bounded(server):
    with pytest.raises(RefreshError, match="more than the 100 bytes allowed"):
        fetch(f"{server}/epoch.csv", max_bytes=100)


def test_local_file_and_list(tmp_path, capsys):
    snap = refresh("mmlu-pro", str(FIX / "mmlu_pro_results.csv"), tmp_path)
    refresh("epoch-benchmarks", str(FIX / "epoch_external_mmlu.csv"), tmp_path)
    assert snap.rows == 11 and snap.manifest["mapping"]["Data Source"] == "Data Source"
    code, out, _ = _cli(["data", "list", "--out", str(tmp_path)], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["source", "retrieved"]
    assert {ln.split()[0] for ln in lines[1:]} == {"mmlu-pro", "epoch-benchmarks"}
    assert {int(ln.split()[2]) for ln in lines[1:]} == {11, 9}


def test_refresh_rejects_unknown_source_and_missing_file(tmp_path, capsys):
    code, _, err = _cli(["data", "refresh", "nope", "--out", str(tmp_path)], capsys)
    assert code == 2 and err.count("\n") == 1
    code, _, err = _cli(["data", "refresh", "mmlu-pro", "--from", str(tmp_path / "x.csv"),
                         "--out", str(tmp_path)], capsys)
    assert code == 2 and "no such file" in err and err.count("\n") == 1
    assert list_snapshots(tmp_path) == []


def test_edited_snapshot_is_refused(tmp_path):
    snap = refresh("epoch-notable", str(FIX / "epoch_models_2024.csv"), tmp_path)
    (snap.path / "data.csv").write_bytes(EPOCH + b"x\n")
    with pytest.raises(ValueError, match="does not match the sha256"):
        open_snapshot(snap.path)


def test_fit_sigmoid_on_epoch_snapshot_uses_epochs_tokens(tmp_path, capsys):
    snap = refresh("epoch-notable", str(FIX / "epoch_models_2024.csv"), tmp_path)
    from meekbook.empirical.snapshot_data import models_input

    df = models_input(open_snapshot(snap.path)).set_index("model")
    # Epoch gives Llama 2-70B's data as 1.5e12 words ("2 trillion tokens ~= 1.5 trillion
    # words"): converted back at 0.75 words per token, 2e12 tokens (Llama 2 paper: 2T)
    assert df.loc["Llama-2-70B", "tokens"] == pytest.approx(2e12)
    assert df.loc["Falcon-180B", "tokens"] == pytest.approx(3.5e12)  # "3.5 trillion tokens"
    assert df.loc["Llama-3-70B", "tokens"] == pytest.approx(15e12)  # given in tokens
    assert df.loc["Llama-2-70B", "params"] == pytest.approx(70e9)  # Epoch's value, not 6.9e10
    code, out, err = _cli(["fit-sigmoid", "--snapshot", str(tmp_path / "epoch-notable"),
                           "--bootstrap", "0"], capsys)
    assert code == 0, err
    assert "epoch-notable" in out and f"n = {len(df)} models" in out


def test_frontier_gap_on_mmlu_pro_snapshot_keeps_one_evaluator(tmp_path, capsys):
    snap = refresh("mmlu-pro", str(FIX / "mmlu_pro_results.csv"), tmp_path)
    from meekbook.empirical.snapshot_data import leaderboard_input

    df = leaderboard_input(open_snapshot(snap.path))
    rows = df[df["model"] == "Qwen2.5-7B-Instruct"]
    assert "vendor: self-reported" in set(rows["evaluator"])  # 'Self-Reporeted' (sic) = vendor
    assert df.attrs["unplaced"] == ["Synthetic-Model-9B"]
    code, out, err = _cli(["frontier-gap", "--snapshot", str(snap.path), "--price-min", "0.5",
                           "--price-max", "1"], capsys)
    assert code == 0, err
    assert "evaluator: TIGER-Lab (default: the independent evaluator" in out


def test_file_and_snapshot_are_exclusive(tmp_path, capsys):
    code, _, err = _cli(["fit-sigmoid", "--bootstrap", "0"], capsys)
    assert code == 2 and "FILE is required (or --snapshot DIR" in err


def test_verify_snapshot_prints_verdict_changes(tmp_path, capsys):
    snap = refresh("mmlu-pro", str(FIX / "mmlu_pro_results.csv"), tmp_path)
    code, out, err = _cli(["verify", "--snapshot", str(snap.path)], capsys)
    assert code == 0, err
    assert "Verdicts that change vs the packaged data:" in out
    assert "base_models: packaged (the snapshot cannot replace it" in out
    # the fixture's MMLU-Pro gaps are all zero: no log fit (said in words, never "nan"), and a
    # zero slope with a zero-width interval is not "widening" (inconclusive, not fail)
    assert "nan" not in out.lower()
    assert "no interval: the fit is not defined on these data" in out
    linear = [ln for ln in out.splitlines() if "[interval [0, 0] > 0]" in ln]
    assert len(linear) == 1 and linear[0].split()[0] == "INCONCLUSIVE"
    assert "(MMLU-Pro, linear fit): fail -> inconclusive" in out     # listed as a change


def test_current_epoch_column_names(tmp_path):
    snap = refresh("epoch-frontier", str(FIX / "epoch_models_current.csv"), tmp_path)
    assert snap.manifest["mapping"] == {
        "Model": "Model", "Organization": "Organization", "Publication date": "Publication date",
        "Parameters": "Parameters", "Training dataset size (total)": "Training dataset size (total)"}
    from meekbook.empirical.snapshot_data import models_input

    df = models_input(open_snapshot(snap.path)).set_index("model")
    assert df.loc["Llama-2-70B", "tokens"] == pytest.approx(2e12)  # words, converted


def test_epoch_mmlu_snapshot_takes_the_first_five_shot_result(tmp_path):
    snap = refresh("epoch-benchmarks", str(FIX / "epoch_external_mmlu.csv"), tmp_path)
    from meekbook.empirical.snapshot_data import models_input

    df = models_input(open_snapshot(snap.path)).set_index("model")
    # Falcon 40B: 56.9% (Falcon2-11B report) listed first, 55.4% (Llama 2 paper) next; both 5-shot
    assert df.loc["Falcon-40B", "mmlu"] == pytest.approx(0.569)
    assert df.loc["Chinchilla 70B", "mmlu"] == pytest.approx(0.675)


def test_uncertainty_snapshot_with_too_few_models_is_refused(tmp_path, capsys):
    snap = refresh("epoch-benchmarks", str(FIX / "epoch_external_mmlu.csv"), tmp_path)
    code, _, err = _cli(["uncertainty", "--snapshot", str(snap.path), "--draws", "100",
                         "--sobol", "0"], capsys)
    assert code == 2 and "too few" in err and err.count("\n") == 1


def test_epoch_tables_in_the_published_zip(tmp_path, capsys):
    """Epoch publishes every models table inside ai_models.zip (the notable one also on its own)."""
    import zipfile

    from meekbook.empirical.sources import SOURCES

    assert SOURCES["epoch-notable"].url.endswith("/notable_ai_models.csv")
    for name, member in (("epoch-large-scale", "large_scale_ai_models.csv"),
                         ("epoch-frontier", "frontier_ai_models.csv"), ("epoch-all", "all_ai_models.csv")):
        assert SOURCES[name].url.endswith("/ai_models.zip") and SOURCES[name].member == member
    archive = tmp_path / "ai_models.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ai_models/notable_ai_models.csv", b"Model\n")
        z.writestr("ai_models/large_scale_ai_models.csv", EPOCH)
    snap = refresh("epoch-large-scale", str(archive), tmp_path / "out")
    assert (snap.path / "data.csv").read_bytes() == EPOCH
    code, _, err = _cli(["data", "refresh", "epoch-all", "--from", str(archive),
                         "--out", str(tmp_path / "out")], capsys)
    assert code == 2 and "without 'all_ai_models.csv'" in err and err.count("\n") == 1


@pytest.mark.parametrize("option", ["--json", "--model-only"])
def test_verify_snapshot_refuses_options_it_cannot_honour(tmp_path, capsys, option):
    snap = refresh("mmlu-pro", str(FIX / "mmlu_pro_results.csv"), tmp_path)
    code, out, err = _cli(["verify", "--snapshot", str(snap.path), option], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith("error:")
    assert "--snapshot" in err and option in err


def test_refresh_from_a_folder_or_a_fifo_says_what_it_is(tmp_path, capsys):
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)                          # opening it would block: it must be refused by stat
    for where, what in ((tmp_path, "is a folder"), (fifo, "is a FIFO")):
        code, out, err = _cli(["data", "refresh", "mmlu-pro", "--from", str(where),
                               "--out", str(tmp_path / "out")], capsys)
        assert code == 2 and out == "" and err.count("\n") == 1 and what in err
    assert list_snapshots(tmp_path / "out") == []
