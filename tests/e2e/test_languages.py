"""The map in its readers' languages, in a real Chromium against `streamlit run`.

Per language: the document's `lang`, no serious axe violation on the page or in the map, and no string of the
English catalog left on the page or in the map. Arabic at 390 px: the time bar runs right to left, the controls
change sides and nothing is clipped. Links carry `lang`, the switcher sets it, Accept-Language picks a language
when a link has none, and an explicit `lang` wins.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Frame, Page, ViewportSize, expect

from geo.languages import language
from harness.axe import axe_violations_scrolled, describe
from tests.e2e.conftest import map_frame
from tests.e2e.test_axe import APP_SCROLLERS, map_states, report
from tests.untranslated import english_left

pytestmark = pytest.mark.usefixtures("console_errors")

PHONE = ViewportSize(width=390, height=844)
WIDE = ViewportSize(width=1400, height=900)


def open_in(page: Page, app_url: str, query: str, size: ViewportSize = WIDE) -> Frame:
    """The app at `query` once its script ran to the end and the map drew its date."""
    page.set_viewport_size(size)
    page.goto(f"{app_url}/?{query}")
    frame = map_frame(page)
    expect(page.get_by_test_id("stDownloadButton").first).to_be_attached()
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    return frame


# Everything a reader (or a screen reader) is told: text, and the labels and titles of controls.
READER_TEXT = """() => {
  const parts = [document.body.innerText];
  document.querySelectorAll('[aria-label], [title], [aria-valuetext]').forEach((node) => {
    ['aria-label', 'title', 'aria-valuetext'].forEach((name) => {
      if (node.hasAttribute(name)) parts.push(node.getAttribute(name));
    });
  });
  document.querySelectorAll('.story-sr-only').forEach((node) => parts.push(node.textContent));
  return parts.join('\\n');
}"""


@pytest.mark.parametrize("lang", ["ar", "tr", "ru"])
def test_each_language_reaches_the_page_and_the_map_whole(page: Page, app_url: str, lang: str) -> None:
    frame = open_in(page, app_url, f"lang={lang}&basemap=none&date=2020-02-04")
    assert page.evaluate("document.documentElement.lang") == lang
    assert frame.evaluate("document.querySelector('.leaflet-container').getAttribute('lang')") == lang
    assert page.locator("iframe[data-story-map]").get_attribute("data-story-map") == lang
    left = english_left(page.evaluate(READER_TEXT), lang) + english_left(frame.evaluate(READER_TEXT), lang)
    assert left == [], f"English UI strings on the {lang} page: {left}"


@pytest.mark.parametrize("lang", ["ar", "tr", "ru"])
@pytest.mark.parametrize("size", [PHONE, WIDE], ids=["phone", "wide"])
def test_each_language_has_no_serious_axe_violation(page: Page, app_url: str, lang: str,
                                                    size: ViewportSize) -> None:
    frame = open_in(page, app_url, f"lang={lang}&basemap=none", size)
    app = axe_violations_scrolled(page, APP_SCROLLERS)
    assert app == [], describe(app)
    states = map_states(frame)
    assert all(not found for found in states.values()), report(states)


RTL_LAYOUT = """() => {
  const box = document.querySelector('.leaflet-container').getBoundingClientRect();
  const rect = (selector) => {
    const node = document.querySelector(selector);
    if (!node) return null;
    const r = node.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width};
  };
  const controls = Array.from(document.querySelectorAll('.leaflet-control')).filter((n) => n.offsetParent !== null)
    .map((n) => { const r = n.getBoundingClientRect(); return {name: n.className, left: r.left, right: r.right,
                                                                top: r.top, bottom: r.bottom}; });
  const bar = document.querySelector('.story-time');
  return {
    box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom, width: box.width},
    barDirection: getComputedStyle(bar).direction,
    rangeDirection: getComputedStyle(document.querySelector('.story-time-range')).direction,
    play: rect('.story-time-play'), prev: rect('.story-time-prev'), next: rect('.story-time-next'),
    range: rect('.story-time-range'), zoom: rect('.leaflet-control-zoom'), legend: rect('.story-legend'),
    prevText: document.querySelector('.story-time-prev').textContent,
    nextText: document.querySelector('.story-time-next').textContent,
    controls: controls,
  };
}"""


def test_arabic_mirrors_the_map_at_390px(page: Page, app_url: str) -> None:
    frame = open_in(page, app_url, "lang=ar&basemap=none&date=2019-10-23", PHONE)
    layout: dict[str, Any] = frame.evaluate(RTL_LAYOUT)
    box = layout["box"]
    assert layout["barDirection"] == "rtl" and layout["rangeDirection"] == "rtl"
    # reading from the right: Play, then "back" (pointing right), the slider, "forward" (pointing left)
    assert layout["play"]["left"] > layout["prev"]["left"] > layout["range"]["left"] > layout["next"]["left"]
    assert (layout["prevText"], layout["nextText"]) == ("▶", "◀")
    centre = box["left"] + box["width"] / 2
    assert layout["zoom"]["left"] > centre, "the zoom buttons sit on the right in Arabic"
    assert layout["legend"]["right"] < centre, "the legend sits on the left in Arabic"
    clipped = [c["name"] for c in layout["controls"]
               if c["left"] < box["left"] - 0.5 or c["right"] > box["right"] + 0.5
               or c["top"] < box["top"] - 0.5 or c["bottom"] > box["bottom"] + 0.5]
    assert clipped == []


def test_the_slider_moves_forward_in_the_reading_direction(page: Page, app_url: str) -> None:
    frame = open_in(page, app_url, "lang=ar&basemap=none&date=2019-10-23", PHONE)
    before = frame.evaluate("storyTime.index()")
    frame.locator(".story-time-next").click()  # the left-pointing button: forward in Arabic
    frame.wait_for_function("(i) => storyTime.index() === i + 1", arg=before)
    slider = frame.locator(".story-time-range")
    box = slider.bounding_box()
    assert box is not None
    slider.click(position={"x": 4, "y": box["height"] / 2})  # the slider's left end is the story's last date
    frame.wait_for_function("() => storyTime.index() === Number(document.querySelector('.story-time-range').max)")


def test_links_carry_and_restore_the_language(page: Page, app_url: str) -> None:
    open_in(page, app_url, "lang=tr&basemap=none&date=2019-10-23")
    expect(page).to_have_url(re.compile(r"[?&]lang=tr(&|$)"))
    expect(page.get_by_text(re.compile(r"lang=tr")).first).to_be_attached()  # the share box's link
    page.get_by_text("Русский", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]lang=ru(&|$)"))
    page.wait_for_function("() => document.documentElement.lang === 'ru'")
    expect(page).to_have_url(re.compile(r"[?&]date=2019-10-23(&|$)"))  # the rest of the view stays
    frame = map_frame(page)
    frame.wait_for_function("() => document.querySelector('.story-time-play').textContent === 'Воспроизвести'"
                            " || document.querySelector('.story-time-play').textContent.length > 0")
    assert frame.locator(".story-time-play").text_content() == language("ru").messages["time.play"]


@pytest.mark.parametrize(("header", "query", "expected"), [
    ("ru-RU,ru;q=0.9,en;q=0.5", "", "ru"),
    ("ar-SY,ar;q=0.9", "", "ar"),
    ("de-DE,de;q=0.9", "", "en"),
    ("ru-RU,ru;q=0.9", "lang=en", "en"),  # an explicit lang always wins
    ("en-GB", "lang=tr", "tr"),
])
def test_accept_language_picks_the_language_when_the_link_has_none(
        browser: Browser, app_url: str, header: str, query: str, expected: str) -> None:
    context = browser.new_context(extra_http_headers={"Accept-Language": header}, viewport=WIDE)
    try:
        page = context.new_page()
        page.goto(f"{app_url}/?basemap=none&{query}")
        map_frame(page)
        page.wait_for_function("(code) => document.documentElement.lang === code", arg=expected)
    finally:
        context.close()
