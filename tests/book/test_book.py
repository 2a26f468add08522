"""The book builds cleanly and every page renders offline in a real browser.

One clean build is shared by all tests of this module. It is built as ``scripts/build.sh``
builds (``jupyter-book build . -n -W --keep-going``: every page that computes is read from its
golden notebook), into a folder of its own run, ``_build/test-runs/book-XXXXXXXX/`` (two runs at
once never share one; the folders of finished runs are removed by the next run), and
``_build/test-book`` links to the newest. Nothing is executed here: nbval re-executes the
chapters' goldens and compares them in the same test run (``scripts/test.sh``), and
``tests/tools/test_execution_key.py`` fails when a golden is not current. The build has the
repository setting
(``MEEKBOOK_REPOSITORY_URL``, the URL the chapters' install cells install from), so its launch
buttons are checked here; ``tests/book/test_publish.py`` checks a build without it::

    .venv/bin/pytest -m slow tests/book/test_book.py

Then every HTML page is opened in headless Chromium, served over HTTP from 127.0.0.1 under a
sub-path (``/meekbook/``, as GitHub Pages serves a project site) with every other host name made
unresolvable, so anything the page would fetch from a CDN fails. One Chromium
(``tests/book/chromium.py``) opens every page twice, at desktop width (1280 px) and at phone width
(390 px), waits until it has settled (MathJax done, interactive figures drawn), and keeps the
rendered DOM, the console errors, every URL requested, the layout at phone width and a
screenshot of each (``_build/test-book/screenshots/`` and ``.../screenshots/phone/``: look at
them!).

Environment variables:

* ``MEEKBOOK_TEST_BUILD_DIR`` -- where to build (default: a new ``_build/test-runs/book-*``).
* ``MEEKBOOK_REUSE_BUILD=1`` -- reuse an existing build (that folder, else the newest,
  ``_build/test-book``) instead of rebuilding
  (for iterating on the browser checks; the build tests are then skipped).
* ``CHROMIUM`` -- the browser (default ``/usr/bin/chromium``).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import posixpath
import re
import shutil
import socketserver
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from chromium import Chromium, View

pytestmark = pytest.mark.slow

from support import CHAPTER_DOCNAMES, ROOT, VENV_BIN, load_script, toc_files  # noqa: E402
#: Set by the ``build`` fixture (a folder of this run only; see _run_folder).
BUILD_DIR = HTML_DIR = SHOT_DIR = Path("/nonexistent-build-folder")
RUNS_DIR = ROOT / "_build" / "test-runs"
LATEST = ROOT / "_build" / "test-book"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
REUSE = os.environ.get("MEEKBOOK_REUSE_BUILD") == "1"
BUILD_TIMEOUT = 3600
BROWSER_TIMEOUT = 90
BROWSERS = 3          # Chromium processes that open the pages side by side

BRANCH = "main"
#: The site is served under this sub-path, as GitHub Pages serves https://OWNER.github.io/REPO/.
SITE_PREFIX = "/meekbook/"


def repository_url() -> str:
    """The URL the chapters' install cells install from: the setting this build is given."""
    urls = set(load_script("set_repository").current_urls().values())
    assert len(urls) == 1 and None not in urls, f"chapters install from different URLs: {urls}"
    return urls.pop()


REPOSITORY_URL = repository_url()
REPO = REPOSITORY_URL.removeprefix("https://github.com/")

#: Build-log lines that contain "WARNING" but are not Sphinx warnings (printed by ipykernel for
#: every notebook it runs; they do not fail `-W`).
BUILD_LOG_NOISE = (
    re.compile(r"\[IPKernelApp\] WARNING \| Kernel is running over TCP without encryption"),
    re.compile(r"\[IPKernelApp\] WARNING \| Parent appears to have exited"),
)
#: Known, harmless browser console errors.
CONSOLE_NOISE = (
    # the theme's light/dark switch, on a browser profile that has never stored a choice: it
    # logs this and uses "auto", as it should
    re.compile(r"^Got invalid theme mode: \. Resetting to auto\.$"),
)
#: Requests the browser makes on its own (updates, time sync), not the page.
BROWSER_INTERNAL_HOST = re.compile(
    r"^(clients\d*\.google\.com|accounts\.google\.com|(update|optimizationguide-pa|"
    r"content-autofill|safebrowsing\w*|android\.clients)\.googleapis\.com|[\w.-]*\.gvt1\.com|"
    r"www\.gstatic\.com|edgedl\.me\.gvt1\.com)$"
)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
class _PageParser(HTMLParser):
    """Collect ids, links, images, scripts and the classes around each image."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.images: list[tuple[str, tuple[str, ...]]] = []   # (src, ancestor tags+classes)
        self.external_assets: list[str] = []
        self.error_outputs: list[str] = []
        self.stack: list[str] = []
        self.math_nodes = 0
        self.mathjax_nodes = 0
        self.mathjax_errors = 0
        self.system_messages = 0
        self.output_text: list[str] = []    # text inside notebook cell outputs

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        classes = set(cls.split())
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
        if tag == "img":
            self.images.append((a.get("src") or "", tuple(self.stack)))
        for key in ("src", "href"):
            url = a.get(key) or ""
            if tag in ("script", "img", "iframe", "link", "source", "audio", "video") and \
                    re.match(r"^(https?:)?//", url) and not _is_local(url):
                if tag != "link" or a.get("rel") in ("stylesheet", "preload", "modulepreload",
                                                     "icon", "prefetch"):
                    self.external_assets.append(f"<{tag} {key}={url}>")
        if "output" in classes and classes & {"traceback", "stderr", "error"}:
            self.error_outputs.append(cls)
        if "system-message" in classes:
            self.system_messages += 1
        if "math" in classes:
            self.math_nodes += 1
        if tag == "mjx-container":
            self.mathjax_nodes += 1
        if tag == "mjx-merror":
            self.mathjax_errors += 1
        if tag not in self.VOID:
            self.stack.append(f"{tag}.{'.'.join(sorted(classes))}")

    def handle_data(self, data):
        if any("cell_output" in a or ".output" in a for a in self.stack):
            self.output_text.append(data)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].split(".", 1)[0] == tag:
                del self.stack[i:]
                break


def _is_local(url: str) -> bool:
    host = urlsplit(url if "://" in url else "http:" + url).hostname or ""
    return host in ("127.0.0.1", "localhost")


def parse(html: str) -> _PageParser:
    p = _PageParser()
    p.feed(html)
    p.close()
    return p


@dataclass
class Build:
    returncode: int
    log: str
    seconds: float


@dataclass
class Page:
    """One page of the book as the browser rendered it, at desktop and at phone width."""

    rel: str                       # path relative to the html dir, e.g. "book/intro.html"
    url: str
    desktop: View
    phone: View

    @property
    def dom(self) -> str:
        return self.desktop.dom

    @property
    def screenshot(self) -> Path | None:
        return self.desktop.screenshot

    @property
    def requests(self) -> list[str]:
        return sorted(set(self.desktop.requests) | set(self.phone.requests))

    @functools.cached_property
    def parsed(self) -> _PageParser:
        return parse(self.dom)

    @property
    def console_errors(self) -> list[str]:
        return [f"{view.width} px: {msg}" for view in (self.desktop, self.phone)
                for msg in view.console_errors if not any(p.search(msg) for p in CONSOLE_NOISE)]


# --------------------------------------------------------------------------------------------
# Fixtures: one build, one browser pass
# --------------------------------------------------------------------------------------------
def _use_folder(folder: Path) -> None:
    global BUILD_DIR, HTML_DIR, SHOT_DIR
    BUILD_DIR, HTML_DIR, SHOT_DIR = folder, folder / "_build" / "html", folder / "screenshots"


def _run_folder():
    """A new, empty build folder that belongs to this run: ``_build/test-runs/book-*``.

    The run holds a lock on ``.lock`` in it until it ends; folders whose lock is free belong to
    finished runs and are removed. ``_build/test-book`` is pointed at the new folder.
    """
    import fcntl
    import tempfile

    RUNS_DIR.mkdir(parents=True, exist_ok=True)
    for old in RUNS_DIR.glob("book-*"):
        try:
            with open(old / ".lock", "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(old, ignore_errors=True)
        except (BlockingIOError, FileNotFoundError, NotADirectoryError):
            continue            # a run that is still going (or a folder already removed)
    folder = Path(tempfile.mkdtemp(prefix="book-", dir=RUNS_DIR))
    lock = open(folder / ".lock", "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    link = ROOT / "_build" / f".test-book-{folder.name}"
    link.symlink_to(folder.relative_to(ROOT / "_build"))
    if LATEST.is_dir() and not LATEST.is_symlink():
        shutil.rmtree(LATEST)   # a build folder of the previous layout
    os.replace(link, LATEST)
    return folder, lock


@pytest.fixture(scope="session")
def build() -> Build:
    if REUSE:
        _use_folder(Path(os.environ.get("MEEKBOOK_TEST_BUILD_DIR", LATEST)).resolve())
        if HTML_DIR.exists():
            yield Build(0, (BUILD_DIR / "build.log").read_text(encoding="utf8")
                        if (BUILD_DIR / "build.log").exists() else "", 0.0)
            return
    lock = None
    if "MEEKBOOK_TEST_BUILD_DIR" in os.environ:
        _use_folder(Path(os.environ["MEEKBOOK_TEST_BUILD_DIR"]))
        if BUILD_DIR.exists():
            shutil.rmtree(BUILD_DIR)
        BUILD_DIR.mkdir(parents=True)
    else:
        folder, lock = _run_folder()
        _use_folder(folder)
    try:
        yield _build()
    finally:
        if lock is not None:
            lock.close()


def _build() -> Build:
    env = dict(os.environ, PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
               MEEKBOOK_REPOSITORY_URL=REPOSITORY_URL, MEEKBOOK_REPOSITORY_BRANCH=BRANCH)
    cmd = [str(VENV_BIN / "jupyter-book"), "build", str(ROOT), "-n", "-W", "--keep-going",
           "--path-output", str(BUILD_DIR)]
    t0 = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=BUILD_TIMEOUT)
    seconds = time.monotonic() - t0
    log = proc.stdout + "\n" + proc.stderr
    (BUILD_DIR / "build.log").write_text(log, encoding="utf8")
    return Build(proc.returncode, log, seconds)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the book under SITE_PREFIX only; anything outside it is a 404 (as on Pages)."""

    def translate_path(self, path):
        if not urlsplit(path).path.startswith(SITE_PREFIX):
            return str(HTML_DIR / "__outside_the_site_prefix__")
        return super().translate_path(path[len(SITE_PREFIX) - 1:])

    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="session")
def server(build):
    if not HTML_DIR.exists():
        pytest.fail(f"the build produced no HTML in {HTML_DIR}")
    handler = functools.partial(_QuietHandler, directory=str(HTML_DIR))
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SITE_PREFIX}"
    httpd.shutdown()
    httpd.server_close()


def book_pages() -> list[str]:
    """Every HTML page of the book but index.html (a redirect, see test_index_redirects)."""
    skip = ("_static/", "_sources/", "_images/", "mathjax/", "jupyter_execute/")
    return sorted(
        rel for rel in (p.relative_to(HTML_DIR).as_posix() for p in HTML_DIR.rglob("*.html"))
        if not rel.startswith(skip) and rel != "index.html"
    )


#: Window sizes (CSS pixels) every page is rendered at.
DESKTOP = dict(width=1280, height=2000)
PHONE = dict(width=390, height=844, mobile=True)


def _open(browser: Chromium, url: str, shot: Path, **size) -> View:
    return browser.open(url, screenshot=shot, **size)


@pytest.fixture(scope="session")
def pages(server) -> dict[str, Page]:
    """Every page, opened in one headless Chromium at desktop and at phone width (screenshots of
    both in ``SHOT_DIR`` and ``SHOT_DIR/phone``: look at them!)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM} (scripts/setup.sh installs it)")
    def visit(rels: list[str]) -> list[Page]:
        done = []
        with Chromium(CHROMIUM, timeout=BROWSER_TIMEOUT) as browser:
            for rel in rels:
                url = urljoin(server, rel)
                name = rel.removesuffix(".html").replace("/", "__") + ".png"
                done.append(Page(rel, url, desktop=_open(browser, url, SHOT_DIR / name, **DESKTOP),
                                 phone=_open(browser, url, SHOT_DIR / "phone" / name, **PHONE)))
        return done

    rels = book_pages()
    # a page mostly waits (scripts, MathJax, layout): a few browsers side by side keep both
    # cores busy
    with ThreadPoolExecutor(max_workers=BROWSERS) as pool:
        groups = pool.map(visit, [rels[i::BROWSERS] for i in range(BROWSERS)])
    return {page.rel: page for group in groups for page in group}


def _ids_of(rel: str, pages: dict[str, Page], cache: dict[str, set[str]]) -> set[str]:
    if rel in pages:
        return pages[rel].parsed.ids
    if rel not in cache:
        path = HTML_DIR / rel
        cache[rel] = parse(path.read_text(encoding="utf8", errors="replace")).ids \
            if path.exists() else set()
    return cache[rel]


def _local_path(url: str, server: str) -> str | None:
    """Path (relative to the html dir) of a URL under our server's site prefix, else None."""
    if not url.startswith(server):
        return None
    rel = unquote(urlsplit(url).path)[len(SITE_PREFIX):]
    return posixpath.normpath(rel) if rel else "index.html"


def _outside_prefix(url: str, server: str) -> bool:
    """True for a URL on our server but outside the site prefix (breaks on GitHub Pages)."""
    origin = server[: -len(SITE_PREFIX) + 1]
    return url.startswith(origin) and not url.startswith(server)


# --------------------------------------------------------------------------------------------
# The build
# --------------------------------------------------------------------------------------------
def test_build_succeeds(build):
    if REUSE:
        pytest.skip("MEEKBOOK_REUSE_BUILD=1: build not rerun")
    assert build.returncode == 0, (
        f"jupyter-book build -n -W --keep-going exited {build.returncode} after "
        f"{build.seconds:.0f} s; log: {BUILD_DIR / 'build.log'}\n" + build.log[-6000:]
    )


def test_build_has_no_warnings(build):
    if REUSE:
        pytest.skip("MEEKBOOK_REUSE_BUILD=1: build not rerun")
    bad = [
        line for line in build.log.splitlines()
        if re.search(r"WARNING|ERROR|CRITICAL", line)
        and not any(p.search(line) for p in BUILD_LOG_NOISE)
    ]
    assert not bad, f"{len(bad)} warnings in the build (log: {BUILD_DIR / 'build.log'}):\n" + \
        "\n".join(bad[:60])


def test_index_redirects_to_root_page(build):
    root = toc_files()[0]
    index = HTML_DIR / "index.html"
    assert index.is_file(), "no index.html"
    assert f"url={root}.html" in index.read_text(encoding="utf8"), \
        f"index.html does not redirect to {root}.html"


def test_every_toc_file_was_built(build):
    missing = [f for f in toc_files() if not (HTML_DIR / f"{f}.html").exists()]
    assert not missing, f"pages in _toc.yml without HTML: {missing}"


# --------------------------------------------------------------------------------------------
# The pages, in the browser
# --------------------------------------------------------------------------------------------
def test_pages_load(pages):
    assert pages, "no HTML pages found"
    bad = []
    for rel, page in pages.items():
        failed = [f"{v.width} px: {v.error}" for v in (page.desktop, page.phone) if v.error]
        if failed or "</html>" not in page.dom:
            bad.append(f"{rel}: " + ("; ".join(failed) or "no HTML rendered"))
        elif rel not in ("search.html", "genindex.html") and "<article" not in page.dom:
            bad.append(f"{rel}: no <article> in the rendered page")
        elif page.screenshot is None or page.screenshot.stat().st_size == 0:
            bad.append(f"{rel}: no screenshot")
    assert not bad, "\n".join(bad)


def test_pages_fit_a_phone_screen(pages):
    """At 390 px nothing makes the page scroll sideways: wide equations, tables and figures
    scroll (or are clipped) inside their own box (book/_static/meekbook.css)."""
    bad = []
    for rel, page in pages.items():
        layout = page.phone.layout
        if not layout:
            continue          # reported by test_pages_load
        if layout["scroll_width"] > layout["screen_width"] + 1 or layout["too_wide"]:
            bad.append(f"{rel}: {layout['scroll_width']} px wide on a {layout['screen_width']} px "
                       f"screen; too wide: {'; '.join(layout['too_wide']) or '?'}")
    assert not bad, "\n".join(bad)


def test_images_resolve(pages, server):
    bad = []
    for rel, page in pages.items():
        for src, _ in page.parsed.images:
            if src.startswith("data:"):
                if len(src.split(",", 1)[-1]) < 20:
                    bad.append(f"{rel}: empty data: image")
                continue
            target = _local_path(urljoin(page.url, src), server)
            if _outside_prefix(urljoin(page.url, src), server):
                bad.append(f"{rel}: image {src} points outside the site prefix {SITE_PREFIX}")
                continue
            if target is None:
                bad.append(f"{rel}: external image {src}")
                continue
            path = HTML_DIR / target
            if not path.is_file() or path.stat().st_size == 0:
                bad.append(f"{rel}: image {src} -> {target} missing or empty")
    assert not bad, "\n".join(bad)


def test_internal_links(pages, server):
    bad, cache = [], {}
    for rel, page in pages.items():
        for href in page.parsed.links:
            if not href or href == "#" or re.match(r"^(mailto|javascript|tel):", href):
                continue
            url = urljoin(page.url, href)
            if _outside_prefix(url, server):
                bad.append(f"{rel}: link {href} leaves the site prefix {SITE_PREFIX}")
                continue
            target = _local_path(url, server)
            if target is None:
                continue  # external link: not checked (offline)
            fragment = unquote(urlsplit(url).fragment)
            path = HTML_DIR / target
            if path.is_dir():
                target = posixpath.join(target, "index.html")
                path = HTML_DIR / target
            if not path.is_file():
                bad.append(f"{rel}: broken link {href} (no {target})")
                continue
            if fragment and target.endswith(".html") and fragment not in _ids_of(target, pages, cache):
                bad.append(f"{rel}: broken anchor {href} (no id {fragment!r} in {target})")
    assert not bad, f"{len(bad)} broken links:\n" + "\n".join(sorted(set(bad))[:80])


def test_chapters_have_figures(pages):
    bad = []
    for doc in CHAPTER_DOCNAMES:
        page = pages.get(f"{doc}.html")
        if page is None:
            bad.append(f"{doc}: no page")
            continue
        figures = [src for src, anc in page.parsed.images
                   if any(a.startswith("figure") or "cell_output" in a for a in anc)]
        if not figures:
            bad.append(f"{doc}: no figure image (a <figure> or a cell output with an <img>)")
    assert not bad, "\n".join(bad)


def test_chapter_pages_draw_their_interactive_figure(pages):
    """Each chapter's Vega-Lite figure is drawn in its page, with its sliders, without a kernel;
    the page carries the spec meekbook computes now, and the build exported it to
    ``_explorers/`` (the standalone JSON a reader can download)."""
    explorable = pytest.importorskip("meekbook.web")
    bad = []
    for info in (*explorable.CHARTS.values(), *explorable.OTHER_CHARTS.values()):
        rel = f"notebooks/{info.chapter}.html"
        page = pages.get(rel)
        if page is None:
            bad.append(f"{rel}: no page")
            continue
        from meekbook.web.embed import _vega_spec   # the page runs the spec compiled to Vega

        spec = _vega_spec(explorable.chart_spec(info.name if info.name in explorable.CHARTS else info.build()))
        html = (HTML_DIR / rel).read_text(encoding="utf8")
        m = re.search(rf'<script type="application/json" id="meekbook-explorable-{info.name}-spec">'
                      r"(.*?)</script>", html, re.S)
        if m is None or json.loads(m.group(1)) != spec:
            bad.append(f"{rel}: the page does not carry the current spec of {info.name} (a stale "
                       "golden? run: python scripts/sync_notebooks.py --stale)")
        exported = HTML_DIR / "_explorers" / f"{info.chapter}-{info.name}.vg.json"
        if not exported.exists() or json.loads(exported.read_text(encoding="utf8")) != spec:
            bad.append(f"{exported.relative_to(HTML_DIR)}: missing or not the page's spec")
        drawn = re.search(rf'<div class="meekbook-explorable[^"]*" id="meekbook-explorable-{info.name}"'
                          r"[^>]*>(.*?)</form>", page.dom, re.S)
        if drawn is None:
            bad.append(f"{rel}: figure {info.name} not in the rendered page")
            continue
        if 'data-embedded="1"' not in drawn.group(0) or "<canvas" not in drawn.group(1):
            bad.append(f"{rel}: figure {info.name} not drawn")
        for p in spec["signals"]:
            if "bind" in p and f'name="{p["name"]}"' not in drawn.group(1):
                bad.append(f"{rel}: figure {info.name} lacks its slider {p['name']}")
    assert not bad, "\n".join(bad)


def test_no_error_outputs(pages):
    bad = []
    for rel, page in pages.items():
        p = page.parsed
        if p.error_outputs:
            bad.append(f"{rel}: output cells with classes {sorted(set(p.error_outputs))}")
        text = "".join(p.output_text)
        if "Traceback (most recent call last)" in text:
            bad.append(f"{rel}: a cell output shows a Python traceback")
        if p.system_messages:
            bad.append(f"{rel}: {p.system_messages} docutils system message(s) rendered")
    assert not bad, "\n".join(bad)


def test_math_renders_offline(pages):
    bad = []
    for rel, page in pages.items():
        p = page.parsed
        if p.math_nodes and not p.mathjax_nodes:
            bad.append(f"{rel}: {p.math_nodes} math nodes but MathJax rendered nothing")
        if p.mathjax_errors:
            bad.append(f"{rel}: {p.mathjax_errors} MathJax error(s)")
    assert not bad, "\n".join(bad)
    assert any(p.parsed.mathjax_nodes for p in pages.values()), "no page rendered any math"


def test_nothing_loads_from_the_network(pages):
    bad = []
    for rel, page in pages.items():
        for asset in page.parsed.external_assets:
            bad.append(f"{rel}: references {asset}")
        for url in page.requests:
            host = urlsplit(url).hostname or ""
            if host in ("127.0.0.1", "localhost") or BROWSER_INTERNAL_HOST.match(host):
                continue
            if url.startswith(("data:", "blob:", "chrome:", "about:")):
                continue
            bad.append(f"{rel}: requested {url}")
    assert not bad, "\n".join(sorted(set(bad)))


def test_no_javascript_errors(pages):
    bad = [f"{rel}: {msg}" for rel, page in pages.items() for msg in page.console_errors]
    assert not bad, "\n".join(bad)


def test_no_thebe_on_any_page(pages):
    """Thebe is off (the chapters run in Binder, Colab or JupyterLab): none of sphinx-thebe's
    scripts, style sheet or configuration, which Jupyter Book adds regardless (its inline
    script, twice, threw a SyntaxError on every page; its configuration named an unrelated
    example repository)."""
    bad = [rel for rel, page in pages.items() if "thebe" in page.dom.lower()]
    assert not bad, f"sphinx-thebe on: {bad}"


def test_launch_buttons_point_to_golden_notebooks(pages):
    """With MEEKBOOK_REPOSITORY_URL, chapters have Binder and Colab links to their golden."""
    bad = []
    for doc in CHAPTER_DOCNAMES:
        page = pages.get(f"{doc}.html")
        if page is None:
            continue
        links = set(page.parsed.links)
        binder = (f"https://mybinder.org/v2/gh/{REPO}/{BRANCH}"
                  f"?urlpath=lab/tree/{doc}.ipynb")
        colab = f"https://colab.research.google.com/github/{REPO}/blob/{BRANCH}/{doc}.ipynb"
        for name, url in (("Binder", binder), ("Colab", colab)):
            if url not in links:
                bad.append(f"{doc}: no {name} link {url}")
    assert not bad, "\n".join(bad)


def test_launch_buttons_only_on_notebook_pages(pages):
    """Pages without a golden .ipynb (prose, ledger, data) offer nothing to launch."""
    bad = [f"{rel}: launch link {href}" for rel, page in pages.items()
           if not any(rel == f"{doc}.html" for doc in CHAPTER_DOCNAMES)
           for href in page.parsed.links
           if "mybinder.org/v2/" in href or "colab.research.google.com/github/" in href]
    assert not bad, "\n".join(bad)
    ledger = pages.get("book/ledger.html")
    assert ledger is not None and "launch-buttons" not in ledger.dom


def test_repository_and_issue_buttons_carry_the_setting(pages):
    page = pages[f"{toc_files()[0]}.html"]
    links = set(page.parsed.links)
    assert REPOSITORY_URL in links, f"no repository button ({REPOSITORY_URL}) on the front page"
    assert any(link.startswith(f"{REPOSITORY_URL}/issues") for link in links), \
        f"no issue button ({REPOSITORY_URL}/issues...) on the front page"


def test_status_page_lists_every_chapter(pages):
    page = pages.get("book/status.html")
    assert page is not None, "no status page"
    missing = [doc for doc in CHAPTER_DOCNAMES if doc not in page.dom]
    assert not missing, f"golden table lacks {missing}"


def test_api_page_covers_every_module():
    """book/api.md documents every public module of the package (cheap, static check)."""
    import pkgutil

    import meekbook

    api = (ROOT / "book" / "api.md").read_text(encoding="utf8")
    documented = set(re.findall(r"^\.\. automodule:: (\S+)$", api, re.M))
    modules = sorted(m.name for m in pkgutil.walk_packages(meekbook.__path__, "meekbook.")
                     if not any(part.startswith("_") for part in m.name.split(".")))
    assert len(modules) > 10, modules
    missing = [m for m in modules if m not in documented]
    assert not missing, f"book/api.md has no automodule for {missing}"
    gone = sorted(documented - set(modules))
    assert not gone, f"book/api.md documents modules that do not exist: {gone}"
