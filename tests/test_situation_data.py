"""The bundled situation: every settlement and change sourced, towns on their side, the contract enforced."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from geo.__main__ import main
from geo.story import load_story
from tests.conftest import DATA

COVERAGE = load_story(DATA).situation.coverage  # type: ignore[union-attr]


def table(name: str) -> list[dict[str, str]]:
    with (DATA / "control" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def story():
    return load_story(DATA)


def test_every_settlement_and_change_is_sourced() -> None:
    settlements, changes = table("settlements.csv"), table("changes.csv")
    assert len(settlements) >= 80 and len(changes) >= 40
    for row in settlements:
        assert row["coord_source"].strip() and row["start_source"].strip(), row["id"]
        assert float(row["accuracy_km"]) > 0
    for row in changes:
        assert row["source"].strip(), row
        assert COVERAGE[0].isoformat() <= row["date"] <= COVERAGE[1].isoformat()
    assert {"saraqib", "kafr-nabudah"} <= {r["settlement_id"] for r in changes}
    flips = [r["settlement_id"] for r in changes]
    assert flips.count("saraqib") == 3 and flips.count("kafr-nabudah") == 3  # places that changed hands twice


def controller_at(story, point: Point, day: date) -> str:
    (held,) = [f.properties["controller"] for f in story.features["control"]
               if f.exists_on(day) and shape(f.geometry).contains(point)]
    return held


@pytest.mark.parametrize(("town", "day", "who"), [
    ("idlib", date(2020, 3, 6), "opposition"),
    ("hama", date(2019, 4, 30), "government"),
    ("kafr-nabudah", date(2019, 5, 7), "opposition"),
    ("kafr-nabudah", date(2019, 5, 8), "government"),
    ("kafr-nabudah", date(2019, 5, 22), "opposition"),
    ("kafr-nabudah", date(2019, 5, 26), "government"),
    ("khan-shaykhun", date(2019, 8, 20), "opposition"),
    ("khan-shaykhun", date(2019, 8, 21), "government"),
    ("maarat-al-numan", date(2020, 2, 4), "government"),
    ("saraqib", date(2020, 2, 4), "opposition"),
    ("saraqib", date(2020, 2, 6), "government"),
    ("saraqib", date(2020, 2, 27), "opposition"),
    ("saraqib", date(2020, 3, 2), "government"),
    ("khan-al-asal", date(2020, 2, 11), "government"),
])
def test_the_control_layer_puts_each_town_on_the_side_the_table_says(story, town, day, who) -> None:
    row = next(r for r in table("settlements.csv") if r["id"] == town)
    assert controller_at(story, Point(float(row["lon"]), float(row["lat"])), day) == who


def test_exactly_one_area_per_controller_on_every_covered_date_and_none_outside(story) -> None:
    features = story.features["control"]
    day = COVERAGE[0]
    while day <= COVERAGE[1]:
        on = sorted(f.properties["controller"] for f in features if f.exists_on(day))
        assert on == ["government", "opposition"], day
        day = day.fromordinal(day.toordinal() + 7)
    assert not [f for f in features if f.exists_on(date(2019, 4, 29)) or f.exists_on(date(2020, 3, 7))]


def test_the_situation_is_background_not_the_article(story) -> None:
    for layer in ("control", "front_line", "roads", "m4_corridor"):
        assert all(not f.properties["from_article"] for f in story.features[layer])
    later = [e for e in story.events if e.date > story.article.date]
    assert {"saraqib-falls", "balyun-airstrike", "operation-spring-shield", "moscow-additional-protocol"} <= {
        e.id for e in later}


def test_popups_say_approximate_and_how_many_settlements(story) -> None:
    for feature in story.features["control"]:
        assert "approximate" in feature.properties["summary"] and "87 settlements" in feature.properties["summary"]


@pytest.mark.parametrize(("fault", "expected"), [
    ("overlap", "error: layers/control.geojson: feature #2 (id 'control-government-2019-04-30-copy'): overlaps"),
    ("gap", "error: layers/control.geojson: leaves a gap: on 2019-05-08 the control areas leave"),
])
def test_validate_names_a_control_layer_with_two_features_on_one_date_or_a_gap(tmp_path: Path, capsys, fault: str,
                                                                           expected: str) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    path = tmp_path / "data" / "layers" / "control.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    if fault == "overlap":
        copy = json.loads(json.dumps(data["features"][0]))
        copy["properties"]["id"] += "-copy"
        data["features"].insert(2, copy)
    else:
        del data["features"][2]  # the government area of the second period
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", str(tmp_path / "data")]) == 1
    out = capsys.readouterr().out
    assert expected in out, out
