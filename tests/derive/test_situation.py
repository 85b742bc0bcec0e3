"""Who held what: periods from the changes table, Voronoi control areas, the front line, posts behind lines."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import LineString, Point, box, shape

from geo.derive.build_situation import control_layers
from geo.derive.derivation import Inputs
from geo.load.derive_settings import DeriveSettings, StudyArea
from geo.load.layers import control_problems
from geo.load.situation import behind_lines, held_since, periods
from geo.load.tables import Change, Settlement
from geo.model import Controller, Feature, Situation

COVERAGE = (date(2019, 4, 30), date(2020, 3, 6))
SITUATION = Situation(
    coverage=COVERAGE, controllers=(Controller("government", "Government-held", "#c62828"),
                                    Controller("opposition", "Opposition-held", "#2e7d32")),
    front=("government", "opposition"), behind="government", behind_label="Post behind government lines",
    behind_status="Behind government lines since {date}")

# A fictional grid of settlements, 0.1° apart, west column government-held at the start.
GRID = [Settlement(id=f"s{i}{j}", name=f"S{i}{j}", governorate="Idlib", lon=36.0 + 0.1 * i, lat=35.5 + 0.1 * j,
                   coord_source="test", accuracy_km=0.5, controller_at_start="government" if i == 0 else "opposition",
                   start_source="test") for i in range(4) for j in range(4)]


def change(sid: str, day: date, who: str) -> Change:
    return Change(settlement=sid, date=day, controller=who, source="test", corroboration="", date_note="")


CHANGES = [change("s10", date(2019, 6, 1), "government"), change("s11", date(2019, 6, 1), "government"),
           change("s10", date(2019, 7, 1), "opposition"), change("s10", date(2019, 8, 1), "government"),
           change("s22", date(2019, 8, 1), "opposition")]  # already opposition: no new period of its own


HULL = StudyArea("hull", margin_km=8)


def fake_inputs(changes: list[Change] = CHANGES, study: StudyArea = HULL) -> Inputs:
    return Inputs(border=LineString([(35.0, 37.0), (38.0, 37.0)]), country=box(35.0, 34.5, 38.0, 37.0), points={},
                  settlements=GRID, changes=changes, deployments=[], crs="EPSG:32637", situation=SITUATION,
                  settings=DeriveSettings("Here", "There", study))


@pytest.fixture(scope="module")
def layers() -> dict:
    return control_layers(fake_inputs())


def test_periods_split_at_each_change_and_cover_the_range() -> None:
    found = periods(GRID, CHANGES, COVERAGE)
    assert [(p.start, p.end) for p in found] == [
        (COVERAGE[0], date(2019, 5, 31)), (date(2019, 6, 1), date(2019, 6, 30)),
        (date(2019, 7, 1), date(2019, 7, 31)), (date(2019, 8, 1), COVERAGE[1])]
    assert found[2].held["s10"] == "opposition" and found[3].held["s10"] == "government"


def test_identical_periods_merge() -> None:
    found = periods(GRID, [change("s22", date(2019, 8, 1), "opposition")], COVERAGE)
    assert [(p.start, p.end) for p in found] == [COVERAGE]


def as_features(raw: list[dict]) -> list[Feature]:
    return [Feature(id=f["properties"]["id"], layer="control", name=f["properties"]["name"], geometry=f["geometry"],
                    properties=f["properties"], valid_from=date.fromisoformat(f["properties"]["valid_from"]),
                    valid_to=date.fromisoformat(f["properties"]["valid_to"])) for f in raw]


def area_on(layers: dict, controller: str, day: date):
    (feature,) = [f for f in layers["control"] if f["properties"]["controller"] == controller
                  and f["properties"]["valid_from"] <= day.isoformat() <= f["properties"]["valid_to"]]
    return shape(feature["geometry"])


@pytest.mark.parametrize(("sid", "day", "who"), [
    ("s00", date(2019, 5, 1), "government"), ("s10", date(2019, 5, 1), "opposition"),
    ("s10", date(2019, 6, 15), "government"), ("s10", date(2019, 7, 15), "opposition"),
    ("s10", date(2019, 8, 15), "government"), ("s33", date(2020, 3, 6), "opposition"),
])
def test_each_settlement_lies_on_its_controllers_side(layers, sid, day, who) -> None:
    settlement = next(s for s in GRID if s.id == sid)
    assert area_on(layers, who, day).contains(Point(settlement.lon, settlement.lat))


def test_exactly_one_feature_per_controller_on_every_date(layers) -> None:
    assert control_problems("layers/control.geojson", as_features(layers["control"])) == []
    assert len(layers["control"]) == 2 * len(layers["front_line"])


def test_the_front_runs_between_the_two_sides(layers) -> None:
    front = shape(layers["front_line"][0]["geometry"])
    assert front.geom_type in ("LineString", "MultiLineString") and front.length > 0
    assert abs(front.centroid.x - 36.05) < 0.02  # halfway between the first and second columns


def test_contract_names_an_overlap_and_a_gap(layers) -> None:
    features = as_features(layers["control"])
    overlapping = [*features, features[0]]
    assert any("overlaps" in p.message for p in control_problems("layers/control.geojson", overlapping))
    gap = [f for f in features if f.valid_from != date(2019, 6, 1)]
    problems = control_problems("layers/control.geojson", gap)
    assert any("leaves a gap: no feature from 2019-06-01 to 2019-06-30" in p.message for p in problems)
    assert all(p.file == "layers/control.geojson" and "feature #" in p.feature for p in problems)


def test_a_post_is_behind_the_lines_exactly_while_its_ground_is_government_held(layers) -> None:
    class Spec:
        def __init__(self, sid: str, kind: str) -> None:
            self.id, self.kind = sid, kind

    post = Feature(id="post", layer="posts", name="Post", geometry={"type": "Point", "coordinates": [36.1, 35.5]},
                   properties={}, valid_from=None, valid_to=None)

    class FakeStory:
        pass

    fake = FakeStory()
    fake.situation = SITUATION  # type: ignore[attr-defined]
    fake.layers = [Spec("control", "control"), Spec("posts", "post")]  # type: ignore[attr-defined]
    fake.features = {"control": as_features(layers["control"]), "posts": [post]}  # type: ignore[attr-defined]

    spans = behind_lines(fake)["post"]  # type: ignore[arg-type]
    assert spans == ((date(2019, 6, 1), date(2019, 6, 30)), (date(2019, 8, 1), COVERAGE[1]))
    assert held_since(spans, date(2019, 6, 20)) == date(2019, 6, 1)
    assert held_since(spans, date(2019, 7, 20)) is None
    assert held_since(spans, date(2020, 1, 1)) == date(2019, 8, 1)
