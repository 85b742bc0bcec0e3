"""Map first: the headline and the map come before the rest of the page, and the rest comes in any case."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from harness.browser import MAP_IFRAME
from harness.firstload import start_clock, wait_seen
from tests.conftest import DATA
from tests.e2e.conftest import map_frame

NO_TILES = "basemap=none"
CARD_TITLE = "Russian military police and Syrian border guards deploy"  # the event of 23 October 2019


DESKTOP = {"width": 1400, "height": 900}


@contextmanager
def clocked_page(browser: Browser, viewport: dict[str, int] = DESKTOP, route: str = "",
                 handler: Callable[[Route], None] | None = None) -> Iterator[Page]:
    """A page in a fresh context with the first-load clock; requests matching `route` go to `handler`."""
    context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]  # TypedDict from a plain dict
    start_clock(context)
    page = context.new_page()
    if route and handler:
        page.route(route, handler)
    try:
        yield page
    finally:
        context.close()


def expect_whole_page(page: Page) -> None:
    """The event card, and the sidebar with a toggle for each of the twelve layers."""
    expect(page.get_by_role("heading", name=CARD_TITLE)).to_be_visible()
    layers = len(json.loads((DATA / "story.json").read_text(encoding="utf-8"))["layers"])
    expect(page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]')).to_have_count(layers)


FRAME_BOX = f"""() => {{
  const box = document.querySelector({MAP_IFRAME!r}).getBoundingClientRect();
  return {{x: box.x + scrollX, y: box.y + scrollY, width: box.width, height: box.height}};
}}"""


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1400, "height": 900}],
                         ids=["phone", "desktop"])
def test_the_map_is_drawn_before_the_rest_of_the_page_is_sent(browser: Browser, app_url: str,
                                                              viewport: dict[str, int]) -> None:
    with clocked_page(browser, viewport) as page:
        page.goto(f"{app_url}/?date=2019-10-23&{NO_TILES}")
        seen = wait_seen(page, "whole")
        assert seen["features"] < seen["whole"], seen  # the sidebar's last part came after the first features
        expect_whole_page(page)
        expect(page.get_by_test_id("stExpander").get_by_text("Timeline", exact=True)).to_be_visible()
        frame = map_frame(page)
        assert frame.evaluate("performance.getEntriesByName('story-map-drawn').length") == 1
        assert "date=2019-10-23" in page.url  # the map's first word moved nothing
        final = page.evaluate(FRAME_BOX)
        for side in ("x", "y", "width", "height"):  # the rest of the page came without moving the map
            assert abs(final[side] - seen["frame"][side]) < 1, (side, seen["frame"], final)


def test_the_rest_of_the_page_comes_when_the_map_cannot_draw(browser: Browser, app_url: str) -> None:
    """Leaflet never arrives: no map, but the card, the timeline and the sidebar come after the fallback."""
    with clocked_page(browser, route="**/vendor/leaflet/leaflet.js", handler=lambda route: route.abort()) as page:
        page.goto(f"{app_url}/?date=2019-10-23&{NO_TILES}")
        page.wait_for_selector(MAP_IFRAME, state="attached", timeout=30_000)
        seen = wait_seen(page, "whole", timeout_ms=40_000)
        assert "features" not in seen, seen
        assert seen["whole"] > 4_000, seen  # the fallback waits WHOLE_PAGE_FALLBACK_S for the map's word
        expect_whole_page(page)


def test_the_rest_of_the_page_comes_when_the_maps_data_fails(browser: Browser, app_url: str) -> None:
    """The story's data file fails: the map says so in an alert, and the rest of the page comes at once."""

    def fail(route: Route) -> None:
        route.fulfill(status=503, body="down")

    with clocked_page(browser, route="**/app/static/story/*.json", handler=fail) as page:
        page.goto(f"{app_url}/?date=2019-10-23&{NO_TILES}")
        page.wait_for_selector(MAP_IFRAME, state="attached", timeout=30_000)
        frame = page.locator(MAP_IFRAME).element_handle().content_frame()
        assert frame is not None
        expect(frame.get_by_role("alert")).to_contain_text("The map's data could not be loaded (HTTP 503)")
        seen = wait_seen(page, "whole", timeout_ms=30_000)
        assert "features" not in seen, seen
        expect_whole_page(page)
