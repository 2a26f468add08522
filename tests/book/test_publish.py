"""Publishing: repository setting, launch install cells, JupyterLab,
licence and citation metadata (the deployment workflow: ``tests/tools/test_workflows.py``).

The build *with* the repository setting (and its launch links) is checked by
``tests/book/test_book.py``; here a small build *without* it (three pages, no execution) shows no
link to any repository. ``bash scripts/check_launch.sh`` (its own command) runs every chapter in
a fresh environment after only its install cell.
"""

from __future__ import annotations

import ast
import http.client
import importlib.metadata
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
from pathlib import Path

import pytest
import yaml

from support import CHAPTERS, ROOT, VENV_BIN, load_script  # noqa: E402
publish = load_script("meekbook_publish", ROOT / "book" / "_ext" / "meekbook_publish.py")
set_repository = load_script("set_repository")


# --------------------------------------------------------------------------------------------
# Licence, citation, version
# --------------------------------------------------------------------------------------------
def _version() -> str:
    import meekbook

    return meekbook.__version__


def test_version_is_the_same_everywhere():
    version = _version()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" in project.get("dynamic", []), "pyproject should read meekbook.__version__"
    assert importlib.metadata.version("meekbook") == version, "reinstall: bash scripts/setup.sh"
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf8"))
    assert str(cff["version"]) == version
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf8")
    first = re.search(r"^## \[([^\]]+)\]", changelog, re.M).group(1)
    assert first == version, f"CHANGELOG.md's newest entry is {first}, the package {version}"
    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf8")
    assert f"version = {{{version}}}" in intro, "the 'Cite this book' block has another version"


def test_license_is_mit_in_spdx_form():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text
    assert importlib.metadata.metadata("meekbook")["License-Expression"] == "MIT"


def test_citation_cff_has_the_required_fields():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf8"))
    for key in ("cff-version", "message", "title", "authors", "version", "license"):
        assert cff.get(key), f"CITATION.cff lacks {key}"
    assert cff["cff-version"] == "1.2.0"
    paper = cff["preferred-citation"]
    assert paper["doi"] == "10.48550/arXiv.2507.07931"
    assert [a["family-names"] for a in paper["authors"]] == ["Gundlach", "Lynch", "Thompson"]


def test_front_page_has_a_bibtex_block():
    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf8")
    block = re.search(r"```bibtex\n(.*?)```", intro, re.S)
    assert block, "no ```bibtex block in book/intro.md"
    entry = block.group(1)
    assert re.match(r"@software\{\w+,", entry.strip())
    assert entry.count("{") == entry.count("}"), "unbalanced braces in the BibTeX entry"


# --------------------------------------------------------------------------------------------
# The repository setting
# --------------------------------------------------------------------------------------------
def test_setting_unset_means_no_buttons():
    assert publish.repository_url({}) is None
    assert publish.repository_url({"MEEKBOOK_REPOSITORY_URL": "  "}) is None
    generated = {"repository_url": "https://github.com/executablebooks/jupyter-book",
                 "launch_buttons": {"binderhub_url": "https://mybinder.org"},
                 "use_repository_button": True, "search_bar_text": "Search"}
    out = publish.theme_options(generated, None, "main")
    assert "repository_url" not in out and out["launch_buttons"] == {}
    assert not any(out[k] for k in ("use_repository_button", "use_issues_button",
                                    "use_edit_page_button", "use_source_button"))
    assert out["search_bar_text"] == "Search", "other generated options are kept"


def test_setting_set_gives_repository_and_launch_buttons():
    url = publish.repository_url({"MEEKBOOK_REPOSITORY_URL": "https://github.com/o/r.git/"})
    assert url == "https://github.com/o/r"
    out = publish.theme_options({}, url, "main")
    assert out["repository_url"] == url and out["repository_branch"] == "main"
    assert out["use_repository_button"] and out["use_issues_button"]
    assert out["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert out["launch_buttons"]["colab_url"] == "https://colab.research.google.com"
    gitlab = publish.theme_options({}, "https://gitlab.com/o/r", "main")
    assert gitlab["launch_buttons"]["colab_url"] == "", "Colab opens GitHub notebooks only"


@pytest.mark.parametrize("bad", ["github.com/o/r", "https://github.com/o", "http://github.com/o/r",
                                 "https://github.com/o/r/tree/main", "file:///tmp/r"])
def test_setting_rejects_what_is_not_a_repository_url(bad):
    with pytest.raises(ValueError, match="MEEKBOOK_REPOSITORY_URL"):
        publish.repository_url({"MEEKBOOK_REPOSITORY_URL": bad})


@pytest.mark.slow
def test_build_without_the_setting_links_to_no_repository(tmp_path):
    """Three pages (front page, a chapter, the ledger), not executed: only the links matter."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf8"))
    config["sphinx"]["local_extensions"] = {
        name: str(ROOT / path) for name, path in config["sphinx"]["local_extensions"].items()}
    (tmp_path / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf8")
    toc = {"format": "jb-book", "root": "book/intro",
           "chapters": [{"file": f"notebooks/{CHAPTERS[0]}"}, {"file": "book/ledger"}]}
    (tmp_path / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEEKBOOK_REPOSITORY")}
    proc = subprocess.run(
        [str(VENV_BIN / "jupyter-book"), "build", str(ROOT), "--config", str(tmp_path / "_config.yml"),
         "--toc", str(tmp_path / "_toc.yml"), "--path-output", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    html = tmp_path / "_build" / "html"
    pages = sorted(html.rglob("*.html"))
    assert proc.returncode == 0 and (html / "notebooks" / f"{CHAPTERS[0]}.html").exists(), \
        proc.stdout[-3000:] + proc.stderr[-3000:]
    repo_link = re.compile(r'href="[^"]*(github\.com/|gitlab\.com/|mybinder\.org/v2|'
                           r'colab\.research\.google\.com/github)')
    bad = [f"{p.relative_to(html)}: {m.group(0)}" for p in pages
           for m in repo_link.finditer(p.read_text(encoding="utf8", errors="replace"))]
    assert not bad, "links to a repository without MEEKBOOK_REPOSITORY_URL:\n" + "\n".join(bad)
    chapter = (html / "notebooks" / f"{CHAPTERS[0]}.html").read_text(encoding="utf8")
    for marker in ("launch-buttons", "repository-button", "btn-source-issues-button"):
        assert marker not in chapter, f"{marker} on a page built without the setting"


# --------------------------------------------------------------------------------------------
# Install cells (Colab)
# --------------------------------------------------------------------------------------------
def test_every_chapter_starts_with_the_standard_install_cell():
    urls = set_repository.current_urls()
    assert set(urls) == set(CHAPTERS) and CHAPTERS
    url = next(iter(urls.values()))
    assert set(urls.values()) == {url}, f"chapters install from different URLs: {urls}"
    for name in CHAPTERS:
        text = (ROOT / "notebooks" / f"{name}.md").read_text(encoding="utf8")
        first_code = re.search(r"```\{code-cell\} ipython3\n(.*?)\n```", text, re.S).group(1)
        assert first_code == ":tags: [remove-cell]\n\n" + set_repository.install_cell(url), \
            f"notebooks/{name}.md: the first code cell is not the standard install cell " \
            f"(run: python scripts/set_repository.py {url})"


def _requirement_names(dist: str, extras: tuple[str, ...] = ()) -> set[str]:
    """Distribution names ``dist[extras]`` requires, transitively (installed metadata)."""
    seen: set[str] = set()
    todo = [(dist, extras)]
    while todo:
        name, wanted = todo.pop()
        key = name.lower().replace("_", "-")
        if (key, wanted) in seen:
            continue
        seen.add((key, wanted))
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for req in requires:
            match = re.match(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?", req)
            marker = req.split(";", 1)[1] if ";" in req else ""
            extra = re.search(r"extra\s*==\s*['\"]([^'\"]+)['\"]", marker)
            if extra and extra.group(1) not in wanted:
                continue
            if "sys_platform" in marker and "linux" not in marker and "!=" not in marker:
                continue
            sub = tuple(x.strip() for x in (match.group(2) or "[]")[1:-1].split(",") if x.strip())
            todo.append((match.group(1), sub))
    return {name for name, _ in seen}


def test_the_install_cell_extra_covers_every_chapter_import():
    """Each module a chapter imports is stdlib or installed by meekbook[notebook]."""
    installed = _requirement_names("meekbook", (set_repository.EXTRA,))
    module_dists = importlib.metadata.packages_distributions()
    bad = []
    for name in CHAPTERS:
        nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf8"))
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            source = "\n".join(l for l in source.splitlines() if not l.lstrip().startswith(("%", "!")))
            for node in ast.walk(ast.parse(source)):
                mods = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                        [node.module] if isinstance(node, ast.ImportFrom) and node.module
                        and not node.level else [])
                for mod in mods:
                    top = mod.split(".")[0]
                    if top in sys.stdlib_module_names or top == "meekbook":
                        continue
                    dists = {d.lower().replace("_", "-") for d in module_dists.get(top, [])}
                    if not dists & installed:
                        bad.append(f"{name}: imports {top} ({dists or 'not installed'})")
    assert not bad, f"not installed by meekbook[{set_repository.EXTRA}]:\n" + "\n".join(sorted(set(bad)))


def test_set_repository_rejects_a_bad_url(capsys):
    assert set_repository.main(["not-a-url"]) == 2
    assert capsys.readouterr().err.startswith("error: url must be")


# --------------------------------------------------------------------------------------------
# JupyterLab
# --------------------------------------------------------------------------------------------
class _UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP over a UNIX socket: the test's JupyterLab listens on no port (none to race for,
    none another process can answer on)."""

    def __init__(self, path: Path):
        super().__init__("localhost", timeout=30)
        self._path = str(path)

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self._path)


def _get(sock: Path, path: str, token: str) -> tuple[int, dict]:
    conn = _UnixHTTPConnection(sock)
    try:
        conn.request("GET", path, headers={"Authorization": f"token {token}"})
        resp = conn.getresponse()
        body = resp.read()
        if resp.status >= 400:
            raise urllib.error.HTTPError(path, resp.status, body[:200].decode(errors="replace"),
                                         resp.headers, None)
        return resp.status, json.loads(body)
    finally:
        conn.close()


def test_binder_post_build_sets_the_default_viewer_as_the_local_set_up(tmp_path):
    """Binder (repo2docker) runs ./postBuild after environment.yml: it writes the JupyterLab
    setting that makes .md open as a notebook into the environment's prefix, from the same file
    scripts/setup.sh uses. (repo2docker reads the root's files only when there is no binder/.)"""
    assert (ROOT / "environment.yml").exists() and not (ROOT / "binder").exists()
    assert os.access(ROOT / "postBuild", os.X_OK)
    prefix = tmp_path / "srv" / "conda" / "envs" / "notebook"
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "python").write_text(f"#!/bin/sh\necho {prefix}\n")   # what `sys.prefix` prints
    (fake_bin / "python").chmod(0o755)
    subprocess.run(["bash", str(ROOT / "postBuild")], check=True, cwd=tmp_path,
                   env=dict(os.environ, PATH=f"{fake_bin}:{os.environ['PATH']}"))
    written = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    shared = ROOT / "scripts" / "jupyterlab-overrides.json"
    assert written.read_text() == shared.read_text()
    viewers = json.loads(written.read_text())["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == "Jupytext Notebook"
    local = ROOT / ".venv" / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert local.read_text() == shared.read_text(), "scripts/setup.sh installs the same file"


@pytest.mark.slow
def test_jupyterlab_opens_a_chapter_md_as_a_notebook(tmp_path):
    """The set-up's JupyterLab serves notebooks/NAME.md as a notebook, and .md opens as one."""
    assert (VENV_BIN / "jupyter-lab").exists(), "JupyterLab is not installed by the set-up"
    token = secrets.token_hex(16)
    sock = tmp_path / "lab.sock"
    assert len(str(sock)) < 100, f"UNIX socket path too long: {sock}"
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "user-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(
        [str(VENV_BIN / "jupyter-lab"), "--no-browser", f"--ServerApp.sock={sock}",
         "--ServerApp.sock_mode=0600", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={ROOT}",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        for _ in range(240):
            try:
                _get(sock, "/api/status", token)
                break
            except urllib.error.HTTPError:
                raise                                # the server answers: with an error
            except OSError:                          # no socket yet, or not accepting yet
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start in 120 s")
        assert proc.poll() is None, (tmp_path / "lab.log").read_text()
        name = CHAPTERS[0]
        status, model = _get(sock, f"/api/contents/notebooks/{name}.md?type=notebook", token)
        assert status == 200 and model["type"] == "notebook"
        cells = model["content"]["cells"]
        golden = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf8"))
        code = [c["source"] for c in cells if c["cell_type"] == "code"]
        assert code == ["".join(c["source"]) for c in golden["cells"] if c["cell_type"] == "code"]
        _, default = _get(sock, f"/api/contents/notebooks/{name}.md?content=0", token)
        assert default["type"] == "notebook", "jupytext does not treat .md as a notebook"
        _, settings = _get(sock, "/lab/api/settings/@jupyterlab/docmanager-extension:plugin",
                           token)
        viewers = settings["schema"]["properties"]["defaultViewers"]["default"]
        assert viewers.get("markdown") == "Jupytext Notebook", viewers
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
        log.close()


# --------------------------------------------------------------------------------------------
# The PDF edition's doctree adjustments (the full PDF: bash scripts/pdf.sh)
# --------------------------------------------------------------------------------------------
def _fake_latex_app(secnumbers: dict, fmt: str = "latex"):
    from types import SimpleNamespace

    env = SimpleNamespace(toc_secnumbers=secnumbers, titles={})
    return SimpleNamespace(builder=SimpleNamespace(format=fmt), env=env)


def _latex_doctree():
    from docutils import nodes
    from docutils.utils import new_document
    from sphinx import addnodes

    doc = new_document("test")
    for name in ("book/course", "notebooks/scaling_law"):
        start = addnodes.start_of_file(docname=name)
        start += nodes.container("", nodes.paragraph(text="live"), classes=["cell", "tag_html-only"])
        start += nodes.container("", nodes.paragraph(text="kept"), classes=["cell", "tag_hide-input"])
        doc += start
    return doc


def test_pdf_drops_html_only_cells_and_numbers_chapters_as_the_html():
    from docutils import nodes

    doc = _latex_doctree()
    publish._latex_edition(_fake_latex_app({"notebooks/scaling_law": {"": (3,)}}), doc, "index")
    text = doc.astext()
    assert "live" not in text and text.count("kept") == 2
    raws = [n.astext() for n in doc.findall(nodes.raw)]
    assert "\\setcounter{secnumdepth}{2}\\setcounter{chapter}{2}\n" in raws, raws
    assert raws.count("\\setcounter{secnumdepth}{-1}\n") == 2, "front matter + course unnumbered"


def test_html_keeps_html_only_cells():
    doc = _latex_doctree()
    publish._latex_edition(_fake_latex_app({}, fmt="html"), doc, "index")
    assert doc.astext().count("live") == 2
