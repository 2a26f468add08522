"""One headless Chromium, driven over the DevTools protocol, for the browser tests.

Starting Chromium once per page (``chromium --headless --dump-dom URL``) costs a browser
start-up per page and per window size. Here one browser opens each page in a tab of the wanted
size, waits until the page is *settled* (loaded, MathJax done, every interactive figure drawn),
and returns what the tests look at: the rendered DOM, a screenshot, the console errors and
uncaught exceptions, every URL the page requested, and a few layout measurements.

The protocol runs over the browser's WebSocket (``websocket-client``, a dependency of Jupyter
Server, named in the ``test`` extra). Host names other than 127.0.0.1 do not resolve, so
anything a page would fetch from a CDN fails and shows in ``requests``.

Usage::

    with Chromium() as browser:
        view = browser.open("http://127.0.0.1:8000/meekbook/notebook/glue/intro.html", width=390)
        view.dom, view.console_errors, view.requests, view.layout["scroll_width"]
"""

from __future__ import annotations

import base64
import json
import os
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
    "--hide-scrollbars", "--remote-debugging-port=0",
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


class Chromium:
    """A headless Chromium process and one DevTools connection to it."""

    def __init__(self, executable: str = CHROMIUM, timeout: float = 60.0):
        import websocket    # websocket-client

        self.timeout = timeout
        # Chromium's helper processes can still be writing to the profile when the browser has
        # exited: the folder is removed with retries (close), never with an error
        self._profile = tempfile.TemporaryDirectory(prefix="meekbook-chromium-",
                                                    ignore_cleanup_errors=True)
        self._log = open(Path(self._profile.name) / "chromium.log", "w+", encoding="utf8")
        self._proc = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self._profile.name}/profile", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=self._log, start_new_session=True)
        port_file = Path(self._profile.name) / "profile" / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise ChromiumError(f"Chromium did not start: {self._log_tail()}")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        self._ws = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=timeout,
                                               suppress_origin=True)
        self._ids = iter(range(1, 10**9))
        self._events: dict[str, list[dict]] = {}

    # -- protocol --------------------------------------------------------------------------
    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float | None = None) -> dict:
        """Send a command and return its result (events that arrive meanwhile are kept)."""
        msg_id = next(self._ids)
        message: dict[str, Any] = {"id": msg_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._ws.send(json.dumps(message))
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            self._ws.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                reply = json.loads(self._ws.recv())
            except Exception as exc:   # timeout or a closed connection
                raise ChromiumError(f"{method}: no answer ({exc!r}); {self._log_tail()}") from exc
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise ChromiumError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.setdefault(reply.get("sessionId", ""), []).append(reply)

    # -- pages -----------------------------------------------------------------------------
    def open(self, url: str, width: int = 1280, height: int = 2000, mobile: bool = False,
             screenshot: Path | None = None, wait_for: str | None = None) -> View:
        """Open ``url`` in a new tab of ``width`` x ``height`` CSS pixels and wait until settled.

        ``wait_for`` is a JavaScript condition (an expression) polled every 50 ms after the page
        has settled, until it is true: for pages that compute something after loading (a test
        harness that writes its results into the page).
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
        ws = getattr(self, "_ws", None)
        if ws is not None:
            try:
                self.send("Browser.close", timeout=10)
            except ChromiumError:
                pass
            try:
                ws.close()
            except Exception:
                pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.terminate()
        try:     # helper processes of the browser's session (it was started in its own)
            os.killpg(self._proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._proc.wait()
        self._log.close()
        for _ in range(20):
            shutil.rmtree(self._profile.name, ignore_errors=True)
            if not Path(self._profile.name).exists():
                break
            time.sleep(0.1)
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
