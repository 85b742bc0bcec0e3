"""Print the story map's speed figures in one run: in-map step time, bytes per step, and the race against naive.

Usage: .venv/bin/python bench/measure.py [--steps 200] [--byte-steps 20] [--race 15]

Serves app.py and bench/apps/naive_app.py (the tutorial pattern: a Streamlit select_slider and a brand-new
folium map on every move) with `streamlit run` on free loopback ports, drives Debian's chromium with Playwright
(one browser, one context per app, 1400x1000, ?basemap=none) and prints:

a) scrub step: in the map frame, set the range's value and dispatch 'input', then await two animation frames
   (the second runs after the frame holding the change was painted); median and p95 over --steps steps walking
   back and forth, and the synchronous part (the 'input' handler alone);
b) websocket bytes the page receives for one step and the pause after it (the rerun that updates the event card
   and the URL), median over --byte-steps steps; the messages the browser sends for a fast scrub of every stop;
   the server's CPU time for both;
c) the race: one ArrowRight / ArrowLeft key press, timed in the page from the keydown to the first painted frame
   showing the new date (ours: the in-map range; naive: its Streamlit slider, until a NEW map document has
   Leaflet loaded with exactly the features `geo.load.timeline.visible_features` gives for the new date, then two
   animation frames). Moves alternate between the apps (which one goes first alternates too); only moves that
   change the naive map's features are raced (the others leave its map as it was), --race of each;
d) the server side: building and serialising the map as a rerun does, the map script's size, and the published
   payload file raw, gzipped and as served.

All browser timings are taken by JS in the page (performance.now), so Playwright's round trips are not in them.
Websocket bytes are the payloads as Playwright reports them (after permessage-deflate is undone).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import re
import statistics
import sys
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Frame, Page, WebSocket, sync_playwright  # noqa: E402
from streamlit_folium import _get_feature_group_string, _get_map_string  # noqa: E402

from geo.load import timeline  # noqa: E402
from geo.load.story import load_story  # noqa: E402
from geo.render import mapview  # noqa: E402
from geo.render.payload import SERVED_PREFIX, map_payload, payload_text  # noqa: E402
from harness.browser import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME  # noqa: E402
from harness.process import cpu_seconds  # noqa: E402
from harness.server import Served, streamlit_server  # noqa: E402

NAIVE_APP = ROOT / "bench" / "apps" / "naive_app.py"
STORY = load_story(ROOT / "stories" / "idlib")
STOPS = timeline.stops(STORY)
VIEWPORT = {"width": 1400, "height": 1000}
SETTLE_MS = 400  # after the card (or the naive map) is updated: let the rest of the rerun's messages arrive
TIMEOUT_MS = 60_000

# a) steps driven in the map frame: set the range, dispatch 'input', await two animation frames
SCRUB_JS = """async ([indices, expected]) => {
    const range = document.querySelector('.story-time-range'), out = [];
    const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
    for (const i of indices) {
        const t0 = performance.now();
        range.value = String(i);
        range.dispatchEvent(new Event('input', {bubbles: true}));
        const handled = performance.now();
        await frame();
        await frame();
        out.push({painted: performance.now() - t0, sync: handled - t0,
                  ok: window.storyTime.index() === i && window.storyTime.shown().length === expected[i]});
    }
    return out;
}"""
# b) a fast scrub: one stop per animation frame, as a drag across the whole range does
FAST_SCRUB_JS = """async (indices) => {
    const range = document.querySelector('.story-time-range');
    for (const i of indices) {
        range.value = String(i);
        range.dispatchEvent(new Event('input', {bubbles: true}));
        await new Promise(resolve => requestAnimationFrame(resolve));
    }
}"""
STEP_JS = """(i) => {
    const range = document.querySelector('.story-time-range');
    range.value = String(i);
    range.dispatchEvent(new Event('input', {bubbles: true}));
}"""
CARD_JS = "(title) => [...document.querySelectorAll('h4')].some(h => h.textContent.trim() === title)"

# c) the race. Ours: keydown (capture) in the map frame to two animation frames after the range's 'input'.
OURS_RACE_SETUP_JS = """() => {
    window.__race = {armed: false, t0: null, t1: null};
    document.addEventListener('keydown', () => {
        if (window.__race.armed && window.__race.t0 === null) window.__race.t0 = performance.now();
    }, {capture: true});
    document.querySelector('.story-time-range').addEventListener('input', () => {
        if (!window.__race.armed) return;
        requestAnimationFrame(() => requestAnimationFrame(() => {
            if (window.__race.t1 === null) window.__race.t1 = performance.now();
        }));
    });
}"""
OURS_ARM_JS = "() => { window.__race = {armed: true, t0: null, t1: null}; }"
RACE_DONE_JS = "() => window.__race.t1 !== null"
RACE_MS_JS = "() => { const r = window.__race; r.armed = false; return r.t1 - r.t0; }"
# Naive: keydown (capture) on its page to two animation frames of a NEW map document holding the new features.
NAIVE_RACE_SETUP_JS = """() => {
    window.__race = {armed: false, t0: null, t1: null};
    document.addEventListener('keydown', () => {
        if (window.__race.armed && window.__race.t0 === null) window.__race.t0 = performance.now();
    }, {capture: true});
}"""
NAIVE_ARM_JS = """([selector, expected]) => {
    const race = window.__race = {armed: true, t0: null, t1: null};
    for (const f of document.querySelectorAll(selector)) {  // the map as it is now: the old one
        f.__benchOld = true;
        if (f.contentWindow) f.contentWindow.__benchOld = true;
    }
    const tick = () => {
        for (const f of document.querySelectorAll(selector)) {
            let w = null;
            try { w = f.contentWindow; } catch (err) { continue; }
            if (!w || f.__benchOld || w.__benchOld || !w.map || !w.map._loaded || !w.document) continue;
            if (w.document.querySelectorAll('.leaflet-interactive, .leaflet-marker-icon').length !== expected) continue;
            w.requestAnimationFrame(() => w.requestAnimationFrame(() => { race.t1 = performance.now(); }));
            return;
        }
        if (race.armed) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
}"""



def visible_ids(day: date) -> frozenset[str]:
    return frozenset(f.id for features in timeline.visible_features(STORY, day).values() for f in features)


def title(index: int) -> str:
    """The event card's heading for a stop (its first event)."""
    return timeline.events_on(STORY, STOPS[index])[0].title


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))]


def walk(start: int, count: int) -> list[int]:
    """`count` stop indices walking one stop at a time from `start`, turning at either end."""
    out, at, delta = [], start, 1
    for _ in range(count):
        if not 0 <= at + delta < len(STOPS):
            delta = -delta
        at += delta
        out.append(at)
    return out


# ---- d) the server side ----

def server_side(runs: int = 30) -> dict[str, float]:
    """What a rerun of app.py builds for the map, and the payload file the browser fetches once."""
    text = payload_text(map_payload(STORY)).encode("utf-8")
    source = {"url": f"{SERVED_PREFIX}/{hashlib.sha256(text).hexdigest()[:20]}.json"}  # as geo.render.payload.publish
    layers = [spec.id for spec in STORY.layers]
    times = []
    script = group = ""
    for _ in range(runs):
        start = time.perf_counter()
        fmap = mapview.app_map(source)
        fmap.get_root().render()
        script = _get_map_string(fmap)
        sync = mapview.sync_group(layers=layers, basemap="none", day=STOPS[0], view=None)
        group = _get_feature_group_string(sync, fmap, 0)
        times.append((time.perf_counter() - start) * 1000)
    return {"build_ms": statistics.median(times), "script": len(script.encode()),
            "script_gz": len(gzip.compress(script.encode())), "sync": len(group.encode()),
            "payload": len(text), "payload_gz": len(gzip.compress(text))}


def served_size(base: str, path: str) -> tuple[int, str]:
    """Bytes the server sends for `path` to a client accepting gzip, and the content-encoding it used."""
    request = urllib.request.Request(f"{base}{path}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return len(response.read()), response.headers.get("content-encoding", "") or "none"


# ---- the browser side ----

@dataclass
class Tab:
    """One app's page in the browser (`frame`: our map's frame; the naive app's is remade on every move)."""

    page: Page
    wire: Wire
    pid: int  # the server's
    frame: Frame | None = None

    @property
    def map(self) -> Frame:
        if self.frame is None:
            raise RuntimeError("no map frame")
        return self.frame


class Wire:
    """Websocket frames of one page: payload bytes received, messages sent (counters reset by `clear`)."""

    def __init__(self, page: Page) -> None:
        self.received = 0
        self.frames_received = 0
        self.sent = 0
        self.payloads: list[str | bytes] = []  # of the frames received since `clear`
        page.on("websocket", self._attach)

    def _attach(self, ws: WebSocket) -> None:
        ws.on("framereceived", self._received)
        ws.on("framesent", self._sent)

    def _received(self, payload: str | bytes) -> None:
        self.received += len(payload)
        self.frames_received += 1
        self.payloads.append(payload)

    def _sent(self, _payload: str | bytes) -> None:
        self.sent += 1

    def clear(self) -> None:
        self.received = self.frames_received = self.sent = 0
        self.payloads = []


def gist(payload: str | bytes, width: int = 60) -> str:
    """The first readable words of a websocket message (Streamlit's are protobuf: text among binary)."""
    text = payload if isinstance(payload, str) else payload.decode("utf-8", errors="replace")
    runs = re.findall(r"[ -~]{8,}", text)
    return " ".join(run for run in runs if not re.fullmatch(r"[ -~]*[0-9a-f]{32}[ -~]*", run))[:width]


def open_ours(browser: Browser, base: str) -> tuple[Page, Frame, Wire]:
    page = browser.new_context(viewport=VIEWPORT).new_page()  # type: ignore[arg-type]  # TypedDict from a dict
    wire = Wire(page)
    page.goto(f"{base}/?basemap=none&date={STOPS[0].isoformat()}", timeout=TIMEOUT_MS)
    page.wait_for_selector(MAP_IFRAME, timeout=TIMEOUT_MS)
    handle = page.locator(MAP_IFRAME).element_handle()
    frame = handle.content_frame() if handle else None
    if frame is None:
        raise RuntimeError("our map iframe has no document")
    frame.wait_for_function("() => window.map && window.map._loaded && window.storyTime "
                            "&& window.storyTime.shown().length > 0", timeout=TIMEOUT_MS)
    page.wait_for_function(CARD_JS, arg=title(0), timeout=TIMEOUT_MS)
    page.wait_for_timeout(1000)  # the opening rerun is over
    return page, frame, wire


def open_naive(browser: Browser, base: str) -> tuple[Page, Wire]:
    page = browser.new_context(viewport=VIEWPORT).new_page()  # type: ignore[arg-type]  # TypedDict from a dict
    wire = Wire(page)
    page.goto(f"{base}/", timeout=TIMEOUT_MS)
    page.wait_for_selector(MAP_IFRAME, timeout=TIMEOUT_MS)
    handle = page.locator(MAP_IFRAME).element_handle()
    frame = handle.content_frame() if handle else None
    if frame is None:
        raise RuntimeError("the naive map iframe has no document")
    expected = len(visible_ids(STOPS[0]))
    frame.wait_for_function(f"() => window.map && window.map._loaded && document.querySelectorAll("
                            f"'.leaflet-interactive, .leaflet-marker-icon').length === {expected}",
                            timeout=TIMEOUT_MS)
    page.wait_for_timeout(1000)
    return page, wire


def wait_card(page: Page, index: int) -> None:
    """Until the event card shows the stop's event and the URL its date (the rerun after a pause)."""
    page.wait_for_function(CARD_JS, arg=title(index), timeout=TIMEOUT_MS)
    page.wait_for_url(f"**date={STOPS[index].isoformat()}**", timeout=TIMEOUT_MS)


def scrub(page: Page, frame: Frame, start: int, steps: int) -> tuple[list[dict[str, Any]], int]:
    """a) `steps` in-map steps from `start`, each timed until painted; returns them and where it ended."""
    indices = walk(start, steps)
    expected = [len(visible_ids(day)) for day in STOPS]
    result = frame.evaluate(SCRUB_JS, [indices, expected])
    wait_card(page, indices[-1])
    page.wait_for_timeout(SETTLE_MS)
    return result, indices[-1]


def step_bytes(tab: Tab, start: int, steps: int) -> dict[str, Any]:
    """b) one step and the pause after it, `steps` times: bytes received, messages sent, server CPU."""
    page, frame, wire, pid = tab.page, tab.map, tab.wire, tab.pid
    received, frames, sent, card_ms = [], [], [], []
    cpu = 0.0
    at = start
    for target in walk(start, steps):
        wire.clear()
        cpu0 = cpu_seconds(pid)
        t0 = time.perf_counter()
        frame.evaluate(STEP_JS, target)
        wait_card(page, target)
        card_ms.append((time.perf_counter() - t0) * 1000)
        page.wait_for_timeout(SETTLE_MS)
        cpu += cpu_seconds(pid) - cpu0
        received.append(wire.received)
        frames.append(wire.frames_received)
        sent.append(wire.sent)
        at = target
    largest = sorted(wire.payloads, key=len, reverse=True)[:4]  # of the last step
    return {"received": received, "frames": frames, "sent": sent, "card_ms": card_ms,
            "cpu_ms": cpu * 1000 / steps, "end": at, "largest": [(len(m), gist(m)) for m in largest]}


def fast_scrub(tab: Tab, start: int) -> dict[str, Any]:
    """b) a drag over every stop (one per animation frame) to the far end, then the pause."""
    page, frame, wire, pid = tab.page, tab.map, tab.wire, tab.pid
    end = len(STOPS) - 1 if start < len(STOPS) // 2 else 0
    indices = list(range(start, end + 1)) if end else list(range(start, -1, -1))
    page.wait_for_timeout(1000)
    wire.clear()
    cpu0 = cpu_seconds(pid)
    frame.evaluate(FAST_SCRUB_JS, indices)
    wait_card(page, end)
    page.wait_for_timeout(1000)
    return {"steps": len(indices), "sent": wire.sent, "received": wire.received,
            "cpu_ms": (cpu_seconds(pid) - cpu0) * 1000, "end": end}


def toggle_bytes(tab: Tab, layer: str = "places") -> list[int]:
    """b) bytes received for switching a sidebar layer off and on again (each: a rerun that syncs the map)."""
    page, frame, wire = tab.page, tab.map, tab.wire
    out = []
    for _ in range(2):
        before = frame.evaluate("() => window.storyTime.shown().length")
        wire.clear()
        page.locator(f".st-key-layer_{layer} label").first.click()
        frame.wait_for_function(f"() => window.storyTime.shown().length !== {before}", timeout=TIMEOUT_MS)
        page.wait_for_timeout(1000)
        out.append(wire.received)
    return out


def race_ours(tab: Tab, key: str, target: int) -> tuple[float, int, float]:
    """One key press on the in-map range: ms to painted; then the rerun's bytes and the server's CPU ms."""
    page, frame, wire, pid = tab.page, tab.map, tab.wire, tab.pid
    frame.locator(".story-time-range").focus()
    frame.evaluate(OURS_ARM_JS)
    wire.clear()
    cpu0 = cpu_seconds(pid)
    page.keyboard.press(key)
    frame.wait_for_function(RACE_DONE_JS, polling="raf", timeout=TIMEOUT_MS)
    ms = frame.evaluate(RACE_MS_JS)
    index = frame.evaluate("() => window.storyTime.index()")
    if index != target:
        raise RuntimeError(f"our map is at stop {index}, not {target}")
    wait_card(page, target)
    page.wait_for_timeout(SETTLE_MS)
    return ms, wire.received, (cpu_seconds(pid) - cpu0) * 1000


def race_naive(tab: Tab, key: str, target: int, raced: bool) -> tuple[float, int, float]:
    """One key press on the naive app's slider: ms to its new map painted (NaN when not raced), bytes, CPU ms."""
    page, wire, pid = tab.page, tab.wire, tab.pid
    page.get_by_role("slider").focus()
    page.evaluate(NAIVE_ARM_JS, [MAP_IFRAME, len(visible_ids(STOPS[target]))])
    wire.clear()
    cpu0 = cpu_seconds(pid)
    page.keyboard.press(key)
    ms = float("nan")
    if raced:
        page.wait_for_function(RACE_DONE_JS, polling="raf", timeout=TIMEOUT_MS)
        ms = page.evaluate(RACE_MS_JS)
    else:
        page.wait_for_function(f"() => document.querySelector('input[type=range]').getAttribute('aria-valuetext') "
                               f"=== '{STOPS[target].isoformat()}'", timeout=TIMEOUT_MS)
        page.wait_for_timeout(1500)  # the rerun resends the same map: it is not remounted
    page.evaluate("() => { window.__race.armed = false; }")
    page.wait_for_timeout(SETTLE_MS)
    return ms, wire.received, (cpu_seconds(pid) - cpu0) * 1000


def race(ours: Tab, naive: Tab, wanted: int) -> dict[str, list[float]]:
    """c) alternate key presses until `wanted` raced moves of each app (both apps walk the same stops)."""
    page, frame = ours.page, ours.map
    # both at the same stop: the naive app is still at the first stop (its slider's default)
    frame.evaluate(STEP_JS, 0)
    wait_card(page, 0)
    page.wait_for_timeout(SETTLE_MS)
    frame.evaluate(OURS_RACE_SETUP_JS)
    naive.page.evaluate(NAIVE_RACE_SETUP_JS)
    out: dict[str, list[float]] = {"ours": [], "naive": [], "ours_bytes": [], "naive_bytes": [], "ours_cpu": [],
                                   "naive_cpu": []}
    position, delta, move = 0, 1, 0
    skipped = 0
    while len(out["naive"]) < wanted and move < 10 * wanted:
        if not 0 <= position + delta < len(STOPS):
            delta = -delta
        target = position + delta
        key = "ArrowRight" if delta > 0 else "ArrowLeft"
        raced = visible_ids(STOPS[position]) != visible_ids(STOPS[target])
        order = ("ours", "naive") if move % 2 == 0 else ("naive", "ours")
        for app in order:
            if app == "ours":
                ms, received, cpu = race_ours(ours, key, target)
            else:
                ms, received, cpu = race_naive(naive, key, target, raced)
            if raced:
                out[app].append(ms)
                out[f"{app}_bytes"].append(received)
                out[f"{app}_cpu"].append(cpu)
        skipped += not raced
        position = target
        move += 1
    out["skipped"] = [skipped]
    return out


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):7.1f} ms, p95 {quantile(values, 0.95):7.1f} ms, max {max(values):7.1f}"


def report_steps(steps: list[dict[str, Any]]) -> None:
    painted = [s["painted"] for s in steps]
    handler = [s["sync"] for s in steps]
    print("\na) in-map scrub step (set the range, 'input', two animation frames)")
    print(f"  until painted        {spread(painted)}   ({len(steps)} steps back and forth)")
    print("    (steps follow each other back to back, each just after a frame: two frames at 60 Hz, 33.3 ms, "
          "is this measure's floor)")
    print(f"  'input' handler only {spread(handler)}")
    print(f"  steps whose map did not match visible_features: {sum(not s['ok'] for s in steps)}")


def report_bytes(per_step: dict[str, Any], fast: dict[str, Any]) -> None:
    received = per_step["received"]
    print("\nb) websocket traffic (payload bytes, decoded)")
    print(f"  received per step + pause     {statistics.median(received) / 1024:7.1f} KiB median "
          f"(min {min(received) / 1024:.1f}, max {max(received) / 1024:.1f}; "
          f"{statistics.median(per_step['frames']):.0f} messages) over {len(received)} steps")
    print("  largest messages of the last step: " + "; ".join(f"{n / 1024:.1f} KiB {text!r}"
                                                              for n, text in per_step["largest"]))
    print(f"  messages sent per step + pause {statistics.median(per_step['sent']):6.0f} median "
          f"(max {max(per_step['sent'])})")
    print(f"  step to card + URL updated    {statistics.median(per_step['card_ms']):7.0f} ms median "
          f"(includes the map's 350 ms pause; measured from Python)")
    print(f"  server CPU per step + pause   {per_step['cpu_ms']:7.1f} ms (mean; one rerun)")
    print(f"  fast scrub of {fast['steps']} stops (one per frame): {fast['sent']} message(s) sent by the "
          f"browser, {fast['received'] / 1024:.1f} KiB received, server CPU {fast['cpu_ms']:.0f} ms in all")
    print("  a layer toggle in the sidebar (off, on): " + ", ".join(f"{n / 1024:.1f} KiB" for n in fast["toggle"])
          + " received (off: the map's message changed, sent in full; on: back to one the browser has, sent as "
          "its hash)")


def report_race(raced: dict[str, list[float]]) -> None:
    ours, naive = raced["ours"], raced["naive"]
    print(f"\nc) the race, key press to painted map, {len(ours)} raced moves each, alternating "
          f"({raced['skipped'][0]} moves that leave the naive map unchanged not raced)")
    if not ours or not naive:
        return
    print(f"  ours  (in-map range)          {spread(ours)}")
    print(f"  naive (slider + new map)      {spread(naive)}")
    print(f"  ratio naive/ours (medians)    {statistics.median(naive) / statistics.median(ours):7.1f}x   "
          f"(target: at least 5x)")
    print(f"  ratio naive/ours (p95)        {quantile(naive, 0.95) / quantile(ours, 0.95):7.1f}x")
    print(f"  websocket received per move   ours {statistics.median(raced['ours_bytes']) / 1024:.1f} KiB "
          f"(the rerun after the pause), naive {statistics.median(raced['naive_bytes']) / 1024:.1f} KiB "
          f"(medians)")
    print(f"  server CPU per move           ours {statistics.mean(raced['ours_cpu']):.0f} ms, "
          f"naive {statistics.mean(raced['naive_cpu']):.0f} ms (means)")


def report_server(server: dict[str, float], served: tuple[int, str]) -> None:
    print("\nd) server side")
    print(f"  build + serialise the map per rerun (st_folium's strings) {server['build_ms']:7.1f} ms (median of 30)")
    print(f"  map script                          {server['script'] / 1024:7.1f} KiB raw, "
          f"{server['script_gz'] / 1024:.1f} KiB gzipped (a rerun that leaves it as it was sends only its "
          f"hash: Streamlit's message cache, global.minCachedMessageSize)")
    print(f"  sync feature group per rerun        {server['sync'] / 1024:7.2f} KiB")
    print(f"  published payload file (fetched once, cached) {server['payload'] / 1024:7.1f} KiB raw, "
          f"{server['payload_gz'] / 1024:.1f} KiB gzipped; served: {served[0] / 1024:.1f} KiB ({served[1]})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--steps", type=int, default=200, help="a) in-map steps timed until painted")
    parser.add_argument("--byte-steps", type=int, default=20, help="b) steps each followed by a pause")
    parser.add_argument("--race", type=int, default=15, help="c) raced moves of each app")
    args = parser.parse_args()

    server = server_side()
    with ExitStack() as stack, sync_playwright() as p:
        ours_served: Served = stack.enter_context(streamlit_server())
        naive_served: Served = stack.enter_context(streamlit_server(script=NAIVE_APP))
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page, frame, wire = open_ours(browser, ours_served.url)
        naive_page, naive_wire = open_naive(browser, naive_served.url)
        payload_url = frame.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)"
                                     ".find(n => n.includes('/app/static/story/')) || ''")
        served = served_size(ours_served.url, "/" + payload_url.split("/", 3)[-1]) if payload_url else (0, "?")
        scrub(page, frame, 0, len(STOPS))  # warm-up: every feature's Leaflet layer is made on its first date
        steps, at = scrub(page, frame, 0, args.steps)
        ours = Tab(page, wire, ours_served.pid, frame)
        per_step = step_bytes(ours, at, args.byte_steps)
        fast = fast_scrub(ours, per_step["end"])
        fast["toggle"] = toggle_bytes(ours)
        raced = race(ours, Tab(naive_page, naive_wire, naive_served.pid), args.race)
        browser.close()

    print(f"Story: {len(STOPS)} stops, {sum(len(v) for v in STORY.features.values())} features. "
          f"One run, one Chromium, both apps served by this script ({os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}).")
    report_steps(steps)
    report_bytes(per_step, fast)
    report_race(raced)
    report_server(server, served)


if __name__ == "__main__":
    main()
