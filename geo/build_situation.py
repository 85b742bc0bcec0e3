"""Derive the situation layers from `control/*.csv`: control areas, the front line, the M4/M5 and the corridor.

All geometry is computed in the metric CRS of `geo.build`; `python -m geo build` writes the layers and
the tests fail when a committed file differs from a rebuild.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry import LineString, Point
from shapely.ops import substring

from geo.metric import rounded, to_metric, to_wgs84
from geo.model import CONTROLLERS
from geo.situation import (
    Period,
    dissolve,
    distances_to_nearest,
    front_line,
    periods,
    study_area,
    voronoi_cells,
)
from geo.timeline import format_date

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from geo.build import Inputs

CONTROL_DECIMALS = 4  # ~10 m; the method is good to kilometres
CONTROL_SIMPLIFY_M = 100.0
TABLES = "data/control/settlements.csv and data/control/changes.csv"
M5_TOWNS = ("hama", "morek", "khan-shaykhun", "maarat-al-numan", "saraqib", "aleppo")
M4_TOWNS = ("latakia", "jisr-al-shughur", "ariha", "saraqib", "aleppo")
TRUMBA_WEST_OF_SARAQIB_M = 2_000.0  # "Trumba, 2 km west of Saraqib" (the protocol's patrol route; see data/README)
CORRIDOR_HALF_WIDTH_M = 6_000.0
MOSCOW_PROTOCOL = ("Additional Protocol to the Memorandum on Stabilization of the Situation in the Idlib "
                   "De-escalation Area, Moscow, 5 March 2020 (text: Russian Ministry of Foreign Affairs; "
                   "reported by Reuters, 2020-03-05, 'Russia and Turkey agree ceasefire deal for Syria's Idlib')")
ROADS_SOURCE = "Wikipedia, 'M5 highway (Syria)' and 'M4 highway (Syria)' (route through the named towns)"
LABELS = {"government": "Government-held", "opposition": "Opposition-held"}

Feature = dict[str, Any]


def _feature(layer: str, fid: str, name: str, geom: BaseGeometry, props: dict[str, Any]) -> Feature:
    return {"type": "Feature", "geometry": rounded(geom, CONTROL_DECIMALS),
            "properties": {"id": fid, "name": name, "layer": layer, **props}}


def _points(inputs: Inputs) -> dict[str, Point]:
    return {s.id: to_metric(Point(s.lon, s.lat)) for s in inputs.settlements}


def _period_text(period: Period) -> str:
    if period.start == period.end:
        return f"on {format_date(period.start)}"
    return f"from {format_date(period.start)} to {format_date(period.end)}"


def _cells(inputs: Inputs) -> tuple[dict[str, Point], dict[str, BaseGeometry]]:
    """Settlements in metres, and each one's Voronoi cell clipped to the study area."""
    points = _points(inputs)
    ids = list(points)
    area = study_area([points[i] for i in ids], to_metric(inputs.syria))
    return points, dict(zip(ids, voronoi_cells([points[i] for i in ids], area), strict=True))


def control_layers(inputs: Inputs) -> dict[str, list[Feature]]:
    """The `control` areas (one per controller and period) and the `front_line` (one per period)."""
    points, cells = _cells(inputs)
    ids = list(points)
    control: list[Feature] = []
    fronts: list[Feature] = []
    for period in periods(inputs.settlements, inputs.changes):
        areas = {c: dissolve(cells, period.settlements_of(c)).simplify(CONTROL_SIMPLIFY_M) for c in CONTROLLERS}
        for controller, geom in areas.items():
            count = len(period.settlements_of(controller))
            control.append(_feature("control", f"control-{controller}-{period.start}",
                                    f"{LABELS[controller]} area (approximate)", to_wgs84(geom), {
                "valid_from": period.start.isoformat(), "valid_to": period.end.isoformat(),
                "controller": controller, "settlements": count,
                "summary": f"{LABELS[controller]} ground {_period_text(period)}, approximate: derived from "
                           f"{len(ids)} settlements, {count} of them {controller}-held.",
                "source": f"Derived from {TABLES} (every change of control sourced there)",
                "from_article": False, "approximate": True,
                "derived": f"Voronoi cells of the {len(ids)} settlements in UTM 37N, clipped to the study area, "
                           "dissolved by controller.",
            }))
        line = front_line(areas["government"], areas["opposition"]).simplify(CONTROL_SIMPLIFY_M)
        distances = distances_to_nearest(line, list(points.values()))
        typical = statistics.median(distances) / 1000 if distances else 0.0
        fronts.append(_feature("front_line", f"front-{period.start}", "Front line (approximate)", to_wgs84(line), {
            "valid_from": period.start.isoformat(), "valid_to": period.end.isoformat(),
            "summary": f"Where government- and opposition-held ground met {_period_text(period)}, drawn halfway "
                       f"between settlements held by each side: typically {typical:.1f} km from the nearest "
                       "one, so the real line may lie up to about that far either way.",
            "source": f"Derived from {TABLES}", "from_article": False, "approximate": True,
            "accuracy_km": round(typical, 1),
            "derived": "Shared edge of the dissolved control areas, simplified to 100 m.",
        }))
    return {"control": control, "front_line": fronts}


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
    road = to_metric(_road(inputs, M4_TOWNS))
    east = road.project(points["saraqib"]) - TRUMBA_WEST_OF_SARAQIB_M
    last = periods(inputs.settlements, inputs.changes)[-1]
    held = road.intersection(dissolve(cells, last.settlements_of("opposition")))
    west = min(road.project(Point(c)) for c in shapely.get_coordinates(held))
    band = substring(road, west, east).buffer(CORRIDOR_HALF_WIDTH_M, cap_style="flat")
    return to_wgs84(band.intersection(to_metric(inputs.syria)).simplify(CONTROL_SIMPLIFY_M))


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
                       f"{CORRIDOR_HALF_WIDTH_M / 1000:.0f} km with square ends in UTM 37N and clipped to Syria.",
        })],
    }
