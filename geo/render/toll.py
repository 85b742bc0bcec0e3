"""What the event card says of the human toll on a date: each series' latest figure and the latest claim.

Both come attributed: a figure with its publisher and the dates it counts to and was made public, a
claim with who said it and where. The card puts them side by side and judges neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geo.load.timeline import format_date
from geo.model import Claim, Figure, Story


@dataclass(frozen=True)
class TollLine:
    """One series' figure as the card shows it."""

    series: str
    title: str
    value: str
    attribution: str


def figure_value(figure: Figure, unit: str) -> str:
    """'over 948,000 people', with the source's own qualifier."""
    number = f"{figure.value:,}"
    return " ".join(part for part in (figure.qualifier, number, unit) if part)


def attribution(figure: Figure) -> str:
    """Who published the figure, when, and to what date it counts."""
    counted = f", counted to {format_date(figure.as_of)}" if figure.as_of and figure.as_of != figure.reported else ""
    return f"{figure.publisher}, {format_date(figure.reported)}{counted}: '{figure.title}'"


def toll_on(story: Story, day: date) -> list[TollLine]:
    """Every series that had a figure made public by `day`, with its latest."""
    lines = []
    for series in story.series:
        figure = series.latest(day)
        if figure is not None:
            lines.append(TollLine(series.id, series.title, figure_value(figure, series.unit), attribution(figure)))
    return lines


def claim_on(story: Story, day: date) -> Claim | None:
    """The latest claim made on or before `day`."""
    said = [c for c in story.claims if c.date <= day]
    return said[-1] if said else None
