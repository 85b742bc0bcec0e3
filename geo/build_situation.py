"""Derive the situation layers from `control/*.csv`: control areas, the front line, the M4/M5 and the corridor.

All geometry is computed in the metric CRS of `geo.build`; `python -m geo build` writes the layers and
the tests fail when a committed file differs from a rebuild.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry import LineString, Point
from shapely.ops import substring

from geo.metric import crs_name, rounded
from geo.situation import (
    Period,
    dissolve,
    distances_to_nearest,
    front_line,
    periods,
    voronoi_cells,
)
from geo.timeline import format_date

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from geo.build import Inputs
    from geo.tables import Deployment

CONTROL_DECIMALS = 4  # ~10 m; the method is good to kilometres
CONTROL_SIMPLIFY_M = 100.0
TABLES = "control/settlements.csv and control/changes.csv"
M5_TOWNS = ("hama", "morek", "khan-shaykhun", "maarat-al-numan", "saraqib", "aleppo")
M4_TOWNS = ("latakia", "jisr-al-shughur", "ariha", "saraqib", "aleppo")
TRUMBA_WEST_OF_SARAQIB_M = 2_000.0  # "Trumba, 2 km west of Saraqib" (the protocol's patrol route; see data/README)
CORRIDOR_HALF_WIDTH_M = 6_000.0
MOSCOW_PROTOCOL = ("Additional Protocol to the Memorandum on Stabilization of the Situation in the Idlib "
                   "De-escalation Area, Moscow, 5 March 2020 (text: Russian Ministry of Foreign Affairs; "
                   "reported by Reuters, 2020-03-05, 'Russia and Turkey agree ceasefire deal for Syria's Idlib')")
ROADS_SOURCE = "Wikipedia, 'M5 highway (Syria)' and 'M4 highway (Syria)' (route through the named towns)"

Feature = dict[str, Any]


def _feature(layer: str, fid: str, name: str, geom: BaseGeometry, props: dict[str, Any]) -> Feature:
    return {"type": "Feature", "geometry": rounded(geom, CONTROL_DECIMALS),
            "properties": {"id": fid, "name": name, "layer": layer, **props}}


def _points(inputs: Inputs) -> dict[str, Point]:
    return {s.id: inputs.metric(Point(s.lon, s.lat)) for s in inputs.settlements}


def study_area(inputs: Inputs, points_m: Sequence[Point]) -> BaseGeometry:
    """The ground the settlements speak for, by the story's rule, inside the country (metres)."""
    country = inputs.metric(inputs.syria)
    rule = inputs.settings.study_area
    if rule.rule == "north_of":
        west, _, east, north = inputs.syria.bounds
        return country.intersection(inputs.metric(shapely.box(west - 1, rule.latitude, east + 1, north + 1)))
    return shapely.MultiPoint(list(points_m)).convex_hull.buffer(rule.margin_km * 1000).intersection(country)


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygons of a geometry (clipping can leave stray lines and points); empty stays empty."""
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    return shapely.union_all(parts) if parts else shapely.MultiPolygon()


def coverage(ids: Sequence[str], areas: Sequence[BaseGeometry]) -> dict[str, BaseGeometry]:
    """The controllers' areas simplified together (shared edges stay shared: no slivers, no overlaps).

    A controller that holds nothing in the period gets an empty area.
    """
    held = [(cid, polygonal(area)) for cid, area in zip(ids, areas, strict=True)]
    present = [(cid, area) for cid, area in held if not area.is_empty]
    simplified = shapely.coverage_simplify([area for _, area in present], CONTROL_SIMPLIFY_M)
    found = dict(zip((cid for cid, _ in present), simplified, strict=True))
    return {cid: found.get(cid, shapely.MultiPolygon()) for cid in ids}


def _periods(inputs: Inputs) -> list[Period]:
    return periods(inputs.settlements, inputs.changes, inputs.situation.coverage)


def _period_text(period: Period) -> str:
    if period.start == period.end:
        return f"on {format_date(period.start)}"
    return f"from {format_date(period.start)} to {format_date(period.end)}"


def _cells(inputs: Inputs) -> tuple[dict[str, Point], dict[str, BaseGeometry]]:
    """Settlements in metres, and each one's Voronoi cell clipped to the study area."""
    points = _points(inputs)
    ids = list(points)
    area = study_area(inputs, [points[i] for i in ids])
    return points, dict(zip(ids, voronoi_cells([points[i] for i in ids], area), strict=True))


def control_layers(inputs: Inputs) -> dict[str, list[Feature]]:
    """The `control` areas (one per controller and period) and the `front_line` (one per period)."""
    points, cells = _cells(inputs)
    ids = list(points)
    control: list[Feature] = []
    fronts: list[Feature] = []
    situation = inputs.situation
    for period in _periods(inputs):
        areas = coverage(situation.ids, [dissolve(cells, period.settlements_of(c)) for c in situation.ids])
        for controller, geom in areas.items():
            count = len(period.settlements_of(controller))
            if not count:
                continue
            label = situation.label(controller)
            control.append(_feature("control", f"control-{controller}-{period.start}",
                                    f"{label} area (approximate)", inputs.wgs84(geom), {
                "valid_from": period.start.isoformat(), "valid_to": period.end.isoformat(),
                "controller": controller, "settlements": count,
                "summary": f"{label} ground {_period_text(period)}, approximate: derived from "
                           f"{len(ids)} settlements, {count} of them held by this side."
                           + (f" {situation.note(controller)}" if situation.note(controller) else ""),
                "source": f"Derived from {TABLES} (every change of control sourced there)",
                "from_article": False, "approximate": True,
                "derived": f"Voronoi cells of the {len(ids)} settlements in {crs_name(inputs.crs)}, clipped "
                           "to the study area, dissolved by controller.",
            }))
        one, other = situation.front
        line = front_line(areas[one], areas[other]).simplify(CONTROL_SIMPLIFY_M)
        distances = distances_to_nearest(line, list(points.values()))
        typical = statistics.median(distances) / 1000 if distances else 0.0
        fronts.append(_feature("front_line", f"front-{period.start}", "Front line (approximate)",
                               inputs.wgs84(line), {
            "valid_from": period.start.isoformat(), "valid_to": period.end.isoformat(),
            "summary": f"Where {situation.label(one)} and {situation.label(other)} ground met "
                       f"{_period_text(period)}, drawn halfway "
                       f"between settlements held by each side: typically {typical:.1f} km from the nearest "
                       "one, so the real line may lie up to about that far either way.",
            "source": f"Derived from {TABLES}", "from_article": False, "approximate": True,
            "accuracy_km": round(typical, 1),
            "derived": "Shared edge of the dissolved control areas, simplified to 100 m.",
        }))
    return {"control": control, "front_line": fronts}


def area_on(inputs: Inputs, day: date, controller: str) -> BaseGeometry:
    """`controller`'s ground on `day`, in metres, as the control layer draws it."""
    _, cells = _cells(inputs)
    period = next(p for p in _periods(inputs) if p.start <= day <= p.end)
    situation = inputs.situation
    return coverage(situation.ids, [dissolve(cells, period.settlements_of(c)) for c in situation.ids])[controller]


def front_band(inputs: Inputs, day: date, depth_m: float, side: str) -> BaseGeometry:
    """The band `depth_m` deep on `side`'s side of the front line of `day` (WGS 84): a zone drawn from the front.

    The areas are those of the period holding `day`, as the control layer draws them.
    """
    _, cells = _cells(inputs)
    period = next(p for p in _periods(inputs) if p.start <= day <= p.end)
    situation = inputs.situation
    areas = coverage(situation.ids, [dissolve(cells, period.settlements_of(c)) for c in situation.ids])
    line = front_line(areas[situation.front[0]], areas[situation.front[1]])
    band = line.buffer(depth_m).intersection(areas[side])
    return inputs.wgs84(polygonal(band).simplify(CONTROL_SIMPLIFY_M))


def deployment_layers(inputs: Inputs) -> dict[str, list[Feature]]:
    """Where government or Russian forces were reported in ground the SDF kept: the reported towns' cells.

    One feature per period between deployments and changes of control, from the first deployment on.
    """
    if not inputs.deployments or not inputs.situation.deployed_in:
        return {"deployments": []}
    _, cells = _cells(inputs)
    names = {s.id: s.name for s in inputs.settlements}
    held_by = inputs.situation.deployed_in
    coverage_end = inputs.situation.coverage[1]
    control = _periods(inputs)
    first = inputs.deployments[0].date
    starts = sorted({first, *(d.date for d in inputs.deployments), *(p.start for p in control if p.start > first)})
    spans: list[tuple[date, list[Deployment]]] = []
    for start in starts:
        held = next(p for p in control if p.start <= start <= p.end).held
        reported = [d for d in inputs.deployments if d.date <= start and held.get(d.settlement) == held_by]
        if not spans or spans[-1][1] != reported:
            spans.append((start, reported))
    features: list[Feature] = []
    for index, (start, reported) in enumerate(spans):
        end = spans[index + 1][0] - timedelta(days=1) if index + 1 < len(spans) else coverage_end
        towns = list(dict.fromkeys(d.settlement for d in reported))
        if not towns:
            continue
        area = dissolve(cells, towns).simplify(CONTROL_SIMPLIFY_M)
        forces = {force: [names[d.settlement] for d in reported if d.force == force]
                  for force in dict.fromkeys(d.force for d in reported)}
        said = "; ".join(f"{force}: {', '.join(dict.fromkeys(places))}" for force, places in forces.items())
        features.append(_feature("deployments", f"deployed-{start}", "Forces deployed (approx.)",
                                 inputs.wgs84(area), {
            "valid_from": start.isoformat(), "valid_to": end.isoformat(),
            "summary": f"Reported deployments {_period_text(Period(start, end, {}))} ({said}) in "
                       f"{inputs.situation.label(held_by)} ground, which stayed so; the area is the ground nearest "
                       "each reported town, not where troops stood.",
            "source": "Derived from control/deployments.csv (each deployment sourced there)",
            "from_article": False, "approximate": True,
            "derived": f"Voronoi cells of the towns where deployments were reported, in {crs_name(inputs.crs)}, "
                       "clipped to the study area.",
        }))
    return {"deployments": features}


def _road(inputs: Inputs, towns: Sequence[str]) -> LineString:
    by_id = {s.id: Point(s.lon, s.lat) for s in inputs.settlements}
    return LineString([by_id[t] for t in towns])


def corridor(inputs: Inputs) -> BaseGeometry:
    """6 km either side of the M4 from Trumba west to Ain al-Havr (Moscow protocol, art. 2).

    Neither village's coordinate could be sourced, so both ends are placed by what reports say of them:
    Trumba 2 km west of Saraqib along the road, and Ain al-Havr as the M4's last point in opposition-held
    ground on the day the protocol took effect.
    """
    points, cells = _cells(inputs)
    road = inputs.metric(_road(inputs, M4_TOWNS))
    east = road.project(points["saraqib"]) - TRUMBA_WEST_OF_SARAQIB_M
    last = _periods(inputs)[-1]
    held = road.intersection(dissolve(cells, last.settlements_of("opposition")))
    west = min(road.project(Point(c)) for c in shapely.get_coordinates(held))
    band = substring(road, west, east).buffer(CORRIDOR_HALF_WIDTH_M, cap_style="flat")
    return inputs.wgs84(band.intersection(inputs.metric(inputs.syria)).simplify(CONTROL_SIMPLIFY_M))


def road_layers(inputs: Inputs) -> dict[str, list[Feature]]:
    """The M5 and M4 (schematic) and the Moscow protocol's security corridor."""
    names = {s.id: s.name for s in inputs.settlements}
    def road(fid: str, name: str, towns: Sequence[str], summary: str) -> Feature:
        return _feature("roads", fid, name, _road(inputs, towns), {
            "valid_from": None, "valid_to": None, "summary": summary, "source": ROADS_SOURCE,
            "from_article": False, "approximate": True,
            "derived": "Schematic: straight lines through " + ", ".join(names[t] for t in towns) + ".",
        })
    return {
        "roads": [
            road("m5", "M5 highway (schematic)", M5_TOWNS,
                 "Damascus–Aleppo motorway, the prize of the 2019–2020 offensives: the government took its "
                 "last rebel-held stretch in February 2020."),
            road("m4", "M4 highway (schematic)", M4_TOWNS,
                 "Latakia–Aleppo motorway through Jisr al-Shughur and Ariha; its reopening was part of the 2018 "
                 "Sochi deal and the centre of the March 2020 Moscow protocol."),
        ],
        "m4_corridor": [_feature("m4_corridor", "m4-security-corridor", "M4 security corridor",
                                 corridor(inputs), {
            "valid_from": "2020-03-05", "valid_to": None,
            "summary": "Agreed in Moscow on 5 March 2020: a corridor 6 km deep on each side of the M4, with joint "
                       "Russian–Turkish patrols from 15 March between Trumba and Ain al-Havr.",
            "source": MOSCOW_PROTOCOL, "from_article": False, "approximate": True,
            "derived": "The schematic M4 from 2 km west of Saraqib (Trumba) to its last point in opposition-held "
                       "ground on 6 March 2020 (Ain al-Havr), buffered "
                       f"{CORRIDOR_HALF_WIDTH_M / 1000:.0f} km with square ends in {crs_name(inputs.crs)} and "
                       "clipped to the country.",
        })],
    }
