"""The one payload the map's time module receives (app, export, static site), and its publication."""

from __future__ import annotations

import json
from pathlib import Path

from geo.load.story import load_story
from geo.load.timeline import stops
from geo.render.payload import map_payload, overview_bounds, payload_text, publish
from tests.conftest import DATA, FIXTURES, edit_feature

HOSTILE = "<img src=x onerror=alert(1)>`${document.title='x'}`</script><b>"


def test_every_feature_is_sent_once_with_its_dates() -> None:
    story = load_story(FIXTURES / "mini")
    payload = map_payload(story)
    sent = {layer["style"]["id"]: [f["properties"]["id"] for f in layer["features"]] for layer in payload["layers"]}
    assert sent == {layer: [f.id for f in features] for layer, features in story.features.items()}
    zone = payload["layers"][0]["features"][0]["properties"]
    assert (zone["valid_from"], zone["valid_to"]) == ("2019-01-01", "2019-12-31")
    assert all(f["properties"]["highlight"] is False for layer in payload["layers"] for f in layer["features"])


def test_stops_carry_their_events_the_after_mark_and_the_posts_status() -> None:
    story = load_story(DATA)
    payload = map_payload(story)
    assert [s["date"] for s in payload["stops"]] == [d.isoformat() for d in stops(story)]
    by_date = {s["date"]: s for s in payload["stops"]}
    assert by_date["2020-02-04"]["after"] is False and by_date["2020-03-05"]["after"] is True
    assert by_date["2020-02-04"]["events"][0]["title"] == "Putin and Erdogan talk by phone"
    assert by_date["2019-08-23"]["status"]["post-09"] == "Behind government lines since 23 August 2019"
    assert "post-09" not in by_date["2019-05-06"]["status"]


def test_chosen_layers_only_and_a_legend_row_per_layer() -> None:
    payload = map_payload(load_story(FIXTURES / "mini"), ["towns"])
    assert [layer["style"]["id"] for layer in payload["layers"]] == ["towns"]
    assert [item["layer"] for item in payload["legend"]] == ["towns"]


def test_overview_covers_the_story_areas_not_far_points() -> None:
    story = load_story(DATA)
    bounds = overview_bounds(story)
    assert bounds is not None
    (south, west), (north, east) = bounds
    assert 32 < south < 35 and 35 < west < 37 and 36.5 < north < 38.5 and 41 < east < 43.5  # Syria's north
    assert overview_bounds(load_story(FIXTURES / "mini")) is not None


def test_publish_writes_one_content_named_file_once(tmp_path: Path) -> None:
    payload = map_payload(load_story(FIXTURES / "mini"))
    url = publish(payload, tmp_path, "/app/static/story")
    assert url is not None and url.startswith("/app/static/story/") and url.endswith(".json")
    (written,) = tmp_path.iterdir()
    assert written.name == url.rsplit("/", 1)[1]
    assert json.loads(written.read_text(encoding="utf-8")) == json.loads(payload_text(payload))
    assert written.stat().st_mode & 0o777 == 0o644
    stamp = written.stat().st_mtime_ns
    assert publish(payload, tmp_path, "/app/static/story") == url  # the same story: the same file, untouched
    assert written.stat().st_mtime_ns == stamp
    other = publish(payload | {"title": "another"}, tmp_path, "/x")
    assert other is not None and other != url and len(list(tmp_path.iterdir())) == 2


def test_publish_returns_none_when_the_folder_cannot_exist(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert publish({"a": 1}, blocker / "story") is None  # a file where the folder should be


def test_hostile_strings_stay_data(mini_copy: Path, tmp_path: Path) -> None:
    edit_feature(mini_copy, "towns", 0, name=HOSTILE, summary=HOSTILE, source=HOSTILE)
    payload = map_payload(load_story(mini_copy))
    url = publish(payload, tmp_path, "/p")
    assert url is not None
    text = (tmp_path / url.rsplit("/", 1)[1]).read_text(encoding="utf-8")
    town = next(f for layer in json.loads(text)["layers"] for f in layer["features"]
                if f["properties"]["name"] == HOSTILE)
    assert (town["properties"]["summary"], town["properties"]["source"]) == (HOSTILE, HOSTILE)


def test_the_payload_is_the_same_for_any_day() -> None:
    """No reader's state in it: one file per story serves every reader and every date."""
    story = load_story(FIXTURES / "mini")
    assert payload_text(map_payload(story)) == payload_text(map_payload(story))
    assert "start" not in map_payload(story)  # the date is applied in the browser


def test_a_stops_label_is_as_precise_as_its_finest_event() -> None:
    """A year's event is labelled with its year, a month's with its month; a day's event makes the day show."""
    from datetime import date

    from geo.load.story import load_story
    from geo.render.payload import stop_label
    from tests.conftest import DATA, FIXTURES

    far = load_story(FIXTURES / "far")
    assert stop_label(far, date(2014, 1, 1)) == "2014"
    assert stop_label(far, date(2009, 2, 7)) == "7 February 2009"
    idlib = load_story(DATA)
    assert stop_label(idlib, date(2017, 11, 1)) == "November 2017"
    assert stop_label(idlib, date(2020, 2, 4)) == "4 February 2020"
