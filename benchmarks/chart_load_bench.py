"""Chart pages: script weight, time to the first interactive chart on a slow phone, and slider to
redraw, in headless Chromium (the DevTools helper of the tests, ``tests/book/chromium.py``).

Usage::

    .venv/bin/python benchmarks/chart_load_bench.py [--runs 3] [--updates 40]

* **Script bytes**: the scripts a page with a chart loads for it (:data:`meekbook.web.VENDOR_SCRIPTS`,
  raw and gzip), against the 830 kB of Vega + Vega-Lite + vega-embed before.
* **First chart interactive**: each chapter page of the built book (``scripts/build.sh``; without a
  build, a page per figure made by :func:`meekbook.web.standalone_page`) opened at 390 x 844 px,
  mobile, with the CPU slowed 4x (``Emulation.setCPUThrottlingRate``): the time from navigation
  start until the first figure of the page has drawn and wired its sliders (the book's embed
  records ``performance.now()`` then). Median over ``--runs`` loads.
* **Slider to redraw**: on the same pages, each range input in turn gets a new value and an
  ``input`` event (as a hand moves it); timed until ``view.runAsync()`` resolves (the dataflow
  re-evaluated, the canvas redrawn). p50 and p95 over all figures, at CPU 1x and 4x.

Writes ``_build/chart_load_bench.json``. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "book"))

from chromium import Chromium, built_html, serve_folder  # noqa: E402

from meekbook import web  # noqa: E402

VENDOR = ROOT / "book" / "_vendor" / "vega"
#: Vega 6.4.0 + Vega-Lite 6.4.1 + vega-embed 7.3.0 minified, what a chart page loaded before.
BEFORE_BYTES = 521_123 + 249_033 + 60_255

READY_JS = "Math.min(...Object.values(window.meekbookReady || {}))"

REDRAW_JS = r"""
(async () => {
  const times = [];
  for (const name of Object.keys(window.meekbookEmbeds || {})) {
    const view = (await window.meekbookEmbeds[name]).view;
    const inputs = [...document.querySelectorAll('#meekbook-explorable-' + name + ' input[type=range]')];
    for (let i = 0; i < %d; i++) {
      const input = inputs[i %% inputs.length];
      const lo = Number(input.min), hi = Number(input.max);
      // each slider alternates between two values (every pass over the sliders changes each)
      const value = lo + (hi - lo) * (Math.floor(i / inputs.length) %% 2 ? 0.3 : 0.7);
      const t0 = performance.now();
      input.value = value;
      input.dispatchEvent(new Event('input', {bubbles: true}));
      await view.runAsync();
      if (i >= 4) times.push(performance.now() - t0);      // the first four warm up
    }
  }
  return times;
})()
"""


def script_bytes() -> dict[str, int]:
    raw = {f: (VENDOR / f).stat().st_size for f in web.VENDOR_SCRIPTS}
    zipped = {f: len(gzip.compress((VENDOR / f).read_bytes(), 9)) for f in web.VENDOR_SCRIPTS}
    return {"raw": sum(raw.values()), "gzip": sum(zipped.values()), "before_raw": BEFORE_BYTES,
            **{f"raw:{f}": n for f, n in raw.items()}}


def chart_pages(tmp: Path) -> tuple[Path, list[str]]:
    """The folder to serve and the pages with a figure (chapters of a build, else one per figure)."""
    html = built_html(ROOT)
    if html is not None:
        pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                       if 'class="meekbook-explorable"' in p.read_text(encoding="utf8", errors="replace"))
        if pages:
            return html, pages
    (tmp / "vega").mkdir()
    for f in web.VENDOR_SCRIPTS:
        (tmp / "vega" / f).write_bytes((VENDOR / f).read_bytes())
    for name in web.CHARTS:
        (tmp / f"{name}.html").write_text(web.standalone_page([name], "vega", width=358), encoding="utf8")
    return tmp, sorted(f"{n}.html" for n in web.CHARTS)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="loads per page (median)")
    parser.add_argument("--updates", type=int, default=40, help="slider moves per figure")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.updates < 5:
        parser.error(f"--runs must be >= 1 and --updates >= 5; got {args.runs}, {args.updates}")
    result: dict = {"script_bytes": script_bytes(), "first_interactive_ms": {}, "redraw_ms": {}}
    with tempfile.TemporaryDirectory(prefix="meekbook-chartbench-") as tmp:
        folder, pages = chart_pages(Path(tmp))
        result["pages"] = pages
        redraw: dict[float, list[float]] = {1.0: [], 4.0: []}
        with serve_folder(folder) as base, Chromium(timeout=300) as browser:
            for rel in pages:
                loads = []
                for _ in range(args.runs):
                    view = browser.open(base + rel, width=390, height=844, mobile=True, cpu_throttle=4.0,
                                        evaluate={"ready": READY_JS})
                    if view.error:
                        raise SystemExit(f"error: {rel}: {view.error}")
                    loads.append(float(view.results["ready"]))
                result["first_interactive_ms"][rel] = statistics.median(loads)
                for rate in redraw:
                    view = browser.open(base + rel, width=390, height=844, mobile=True, cpu_throttle=rate,
                                        evaluate={"times": REDRAW_JS % (args.updates + 4)})
                    if view.error:
                        raise SystemExit(f"error: {rel}: {view.error}")
                    redraw[rate] += view.results["times"]
                    result["redraw_ms"].setdefault(f"per_page_p95_cpu_{rate:g}x", {})[rel] = percentile(
                        view.results["times"], 0.95)
        for rate, times in redraw.items():
            result["redraw_ms"][f"cpu_{rate:g}x"] = {"p50": percentile(times, 0.5), "p95": percentile(times, 0.95),
                                                      "n": len(times)}
    sb = result["script_bytes"]
    print(f"chart-page script: {sb['raw'] / 1000:.0f} kB raw, {sb['gzip'] / 1000:.0f} kB gzip "
          f"(before: {sb['before_raw'] / 1000:.0f} kB raw)")
    print("first chart interactive, 390 px, CPU 4x (median of runs):")
    for rel, ms in result["first_interactive_ms"].items():
        print(f"  {rel:45s} {ms / 1000:5.2f} s")
    worst = max(result["first_interactive_ms"].values())
    print(f"  worst page: {worst / 1000:.2f} s")
    for key, r in result["redraw_ms"].items():
        if key.startswith("per_page"):
            print(f"  {key}: " + ", ".join(f"{rel.rsplit('/', 1)[-1].removesuffix('.html')} {ms:.1f}"
                                           for rel, ms in r.items()))
        else:
            print(f"slider to redraw, {key}: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms (n = {r['n']})")
    out = ROOT / "_build" / "chart_load_bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
