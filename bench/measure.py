"""Print the story map's speed figures: server-side map build, bytes per slider move, move-to-map time.

Usage: .venv/bin/python bench/measure.py [--moves 40]
Starts the app with `streamlit run` on a free loopback port and drives Debian's chromium with Playwright.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit_folium import _get_feature_group_string, _get_map_string  # noqa: E402

from geo import mapview, timeline  # noqa: E402
from geo.model import Story  # noqa: E402
from geo.story import load_story  # noqa: E402
from harness.browser import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME  # noqa: E402
from harness.server import streamlit_app  # noqa: E402


def server_side(runs: int = 30) -> tuple[float, int, int]:
    """Median ms to build and serialise the map as st_folium does; bytes of base and dynamic parts."""
    story = load_story(ROOT / "data")
    layers = [spec.id for spec in story.layers]
    day = date(2020, 2, 4)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fmap = mapview.base_map(story)
        fmap.get_root().render()
        base = _get_map_string(fmap)
        groups = "".join(_get_feature_group_string(g, fmap, i) for i, g in enumerate(
            mapview.dynamic_groups(story, day, layers, set(), "osm")))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(base.encode()), len(groups.encode())


def map_state(story: Story, day: date) -> tuple[frozenset[str], frozenset[str]]:
    """What the map shows on a day: the features on it and those highlighted (equal = no redraw)."""
    shown = frozenset(f.id for features in timeline.visible_features(story, day).values() for f in features)
    return shown, frozenset(timeline.concerned_features(story, day))


def browser_side(moves: int) -> dict[str, float]:
    with streamlit_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        received: list[int] = []
        loaded: list[int] = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
        page.on("requestfinished", lambda r: loaded.append((r.sizes() or {}).get("responseBodySize", 0)))
        page.goto(f"{url}/?basemap=none&date=2017-05-04")
        page.wait_for_selector(MAP_IFRAME)
        frame = page.locator(MAP_IFRAME).element_handle().content_frame()
        assert frame is not None
        frame.wait_for_function("() => window.map && window.map._loaded && window.__GLOBAL_DATA__.last_feature_group")
        page.wait_for_timeout(1500)
        first_load = sum(loaded) + sum(received)
        story = load_story(ROOT / "data")
        stops = timeline.stops(story)
        slider = page.get_by_role("slider")
        slider.focus()
        durations, per_move = [], []
        unchanged = 0
        key = "ArrowRight"
        position = 0
        for _ in range(moves):
            if position == len(stops) - 1:
                key = "ArrowLeft"
            elif position == 0:
                key = "ArrowRight"
            previous = position
            position += 1 if key == "ArrowRight" else -1
            before = frame.evaluate("() => window.__GLOBAL_DATA__.last_feature_group")
            received.clear()
            start = time.perf_counter()
            page.keyboard.press(key)
            if map_state(story, stops[previous]) == map_state(story, stops[position]):
                page.wait_for_url(f"**date={stops[position].isoformat()}**")
                unchanged += 1
                continue
            frame.wait_for_function("(b) => window.__GLOBAL_DATA__.last_feature_group !== b", arg=before,
                                    polling="raf", timeout=20_000)
            durations.append((time.perf_counter() - start) * 1000)
            page.wait_for_timeout(300)  # let the rerun finish before counting its bytes
            per_move.append(sum(received))
        browser.close()
    return {"first_load": first_load, "median_ms": statistics.median(durations),
            "p95_ms": sorted(durations)[int(0.95 * (len(durations) - 1))],
            "bytes_per_move": statistics.median(per_move), "unchanged": unchanged}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--moves", type=int, default=40)
    args = parser.parse_args()
    build_ms, base_bytes, group_bytes = server_side()
    print(f"server: build + serialise the map          {build_ms:8.1f} ms (median of 30)")
    print(f"server: base map script                    {base_bytes / 1024:8.1f} KiB (sent once)")
    print(f"server: dynamic layers, all on, 4 Feb 2020 {group_bytes / 1024:8.1f} KiB")
    figures = browser_side(args.moves)
    print(f"browser: first page load                   {figures['first_load'] / 1024:8.1f} KiB")
    print(f"browser: received per slider move          {figures['bytes_per_move'] / 1024:8.1f} KiB (median)")
    print(f"browser: slider move to updated map        {figures['median_ms']:8.1f} ms median, "
          f"{figures['p95_ms']:.1f} ms p95 ({args.moves - figures['unchanged']} moves that redraw; "
          f"{figures['unchanged']} left the map as it was)")
    print(f"per-move update / first load               {figures['bytes_per_move'] / figures['first_load']:8.1%}")


if __name__ == "__main__":
    main()
