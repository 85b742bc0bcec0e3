"""What the event card says of the human toll on a date: each series' latest figure and the latest claim.

Both come attributed: a figure with its publisher and the dates it counts to and was made public, a
claim with who said it and where. The card puts them side by side and judges neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geo.model import Claim, Figure, Story
from geo.render.words import ENGLISH, Words


@dataclass(frozen=True)
class TollLine:
    """One series' figure as the card shows it."""

    series: str
    title: str
    value: str
    attribution: str


def _unit(words: Words, unit: str) -> str:
    """A figure's unit in the reader's language: the catalog's `unit.<unit>`, else as the story wrote it."""
    key = f"unit.{unit}"
    return words.t(key) if key in words.messages() else unit


def figure_value(figure: Figure, unit: str, words: Words = ENGLISH) -> str:
    """'over 948,000 people', with the source's own qualifier (the catalog's `qualifier.<q>` places the number)."""
    number = words.number(figure.value)
    key = f"qualifier.{figure.qualifier.replace(' ', '_')}"
    if not figure.qualifier:
        amount = number
    elif key in words.messages():
        amount = words.t(key, number=number)
    else:
        amount = f"{figure.qualifier} {number}"
    return " ".join(words.t("toll.value", amount=amount, unit=_unit(words, unit) if unit else "").split())


def attribution(figure: Figure, words: Words = ENGLISH) -> str:
    """Who published the figure, when, and to what date it counts (the report's title as published)."""
    if figure.as_of and figure.as_of != figure.reported:
        return words.t("toll.attribution_counted", publisher=figure.publisher, date=words.day(figure.reported),
                       counted=words.day(figure.as_of), title=figure.title)
    return words.t("toll.attribution", publisher=figure.publisher, date=words.day(figure.reported), title=figure.title)


def toll_on(story: Story, day: date, words: Words = ENGLISH) -> list[TollLine]:
    """Every series that had a figure made public by `day`, with its latest."""
    lines = []
    for series in story.series:
        figure = series.latest(day)
        if figure is not None:
            lines.append(TollLine(series.id, series.title, figure_value(figure, series.unit, words),
                                  attribution(figure, words)))
    return lines


def claim_on(story: Story, day: date) -> Claim | None:
    """The latest claim made on or before `day`."""
    said = [c for c in story.claims if c.date <= day]
    return said[-1] if said else None
