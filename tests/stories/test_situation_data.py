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
from geo.load.story import load_story
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


BORDER_SLACK_DEG = 0.02  # ~2 km: the 1:10m border is generalised, and towns on it (Ras al-Ain) can fall outside


def controller_at(story, point: Point, day: date) -> str:
    """Who held the ground at `point` on `day`; a border town counts by the area within about 2 km of it."""
    on = [f for f in story.features["control"] if f.exists_on(day)]
    inside = [f.properties["controller"] for f in on if shape(f.geometry).contains(point)]
    if not inside:
        near = sorted((shape(f.geometry).distance(point), f.properties["controller"]) for f in on)
        inside = [near[0][1]] if near and near[0][0] < BORDER_SLACK_DEG else []
    (held,) = inside
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
    # 2017-18: the winter offensive, the enclaves, Afrin; the north-east; Peace Spring
    ("sinjar", date(2018, 1, 6), "opposition"),
    ("sinjar", date(2018, 1, 7), "government"),
    ("abu-al-duhur", date(2017, 9, 15), "opposition"),
    ("abu-al-duhur", date(2018, 1, 29), "government"),
    ("al-fuah", date(2018, 7, 18), "government"),
    ("al-fuah", date(2018, 7, 19), "opposition"),
    ("afrin", date(2018, 3, 17), "sdf"),
    ("afrin", date(2018, 3, 18), "turkish_backed"),
    ("jarabulus", date(2017, 9, 15), "turkish_backed"),
    ("raqqa", date(2017, 10, 16), "isis"),
    ("raqqa", date(2017, 10, 17), "sdf"),
    ("manbij", date(2020, 2, 4), "sdf"),
    ("tal-abyad", date(2019, 10, 12), "sdf"),
    ("tal-abyad", date(2019, 10, 13), "turkish_backed"),
    ("ras-al-ain", date(2019, 10, 19), "sdf"),
    ("ras-al-ain", date(2019, 10, 20), "turkish_backed"),
    ("idlib", date(2017, 9, 15), "opposition"),
    ("aleppo", date(2018, 9, 17), "government"),
])
def test_the_control_layer_puts_each_town_on_the_side_the_table_says(story, town, day, who) -> None:
    row = next(r for r in table("settlements.csv") if r["id"] == town)
    assert controller_at(story, Point(float(row["lon"]), float(row["lat"])), day) == who


def test_each_controller_appears_at_most_once_on_every_covered_date_and_none_outside(story) -> None:
    features = story.features["control"]
    declared = set(story.situation.ids)
    day = COVERAGE[0]
    while day <= COVERAGE[1]:
        on = [f.properties["controller"] for f in features if f.exists_on(day)]
        assert len(on) == len(set(on)) and set(on) <= declared, day
        assert {"government", "opposition", "sdf", "turkish_backed"} <= set(on), day  # held ground all along
        day = day.fromordinal(day.toordinal() + 7)
    outside = (date.fromordinal(COVERAGE[0].toordinal() - 1), date.fromordinal(COVERAGE[1].toordinal() + 1))
    assert not [f for f in features if any(f.exists_on(d) for d in outside)]


def test_every_date_from_the_zones_creation_shows_who_held_what(story) -> None:
    assert COVERAGE[0] == date(2017, 9, 15) and COVERAGE[1] == date(2020, 3, 6)
    days = {f.valid_from for f in story.features["control"]}
    assert min(days) == COVERAGE[0] and max(f.valid_to for f in story.features["control"]) == COVERAGE[1]


def test_the_situation_is_background_not_the_article(story) -> None:
    for layer in ("control", "front_line", "roads", "m4_corridor"):
        assert all(not f.properties["from_article"] for f in story.features[layer])
    later = [e for e in story.events if e.date > story.article.date]
    assert {"saraqib-falls", "balyun-airstrike", "operation-spring-shield", "moscow-additional-protocol"} <= {
        e.id for e in later}


def test_popups_say_approximate_and_how_many_settlements(story) -> None:
    for feature in story.features["control"]:
        summary, count = feature.properties["summary"], len(table("settlements.csv"))
        assert "approximate" in summary and f"{count} settlements" in summary


@pytest.mark.parametrize(("fault", "expected"), [
    ("overlap", "error: layers/control.geojson: feature #2 (id 'control-government-2017-09-15-copy'): overlaps"),
    ("gap", "error: layers/control.geojson: leaves a gap: on {second} the control areas leave"),
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
    else:  # the government area of the second period goes
        second = sorted({f["properties"]["valid_from"] for f in data["features"]})[1]
        data["features"] = [f for f in data["features"]
                            if (f["properties"]["valid_from"], f["properties"]["controller"]) != (second, "government")]
        expected = expected.format(second=second)
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")  # as compact as the build writes it
    assert main(["validate", str(tmp_path / "data")]) == 1
    out = capsys.readouterr().out
    assert expected in out, out


def test_deployments_sit_in_sdf_held_ground_from_october_2019(story) -> None:
    rows = table("deployments.csv")
    assert rows and all(r["source"].strip() and r["url"].startswith("http") for r in rows)
    assert min(r["date"] for r in rows) == "2019-10-14"
    towns = {r["id"]: Point(float(r["lon"]), float(r["lat"])) for r in table("settlements.csv")}
    layer = story.features["deployments"]
    assert not [f for f in layer if f.exists_on(date(2019, 10, 13))]
    for town, day in [("manbij", date(2019, 10, 14)), ("kobani", date(2019, 10, 16)), ("kobani", date(2020, 2, 4)),
                      ("qamishli", date(2020, 3, 6))]:
        (area,) = [f for f in layer if f.exists_on(day)]
        assert shape(area.geometry).distance(towns[town]) < BORDER_SLACK_DEG, (town, day)
        assert controller_at(story, towns[town], day) == "sdf"
    (before,) = [f for f in layer if f.exists_on(date(2019, 10, 15))]
    assert shape(before.geometry).distance(towns["kobani"]) > BORDER_SLACK_DEG  # Kobani: from 16 October


def test_every_posts_status_follows_the_control_layer_on_every_date(story) -> None:
    from geo.load.situation import held_since

    start, end = COVERAGE
    days = sorted({start, end, *(f.valid_from for f in story.features["control"]),
                   *(date.fromordinal(d) for d in range(start.toordinal(), end.toordinal() + 1, 5))})
    government = [(shape(f.geometry), f) for f in story.features["control"]
                  if f.properties["controller"] == story.situation.behind]
    for post in story.features["observation_posts"]:
        point = shape(post.geometry)
        for day in days:
            inside = post.exists_on(day) and any(f.exists_on(day) and area.contains(point) for area, f in government)
            behind = held_since(story.behind_lines.get(post.id, ()), day) is not None
            assert behind == inside, (post.id, day)


def test_each_reported_encirclement_starts_the_posts_time_behind_the_lines(story) -> None:
    """The timeline's dated, sourced reports of a post being surrounded decide; the table must agree with them."""
    import re

    reports = [(e, f) for e in story.events if re.search(r"surrounded|encircled", e.title)
               for f in e.features if f.startswith("post-")]
    assert len(reports) >= 4
    for event, post in reports:
        spans = story.behind_lines.get(post)
        assert spans and spans[0][0] == event.date, (post, event.date, spans)
