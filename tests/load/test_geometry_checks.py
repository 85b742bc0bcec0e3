from __future__ import annotations

import pytest

from geo.load.geometry_checks import geometry_problems, position_problems

SQUARE_CCW = [[36.0, 35.0], [37.0, 35.0], [37.0, 36.0], [36.0, 36.0], [36.0, 35.0]]
EXTENT = (30.0, 30.0, 45.0, 45.0)


def test_a_valid_polygon_has_no_problem() -> None:
    assert geometry_problems({"type": "Polygon", "coordinates": [SQUARE_CCW]}, EXTENT) == ([], [])


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        ([35.9, 136.6], "swapped"),  # latitude out of range, fine as a longitude
        ([36.6, 35.9, 0], None),
        ([200.0, 10.0], "out of range"),
        (["36", 35.0], "non-numeric"),
        ([36.0], "not an array"),
        ([36.123456789, 35.0], "absurd precision"),
        ([-70.0, 40.0], "outside the story's extent"),
    ],
)
def test_positions_are_checked(position: list, expected: str | None) -> None:
    problems = position_problems(position, EXTENT)
    if expected is None:
        assert problems == []
    else:
        assert len(problems) == 1
        assert expected in problems[0]


def test_open_ring_is_an_error() -> None:
    errors, _ = geometry_problems({"type": "Polygon", "coordinates": [SQUARE_CCW[:-1]]}, EXTENT)
    assert any("not closed" in e for e in errors)


def test_short_ring_is_an_error() -> None:
    ring = [[36.0, 35.0], [37.0, 35.0], [36.0, 35.0]]
    errors, _ = geometry_problems({"type": "Polygon", "coordinates": [ring]}, EXTENT)
    assert any("at least 4" in e for e in errors)


def test_clockwise_exterior_is_a_warning() -> None:
    errors, warnings = geometry_problems({"type": "Polygon", "coordinates": [SQUARE_CCW[::-1]]}, EXTENT)
    assert errors == []
    assert any("clockwise" in w for w in warnings)


def test_self_intersection_is_reported_with_shapely_reason() -> None:
    bowtie = [[36.0, 35.0], [37.0, 36.0], [37.0, 35.0], [36.0, 36.0], [36.0, 35.0]]
    errors, _ = geometry_problems({"type": "Polygon", "coordinates": [bowtie]}, EXTENT)
    assert any("Self-intersection" in e for e in errors)


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        (None, "geometry is None, expected a GeoJSON geometry object"),
        ({"type": "Circle", "coordinates": [1, 2]}, "not one of"),
        ({"type": "Point", "coordinates": [36.0, 35.0], "crs": {}}, "crs"),
        ({"type": "MultiPoint", "coordinates": []}, "empty"),
        ({"type": "LineString", "coordinates": [[36.0, 35.0]]}, "at least 2"),
        ({"type": "Polygon", "coordinates": "nope"}, "malformed"),
    ],
)
def test_structural_faults(geometry: object, expected: str) -> None:
    errors, _ = geometry_problems(geometry, EXTENT)
    assert any(expected in e for e in errors), errors


def test_swap_is_recognised_by_the_story_extent() -> None:
    geneva_as_lat_lon = [46.22667, 6.14056]
    problems = position_problems(geneva_as_lat_lon, (5.0, 31.0, 44.0, 57.0))
    assert problems == ["position [46.22667, 6.14056] looks swapped: GeoJSON wants [longitude, latitude]"]
