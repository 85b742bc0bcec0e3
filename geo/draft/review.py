"""An editor's review of a draft: places, dates and acceptance, as pure functions of the editor's decisions.

The editor picks another candidate, moves a point, drops or adds a place, changes a date's reading, and
accepts items with a summary written in their own words.

Everything here is a pure function of the draft and the editor's decisions, so the app's editor page only
collects decisions and shows the result; the same decisions always give the same story folder.
"""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from geo.draft.dates import DateMention
from geo.draft.events import DRAFT_MARK
from geo.draft.pipeline import Draft, link_events
from geo.draft.places import Mention
from geo.draft.resolve import Candidate, Resolved
from geo.draft.writer import story_files

EDITOR_ACCURACY_KM = 1.0  # a point the editor placed or moved: as good as the editor's map, say 1 km
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


class ReviewError(ValueError):
    """A decision that cannot be applied; the message says which and why."""


@dataclass(frozen=True)
class PlaceDecision:
    """What the editor decided about one drafted place (by its index in `draft.places`)."""

    candidate: int = 0  # 0 = the drafted choice; 1.. = its other candidates, in order
    moved_to: tuple[float, float] | None = None  # (lat, lon) the editor moved the point to
    dropped: bool = False


@dataclass(frozen=True)
class AddedPlace:
    """A place the tool missed, added by the editor."""

    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class DateDecision:
    """The editor's reading of one date expression (by its index in `draft.dates`)."""

    reading: str  # ISO: 2020-02-04, 2020-02, 2020, or first/last
    event: bool = True


@dataclass
class Review:
    """All of an editor's decisions on one draft."""

    places: dict[int, PlaceDecision] = field(default_factory=dict)
    added: list[AddedPlace] = field(default_factory=list)
    dates: dict[int, DateDecision] = field(default_factory=dict)
    accepted: dict[str, str] = field(default_factory=dict)  # feature or event id -> the editor's summary
    title: str = ""  # the story's title, once the editor has written it
    accept_story: bool = False


def parse_reading(text: str) -> tuple[date, date, str]:
    """An ISO reading as (first day, last day, precision); ReviewError names what is wrong."""
    value = text.strip()
    try:
        if "/" in value:
            first, last = (date.fromisoformat(part.strip()) for part in value.split("/", 1))
            if last < first:
                raise ReviewError(f"the range {value!r} ends before it starts")
            return first, last, "range" if last != first else "day"
        if match := _MONTH.match(value):
            first = date(int(match[1]), int(match[2]), 1)
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, date.fromordinal(following.toordinal() - 1), "month"
        if match := _YEAR.match(value):
            return date(int(match[1]), 1, 1), date(int(match[1]), 12, 31), "year"
        day = date.fromisoformat(value)
    except ValueError as exc:
        if isinstance(exc, ReviewError):
            raise
        raise ReviewError(f"{value!r} is not a reading: write 2020-02-04, 2020-02, 2020 or "
                          "2020-02-01/2020-02-10") from None
    return day, day, "day"


def candidates(place: Resolved) -> list[Candidate]:
    """The drafted choice first, then the other candidates, as the editor picks among them."""
    return ([place.chosen] if place.chosen else []) + list(place.others)


def _mentions_of(name: str, paragraphs: list[str]) -> list[Mention]:
    """Where the article names a place the editor added (whole words, any case); none when it does not."""
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
    found = []
    for number, text in enumerate(paragraphs, start=1):
        for match in pattern.finditer(text):
            before = text.rfind(". ", 0, match.start())
            after = text.find(". ", match.end())
            sentence = text[0 if before < 0 else before + 2:len(text) if after < 0 else after + 1]
            found.append(Mention(match.group(0), number, match.start(), match.end(), sentence))
    return found


def _place(original: Resolved, decision: PlaceDecision) -> Resolved:
    place = copy.copy(original)
    options = candidates(original)
    if decision.dropped:
        return replace(place, role="dropped", reason="dropped by the editor")
    if not options and decision.moved_to is None:
        return place
    if options and not 0 <= decision.candidate < len(options):
        raise ReviewError(f"{original.name!r} has no candidate number {decision.candidate + 1}")
    chosen = options[decision.candidate] if options else None
    reason = original.reason if decision.candidate == 0 else f"candidate {decision.candidate + 1} picked by the editor"
    if decision.moved_to is not None:
        lat, lon = decision.moved_to
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ReviewError(f"{original.name!r} cannot move to lat {lat}, lon {lon}: out of range")
        base = chosen or Candidate(original.name, lat, lon, "", 0, "editor", "", EDITOR_ACCURACY_KM, "editor")
        chosen = replace(base, lat=lat, lon=lon, kind="editor", geometry={}, accuracy_km=EDITOR_ACCURACY_KM,
                         source=f"placed by the editor (drafted: {base.source})" if base.source else
                         "placed by the editor")
        reason = "point placed by the editor"
    others = [c for c in options if c is not chosen and c != chosen]
    role = "place" if chosen is not None else place.role
    accuracy = EDITOR_ACCURACY_KM if decision.moved_to else (chosen.accuracy_km if chosen else place.accuracy_km)
    return replace(place, chosen=chosen, others=others, role=role, reason=reason, accuracy_km=accuracy,
                   approximate=place.approximate and decision.moved_to is None and decision.candidate == 0)


def _added(added: AddedPlace, paragraphs: list[str]) -> Resolved:
    name = " ".join(added.name.split())
    if not name:
        raise ReviewError("an added place needs a name")
    if not (-90 <= added.lat <= 90 and -180 <= added.lon <= 180):
        raise ReviewError(f"the added place {name!r} has lat {added.lat}, lon {added.lon}: out of range")
    chosen = Candidate(name, added.lat, added.lon, "", 0, "editor", "placed by the editor", EDITOR_ACCURACY_KM,
                       "editor")
    return Resolved(name, _mentions_of(name, paragraphs), chosen, [], "place", "settlement", 1.0,
                    "added by the editor", accuracy_km=EDITOR_ACCURACY_KM)


def _date(original: DateMention, decision: DateDecision) -> DateMention:
    first, last, precision = parse_reading(decision.reading)
    if (first, last, precision) == (original.first, original.last, original.precision):
        return replace(original, event=decision.event)
    return replace(original, first=first, last=last, precision=precision, rule="editor", event=decision.event,
                   note=f"reading set by the editor (drafted: {original.iso})")


def revise(draft: Draft, review: Review) -> Draft:
    """A new draft with the editor's decisions on places and dates applied; the original is untouched."""
    paragraphs = list(draft.article.paragraphs)
    places = [_place(place, review.places[index]) if index in review.places else copy.copy(place)
              for index, place in enumerate(draft.places)]
    places += [_added(added, paragraphs) for added in review.added]
    dates = [_date(mention, review.dates[index]) if index in review.dates else mention
             for index, mention in enumerate(draft.dates)]
    revised = Draft(draft.article, draft.date, draft.date_reason, draft.publisher, places, dates, [])
    return link_events(revised)


def _accept(item: dict[str, Any], summary: str) -> None:
    item["summary"] = summary
    for key in ("draft", "evidence", "candidates", "confidence", "reason"):
        item.pop(key, None)


def reviewed_files(draft: Draft, review: Review) -> dict[str, Any]:
    """The story folder's files after the review; ReviewError names a decision that cannot be applied.

    Accepted items lose their draft marks and take the summary the editor wrote; the rest stay drafts. A
    summary still holding the draft mark is not an acceptance.
    """
    files = story_files(revise(draft, review))
    for identifier, summary in review.accepted.items():
        if DRAFT_MARK in summary or not summary.strip():
            raise ReviewError(f"{identifier!r}: write the summary in your own words before accepting it")
    for relative, content in files.items():
        if relative.startswith("layers/"):
            for feature in content["features"]:
                props = feature["properties"]
                if props["id"] in review.accepted:
                    _accept(props, review.accepted[props["id"]].strip())
    for event in files["events.json"]["events"]:
        if event["id"] in review.accepted:
            _accept(event, review.accepted[event["id"]].strip())
    manifest = files["story.json"]
    if review.title.strip():
        manifest["title"] = " ".join(review.title.split())
    if review.accept_story:
        if manifest["title"].startswith("DRAFT:"):
            raise ReviewError("write the story's title before accepting the story")
        manifest.pop("draft", None)
    return files


def items(files: dict[str, Any]) -> list[dict[str, Any]]:
    """Every feature's properties and every event of a story folder's files."""
    found = [feature["properties"] for relative, content in files.items() if relative.startswith("layers/")
             for feature in content["features"]]
    return found + list(files["events.json"]["events"])


def still_drafts(files: dict[str, Any]) -> int:
    """How many items (the story itself counted) are still marked as drafts."""
    return sum(item.get("draft") is True for item in items(files)) + int(files["story.json"].get("draft") is True)


def zipped(files: dict[str, Any], folder: str) -> bytes:
    """The story folder as a zip (`<folder>/story.json`, ...), as the editor downloads it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative, content in sorted(files.items()):
            archive.writestr(f"{folder}/{relative}", json.dumps(content, ensure_ascii=False, indent=1) + "\n")
    return out.getvalue()
