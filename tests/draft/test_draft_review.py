"""An editor's review of a draft (geo/draft/review.py): each decision changes the story folder as it says."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from geo.check.validate import validate_folder
from geo.draft import Draft, Drafter, split
from geo.draft.review import (
    AddedPlace,
    DateDecision,
    PlaceDecision,
    Review,
    ReviewError,
    candidates,
    parse_reading,
    reviewed_files,
    still_drafts,
    zipped,
)
from geo.draft.writer import story_files, write_files
from tests.conftest import DRAFT_EVAL

ASTANA = DRAFT_EVAL / "un-sg-2018-06-10-idlib.txt"  # 'Astana' has other candidates
ROCHDI = DRAFT_EVAL / "un-rochdi-2020-02-27-northwest-syria.txt"


def drafted(drafter: Drafter, path: Path) -> Draft:
    return drafter.draft(split(path.read_text(encoding="utf-8")), None)


def features(files: dict) -> dict[str, dict]:
    return {f["properties"]["id"]: f for f in files["layers/places.geojson"]["features"]}


def index_of(draft: Draft, name: str) -> int:
    return next(i for i, place in enumerate(draft.places) if place.name == name)


def test_no_decision_gives_the_drafted_folder(drafter: Drafter) -> None:
    draft = drafted(drafter, ROCHDI)
    files = reviewed_files(draft, Review())
    assert files == story_files(draft)
    assert {"geneva", "idlib-region", "hama", "maaret-masreen"} <= set(features(files))
    assert still_drafts(files) == len(features(files)) + len(files["events.json"]["events"]) + 1


def test_picking_another_candidate_moves_the_point(drafter: Drafter) -> None:
    draft = drafted(drafter, ASTANA)
    index = index_of(draft, "Astana")
    options = candidates(draft.places[index])
    assert len(options) >= 2
    files = reviewed_files(draft, Review(places={index: PlaceDecision(candidate=1)}))
    feature = features(files)["astana"]
    assert feature["geometry"]["coordinates"] == [round(options[1].lon, 6), round(options[1].lat, 6)]
    assert feature["properties"]["reason"] == "candidate 2 picked by the editor"
    with pytest.raises(ReviewError, match="no candidate number 99"):
        reviewed_files(draft, Review(places={index: PlaceDecision(candidate=98)}))


def test_moving_dropping_and_adding_places(drafter: Drafter) -> None:
    draft = drafted(drafter, ROCHDI)
    review = Review(places={index_of(draft, "Hama"): PlaceDecision(moved_to=(35.14, 36.76)),
                            index_of(draft, "Geneva"): PlaceDecision(dropped=True)},
                    added=[AddedPlace("Aleppo", 36.2, 37.16), AddedPlace("Saraqib", 35.86, 36.8)])
    files = reviewed_files(draft, review)
    found = features(files)
    assert "geneva" not in found
    assert not any("geneva" in event["features"] for event in files["events.json"]["events"])
    assert found["hama"]["geometry"]["coordinates"] == [36.76, 35.14]
    assert found["hama"]["properties"]["coord_source"].startswith("placed by the editor")
    assert found["hama"]["properties"]["accuracy_km"] == 1.0
    # named in the article: cited by paragraph; not named: the article is not cited for it
    assert found["aleppo"]["properties"]["paragraphs"] == [3] and found["aleppo"]["properties"]["from_article"]
    assert found["saraqib"]["properties"]["paragraphs"] == [] and not found["saraqib"]["properties"]["from_article"]
    with pytest.raises(ReviewError, match="out of range"):
        reviewed_files(draft, Review(added=[AddedPlace("Nowhere", 91.0, 0.0)]))


def test_changing_a_dates_reading_and_whether_it_is_an_event(drafter: Drafter) -> None:
    draft = drafted(drafter, ROCHDI)
    december = next(i for i, d in enumerate(draft.dates) if d.text == "1 December")
    thursday = next(i for i, d in enumerate(draft.dates) if d.iso == "2020-02-27")
    files = reviewed_files(draft, Review(dates={december: DateDecision("2019-12"),
                                                thursday: DateDecision("2020-02-27", event=False)}))
    dated = {event["date"]: event for event in files["events.json"]["events"]}
    assert "2019-12-01" in dated and dated["2019-12-01"]["precision"] == "month"
    assert "2020-02-27" not in dated
    reading = next(d for d in files["draft.json"]["dates"] if d["words"] == "1 December")
    assert reading["reading"] == "2019-12" and reading["rule"] == "editor"
    with pytest.raises(ReviewError, match="not a reading"):
        reviewed_files(draft, Review(dates={december: DateDecision("early December")}))


@pytest.mark.parametrize(("text", "first", "last", "precision"), [
    ("2020-02-04", date(2020, 2, 4), date(2020, 2, 4), "day"),
    ("2020-02", date(2020, 2, 1), date(2020, 2, 29), "month"),
    ("2019-12", date(2019, 12, 1), date(2019, 12, 31), "month"),
    ("2017", date(2017, 1, 1), date(2017, 12, 31), "year"),
    ("2020-02-01/2020-02-10", date(2020, 2, 1), date(2020, 2, 10), "range"),
])
def test_readings(text: str, first: date, last: date, precision: str) -> None:
    assert parse_reading(text) == (first, last, precision)


@pytest.mark.parametrize("text", ["", "Feb 2020", "2020-13", "2020-02-10/2020-02-01", "2020-02-30"])
def test_bad_readings_are_named(text: str) -> None:
    with pytest.raises(ReviewError):
        parse_reading(text)


def test_accepting_needs_the_editors_own_summary(drafter: Drafter) -> None:
    draft = drafted(drafter, ROCHDI)
    drafted_summary = features(reviewed_files(draft, Review()))["hama"]["properties"]["summary"]
    for summary in ("", "  ", drafted_summary):
        with pytest.raises(ReviewError, match="own words"):
            reviewed_files(draft, Review(accepted={"hama": summary}))
    files = reviewed_files(draft, Review(accepted={"hama": "Hama, where strikes went on in February 2020."}))
    hama = features(files)["hama"]["properties"]
    assert hama["summary"] == "Hama, where strikes went on in February 2020."
    assert not {"draft", "evidence", "candidates", "confidence"} & set(hama)
    assert features(files)["geneva"]["properties"]["draft"] is True


def test_a_fully_accepted_review_validates_clean_and_zips(drafter: Drafter, tmp_path: Path) -> None:
    draft = drafted(drafter, ROCHDI)
    ids = list(features(reviewed_files(draft, Review()))) + \
        [event["id"] for event in reviewed_files(draft, Review())["events.json"]["events"]]
    with pytest.raises(ReviewError, match="title"):
        reviewed_files(draft, Review(accept_story=True))
    review = Review(accepted={identifier: f"Our summary of {identifier}." for identifier in ids},
                    title="Strikes in north-western Syria, February 2020", accept_story=True)
    files = reviewed_files(draft, review)
    assert still_drafts(files) == 0
    write_files(files, tmp_path / "story")
    assert validate_folder(tmp_path / "story") == []
    archive = zipfile.ZipFile(io.BytesIO(zipped(files, "strikes")))
    assert "strikes/story.json" in archive.namelist()
    assert json.loads(archive.read("strikes/story.json"))["title"] == "Strikes in north-western Syria, February 2020"


def test_the_original_draft_is_untouched(drafter: Drafter) -> None:
    draft = drafted(drafter, ROCHDI)
    before = reviewed_files(draft, Review())
    reviewed_files(draft, Review(places={0: PlaceDecision(dropped=True)}, added=[AddedPlace("Aleppo", 36.2, 37.1)]))
    assert reviewed_files(draft, Review()) == before
