"""Printing: the app on one A4 page without controls; the offline export on a phone."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from geo.load.story import load_story
from geo.render.edition import edition
from geo.render.export import export_html
from harness.browser import MAP_IFRAME
from tests.conftest import DATA
from tests.e2e.conftest import map_frame

DAY = date(2019, 10, 23)
STORY = load_story(DATA)


def told(lang: str) -> tuple[str, str]:
    """The story's headline and the event title of DAY, in `lang`."""
    story, _ = edition(STORY, lang)
    return story.title, next(e.title for e in story.events if e.date == DAY)


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF (no PDF library needed: Chromium writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


# The page's controls, each present on screen and hidden in print.
PAGE_CONTROLS = ('[data-testid="stSidebar"]', '[data-testid="stHeader"]', '[data-testid="stExpander"]',
                 '[data-testid="stDownloadButton"]')
# The map's controls: its time bar (date, Play, ◀ slider ▶) and zoom buttons.
MAP_CONTROLS = (".story-time", ".leaflet-control-zoom")


@pytest.mark.parametrize("lang", ["en", "ar", "tr", "ru"])
def test_app_prints_on_one_a4_page_without_controls(page: Page, app_url: str, tmp_path: Path,
                                                    console_errors: list[str], lang: str) -> None:
    headline, title = told(lang)
    page.goto(f"{app_url}/?basemap=none&date=2019-10-23&lang={lang}")
    frame = map_frame(page)
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_test_id("stDownloadButton").first).to_be_attached()  # the script ran to its end
    for selector in PAGE_CONTROLS:
        expect(page.locator(selector).first).to_be_attached()  # so "hidden" below cannot pass on nothing
    for selector in MAP_CONTROLS:
        expect(frame.locator(selector)).to_be_visible()
    expect(frame.locator(".story-time-range")).to_be_visible()
    page.emulate_media(media="print")
    for selector in PAGE_CONTROLS:
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    for selector in MAP_CONTROLS:
        expect(frame.locator(selector)).to_be_hidden()
    for selector in (".story-time-range", ".story-time-play", ".story-time-prev", ".story-time-next", ".story-reframe"):
        expect(frame.locator(selector)).to_be_hidden()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_role("heading", name=headline)).to_be_visible()
    expect(page.locator(MAP_IFRAME)).to_be_visible()
    expect(frame.locator(".story-legend")).to_be_visible()
    expect(frame.locator(".story-legend-list")).to_be_visible()
    page.screenshot(path=str(tmp_path / "print-emulated.png"), full_page=True)
    print(f"screenshot: {tmp_path / 'print-emulated.png'}")
    assert pdf_pages(page.pdf(format="A4")) == 1
    assert console_errors == []


def test_pdf_page_count_reads_chromium_pdfs() -> None:
    assert pdf_pages(b"<< /Type /Pages /Kids [3 0 R 4 0 R] >> << /Type /Page >> << /Type/Page >>") == 2


PHONE = ViewportSize(width=390, height=844)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_export_controls_cover_at_most_a_quarter_of_a_phone(page: Page, tmp_path: Path,
                                                            console_errors: list[str], lang: str) -> None:
    story, words = edition(STORY, lang)
    headline, title = told(lang)
    path = tmp_path / "story.html"
    path.write_text(export_html(story, DAY, [spec.id for spec in story.layers], words=words), "utf-8")
    page.set_viewport_size(PHONE)
    page.goto(path.as_uri())
    expect(page.locator(".story-time-title")).to_have_text(title)
    expect(page.locator(".story-headline-title")).to_have_text(headline)
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [lang, words.direction]
    area = 0.0
    for selector in (".story-time", ".story-legend"):
        box = page.locator(selector).bounding_box()
        assert box is not None
        area += box["width"] * box["height"]
    coverage = area / (PHONE["width"] * PHONE["height"])
    print(f"export at 390x844: time control and legend cover {coverage:.1%}")
    assert coverage <= 0.25
    map_box = page.locator(".folium-map").bounding_box()
    head_box = page.locator(".story-headline").bounding_box()
    assert map_box and head_box and map_box["y"] >= head_box["y"] + head_box["height"] - 1
    assert map_box["y"] + map_box["height"] <= PHONE["height"] + 1  # the headline does not push the map off
    assert console_errors == []
