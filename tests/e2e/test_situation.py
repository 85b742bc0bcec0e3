"""The whole story on every date, in Chromium: step the time bar from 15 September 2017 to 6 March 2020.

The offline export runs the same time module as the app and shows the card (with the toll) inside the map, so one
page holds everything a reader sees on each date. The browser reports which features it shows; their geometry is
then checked against the tables in Python.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page
from shapely.geometry import Point, shape

from geo.load import timeline
from geo.load.story import load_story
from geo.render.export import export_html
from tests.conftest import DATA

STORY = load_story(DATA)
STOPS = timeline.stops(STORY)
FEATURES = {f.id: f for features in STORY.features.values() for f in features}
AFRIN, KOBANI = Point(36.86954, 36.51194), Point(38.35, 36.87)

STEP_ALL = """() => {
    const range = document.querySelector('.story-time-range'), out = [];
    for (let i = 0; i <= Number(range.max); i++) {
        range.value = String(i);
        range.dispatchEvent(new Event('input', {bubbles: true}));
        const toll = document.querySelector('.story-toll');
        out.push({label: document.querySelector('.story-time-date').textContent, ids: window.storyTime.shown(),
                  toll: toll ? Array.from(toll.children).map(c => c.textContent).join(' | ') : ''});
    }
    return out;
}"""


@pytest.fixture(scope="module")
def steps(browser, tmp_path_factory) -> list[dict]:
    path: Path = tmp_path_factory.mktemp("export") / "story.html"
    path.write_text(export_html(STORY, STOPS[0], [spec.id for spec in STORY.layers], "none"), encoding="utf-8")
    page: Page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_function("() => window.storyTime && window.storyTime.shown().length > 0")
    found = page.evaluate(STEP_ALL)
    page.close()
    assert not errors, errors
    assert len(found) == len(STOPS)
    return [dict(step, day=day) for step, day in zip(found, STOPS, strict=True)]


def shown(step: dict, layer: str) -> list:
    return [FEATURES[i] for i in step["ids"] if i in FEATURES and FEATURES[i].layer == layer]


def area_of(step: dict, controller: str):
    (feature,) = [f for f in shown(step, "control") if f.properties["controller"] == controller]
    return shape(feature.geometry)


def test_control_is_shown_on_every_date_of_the_covered_range(steps) -> None:
    assert STORY.situation is not None
    start, end = STORY.situation.coverage
    for step in steps:
        held = {f.properties["controller"] for f in shown(step, "control")}
        if start <= step["day"] <= end:
            assert {"government", "opposition", "turkish_backed", "sdf"} <= held, step["day"]
            assert shown(step, "front_line"), step["day"]
        else:
            assert not held, step["day"]


def test_the_2018_zone_appears_and_is_later_overrun(steps) -> None:
    with_zone = [s for s in steps if shown(s, "sochi_2018_zone")]
    assert with_zone and with_zone[0]["day"] == date(2018, 9, 17)
    assert all(s["day"] >= date(2018, 9, 17) for s in with_zone)
    zone = shape(shown(with_zone[0], "sochi_2018_zone")[0].geometry)
    overrun = [area_of(s, "government").intersection(zone).area / zone.area for s in with_zone]
    assert overrun[0] < 0.01 and overrun[-1] > 0.4  # untouched when agreed, much of it government-held by 2020
    assert overrun == sorted(overrun) or max(overrun) - overrun[-1] < 0.1  # it grows (Saraqib went back and forth)


def test_the_turkish_held_and_sdf_areas_change_as_the_tables_say(steps) -> None:
    before = next(s for s in reversed(steps) if s["day"] < date(2018, 3, 18))
    after = next(s for s in steps if s["day"] >= date(2018, 3, 18))
    assert area_of(before, "sdf").contains(AFRIN) and area_of(after, "turkish_backed").contains(AFRIN)
    peace_spring = next(s for s in steps if s["day"] >= date(2019, 10, 22))
    earlier = next(s for s in reversed(steps) if s["day"] < date(2019, 10, 9))
    assert area_of(peace_spring, "turkish_backed").area > area_of(earlier, "turkish_backed").area
    assert area_of(peace_spring, "sdf").area < area_of(earlier, "sdf").area
    deployed = [s for s in steps if shown(s, "deployments")]
    assert deployed and min(s["day"] for s in deployed) >= date(2019, 10, 14)


def test_the_toll_grows_and_the_call_date_shows_the_count_as_it_stood(steps) -> None:
    tolls = [(s["day"], s["toll"]) for s in steps if s["toll"]]
    assert tolls and tolls[0][0] >= date(2019, 12, 1)
    counts = [int(m.group(1).replace(",", "")) for _, text in tolls
              if (m := re.search(r"([\d,]+) people", text))]
    assert len(set(counts)) >= 4 and counts == sorted(counts)
    call = dict(tolls)[STORY.article.date]
    assert "520,000 people" in call and "UN OCHA" in call and "The Kremlin" in call
    assert all(s["toll"] == "" for s in steps if s["day"] < date(2019, 12, 1))
