"""The human toll: dated, attributed figures and claims; on a date, each series' latest figure made public by then."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from geo.load.figures import load_figures
from geo.load.story import load_story
from geo.load.timeline import stops
from geo.problems import Problem
from geo.render.payload import stop_payload
from geo.render.toll import claim_on, toll_on
from tests.conftest import DATA, FIXTURES

RAW = json.loads((DATA / "figures.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def story():
    return load_story(DATA)


def expected_latest(series_id: str, day: date) -> int | None:
    """Straight from the file: the value of the last figure reported on or before `day`."""
    (series,) = [s for s in RAW["series"] if s["id"] == series_id]
    known = sorted((f for f in series["figures"] if date.fromisoformat(f["reported"]) <= day),
                   key=lambda f: (f["reported"], f.get("as_of") or f["reported"]))
    return known[-1]["value"] if known else None


@pytest.mark.parametrize("day", [date(2019, 12, 1), date(2019, 12, 30), date(2020, 1, 20), date(2020, 2, 3),
                                 date(2020, 2, 4), date(2020, 2, 5), date(2020, 2, 6), date(2020, 2, 27),
                                 date(2020, 3, 6)])
def test_each_date_shows_the_latest_figure_reported_by_then(story, day) -> None:
    shown = {line.series: line.value for line in toll_on(story, day)}
    for series in RAW["series"]:
        value = expected_latest(series["id"], day)
        if value is None:
            assert series["id"] not in shown
        else:
            assert f"{value:,}" in shown[series["id"]], (series["id"], day)


def test_the_call_date_shows_the_count_as_it_stood_and_the_kremlin_beside_it(story) -> None:
    call = story.article.date
    lines = {line.series: line for line in toll_on(story, call)}
    assert lines["displaced"].value == "520,000 people"
    assert "UN OCHA" in lines["displaced"].attribution and "4 February 2020" in lines["displaced"].attribution
    assert lines["civilians-killed-since-april-2019"].value == "1,506 civilians"
    assert "OHCHR" in lines["civilians-killed-since-april-2019"].attribution
    assert "civilians-killed-since-december-2019" not in lines  # first published on 6 February
    claim = claim_on(story, call)
    assert claim is not None and claim.who == "The Kremlin" and claim.paragraphs == (4,)
    assert "para. 4" in claim.source


def test_the_displacement_count_grows_through_the_offensive(story) -> None:
    values = [int(line.value.split()[-2].replace(",", "")) for day in stops(story) if day >= date(2019, 12, 1)
              for line in toll_on(story, day) if line.series == "displaced"]
    assert len(set(values)) >= 4 and values == sorted(values)


def test_every_figure_and_claim_is_sourced() -> None:
    for series in RAW["series"]:
        for figure in series["figures"]:
            assert figure["publisher"] and figure["title"] and figure["url"].startswith("https://"), figure
            assert figure["reported"] and (figure.get("as_of") or "") <= figure["reported"]
    for claim in RAW["claims"]:
        assert claim["who"] and claim["source"] and claim["summary"]


def test_the_payload_carries_the_toll_for_the_browser(story) -> None:
    by_date = {stop["date"]: stop for stop in stop_payload(story)}
    toll = by_date["2020-02-04"]["toll"]
    assert [f["value"] for f in toll["figures"]] == ["520,000 people", "1,506 civilians"]
    assert toll["claim"]["who"] == "The Kremlin"
    assert by_date["2017-09-15"]["toll"] == {"figures": [], "claim": None}


def write_figures(folder: Path, doc: object) -> list[Problem]:
    (folder / "figures.json").write_text(json.dumps(doc), encoding="utf-8")
    problems: list[Problem] = []
    load_figures(folder, 3, problems)
    return problems


def good_figure(**changes: object) -> dict:
    figure = {"value": 10, "reported": "2020-01-02", "as_of": "2020-01-01", "publisher": "UN",
              "title": "T", "url": "https://example.org/r"}
    return {**figure, **changes}


@pytest.mark.parametrize(("figure", "message"), [
    (good_figure(value=-1), "'value' is -1"),
    (good_figure(value=1.5), "'value' is 1.5"),
    (good_figure(url="javascript:alert(1)"), "expected an http(s) address"),
    (good_figure(as_of="2020-02-01"), "'as_of' 2020-02-01 is after 'reported' 2020-01-02"),
    (good_figure(reported="yesterday"), "'reported' is 'yesterday'"),
    (good_figure(qualifier="<b>"), "'qualifier' is '<b>'"),
])
def test_a_bad_figure_is_named_and_skipped(tmp_path, figure, message) -> None:
    doc = {"series": [{"id": "s", "title": "S", "unit": "people", "independent": True,
                       "figures": [good_figure(), figure]}], "claims": []}
    problems = write_figures(tmp_path, doc)
    (problem,) = problems
    assert problem.file == "figures.json" and "series #0 (id 's')" in problem.feature
    assert message in problem.message and problem.message.endswith("figure skipped")


def test_a_falling_count_is_a_warning_and_a_bad_claim_an_error(tmp_path) -> None:
    doc = {"series": [{"id": "s", "title": "S", "unit": "people", "independent": True,
                       "figures": [good_figure(value=10), good_figure(value=5, reported="2020-01-03")]}],
           "claims": [{"id": "c", "date": "2020-01-01", "who": "X", "summary": "Y", "source": "Z", "url": "https://e.org",
                       "paragraphs": [9]}]}
    problems = write_figures(tmp_path, doc)
    assert [p.severity for p in problems] == ["warning", "error"]
    assert "falls from 10" in problems[0].message and "'paragraphs' is [9]" in problems[1].message


def test_figures_file_faults_leave_the_story_standing(tmp_path) -> None:
    import shutil

    story = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", story)
    (story / "figures.json").mkdir()
    loaded = load_story(story)
    assert loaded.series == [] and any(p.file == "figures.json" and "directory" in p.message
                                       for p in loaded.problems)
    assert loaded.events  # the rest of the story loads


def test_where_people_fled_is_drawn_with_its_counts_and_says_it_is_approximate(story) -> None:
    from shapely.geometry import Point, shape

    layer = {f.id: f for f in story.features["displacement"]}
    camps, north = layer["displaced-border-camps"], layer["displaced-northern-aleppo"]
    for feature in (camps, north):
        assert feature.properties["approximate"] and feature.properties["derived"].startswith("APPROXIMATE")
        assert "OCHA" in feature.properties["source"] and feature.exists_on(story.article.date)
    assert "267,000" in camps.properties["summary"] and "330,000" in north.properties["summary"]
    atmeh, azaz, afrin = Point(36.68639, 36.31111), Point(37.04628, 36.58662), Point(36.86954, 36.51194)
    assert shape(camps.geometry).distance(atmeh) < 0.01
    assert shape(north.geometry).contains(azaz) and shape(north.geometry).contains(afrin)
    assert not shape(north.geometry).intersects(shape(camps.geometry).buffer(-0.01))  # two different areas
