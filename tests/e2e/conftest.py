"""Browser fixtures: Debian's Chromium driven by Playwright (no browser download), the app served for real."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Frame, Locator, Page, expect

from harness.browser import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME
from harness.server import streamlit_app
from tests.conftest import FIXTURES

NO_CHROMIUM = "Debian's chromium is not installed (scripts/setup.sh --test installs it when run as root)"
BLANK_TILE = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in item.nodeid.split("/"):
            item.add_marker(pytest.mark.browser)
    if CHROMIUM is None and not os.environ.get("CI"):
        skip = pytest.mark.skip(reason=NO_CHROMIUM)
        for item in items:
            if "e2e" in item.nodeid.split("/"):
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _require_chromium() -> None:
    """In CI a missing browser is a failure, never a skip."""
    if CHROMIUM is None:
        pytest.fail(f"CI must run the browser tests: {NO_CHROMIUM}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


# The map's view once it is still (no pan or zoom animation running).
SETTLED_VIEW = """() => new Promise(done => {
  const check = () => {
    const m = window.map;
    if ((m._panAnim && m._panAnim._inProgress) || m._animatingZoom) { setTimeout(check, 50); return; }
    const c = m.getCenter();
    done([c.lat, c.lng, m.getZoom()]);
  };
  setTimeout(check, 100);
})"""


# A loaded 2-core machine needs more than Playwright's default 5 s for a Streamlit rerun.
expect.set_options(timeout=30_000)


def warm(browser: Browser, url: str) -> None:
    """Run the app once in a throwaway page, so tests do not pay for the first (cold) script run."""
    page = browser.new_page()
    try:
        page.goto(f"{url}/?basemap=none")
        page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    finally:
        page.close()


@pytest.fixture(scope="session")
def app_url(browser: Browser) -> Iterator[str]:
    with streamlit_app() as url:
        warm(browser, url)
        yield url


@pytest.fixture(scope="session")
def broken_app_url(browser: Browser) -> Iterator[str]:
    with streamlit_app(FIXTURES / "broken") as url:
        warm(browser, url)
        yield url


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Every console error and uncaught page error of the test; tile servers are stubbed offline."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for pattern in ("**/tile.openstreetmap.org/**", "**/*.basemaps.cartocdn.com/**"):
        page.route(pattern, lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE))
    return errors


def map_frame(page: Page) -> Frame:
    """The map's iframe, once Leaflet has drawn the map in it and the time module has the story's features."""
    page.wait_for_selector(MAP_IFRAME, timeout=30_000)
    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    assert frame is not None, "the map iframe has no document"
    frame.wait_for_function("() => window.map && window.map._loaded && window.storyTime", timeout=30_000)
    return frame


def date_slider(frame: Frame) -> Locator:
    """The date slider of the time bar inside the map (Home, End and the arrow keys step through the story)."""
    return frame.get_by_role("slider", name="Date")
