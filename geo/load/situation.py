"""Who held what, on every date: control areas derived from the settlements table, and posts behind lines.

Method (documented in the story folder's README.md): every tracked settlement stands for its Voronoi cell, computed
in a metric CRS and clipped to the study area; on each date the cells are dissolved by who held their
settlement. The front line is where the two areas meet. Between two changes nothing moves, so the
covered range splits into periods, each with one area per controller.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import shapely
from shapely.geometry import MultiPoint, Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.prepared import prep

if TYPE_CHECKING:
    from geo.load.tables import Change, Settlement
    from geo.model import Story

FRONT_SAMPLE_M = 1_000.0
Interval = tuple[date, date]


@dataclass(frozen=True)
class Period:
    """Dates `start` to `end` (inclusive) during which every settlement's controller stayed the same."""

    start: date
    end: date
    held: dict[str, str]

    def settlements_of(self, controller: str) -> list[str]:
        return [sid for sid, who in self.held.items() if who == controller]


def periods(settlements: Sequence[Settlement], changes: Sequence[Change], coverage: Interval) -> list[Period]:
    """Split `coverage` at every change of control; consecutive identical periods are merged."""
    held = {s.id: s.controller_at_start for s in settlements}
    by_date: dict[date, list[Change]] = defaultdict(list)
    for change in changes:
        by_date[change.date].append(change)
    starts = sorted({coverage[0], *(d for d in by_date if coverage[0] < d <= coverage[1])})
    result: list[Period] = []
    for index, start in enumerate(starts):
        for change in by_date.get(start, []):
            held[change.settlement] = change.controller
        end = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else coverage[1]
        if result and result[-1].held == held:
            result[-1] = Period(result[-1].start, end, result[-1].held)
        else:
            result.append(Period(start, end, dict(held)))
    return result


def voronoi_cells(points_m: Sequence[Point], area_m: BaseGeometry) -> list[BaseGeometry]:
    """Each point's Voronoi cell clipped to `area_m`, in the points' order."""
    cells = shapely.voronoi_polygons(MultiPoint(list(points_m)), extend_to=area_m, ordered=True)
    return [cell.intersection(area_m) for cell in cells.geoms]


def dissolve(cells: dict[str, BaseGeometry], ids: Iterable[str]) -> BaseGeometry:
    return shapely.union_all([cells[i] for i in ids])


def front_line(government: BaseGeometry, opposition: BaseGeometry) -> BaseGeometry:
    """Where the two areas touch (in metres): the government area's edge that runs along the other."""
    shared = government.boundary.intersection(opposition.buffer(1.0))
    lines = [g for g in getattr(shared, "geoms", [shared]) if g.geom_type in ("LineString", "MultiLineString")]
    return shapely.line_merge(shapely.union_all(lines)) if lines else shapely.LineString()


def distances_to_nearest(line_m: BaseGeometry, points_m: Sequence[Point],
                         step_m: float = FRONT_SAMPLE_M) -> list[float]:
    """Distances from points every `step_m` along a line to the nearest settlement (accuracy estimate)."""
    if line_m.is_empty:
        return []
    tree = shapely.STRtree(list(points_m))
    samples = []
    for part in getattr(line_m, "geoms", [line_m]):
        count = max(int(part.length // step_m), 1)
        samples += [part.interpolate(i * part.length / count) for i in range(count + 1)]
    nearest = tree.query_nearest(samples, return_distance=True)[1]
    return [float(d) for d in nearest]


def _merge(intervals: list[Interval]) -> tuple[Interval, ...]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def behind_lines(story: Story) -> dict[str, tuple[Interval, ...]]:
    """For every post-kind feature, the spans of dates it stood inside the ground of `situation.behind`."""
    if story.situation is None:
        return {}
    areas = [
        (prep(shape(f.geometry)), f.valid_from, f.valid_to)
        for spec in story.layers if spec.kind == "control"
        for f in story.features.get(spec.id, []) if f.properties.get("controller") == story.situation.behind
    ]
    result: dict[str, tuple[Interval, ...]] = {}
    for spec in story.layers:
        if spec.kind != "post":
            continue
        for post in story.features.get(spec.id, []):
            point = shape(post.geometry)
            first, last = post.valid_from or date.min, post.valid_to or date.max
            spans = [(max(a, first), min(b, last)) for area, a, b in areas
                     if a and b and max(a, first) <= min(b, last) and area.contains(point)]
            if spans:
                result[post.id] = _merge(spans)
    return result


def held_since(spans: Sequence[Interval], day: date) -> date | None:
    """The first day of the span that holds `day`, or None when `day` is in none."""
    return next((start for start, end in spans if start <= day <= end), None)
