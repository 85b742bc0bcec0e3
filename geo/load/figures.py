"""Read `figures.json`: dated, attributed figures (the human toll) and the claims shown beside them.

A series is one measure counted over time by named publishers ("people displaced in a region since a date",
by a UN agency). Each figure says what date it counts to (`as_of`), when it was made public
(`reported`) and who published it where. On a date, the map shows the latest figure reported by then: the
count as it stood publicly that day. Claims are statements by a party (a government's statement), in
our words, shown beside the figures and attributed; neither is judged. The file is optional.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from typing import TYPE_CHECKING, Any

from geo.load.budgets import BUDGETS, first_within
from geo.load.fields import text_field
from geo.load.files import read_json
from geo.model import Claim, Figure, Series
from geo.problems import Problem, feature_label, quote

if TYPE_CHECKING:
    from pathlib import Path

FIGURES_FILE = "figures.json"
SERIES_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
URL = re.compile(r"https?://[^\s<>\"']{1,1990}")
QUALIFIERS = ("", "about", "over", "nearly", "at least")


class EntryError(ValueError):
    """One bad field of one entry."""


def _text(raw: dict[str, Any], key: str, *, required: bool = True) -> str:
    try:
        return text_field(raw, key, required)
    except ValueError as exc:
        raise EntryError(str(exc)) from None


def _day(raw: dict[str, Any], key: str, *, required: bool = True) -> date | None:
    value = raw.get(key)
    if value is None and not required:
        return None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        pass
    raise EntryError(f"{key!r} is {quote(value)}, expected an ISO date (YYYY-MM-DD)")


def _figure(raw: Any) -> Figure:
    if not isinstance(raw, dict):
        raise EntryError(f"is {quote(raw)}, expected an object")
    value = raw.get("value")
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 10**12:
        raise EntryError(f"'value' is {quote(value)}, expected a whole number from 0")
    qualifier = raw.get("qualifier", "")
    if qualifier not in QUALIFIERS:
        raise EntryError(f"'qualifier' is {quote(qualifier)}, expected one of {', '.join(map(repr, QUALIFIERS))}")
    url = _text(raw, "url")
    if not URL.fullmatch(url):
        raise EntryError(f"'url' is {quote(url)}, expected an http(s) address")
    reported = _day(raw, "reported")
    as_of = _day(raw, "as_of", required=False)
    if reported is None:
        raise EntryError("'reported' is missing")
    if as_of is not None and as_of > reported:
        raise EntryError(f"'as_of' {as_of} is after 'reported' {reported}")
    return Figure(value=value, qualifier=str(qualifier), as_of=as_of, reported=reported,
                  publisher=_text(raw, "publisher"), title=_text(raw, "title"), url=url,
                  note=_text(raw, "note", required=False))


def _series(raw: Any, index: int, problems: list[Problem]) -> Series | None:
    where = feature_label(index, raw.get("id") if isinstance(raw, dict) else None, "series")
    try:
        if not isinstance(raw, dict):
            raise EntryError(f"is {quote(raw)}, expected an object")
        sid = raw.get("id")
        if not isinstance(sid, str) or not SERIES_ID.fullmatch(sid):
            raise EntryError(f"'id' is {quote(sid)}, expected lowercase letters, digits, '-' or '_'")
        raw_figures = raw.get("figures")
        if not isinstance(raw_figures, list) or not raw_figures:
            raise EntryError(f"'figures' is {quote(raw_figures)}, expected a non-empty array")
        title, unit = _text(raw, "title"), _text(raw, "unit")
        independent = raw.get("independent")
        if not isinstance(independent, bool):
            raise EntryError(f"'independent' is {quote(independent)}, expected true or false")
    except EntryError as exc:
        problems.append(Problem(FIGURES_FILE, f"{exc}; series skipped", where))
        return None
    figures = []
    for number, item in enumerate(first_within(raw_figures, BUDGETS.events, FIGURES_FILE, "figures", problems)):
        try:
            figures.append(_figure(item))
        except EntryError as exc:
            problems.append(Problem(FIGURES_FILE, f"figure #{number}: {exc}; figure skipped", where))
    figures.sort(key=lambda f: (f.reported, f.as_of or f.reported))
    for before, after in itertools.pairwise(figures):
        if after.value < before.value:
            problems.append(Problem(FIGURES_FILE, f"the count falls from {before.value:,} ({before.reported}) to "
                                                  f"{after.value:,} ({after.reported}); check the sources", where,
                                    "warning"))
    return Series(id=sid, title=title, unit=unit, independent=independent, figures=tuple(figures))


def _claim(raw: Any, paragraphs: int) -> Claim:
    if not isinstance(raw, dict):
        raise EntryError(f"is {quote(raw)}, expected an object")
    cited = raw.get("paragraphs", [])
    if not isinstance(cited, list) or not all(
            isinstance(p, int) and not isinstance(p, bool) and 1 <= p <= (paragraphs or p) for p in cited):
        raise EntryError(f"'paragraphs' is {quote(cited)}, expected article paragraph numbers")
    day = _day(raw, "date")
    if day is None:
        raise EntryError("'date' is missing")
    url = _text(raw, "url")
    if not URL.fullmatch(url):
        raise EntryError(f"'url' is {quote(url)}, expected an http(s) address")
    return Claim(id=_text(raw, "id"), date=day, who=_text(raw, "who"), summary=_text(raw, "summary"),
                 source=_text(raw, "source"), url=url, paragraphs=tuple(cited))


def load_about(data: dict[str, Any], problems: list[Problem]) -> str:
    """`about`: what the figures are, one paragraph for readers ('' when absent)."""
    try:
        return text_field(data, "about", required=False)
    except ValueError as exc:
        problems.append(Problem(FIGURES_FILE, str(exc)))
        return ""


def load_figures(folder: Path, paragraphs: int, problems: list[Problem]) -> tuple[list[Series], list[Claim], str]:
    """The series, claims and `about` text of `figures.json` (none when absent); bad entries reported and skipped."""
    if not (folder / FIGURES_FILE).exists() and not (folder / FIGURES_FILE).is_symlink():
        return [], [], ""
    data, problem = read_json(folder, FIGURES_FILE)
    if problem is not None:
        problems.append(problem)
        return [], [], ""
    if not isinstance(data, dict):
        problems.append(Problem(FIGURES_FILE, f"is {quote(data)}, expected an object with 'series' and 'claims'"))
        return [], [], ""
    raw_series = data.get("series", [])
    raw_claims = data.get("claims", [])
    if not isinstance(raw_series, list) or not isinstance(raw_claims, list):
        problems.append(Problem(FIGURES_FILE, "'series' and 'claims' must be arrays"))
        return [], [], ""
    series = [s for i, raw in enumerate(first_within(raw_series, BUDGETS.layers, FIGURES_FILE, "series", problems))
              if (s := _series(raw, i, problems))]
    claims = []
    for index, raw in enumerate(first_within(raw_claims, BUDGETS.events, FIGURES_FILE, "claims", problems)):
        try:
            claims.append(_claim(raw, paragraphs))
        except EntryError as exc:
            label = feature_label(index, raw.get("id") if isinstance(raw, dict) else None, "claim")
            problems.append(Problem(FIGURES_FILE, f"{exc}; claim skipped", label))
    return series, sorted(claims, key=lambda c: c.date), load_about(data, problems)
