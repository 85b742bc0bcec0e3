"""The bundled story: complete, sourced, and true to the article it maps.

The article (the seed, at ../shared/seed/article.txt) is not part of the project. What the provenance checks
need from it is kept in tests/data/article_facts.json: its hash, its paragraph count, per paragraph the
article terms and dates the story cites, and hashes of its 8-word runs; never its wording. The checks run
against that file always; one test checks the file against the article whenever the article is there.
Regenerate the file with `.venv/bin/python -m tests.stories.test_data` (it reads the article and the story).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geo.check.validate import validate_folder
from geo.load import article
from geo.load.story import load_story
from geo.load.timeline import MONTHS
from geo.model import Story
from tests.conftest import ARTICLE, DATA, FIXTURES, ROOT

ARTICLE_FACTS = FIXTURES / "article_facts.json"
RUN_LENGTH = 8  # this many consecutive words of the article may appear nowhere in the project
_DATE = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{1,2})\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_NOT_PROJECT_FILES = {".git", ".venv", "node_modules", "static", "__pycache__", ".mypy_cache", ".ruff_cache",
                      ".pytest_cache", ".hypothesis"}


# --- the facts: made from the article, checked without it -------------------------------------------------------

def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def run_hashes(text: str) -> dict[str, str]:
    """{hash: run} for every run of RUN_LENGTH words in `text`, as `geo.load.article.shared_runs` counts words."""
    words = article.words(text)
    runs = (" ".join(words[i:i + RUN_LENGTH]) for i in range(len(words) - RUN_LENGTH + 1))
    return {sha256(run)[:16]: run for run in runs}


def article_terms(story: Story) -> set[str]:
    """The words the story says the article uses for its places."""
    return {f.properties["article_term"] for features in story.features.values() for f in features
            if f.properties.get("article_term")}


def article_facts(raw: bytes, terms: Iterable[str]) -> dict[str, Any]:
    """The facts file's content for an article (its bytes) and the terms to look for in it."""
    body = article.paragraphs(raw.decode("utf-8"))
    return {
        "about": "Facts about the seed article that tests/stories/test_data.py checks the story against; no wording of "
                 "the article. Made by `.venv/bin/python -m tests.stories.test_data`; see tests/data/README.md.",
        "sha256": sha256(raw),
        "paragraph_count": len(body),
        "paragraphs": [
            {"paragraph": n, "sha256": sha256(text),
             "terms": sorted({t for t in terms if t in text}),
             "dates": sorted({f"{m.group(1)} {int(m.group(2))}" for m in _DATE.finditer(text)}),
             "years": sorted(set(_YEAR.findall(text)))}
            for n, text in enumerate(body, start=1)
        ],
        "runs": {"length": RUN_LENGTH,
                 "hash": "sha256 of the run's lower-case words (geo.load.article.words) joined by one space, "
                         "first 16 hex digits; body paragraphs only",
                 "hashes": sorted(run_hashes("\n".join(body)))},
    }


def cited(facts: dict[str, Any], paragraphs: Iterable[int]) -> dict[str, set[str]]:
    """The terms, dates ('October 22') and years the given paragraphs hold, together."""
    found: dict[str, set[str]] = {"terms": set(), "dates": set(), "years": set()}
    for n in paragraphs:
        assert 1 <= n <= len(facts["paragraphs"]), f"paragraph {n}: the article has {len(facts['paragraphs'])}"
        entry = facts["paragraphs"][n - 1]
        assert entry["paragraph"] == n
        for key, values in found.items():
            values.update(entry[key])
    return found


def names_date(held: dict[str, set[str]], day: date, precision: str) -> bool:
    """Whether paragraphs name a date as the article would ('October 22'; the year alone for 'year')."""
    if precision == "year":
        return str(day.year) in held["years"]
    return f"{MONTHS[day.month - 1]} {day.day}" in held["dates"]


@pytest.fixture(scope="module")
def story():
    return load_story(DATA)


@pytest.fixture(scope="module")
def facts() -> dict[str, Any]:
    return json.loads(ARTICLE_FACTS.read_text(encoding="utf-8"))


def test_bundled_story_validates_without_any_problem() -> None:
    """No problem but the known name disagreements between the translators and names.csv (README, Languages)."""
    problems = validate_folder(DATA)
    unknown = [str(p) for p in problems if not (p.severity == "warning" and p.file.startswith("translations/")
                                                and "does not use the place's name in names.csv" in p.message)]
    assert unknown == []


def test_every_layer_the_issue_names_is_there_and_not_empty(story) -> None:
    expected = {"places", "observation_posts", "idlib_zone", "border", "buffer_zone", "peace_spring",
                "patrol_strip", "evacuation_routes", "control", "front_line", "roads", "m4_corridor",
                "deployments", "sochi_2018_zone", "displacement"}
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


def test_article_paragraph_count_matches_the_manifest(story, facts) -> None:
    assert facts["paragraph_count"] == story.article.paragraphs
    assert [p["paragraph"] for p in facts["paragraphs"]] == list(range(1, story.article.paragraphs + 1))


def test_article_events_cite_paragraphs_with_their_date_and_places(story, facts) -> None:
    places = {f.id: f for f in story.features["places"]}
    checked = 0
    for event in (e for e in story.events if e.from_article):
        assert event.paragraphs, event.id
        held = cited(facts, event.paragraphs)
        precision = "year" if event.date_source else event.precision  # the article gave only the year
        assert names_date(held, event.date, precision), (event.id, event.date, precision, held)
        for place_id in (f for f in event.features if f in places):
            term = places[place_id].properties.get("article_term")
            assert term and term in held["terms"], (event.id, place_id, term)
            checked += 1
    assert checked  # the story has article events that name places


def test_places_from_the_article_are_named_in_every_paragraph_they_cite(story, facts) -> None:
    from_article = [f for f in story.features["places"] if f.properties.get("from_article")]
    assert from_article
    for place in from_article:
        term = place.properties.get("article_term")
        assert term, f"{place.id} is from the article but has no article_term"
        assert place.properties.get("paragraphs"), place.id
        for n in place.properties["paragraphs"]:
            assert term in cited(facts, [n])["terms"], (place.id, term, n)


def project_text_files(root: Path = ROOT) -> dict[str, str]:
    """{path: text} for every text file of the project (not git's, the venv's, npm's or caches')."""
    found = {}
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if set(parts) & _NOT_PROJECT_FILES or any(p.endswith(".egg-info") for p in parts):
            continue
        if path.is_symlink() or not path.is_file():
            continue
        try:
            found[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # not text
    return found


def copied_runs(text: str, hashes: set[str]) -> list[str]:
    return sorted(run for digest, run in run_hashes(text).items() if digest in hashes)


def test_no_text_repeats_the_articles_wording(facts) -> None:
    """Anywhere in the project: code, tests, data, READMEs, this facts file."""
    hashes = set(facts["runs"]["hashes"])
    assert facts["runs"]["length"] == RUN_LENGTH and len(hashes) > 100
    files = project_text_files()
    assert {"README.md", "stories/idlib/README.md", "stories/idlib/events.json",
            "stories/idlib/layers/places.geojson", "app.py", "tests/data/article_facts.json"} <= set(files)
    copied = {name: runs for name, text in files.items() if (runs := copied_runs(text, hashes))}
    assert copied == {}


def test_the_facts_hold_no_wording_of_the_article(facts) -> None:
    """Only hashes, counts and short terms (a word or three) are kept: nothing that could quote a sentence."""
    assert set(facts) == {"about", "sha256", "paragraph_count", "paragraphs", "runs"}
    short = [v for p in facts["paragraphs"] for key in ("terms", "dates", "years") for v in p[key]]
    assert short and all(len(v.split()) <= 3 and len(v) <= 30 for v in short), short
    digests = [facts["sha256"], *(p["sha256"] for p in facts["paragraphs"]), *facts["runs"]["hashes"]]
    assert all(re.fullmatch(r"[0-9a-f]{64}|[0-9a-f]{16}", d) for d in digests)
    assert all(set(p) == {"paragraph", "sha256", "terms", "dates", "years"} for p in facts["paragraphs"])


def test_the_wording_check_catches_a_copied_run() -> None:
    """Not vacuous: a run is found whatever its case and punctuation, and only a whole run of eight words."""
    run = "alpha beta gamma delta epsilon zeta eta theta"
    hashes = set(run_hashes(run))
    assert copied_runs("So: Alpha, beta; gamma delta (epsilon) zeta eta THETA!", hashes) == [run]
    assert copied_runs("alpha beta gamma delta epsilon zeta eta", hashes) == []
    assert copied_runs("alpha beta gamma delta epsilon zeta eta iota", hashes) == []


def read_seed_article() -> bytes:
    if not ARTICLE.exists():
        reason = (f"the seed article is not at {ARTICLE}: tests/data/article_facts.json was NOT checked against "
                  "it (the provenance checks above still ran against the facts file); CI has the article")
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the seed article at {ARTICLE}")
        warnings.warn(reason, stacklevel=2)
        pytest.skip(reason)
    return ARTICLE.read_bytes()


def test_article_facts_still_match_the_seed_article(story, facts) -> None:
    """The facts file is the article's: same hash, paragraphs, terms, dates and runs (skips only off CI)."""
    raw = read_seed_article()
    hint = "the article or the story's article terms changed: run `.venv/bin/python -m tests.stories.test_data`"
    terms = article_terms(story) | {t for p in facts["paragraphs"] for t in p["terms"]}
    fresh = article_facts(raw, terms)
    assert fresh["sha256"] == facts["sha256"], hint
    assert fresh["paragraph_count"] == facts["paragraph_count"], hint
    for new, old in zip(fresh["paragraphs"], facts["paragraphs"], strict=True):
        assert new == old, (hint, new["paragraph"])
    assert fresh["runs"] == facts["runs"], hint
    # the facts never say a paragraph names a date that geo.load.article.mentions_date would not find in it
    body = article.paragraphs(raw.decode("utf-8"))
    for event in story.events:
        precision = "year" if event.date_source else event.precision
        for n in (n for n in event.paragraphs if 1 <= n <= len(body)):
            if names_date(cited(facts, [n]), event.date, precision):
                assert article.mentions_date(body[n - 1], event.date, precision), (event.id, n)


def test_paragraph_splitter_skips_headline_caption_and_subheading() -> None:
    text = 'Headline — Wire\n\nPhoto\n\nCITY, May 1. First one.\n\nSubheading\n\n"Second," he said."\n'
    assert article.paragraphs(text) == ["CITY, May 1. First one.", '"Second," he said."']


def test_layers_are_plain_rfc7946_files() -> None:
    for path in (DATA / "layers").glob("*.geojson"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["type"] == "FeatureCollection" and "crs" not in data
        assert all(f["properties"]["layer"] == path.stem for f in data["features"])


if __name__ == "__main__":  # regenerate tests/data/article_facts.json from the seed article and the story
    facts_now = json.loads(ARTICLE_FACTS.read_text(encoding="utf-8")) if ARTICLE_FACTS.exists() else None
    kept = {t for p in facts_now["paragraphs"] for t in p["terms"]} if facts_now else set()
    new_facts = article_facts(ARTICLE.read_bytes(), article_terms(load_story(DATA)) | kept)
    ARTICLE_FACTS.write_text(json.dumps(new_facts, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {ARTICLE_FACTS}")
