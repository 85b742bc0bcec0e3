"""The story's typed objects: article, layer specs, features, events, and the story itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geo.kinds import KINDS
from geo.problems import Problem, quote

Extent = tuple[float, float, float, float]  # west, south, east, north (WGS 84 degrees)


@dataclass(frozen=True)
class Figure:
    """One published count: `value` as of `as_of`, made public on `reported` by `publisher`."""

    value: int
    qualifier: str
    as_of: date | None
    reported: date
    publisher: str
    title: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Series:
    """A measure counted over time, its figures in the order they were reported."""

    id: str
    title: str
    unit: str
    independent: bool
    figures: tuple[Figure, ...]

    def latest(self, day: date) -> Figure | None:
        """The last figure reported on or before `day`."""
        known = [f for f in self.figures if f.reported <= day]
        return known[-1] if known else None


@dataclass(frozen=True)
class Claim:
    """A party's statement, summarised in our words, with where it was said."""

    id: str
    date: date
    who: str
    summary: str
    source: str  # publisher, date, title (as a reader reads it)
    url: str  # where it can be read; kept apart from the text the map shows
    paragraphs: tuple[int, ...]

@dataclass(frozen=True)
class PlaceName:
    """A place's name in one language (names.csv): sourced from a named source, or our own transliteration."""

    id: str  # the feature (or settlement) it names
    english: str  # the English name it renders: the feature's whole name, or the place's part of it
    lang: str
    name: str
    status: str  # "sourced" or "transliterated"
    source: str = ""  # publisher, date, title (required when sourced)
    url: str = ""


LAYER_KINDS = tuple(KINDS)  # geo/kinds.py: one entry per kind
PRECISIONS = ("day", "month", "year")
# the layers the library derives from a story's situation; their features' text is generated, not the story's
SITUATION_LAYERS = ("control", "front_line", "deployments")


@dataclass(frozen=True)
class Article:
    """The news story the map is about; paragraphs are counted as in `geo.article`."""

    publisher: str
    date: date | None  # None only when the manifest's date is broken (reported as a problem)
    headline: str
    paragraphs: int
    url: str = ""


@dataclass(frozen=True)
class LayerSpec:
    """How a layer is shown: its title, kind (zone, control, line, post, place, link) and colour.

    A `control` layer colours each feature by who held it (`controller`), from `palette`.
    """

    id: str
    title: str
    kind: str
    color: str
    description: str = ""
    palette: dict[str, str] = field(default_factory=dict)
    # a layer drawn on one side of the front: (controller, date) whose ground its features must lie in
    inside: tuple[str, date] | None = None


@dataclass(frozen=True)
class Controller:
    """One side of the story's situation: who held ground, as the legend and popups name it."""

    id: str
    label: str
    color: str
    note: str = ""  # context the popups give (who this side was), with its source


@dataclass(frozen=True)
class Situation:
    """Who held what: the covered dates, the controllers, the pair whose meeting is the front line.

    `behind` is the controller whose ground a post may stand inside ("behind its lines"), and
    `behind_label` how the legend names such a post, `behind_status` how its popup says since when.
    All of it is the story's, declared in story.json.
    """

    coverage: tuple[date, date]
    controllers: tuple[Controller, ...]
    front: tuple[str, str]
    behind: str
    behind_label: str
    behind_status: str  # a post's popup line; "{date}" stands for the first day it stood behind the lines
    deployed_in: str = ""  # the controller whose ground control/deployments.csv reports other forces in

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.controllers)

    def label(self, controller: str) -> str:
        return next((c.label for c in self.controllers if c.id == controller), controller)

    def note(self, controller: str) -> str:
        return next((c.note for c in self.controllers if c.id == controller), "")

    def palette(self) -> dict[str, str]:
        return {c.id: c.color for c in self.controllers}


@dataclass(frozen=True)
class Feature:
    """One map feature, with its GeoJSON geometry (RFC 7946 winding) and properties."""

    id: str
    layer: str
    name: str
    geometry: dict[str, Any]
    properties: dict[str, Any]
    valid_from: date | None
    valid_to: date | None

    def exists_on(self, day: date) -> bool:
        """True when the feature is on the map on `day`."""
        after_start = self.valid_from is None or self.valid_from <= day
        before_end = self.valid_to is None or day <= self.valid_to
        return after_start and before_end


@dataclass(frozen=True)
class Event:
    """One dated event of the story's timeline."""

    id: str
    date: date
    precision: str
    title: str
    summary: str
    paragraphs: tuple[int, ...]
    features: tuple[str, ...]
    from_article: bool
    source: str
    date_source: str = ""


@dataclass
class Story:
    """A loaded story: what could be read, and every problem met while reading it."""

    folder: Path
    title: str
    article: Article
    extent: Extent
    layers: list[LayerSpec]
    features: dict[str, list[Feature]]
    events: list[Event]
    problems: list[Problem] = field(default_factory=list)
    slug: str = "story"
    crs: str = ""  # the metric CRS derived geometry is computed in (EPSG code), from story.json
    situation: Situation | None = None
    series: list[Series] = field(default_factory=list)  # dated, attributed figures (figures.json)
    claims: list[Claim] = field(default_factory=list)
    draft: bool = False  # a drafted story (`geo draft`) not yet accepted: never published as it stands
    # post id -> spans of dates it stood inside the `situation.behind` controller's ground (control layer)
    behind_lines: dict[str, tuple[tuple[date, date], ...]] = field(default_factory=dict)
    figures_about: str = ""  # what the figures are (figures.json `about`)
    # the languages readers may read the story in, the edition's own first (story.json `languages`)
    languages: tuple[str, ...] = ("en",)
    # language -> the regional CLDR locale its dates and numbers are written in (story.json `locales`)
    locales: dict[str, str] = field(default_factory=dict)
    # language -> translation key -> text (translations/<lang>.json, checked against the story's keys)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    # language -> feature id -> its name in that language (names.csv)
    place_names: dict[str, dict[str, PlaceName]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def feature_ids(self) -> set[str]:
        return {f.id for features in self.features.values() for f in features}


def parse_date(value: Any) -> date | None:
    """An ISO date (YYYY-MM-DD) or None; raises ValueError naming the value otherwise."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"date {quote(value)} is not a string")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"date {quote(value)} is not an ISO date (YYYY-MM-DD)") from None
