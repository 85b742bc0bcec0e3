"""The story's typed objects: article, layer specs, features, events, and the story itself."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geo.geometry_checks import Extent
from geo.problems import Problem

LAYER_KINDS = ("zone", "line", "post", "place", "link")
PRECISIONS = ("day", "month", "year")
REQUIRED_FEATURE_PROPS: dict[str, type] = {
    "id": str,
    "name": str,
    "layer": str,
    "summary": str,
    "source": str,
    "from_article": bool,
}


@dataclass(frozen=True)
class Article:
    """The news story the map is about; paragraphs are counted as in `geo.article`."""

    publisher: str
    date: date
    headline: str
    paragraphs: int
    url: str = ""


@dataclass(frozen=True)
class LayerSpec:
    """How a layer is shown: its title, kind (zone, line, post, place, link) and colour."""

    id: str
    title: str
    kind: str
    color: str
    description: str = ""


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

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def layer(self, layer_id: str) -> LayerSpec:
        return next(spec for spec in self.layers if spec.id == layer_id)

    def feature_ids(self) -> set[str]:
        return {f.id for features in self.features.values() for f in features}


def parse_date(value: Any) -> date | None:
    """An ISO date (YYYY-MM-DD) or None; raises ValueError naming the value otherwise."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"date {value!r} is not a string")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"date {value!r} is not an ISO date (YYYY-MM-DD)") from None


def read_json(path: Path, folder: Path) -> tuple[Any, Problem | None]:
    """Parse a JSON file; a missing or invalid file becomes a Problem naming it."""
    name = path.relative_to(folder).as_posix() if path.is_relative_to(folder) else str(path)
    try:
        return json.loads(path.read_text(encoding="utf-8")), None
    except FileNotFoundError:
        return None, Problem(name, "file is missing")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, Problem(name, f"not valid JSON: {exc}")


