"""The two Sochi memoranda stay apart: the 2018 one on Idlib and the 2019 one on north-eastern Syria."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import shape

from geo.load.story import load_story
from geo.render.mapview import legend_items
from tests.conftest import DATA


@pytest.fixture(scope="module")
def story():
    return load_story(DATA)


def sochi_texts(story) -> list[str]:
    """Every title that names a Sochi memorandum: events, layers, legend rows, features."""
    titles = [e.title for e in story.events] + [s.title for s in story.layers]
    titles += [row["title"] for row in legend_items(story.layers, story.features, story.situation)]
    titles += [f.name for features in story.features.values() for f in features]
    return [t for t in titles if "Sochi" in t and ("memorandum" in t.lower() or "zone" in t.lower())]


def test_every_title_naming_a_sochi_memorandum_says_which_one(story) -> None:
    texts = sochi_texts(story)
    assert len(texts) >= 4
    for text in texts:
        idlib = "Idlib" in text and "2018" in text
        north_east = "north-eastern Syria" in text and "2019" in text
        assert idlib != north_east, text  # exactly one of the two


def test_the_2018_memorandum_is_on_the_timeline_tied_to_paragraph_3(story) -> None:
    (event,) = [e for e in story.events if e.date == date(2018, 9, 17)]
    assert "Idlib" in event.title and event.paragraphs == (3,) and not event.from_article
    for provision in ("15 to 20 km", "10 October", "15 October", "M4", "M5", "patrol"):
        assert provision in event.summary, provision
    assert "not met" in event.summary and "done" in event.summary  # which deadlines held, which did not
    assert "sochi-2018-demilitarized-zone" in event.features


def test_the_2018_zone_lies_on_the_opposition_side_and_is_later_overrun(story) -> None:
    (zone,) = story.features["sochi_2018_zone"]
    area = shape(zone.geometry)
    held = {f.properties["controller"]: shape(f.geometry) for f in story.features["control"]
            if f.exists_on(date(2018, 9, 17))}
    assert area.intersection(held["opposition"]).area > 0.97 * area.area
    assert area.intersection(held["government"]).area < 0.01 * area.area
    later = {f.properties["controller"]: shape(f.geometry) for f in story.features["control"]
             if f.exists_on(date(2020, 3, 6))}
    assert area.intersection(later["government"]).area > 0.4 * area.area  # the offensives took much of it
    assert zone.properties["approximate"] and "15-20 km" in zone.properties["derived"]


def test_validate_names_a_zone_drawn_on_the_wrong_side(tmp_path, capsys) -> None:
    import json
    import shutil

    from geo.__main__ import main

    folder = tmp_path / "story"
    shutil.copytree(DATA, folder)
    manifest = json.loads((folder / "story.json").read_text(encoding="utf-8"))
    (spec,) = [layer for layer in manifest["layers"] if layer["id"] == "sochi_2018_zone"]
    spec["inside"] = {"controller": "government", "on": "2018-09-17"}  # the wrong side
    (folder / "story.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "error: layers/sochi_2018_zone.geojson: feature id 'sochi-2018-demilitarized-zone': only 0% of it lies in " \
           "government ground on 2018-09-17" in out
