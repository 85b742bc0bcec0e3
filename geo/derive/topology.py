"""Read a border two countries share, and a country's outline, out of a TopoJSON topology (world-atlas).

In a topology, a border two countries share is stored once, as arcs both countries reference;
so the border is exactly the arcs that the two countries' rings have in common.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shapely.geometry import LineString, MultiPolygon, Polygon
from shapely.ops import linemerge

Coords = list[tuple[float, float]]


def load_topology(path: Path) -> dict[str, Any]:
    topology: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return topology


def decode_arcs(topology: dict[str, Any]) -> list[Coords]:
    """Absolute lon/lat positions of every arc (undoing the quantization and delta coding)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _country(topology: dict[str, Any], name: str) -> dict[str, Any]:
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["properties"]["name"] == name:
            found: dict[str, Any] = geometry
            return found
    raise KeyError(f"no country named {name!r} in the topology")


def _rings(geometry: dict[str, Any]) -> list[list[int]]:
    polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    return [ring for polygon in polygons for ring in polygon]


def _arc_ids(geometry: dict[str, Any]) -> set[int]:
    """Arc indexes a country uses, whichever direction (~i means arc i reversed)."""
    return {i if i >= 0 else ~i for ring in _rings(geometry) for i in ring}


def _ring_coords(ring: list[int], arcs: list[Coords]) -> Coords:
    coords: Coords = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        coords.extend(arc if not coords else arc[1:])
    return coords


def shared_border(topology: dict[str, Any], a: str, b: str) -> LineString:
    """The border between countries `a` and `b` as one line, in `a`'s ring order."""
    arcs = decode_arcs(topology)
    shared = _arc_ids(_country(topology, a)) & _arc_ids(_country(topology, b))
    if not shared:
        raise ValueError(f"{a} and {b} share no border in the topology")
    pieces = [
        LineString(arcs[i] if i >= 0 else arcs[~i][::-1])
        for ring in _rings(_country(topology, a)) for i in ring if (i if i >= 0 else ~i) in shared
    ]
    merged = linemerge(pieces)
    if merged.geom_type != "LineString":
        raise ValueError(f"the {a}–{b} border is not one continuous line")
    return merged


def country_outline(topology: dict[str, Any], name: str) -> Polygon | MultiPolygon:
    """A country's (multi)polygon from its arcs."""
    arcs = decode_arcs(topology)
    geometry = _country(topology, name)
    polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    shapes = [Polygon(_ring_coords(p[0], arcs), [_ring_coords(r, arcs) for r in p[1:]]) for p in polygons]
    return shapes[0] if len(shapes) == 1 else MultiPolygon(shapes)
