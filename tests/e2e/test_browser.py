"""The app in a real headless Chromium: the map's time bar, toggles, share links, framing, view kept, clean console."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Frame, Page, expect

from geo.load.story import load_story
from geo.render.mapview import legend_items
from harness.browser import MAP_IFRAME
from tests.conftest import DATA
from tests.e2e.conftest import SETTLED_VIEW, date_slider, map_frame

NO_TILES = "basemap=none"
View = tuple[float, float, int]

# The event's highlighted features lie inside what the map shows.
EVENT_IN_VIEW = "() => window.map.getBounds().contains(window.storyTime.eventBounds())"


def count(frame: Frame, selector: str) -> int:
    return frame.locator(selector).count()


def wait_count(frame: Frame, selector: str, expected: int) -> None:
    frame.wait_for_function(f"() => document.querySelectorAll({selector!r}).length === {expected}",
                            timeout=20_000)


def settled_view(frame: Frame) -> View:
    lat, lon, zoom = frame.evaluate(SETTLED_VIEW)
    return lat, lon, zoom


def move_the_map(page: Page, frame: Frame) -> View:
    """What a reader does: zoom in with the map's + button, then drag the map; the view they end on."""
    before = settled_view(frame)
    frame.locator(".leaflet-control-zoom-in").click()
    frame.wait_for_function(f"() => window.map.getZoom() === {before[2] + 1}")
    settled_view(frame)  # Leaflet ignores a drag while the zoom animation runs
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.4
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 60, y - 40, steps=4)
    page.mouse.move(x - 120, y - 80, steps=4)
    page.mouse.up()
    after = settled_view(frame)
    assert after[2] == before[2] + 1 and (after[0], after[1]) != (before[0], before[1]), (before, after)
    return after


def url_view(page: Page) -> View | None:
    query = parse_qs(urlsplit(page.url).query)
    if not {"lat", "lon", "z"} & set(query):
        return None
    return float(query["lat"][0]), float(query["lon"][0]), int(query["z"][0])


def assert_same_view(shown: View, expected: View, tolerance: float = 1e-6) -> None:
    assert abs(shown[0] - expected[0]) <= tolerance and abs(shown[1] - expected[1]) <= tolerance, (shown, expected)
    assert shown[2] == expected[2], (shown, expected)


def test_map_draws_every_layer_from_local_assets(page: Page, app_url: str, console_errors: list[str]) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{app_url}/?{NO_TILES}")
    frame = map_frame(page)
    wait_count(frame, ".story-post-icon", 12)
    story = load_story(DATA)
    assert count(frame, ".story-legend-row") == len(legend_items(story.layers, story.features, story.situation))
    expect(frame.locator(".story-legend-toggle")).to_have_attribute("aria-expanded", "true")  # open on a wide map
    expect(frame.locator(".story-legend-list")).to_be_visible()
    settlements = (DATA / "control" / "settlements.csv").read_text(encoding="utf-8").count("\n") - 1
    expect(frame.locator(".story-legend-note")).to_have_text(f"approximate, derived from {settlements} settlements")
    assert frame.evaluate("() => Object.keys(window.map._layers).length") > 20
    external = [u for u in requests if not u.startswith(app_url) and not u.startswith("data:")]
    assert external == []
    assert console_errors == []


def test_slider_changes_what_the_map_shows(page: Page, app_url: str, console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?date=2018-02-15&{NO_TILES}")
    frame = map_frame(page)
    wait_count(frame, ".story-post-icon", 6)
    posts_row = frame.locator(".story-legend-row", has_text="Turkish observation posts")
    expect(posts_row).to_be_visible()
    date_slider(frame).focus()
    page.keyboard.press("Home")
    expect(frame.locator(".story-time-date")).to_have_text("4 May 2017")
    wait_count(frame, ".story-post-icon", 0)
    expect(posts_row).to_be_hidden()  # the legend lists only what is on the map
    expect(page).to_have_url(re.compile(r"date=2017-05-04"))  # the app follows after the pause
    expect(page.get_by_text("Astana memorandum on de-escalation zones").first).to_be_visible()
    page.keyboard.press("End")
    expect(date_slider(frame)).to_have_attribute("aria-valuetext", "5 March 2020, after the article")
    expect(frame.locator(".story-time-date .story-time-after")).to_have_text("After the article")
    wait_count(frame, ".story-post-icon", 12)
    expect(posts_row).to_be_visible()
    expect(page).to_have_url(re.compile(r"date=2020-03-05"))
    expect(page.get_by_text("Moscow protocol: ceasefire, M4 corridor and joint patrols").first).to_be_visible()
    expect(page.get_by_text("After the article").first).to_be_visible()  # the event card says so too
    assert console_errors == []


def test_next_button_steps_to_the_next_event_and_highlights_it(page: Page, app_url: str,
                                                               console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?date=2018-05-14&{NO_TILES}")
    frame = map_frame(page)
    wait_count(frame, ".story-post.story-highlight", 1)
    wait_count(frame, ".story-post-icon", 11)
    frame.get_by_role("button", name="Next event").click()
    expect(frame.locator(".story-time-date")).to_have_text("16 May 2018")
    expect(page).to_have_url(re.compile(r"date=2018-05-16"))
    expect(page.get_by_text("Turkish observation post 12: Jabal Ishtabraq").first).to_be_visible()
    wait_count(frame, ".story-post-icon", 12)
    assert count(frame, ".story-post.story-highlight") == 1
    highlighted = frame.evaluate("""() => Object.values(window.map._layers)
        .filter(l => l._icon && l._icon.querySelector('.story-highlight')).map(l => l.feature.id)""")
    assert highlighted == ["post-12"]
    assert console_errors == []


def test_toggle_hides_a_layer(page: Page, app_url: str, console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?{NO_TILES}")
    frame = map_frame(page)
    wait_count(frame, ".story-post-icon", 12)
    frame.evaluate("() => { window.__sameMap = true; }")
    page.get_by_text("Turkish observation posts").first.click()
    wait_count(frame, ".story-post-icon", 0)
    expect(page).not_to_have_url(re.compile(r"observation_posts"))
    expect(page).to_have_url(re.compile(r"layers=[^&]*places"))
    expect(frame.locator(".story-legend-row", has_text="Turkish observation posts")).to_be_hidden()
    assert frame.evaluate("() => window.__sameMap === true")  # updated in place, not remounted
    assert console_errors == []


def test_share_url_reopens_the_same_view(page: Page, app_url: str, console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?date=2019-10-23&layers=buffer_zone,border&basemap=none&lat=36.8&lon=40.1&z=8")
    frame = map_frame(page)
    frame.wait_for_function("() => window.map.getZoom() === 8")
    assert_same_view(settled_view(frame), (36.8, 40.1, 8), 0.01)  # the link's view, not the event's frame
    assert count(frame, ".story-post-icon") == 0
    assert count(frame, ".story-label") == 0
    expect(page.get_by_text("Russian military police and Syrian border guards deploy").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"lat=36\.80000&lon=40\.10000&z=8"))  # the app's canonical form
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    other_frame = map_frame(other)
    other_frame.wait_for_function("() => window.map.getZoom() === 8")
    assert_same_view(settled_view(other_frame), (36.8, 40.1, 8), 0.01)
    expect(other).to_have_url(shared)
    expect(date_slider(other_frame)).to_have_attribute("aria-valuetext", "23 October 2019")
    assert console_errors == []


def test_moving_the_map_puts_the_view_in_the_url(page: Page, app_url: str, console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?{NO_TILES}")
    frame = map_frame(page)
    expect(page).to_have_url(re.compile(r"date=2020-02-04"))
    assert url_view(page) is None  # the map frames the event: no view in the link yet
    view = move_the_map(page, frame)
    expect(page).to_have_url(re.compile(rf"lat=[-\d.]+&lon=[-\d.]+&z={view[2]}(&|$)"))
    page.wait_for_function(  # the report is debounced: wait for the one of the view the reader ended on
        f"() => {{ const q = new URLSearchParams(location.search); "
        f"return Math.abs(q.get('lat') - {view[0]}) < 1e-5 && Math.abs(q.get('lon') - {view[1]}) < 1e-5; }}")
    linked = url_view(page)
    assert linked is not None
    assert_same_view(linked, view, 6e-6)  # five decimals
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    other_frame = map_frame(other)
    other_frame.wait_for_function(f"() => window.map.getZoom() === {view[2]}")
    assert_same_view(settled_view(other_frame), view, 1e-5)  # the link reopens the reader's view
    assert console_errors == []


def test_the_map_frames_each_event_until_the_reader_moves_it(page: Page, app_url: str,
                                                              console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?date=2019-10-30&{NO_TILES}")  # Geneva, far to the west
    frame = map_frame(page)
    expect(frame.locator(".story-time-date")).to_have_text("30 October 2019")
    assert frame.evaluate(EVENT_IN_VIEW)
    geneva = settled_view(frame)
    frame.get_by_role("button", name="Next event").click()  # the first joint patrol, in north-eastern Syria
    expect(frame.locator(".story-time-date")).to_have_text("1 November 2019")
    patrol = settled_view(frame)
    assert frame.evaluate(EVENT_IN_VIEW)
    assert patrol != geneva
    expect(frame.locator(".story-reframe")).to_be_hidden()
    view = move_the_map(page, frame)
    expect(frame.get_by_role("button", name="Move the map back to the event")).to_be_visible()
    frame.get_by_role("button", name="Next event").click()  # Maarat al-Numan: the reader's view stays
    expect(frame.locator(".story-time-date")).to_have_text("19 December 2019")
    assert_same_view(settled_view(frame), view)
    assert not frame.evaluate(EVENT_IN_VIEW)
    expect(page).to_have_url(re.compile(r"date=2019-12-19&.*lat="))
    frame.locator(".story-reframe").click()
    assert frame.evaluate(EVENT_IN_VIEW)
    expect(frame.locator(".story-reframe")).to_be_hidden()
    expect(page).not_to_have_url(re.compile(r"lat="))  # framed again: the link no longer pins a view
    assert console_errors == []


def test_pan_and_zoom_survive_a_slider_move(page: Page, app_url: str, console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?date=2020-01-12&{NO_TILES}")
    frame = map_frame(page)
    frame.evaluate("() => { window.__sameMap = true; }")
    view = move_the_map(page, frame)
    date_slider(frame).focus()
    page.keyboard.press("ArrowLeft")
    expect(frame.locator(".story-time-date")).to_have_text("10 January 2020")
    expect(page).to_have_url(re.compile(r"date=2020-01-10"))
    expect(page.get_by_text("Turkey announces an Idlib ceasefire").first).to_be_visible()
    wait_count(frame, ".story-post-icon", 12)
    assert frame.evaluate("() => window.__sameMap === true")  # not remounted
    assert_same_view(settled_view(frame), view)
    assert console_errors == []


def test_popup_shows_name_dates_summary_and_source(page: Page, app_url: str, console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?layers=places&{NO_TILES}&lat=35.93&lon=36.63&z=10")
    frame = map_frame(page)
    frame.wait_for_function("() => window.map.getZoom() === 10")
    point = frame.evaluate("() => window.map.latLngToContainerPoint([35.933, 36.633])")  # the Idlib marker
    frame.locator("#map_div").click(position={"x": point["x"], "y": point["y"]})
    popup = frame.locator(".story-popup")
    expect(popup).to_be_visible()
    expect(popup.locator(".story-popup-name")).to_have_text("Idlib")
    expect(popup.locator(".story-popup-origin")).to_contain_text("From the article")
    expect(popup.locator(".story-popup-source")).to_contain_text("TASS")
    page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    idlib = frame.get_by_role("button", name="Idlib", exact=True)  # and by keyboard
    idlib.focus()
    page.keyboard.press("Enter")
    expect(popup.locator(".story-popup-name")).to_have_text("Idlib")
    page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    expect(idlib).to_be_focused()
    assert console_errors == []


def test_osm_basemap_loads_tiles_and_none_removes_them(page: Page, app_url: str,
                                                        console_errors: list[str]) -> None:
    page.goto(f"{app_url}/")
    frame = map_frame(page)
    frame.wait_for_function("() => document.querySelectorAll('img.leaflet-tile').length > 0")
    page.get_by_text("None (no tiles)").click()
    frame.wait_for_function("() => document.querySelectorAll('img.leaflet-tile').length === 0")
    assert count(frame, ".story-post-icon") == 12  # outlines and posts still read without tiles
    assert console_errors == []


def test_broken_layer_keeps_the_app_running(page: Page, broken_app_url: str, console_errors: list[str]) -> None:
    page.goto(f"{broken_app_url}/?{NO_TILES}")
    expect(page.get_by_text("layers/zones.geojson: not valid JSON", exact=False).first).to_be_visible()
    frame = map_frame(page)
    frame.wait_for_function("() => document.querySelectorAll('.story-label').length === 2")
    assert console_errors == []


def test_view_survives_toggles_and_basemap_changes(page: Page, app_url: str, console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?{NO_TILES}")
    frame = map_frame(page)
    frame.evaluate("() => { window.__sameMap = true; }")
    view = move_the_map(page, frame)
    expect(page).to_have_url(re.compile(rf"z={view[2]}"))
    page.get_by_text("Places").first.click()  # the event's places go: a framed map would move
    wait_count(frame, ".story-label", 0)
    page.get_by_text("Light (CARTO Positron)").click()
    frame.wait_for_function("() => document.querySelectorAll('img.leaflet-tile').length > 0")
    assert frame.evaluate("() => window.__sameMap === true")
    assert_same_view(settled_view(frame), view)
    assert console_errors == []


GOVERNMENT_AREA = """() => {
  let total = 0;
  Object.values(window.map._layers).forEach(function (layer) {
    const p = layer.feature && layer.feature.properties;
    if (!p || p.controller !== "government" || !layer.getLatLngs) return;
    const rings = layer.getLatLngs().flat(2).length ? layer.getLatLngs() : [];
    const walk = function (r) {
      if (r.length && r[0].lat !== undefined) {
        let a = 0;
        for (let i = 0; i < r.length; i++) {
          const j = (i + 1) % r.length;
          a += r[i].lng * r[j].lat - r[j].lng * r[i].lat;
        }
        total += Math.abs(a) / 2;
      } else { r.forEach(walk); }
    };
    walk(rings);
  });
  return total;
}"""


def government_area(frame: Frame, expected_behind: int) -> float:
    wait_count(frame, ".story-post.story-behind", expected_behind)
    frame.wait_for_function(f"() => ({GOVERNMENT_AREA})() > 0", timeout=20_000)
    return frame.evaluate(GOVERNMENT_AREA)


def test_the_situation_changes_from_the_2019_offensive_to_the_moscow_protocol(page: Page, app_url: str,
                                                                             console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?date=2019-04-30&{NO_TILES}")
    frame = map_frame(page)
    expect(page.get_by_text("Government air and artillery campaign opens the 2019 offensive").first).to_be_visible()
    start = government_area(frame, 0)
    page.goto(f"{app_url}/?{NO_TILES}")  # a link with no date opens on the call
    frame = map_frame(page)
    expect(page).to_have_url(re.compile(r"date=2020-02-04"))
    expect(frame.locator(".story-time-date")).to_have_text("4 February 2020")
    call = government_area(frame, 2)  # Morek and Surman
    frame.get_by_role("button", name="Post 9: Morek").click()  # behind the lines: white with a red border
    expect(frame.locator(".story-popup-status")).to_have_text("Behind government lines since 23 August 2019")
    date_slider(frame).focus()
    page.keyboard.press("End")
    expect(page).to_have_url(re.compile(r"date=2020-03-05"))
    end = government_area(frame, 7)
    assert start < call < end
    expect(page.get_by_text("Moscow protocol: ceasefire, M4 corridor and joint patrols").first).to_be_visible()
    assert console_errors == []


def test_phone_layout_still_reads(browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?date=2020-02-06&{NO_TILES}")
        frame = map_frame(page)
        wait_count(frame, ".story-post.story-behind", 3)
        box = page.locator(MAP_IFRAME).bounding_box()
        assert box and box["width"] <= 390 and box["x"] >= 0
        bar = frame.locator(".story-time").bounding_box()  # the time bar inside the map, on the first screen
        assert bar and bar["x"] >= box["x"] and bar["x"] + bar["width"] <= box["x"] + box["width"] + 1
        assert bar["y"] >= box["y"] and bar["y"] + bar["height"] <= min(box["y"] + box["height"], 844) + 1
        expect(frame.locator(".story-legend-toggle")).to_have_attribute("aria-expanded", "false")  # folded
        expect(frame.locator(".story-legend-list")).to_be_hidden()
        assert frame.evaluate(EVENT_IN_VIEW)
        card = page.get_by_text("Government forces take Saraqib at the M4-M5 junction").first
        expect(card).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways scroll
    finally:
        context.close()
