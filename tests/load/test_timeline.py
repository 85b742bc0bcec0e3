from __future__ import annotations

from datetime import date

import pytest

from geo.load import timeline
from geo.load.story import load_story
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def story():
    return load_story(FIXTURES / "mini")


def test_stops_are_distinct_event_dates_in_order(story) -> None:
    assert timeline.stops(story) == [date(2019, 6, 1), date(2020, 1, 10)]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2018, 1, 1), {"towns": ["town-a"], "zones": []}),
        (date(2019, 6, 1), {"towns": ["town-a"], "zones": ["zone-a"]}),
        (date(2019, 12, 31), {"towns": ["town-a"], "zones": ["zone-a"]}),  # valid_to is inclusive
        (date(2020, 1, 1), {"towns": ["town-a", "town-b"], "zones": []}),
    ],
)
def test_visible_features_follow_valid_dates(story, day: date, expected: dict) -> None:
    shown = timeline.visible_features(story, day)
    assert {layer: [f.id for f in features] for layer, features in shown.items()} == expected


def test_visible_features_only_for_chosen_layers(story) -> None:
    assert list(timeline.visible_features(story, date(2020, 1, 10), ["towns"])) == ["towns"]


def test_events_on(story) -> None:
    assert [e.id for e in timeline.events_on(story, date(2020, 1, 10))] == ["late"]
    assert timeline.events_on(story, date(2020, 1, 11)) == []


@pytest.mark.parametrize(
    ("precision", "expected"),
    [("day", "4 February 2020"), ("month", "February 2020"), ("year", "2020")],
)
def test_format_date(precision: str, expected: str) -> None:
    assert timeline.format_date(date(2020, 2, 4), precision) == expected


def test_concerned_features(story) -> None:
    assert timeline.concerned_features(story, date(2020, 1, 10)) == {"town-b"}
    assert timeline.concerned_features(story, date(2020, 1, 11)) == set()


def test_a_story_without_events_still_has_one_stop_so_its_map_is_drawn() -> None:
    from dataclasses import replace

    story = load_story(FIXTURES / "mini")
    story.events = []
    assert timeline.stops(story) == [story.article.date]
    undated = replace(story, article=replace(story.article, date=None))
    assert timeline.stops(undated) == [max(f.valid_from for fs in story.features.values() for f in fs if f.valid_from)]
