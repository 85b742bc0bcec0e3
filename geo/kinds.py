"""The layer kinds, each in one place: the geometries it accepts, how the map, its legend and the PNG draw it.

The loader (geo/load/layers.py), the map's styles and payload (geo/render/mapview.py), the colour chips and the legend's
swatches (geo/render/styles.py) and the picture (geo/render/picture.py) all read this table, and the map's JS reads a
layer's `draw` from its style, never its kind's name. A new kind is one entry here plus its tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Draw = Literal["area", "line", "marker", "dot"]


@dataclass(frozen=True)
class Kind:
    """One kind of layer."""

    id: str
    draw: Draw  # area: filled polygons; line: strokes; marker: a diamond icon; dot: a labelled circle
    geometries: tuple[str, ...] | None  # the GeoJSON types it accepts; None for any
    style: dict[str, Any]  # its Leaflet path style (the map)
    swatch: str  # the CSS shape of its chip (layer toggles) and legend swatch
    order: int  # drawing order in the picture, bottom first
    fill_alpha: float = 0.0  # the picture's fill opacity (areas)
    outline_px: float = 0.0  # the picture's outline width (areas)
    line_px: float = 2.0  # the picture's stroke width (lines)
    dashed: bool = False  # always dashed (a link); other kinds dash what is approximate
    by_controller: bool = False  # coloured by each feature's `controller` (the situation's sides)
    needs_dates: bool = False  # every feature needs both valid_from and valid_to
    labelled: bool = False  # its features carry labels (and count against the labelled-places budget)
    legend: dict[str, Any] = field(default_factory=dict)  # the picture's legend handle options


KINDS: dict[str, Kind] = {kind.id: kind for kind in (
    Kind("zone", "area", None, {"weight": 2, "fillOpacity": 0.2, "dashArray": None},
         "width: 14px; height: 10px;", order=1, fill_alpha=0.25, outline_px=1.0),
    Kind("control", "area", ("Polygon", "MultiPolygon"), {"weight": 0, "fillOpacity": 0.4, "dashArray": None},
         "width: 14px; height: 10px; border: none;", order=0, fill_alpha=0.3, by_controller=True,
         needs_dates=True),
    Kind("line", "line", None, {"weight": 3, "fillOpacity": 0.0, "dashArray": None},
         "width: 14px; height: 3px; border: none;", order=2),
    Kind("link", "line", None, {"weight": 2, "fillOpacity": 0.0, "dashArray": "8 6"},
         "width: 14px; height: 3px; border: none;", order=2, line_px=1.6, dashed=True),
    Kind("post", "marker", ("Point",), {"weight": 1, "fillOpacity": 0.9, "dashArray": None},
         "width: 9px; height: 9px; transform: rotate(45deg);", order=3, legend={"marker": "D"}),
    Kind("place", "dot", ("Point",), {"weight": 1, "fillOpacity": 0.9, "dashArray": None},
         "width: 10px; height: 10px; border-radius: 50%;", order=4, labelled=True, legend={"marker": "o"}),
)}


def kind_of(name: str) -> Kind:
    """The kind `name` (the manifest checks names, so an unknown one is a programming error here)."""
    return KINDS[name]


def swatch_rules() -> str:
    """The legend's swatch shape for every kind (`.story-swatch-<kind>`), from the table above."""
    return "\n".join(f".story-swatch-{kind.id} {{ {kind.swatch} }}" for kind in KINDS.values()) + "\n"
