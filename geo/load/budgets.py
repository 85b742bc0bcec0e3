"""Size budgets of a story folder: what a reader's phone still draws smoothly.

The numbers come from `bench/budgets.py` (Chromium, 390-px phone viewport, CPU slowed 4x: smooth means
a first draw within 1 s and a zoom or pan redraw within 100 ms) and are documented in the story folder's README.md.
A file, layer or value past a limit is refused with an error naming it; `geo validate` warns from
WARN_SHARE of a limit on, before a story breaks one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from geo.problems import Problem

WARN_SHARE = 0.8


@dataclass(frozen=True)
class Budgets:
    """Upper limits for one story folder."""

    file_bytes: int = 1_000_000        # one JSON file (a layer, the manifest, the events): 2-4x the counts below
    table_bytes: int = 1_000_000       # one CSV input table
    features_per_layer: int = 500      # posts and small zones: 500 smooth, 1,000 not
    places_per_layer: int = 100        # each place draws a permanent label: 100 is the edge, 250 is not
    vertices_per_layer: int = 10_000   # smooth in every run, also split over five layers
    vertices_per_story: int = 20_000   # every layer is on by default and redraw costs add up
    string_chars: int = 2_000          # one property value, title or summary (popups slow from 10,000)
    layers: int = 40
    events: int = 500


BUDGETS = Budgets()


def near(count: int, limit: int) -> bool:
    """True when `count` is within the warning share of `limit` (but not past it)."""
    return WARN_SHARE * limit <= count <= limit


Item = TypeVar("Item")


def first_within(items: Sequence[Item], limit: int, file: str, noun: str, problems: list[Problem]) -> list[Item]:
    """The items up to `limit`: past it the rest are dropped with an error, near it a warning is noted."""
    if len(items) > limit:
        problems.append(Problem(file, f"has {len(items):,} {noun}; the budget is {limit:,}, so only the first "
                                      "are shown"))
        return list(items[:limit])
    if near(len(items), limit):
        problems.append(Problem(file, f"has {len(items):,} {noun}, close to the budget of {limit:,}",
                                severity="warning"))
    return list(items)
