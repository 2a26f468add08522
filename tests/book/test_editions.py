"""Downloads and editions of the published site, and the prose that describes them.

* each chapter's executed notebook in the page's download menu, its install cell pinned;
* the whole-book PDF (``MEEKBOOK_PDF``) and the version switcher (``MEEKBOOK_SITE_URL``): off
  unless set, so a local build links nothing that is not there;
* ``scripts/site_bundle.py``: the student edition under ``student/``, one copy per release
  under ``vX.Y/``, ``versions.json``, the site zip;
* the intro lists every chapter, the course guide says what each chapter's explorers need, and
  every command in the book is one of the README's.

The build with these settings: ``test_build_has_downloads_and_no_dead_link`` (slow).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from support import CHAPTERS, ROOT, VENV_BIN, load_script

publish = load_script("meekbook_publish", ROOT / "book" / "_ext" / "meekbook_publish.py")
editions_ext = load_script("meekbook_editions", ROOT / "book" / "_ext" / "meekbook_editions.py")
site_bundle = load_script("site_bundle")
repository = load_script("repository")

THEME_BUTTONS = [
    {"type": "group", "label": "download-buttons", "buttons": [
        {"type": "link", "url": "../_sources/notebooks/x.ipynb", "text": ".ipynb",
         "label": "download-source-button"},
        {"type": "javascript", "javascript": "window.print()", "text": ".pdf",
         "label": "download-pdf-button"}]},
    {"type": "javascript", "label": "fullscreen-button"},
]


# --------------------------------------------------------------------------------------------
# Download menu
# --------------------------------------------------------------------------------------------
def test_download_menu_offers_the_notebook_and_no_pdf_without_one():
    out = publish.download_buttons(THEME_BUTTONS, "x.ipynb", None)
    menu = out[0]["buttons"]
    assert [b["label"] for b in menu] == ["download-notebook-button", "download-pdf-button"]
    assert menu[0]["url"] == "x.ipynb" and menu[0]["text"] == ".ipynb"
    assert not any("book-pdf" in b["label"] for b in out + menu)
    assert THEME_BUTTONS[0]["buttons"][0]["label"] == "download-source-button", "input kept"


def test_download_menu_and_header_link_the_pdf_when_there_is_one():
    out = publish.download_buttons(THEME_BUTTONS, None, "../meekbook.pdf")
    assert out[0]["label"] == "book-pdf-button" and out[0]["url"] == "../meekbook.pdf"
    menu = out[1]["buttons"]
    assert [b["label"] for b in menu] == ["download-source-button", "download-pdf-button",
                                          "download-book-pdf-button"], "not a notebook: source kept"


def test_downloaded_notebook_pins_the_commit_when_the_repository_is_set(tmp_path):
    golden = ROOT / "notebooks" / f"{CHAPTERS[0]}.ipynb"
    pinned = tmp_path / "pinned.ipynb"
    publish.download_notebook(golden, pinned, "https://github.com/o/r", "0123abcd")
    first = "".join(json.loads(pinned.read_text())["cells"][
        next(i for i, c in enumerate(json.loads(golden.read_text())["cells"])
             if c["cell_type"] == "code")]["source"])
    assert '"meekbook[notebook] @ git+https://github.com/o/r@0123abcd"' in first
    same = tmp_path / "same.ipynb"
    publish.download_notebook(golden, same, None, "0123abcd")
    assert same.read_bytes() == golden.read_bytes(), "no repository: the golden as it is"


def test_download_ref_defaults_to_the_release_tag():
    import meekbook

    assert publish.download_ref({}) == f"v{meekbook.__version__}"
    assert publish.download_ref({"MEEKBOOK_REPOSITORY_REF": " abc123 "}) == "abc123"


def test_pdf_setting(tmp_path):
    assert publish.pdf_path({}) is None
    with pytest.raises(ValueError, match="MEEKBOOK_PDF"):
        publish.pdf_path({"MEEKBOOK_PDF": str(tmp_path / "missing.pdf")})
    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(b"%PDF-1.5\n")
    assert publish.pdf_path({"MEEKBOOK_PDF": str(pdf)}) == pdf


def test_version_switcher_only_with_a_site_address():
    assert "switcher" not in publish.switcher_options({}, None, "latest")
    out = publish.switcher_options({}, "https://o.github.io/meekbook/", "v0.3")
    assert out["switcher"] == {"json_url": "https://o.github.io/meekbook/versions.json",
                               "version_match": "v0.3"}
    assert out["check_switcher"] is False, "the build must not fetch the list (offline)"
    assert "version-switcher.html" in publish.SIDEBAR_WITH_SWITCHER
    with pytest.raises(ValueError):
        publish.switcher_options({}, "https://o.github.io/m", "0.3")


# --------------------------------------------------------------------------------------------
# scripts/site_bundle.py
# --------------------------------------------------------------------------------------------
def _site(root: Path, text: str) -> Path:
    (root / "notebooks").mkdir(parents=True)
    (root / "index.html").write_text(f"<p>{text}</p>")
    (root / "notebooks" / "a.ipynb").write_text("{}")
    return root


def test_newest_patch_release_per_edition():
    tags = ["v0.2.0", "v0.10.1", "v0.2.3", "v0.10.0", "v1.0.0rc1", "v0.9.0"]
    assert site_bundle.newest_per_edition(tags) == {"v0.10": "v0.10.1", "v0.9": "v0.9.0",
                                                    "v0.2": "v0.2.3"}


def test_switcher_json_lists_latest_then_the_editions():
    entries = site_bundle.switcher("https://o.github.io/meekbook/", ["v0.3", "v0.2"])
    assert entries == [
        {"name": "latest (main)", "version": "latest", "url": "https://o.github.io/meekbook/",
         "preferred": True},
        {"name": "v0.3", "version": "v0.3", "url": "https://o.github.io/meekbook/v0.3/"},
        {"name": "v0.2", "version": "v0.2", "url": "https://o.github.io/meekbook/v0.2/"}]
    with pytest.raises(ValueError, match="site_url"):
        site_bundle.switcher("o.github.io", [])


def test_assemble_puts_the_student_edition_under_student(tmp_path):
    book, student = _site(tmp_path / "html", "book"), _site(tmp_path / "student", "student")
    site_bundle.assemble(tmp_path / "site", book, student)
    assert (tmp_path / "site" / "index.html").read_text() == "<p>book</p>"
    assert (tmp_path / "site" / "student" / "index.html").read_text() == "<p>student</p>"
    with pytest.raises(ValueError, match="html must be a built book"):
        site_bundle.assemble(tmp_path / "x", tmp_path / "nothing", None)


def test_zip_is_the_whole_site_and_the_same_bytes_twice(tmp_path):
    site = _site(tmp_path / "site", "book")
    first, second = tmp_path / "1.zip", tmp_path / "2.zip"
    assert site_bundle.make_zip(site, first) == 2
    os.utime(site / "index.html", (1e9, 1e9))
    site_bundle.make_zip(site, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as zf:
        assert sorted(zf.namelist()) == ["index.html", "notebooks/a.ipynb"]
        assert zf.read("index.html") == b"<p>book</p>"


def test_editions_unpack_each_release_into_its_folder(tmp_path):
    site = _site(tmp_path / "site", "latest")
    zips = tmp_path / "zips"
    for tag in ("v0.2.0", "v0.2.1", "v0.3.0"):
        site_bundle.make_zip(_site(tmp_path / tag, tag), zips / f"meekbook-site-{tag}.zip")
    (zips / "notes.zip").write_bytes(b"not ours")
    assert site_bundle.editions(site, zips, "https://o.github.io/m") == ["v0.3", "v0.2"]
    assert (site / "v0.2" / "index.html").read_text() == "<p>v0.2.1</p>", "newest patch"
    assert (site / "v0.3" / "index.html").read_text() == "<p>v0.3.0</p>"
    assert (site / "index.html").read_text() == "<p>latest</p>"
    versions = json.loads((site / "versions.json").read_text())
    assert [v["version"] for v in versions] == ["latest", "v0.3", "v0.2"]


def test_editions_refuse_a_zip_that_writes_outside_its_folder(tmp_path):
    site = _site(tmp_path / "site", "latest")
    (tmp_path / "zips").mkdir()
    with zipfile.ZipFile(tmp_path / "zips" / "meekbook-site-v0.1.0.zip", "w") as zf:
        zf.writestr("../evil.html", "x")
    with pytest.raises(ValueError, match="unsafe entry"):
        site_bundle.editions(site, tmp_path / "zips", "https://o.github.io/m")
    assert not (tmp_path / "evil.html").exists()


def test_site_bundle_cli_errors_are_one_line(tmp_path, capsys):
    assert site_bundle.main(["zip", str(tmp_path / "none"), str(tmp_path / "z.zip")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: site must be a built site")


def test_site_bundle_tag_is_the_package_version(capsys):
    import meekbook

    assert site_bundle.main(["tag"]) == 0
    assert capsys.readouterr().out.strip() == f"v{meekbook.__version__}"


# --------------------------------------------------------------------------------------------
# The prose: intro, course guide, commands
# --------------------------------------------------------------------------------------------
def _label(name: str) -> str:
    text = (ROOT / "notebooks" / f"{name}.md").read_text(encoding="utf8")
    return re.search(r"^\(([\w-]+)\)=\n# ", text, re.M).group(1)


def test_intro_lists_every_chapter_with_its_number():
    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf8")
    listed = re.findall(r"^(\d+)\. \{ref\}`([\w-]+)`", intro, re.M)
    assert listed == [(str(i), _label(name)) for i, name in enumerate(CHAPTERS, 1)]


def test_explore_table_reads_the_chapters(tmp_path):
    """A hand-made notebook: a chart output, a live explorer, a static default view."""
    def code(source, tags=(), html=""):
        outputs = [{"output_type": "display_data", "data": {"text/html": [html]}}] if html else []
        return {"cell_type": "code", "source": source, "metadata": {"tags": list(tags)},
                "outputs": outputs}
    nb = {"cells": [{"cell_type": "markdown", "source": "(my-chapter)=\n# Title", "metadata": {}},
                    code("fig, _ = explorers.x_figure(p)"),
                    code("embed(spec)", html='<div class="meekbook-explorable">')]}
    path = tmp_path / "a.ipynb"
    path.write_text(json.dumps(nb))
    assert editions_ext.explore_row(path) == ("my-chapter", True, False)
    nb["cells"].append(code("explorers.x(p)", tags=["html-only"]))
    path.write_text(json.dumps(nb))
    assert editions_ext.explore_row(path) == ("my-chapter", True, True)


def test_course_guide_says_what_the_book_does():
    course = (ROOT / "book" / "course.md").read_text(encoding="utf8")
    assert "```{explore-table}" in course, "what each chapter's explorers need: read at build"
    outside_only = re.sub(r"```\{only\}.*?```", "", course, flags=re.S)
    assert "rocket" not in outside_only.lower(), "launch buttons exist only with a repository"
    assert not re.search(r"pip install", course), "the install cell already installs"


def _commands(text: str) -> list[str]:
    """Command lines of the ```bash blocks of ``text``, comments removed."""
    out = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.splitlines():
            command = line.split("#", 1)[0].strip()
            if command:
                out.append(command)
    return out


#: An inline code span that is a command (not a file or a name).
INLINE_COMMAND = re.compile(r"`((?:bash|make|python|pip|jupyter\S*|FRESH=\S+|\.venv/bin/\S+) [^`]*)`")


def _inline_commands(text: str) -> list[str]:
    return [m.group(1).strip() for m in INLINE_COMMAND.finditer(re.sub(r"```.*?```", "", text,
                                                                           flags=re.S))]


def test_every_command_in_the_book_is_the_readmes():
    text = (ROOT / "README.md").read_text(encoding="utf8")
    readme = set(_commands(text)) | set(_inline_commands(text))
    assert {"bash scripts/build.sh", "bash scripts/test.sh", "make lab"} <= readme
    book = {page: _commands(text) + _inline_commands(text)
            for page in ("intro.md", "course.md", "status.md")
            for text in [(ROOT / "book" / page).read_text(encoding="utf8")]}
    assert sum(map(len, book.values())) >= 4
    other = [f"{page}: {c}" for page, cmds in book.items() for c in cmds if c not in readme]
    assert not other, "commands the README does not give:\n" + "\n".join(other)


# --------------------------------------------------------------------------------------------
# A small build with the PDF and a site address: the links resolve
# --------------------------------------------------------------------------------------------
class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _local_targets(page: Path, html: Path) -> list[tuple[str, Path]]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf8"))
    out = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        out.append((href, (page.parent / unquote(parts.path)).resolve()))
    return out


def _small_build(tmp_path: Path, env_extra: dict[str, str]) -> Path:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf8"))
    config["sphinx"]["local_extensions"] = {
        name: str(ROOT / path) for name, path in config["sphinx"]["local_extensions"].items()}
    (tmp_path / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf8")
    toc = {"format": "jb-book", "root": "book/intro",
           "chapters": [{"file": f"notebooks/{CHAPTERS[0]}"}]}
    (tmp_path / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEEKBOOK_")}
    env.update(env_extra)
    proc = subprocess.run(
        [str(VENV_BIN / "jupyter-book"), "build", str(ROOT), "--config", str(tmp_path / "_config.yml"),
         "--toc", str(tmp_path / "_toc.yml"), "--path-output", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    html = tmp_path / "_build" / "html"
    assert proc.returncode == 0 and (html / "index.html").exists(), \
        proc.stdout[-3000:] + proc.stderr[-3000:]
    return html


@pytest.mark.slow
def test_build_has_downloads_and_no_dead_link(tmp_path):
    pdf = tmp_path / "meekbook.pdf"
    pdf.write_bytes(b"%PDF-1.5\n%test\n")
    html = _small_build(tmp_path, {"MEEKBOOK_PDF": str(pdf),
                                   "MEEKBOOK_SITE_URL": "https://o.github.io/meekbook"})
    chapter = html / "notebooks" / f"{CHAPTERS[0]}.html"
    text = chapter.read_text(encoding="utf8")
    targets = dict(_local_targets(chapter, html))
    assert targets.get(f"{CHAPTERS[0]}.ipynb") == (html / "notebooks" / f"{CHAPTERS[0]}.ipynb")
    nb = json.loads((html / "notebooks" / f"{CHAPTERS[0]}.ipynb").read_text(encoding="utf8"))
    assert nb["cells"] and any(c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    assert targets.get("../meekbook.pdf") == html / "meekbook.pdf"
    assert (html / "meekbook.pdf").read_bytes() == pdf.read_bytes()
    assert "https://o.github.io/meekbook/versions.json" in text, "version switcher"
    intro = html / "book" / "intro.html"
    intro_targets = dict(_local_targets(intro, html))
    assert intro_targets.get("../meekbook.pdf") == html / "meekbook.pdf"
    assert "../student/index.html" in intro_targets, "the published site names the student edition"
    dead = [f"{p.relative_to(html)}: {href}" for p in (chapter, intro)
            for href, target in _local_targets(p, html)
            if not target.exists() and not href.startswith("../student/")]
    assert not dead, "\n".join(dead)


@pytest.mark.slow
def test_local_build_links_no_pdf_no_switcher(tmp_path):
    html = _small_build(tmp_path, {})
    assert not (html / "meekbook.pdf").exists()
    for page in (html / "book" / "intro.html", html / "notebooks" / f"{CHAPTERS[0]}.html"):
        text = page.read_text(encoding="utf8")
        assert "meekbook.pdf" not in text and "versions.json" not in text and "student/" not in text
        dead = [href for href, target in _local_targets(page, html) if not target.exists()]
        assert not dead, f"{page.name}: {dead}"
    assert (html / "notebooks" / f"{CHAPTERS[0]}.ipynb").exists()
