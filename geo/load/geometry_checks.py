"""RFC 7946 and validity checks for one GeoJSON geometry. Each check returns messages, never raises."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from geo.model import Extent
from geo.problems import quote

GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
MAX_DECIMALS = 7  # ~1 cm; more than that is noise from a careless export


def _positions(coords: Any, depth: int) -> Iterator[Any]:
    """Yield the positions of a coordinates array nested `depth` levels deep."""
    if depth == 0:
        yield coords
        return
    if not isinstance(coords, list):
        raise TypeError("coordinates must be nested arrays")
    for item in coords:
        yield from _positions(item, depth - 1)


_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}


def _decimals(value: float) -> int:
    text = repr(float(value))
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def _inside(lon: float, lat: float, extent: Extent) -> bool:
    return extent[0] <= lon <= extent[2] and extent[1] <= lat <= extent[3]


def position_problems(position: Any, extent: Extent | None) -> list[str]:
    """Problems of one [lon, lat] position: shape, range, a swapped pair, absurd precision."""
    if not isinstance(position, list) or len(position) not in (2, 3):
        return [f"position {quote(position)} is not an array of [longitude, latitude]"]
    lon, lat = position[0], position[1]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in position):
        return [f"position {quote(position)} has a non-numeric coordinate"]
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return [f"position {quote(position)} is not finite"]
    swapped = f"position {quote(position)} looks swapped: GeoJSON wants [longitude, latitude]"
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        if -90 <= lon <= 90 and -180 <= lat <= 180:
            return [swapped]
        return [f"position {quote(position)} is out of range (longitude -180..180, latitude -90..90)"]
    if extent is not None and not _inside(lon, lat, extent):
        if _inside(lat, lon, extent):
            return [swapped]
        return [f"position {quote(position)} lies outside the story's extent {list(extent)}"]
    if max(_decimals(lon), _decimals(lat)) > MAX_DECIMALS:
        return [f"position {quote(position)} has more than {MAX_DECIMALS} decimals (absurd precision)"]
    return []


def _ring_problems(ring: list[Any], exterior: bool) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    warnings: list[str] = []
    if len(ring) < 4:
        errors.append(f"a polygon ring has {len(ring)} positions; at least 4 are needed")
    elif ring[0] != ring[-1]:
        errors.append("a polygon ring is not closed: its first and last positions differ")
    elif exterior and not shapely.LinearRing(ring).is_ccw:
        warnings.append("an exterior ring is clockwise; RFC 7946 wants counter-clockwise (the loader fixes it)")
    elif not exterior and shapely.LinearRing(ring).is_ccw:
        warnings.append("a hole is counter-clockwise; RFC 7946 wants clockwise (the loader fixes it)")
    return errors, warnings


def _polygon_problems(kind: str, coords: Any) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    warnings: list[str] = []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            ring_errors, ring_warnings = _ring_problems(ring, exterior=index == 0)
            errors += ring_errors
            warnings += ring_warnings
    return errors, warnings


def geometry_problems(geometry: Any, extent: Extent | None = None) -> tuple[list[str], list[str]]:
    """Return (errors, warnings) for a GeoJSON geometry object."""
    if not isinstance(geometry, dict):
        return [f"geometry is {quote(geometry)}, expected a GeoJSON geometry object"], []
    kind = geometry.get("type")
    if not isinstance(kind, str) or kind not in GEOMETRY_TYPES:  # a list or object is not even hashable
        return [f"geometry type {quote(kind)} is not one of {sorted(GEOMETRY_TYPES)}"], []
    if "crs" in geometry:
        return ["geometry has a 'crs' member, which RFC 7946 removed (coordinates must be WGS 84)"], []
    coords = geometry.get("coordinates")
    try:
        positions = list(_positions(coords, _DEPTH[kind]))
    except TypeError as exc:
        return [f"{kind} coordinates are malformed: {exc}"], []
    if not positions:
        return [f"{kind} geometry is empty"], []
    for position in positions:
        found = position_problems(position, extent)
        if found:
            return found, []
    errors, warnings = _polygon_problems(kind, coords)
    if kind == "LineString" and len(positions) < 2:
        errors.append("a LineString needs at least 2 positions")
    if errors:
        return errors, warnings
    geom = shape(geometry)
    if geom.is_empty:
        return [f"{kind} geometry is empty"], warnings
    if not geom.is_valid:
        errors.append(f"geometry is not valid: {explain_validity(geom)}")
    return errors, warnings


def oriented(geom: BaseGeometry) -> BaseGeometry:
    """The geometry with RFC 7946 winding: exterior rings counter-clockwise, holes clockwise."""
    return shapely.orient_polygons(geom, exterior_cw=False)


def plain_geometry(geom: BaseGeometry, decimals: int | None = None) -> dict[str, Any]:
    """GeoJSON geometry with lists (shapely's __geo_interface__ has tuples), optionally rounded."""
    def lists(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [float(v) if decimals is None else round(float(v), decimals) for v in value]
            return [lists(v) for v in value]
        return value

    geo = geom.__geo_interface__
    return {"type": geo["type"], "coordinates": lists(geo["coordinates"])}


def vertex_count(geometry: dict[str, Any]) -> int:
    """How many positions a checked GeoJSON geometry holds."""
    return sum(1 for _ in _positions(geometry["coordinates"], _DEPTH[geometry["type"]]))
