"""The story's ground and its far features (geo/render/region.py): one rule for the map's framing and for the PNG."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from geo.load.story import load_story
from geo.render import region
from geo.render.payload import map_payload
from tests.conftest import DATA, FIXTURES, edit_feature


def test_great_circle_distances_on_the_mean_sphere() -> None:
    quarter = math.pi / 2 * region.EARTH_RADIUS_KM
    assert region.great_circle_km(0, 0, 0, 90) == pytest.approx(quarter)  # equator to pole
    assert region.great_circle_km(10, 0, 100, 0) == pytest.approx(quarter)  # a quarter of the equator
    assert region.great_circle_km(30, 60, 31, 60) == pytest.approx(math.radians(1) * region.EARTH_RADIUS_KM * 0.5,
                                                                   rel=1e-4)  # 1° of longitude at 60°N: half
    assert region.great_circle_km(36.6, 35.9, 36.6, 35.9) == 0


def test_box_distance_is_zero_when_boxes_meet_and_axis_by_axis_otherwise() -> None:
    ground = (35.0, 32.0, 42.0, 37.0)
    assert region.box_distance_km((36.0, 33.0, 36.5, 33.5), ground) == 0  # inside
    assert region.box_distance_km((41.0, 36.0, 44.0, 38.0), ground) == 0  # overlapping
    north = region.box_distance_km((38.0, 39.0, 38.0, 39.0), ground)  # a point 2° due north of the box
    assert north == pytest.approx(region.great_circle_km(38.0, 37.0, 38.0, 39.0))


def test_the_ground_leaves_out_places_and_covers_everything_else() -> None:
    story = load_story(FIXTURES / "mini")  # one zone layer, one place layer
    expected = region.union(b for f in story.features["zones"] if (b := region.feature_box(f)) is not None)
    assert region.ground(story) == expected


def test_far_places_of_the_story_are_the_far_capitals() -> None:
    """Measured, not listed: the four places hundreds of km or more from the ground are far; the rest is near."""
    story = load_story(DATA)
    far = region.far_ids(story)
    base = region.ground(story)
    assert base is not None
    for features in story.features.values():
        for f in features:
            box = region.feature_box(f)
            assert box is not None
            assert (f.id in far) == (region.box_distance_km(box, base) > region.FAR_KM), f.id
    names = {f.name.split(" (")[0] for fs in story.features.values() for f in fs if f.id in far}
    assert names == {"Moscow", "Ankara", "Sochi", "Geneva"}  # the article's capitals and meeting places
    assert all(spec.kind == "place" for spec in story.layers for f in story.features[spec.id] if f.id in far)


def test_a_place_moved_far_from_the_ground_becomes_far_and_the_payload_says_so(mini_copy: Path) -> None:
    assert region.far_ids(load_story(mini_copy)) == frozenset()
    edit_feature(mini_copy, "towns", 0, geometry={"type": "Point", "coordinates": [36.5, 44.0]})  # ~900 km north
    story = load_story(mini_copy)
    assert region.far_ids(story) == {"town-a"}
    sent = {f["properties"]["id"]: f["properties"].get("far", False)
            for layer in map_payload(story)["layers"] for f in layer["features"]}
    assert sent == {"zone-a": False, "town-a": True, "town-b": False}


def test_a_story_of_places_only_has_no_ground_and_nothing_far(mini_copy: Path) -> None:
    story = load_story(mini_copy)
    story.features["zones"] = []
    assert region.ground(story) is None
    assert region.far_ids(story) == frozenset()
