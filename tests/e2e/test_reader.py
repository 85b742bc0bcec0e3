"""A reader-grade map on a 390x844 phone and a 1400x900 desktop, in every language, measured in Chromium.

Framing (the event's features inside the visible map, clear of the controls, on every date), labels that never
overlap, a legend of only what is on the map that folds, the time bar on one row, the map on the first screen
of a phone, keyboard access to every feature's popup, and a described, titled map.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Frame, Page, ViewportSize, expect

from geo.load import timeline
from geo.load.story import load_story
from geo.render.edition import edition
from geo.render.payload import stop_label
from tests.conftest import DATA
from tests.e2e.conftest import SETTLED_VIEW, map_frame

STORY = load_story(DATA)
STOPS = timeline.stops(STORY)
CALL = timeline.opening_date(STORY, STOPS)  # the article's date, 4 February 2020
SIZES: dict[str, ViewportSize] = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1400, "height": 900}}

# For one date (index i): show it, let the label pass run, then measure in the map's own pixels.
MEASURE_JS = """async (i) => {
    window.storyTime.show(i);
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const m = window.map, box = m.getContainer().getBoundingClientRect();
    const rect = r => ({left: r.left - box.left, top: r.top - box.top, right: r.right - box.left,
                        bottom: r.bottom - box.top});
    const b = window.storyTime.eventBounds();
    const sw = m.latLngToContainerPoint(b.getSouthWest()), ne = m.latLngToContainerPoint(b.getNorthEast());
    const controls = [...document.querySelectorAll('.leaflet-control')]
        .filter(n => !n.hidden && n.offsetParent !== null && n.getBoundingClientRect().width > 0)
        .map(n => ({cls: n.className, ...rect(n.getBoundingClientRect())}));
    const labels = [...document.querySelectorAll('.leaflet-tooltip-permanent')]
        .filter(n => !n.classList.contains('story-label-hidden'))
        .map(n => ({name: n.textContent, ...rect(n.getBoundingClientRect())}));
    return {width: box.width, height: box.height, features: {left: sw.x, right: ne.x, top: ne.y, bottom: sw.y},
            highlighted: window.storyTime.shown().length, controls, labels};
}"""


def overlap(a: dict, b: dict, slack: float = 0.5) -> bool:
    return (min(a["right"], b["right"]) - max(a["left"], b["left"]) > slack
            and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > slack)


def open_map(browser: Browser, url: str, size: str) -> tuple[Page, Frame]:
    phone = size == "phone"
    context = browser.new_context(viewport=SIZES[size], is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.goto(url)
    frame = map_frame(page)
    frame.wait_for_function("() => window.storyTime && window.storyTime.shown().length > 0", timeout=30_000)
    return page, frame


LANGUAGES = ("en", "ar", "tr", "ru")


@pytest.fixture(params=[(size, lang) for lang in LANGUAGES for size in SIZES], ids=lambda p: f"{p[0]}-{p[1]}")
def opened(request: pytest.FixtureRequest, browser: Browser, app_url: str):
    size, lang = request.param
    page, frame = open_map(browser, f"{app_url}/?basemap=none&lang={lang}", size)
    yield size, page, frame, lang
    page.context.close()


def test_every_date_frames_its_event_clear_of_the_controls_and_no_labels_collide(opened) -> None:
    size, _page, frame, _lang = opened
    worst = []
    for i, day in enumerate(STOPS):
        m = frame.evaluate(MEASURE_JS, i)
        f = m["features"]
        if not timeline.concerned_features(STORY, day):
            continue
        inside = f["left"] >= 0 and f["right"] <= m["width"] and f["top"] >= 0 and f["bottom"] <= m["height"]
        assert inside, (size, day, f, m["width"], m["height"])
        # clear of the time bar (bottom) and of the top controls: the features' box meets no control
        for control in m["controls"]:
            assert not overlap(f, control, slack=2), (size, day, control["cls"], f, control)
        labels = m["labels"]
        for a in range(len(labels)):
            for b in range(a + 1, len(labels)):
                assert not overlap(labels[a], labels[b]), (size, day, labels[a]["name"], labels[b]["name"])
        worst.append(min(f["left"], m["width"] - f["right"], f["top"], m["height"] - f["bottom"]))
    print(f"\n{size}: {len(worst)} dates framed; smallest margin to the map's edge {min(worst):.0f} px")


def test_the_legend_lists_only_what_is_on_the_map_and_folds(opened) -> None:
    size, _page, frame, lang = opened
    told, _ = edition(STORY, lang)
    toggle = frame.locator(".story-legend-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false" if size == "phone" else "true")
    if size == "phone":
        toggle.click()
    day = STOPS[0]
    frame.evaluate("() => window.storyTime.show(0)")
    shown_layers = {layer for layer, features in timeline.visible_features(STORY, day).items() if features}
    rows = frame.locator(".story-legend-row:not([hidden])")
    titles = set(rows.all_inner_texts())
    expected = {spec.title for spec in told.layers if spec.id in shown_layers and spec.kind != "control"}
    assert titles == expected, (titles, expected)  # 4 May 2017: no control areas, no 30-km zone yet
    legend = frame.locator(".story-legend").bounding_box()
    map_box = frame.locator(".leaflet-container").bounding_box()
    assert legend and map_box
    share = legend["width"] * legend["height"] / (map_box["width"] * map_box["height"])
    toggle.click()  # fold it
    expect(toggle).to_have_attribute("aria-expanded", "false")
    folded = frame.locator(".story-legend").bounding_box()
    assert folded
    folded_share = folded["width"] * folded["height"] / (map_box["width"] * map_box["height"])
    print(f"\n{size}: legend open {share:.1%} of the map, folded {folded_share:.1%}")
    assert folded_share < 0.02 and share < 0.25


def test_the_time_bar_is_one_row_and_the_map_is_on_the_first_screen(opened) -> None:
    size, page, frame, _lang = opened
    centres = []
    for selector in (".story-time-play", ".story-time-prev", ".story-time-range", ".story-time-next"):
        box = frame.locator(selector).bounding_box()
        assert box, selector
        centres.append(box["y"] + box["height"] / 2)
    assert max(centres) - min(centres) < 4, centres  # ◀ slider ▶ on one row, with Play
    iframe = page.locator("iframe[data-story-map]").bounding_box()
    assert iframe
    assert iframe["y"] + iframe["height"] <= SIZES[size]["height"], iframe  # the whole map on the first screen
    if size == "phone":
        title = page.get_by_role("heading", level=4).first.bounding_box()  # the event card's title
        assert title and 0 <= title["y"] - (iframe["y"] + iframe["height"]) < 120, title  # right under the map
        assert frame.evaluate("() => window.map.gestureHandling.enabled()")  # one finger scrolls the page


def test_the_map_is_titled_and_described_for_screen_readers(opened) -> None:
    _size, page, frame, lang = opened
    told, words = edition(STORY, lang)
    title = page.locator("iframe[data-story-map]").get_attribute("title")
    assert title == words.t("map.name", title=told.title)
    frame.evaluate(f"() => window.storyTime.show({STOPS.index(CALL)})")
    description = frame.locator("#story-map-description").text_content() or ""
    call = next(e for e in told.events if e.date == CALL)
    assert description.startswith(words.t("reading.date", date=stop_label(told, CALL, words)) + " " + call.title)
    posts = next(spec.title for spec in told.layers if spec.id == "observation_posts")
    assert words.t("reading.layer_count", layer=posts, count=words.number(12)) in description
    assert told.situation is not None and f"{told.situation.behind_label}: " in description


def test_every_feature_is_reached_by_keyboard_and_escape_closes_its_popup(opened) -> None:
    size, page, frame, lang = opened
    told, words = edition(STORY, lang)
    frame.evaluate(f"() => window.storyTime.show({STOPS.index(CALL)})")
    frame.evaluate(SETTLED_VIEW)  # the date's framing has come to rest, as a reader sees it
    focusable = frame.locator("[data-story-focus]")
    names = set(focusable.evaluate_all("nodes => nodes.map(n => n.getAttribute('aria-label'))"))
    on_map = {f.name for features in timeline.visible_features(told, CALL).values() for f in features}
    assert names == on_map
    morek = next(f.name for f in told.features["observation_posts"] if f.id == "post-09")
    post = frame.get_by_role("button", name=morek, exact=True)
    post.focus()
    page.keyboard.press("Enter")
    popup = frame.locator(".leaflet-popup")
    expect(popup).to_be_visible()
    assert told.situation is not None
    expect(popup).to_contain_text(told.situation.behind_status.replace("{date}", words.day(date(2019, 8, 23))))
    frame.evaluate(SETTLED_VIEW)  # Leaflet pans a popup into view with an animation: measure after it
    box, bar = popup.bounding_box(), frame.locator(".story-time").bounding_box()
    assert box and bar and not overlap(
        {"left": box["x"], "right": box["x"] + box["width"], "top": box["y"], "bottom": box["y"] + box["height"]},
        {"left": bar["x"], "right": bar["x"] + bar["width"], "top": bar["y"], "bottom": bar["y"] + bar["height"]}), \
        (size, box, bar)  # a popup opened by keyboard is not under the time bar
    page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    assert frame.evaluate("() => document.activeElement.getAttribute('aria-label')") == morek  # back on the post


@pytest.mark.parametrize("size", list(SIZES))
def test_the_offline_export_frames_every_date_and_keeps_labels_apart(browser: Browser, tmp_path, size: str) -> None:
    """The export runs the same time module: the same framing and label rules, and its legend folds on a phone."""
    from geo.render.export import export_html

    page_file = tmp_path / "story.html"
    page_file.write_text(export_html(STORY, CALL, [spec.id for spec in STORY.layers], "none"), encoding="utf-8")
    phone = size == "phone"
    context = browser.new_context(viewport=SIZES[size], is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.goto(page_file.as_uri())
    page.wait_for_function("() => window.storyTime && window.storyTime.shown().length > 0")
    expect(page.locator(".story-legend-toggle")).to_have_attribute("aria-expanded", "false" if phone else "true")
    for i, day in enumerate(STOPS):
        m = page.evaluate(MEASURE_JS, i)
        f = m["features"]
        if timeline.concerned_features(STORY, day):
            assert f["left"] >= 0 and f["top"] >= 0 and f["right"] <= m["width"] and f["bottom"] <= m["height"], \
                (size, day, f)
            for control in m["controls"]:
                assert not overlap(f, control, slack=2), (size, day, control["cls"])
        labels = m["labels"]
        assert not any(overlap(a, b) for k, a in enumerate(labels) for b in labels[k + 1:]), (size, day)
    context.close()
