"""Print what a phone still draws smoothly, to choose a story folder's data budgets.

Usage: .venv/bin/python bench/budgets.py [--runs 3] [--quick]

Synthetic layers are built in memory and drawn the way the app draws a layer (geo.render.mapview: the StoryMap JS
helpers, `StoryMap.layer(data, style, map)`, local Leaflet, no tiles) in standalone pages under /tmp. Each page
is opened in Debian's chromium as a phone (390x844 CSS px, device scale factor 3, mobile) with the CPU slowed
4x through CDP, standing in for a mid-range phone. Per page it measures:

- payload: bytes of the layer's compact GeoJSON (what `js_literal` puts in the page);
- first draw: navigation start to the first frame painted after `StoryMap.layer` returned
  (and, of that, the JS time of `StoryMap.layer` itself, data literal included);
- zoom: `map.setZoom(z + 1, {animate: false})` to the first frame painted after 'zoomend'
  (no animation: Leaflet's 250 ms CSS zoom transition would hide the redraw's cost);
- pan: `map.panBy([120, 0], {animate: false})` to the first frame painted after 'moveend';
- popup: opening the first feature's popup to the next painted frame.

Medians of --runs runs. No assertions: it prints a table and the budgets the figures suggest.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
from branca.element import Element, Figure  # noqa: E402
from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from geo.kinds import KINDS  # noqa: E402
from geo.render import mapview  # noqa: E402
from harness.browser import CHROMIUM_ARGS  # noqa: E402

PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True,
                         "has_touch": True}
CPU_SLOWDOWN = 4
CENTER = (36.0, 37.0)  # lat, lon: the synthetic data is spread around it
ZOOM = mapview.STORY_ZOOM
FIRST_DRAW_MS = 1000.0  # targets, with the CPU slowed 4x
REDRAW_MS = 100.0
GIVE_UP_MS = 5_000.0  # a series stops growing once one size takes longer than this to draw
PAGE_TIMEOUT_MS = 60_000

POINT_COUNTS = (100, 500, 1000, 2000, 5000, 10_000)
LABELLED_COUNTS = (25, 50, 100, 250, 500, 1000, 2000, 5000, 10_000)  # places: each has a permanent label
ZONE_COUNTS = (100, 500, 2000, 5000)  # polygons per layer, of ZONE_VERTICES each
ZONE_VERTICES = 10
VERTEX_COUNTS = (10_000, 20_000, 30_000, 50_000, 100_000, 250_000, 500_000)
POLYGONS = 50
STRING_CHARS = (1_000, 10_000, 100_000)
STRING_FEATURES = 10  # features in a long-string layer: each carries one long value
QUICK = {"points": (100, 1000), "zones": (500,), "vertices": (10_000, 100_000), "strings": (10_000,)}

# The frame after the current one has been painted: rAF runs before paint, a task queued from it after.
AFTER_PAINT = "new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"
PROBE = """
window.__bench = {map: %(map)s};
window.__bench.before = performance.now();
window.__bench.layer = StoryMap.layer(%(data)s, %(style)s, %(map)s);
window.__bench.added = performance.now();
requestAnimationFrame(() => setTimeout(() => { window.__bench.drawn = performance.now(); }, 0));
"""
ZOOM_JS = """step => new Promise(resolve => {
  const m = window.__bench.map, t0 = performance.now();
  m.once('zoomend', () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0)));
  m.setZoom(m.getZoom() + step, {animate: false});
})"""
PAN_JS = """dx => new Promise(resolve => {
  const m = window.__bench.map, t0 = performance.now();
  m.once('moveend', () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0)));
  m.panBy([dx, 0], {animate: false});
})"""
REDRAWS = (1, -1, 1)  # zoom in, out, in again (and pans right, left, right): each run takes their median
POPUP_JS = """async () => {
  const first = window.__bench.layer.getLayers()[0];
  if (!first) return null;
  const t0 = performance.now();
  first.openPopup();
  await AFTER_PAINT;
  return performance.now() - t0;
}""".replace("AFTER_PAINT", AFTER_PAINT)


# --- synthetic layers -------------------------------------------------------------------------------------------

def properties(i: int, name: str, summary: str = "") -> dict[str, Any]:
    """The properties `mapview.client_feature` sends for a background feature."""
    return {"id": f"f{i}", "name": name, "dates": "From 4 February 2020", "summary": summary, "source": "",
            "origin": "Background context (not in the article)", "highlight": False, "approximate": False}


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def points(n: int, rng: random.Random, name: Callable[[int], str] = lambda i: f"Place {i}",
           summary: str = "") -> dict[str, Any]:
    """N points in a 4 x 4 degree box round the centre, coordinates to 5 decimals (about 1 m)."""
    lat0, lon0 = CENTER
    return collection([
        {"type": "Feature",
         "geometry": {"type": "Point", "coordinates": [round(lon0 + rng.uniform(-2, 2), 5),
                                                       round(lat0 + rng.uniform(-2, 2), 5)]},
         "properties": properties(i, name(i), summary)}
        for i in range(n)])


def polygons(vertices: int, rng: random.Random, count: int = POLYGONS) -> dict[str, Any]:
    """`count` jagged round polygons on a grid round the centre with `vertices` positions in all (rings closed)."""
    lat0, lon0 = CENTER
    per = max(4, vertices // count)
    cols = math.ceil(math.sqrt(count))
    features = []
    for k in range(count):
        cx = lon0 - 2 + 4 * ((k % cols) + 0.5) / cols
        cy = lat0 - 2 + 4 * ((k // cols) + 0.5) / cols
        radius = 1.6 / cols
        phase = rng.uniform(0, math.tau)
        ring = []
        for j in range(per - 1):
            t = math.tau * j / (per - 1)
            r = radius * (1 + 0.15 * math.sin(5 * t + phase) + rng.uniform(-0.04, 0.04))
            ring.append([round(cx + r * math.cos(t), 5), round(cy + r * math.sin(t) * 0.8, 5)])
        ring.append(ring[0])
        features.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                         "properties": properties(k, f"Zone {k}")})
    return collection(features)


def named(text: str) -> Callable[[int], str]:
    """A name maker that gives every feature the same `text`."""
    return lambda _index: text


def long_text(chars: int) -> str:
    words = ("lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do", "tempor")
    text, i = [], 0
    size = 0
    while size < chars:
        text.append(words[i % len(words)])
        size += len(text[-1]) + 1
        i += 1
    return " ".join(text)[:chars]


def vertex_count(data: dict[str, Any]) -> int:
    total = 0
    for feature in data["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Point":
            total += 1
        else:
            total += sum(len(ring) for ring in geometry["coordinates"])
    return total


def style(layer_id: str, kind: str) -> dict[str, Any]:
    """As `mapview.layer_style` for a layer of that kind."""
    return {"id": layer_id, "kind": kind, "color": "#1f77b4", "draw": KINDS[kind].draw, **KINDS[kind].style}


def page_html(layers: list[tuple[dict[str, Any], dict[str, Any]]]) -> str:
    """A standalone page built as the app builds its map: local Leaflet, the CSS, the helpers, one call per layer."""
    leaflet = ROOT / "static" / "vendor" / "leaflet"
    fmap = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=None, control_scale=True)
    fmap.default_js = [("leaflet", (leaflet / "leaflet.js").as_uri())]
    fmap.default_css = [("leaflet_css", (leaflet / "leaflet.css").as_uri())]
    cast("Figure", fmap.get_root()).header.add_child(Element(mapview.CSS), name="story_css")
    name = fmap.get_name()
    js = mapview.JS_HELPERS + "\n"
    if layers:
        first, *rest = layers
        js += PROBE % {"map": name, "data": mapview.js_literal(first[0]), "style": mapview.js_literal(first[1])}
        for data, layer_style in rest:  # later layers join the timed span: 'added' is re-marked after them
            js += f"StoryMap.layer({mapview.js_literal(data)}, {mapview.js_literal(layer_style)}, {name});\n"
        js += "window.__bench.added = performance.now();\n"
    else:
        js += PROBE.replace("StoryMap.layer(%(data)s, %(style)s, %(map)s)", "L.layerGroup().addTo(%(map)s)") % {
            "map": name}
    mapview.ScriptElement(js).add_to(fmap)
    return fmap.get_root().render()


# --- measuring --------------------------------------------------------------------------------------------------

@dataclass
class Case:
    series: str
    label: str
    layers: list[tuple[dict[str, Any], dict[str, Any]]]
    size: int = 0  # the series' x value (N, V or L)
    payload: int = 0
    features: int = 0
    vertices: int = 0
    html: Path | None = None
    runs: list[dict[str, float]] = field(default_factory=list)
    error: str = ""

    def prepare(self, folder: Path) -> None:
        self.payload = sum(len(json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode())
                           for d, _ in self.layers)
        self.features = sum(len(d["features"]) for d, _ in self.layers)
        self.vertices = sum(vertex_count(d) for d, _ in self.layers)
        self.html = folder / f"{self.series}-{self.label}.html".replace(" ", "_")
        self.html.write_text(page_html(self.layers), encoding="utf-8")
        self.layers = []  # the page has it now: free the memory

    def median(self, key: str) -> float:
        values = [r[key] for r in self.runs if r.get(key) is not None]
        return statistics.median(values) if values else math.nan


def measure_once(browser: Browser, html: Path) -> dict[str, float]:
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route(re.compile(r"^https?://"), lambda route: route.abort())  # nothing may leave the machine
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.goto(html.as_uri(), timeout=PAGE_TIMEOUT_MS)
        page.wait_for_function("() => window.__bench && window.__bench.drawn", timeout=PAGE_TIMEOUT_MS)
        marks = page.evaluate("() => ({before: __bench.before, added: __bench.added, drawn: __bench.drawn})")
        page.wait_for_timeout(200)  # let the load settle before timing redraws
        zoom = statistics.median(page.evaluate(ZOOM_JS, step) for step in REDRAWS)
        pan = statistics.median(page.evaluate(PAN_JS, 120 * step) for step in REDRAWS)
        popup = page.evaluate(POPUP_JS)
        if errors:
            raise RuntimeError(errors[0])
        return {"first": marks["drawn"], "layer_js": marks["added"] - marks["before"],
                "paint": marks["drawn"] - marks["added"], "draw": marks["drawn"] - marks["before"],
                "zoom": zoom, "pan": pan, "popup": popup}
    finally:
        context.close()


def run_series(browser: Browser, cases: list[Case], runs: int, folder: Path) -> None:
    """Measure a series in growing size; stop growing once a size is hopelessly slow."""
    too_slow = False
    for case in cases:
        if too_slow:
            case.error = f"skipped (a smaller size took over {GIVE_UP_MS / 1000:.0f} s)"
            continue
        case.prepare(folder)
        started = time.perf_counter()
        for _ in range(runs):
            try:
                case.runs.append(measure_once(browser, cast("Path", case.html)))
            except Exception as exc:  # a page that fails is a figure too
                case.error = f"failed: {str(exc).splitlines()[0][:80]}"
                break
            if case.runs[-1]["first"] > GIVE_UP_MS:
                break
        cast("Path", case.html).unlink()
        print(f"  measured {case.series} {case.label} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        too_slow = bool(case.error) or case.median("first") > GIVE_UP_MS


# --- report -----------------------------------------------------------------------------------------------------

def fmt_ms(value: float) -> str:
    if math.isnan(value):
        return "-"
    return f"{value:,.0f}"


def fmt_bytes(value: int) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:.2f} MB"
    if value >= 1_000:
        return f"{value / 1_000:.1f} kB"
    return f"{value} B"


def print_table(cases: list[Case]) -> None:
    head = ("case", "features", "vertices", "payload", "first draw", "layer JS", "paint", "zoom", "pan", "popup",
            "runs")
    rows = []
    for c in cases:
        if c.html is None and c.error:
            rows.append((f"{c.series} {c.label}", "", "", "", "-", "", "", "", "", "", c.error))
            continue
        rows.append((f"{c.series} {c.label}", f"{c.features:,}", f"{c.vertices:,}", fmt_bytes(c.payload),
                     fmt_ms(c.median("first")), fmt_ms(c.median("layer_js")), fmt_ms(c.median("paint")),
                     fmt_ms(c.median("zoom")), fmt_ms(c.median("pan")), fmt_ms(c.median("popup")),
                     f"{len(c.runs)}" + (f" ({c.error})" if c.error else "")))
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths, strict=True))))
    for row in rows:
        print("  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w)
                        for i, (v, w) in enumerate(zip(row, widths, strict=True))))


def smooth(case: Case) -> bool:
    return (bool(case.runs) and case.median("first") <= FIRST_DRAW_MS
            and case.median("zoom") <= REDRAW_MS and case.median("pan") <= REDRAW_MS)


def largest_smooth(cases: list[Case]) -> Case | None:
    """The largest size of a series that is smooth, with every smaller size smooth too."""
    best = None
    for case in cases:
        if not smooth(case):
            break
        best = case
    return best


def per_unit(cases: list[Case], key: str, unit: Callable[[Case], int]) -> float:
    """Least-squares slope of a series' medians against a size (ms per unit)."""
    xs = [unit(c) for c in cases if c.runs]
    ys = [c.median(key) for c in cases if c.runs]
    if len(xs) < 2:
        return math.nan
    return statistics.linear_regression(xs, ys).slope


# series of growing layers: key -> (what a unit is, how many units a case has)
COUNTED: dict[str, tuple[str, Callable[[Case], int]]] = {
    "places": ("places", lambda c: c.features),
    "posts": ("posts", lambda c: c.features),
    "zone features": ("polygons", lambda c: c.features),
    "polygons": ("vertices", lambda c: c.vertices),
}


def report(baseline: Case, series: dict[str, list[Case]]) -> None:
    print(f"\nEmpty map (Leaflet, helpers, no layer): first draw {fmt_ms(baseline.median('first'))} ms, "
          f"zoom {fmt_ms(baseline.median('zoom'))} ms, pan {fmt_ms(baseline.median('pan'))} ms.")

    print("\nMarginal costs (least-squares slope of the medians over each series, CPU 4x):")
    for key, (what, unit) in COUNTED.items():
        measured = [c for c in series[key] if c.runs]
        if not measured:
            continue
        size = statistics.mean(c.payload / max(unit(c), 1) for c in measured)
        slopes = {k: per_unit(measured, k, unit) * 1000 for k in ("first", "zoom", "pan")}
        print(f"  {key}: first draw {slopes['first']:,.1f} ms, zoom {slopes['zoom']:,.1f} ms, "
              f"pan {slopes['pan']:,.1f} ms per 1,000 {what}; {size:,.0f} bytes of GeoJSON each")
    short = next(iter(series["short strings"]), None)
    for label, key in (("name (drawn as a permanent label)", "long name"), ("summary (in the popup only)",
                                                                             "long summary")):
        measured = [c for c in series[key] if c.runs]
        if not measured or short is None or not short.runs:
            continue
        drawing = per_unit([short, *measured], "draw", lambda c: c.size * STRING_FEATURES) * 1_000_000
        popup = per_unit([short, *measured], "popup", lambda c: c.size) * 1_000
        print(f"  long {label}: drawing the layer (layer JS + paint) {drawing:,.0f} ms per million characters; "
              f"opening its popup {popup:,.2f} ms per 1,000 characters of the value")
        for c in measured:
            extra = (c.median("draw") - short.median("draw")) / STRING_FEATURES
            print(f"    {c.size:>7,} chars: {extra:+,.1f} ms drawing per string; popup {fmt_ms(c.median('popup'))} ms "
                  f"(short: {fmt_ms(short.median('popup'))}); first draw {fmt_ms(c.median('first'))} ms, "
                  f"zoom {fmt_ms(c.median('zoom'))} ms with {STRING_FEATURES} such strings")

    print(f"\nSmooth = first draw <= {FIRST_DRAW_MS:.0f} ms and zoom and pan redraws <= {REDRAW_MS:.0f} ms "
          f"(phone viewport, CPU {CPU_SLOWDOWN}x slower). Largest smooth size of each series:")
    for key, (what, unit) in COUNTED.items():
        best = largest_smooth(series[key])
        over = next((c for c in series[key] if c.runs and not smooth(c)), None)
        text = f"{unit(best):,} {what}, {best.vertices:,} vertices, {fmt_bytes(best.payload)}" if best else "none"
        if over:
            why = ", ".join(f"{k} {fmt_ms(over.median(k))} ms" for k in ("first", "zoom", "pan"))
            text += f"; next size {over.label} is over ({why})"
        print(f"  {key}: {text}")
    for c in series.get("combined") or []:
        verdict = "smooth" if smooth(c) else "NOT smooth"
        print(f"  combined {c.label} ({c.features:,} features, {c.vertices:,} vertices, {fmt_bytes(c.payload)}): "
              f"first draw {fmt_ms(c.median('first'))} ms, zoom {fmt_ms(c.median('zoom'))} ms, "
              f"pan {fmt_ms(c.median('pan'))} ms: {verdict}")
    suggest(series)


def suggest(series: dict[str, list[Case]]) -> None:
    """The budgets the figures support: each limit alone keeps a layer smooth."""
    best = {key: largest_smooth(series[key]) for key in COUNTED}
    print("\nSuggested budgets (from the largest smooth sizes above):")
    unlabelled = [c for c in (best["posts"], best["zone features"]) if c]
    if unlabelled:
        n = min(unlabelled, key=lambda c: c.features)
        print(f"  features per layer: {n.features:,} (posts and zone polygons; payload {fmt_bytes(n.payload)})")
    if p := best["places"]:
        print(f"  labelled places ('place' kind, one permanent label each): {p.features:,} per story "
              f"(payload {fmt_bytes(p.payload)})")
    if v := best["polygons"]:
        print(f"  vertices per layer and per story: {v.vertices:,} (payload {fmt_bytes(v.payload)}; every layer is "
              "on at once by default and redraw costs add up)")
    texts = [c for key in ("long name", "long summary") for c in series[key] if c.runs]
    fine = [c.size for c in texts if c.median("popup") <= REDRAW_MS and c.median("first") <= FIRST_DRAW_MS]
    slow = [c.size for c in texts if c.size not in fine]
    if fine:
        print(f"  characters per value: smooth up to {max(fine):,} measured"
              + (f"; {min(slow):,} is over" if slow else "")
              + " (the cost is bytes and the popup, not the first draw)")
    sized = [c for c in (*unlabelled, best["polygons"]) if c]
    if sized:
        print(f"  layer payload at those counts: up to {fmt_bytes(max(c.payload for c in sized))} of compact GeoJSON "
              "with 5-decimal coordinates")


def build_cases(quick: bool, seed: int) -> tuple[Case, dict[str, list[Case]]]:
    rng = random.Random(seed)
    counts = QUICK["points"] if quick else POINT_COUNTS
    labelled = QUICK["points"] if quick else LABELLED_COUNTS
    zones = QUICK["zones"] if quick else ZONE_COUNTS
    vertices = QUICK["vertices"] if quick else VERTEX_COUNTS
    chars = QUICK["strings"] if quick else STRING_CHARS
    baseline = Case("empty", "map", [])
    series: dict[str, list[Case]] = {
        "places": [Case("places", f"N={n:,}", [(points(n, rng), style("places", "place"))], n) for n in labelled],
        "posts": [Case("posts", f"N={n:,}", [(points(n, rng), style("posts", "post"))], n) for n in counts],
        "zone features": [Case("zones", f"N={n:,} x {ZONE_VERTICES}",
                               [(polygons(n * ZONE_VERTICES, rng, count=n), style("zones", "zone"))], n)
                          for n in zones],
        "polygons": [Case("polygons", f"V={v:,}", [(polygons(v, rng), style("zones", "zone"))], v)
                     for v in vertices],
        "short strings": [Case("strings", "short x10", [(points(STRING_FEATURES, rng), style("p", "place"))], 0)],
        "long name": [Case("name", f"L={n:,} x10", [(points(STRING_FEATURES, rng, name=named(long_text(n))),
                                                      style("p", "place"))], n) for n in chars],
        "long summary": [Case("summary", f"L={n:,} x10", [(points(STRING_FEATURES, rng, summary=long_text(n)),
                                                            style("p", "place"))], n) for n in chars],
    }
    return baseline, series


def combined_cases(series: dict[str, list[Case]], seed: int) -> list[Case]:
    """Stories at the largest smooth sizes: the vertices split over five layers, and every kind at once."""
    best = {key: largest_smooth(series[key]) for key in ("places", "posts", "polygons")}
    rng = random.Random(seed + 1)
    cases = []
    if v := best["polygons"]:
        split = [(polygons(v.size // 5, rng, count=10), style(f"zone{i}", "zone")) for i in range(5)]
        cases.append(Case("combined", f"5 zone layers x {v.size // 5:,} vertices", split, v.size))
        layers = [(polygons(v.size, rng), style("zones", "zone"))]
        label = f"V={v.size:,}"
        for key, kind in (("places", "place"), ("posts", "post")):
            if n := best[key]:
                layers.append((points(n.size, rng), style(key, kind)))
                label += f" + {n.size:,} {key}"
        if len(layers) > 1:
            cases.append(Case("combined", label, layers, v.size))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="fewer sizes, for trying the script out")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("Debian's chromium is not installed (scripts/setup.sh --test installs it when run as root)")
    started = time.perf_counter()
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    baseline, series = build_cases(args.quick, args.seed)
    with tempfile.TemporaryDirectory(prefix="budgets-") as tmp, sync_playwright() as p:
        folder = Path(tmp)
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            warm = Case("warm", "up", [])
            warm.prepare(folder)
            measure_once(browser, cast("Path", warm.html))  # the first page of a fresh browser is slower
            run_series(browser, [baseline], args.runs, folder)
            for cases in series.values():
                run_series(browser, cases, args.runs, folder)
            series["combined"] = combined_cases(series, args.seed)
            for case in series["combined"]:
                run_series(browser, [case], args.runs, folder)
        finally:
            browser.close()
    load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Chromium {CPU_SLOWDOWN}x CPU slowdown, {PHONE['viewport']['width']}x{PHONE['viewport']['height']} "
          f"viewport at DPR {PHONE['device_scale_factor']}, zoom {ZOOM} -> {ZOOM + 1}; median of {args.runs} runs; "
          f"times in ms. Load average before / after: {load_before} / {load_after}.")
    print("places: 'place' points (a circle marker with a permanent name label); posts: 'post' points (a div icon "
          "and a hover tooltip);")
    print(f"zones: N 'zone' polygons of {ZONE_VERTICES} vertices; polygons: {POLYGONS} 'zone' polygons sharing V "
          f"vertices; name/summary: {STRING_FEATURES} places, each with one value of L characters.\n")
    if max(os.getloadavg()) > 2 * (os.cpu_count() or 1):
        print("Note: the machine was busy (load average above twice its cores): the times are pessimistic and "
              "noisy; run again when it is idle.\n")
    print_table([baseline, *(c for cases in series.values() for c in cases)])
    report(baseline, series)
    print(f"\n(total {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
