from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geo.load.story import load_story
from geo.problems import StoryError
from tests.conftest import FIXTURES, edit_feature, read, write


def messages(folder: Path) -> list[str]:
    return [str(p) for p in load_story(folder).problems]


def test_mini_story_loads_cleanly() -> None:
    story = load_story(FIXTURES / "mini")
    assert story.problems == []
    assert [s.id for s in story.layers] == ["zones", "towns"]
    assert [e.id for e in story.events] == ["early", "late"]  # sorted by date, not file order
    assert story.features["zones"][0].valid_to == date(2019, 12, 31)


def test_broken_layer_is_reported_and_the_rest_loads() -> None:
    story = load_story(FIXTURES / "broken")
    text = "\n".join(str(p) for p in story.problems)
    assert "layers/zones.geojson: not valid JSON" in text
    assert [f.id for f in story.features["towns"]] == ["town-a", "town-b"]
    assert "event #1 (id 'early')" in text and "zone-a" in text  # its feature is gone: reported
    assert [e.id for e in story.events] == ["early", "late"]  # the event stays, without the missing feature
    assert story.events[0].features == ()


def test_missing_layer_file_is_named(mini_copy: Path) -> None:
    (mini_copy / "layers" / "towns.geojson").unlink()
    assert "error: layers/towns.geojson: file is missing" in messages(mini_copy)


def test_missing_manifest_raises_story_error(tmp_path: Path) -> None:
    with pytest.raises(StoryError, match=r"story\.json"):
        load_story(tmp_path)


def test_bad_feature_is_skipped_and_named_by_index_and_id(mini_copy: Path) -> None:
    edit_feature(mini_copy, "towns", 1, geometry={"type": "Point", "coordinates": [35.5, 136.5]})
    story = load_story(mini_copy)
    assert [f.id for f in story.features["towns"]] == ["town-a"]
    assert any("layers/towns.geojson: feature #1 (id 'town-b')" in str(p) and "swapped" in str(p)
               for p in story.problems)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"valid_from": "2020-13-01"}, "not an ISO date"),
        ({"valid_from": "2021-01-01", "valid_to": "2020-01-01"}, "is after valid_to"),
        ({"name": ""}, "property 'name'"),
        ({"from_article": "yes"}, "property 'from_article'"),
        ({"layer": "zones"}, "but the feature is in layer 'towns'"),
    ],
)
def test_property_contract(mini_copy: Path, changes: dict, expected: str) -> None:
    edit_feature(mini_copy, "towns", 0, **changes)
    assert any(expected in m and "town-a" in m for m in messages(mini_copy))


def test_missing_required_property(mini_copy: Path) -> None:
    path = mini_copy / "layers" / "towns.geojson"
    data = read(path)
    del data["features"][0]["properties"]["summary"]
    write(path, data)
    assert any("property 'summary' is missing" in m for m in messages(mini_copy))


def test_duplicate_ids_across_layers(mini_copy: Path) -> None:
    edit_feature(mini_copy, "towns", 0, id="zone-a")
    assert any("id is already used in layers/zones.geojson" in m for m in messages(mini_copy))


def test_clockwise_polygon_is_fixed_on_load(mini_copy: Path) -> None:
    ring = [[36.0, 35.0], [36.0, 36.0], [37.0, 36.0], [37.0, 35.0], [36.0, 35.0]]
    edit_feature(mini_copy, "zones", 0, geometry={"type": "Polygon", "coordinates": [ring]})
    story = load_story(mini_copy)
    assert any(p.severity == "warning" and "clockwise" in p.message for p in story.problems)
    from shapely import LinearRing

    assert LinearRing(story.features["zones"][0].geometry["coordinates"][0]).is_ccw


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"features": ["nowhere"]}, "names features that do not exist: ['nowhere']"),
        ({"paragraphs": [9]}, "cites paragraphs [9], but the article has 3"),
        ({"date": "10/01/2020"}, "not an ISO date"),
        ({"precision": "hour"}, "'precision'"),
        ({"paragraphs": [], "from_article": True}, "cites no paragraph"),
        ({"from_article": False, "source": ""}, "names no 'source'"),
        ({"title": ""}, "'title' must be a non-empty string"),
    ],
)
def test_event_contract(mini_copy: Path, changes: dict, expected: str) -> None:
    path = mini_copy / "events.json"
    data = read(path)
    data["events"][0].update(changes)
    write(path, data)
    problems = messages(mini_copy)
    assert any(m.startswith("error: events.json: event #0 (id 'late')") and expected in m for m in problems), problems
