"""The control layer's geometric contract, checked by `geo validate`: on every date the areas tile the study area.

The loader already refuses two features of one controller on a date and gaps in time. Here, on the first
day of every period: no two controllers' areas overlap, and together they cover the whole study area (the
union of every control feature on any date), without holes. Areas are measured in the story's metric CRS.
"""

from __future__ import annotations

import itertools
from datetime import date

import geopandas as gpd
import shapely
from shapely.geometry import shape

from geo.model import Story
from geo.paths import layer_file
from geo.problems import Problem

TOLERANCE_KM2 = 1.0  # simplification to 100 m leaves slivers well under this
M2_PER_KM2 = 1_000_000


def control_geometry_problems(story: Story) -> list[Problem]:
    """Overlaps between controllers and uncovered ground, each naming the layer, the date and the area."""
    problems: list[Problem] = []
    for spec in story.layers:
        if spec.kind != "control" or not story.features.get(spec.id):
            continue
        features = story.features[spec.id]
        metric = gpd.GeoSeries([shape(f.geometry) for f in features], crs="EPSG:4326").to_crs(story.crs)
        geoms = dict(zip((f.id for f in features), metric, strict=True))
        study = shapely.union_all(list(metric))
        name = layer_file(spec.id)
        starts = sorted({f.valid_from for f in features if f.valid_from})
        for day in starts:
            on = [f for f in features if f.exists_on(day)]
            problems += _overlaps(name, day, [(str(f.properties.get("controller")), geoms[f.id]) for f in on])
            covered = shapely.union_all([geoms[f.id] for f in on])
            missing = study.difference(covered).area / M2_PER_KM2
            if missing > TOLERANCE_KM2:
                problems.append(Problem(name, f"leaves a gap: on {day} the control areas leave {missing:,.0f} km² "
                                              "of the study area uncovered"))
    return problems


INSIDE_SHARE = 0.95  # a derived zone may spill over the simplified edge a little, not more


def side_problems(story: Story) -> list[Problem]:
    """Layers declared `inside` a controller's ground on a date: each feature lies (almost) all within it."""
    problems: list[Problem] = []
    control = [f for spec in story.layers if spec.kind == "control" for f in story.features.get(spec.id, [])]
    for spec in story.layers:
        if spec.inside is None:
            continue
        controller, day = spec.inside
        held = [shape(f.geometry) for f in control
                if f.exists_on(day) and f.properties.get("controller") == controller]
        if not held:
            problems.append(Problem(layer_file(spec.id), f"should lie in {controller} ground on {day}, but "
                                                                 "the control layer has none that day"))
            continue
        ground = shapely.union_all(held)
        for feature in story.features.get(spec.id, []):
            area = shape(feature.geometry)
            share = area.intersection(ground).area / area.area if area.area else 1.0
            if share < INSIDE_SHARE:
                problems.append(Problem(layer_file(spec.id), f"only {share:.0%} of it lies in {controller} "
                                        f"ground on {day} (it should all: story.json 'inside')",
                                        f"feature id {feature.id!r}"))
    return problems


def _overlaps(name: str, day: date, areas: list[tuple[str, shapely.Geometry]]) -> list[Problem]:
    found = []
    for (one, a), (other, b) in itertools.combinations(areas, 2):
        shared = a.intersection(b).area / M2_PER_KM2
        if shared > TOLERANCE_KM2:
            found.append(Problem(name, f"on {day} the {one} and {other} areas overlap by {shared:,.1f} km²"))
    return found
