"""Read `names.csv`: the story's places named in its readers' languages, each name sourced or transliterated.

A translator renders a sentence; a place's name is a fact with a source (a gazetteer, a news agency in that
language) or, where none was found, our own transliteration, and the reader is told which. One row per
place and language: `id` (a feature, or a settlement of `control/settlements.csv`), `english` (the name it
renders: the feature's whole name, or the place's part of a longer one, as "Salwa" of "Post 1: Salwa"),
`lang`, `name`, `status` (`sourced` or `transliterated`), `source` (required when sourced) and `url`. The
file is optional. A bad row is a Problem naming the row and is skipped; the rest are used.
"""

from __future__ import annotations

import re
from pathlib import Path

from geo.load.budgets import first_within
from geo.load.languages import language_problem
from geo.load.tables import SETTLEMENTS, RowError, read_rows, read_settlements, row_text
from geo.model import PlaceName, Story
from geo.problems import Problem, Severity, quote

NAMES = "names.csv"
COLUMNS = ("id", "english", "lang", "name", "status", "source", "url")
STATUSES = ("sourced", "transliterated")
URL = re.compile(r"https?://[^\s<>\"']{1,1990}")
MAX_ROWS = 5_000  # a name per place and language: 500 features in ten languages, with room


class StaleRowError(RowError):
    """A well-formed row the story no longer uses (its place was removed or renamed, its language not offered)."""


def english_names(folder: Path, story: Story) -> dict[str, str]:
    """What each id a row may name is called in the edition: features, then the situation's settlements."""
    known = {f.id: f.name for features in story.features.values() for f in features}
    if story.situation is not None and (folder / SETTLEMENTS).is_file():
        scratch: list[Problem] = []  # the table's own faults are the situation's to report (geo validate)
        settlements = read_settlements(folder, story.situation.ids, story.extent, scratch)
        known |= {s.id: s.name for s in settlements if s.id not in known}
    return known


def _place_name(row: dict[str, str], known: dict[str, str], languages: tuple[str, ...]) -> PlaceName:
    pid, english, lang = row_text(row, "id"), row_text(row, "english"), row_text(row, "lang")
    if pid not in known:
        raise StaleRowError(f"'id' {quote(pid)} names no feature or settlement of the story")
    if english not in known[pid]:
        raise StaleRowError(f"'english' is {quote(english)}, but the story calls it {quote(known[pid])}: the name "
                       "was changed since this row was written")
    why = language_problem(lang)
    if why is not None:
        raise RowError(f"'lang' {quote(lang)} {why}")
    if lang not in languages[1:]:
        raise StaleRowError(f"'lang' {quote(lang)} is not one of the languages story.json offers besides the "
                       f"edition's own ({', '.join(languages[1:]) or 'none'})")
    status = row_text(row, "status")
    if status not in STATUSES:
        raise RowError(f"'status' is {quote(status)}, expected one of {', '.join(STATUSES)}")
    source, url = row_text(row, "source", required=status == "sourced"), row_text(row, "url", required=False)
    if url and not URL.fullmatch(url):
        raise RowError(f"'url' is {quote(url)}, expected an http(s) address")
    return PlaceName(id=pid, english=english, lang=lang, name=row_text(row, "name"), status=status, source=source,
                     url=url)


def load_place_names(folder: Path, story: Story, problems: list[Problem]) -> dict[str, dict[str, PlaceName]]:
    """Language -> id -> its name; {} when the story has no names.csv."""
    if not (folder / NAMES).exists() and not (folder / NAMES).is_symlink():
        return {}
    rows = first_within(read_rows(folder, NAMES, COLUMNS, problems), MAX_ROWS, NAMES, "rows", problems)
    known = english_names(folder, story) if rows else {}
    found: dict[str, dict[str, PlaceName]] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        try:
            name = _place_name(row, known, story.languages)
        except RowError as exc:
            severity: Severity = "warning" if isinstance(exc, StaleRowError) else "error"
            problems.append(Problem(NAMES, f"{exc}; row skipped", f"row {number}", severity))
            continue
        if name.id in found.get(name.lang, {}):
            problems.append(Problem(NAMES, f"a second name for {name.id!r} in {name.lang!r}; row skipped",
                                    f"row {number}"))
            continue
        found.setdefault(name.lang, {})[name.id] = name
    return found
