"""Draft one event per dated happening: its date reading, its paragraphs and the places it concerns.

A date read the same way twice ("January 12" in two paragraphs) is one happening. Its places are the
drafted places named in the same sentence, else in the same paragraph. The summary is never the article's
sentence: it is a placeholder that tells the editor what to write, and the article's words are kept apart
in `evidence`, marked as a quotation for the editor only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geo.draft.dates import DateMention
from geo.load.timeline import format_date

DRAFT_MARK = "DRAFT for an editor to rewrite"


def quoted(words: str) -> str:
    """Evidence: the article's own words, marked so that nobody publishes them as ours."""
    return f"Quoted from the article, for the editor only (not for publication): “{' '.join(words.split())}”"


def event_precision(mention: DateMention) -> str:
    """The story format's precision (day, month, year) for a reading; a range keeps its start's."""
    if mention.precision != "range":
        return mention.precision
    span = (mention.last - mention.first).days
    if span <= 2:
        return "day"
    return "month" if (mention.first.year, mention.first.month) == (mention.last.year, mention.last.month) else "year"


def reading_text(mention: DateMention) -> str:
    """'4 February 2020', 'October 2019', or '1–10 February 2020' for the editor."""
    if mention.precision == "range":
        return f"{format_date(mention.first)} to {format_date(mention.last)}"
    return format_date(mention.first, mention.precision)


@dataclass
class DraftEvent:
    """A drafted event: the date mentions that read the same, and the places near them."""

    mentions: list[DateMention]
    places: list[str] = field(default_factory=list)  # feature ids

    @property
    def first(self) -> DateMention:
        return self.mentions[0]

    def to_json(self, event_id: str, citation: str, base: date, place_names: dict[str, str]) -> dict[str, Any]:
        mention = self.first
        paragraphs = sorted({m.paragraph for m in self.mentions})
        cited = ", ".join(str(p) for p in paragraphs)
        where = ", ".join(place_names[p] for p in self.places[:4])
        notes = "; ".join(dict.fromkeys(m.note for m in self.mentions if m.note))
        return {
            "id": event_id, "date": mention.first.isoformat(), "precision": event_precision(mention),
            "title": f"DRAFT: what happened {reading_text(mention)}" + (f" ({where})" if where else ""),
            "summary": f"{DRAFT_MARK}: say in your own words what the article reports for {reading_text(mention)}"
                       + (f" at {where}" if where else "") + f" (para. {cited}). The article's words are in "
                       "'evidence'; do not publish them.",
            "paragraphs": paragraphs, "features": self.places, "from_article": True, "source": citation,
            "date_source": f"drafted: '{mention.text}' read against the dateline {base.isoformat()} as "
                           f"{mention.iso} (rule: {mention.rule})" + (f"; {notes}" if notes else ""),
            "date_end": mention.last.isoformat(), "date_reading": mention.iso,
            "draft": True, "confidence": 0.9 if mention.rule in ("dateparser", "weekday") else 0.8,
            "evidence": quoted(" / ".join(dict.fromkeys(m.text for m in self.mentions))),
        }


def draft_events(dates: list[DateMention], places_by_sentence: dict[tuple[int, int], list[str]],
                 places_by_paragraph: dict[int, list[str]]) -> list[DraftEvent]:
    """Events from the date mentions that date events; places from the same sentence, else paragraph.

    `places_by_sentence` maps (paragraph, sentence start offset) to feature ids; a mention's sentence is
    the one whose start offset is the last at or before the mention.
    """
    events: dict[str, DraftEvent] = {}
    for mention in dates:
        if not mention.event:
            continue
        event = events.setdefault(mention.iso, DraftEvent([]))
        event.mentions.append(mention)
        starts = [s for (p, s) in places_by_sentence if p == mention.paragraph and s <= mention.start]
        near = places_by_sentence.get((mention.paragraph, max(starts)), []) if starts else []
        for place in near or places_by_paragraph.get(mention.paragraph, []):
            if place not in event.places:
                event.places.append(place)
    return sorted(events.values(), key=lambda e: (e.first.first, e.first.paragraph))
