from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from geo.downloads import timeline_csv, visible_geojson
from geo.story import load_story
from tests.conftest import FIXTURES, read, write


def test_visible_geojson_holds_what_the_map_shows() -> None:
    story = load_story(FIXTURES / "mini")
    data = json.loads(visible_geojson(story, date(2019, 6, 1), ["zones", "towns"]))
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["id"] for f in data["features"]] == ["zone-a", "town-a"]
    only_towns = json.loads(visible_geojson(story, date(2020, 1, 10), ["towns"]))
    assert [f["properties"]["id"] for f in only_towns["features"]] == ["town-a", "town-b"]


def test_timeline_csv_rows_in_date_order() -> None:
    rows = list(csv.DictReader(io.StringIO(timeline_csv(load_story(FIXTURES / "mini")))))
    assert [r["date"] for r in rows] == ["2019-06-01", "2020-01-10"]
    assert rows[1]["from_article"] == "yes" and rows[1]["paragraphs"] == "3" and rows[1]["features"] == "town-b"


def test_csv_cells_never_start_a_formula(mini_copy: Path) -> None:
    events = read(mini_copy / "events.json")
    events["events"][0]["title"] = "=HYPERLINK(\"http://x\")"
    write(mini_copy / "events.json", events)
    rows = list(csv.DictReader(io.StringIO(timeline_csv(load_story(mini_copy)))))
    assert rows[1]["title"] == "'=HYPERLINK(\"http://x\")"
