"""One headless Chromium, driven over the DevTools protocol, for the browser tests.

Starting Chromium once per page (``chromium --headless --dump-dom URL``) costs a browser
start-up per page and per window size. Here one browser opens each page in a tab of the wanted
size, waits until the page is *settled* (loaded, MathJax done, every interactive figure drawn),
and returns what the tests look at: the rendered DOM, a screenshot, the console errors and
uncaught exceptions, every URL the page requested, and a few layout measurements.

The protocol runs over a pair of pipes private to this process and its browser
(``--remote-debugging-pipe``: commands go to the browser's file descriptor 3, answers and events
come from its descriptor 4, one JSON message per NUL-terminated chunk): no DevTools port is
opened, so no other process (another test run, another browser) can connect to it or be
reached by mistake. Host names other than 127.0.0.1 do not resolve, so anything a page would
fetch from a CDN fails and shows in ``requests``.

Usage::

    with Chromium() as browser:
        view = browser.open("http://127.0.0.1:8000/meekbook/notebook/glue/intro.html", width=390)
        view.dom, view.console_errors, view.requests, view.layout["scroll_width"]
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

#: Flags of every start (as the machine's notes recommend for a closed network), plus offline.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--remote-debugging-pipe",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)

#: Resolves when the page has settled: loaded, MathJax's first typesetting done, every
#: interactive figure embedded, and two animation frames drawn after that. Returns layout
#: measurements (the document's width against the window's, for phone widths).
SETTLED = r"""
(async () => {
  if (document.readyState !== 'complete') {
    await new Promise(resolve => window.addEventListener('load', resolve, {once: true}));
  }
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const embeds = Object.values(window.meekbookEmbeds || {});
  await Promise.allSettled(embeds);
  for (let i = 0; i < 2; i++) await new Promise(resolve => requestAnimationFrame(resolve));
  // visible elements that reach past the screen's right edge and are not inside something
  // that scrolls or clips sideways (the innermost such elements are the culprits)
  const screenWidth = screen.width, wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= screenWidth + 1) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;   // e.g. an off-canvas drawer
    let clipped = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') { clipped = true; break; }
    }
    if (clipped) continue;
    const culprit = ![...el.children].some(c => c.getBoundingClientRect().right > screenWidth + 1);
    if (culprit) {
      const cls = typeof el.className === 'string' ? el.className.trim() : '';
      wide.push(el.tagName.toLowerCase() + (cls ? '.' + cls.split(/\s+/).join('.') : '')
                + ' "' + (el.textContent || '').trim().slice(0, 40) + '" (' + Math.round(box.right) + ' px)');
    }
    if (wide.length >= 5) break;
  }
  return {scroll_width: document.documentElement.scrollWidth, inner_width: window.innerWidth,
          screen_width: screenWidth, too_wide: wide, embedded: embeds.length};
})()
"""


class ChromiumError(RuntimeError):
    """The browser failed to start, crashed, or did not answer in time."""


@dataclass
class View:
    """What one page looked like in one window size."""

    url: str
    width: int
    dom: str = ""
    layout: dict[str, Any] = field(default_factory=dict)
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    error: str = ""            # why the page could not be opened or did not settle
    results: dict[str, Any] = field(default_factory=dict)   # values of ``open(evaluate=...)``


class Chromium:
    """A headless Chromium process and one DevTools connection to it."""

    def __init__(self, executable: str = CHROMIUM, timeout: float = 60.0):
        self.timeout = timeout
        self._buffer = b""
        self._ids = iter(range(1, 10**9))
        self._events: dict[str, list[dict]] = {}
        self._to_browser = self._from_browser = -1
        # a profile folder of its own; removed in close() once every browser process has exited
        self._profile = tempfile.TemporaryDirectory(prefix="meekbook-chromium-",
                                                    ignore_cleanup_errors=True)
        self._log = open(Path(self._profile.name) / "chromium.log", "w+", encoding="utf8")
        # the browser's ends of the pipes, at descriptors >= 10 (not 3 or 4, see remap)
        low_r, self._to_browser = os.pipe()
        self._from_browser, low_w = os.pipe()
        commands_r = fcntl.fcntl(low_r, fcntl.F_DUPFD_CLOEXEC, 10)
        answers_w = fcntl.fcntl(low_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(low_r)
        os.close(low_w)
        # the browser expects the pipes as its descriptors 3 and 4: bash moves them there
        # (subprocess keeps passed descriptors at their numbers, which threads may be using)
        remap = f'exec "$0" "$@" 3<&{commands_r} 4>&{answers_w} {commands_r}<&- {answers_w}>&-'
        try:
            self._proc = subprocess.Popen(
                ["bash", "-c", remap, executable, *FLAGS,
                 f"--user-data-dir={self._profile.name}/profile", "about:blank"],
                stdout=subprocess.DEVNULL, stderr=self._log, start_new_session=True,
                pass_fds=(commands_r, answers_w))
        finally:
            os.close(commands_r)
            os.close(answers_w)
        try:
            self.send("Browser.getVersion")      # answers once the browser is up
        except ChromiumError as exc:
            self.close()
            raise ChromiumError(f"Chromium did not start: {exc}") from None

    # -- protocol --------------------------------------------------------------------------
    def _recv(self, deadline: float) -> dict:
        """The next message from the browser (ChromiumError after ``deadline`` or at its exit)."""
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ChromiumError(f"no answer within the timeout; {self._log_tail()}")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise ChromiumError(f"the browser closed the pipe (exit {self._proc.poll()}); "
                                    f"{self._log_tail()}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float | None = None) -> dict:
        """Send a command and return its result (events that arrive meanwhile are kept)."""
        msg_id = next(self._ids)
        message: dict[str, Any] = {"id": msg_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        try:
            while data:
                data = data[os.write(self._to_browser, data):]
        except OSError as exc:   # the browser has gone
            raise ChromiumError(f"{method}: cannot send ({exc!r}); {self._log_tail()}") from exc
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            try:
                reply = self._recv(deadline)
            except ChromiumError as exc:
                raise ChromiumError(f"{method}: {exc}") from None
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise ChromiumError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.setdefault(reply.get("sessionId", ""), []).append(reply)

    # -- pages -----------------------------------------------------------------------------
    def open(self, url: str, width: int = 1280, height: int = 2000, mobile: bool = False,
             screenshot: Path | None = None, wait_for: str | None = None,
             evaluate: dict[str, str] | None = None, cpu_throttle: float = 1.0) -> View:
        """Open ``url`` in a new tab of ``width`` x ``height`` CSS pixels and wait until settled.

        ``wait_for`` is a JavaScript condition (an expression) polled every 50 ms after the page
        has settled, until it is true: for pages that compute something after loading (a test
        harness that writes its results into the page). ``evaluate`` maps names to JavaScript
        expressions evaluated, in order, once the page has settled (a promise is awaited); their
        JSON values are ``View.results[name]`` (e.g. an injected axe-core and its run).
        ``cpu_throttle`` slows the tab's CPU by that factor from before the page loads
        (``Emulation.setCPUThrottlingRate``; 4 is a mid-range phone on a fast machine).
        """
        view = View(url=url, width=width)
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            for domain in ("Page", "Runtime", "Log", "Network"):
                self.send(f"{domain}.enable", session=session)
            self.send("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
                      session=session)
            if mobile:
                self.send("Emulation.setTouchEmulationEnabled", {"enabled": True}, session=session)
            if cpu_throttle != 1.0:
                self.send("Emulation.setCPUThrottlingRate", {"rate": float(cpu_throttle)}, session=session)
            nav = self.send("Page.navigate", {"url": url}, session=session)
            if nav.get("errorText"):
                view.error = f"navigation failed: {nav['errorText']}"
            else:
                result = self.send("Runtime.evaluate", {"expression": SETTLED, "awaitPromise": True,
                                                        "returnByValue": True}, session=session)
                if "exceptionDetails" in result:
                    view.error = f"page did not settle: {result['exceptionDetails']}"
                else:
                    view.layout = result["result"]["value"]
                if wait_for and not view.error:
                    poll = ("new Promise(resolve => { const check = () => (" + wait_for + ")"
                            " ? resolve(true) : setTimeout(check, 50); check(); })")
                    self.send("Runtime.evaluate", {"expression": poll, "awaitPromise": True},
                              session=session)
                for key, expression in (evaluate or {}).items():
                    if view.error:
                        break
                    result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                            "returnByValue": True}, session=session)
                    if "exceptionDetails" in result:
                        view.error = f"evaluate {key!r} failed: {result['exceptionDetails']}"
                    else:
                        view.results[key] = result["result"].get("value")
                view.dom = self.send("Runtime.evaluate", {
                    "expression": "document.documentElement.outerHTML", "returnByValue": True},
                    session=session)["result"]["value"]
                if screenshot is not None:
                    shot = self.send("Page.captureScreenshot", {"format": "png"}, session=session)
                    screenshot.parent.mkdir(parents=True, exist_ok=True)
                    screenshot.write_bytes(base64.b64decode(shot["data"]))
                    view.screenshot = screenshot
        except ChromiumError as exc:
            view.error = str(exc)
        finally:
            events = self._events.pop(session, [])
            try:
                self.send("Target.closeTarget", {"targetId": target})
            except ChromiumError:
                pass
        view.console_errors = _console_errors(events)
        view.requests = sorted({e["params"]["request"]["url"] for e in events
                                if e["method"] == "Network.requestWillBeSent"})
        return view

    # -- lifetime --------------------------------------------------------------------------
    def _log_tail(self) -> str:
        self._log.flush()
        self._log.seek(0)
        return self._log.read()[-500:]

    def close(self) -> None:
        """Close the browser (gracefully, then by force), its helper processes and its profile."""
        if self._to_browser >= 0 and self._proc.poll() is None:
            try:
                self.send("Browser.close", timeout=10)
            except ChromiumError:
                pass
        for fd in (self._to_browser, self._from_browser):
            if fd >= 0:
                os.close(fd)
        self._to_browser = self._from_browser = -1
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.terminate()
        # helper processes of the browser's session (it was started in its own): killed, and
        # waited for, so that none still writes into the profile while it is removed
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                break
            time.sleep(0.05)
        self._proc.wait()
        self._log.close()
        self._profile.cleanup()

    def __enter__(self) -> "Chromium":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _console_errors(events: list[dict]) -> list[str]:
    """Uncaught exceptions, ``console.error`` calls and browser error log entries."""
    out = []
    for e in events:
        p = e["params"]
        if e["method"] == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            out.append(d.get("exception", {}).get("description") or d.get("text", "exception"))
        elif e["method"] == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
            out.append(" ".join(str(a.get("value", a.get("description", ""))) for a in p["args"]))
        elif e["method"] == "Log.entryAdded" and p["entry"]["level"] == "error":
            entry = p["entry"]
            out.append(f"{entry.get('text', '')} {entry.get('url', '')}".strip())
    return out


# -- a built book, served for the page checks (tests/book/test_a11y.py, test_phone.py) ---------
def built_html(root: Path) -> Path | None:
    """The HTML folder of a built book: ``$MEEKBOOK_TEST_BUILD_DIR/_build/html``, else the newest
    test build (``_build/test-book``), else ``scripts/build.sh``'s ``_build/html``; None if none."""
    candidates = []
    if os.environ.get("MEEKBOOK_TEST_BUILD_DIR"):
        candidates.append(Path(os.environ["MEEKBOOK_TEST_BUILD_DIR"]) / "_build" / "html")
    candidates += [root / "_build" / "test-book" / "_build" / "html", root / "_build" / "html"]
    return next((c for c in candidates if (c / "intro.html").exists()
                 or any(c.glob("notebooks/*.html"))), None)


def book_pages(html_dir: Path) -> list[str]:
    """Every HTML page of a built book (relative paths) but index.html and generated folders."""
    skip = ("_static/", "_sources/", "_images/", "mathjax/", "jupyter_execute/", "vega/", "_explorers/")
    return sorted(rel for rel in (p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html"))
                  if not rel.startswith(skip) and rel != "index.html")


class serve_folder:
    """Serve ``folder`` over HTTP on 127.0.0.1 (a free port) while the ``with`` block runs;
    ``as`` gives the base URL (ending in ``/``)."""

    def __init__(self, folder: Path):
        import functools
        import http.server
        import socketserver
        import threading

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

        handler = functools.partial(Quiet, directory=str(folder))
        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self._thread.start()
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/"

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
