"""Sharing for real: the offline HTML export opened from disk, embed mode, and downloads."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from playwright.sync_api import Page, expect

from geo.load.story import load_story
from geo.render.export import export_html
from harness.browser import MAP_IFRAME
from tests.conftest import DATA
from tests.e2e.conftest import map_frame


def test_export_works_from_disk_with_no_network(page: Page, tmp_path: Path, console_errors: list[str]) -> None:
    path = tmp_path / "story.html"
    path.write_text(export_html(load_story(DATA), date(2018, 2, 15), ["observation_posts", "places"]), "utf-8")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    expect(page.locator(".story-time-date")).to_have_text("15 February 2018")
    expect(page.locator(".story-post-icon")).to_have_count(6)
    page.locator(".story-time-next").click()
    expect(page.locator(".story-time-date")).to_have_text("17 March 2018")
    expect(page.locator(".story-time-title")).to_have_text("Turkish observation post 7: Anadan")
    expect(page.locator(".story-post-icon")).to_have_count(7)
    expect(page.locator(".story-post.story-highlight")).to_have_count(1)
    page.locator(".story-time-range").fill("0")  # drag to the start
    expect(page.locator(".story-time-date")).to_have_text("4 May 2017")
    expect(page.locator(".story-post-icon")).to_have_count(0)
    expect(page.locator(".story-time-prev")).to_be_disabled()
    assert [u for u in requests if not u.startswith("file:")] == []
    assert console_errors == []


def test_embed_mode_is_map_first(page: Page, app_url: str, console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?embed=true&basemap=none&date=2019-10-23")
    frame = map_frame(page)
    expect(frame.locator(".story-time-date")).to_have_text("23 October 2019")  # time lives in the map
    expect(page.get_by_text("Russian military police and Syrian border guards deploy").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"embed=true"))  # the app's URL rewrite keeps embed mode
    expect(page.get_by_text("Putin and Erdogan talk Syria: the geography of a phone call")).to_have_count(0)
    map_box = page.locator(MAP_IFRAME).bounding_box()
    card_box = page.get_by_text("Russian military police and Syrian border guards deploy").first.bounding_box()
    assert map_box is not None and card_box is not None
    assert card_box["y"] > map_box["y"] + map_box["height"] - 1  # the card sits under the map
    first = page.locator('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]').first
    expect(first.locator(MAP_IFRAME)).to_have_count(1)  # nothing above the map
    assert console_errors == []


def test_download_visible_features(page: Page, app_url: str, console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?basemap=none&date=2018-02-15&layers=observation_posts")
    map_frame(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Visible features (GeoJSON)").click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert info.value.suggested_filename == "idlib-story-2018-02-15.geojson"
    assert [f["properties"]["id"] for f in data["features"]] == [f"post-{n:02d}" for n in range(1, 7)]
    assert console_errors == []


def test_download_offline_map_opens(page: Page, app_url: str, tmp_path: Path, console_errors: list[str]) -> None:
    page.goto(f"{app_url}/?basemap=none&date=2019-10-22&layers=buffer_zone,places")
    map_frame(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Offline map (HTML)").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "idlib-story-2019-10-22.html"
    offline = page.context.new_page()
    offline.goto(saved.as_uri())
    expect(offline.locator(".story-time-date")).to_have_text("22 October 2019")
    expect(offline.locator(".story-label", has_text="Sochi")).to_have_count(1)
    assert console_errors == []
