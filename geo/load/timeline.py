"""Dates of the story: the slider's stops, the events of a stop, and what is on the map on a day."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import date

from geo.model import Event, Feature, Story

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def stops(story: Story) -> list[date]:
    """The slider's stops: each distinct event date, oldest first.

    A story whose events could not be read still gets one stop, so its map is drawn: the article's date,
    or else the latest date a feature starts on (today when there is none).
    """
    found = sorted({event.date for event in story.events})
    if found:
        return found
    starts = [f.valid_from for fs in story.features.values() for f in fs if f.valid_from]
    return [story.article.date or max(starts, default=date.today())]


def snap(day: date, choices: Sequence[date]) -> date:
    """The last stop on or before `day` (the first stop when `day` precedes them all)."""
    index = bisect.bisect_right(choices, day) - 1
    return choices[max(index, 0)]


def opening_date(story: Story, choices: Sequence[date]) -> date:
    """Where a link without a date opens: the article's own date (snapped), else the last stop."""
    return snap(story.article.date, choices) if story.article.date else choices[-1]


def after_article(article_date: date | None, day: date) -> bool:
    """True for dates after the article was published (context 'after the article')."""
    return article_date is not None and day > article_date


def events_on(story: Story, day: date) -> list[Event]:
    """The events dated exactly `day`, in timeline order."""
    return [event for event in story.events if event.date == day]


def concerned_features(story: Story, day: date) -> set[str]:
    """Ids of the features the events of `day` concern (highlighted on the map)."""
    return {fid for event in events_on(story, day) for fid in event.features}


def visible_features(story: Story, day: date, layers: list[str] | None = None) -> dict[str, list[Feature]]:
    """Per layer (in story order), the features that exist on `day`; only `layers` if given."""
    wanted = [spec.id for spec in story.layers if layers is None or spec.id in layers]
    return {layer: [f for f in story.features.get(layer, []) if f.exists_on(day)] for layer in wanted}


def format_date(day: date, precision: str = "day") -> str:
    """A reader's date: '4 February 2020', 'October 2017' or '2017' by precision."""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
