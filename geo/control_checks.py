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
        name = f"layers/{spec.id}.geojson"
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


def _overlaps(name: str, day: date, areas: list[tuple[str, shapely.Geometry]]) -> list[Problem]:
    found = []
    for (one, a), (other, b) in itertools.combinations(areas, 2):
        shared = a.intersection(b).area / M2_PER_KM2
        if shared > TOLERANCE_KM2:
            found.append(Problem(name, f"on {day} the {one} and {other} areas overlap by {shared:,.1f} km²"))
    return found
