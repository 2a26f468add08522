"""Interactive figures: slider change to redrawn chart, in headless Chromium; page weight.

Usage::

    .venv/bin/python benchmarks/explorable_bench.py [--updates 40]

For every figure of :data:`meekbook.web.CHARTS`, a page embeds it as a chapter does,
then moves its sliders one at a time (each slider in turn, alternating between two values in
its range) and times ``view.signal(name, value); await view.runAsync()`` with
``performance.now()``: the dataflow re-evaluates the curves and markers and the canvas redraws
before ``runAsync`` resolves. Prints the median and 90th percentile per figure and the bytes
(raw and gzip) the vendored scripts add to a page, and writes
``_build/explorable_bench.json``. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from meekbook import explorable  # noqa: E402

VENDOR = ROOT / "book" / "_vendor" / "vega"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

TIMER_JS = """
<pre id="out">pending</pre>
<script type="application/json" id="plan">PLAN_JSON</script>
<script>
async function main() {
  var plan = JSON.parse(document.getElementById('plan').textContent);
  var out = {};
  for (var name in plan.sliders) {
    var view = (await window.meekbookEmbeds[name]).view;
    var sliders = plan.sliders[name], times = [];
    for (var i = 0; i < plan.warmup + plan.updates; i++) {
      var s = sliders[i % sliders.length];
      var value = (Math.floor(i / sliders.length) % 2 === 0) ? s.a : s.b;
      var t0 = performance.now();
      view.signal(s.name, value);
      await view.runAsync();
      var t1 = performance.now();
      if (i >= plan.warmup) times.push(t1 - t0);
    }
    out[name] = times;
  }
  document.getElementById('out').textContent = JSON.stringify(out);
}
window.addEventListener('load', function () {
  main().catch(function (e) { document.getElementById('out').textContent = 'ERROR ' + e; });
});
</script>
"""


def slider_plan() -> dict[str, list[dict]]:
    """For each figure, each slider with two in-range values (a third and two thirds)."""
    plan = {}
    for name in explorable.CHARTS:
        spec = explorable.chart_spec(name)
        plan[name] = [
            {"name": p["name"],
             "a": p["bind"]["min"] + (p["bind"]["max"] - p["bind"]["min"]) / 3,
             "b": p["bind"]["min"] + 2 * (p["bind"]["max"] - p["bind"]["min"]) / 3}
            for p in spec["params"] if "bind" in p
        ]
    return plan


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def run(updates: int) -> dict:
    plan = {"sliders": slider_plan(), "warmup": 5, "updates": updates}
    body = TIMER_JS.replace("PLAN_JSON", json.dumps(plan))
    page = explorable.standalone_page(list(explorable.CHARTS), VENDOR.as_uri(), body)
    with tempfile.TemporaryDirectory(prefix="meekbook-bench-") as tmp:
        path = Path(tmp) / "bench.html"
        path.write_text(page, encoding="utf8")
        proc = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp}/p",
             "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=800,4000",
             "--virtual-time-budget=300000", "--dump-dom", path.as_uri()],
            capture_output=True, text=True, timeout=600)
    m = re.search(r'<pre id="out">(.*?)</pre>', proc.stdout, re.S)
    if not m or m.group(1).startswith(("pending", "ERROR")):
        raise SystemExit(f"error: benchmark page failed: {m.group(1)[:300] if m else proc.stderr[-300:]}")
    times = json.loads(m.group(1))
    result = {"updates_per_chart": updates, "charts": {}}
    for name, ts in times.items():
        result["charts"][name] = {"median_ms": percentile(ts, 0.5), "p90_ms": percentile(ts, 0.9),
                                  "max_ms": max(ts), "sliders": len(plan["sliders"][name])}
    weight = {}
    for f in explorable.VENDOR_SCRIPTS:
        data = (VENDOR / f).read_bytes()
        weight[f] = {"bytes": len(data), "gzip_bytes": len(gzip.compress(data, compresslevel=9, mtime=0))}
    weight["total"] = {k: sum(v[k] for v in weight.values()) for k in ("bytes", "gzip_bytes")}
    result["vendored_js"] = weight
    result["embed_html_bytes"] = {n: len(explorable.embed(explorable.chart(n), n).encode()) for n in explorable.CHARTS}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=40, help="timed slider moves per figure")
    args = parser.parse_args()
    if args.updates < 1:
        print(f"error: --updates must be >= 1; got {args.updates}", file=sys.stderr)
        return 2
    res = run(args.updates)
    print(f"{'figure':<18}{'sliders':>8}{'median ms':>11}{'p90 ms':>9}{'max ms':>9}")
    for name, r in res["charts"].items():
        print(f"{name:<18}{r['sliders']:>8}{r['median_ms']:>11.2f}{r['p90_ms']:>9.2f}{r['max_ms']:>9.2f}")
    w = res["vendored_js"]["total"]
    print(f"vendored JS on a page with a figure: {w['bytes']:,} bytes ({w['gzip_bytes']:,} gzip)")
    print("inline figure HTML: " + ", ".join(f"{n} {b:,} B" for n, b in res["embed_html_bytes"].items()))
    out = ROOT / "_build" / "explorable_bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1) + "\n", encoding="utf8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
