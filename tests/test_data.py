"""The bundled story: complete, sourced, and true to the article it maps."""

from __future__ import annotations

import json
import os
from datetime import date

import pytest

from geo import article
from geo.story import load_story
from geo.validate import validate_folder
from tests.conftest import ARTICLE, DATA, ROOT


@pytest.fixture(scope="module")
def story():
    return load_story(DATA)


@pytest.fixture(scope="module")
def article_paragraphs() -> list[str]:
    if not ARTICLE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the seed article at {ARTICLE}")
        pytest.skip(f"the seed article is not at {ARTICLE} (it is in CI); provenance checks need it")
    return article.paragraphs(ARTICLE.read_text(encoding="utf-8"))


def test_bundled_story_validates_without_any_problem() -> None:
    assert [str(p) for p in validate_folder(DATA)] == []


def test_every_layer_the_issue_names_is_there_and_not_empty(story) -> None:
    expected = {"places", "observation_posts", "idlib_zone", "border", "buffer_zone", "peace_spring",
                "patrol_strip", "evacuation_routes", "control", "front_line", "roads", "m4_corridor"}
    assert {spec.id for spec in story.layers} == expected
    assert all(story.features[layer] for layer in expected)


def test_twelve_posts_with_governorate_and_date(story) -> None:
    posts = story.features["observation_posts"]
    assert len(posts) == 12
    assert len({p.properties["governorate"] for p in posts}) > 1  # not all in Idlib, whatever the article says
    for post in posts:
        assert post.properties["governorate"] in {"Idlib", "Aleppo", "Hama", "Latakia"}
        assert date(2017, 10, 1) <= post.valid_from <= date(2018, 5, 31)
        assert post.properties["coord_source"] and post.properties["accuracy_km"] > 0
        if post.properties["governorate"] != "Idlib":
            assert "outside" in post.properties["summary"]


def test_places_of_the_story_within_two_km(story) -> None:
    places = {f.id: f for f in story.features["places"]}
    for required in ("idlib", "sochi", "geneva", "moscow", "ankara"):
        assert places[required].properties["accuracy_km"] <= 2
        assert places[required].properties["coord_source"]


def test_every_point_records_where_its_coordinate_comes_from(story) -> None:
    for layer in ("places", "observation_posts"):
        for feature in story.features[layer]:
            assert feature.geometry["type"] == "Point"
            assert feature.properties.get("coord_source"), feature.id


def test_timeline_holds_every_dated_event_of_the_article(story) -> None:
    article_events = {e.date: e for e in story.events if e.from_article}
    for day in (date(2019, 10, 22), date(2019, 10, 23), date(2020, 1, 10), date(2020, 1, 12), date(2020, 2, 4)):
        assert day in article_events
    assert any(e.date.year == 2017 and e.from_article for e in story.events)  # the zone, "set up in 2017"
    assert any("Geneva" in e.title for e in story.events)
    # nothing the article says happens after it; what follows the call is context, up to the Moscow protocol
    assert max(e.date for e in story.events if e.from_article) == story.article.date
    later = [e for e in story.events if e.date > story.article.date]
    assert later and all(not e.from_article and e.source for e in later)
    assert max(e.date for e in later) == date(2020, 3, 5)


def test_each_post_has_its_set_up_event(story) -> None:
    for post in story.features["observation_posts"]:
        events = [e for e in story.events if post.id in e.features and e.id.endswith("-set-up")]
        assert len(events) == 1 and events[0].date == post.valid_from and not events[0].from_article


def test_context_carries_a_source(story) -> None:
    for event in story.events:
        assert event.source, event.id
    for features in story.features.values():
        for feature in features:
            assert feature.properties["source"], feature.id


def test_article_paragraph_count_matches_the_manifest(story, article_paragraphs) -> None:
    assert len(article_paragraphs) == story.article.paragraphs


def test_article_events_cite_paragraphs_with_their_date_and_places(story, article_paragraphs) -> None:
    places = {f.id: f for f in story.features["places"]}
    for event in (e for e in story.events if e.from_article):
        cited = " ".join(article_paragraphs[p - 1] for p in event.paragraphs)
        precision = "year" if event.date_source else event.precision  # the article gave only the year
        assert article.mentions_date(cited, event.date, precision), event.id
        for place_id in (f for f in event.features if f in places):
            term = places[place_id].properties.get("article_term")
            assert term and term in cited, (event.id, place_id)


def test_no_text_repeats_the_articles_wording(article_paragraphs) -> None:
    source = "\n".join(article_paragraphs)
    for path in [*sorted((DATA / "layers").glob("*.geojson")), DATA / "events.json", ROOT / "README.md",
                 DATA / "README.md"]:
        if path.exists():
            assert article.shared_runs(path.read_text(encoding="utf-8"), source) == [], path.name


def test_paragraph_splitter_skips_headline_caption_and_subheading() -> None:
    text = 'Headline — Wire\n\nPhoto\n\nCITY, May 1. First one.\n\nSubheading\n\n"Second," he said."\n'
    assert article.paragraphs(text) == ["CITY, May 1. First one.", '"Second," he said."']


def test_layers_are_plain_rfc7946_files() -> None:
    for path in (DATA / "layers").glob("*.geojson"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["type"] == "FeatureCollection" and "crs" not in data
        assert all(f["properties"]["layer"] == path.stem for f in data["features"])
