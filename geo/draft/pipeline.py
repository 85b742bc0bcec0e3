"""From an article's text to a draft: its date, places, actors, unresolved names, dates and events."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geo.draft.dates import DateMention, find_dates, infer_year
from geo.draft.events import DRAFT_MARK, DraftEvent, draft_events, quoted
from geo.draft.gazetteer import Gazetteer
from geo.draft.reader import ArticleText, DraftError
from geo.draft.resolve import Resolved, Resolver
from geo.draft.sourced import SourcedPlaces


@dataclass
class Draft:
    """Everything drafted from one article, ready to be written as a story folder."""

    article: ArticleText
    date: date
    date_reason: str
    publisher: str
    places: list[Resolved]
    dates: list[DateMention]
    events: list[DraftEvent]
    feature_ids: dict[int, str] = field(default_factory=dict)  # id(Resolved) -> feature id

    @property
    def drawn(self) -> list[Resolved]:
        return [p for p in self.places if p.role == "place" and p.chosen is not None]

    @property
    def actors(self) -> list[Resolved]:
        return [p for p in self.places if p.role == "actor"]

    @property
    def unresolved(self) -> list[Resolved]:
        return [p for p in self.places if p.role == "unresolved"]

    def citation(self, paragraphs: list[int]) -> str:
        if not paragraphs:
            return f"{self.publisher}, {self.date.isoformat()}, '{self.article.headline}'"
        cited = ", ".join(str(p) for p in paragraphs)
        label = "paras." if len(paragraphs) > 1 else "para."
        return f"{self.publisher}, {self.date.isoformat()}, '{self.article.headline}', {label} {cited}"


def article_date(article: ArticleText, given: date | None, today: date) -> tuple[date, str]:
    """The article's date: the dateline's, its year inferred from a weekday when missing, else --date."""
    line = article.dateline
    if line.month and line.day and line.year:
        found = date(line.year, line.month, line.day)
        return found, "the dateline" if given in (None, found) else f"--date (the dateline says {found})"
    if line.month and line.day:
        year, why = infer_year(line.month, line.day, article.paragraphs, today)
        if year is not None and given in (None, date(year, line.month, line.day)):
            return date(year, line.month, line.day), f"the dateline, its year inferred: {why}"
        if given is not None:
            return given, f"--date (the dateline gives no year; {why})"
        raise DraftError(f"the dateline '{line.text.strip()}' gives no year and the text does not settle it "
                         f"({why}); pass the article's date with --date YYYY-MM-DD")
    if given is not None:
        return given, "--date (the article has no dated dateline)"
    raise DraftError("the article has no dateline with a date (such as 'LONDON, March 3. /Reuters/:' or "
                     "'Amman, 11 September 2018'); pass the article's date with --date YYYY-MM-DD")


def _without_dateline(article: ArticleText) -> list[str]:
    """The paragraphs, the dateline blanked out (same length, so offsets still point into the article)."""
    paragraphs = list(article.paragraphs)
    prefix = article.dateline.text
    if prefix and paragraphs[0].startswith(prefix):
        paragraphs[0] = " " * len(prefix) + paragraphs[0][len(prefix):]
    return paragraphs


def _slug(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:48] or "place"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


class Drafter:
    """Holds the gazetteer and the sourced places, so drafting many articles opens them once."""

    def __init__(self, gazetteer: Gazetteer | None = None, sourced: SourcedPlaces | None = None) -> None:
        self.resolver = Resolver(gazetteer or Gazetteer(), sourced or SourcedPlaces())

    def draft(self, article: ArticleText, given: date | None = None, publisher: str = "",
              today: date | None = None) -> Draft:
        """Draft an article; a DraftError says why it cannot be drafted (no date that can be settled)."""
        day, why = article_date(article, given, today or date.today())
        paragraphs = _without_dateline(article)
        places = self.resolver.resolve(paragraphs, article.dateline.place, article.headline)
        dates = find_dates(paragraphs, day)
        name = publisher or article.dateline.publisher or "Unknown publisher"
        return link_events(Draft(article, day, why, name, places, dates, []))


def link_events(result: Draft) -> Draft:
    """Give each drawn place its feature id and draft the events from the dates and the places near them.

    Run again after an editor's changes (geo/draft/review.py), so events follow the places kept.
    """
    paragraphs = _without_dateline(result.article)
    taken: set[str] = set()
    by_sentence: dict[tuple[int, int], list[str]] = {}
    by_paragraph: dict[int, list[str]] = {}
    result.feature_ids = {}
    for place in result.drawn:
        feature_id = _slug(place.name, taken)
        result.feature_ids[id(place)] = feature_id
        for item in place.mentions:
            sentence_start = paragraphs[item.paragraph - 1].find(item.sentence)
            by_sentence.setdefault((item.paragraph, max(sentence_start, 0)), []).append(feature_id)
            by_paragraph.setdefault(item.paragraph, []).append(feature_id)
    result.events = draft_events(result.dates, by_sentence, by_paragraph)
    return result


def feature(draft: Draft, place: Resolved) -> dict[str, Any]:
    """The GeoJSON feature of a drafted place, marked as a draft with its confidence and evidence."""
    chosen = place.chosen
    if chosen is None:
        raise ValueError(f"{place.name!r} is not resolved, so it has no feature")
    feature_id = draft.feature_ids[id(place)]
    geometry = chosen.geometry or {"type": "Point", "coordinates": [round(chosen.lon, 6), round(chosen.lat, 6)]}
    cited = ", ".join(str(p) for p in place.paragraphs)
    props: dict[str, Any] = {
        "id": feature_id, "name": place.name, "layer": "areas" if chosen.geometry else "places",
        "valid_from": None, "valid_to": None,
        "summary": f"{DRAFT_MARK}: say in your own words what the article says about {place.name} (para. {cited}).",
        "source": draft.citation(place.paragraphs),
        "from_article": bool(place.mentions), "paragraphs": place.paragraphs,
        "article_term": place.mentions[0].text if place.mentions else place.name, "coord_source": chosen.source,
        "draft": True, "confidence": place.confidence, "place_type": place.place_type,
        "reason": place.reason, "evidence": quoted(" / ".join(dict.fromkeys(m.sentence for m in place.mentions))),
        "candidates": [c.label() for c in place.others],
    }
    if place.approximate:
        props["approximate"] = True
    if place.accuracy_km:
        props["accuracy_km"] = place.accuracy_km
    return {"type": "Feature", "geometry": geometry, "properties": props}


def report(draft: Draft) -> dict[str, Any]:
    """draft.json: what the editor must look at that the map does not show (actors, unresolved, readings)."""
    def entry(place: Resolved) -> dict[str, Any]:
        return {"name": place.name, "role": place.role, "reason": place.reason, "paragraphs": place.paragraphs,
                "words": [m.text for m in place.mentions], "confidence": place.confidence}
    return {
        "draft": True,
        "note": "Drafted by `python -m geo draft`: every place, event and date needs an editor's review. Remove "
                "'draft' (and 'evidence') from an item to accept it; `python -m geo validate` warns until then.",
        "article_date": draft.date.isoformat(), "article_date_reason": draft.date_reason,
        "dateline_place": draft.article.dateline.place,
        "actors": [entry(p) for p in draft.actors], "unresolved": [entry(p) for p in draft.unresolved],
        "dates": [{"paragraph": d.paragraph, "words": d.text, "reading": d.iso, "precision": d.precision,
                   "rule": d.rule, "event": d.event, "note": d.note} for d in draft.dates],
        "credits": "Place coordinates from GeoNames (geonames.org, CC BY 4.0) where `coord_source` says so.",
    }
