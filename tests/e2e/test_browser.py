"""The app in a real headless Chromium: slider, toggles, share links, view kept, clean console."""

from __future__ import annotations

import re

from playwright.sync_api import Frame, Page, expect

from geo.mapview import legend_items
from geo.story import load_story
from harness.browser import MAP_IFRAME
from tests.conftest import DATA
from tests.e2e.conftest import map_frame

NO_TILES = "basemap=none"


def count(frame: Frame, selector: str) -> int:
    return frame.locator(selector).count()


def wait_count(frame: Frame, selector: str, expected: int) -> None:
    frame.wait_for_function(f"() => document.querySelectorAll({selector!r}).length === {expected}",
                            timeout=20_000)


def slider(page: Page):
    return page.get_by_role("slider")


def test_map_draws_every_layer_from_local_assets(page: Page, app_url: str, console_errors: list[str]) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{app_url}/?{NO_TILES}")
    frame = map_frame(page)
    wait_count(frame, ".story-post-icon", 12)
    story = load_story(DATA)
    assert count(frame, ".story-legend-row") == len(legend_items(story.layers))
    expect(frame.locator(".story-legend-note")).to_have_text("approximate, derived from 87 settlements")
    assert frame.evaluate("() => Object.keys(window.map._layers).length") > 20
    external = [u for u in requests if not u.startswith(app_url) and not u.startswith("data:")]
    assert external == []
    assert console_errors == []


def test_slider_changes_what_the_map_shows(page: Page, app_url: str, console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?date=2018-02-15&{NO_TILES}")
    frame = map_frame(page)
    wait_count(frame, ".story-post-icon", 6)
    slider(page).focus()
    page.keyboard.press("Home")
    expect(page).to_have_url(re.compile(r"date=2017-05-04"))
    wait_count(frame, ".story-post-icon", 0)
    page.keyboard.press("End")
    expect(page).to_have_url(re.compile(r"date=2020-03-05"))
    wait_count(frame, ".story-post-icon", 12)
    expect(page.get_by_text("Moscow protocol: ceasefire, M4 corridor and joint patrols").first).to_be_visible()
    expect(page.get_by_text("After the article").first).to_be_visible()
    assert console_errors == []


def test_next_button_steps_to_the_next_event_and_highlights_it(page: Page, app_url: str,
                                                               console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?date=2018-05-14&{NO_TILES}")
    frame = map_frame(page)
    wait_count(frame, ".story-post.story-highlight", 1)
    page.get_by_role("button", name="▶").click()
    expect(page).to_have_url(re.compile(r"date=2018-05-16"))
    expect(page.get_by_text("Turkish observation post 12: Jabal Ishtabraq").first).to_be_visible()
    wait_count(frame, ".story-post-icon", 12)
    assert count(frame, ".story-post.story-highlight") == 1
    assert console_errors == []


def test_toggle_hides_a_layer(page: Page, app_url: str, console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?{NO_TILES}")
    frame = map_frame(page)
    wait_count(frame, ".story-post-icon", 12)
    page.get_by_text("Turkish observation posts").first.click()
    wait_count(frame, ".story-post-icon", 0)
    expect(page).not_to_have_url(re.compile(r"observation_posts"))
    expect(page).to_have_url(re.compile(r"layers=[^&]*places"))
    assert console_errors == []


def test_share_url_reopens_the_same_view(page: Page, app_url: str, console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?date=2019-10-23&layers=buffer_zone,border&basemap=none&lat=36.8&lon=40.1&z=8")
    frame = map_frame(page)
    frame.wait_for_function("() => window.map.getZoom() === 8")
    center = frame.evaluate("() => window.map.getCenter()")
    assert abs(center["lat"] - 36.8) < 0.01 and abs(center["lng"] - 40.1) < 0.01
    assert count(frame, ".story-post-icon") == 0
    assert count(frame, ".story-label") == 0
    expect(page.get_by_text("Russian military police and Syrian border guards deploy").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"lat=36\.80000&lon=40\.10000&z=8"))  # the app's canonical form
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    other_frame = map_frame(other)
    other_frame.wait_for_function("() => window.map.getZoom() === 8")
    expect(other).to_have_url(shared)
    expect(other.get_by_role("slider")).to_have_attribute("aria-valuetext", "23 October 2019")
    assert console_errors == []


def test_link_this_view_puts_the_view_in_the_url(page: Page, app_url: str, console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?{NO_TILES}")
    frame = map_frame(page)
    frame.evaluate("() => window.map.setView([35.9, 36.6], 9, {animate: false})")
    frame.get_by_role("button", name="Link this view").click()
    expect(page).to_have_url(re.compile(r"lat=35\.90000&lon=36\.60000&z=9"))
    assert console_errors == []


def test_pan_and_zoom_survive_a_slider_move(page: Page, app_url: str, console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?date=2020-01-12&{NO_TILES}")
    frame = map_frame(page)
    frame.evaluate("() => { window.map.setView([36.9, 40.5], 9, {animate: false}); window.__sameMap = true; }")
    slider(page).focus()
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"date=2020-01-10"))
    frame.wait_for_function("() => document.querySelectorAll('.story-post-icon').length === 12")
    assert frame.evaluate("() => window.__sameMap === true")  # not remounted
    center = frame.evaluate("() => window.map.getCenter()")
    assert abs(center["lat"] - 36.9) < 1e-6 and abs(center["lng"] - 40.5) < 1e-6
    assert frame.evaluate("() => window.map.getZoom()") == 9
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
    frame.evaluate("() => { window.map.setView([36.2, 37.0], 10, {animate: false}); window.__sameMap = true; }")
    page.get_by_text("Places").first.click()
    wait_count(frame, ".story-label", 0)
    page.get_by_text("Light (CARTO Positron)").click()
    frame.wait_for_function("() => document.querySelectorAll('img.leaflet-tile').length > 0")
    assert frame.evaluate("() => window.__sameMap === true")
    center = frame.evaluate("() => window.map.getCenter()")
    assert (round(center["lat"], 6), round(center["lng"], 6), frame.evaluate("() => window.map.getZoom()")) == (
        36.2, 37.0, 10)
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
    call = government_area(frame, 2)  # Morek and Surman
    frame.locator(".story-post.story-behind").first.click()
    expect(frame.locator(".story-popup-status").first).to_contain_text("Behind government lines since")
    slider(page).focus()
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
        card = page.get_by_text("Government forces take Saraqib at the M4-M5 junction").first
        expect(card).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways scroll
    finally:
        context.close()
