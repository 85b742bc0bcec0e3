"""The app embedded the way a news page would: a 390x500 <iframe> on another page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import FrameLocator, Page, ViewportSize, expect

from geo.load.story import load_story
from geo.render.edition import edition
from geo.render.payload import stop_label
from geo.render.share import embed_snippet
from harness.browser import MAP_IFRAME
from tests.conftest import DATA

FRAME = ViewportSize(width=390, height=500)
DAY = date(2019, 10, 23)
STORY = load_story(DATA)


def embed_page(page: Page, app_url: str, lang: str = "en") -> FrameLocator:
    """A host page holding the Share box's snippet, in a phone-sized frame."""
    snippet = embed_snippet(f"{app_url}/?date=2019-10-23&basemap=none&lang={lang}", "Idlib story map")
    sized = snippet.replace('style="width:100%;', f'style="width:{FRAME["width"]}px;').replace(
        "height:min(80vh, 640px)", f'height:{FRAME["height"]}px')
    page.set_viewport_size({"width": 800, "height": 700})
    page.set_content(f'<!DOCTYPE html><html lang="en"><body style="margin:0">{sized}</body></html>')
    return page.frame_locator('iframe[title="Idlib story map"]')


@pytest.mark.parametrize("lang", ["en", "ar", "tr", "ru"])
def test_map_and_event_title_are_visible_in_a_390x500_frame_without_scrolling(
        page: Page, app_url: str, tmp_path: Path, console_errors: list[str], lang: str) -> None:
    told, words = edition(STORY, lang)
    event = next(e.title for e in told.events if e.date == DAY)
    frame = embed_page(page, app_url, lang)
    map_box_loc = frame.locator(MAP_IFRAME)
    title = frame.get_by_role("heading", name=event).get_by_text(event)  # the words, not the heading's margin
    expect(map_box_loc).to_be_visible(timeout=60_000)
    expect(title).to_be_visible()
    time_bar = frame.frame_locator(MAP_IFRAME).locator(".story-time")  # the date, Play and ◀ slider ▶, in the map
    expect(time_bar).to_be_visible()
    expect(time_bar.locator(".story-time-date")).to_have_text(stop_label(told, DAY, words))
    host = page.locator('iframe[title="Idlib story map"]').bounding_box()
    assert host is not None and (host["width"], host["height"]) == (390, 500)
    map_box = map_box_loc.bounding_box()
    title_box = title.bounding_box()
    bar_box = time_bar.bounding_box()
    assert map_box and title_box and bar_box
    print(f"in the 390x500 frame: map y={map_box['y']:.0f}-{map_box['y'] + map_box['height']:.0f}, "
          f"time bar y={bar_box['y']:.0f}-{bar_box['y'] + bar_box['height']:.0f}, "
          f"title y={title_box['y']:.0f}-{title_box['y'] + title_box['height']:.0f}")
    for box in (map_box, bar_box, title_box):  # page coordinates = frame coordinates (frame at 0,0)
        assert box["y"] >= 0 and box["y"] + box["height"] <= FRAME["height"], box
        assert box["x"] >= 0 and box["x"] + box["width"] <= FRAME["width"], box
    # the time bar lies inside the map, and leaves most of the map to the map
    assert map_box["x"] - 1 <= bar_box["x"] and bar_box["x"] + bar_box["width"] <= map_box["x"] + map_box["width"] + 1
    assert map_box["y"] - 1 <= bar_box["y"] and bar_box["y"] + bar_box["height"] <= map_box["y"] + map_box["height"] + 1
    assert bar_box["height"] <= map_box["height"] / 2, (bar_box, map_box)
    assert title_box["y"] >= map_box["y"] + map_box["height"] - 1  # the card under the map
    for control in (".story-time-play", ".story-time-prev", ".story-time-range", ".story-time-next"):
        time_bar.locator(control).click(trial=True, timeout=5_000)  # nothing covers it: a reader can use it
    clip = {"x": 0, "y": 0, "width": FRAME["width"], "height": FRAME["height"]}
    page.screenshot(path=str(tmp_path / "embed-390x500.png"), clip=clip)  # type: ignore[arg-type]
    print(f"screenshot: {tmp_path / 'embed-390x500.png'}")
    assert console_errors == []
