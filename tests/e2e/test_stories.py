"""Many stories in a real browser: the list of stories on a phone and a desktop, and the editor's desk end to end."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from harness.axe import axe_violations_scrolled, describe
from harness.server import streamlit_app
from tests.conftest import DATA, DRAFT_EVAL, FIXTURES
from tests.e2e.conftest import map_frame

pytestmark = pytest.mark.usefixtures("console_errors")

SIZES = {"phone": ViewportSize(width=390, height=844), "wide": ViewportSize(width=1400, height=900)}
SCROLLERS = ('[data-testid="stMain"]',)
ROCHDI = DRAFT_EVAL / "un-rochdi-2020-02-27-northwest-syria.txt"
PREVIEW = 'iframe[title="The draft on a map, with its own time bar"]'


@pytest.fixture(scope="module")
def desk_url(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with the editor's page on and writing, over a stories folder of the Idlib story and a small one."""
    del browser  # started first, so a missing Chromium fails before the server starts
    shelf = tmp_path_factory.mktemp("stories")
    shutil.copytree(DATA, shelf / "idlib")
    shutil.copytree(FIXTURES / "mini", shelf / "mini")
    (shelf / "catalog.json").write_text(json.dumps({"default": "idlib"}), encoding="utf-8")
    settings = {"STORIES_DIR": str(shelf), "STORY_EDITOR": "1", "STORY_EDITOR_SAVE": "1"}
    with streamlit_app(settings=settings) as url:
        yield url


def boxes(page: Page, selector: str) -> list[dict[str, float]]:
    found = [element.bounding_box() for element in page.locator(selector).all()]
    return [{"x": b["x"], "y": b["y"], "width": b["width"], "height": b["height"]} for b in found if b]


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_the_list_of_stories_fits_reads_and_opens_a_story(page: Page, desk_url: str, size: str) -> None:
    viewport = SIZES[size]
    page.set_viewport_size(viewport)
    page.goto(f"{desk_url}/?page=stories")
    thumbnails = page.get_by_role("img", name="Map of the story")
    expect(thumbnails).to_have_count(2)
    for thumbnail in thumbnails.all():
        expect(thumbnail).to_have_js_property("complete", True)
    titles = page.locator('[data-testid="stMarkdownContainer"] h4')
    expect(titles).to_have_count(2)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    for box in boxes(page, '[data-testid="stImage"] img') + boxes(page, '[data-testid="stMarkdownContainer"] h4'):
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 0.5, box
    pictures, words = boxes(page, '[data-testid="stImage"] img'), boxes(page, '[data-testid="stMarkdownContainer"] h4')
    assert not any(overlaps(p, w) for p in pictures for w in words)
    found = axe_violations_scrolled(page, SCROLLERS)
    assert found == [], describe(found)
    page.get_by_role("button", name="Open the map").first.click()
    frame = map_frame(page)
    assert frame.evaluate("() => window.storyTime !== undefined")
    expect(page).to_have_url(re.compile(r"[?&]story=idlib(&|$)"))


def test_the_editor_drafts_previews_and_publishes_to_the_app(page: Page, desk_url: str) -> None:
    page.set_viewport_size(SIZES["wide"])
    page.goto(f"{desk_url}/?page=editor")
    page.get_by_label("Article: the headline on the first line, then the body").fill(
        ROCHDI.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Draft", exact=True).click()
    preview = page.frame_locator(PREVIEW)
    expect(preview.locator(".story-time-date")).to_have_text("1 December 2019")
    geneva = preview.locator(".story-label, .story-offscreen", has_text="Geneva")
    expect(geneva.first).to_be_attached()
    box = page.get_by_test_id("stExpander").filter(has_text="Geneva · place")
    box.get_by_text("Geneva · place").click()
    box.get_by_text("Drop this place").click()
    expect(page.get_by_text("Geneva (geneva)")).to_have_count(0)  # no longer offered for acceptance
    expect(page.frame_locator(PREVIEW).locator(".story-time-date")).to_have_text("1 December 2019")
    expect(page.frame_locator(PREVIEW).locator(".story-label, .story-offscreen", has_text="Geneva")).to_have_count(0)
    found = axe_violations_scrolled(page, SCROLLERS)
    assert found == [], describe(found)
    name = page.get_by_label("Story's short name (its folder and `story=` in links)")
    name.fill("rochdi-feb-2020")
    name.press("Enter")
    page.get_by_role("button", name="Save to the stories folder").click()
    with page.context.expect_page() as opened:  # Streamlit opens a markdown link in a new tab
        page.get_by_role("link", name="Open the story").click()
    page = opened.value
    frame = map_frame(page)
    expect(frame.locator(".story-time-date")).to_be_visible()
    expect(page.get_by_text("Draft under review")).to_be_visible()  # editors see it; readers do not
    expect(page).to_have_url(re.compile(r"[?&]story=rochdi-feb-2020(&|$)"))
