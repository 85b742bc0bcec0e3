"""The held-out evaluation set (tests/data/draft_heldout/): its annotations are well-formed, and `geo draft`'s
scores on it are computed and do not fall below the floor measured when the set was added."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geo.draft import Drafter
from geo.draft.evaluate import Score, load_annotation, score
from geo.draft.reader import split
from tests.conftest import DRAFT_EVAL, FIXTURES

HELDOUT = FIXTURES / "draft_heldout"
ANNOTATIONS = sorted(HELDOUT.glob("*.json"))
KEYS = ["article", "date", "publisher", "url", "title", "licence", "places", "unlocated", "actors", "dates"]
KINDS = {"settlement", "region", "country", "zone"}
_ONE_READING = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def reading_is_valid(reading: str) -> bool:
    """An ISO day, month or year, or a range `first/last` of two of them with first <= last."""
    parts = reading.split("/")
    if len(parts) > 2 or not all(_ONE_READING.fullmatch(p) for p in parts):
        return False
    for part in parts:
        year, month, day = (int(x) for x in (part + "-01-01")[:10].split("-"))
        try:
            date(year, month, day)
        except ValueError:
            return False
    return parts == sorted(parts)


def body(annotation: dict[str, Any]) -> list[str]:
    return split((HELDOUT / annotation["article"]).read_text(encoding="utf-8")).paragraphs


def test_the_reading_check_is_not_vacuous() -> None:
    assert all(map(reading_is_valid, ["2018", "2018-09", "2018-09-17", "2018-06-18/2018-06-24", "2016/2018"]))
    assert not any(map(reading_is_valid, ["2018-13", "2019-02-30", "2018-06-24/2018-06-18", "Sep 2018", "1/2/3"]))


def test_the_held_out_set_is_new_and_large_enough() -> None:
    assert len(ANNOTATIONS) >= 8
    tuning = {p.name for p in DRAFT_EVAL.glob("*.txt")}
    texts = {path.name for path in HELDOUT.glob("*.txt")}
    assert texts == {load_annotation(p)["article"] for p in ANNOTATIONS} and not texts & tuning
    tuning_texts = {p.read_text(encoding="utf-8") for p in DRAFT_EVAL.glob("*.txt")}
    assert not {(HELDOUT / name).read_text(encoding="utf-8") for name in texts} & tuning_texts


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.stem)
def test_a_held_out_annotation_is_well_formed(path: Path) -> None:
    annotation = load_annotation(path)
    assert list(annotation) == KEYS
    assert date.fromisoformat(annotation["date"]) and annotation["url"].startswith("http")
    assert annotation["publisher"] and annotation["title"] and annotation["licence"]
    paragraphs = body(annotation)
    text = "\n".join(paragraphs)
    assert 1 <= len(paragraphs) <= 5
    ids = [place["id"] for place in annotation["places"]]
    assert len(ids) == len(set(ids))
    for place in annotation["places"]:
        assert place["kind"] in KINDS and place["words"] and all(w in text for w in place["words"]), place
        assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180, place
        assert 0 < place["tolerance_km"] <= 400 and place["coord_source"], place
        assert "GeoNames" not in place["coord_source"] or re.search(r"geonameid \d+", place["coord_source"]), place
    assert all(name in text for name in annotation["unlocated"])
    for actor in annotation["actors"]:
        assert actor["role"] in {"actor", "place"} and actor["words"] in paragraphs[actor["paragraph"] - 1], actor
    for mention in annotation["dates"]:
        assert mention["words"] in paragraphs[mention["paragraph"] - 1], mention
        assert reading_is_valid(mention["reading"]) and isinstance(mention["event"], bool), mention


def test_the_held_out_scores_are_computed_and_hold_their_floor(drafter: Drafter) -> None:
    total = Score()
    for path in ANNOTATIONS:
        annotation = load_annotation(path)
        drafted = drafter.draft(split((HELDOUT / annotation["article"]).read_text(encoding="utf-8")),
                                date.fromisoformat(annotation["date"]), annotation["publisher"])
        total = total + score(drafted, annotation)
    assert (total.places_annotated, total.dates_annotated, total.actors_annotated) == (41, 17, 26)
    # Measured when the set was added (tool untouched): places 39/41 found, 38/42 drawn right (0.95, 0.90);
    # dates 16/17 found, 18/19 right (0.94, 0.95); actors 19/26 (0.73). These are NOT the tuning set's 0.9
    # targets: the floors are the measured values less about one item's worth, so the test catches a tool
    # change that loses ground on unseen text without pretending the tool already reaches 0.9 on the actors.
    assert total.place_recall >= 0.92 and total.place_precision >= 0.87
    assert total.date_recall >= 0.88 and total.date_precision >= 0.89
    assert total.actor_share >= 0.69
