"""The story's ground, and which features lie far from it (a capital where a deal was signed, say).

A story may name places far from where it happens. Framing the map on them would shrink the ground to a dot,
so the map frames only what lies near the ground and points to the far places from its edge instead
(js/offscreen.js); the PNG (geo/render/picture.py) names them beside the map. One rule for both, computed from the data:

- the **ground** is the bounding box, in longitude and latitude, of every feature that is not a place (zones,
  control areas, lines, links, posts), on any date: places are what a story may name far away, the rest is
  what it draws on the ground;
- a feature is **far** when the great-circle distance from its own bounding box to the ground exceeds
  `FAR_KM`. The distance is taken between the two boxes' nearest corners or edges, axis by axis, which is
  exact along a meridian or a parallel and close enough elsewhere for a margin of this size.

A story with no feature but places has no ground, and then nothing is far.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from shapely.geometry import shape

from geo.model import Feature, Story

FAR_KM = 150.0  # a neighbouring town stays in the frame; a capital a few hundred km off does not
EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)

Box = tuple[float, float, float, float]  # west, south, east, north, in degrees


def great_circle_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Distance over the Earth's surface (haversine on the mean radius), in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def feature_box(feature: Feature) -> Box | None:
    """The feature's bounding box, or None for an empty geometry."""
    geom = shape(feature.geometry)
    if geom.is_empty:
        return None
    west, south, east, north = geom.bounds
    return (west, south, east, north)


def union(boxes: Iterable[Box]) -> Box | None:
    found = list(boxes)
    if not found:
        return None
    return (min(b[0] for b in found), min(b[1] for b in found), max(b[2] for b in found), max(b[3] for b in found))


def ground(story: Story) -> Box | None:
    """The box round every feature that is not a place, on any date (None when there is none)."""
    places = {spec.id for spec in story.layers if spec.kind == "place"}
    return union(b for layer, features in story.features.items() if layer not in places
                 for f in features if (b := feature_box(f)) is not None)


def _nearest(lo: float, hi: float, other_lo: float, other_hi: float) -> tuple[float, float]:
    """On one axis: the closest pair of values of two intervals (equal when they overlap)."""
    if hi < other_lo:
        return hi, other_lo
    if other_hi < lo:
        return lo, other_hi
    middle = (max(lo, other_lo) + min(hi, other_hi)) / 2
    return middle, middle


def box_distance_km(a: Box, b: Box) -> float:
    """Great-circle distance between the nearest points of two boxes (0 when they meet)."""
    lon_a, lon_b = _nearest(a[0], a[2], b[0], b[2])
    lat_a, lat_b = _nearest(a[1], a[3], b[1], b[3])
    return great_circle_km(lon_a, lat_a, lon_b, lat_b)


def far_ids(story: Story, far_km: float = FAR_KM) -> frozenset[str]:
    """Ids of the features farther than `far_km` from the story's ground."""
    base = ground(story)
    if base is None:
        return frozenset()
    return frozenset(f.id for features in story.features.values() for f in features
                     if (b := feature_box(f)) is not None and box_distance_km(b, base) > far_km)
