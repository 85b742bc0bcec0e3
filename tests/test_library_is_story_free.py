"""The library knows no story: no place, country, layer or CRS of the bundled story in its code.

Library code is geo/ (Python, JS and CSS), app.py and app_pages/. Docstrings and comments may use the
bundled story as an example; code and the strings it uses may not. The names come from the story's own
data (its places, settlements, layer ids, derive settings and CRS), so a place added to the story is
checked too.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tokenize
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT

LIBRARY = [*sorted((ROOT / "geo").rglob("*.py")), ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]
FRONT_END = [*sorted((ROOT / "geo" / "js").glob("*.js")), *sorted((ROOT / "geo" / "css").glob("*.css"))]
GENERIC_WORDS = {"border", "places", "roads", "control", "front", "line", "zone", "posts", "routes", "strip",
                 "area", "corridor", "displacement", "deployments", "observation", "evacuation", "the", "al",
                 "crossing", "southern", "northern", "city", "camp", "camps", "patrol", "buffer", "highway", "arab",
                 "nations", "tell", "palace", "palais", "republic"}


def story_names() -> set[str]:
    """Names of the bundled story: places, settlements, countries, its layer ids' place words, its CRS."""
    manifest = json.loads((DATA / "story.json").read_text(encoding="utf-8"))
    names = {manifest["derive"]["country"], manifest["derive"]["neighbour"], manifest["crs"].split(":")[-1]}
    places = json.loads((DATA / "layers" / "places.geojson").read_text(encoding="utf-8"))["features"]
    names |= {part for f in places for part in re.split(r"[()]", f["properties"]["name"]) if part.strip()}
    with (DATA / "control" / "settlements.csv").open(encoding="utf-8", newline="") as handle:
        names |= {row["name"] for row in csv.DictReader(handle)}
    words = {w.lower() for name in names for w in re.findall(r"[A-Za-z]{4,}|\d{5}", name)}
    words |= {w for spec in manifest["layers"] for w in spec["id"].split("_") if len(w) >= 4 and w.isalpha()}
    return words - GENERIC_WORDS


NAMES = story_names()
PATTERN = re.compile(r"(?<![a-z0-9])(" + "|".join(sorted(map(re.escape, NAMES), key=len, reverse=True))
                     + r")(?![a-z0-9])")


def python_code(path: Path) -> list[tuple[int, str]]:
    """(line, text) of the file's code and strings, without comments and docstrings."""
    tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline))
    kept = []
    for index, token in enumerate(tokens):
        if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            continue
        before = next((t for t in reversed(tokens[:index])
                       if t.type not in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT)), None)
        docstring = token.type == tokenize.STRING and (before is None or before.type == tokenize.NEWLINE
                                                        or before.string == ":")
        if not docstring:
            kept.append((token.start[0], token.string))
    return kept


def front_end_code(path: Path) -> list[tuple[int, str]]:
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), path.read_text(encoding="utf-8"), flags=re.S)
    return [(number, re.sub(r"(^|[^:])//.*$", r"\1", line)) for number, line in enumerate(text.splitlines(), 1)]


def story_words(lines: list[tuple[int, str]]) -> list[str]:
    return [f"{number}: {match.group(1)!r} in {text.strip()[:80]!r}"
            for number, text in lines for match in PATTERN.finditer(text.lower())]


def test_the_names_come_from_the_story() -> None:
    assert {"idlib", "syria", "turkey", "jarabulus", "32637", "sochi"} <= NAMES


@pytest.mark.parametrize("path", LIBRARY + FRONT_END, ids=lambda p: str(p.relative_to(ROOT)))
def test_library_code_names_nothing_of_the_story(path: Path) -> None:
    lines = python_code(path) if path.suffix == ".py" else front_end_code(path)
    assert story_words(lines) == [], "move story knowledge into the story folder (story.json, derive.py)"


def test_the_check_finds_a_story_name_in_code(tmp_path: Path) -> None:
    """Not vacuous: a constant naming a place of the story is found; the same words in a docstring are not."""
    code = tmp_path / "m.py"
    code.write_text('"""Frames Idlib by default."""\nLAYER = "idlib_zone"  # the Idlib zone\n', encoding="utf-8")
    assert [hit.split(":")[0] for hit in story_words(python_code(code))] == ["2"]
    script = tmp_path / "m.js"
    script.write_text('/* Idlib */\nvar x = "Turkish post(s) in Syria"; // Syria\n', encoding="utf-8")
    assert len(story_words(front_end_code(script))) == 1
