"""Derive the situation layers from `control/*.csv`: control areas, the front line and deployments.

All geometry is computed in the story's metric CRS; `python -m geo build` writes the layers and the tests
fail when a committed file differs from a rebuild. `area_on` and `front_band` are for a story's own hook:
zones drawn from who held what on a date.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry import Point

from geo.derive.metric import crs_name, rounded
from geo.load.situation import (
    Period,
    dissolve,
    distances_to_nearest,
    front_line,
    periods,
    voronoi_cells,
)
from geo.load.timeline import format_date

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from geo.derive.derivation import Inputs
    from geo.load.tables import Deployment

CONTROL_DECIMALS = 4  # ~10 m; the method is good to kilometres
CONTROL_SIMPLIFY_M = 100.0
TABLES = "control/settlements.csv and control/changes.csv"

Feature = dict[str, Any]


def situation_feature(layer: str, fid: str, name: str, geom: BaseGeometry, props: dict[str, Any]) -> Feature:
    return {"type": "Feature", "geometry": rounded(geom, CONTROL_DECIMALS),
            "properties": {"id": fid, "name": name, "layer": layer, **props}}


def _points(inputs: Inputs) -> dict[str, Point]:
    return {s.id: inputs.metric(Point(s.lon, s.lat)) for s in inputs.settlements}


def study_area(inputs: Inputs, points_m: Sequence[Point]) -> BaseGeometry:
    """The ground the settlements speak for, by the story's rule, inside the country (metres)."""
    country = inputs.metric(inputs.country)
    rule = inputs.settings.study_area
    if rule.rule == "north_of":
        west, _, east, north = inputs.country.bounds
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


def control_periods(inputs: Inputs) -> list[Period]:
    return periods(inputs.settlements, inputs.changes, inputs.story_situation.coverage)


def _period_text(period: Period) -> str:
    if period.start == period.end:
        return f"on {format_date(period.start)}"
    return f"from {format_date(period.start)} to {format_date(period.end)}"


def settlement_cells(inputs: Inputs) -> tuple[dict[str, Point], dict[str, BaseGeometry]]:
    """Settlements in metres, and each one's Voronoi cell clipped to the study area."""
    points = _points(inputs)
    ids = list(points)
    area = study_area(inputs, [points[i] for i in ids])
    return points, dict(zip(ids, voronoi_cells([points[i] for i in ids], area), strict=True))


def control_layers(inputs: Inputs) -> dict[str, list[Feature]]:
    """The `control` areas (one per controller and period) and the `front_line` (one per period)."""
    points, cells = settlement_cells(inputs)
    ids = list(points)
    control: list[Feature] = []
    fronts: list[Feature] = []
    situation = inputs.story_situation
    for period in control_periods(inputs):
        areas = coverage(situation.ids, [dissolve(cells, period.settlements_of(c)) for c in situation.ids])
        for controller, geom in areas.items():
            count = len(period.settlements_of(controller))
            if not count:
                continue
            label = situation.label(controller)
            control.append(situation_feature("control", f"control-{controller}-{period.start}",
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
        fronts.append(situation_feature("front_line", f"front-{period.start}", "Front line (approximate)",
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
    _, cells = settlement_cells(inputs)
    period = next(p for p in control_periods(inputs) if p.start <= day <= p.end)
    situation = inputs.story_situation
    return coverage(situation.ids, [dissolve(cells, period.settlements_of(c)) for c in situation.ids])[controller]


def front_band(inputs: Inputs, day: date, depth_m: float, side: str) -> BaseGeometry:
    """The band `depth_m` deep on `side`'s side of the front line of `day` (WGS 84): a zone drawn from the front.

    The areas are those of the period holding `day`, as the control layer draws them.
    """
    _, cells = settlement_cells(inputs)
    period = next(p for p in control_periods(inputs) if p.start <= day <= p.end)
    situation = inputs.story_situation
    areas = coverage(situation.ids, [dissolve(cells, period.settlements_of(c)) for c in situation.ids])
    line = front_line(areas[situation.front[0]], areas[situation.front[1]])
    band = line.buffer(depth_m).intersection(areas[side])
    return inputs.wgs84(polygonal(band).simplify(CONTROL_SIMPLIFY_M))


def deployment_layers(inputs: Inputs) -> dict[str, list[Feature]]:
    """Where government or Russian forces were reported in ground the SDF kept: the reported towns' cells.

    One feature per period between deployments and changes of control, from the first deployment on.
    """
    if not inputs.deployments or not inputs.story_situation.deployed_in:
        return {"deployments": []}
    _, cells = settlement_cells(inputs)
    names = {s.id: s.name for s in inputs.settlements}
    held_by = inputs.story_situation.deployed_in
    coverage_end = inputs.story_situation.coverage[1]
    control = control_periods(inputs)
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
        features.append(situation_feature("deployments", f"deployed-{start}", "Forces deployed (approx.)",
                                 inputs.wgs84(area), {
            "valid_from": start.isoformat(), "valid_to": end.isoformat(),
            "summary": f"Reported deployments {_period_text(Period(start, end, {}))} ({said}) in "
                       f"{inputs.story_situation.label(held_by)} ground, which stayed so; the area is the ground "
                       "nearest each reported town, not where troops stood.",
            "source": "Derived from control/deployments.csv (each deployment sourced there)",
            "from_article": False, "approximate": True,
            "derived": f"Voronoi cells of the towns where deployments were reported, in {crs_name(inputs.crs)}, "
                       "clipped to the study area.",
        }))
    return {"deployments": features}
