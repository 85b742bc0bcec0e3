"""Print the time to the first map features on a cold load, the app against a bare one-marker page.

Usage: .venv/bin/python bench/first_load.py [--loads 5] [--mbps 20] [--all]
Serves app.py and bench/apps/bare_app.py with `streamlit run` on free loopback ports, warms each with 2 loads,
then alternates measured loads (ours, bare, ours, bare, ...), each in a fresh browser context (empty cache)
at 1400x900. "First map features" is the first animation frame, counted from the page's navigation start, in
which the streamlit-folium frame holds a drawn feature (`.leaflet-interactive` or `.leaflet-marker-icon`): the
page itself looks on every frame (a script added before any of the page's own), so the clock does not wait
for Playwright. Playwright's own sighting (its polling inside the frame, which first has to inject its helper
script there) is printed too. "Whole page": the first frame with a download button (the sidebar's last part).
Then one more cold load of each, recorded: bytes, requests, compression, largest responses, repeated URLs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Request, WebSocket, sync_playwright  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from harness.browser import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME  # noqa: E402
from harness.firstload import FEATURE, start_clock, wait_seen  # noqa: E402
from harness.server import streamlit_app  # noqa: E402

BARE_APP = ROOT / "bench" / "apps" / "bare_app.py"
WARM_LOADS = 2
VIEWPORT = {"width": 1400, "height": 900}
DRAWN = f"() => document.querySelector({FEATURE!r}) !== null"
LATENCY_MS = 40  # with --mbps: round-trip latency Chromium adds to each request
SETTLE_MS = 1500  # after the first features: let late chunks and websocket messages arrive before counting


@dataclass
class Response:
    url: str
    kind: str  # Playwright's resource type: document, script, stylesheet, fetch, image, font, ...
    body: int  # bytes of the body as received (encoded: compressed when the server compressed it)
    decoded: int  # bytes of the body after decoding (-1 when the browser no longer has it)
    encoding: str  # the content-encoding header ('' when not compressed)
    status: int


@dataclass
class Recording:
    responses: list[Response] = field(default_factory=list)
    frames_received: int = 0
    frame_bytes: int = 0  # decoded payloads (Playwright gives the payload after any permessage-deflate)
    ws_extensions: list[str] = field(default_factory=list)  # Sec-WebSocket-Extensions of each upgrade
    failed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.body for r in self.responses) + self.frame_bytes


@dataclass
class Load:
    features: float  # ms from navigation start to the first frame with a drawn map feature (the page's clock)
    painted: float  # ms from navigation start to the frame after it (the one with the features was drawn)
    sighted: float  # ms from page.goto to Playwright's sighting of it (its polling inside the map's frame)
    whole: float | None  # ms from navigation start to the first frame with the whole page (None: not waited for)


def first_features(browser: Browser, url: str, recording: Recording | None = None, mbps: float = 0,
                   whole: bool = False) -> Load:
    """Time a load of `url` to a drawn feature inside the map iframe, in a fresh context (cold cache).

    `whole`: also wait for the whole page (a download button). `mbps` > 0: Chromium's network emulation
    (that many Mbit/s each way, LATENCY_MS per request).
    """
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]  # TypedDict from a plain dict
    start_clock(context)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if mbps > 0:
        rate = mbps * 1_000_000 / 8
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": LATENCY_MS,
                                                      "downloadThroughput": rate, "uploadThroughput": rate})
    requests: list[Request] = []
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    if recording is not None:
        cdp.on("Network.webSocketHandshakeResponseReceived", lambda event: recording.ws_extensions.append(
            _header(event["response"].get("headers", {}), "sec-websocket-extensions") or "(none)"))
        page.on("requestfinished", lambda r: requests.append(r))  # noqa: PLW0108  # a bound builtin cannot be wrapped
        page.on("requestfailed", lambda r: recording.failed.append(f"{r.url} {r.failure}"))

        def on_websocket(ws: WebSocket) -> None:
            def received(payload: str | bytes) -> None:
                recording.frames_received += 1
                recording.frame_bytes += len(payload)
            ws.on("framereceived", received)

        page.on("websocket", on_websocket)
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        iframe = page.wait_for_selector(MAP_IFRAME, state="attached", timeout=60_000)
        frame = iframe.content_frame() if iframe else None
        if frame is None:
            raise RuntimeError(f"no map iframe content on {url}")
        try:
            frame.wait_for_function(DRAWN, polling="raf", timeout=60_000)
        except PlaywrightTimeout:
            raise RuntimeError(f"no map features on {url} within 60 s; page errors: {errors or 'none'}") from None
        sighted = (time.perf_counter() - start) * 1000
        seen = wait_seen(page, "whole" if whole else "features")
        if recording is not None:
            page.wait_for_timeout(SETTLE_MS)
            recording.responses.extend(_response(r) for r in requests)
        page.wait_for_function("() => window.__firstLoad.painted !== undefined", timeout=60_000)
        painted = page.evaluate("window.__firstLoad.painted")
        return Load(seen["features"], painted, sighted, seen.get("whole"))
    finally:
        context.close()


def _header(headers: dict[str, Any], name: str) -> str:
    return next((str(v) for k, v in headers.items() if k.lower() == name), "")


def _response(request: Request) -> Response:
    response = request.response()
    body = request.sizes()["responseBodySize"]
    if response is None:
        return Response(request.url, request.resource_type, body, -1, "", 0)
    try:
        decoded = len(response.body())
    except Exception:  # a body the browser has dropped (e.g. redirects) is not counted
        decoded = -1
    return Response(request.url, request.resource_type, body, decoded,
                    response.all_headers().get("content-encoding", ""), response.status)


def short(url: str, base: str) -> str:
    return url.removeprefix(base) or "/"


def kb(size: int) -> str:
    return f"{size / 1024:8.1f} KB"


def spread(label: str, times: list[float]) -> str:
    return (f"{label:5} median {statistics.median(times):7.0f} ms   min {min(times):7.0f}   max {max(times):7.0f}"
            f"   ({', '.join(f'{t:.0f}' for t in times)})")


def ratio(loads: dict[str, list[Load]], figure: str) -> float:
    """Ours against the bare page: the medians of one figure of their loads."""
    ours, bare = (statistics.median(getattr(load, figure) for load in loads[name]) for name in ("ours", "bare"))
    return float(ours / bare)


def report(label: str, base: str, rec: Recording, everything: bool) -> None:
    responses = rec.responses
    compressed = [r for r in responses if r.encoding]
    print(f"\n{label}: first load from {base}")
    print(f"  total transferred      {kb(rec.total)}  (HTTP bodies {kb(rec.total - rec.frame_bytes).strip()}"
          f" + websocket frames received {kb(rec.frame_bytes).strip()} in {rec.frames_received} frames)")
    decoded = sum(max(r.decoded, r.body) for r in responses)
    print(f"  requests               {len(responses):5d}   (HTTP bodies decoded: {kb(decoded).strip()})")
    print(f"  compressed responses   {len(compressed):5d}   "
          + (", ".join(f"{short(r.url, base)} [{r.encoding}]" for r in compressed) or "none"))
    compressible = [r for r in responses if not r.encoding and r.body >= 1000
                    and r.kind in {"document", "script", "stylesheet", "fetch", "xhr"}]
    print(f"  uncompressed text >=1KB{len(compressible):5d}   {kb(sum(r.body for r in compressible)).strip()}")
    print(f"  websocket extensions   {'; '.join(rec.ws_extensions) or '(no upgrade seen)'}")
    print("  5 largest responses:")
    for r in sorted(responses, key=lambda r: r.body, reverse=True)[:5]:
        print(f"    {kb(r.body)}  {r.kind:10} {short(r.url, base)}")
    by_kind: Counter[str] = Counter()
    count_kind: Counter[str] = Counter()
    for r in responses:
        by_kind[r.kind] += r.body
        count_kind[r.kind] += 1
    kinds = (f"{k} {count_kind[k]} / {by_kind[k] / 1024:.0f} KB" for k, _ in by_kind.most_common())
    print("  by type:  " + ", ".join(kinds))
    repeated = {url: n for url, n in Counter(r.url for r in responses).items() if n > 1}
    print("  fetched more than once: " + (", ".join(f"{short(u, base)} x{n}" for u, n in repeated.items()) or "none"))
    if rec.failed:
        print("  failed: " + ", ".join(rec.failed))
    if everything:
        print("  every response (body as received, decoded, encoding):")
        for r in responses:
            print(f"    {kb(r.body)} {kb(r.decoded)} {r.encoding or '-':5} {r.status} {r.kind:10} {short(r.url, base)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--loads", type=int, default=5, help="measured cold loads of each page")
    parser.add_argument("--mbps", type=float, default=0,
                        help="emulate a network of this many Mbit/s (and 40 ms latency); default: loopback as is")
    parser.add_argument("--all", action="store_true", help="also list every response of the recorded loads")
    args = parser.parse_args()
    with ExitStack() as stack, sync_playwright() as p:
        ours_base = stack.enter_context(streamlit_app())
        bare_base = stack.enter_context(streamlit_app(script=BARE_APP))
        pages = {"ours": f"{ours_base}/?basemap=none", "bare": f"{bare_base}/"}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for url in pages.values():
            for _ in range(WARM_LOADS):
                first_features(browser, url, mbps=args.mbps)
        loads: dict[str, list[Load]] = {name: [] for name in pages}
        for _ in range(args.loads):
            for name, url in pages.items():
                loads[name].append(first_features(browser, url, mbps=args.mbps, whole=name == "ours"))
        network = f"{args.mbps:g} Mbit/s + {LATENCY_MS} ms emulated" if args.mbps > 0 else "loopback"
        print(f"First map features, cold context at {VIEWPORT['width']}x{VIEWPORT['height']}, {network}, "
              f"{args.loads} alternating loads each after {WARM_LOADS} warm-up loads:")
        for name, measured in loads.items():
            print("  " + spread(name, [load.features for load in measured]))
        print(f"  ratio ours/bare (medians): {ratio(loads, 'features'):.2f}x")
        print("The frame after it (so the frame with the features has been drawn):")
        for name, measured in loads.items():
            print("  " + spread(name, [load.painted for load in measured]))
        print("Playwright's sighting of the same features (from page.goto; it polls inside the map's frame):")
        for name, measured in loads.items():
            print("  " + spread(name, [load.sighted for load in measured]))
        print(f"  ratio ours/bare (medians): {ratio(loads, 'sighted'):.2f}x")
        print("Whole page (ours: the card, the timeline and the sidebar, sent once the map has drawn):")
        print("  " + spread("ours", [load.whole or 0.0 for load in loads["ours"]]))
        recordings = {name: Recording() for name in pages}
        for name, url in pages.items():
            first_features(browser, url, recordings[name], args.mbps)
        report("ours", ours_base, recordings["ours"], args.all)
        report("bare", bare_base, recordings["bare"], args.all)
        browser.close()


if __name__ == "__main__":
    main()
