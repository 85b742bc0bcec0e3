"""Hostile strings in the data stay inert text in every place they are shown, in a real browser."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Dialog, Page, expect

from harness.browser import MAP_IFRAME
from harness.server import streamlit_app
from tests.conftest import FIXTURES, read, write
from tests.e2e.conftest import map_frame

PAYLOADS = {
    "img": "<img src=x onerror=\"alert('img')\">",
    "template": "`${document.title='pwned'}`",
    "script": "</script><script>alert('script')</script>",
    "markdown": "**bold** [link](javascript:alert(1)) $x^2$ <b>tag</b> :red[red] :smile: \\(x\\)",
}
TOWN_NAME = f"Town {PAYLOADS['img']} {PAYLOADS['template']}"
TOWN_SUMMARY = f"Summary {PAYLOADS['script']} {PAYLOADS['markdown']}"
LAYER_TITLE = f"Towns {PAYLOADS['img']}"
EVENT_TITLE = f"Event {PAYLOADS['template']} {PAYLOADS['img']}"
EVENT_SUMMARY = f"Said {PAYLOADS['script']} {PAYLOADS['markdown']}"
STORY_TITLE = f"Story {PAYLOADS['script']} {PAYLOADS['img']}"


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("hostile") / "story"
    shutil.copytree(FIXTURES / "mini", folder)
    manifest = read(folder / "story.json")
    manifest["layers"][1]["title"] = LAYER_TITLE
    manifest["title"] = STORY_TITLE
    write(folder / "story.json", manifest)
    towns = read(folder / "layers" / "towns.geojson")
    towns["features"][0]["properties"].update(name=TOWN_NAME, summary=TOWN_SUMMARY, source=PAYLOADS["script"])
    write(folder / "layers" / "towns.geojson", towns)
    events = read(folder / "events.json")
    events["events"][0].update(title=EVENT_TITLE, summary=EVENT_SUMMARY, source=PAYLOADS["template"])
    write(folder / "events.json", events)
    with streamlit_app(folder) as url:
        yield url


def record_and_dismiss(dialog: Dialog, dialogs: list[str]) -> None:
    """An alert() that a payload managed to run: note it and close it, so the test can say so."""
    dialogs.append(dialog.message)
    dialog.dismiss()


def test_payloads_show_as_written_and_never_run(page: Page, hostile_url: str, console_errors: list[str]) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: record_and_dismiss(d, dialogs))
    page.goto(f"{hostile_url}/?basemap=none&date=2020-01-10&lat=35.5&lon=36.5&z=9")
    frame = map_frame(page)
    title = page.title()

    # event card and timeline
    expect(page.get_by_text(EVENT_TITLE, exact=True).first).to_be_visible()
    expect(page.get_by_text(EVENT_SUMMARY, exact=True)).to_be_visible()
    expect(page.get_by_text(f"Source: {PAYLOADS['template']}", exact=True)).to_be_visible()
    expect(page.get_by_text(f"▶ 10 January 2020 · {EVENT_TITLE}", exact=True)).to_be_visible()
    # the layer toggle's label
    expect(page.get_by_text(LAYER_TITLE, exact=False).first).to_be_visible()
    # legend, permanent label (tooltip) and popup inside the map
    expect(frame.locator(".story-legend-row", has_text="Towns")).to_have_text(LAYER_TITLE)
    label = frame.locator(".story-label").filter(has_text="Town <img")
    expect(label).to_have_text(TOWN_NAME)
    # the story title (page heading and the map frame's name), the feature's name for keyboard readers, and the
    # map's description for screen readers (the date's events and the layers on the map)
    expect(page.get_by_text(STORY_TITLE, exact=True)).to_be_visible()
    assert page.locator(MAP_IFRAME).get_attribute("title") == f"Map: {STORY_TITLE}"
    expect(frame.get_by_role("button", name=TOWN_NAME, exact=True)).to_have_count(1)
    description = frame.locator("#story-map-description")
    expect(description).to_contain_text(EVENT_TITLE)
    expect(description).to_contain_text(LAYER_TITLE)
    point = frame.evaluate("() => window.map.latLngToContainerPoint([35.5, 36.5])")
    frame.locator("#map_div").click(position={"x": point["x"], "y": point["y"]})
    popup = frame.locator(".story-popup")
    expect(popup.locator(".story-popup-name")).to_have_text(TOWN_NAME)
    expect(popup.locator(".story-popup-summary")).to_have_text(TOWN_SUMMARY)
    expect(popup.locator(".story-popup-source")).to_have_text(f"Source: {PAYLOADS['script']}")

    # nothing ran: no dialog, no title change, no element built from the payloads
    settle = "() => new Promise(done => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(done))))"
    frame.evaluate(settle)  # anything a payload queued (a timer, a frame) has had its turn by now
    page.evaluate(settle)
    assert dialogs == []
    assert page.title() == title == STORY_TITLE  # the story's title, as text: the tab shows it, nothing ran
    assert frame.evaluate("() => document.querySelectorAll('img[src=x], b').length") == 0
    assert page.evaluate("() => document.querySelectorAll('img[src=x], a[href^=javascript]').length") == 0
    assert console_errors == []


def test_hostile_url_parameters_are_inert(page: Page, hostile_url: str, console_errors: list[str]) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: record_and_dismiss(d, dialogs))
    payload = "<img src=x onerror=alert(1)>"
    page.goto(f"{hostile_url}/?layers={payload}&date={payload}&basemap=%60%24%7Balert(1)%7D%60")
    map_frame(page)
    expect(page.get_by_text(f"Ignored date '{payload}'", exact=False)).to_be_visible()
    expect(page.get_by_text(f"Ignored unknown layers: '{payload}'", exact=False)).to_be_visible()
    expect(page.get_by_text("Ignored basemap '`${alert(1)}`'", exact=False)).to_be_visible()
    assert dialogs == []
    assert page.evaluate("() => document.querySelectorAll('img[src=x]').length") == 0
    assert console_errors == []
