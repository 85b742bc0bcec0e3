"""The project's own sourced places and zones: looked up before GeoNames, because they are better here.

The default story's `layers/places.geojson` and `control/settlements.csv` hold places with a cited coordinate and an
accuracy; the zone layers named in the story's `phrases.json` hold sourced areas that a drafted phrase
("the de-escalation zone") can become.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.draft.names import name_key, skeleton, skeleton_usable
from geo.load.catalog import default_folder

DATA = default_folder()  # the default story's places come first

PHRASES_FILE = "phrases.json"  # the story's phrases for its zones (see _zone_phrases)
MAX_PATTERN = 500


@dataclass(frozen=True)
class ZonePhrase:
    """A phrase an article uses for one of the story's sourced zones, and the zone feature it means."""

    pattern: re.Pattern[str]
    layer: str
    feature: str


def zone_phrases(folder: Path) -> list[ZonePhrase]:
    """The story's `phrases.json`: regular expressions for its zones; unusable entries are skipped."""
    try:
        data = json.loads((folder / PHRASES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = []
    for item in data.get("zones", []) if isinstance(data, dict) else []:
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("pattern", "layer", "feature")):
            continue
        if len(item["pattern"]) > MAX_PATTERN or not re.fullmatch(r"[a-z0-9_]+", item["layer"]):
            continue
        try:
            pattern = re.compile(item["pattern"], re.IGNORECASE if item.get("ignore_case") else 0)
        except re.error:
            continue
        found.append(ZonePhrase(pattern, item["layer"], item["feature"]))
    return found


@dataclass(frozen=True)
class Sourced:
    """A sourced place or zone of the project."""

    id: str
    name: str
    lat: float
    lon: float
    source: str
    accuracy_km: float
    layer: str
    geometry: dict[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()


def _aliases(name: str, term: str | None) -> tuple[str, ...]:
    """'Sochi (Bocharov Ruchey)' is found as 'Sochi' and 'Bocharov Ruchey'; lower-case glosses are not names."""
    found = [name]
    if match := re.match(r"^(.*?)\s*\((?:the\s+)?(.*)\)$", name):
        found = [match.group(1)] + ([match.group(2)] if match.group(2)[:1].isupper() else [])
    if term and term[:1].isupper():
        found.append(term)
    return tuple(dict.fromkeys(found))


def _point(geometry: dict[str, Any]) -> tuple[float, float]:
    from shapely.geometry import shape  # noqa: PLC0415 - only for the few zones

    point = shape(geometry).representative_point()
    return point.y, point.x


class SourcedPlaces:
    """Look-ups in the project's sourced places (by the same keys as the gazetteer) and zones (by id)."""

    def __init__(self, folder: Path = DATA) -> None:
        self.places: list[Sourced] = []
        self.zones: dict[str, Sourced] = {}
        self.phrases = zone_phrases(folder)
        self._load_places(folder)
        self._load_settlements(folder)
        self._load_zones(folder)
        self._by_key: dict[str, list[Sourced]] = {}
        self._by_skeleton: dict[str, list[Sourced]] = {}
        for place in self.places:
            for alias in place.aliases:
                self._by_key.setdefault(name_key(alias), []).append(place)
                if skeleton_usable(alias):
                    self._by_skeleton.setdefault(skeleton(alias), []).append(place)

    def _load_places(self, folder: Path) -> None:
        path = folder / "layers" / "places.geojson"
        if not path.is_file():
            return
        for feature in json.loads(path.read_text(encoding="utf-8")).get("features", []):
            props, geometry = feature.get("properties", {}), feature.get("geometry", {})
            if geometry.get("type") != "Point":
                continue
            lon, lat = geometry["coordinates"][:2]
            self.places.append(Sourced(
                id=props["id"], name=props["name"], lat=lat, lon=lon, layer="places",
                source=props.get("coord_source", props.get("source", "")),
                accuracy_km=float(props.get("accuracy_km", 2.0)),
                aliases=_aliases(props["name"], props.get("article_term"))))

    def _load_settlements(self, folder: Path) -> None:
        path = folder / "control" / "settlements.csv"
        if not path.is_file():
            return
        known = {name_key(a) for p in self.places for a in p.aliases}
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if name_key(row["name"]) in known:
                    continue
                self.places.append(Sourced(
                    id=row["id"], name=row["name"], lat=float(row["lat"]), lon=float(row["lon"]),
                    source=row["coord_source"], accuracy_km=float(row["accuracy_km"] or 2),
                    layer="settlements", aliases=(row["name"],)))

    def _load_zones(self, folder: Path) -> None:
        for phrase in self.phrases:
            layer, feature_id = phrase.layer, phrase.feature
            path = folder / "layers" / f"{layer}.geojson"
            if not path.is_file():
                continue
            for feature in json.loads(path.read_text(encoding="utf-8")).get("features", []):
                props = feature.get("properties", {})
                if props.get("id") == feature_id:
                    lat, lon = _point(feature["geometry"])
                    self.zones[feature_id] = Sourced(
                        id=feature_id, name=props["name"], lat=lat, lon=lon, layer=layer, source=props["source"],
                        accuracy_km=0.0, geometry=feature["geometry"])

    def exact(self, name: str) -> list[Sourced]:
        return self._by_key.get(name_key(name), [])

    def loose(self, name: str) -> list[Sourced]:
        return self._by_skeleton.get(skeleton(name), []) if skeleton_usable(name) else []

    def zone_mentions(self, text: str) -> list[tuple[int, int, Sourced]]:
        """(start, end, zone) for each phrase of the text that names a sourced zone."""
        found = []
        for phrase in self.phrases:
            zone = self.zones.get(phrase.feature)
            if zone is None:
                continue
            found += [(m.start(), m.end(), zone) for m in phrase.pattern.finditer(text)]
        return found
