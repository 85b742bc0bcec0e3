"""Score a draft against a hand annotation (tests/data/draft_eval/, rules in its README).

- Places: an annotated place is found when a drawn place has a mention spelled like one of its words
  (same `name_key`) within its tolerance; a drawn place is right when it is such a match for some
  annotated place. Recall and precision follow.
- Dates: an annotated date is found when a date mention of the same paragraph overlaps its words and
  reads the same (same ISO reading, same "is an event" flag); precision is over every date mention drafted.
- Actors: each annotated mention of a country or capital says "actor" or "place"; the share the draft
  classes the same way (a mention the draft missed counts as wrong).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.draft.names import name_key
from geo.draft.pipeline import Draft
from geo.draft.resolve import km


@dataclass
class Score:
    """Counts for one article (or summed over several)."""

    places_found: int = 0
    places_annotated: int = 0
    places_right: int = 0
    places_drawn: int = 0
    dates_found: int = 0
    dates_annotated: int = 0
    dates_right: int = 0
    dates_drafted: int = 0
    actors_right: int = 0
    actors_annotated: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(*(a + b for a, b in zip(vars(self).values(), vars(other).values(), strict=True)))

    @staticmethod
    def share(part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    @property
    def place_recall(self) -> float:
        return self.share(self.places_found, self.places_annotated)

    @property
    def place_precision(self) -> float:
        return self.share(self.places_right, self.places_drawn)

    @property
    def date_recall(self) -> float:
        return self.share(self.dates_found, self.dates_annotated)

    @property
    def date_precision(self) -> float:
        return self.share(self.dates_right, self.dates_drafted)

    @property
    def actor_share(self) -> float:
        return self.share(self.actors_right, self.actors_annotated)


def load_annotation(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _place_matches(place: dict[str, Any], annotated: dict[str, Any]) -> bool:
    keys = {name_key(w) for w in annotated["words"]}
    if not any(name_key(m.text) in keys for m in place["mentions"]):
        return False
    return bool(km((place["lat"], place["lon"]), (annotated["lat"], annotated["lon"])) <= annotated["tolerance_km"])


def score(draft: Draft, annotation: dict[str, Any]) -> Score:
    """The counts of one drafted article against its annotation."""
    drawn = [{"mentions": p.mentions, "lat": p.chosen.lat, "lon": p.chosen.lon}
             for p in draft.drawn if p.chosen is not None]
    places = annotation["places"]
    result = Score(places_annotated=len(places), places_drawn=len(drawn))
    result.places_found = sum(any(_place_matches(d, a) for d in drawn) for a in places)
    result.places_right = sum(any(_place_matches(d, a) for a in places) for d in drawn)
    dates = annotation["dates"]
    result.dates_annotated, result.dates_drafted = len(dates), len(draft.dates)

    def same(mention: Any, annotated: dict[str, Any]) -> bool:
        paragraph = draft.article.paragraphs[annotated["paragraph"] - 1]
        start = paragraph.find(annotated["words"])
        overlap = start >= 0 and mention.start < start + len(annotated["words"]) and start < mention.end
        return bool(mention.paragraph == annotated["paragraph"] and overlap and mention.iso == annotated["reading"]
                    and mention.event == annotated["event"])

    result.dates_found = sum(any(same(m, a) for m in draft.dates) for a in dates)
    result.dates_right = sum(any(same(m, a) for a in dates) for m in draft.dates)
    roles = {(m.paragraph, m.text): p.role for p in draft.places for m in p.mentions}
    actors = annotation["actors"]
    result.actors_annotated = len(actors)
    result.actors_right = sum(roles.get((a["paragraph"], a["words"])) == a["role"] for a in actors)
    return result
