"""Accessibility with axe-core: no serious or critical violations in the app, inside the map, or in the export.

Nothing is excluded: the map's tiles are stubbed with a blank PNG (tests/e2e/conftest.py) and raise no rule.
axe checks contrast only on screen, so scrolling pages are checked one screenful at a time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Frame, Page, ViewportSize, expect

from geo.load.story import load_story
from geo.load.timeline import stops
from geo.render.export import export_html
from harness.axe import axe_violations, axe_violations_scrolled, describe
from tests.conftest import DATA
from tests.e2e.conftest import map_frame

pytestmark = pytest.mark.usefixtures("console_errors")  # the fixture that stubs the tile servers offline

SIZES = {"wide": ViewportSize(width=1400, height=900), "phone": ViewportSize(width=390, height=844)}
APP_SCROLLERS = ('[data-testid="stMain"]', '[data-testid="stSidebarContent"]')
MAP_SCROLLERS = (".story-legend", ".story-time-events")  # the legend and event list scroll on small screens


def open_app(page: Page, app_url: str, size: ViewportSize) -> Frame:
    """The app at `size` once the script has run to its end and the map has drawn its layers."""
    page.set_viewport_size(size)
    page.goto(f"{app_url}/")
    frame = map_frame(page)
    expect(page.get_by_test_id("stDownloadButton").first).to_be_attached()  # the script's last elements
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    expect(frame.locator(".story-legend")).to_be_attached()
    return frame


def map_states(target: Page | Frame) -> dict[str, list[dict[str, Any]]]:
    """The map's violations as it opens and again with its legend unfolded (the folded list is not checked)."""
    found = {"as opened": axe_violations_scrolled(target, MAP_SCROLLERS)}
    toggle = target.locator('.story-legend-toggle[aria-expanded="false"]')
    if toggle.count():
        toggle.click()
        expect(target.locator(".story-legend-list")).to_be_visible()
        found["legend unfolded"] = axe_violations_scrolled(target, MAP_SCROLLERS)
    return found


def report(states: dict[str, list[dict[str, Any]]]) -> str:
    return "\n".join(f"{state}:\n{describe(found)}" for state, found in states.items())


def test_the_harness_reports_serious_violations_only(page: Page) -> None:
    page.set_content('<html lang="en"><head><title>t</title></head><body><main><h1>Heading</h1>'
                     '<p style="color:#999;background:#fff">faint text</p><img src="data:,">'
                     '</main></body></html>')
    found = axe_violations(page)
    assert {v["id"] for v in found} == {"color-contrast", "image-alt"}, describe(found)
    summary = describe(found)
    assert "color-contrast [serious]" in summary and "image-alt [critical]" in summary
    assert "faint text" in summary and "contrast of 2.84" in summary
    assert [v["id"] for v in axe_violations(page, impacts=("critical",))] == ["image-alt"]
    assert describe([]) == "no violations"


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_app_page_has_no_serious_violations(page: Page, app_url: str, size: ViewportSize) -> None:
    open_app(page, app_url, size)
    found = axe_violations_scrolled(page, APP_SCROLLERS)
    assert found == [], describe(found)


def test_app_sidebar_on_a_phone_has_no_serious_violations(page: Page, app_url: str) -> None:
    open_app(page, app_url, SIZES["phone"])
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(page.get_by_test_id("stSidebarContent")).to_be_in_viewport()
    found = axe_violations_scrolled(page, APP_SCROLLERS[1:])
    assert found == [], describe(found)


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_map_has_no_serious_violations(page: Page, app_url: str, size: ViewportSize) -> None:
    states = map_states(open_app(page, app_url, size))
    assert all(found == [] for found in states.values()), report(states)


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_offline_export_has_no_serious_violations(page: Page, tmp_path: Path, size: ViewportSize) -> None:
    story = load_story(DATA)
    day = story.article.date or stops(story)[-1]  # what `python -m geo export` shows first
    path = tmp_path / "story.html"
    path.write_text(export_html(story, day, [spec.id for spec in story.layers], "osm"), encoding="utf-8")
    page.set_viewport_size(size)
    page.goto(path.as_uri())
    expect(page.locator(".story-time-title")).not_to_be_empty()
    expect(page.locator(".story-legend")).to_be_attached()
    states = map_states(page)
    assert all(found == [] for found in states.values()), report(states)
