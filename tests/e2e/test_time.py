"""Time in the browser (issue: Instant): live scrubbing, Play, no leak over 500 steps, the URL follows the view.

The map receives every feature once and applies the date itself; the app only hears the date after a pause.
Figures (step times, DOM and heap sizes) are printed for the record; nothing here asserts a duration.
"""

from __future__ import annotations

import re
import statistics
from datetime import date

import pytest
from playwright.sync_api import Frame, Page, expect

from geo.load import timeline
from geo.load.story import load_story
from geo.render.payload import stop_label
from tests.conftest import DATA
from tests.e2e.conftest import map_frame

STORY = load_story(DATA)
STOPS = timeline.stops(STORY)
VIEW_JS = "() => { const c = window.map.getCenter(); return [c.lat, c.lng, window.map.getZoom()]; }"


def time_frame(page: Page, url: str) -> Frame:
    """Open the app and return its map frame once the time module has its data."""
    page.goto(url)
    frame = map_frame(page)
    frame.wait_for_function("() => window.storyTime && window.storyTime.shown().length > 0", timeout=30_000)
    return frame


NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def settled(page: Page) -> None:
    """Until Streamlit has no rerun running and the whole page is there (its last part, the downloads)."""
    expect(page.get_by_test_id("stDownloadButton").first).to_be_attached()
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)


def heard(page: Page, frame: Frame) -> None:
    """Until the app has heard the map's pause: the address holds the map's date, and the rerun is over."""
    day = STOPS[frame.evaluate("() => window.storyTime.index()")]
    expect(page).to_have_url(re.compile(f"date={day.isoformat()}"))
    settled(page)


def expected_ids(day, layers: list[str] | None = None) -> set[str]:
    return {f.id for features in timeline.visible_features(STORY, day, layers).values() for f in features}


def test_scrubbing_redraws_the_map_at_once_and_the_server_hears_only_the_pause(
        page: Page, app_url: str, console_errors: list[str]) -> None:
    sent: list[int] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))))
    frame = time_frame(page, f"{app_url}/?basemap=none&date=2017-05-04")
    settled(page)  # the opening reruns are over
    sent.clear()
    # Drag through every stop as an input range does: one 'input' event per position, in one go.
    steps = frame.evaluate("""() => {
        const range = document.querySelector('.story-time-range'), out = [];
        for (let i = 0; i < Number(range.max) + 1; i++) {
            const t0 = performance.now();
            range.value = String(i);
            range.dispatchEvent(new Event('input', {bubbles: true}));
            out.push({ms: performance.now() - t0, label: document.querySelector('.story-time-date').textContent,
                      ids: window.storyTime.shown()});
        }
        return out;
    }""")
    assert len(steps) == len(STOPS)
    for day, step in zip(STOPS, steps, strict=True):
        assert step["label"].startswith(stop_label(STORY, day))  # the bar shows the date at once
        assert set(step["ids"]) == expected_ids(day), day  # and the map what exists on it, in the same task
    times = sorted(s["ms"] for s in steps)
    print(f"\nscrub step: median {statistics.median(times):.1f} ms, p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms, "
          f"max {times[-1]:.1f} ms over {len(times)} steps")
    # The card and the address follow after the pause: one report, one rerun.
    expect(page).to_have_url(re.compile(f"date={STOPS[-1].isoformat()}"))
    expect(page.get_by_role("heading", name=timeline.events_on(STORY, STOPS[-1])[0].title)).to_be_visible()
    settled(page)
    print(f"messages to the server for {len(steps)} steps: {len(sent)}")
    assert 1 <= len(sent) <= 2, sent
    assert not console_errors


def test_previous_and_next_step_event_by_event_with_the_keyboard(page: Page, app_url: str,
                                                                  console_errors: list[str]) -> None:
    frame = time_frame(page, f"{app_url}/?basemap=none&date=2020-01-12")
    slider = frame.get_by_role("slider", name="Date")
    expect(slider).to_have_attribute("aria-valuetext", "12 January 2020")
    frame.get_by_role("button", name="Previous event").click()
    expect(slider).to_have_attribute("aria-valuetext", "10 January 2020")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", "15 January 2020")
    expect(page).to_have_url(re.compile("date=2020-01-15"))
    assert not console_errors


def test_play_walks_the_events_and_any_input_stops_it(page: Page, app_url: str, console_errors: list[str]) -> None:
    frame = time_frame(page, f"{app_url}/?basemap=none&date=2019-10-09")
    play = frame.get_by_role("button", name="Play the events one after another")
    play.focus()
    page.keyboard.press("Enter")  # reachable and started from the keyboard
    pause = frame.get_by_role("button", name="Pause")
    expect(pause).to_have_attribute("aria-pressed", "true")
    start = STOPS.index(timeline.snap(date(2019, 10, 9), STOPS))
    frame.wait_for_function(f"() => window.storyTime.index() >= {start + 2}", timeout=15_000)
    page.keyboard.press("Shift")  # any other input stops it
    expect(frame.get_by_role("button", name="Play the events one after another")).to_have_attribute(
        "aria-pressed", "false")
    stopped = frame.evaluate("() => window.storyTime.index()")
    assert frame.evaluate("() => window.storyTime.playing()") is False  # its timer is gone: nothing steps on
    expect(page).to_have_url(re.compile(f"date={STOPS[stopped].isoformat()}"))  # the app heard where it stopped
    assert not console_errors


def page_metrics(page: Page, frame: Frame) -> dict[str, float]:
    client = page.context.new_cdp_session(page)
    client.send("Performance.enable")
    client.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in client.send("Performance.getMetrics")["metrics"]}
    client.detach()
    return {"nodes": frame.evaluate("() => document.getElementsByTagName('*').length"),
            "listeners": metrics["JSEventListeners"], "heap": metrics["JSHeapUsedSize"],
            "groups": frame.evaluate("() => (window.feature_group || []).length")}


def test_500_steps_leak_nothing(page: Page, app_url: str, console_errors: list[str]) -> None:
    frame = time_frame(page, f"{app_url}/?basemap=none&date=2017-05-04")
    # Each feature's Leaflet layer is made once, the first time its date comes, and kept (that is the design):
    # the first step is taken after one walk through every date, so the figures compare like with like.
    frame.evaluate("() => { const n = Number(document.querySelector('.story-time-range').max);"
                   " for (let i = 0; i <= n; i++) window.storyTime.show(i); window.storyTime.show(0); }")
    for delta in (1, 1, -1):  # and Streamlit's first few reruns, which warm its own caches (about 1.5 MB)
        frame.evaluate(f"() => window.storyTime.step({delta})")
        heard(page, frame)
    first = page_metrics(page, frame)
    last_index = len(STOPS) - 1
    for batch in range(10):  # 10 x 50 steps, each batch followed by a pause: 10 reruns on the way
        frame.evaluate("""(n) => { for (let i = 0; i < 50; i++) {
            const at = window.storyTime.index();
            window.storyTime.step(at === n ? -n : 1);
        } }""", last_index)
        heard(page, frame)
        if batch == 4:  # a layer toggle on the way: the map is synced, never remounted
            toggle = page.locator(".st-key-layer_places input")
            for checked in (False, True):
                page.locator(".st-key-layer_places label").first.click()
                expect(toggle).to_be_checked(checked=checked)
                settled(page)
    frame.evaluate("() => window.storyTime.show(1)")  # back to the date of the first measure
    frame.evaluate(NEXT_FRAMES)
    after = page_metrics(page, frame)
    print(f"\nafter the first step: {first}\nafter 500 more steps: {after}")
    for key in ("nodes", "listeners", "heap"):
        assert after[key] <= first[key] * 1.10, (key, first[key], after[key])
    assert after["groups"] <= 1  # streamlit-folium's list of added groups no longer grows
    assert not console_errors


def test_the_url_follows_pan_and_zoom_without_a_remount(page: Page, app_url: str, console_errors: list[str]) -> None:
    frame = time_frame(page, f"{app_url}/?basemap=none&date=2019-10-23")
    frame.evaluate("() => { window.__sameMap = true; }")
    assert "lat=" not in page.url  # the event's framing is not a view of the reader's
    frame.locator(".leaflet-control-zoom-in").click()
    expect(page).to_have_url(re.compile(r"&z=\d+"))
    box = frame.locator(".leaflet-container").bounding_box()
    assert box
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 3)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 120, box["y"] + box["height"] / 3 + 40, steps=8)
    page.mouse.up()
    # a drag carries on with inertia for a moment: read the view once the map has come to rest
    frame.wait_for_function("() => !(window.map._panAnim && window.map._panAnim._inProgress)", polling="raf")
    view = frame.evaluate(VIEW_JS)
    expect(page).to_have_url(re.compile(re.escape(f"lat={view[0]:.5f}&lon={view[1]:.5f}&z={view[2]}")))
    assert frame.evaluate("() => window.__sameMap === true")  # the map was not remounted
    expect(frame.locator(".story-reframe")).to_be_visible()
    # a later step keeps the reader's view
    frame.locator(".story-time-next").click()
    assert frame.evaluate(VIEW_JS) == pytest.approx(view)
    # the link reopens that view
    link = page.url
    other = page.context.new_page()
    again = time_frame(other, link)
    reopened = again.evaluate(VIEW_JS)
    assert reopened == pytest.approx(view, abs=1e-4)
    assert not console_errors
