"""What a story's derivation hook works with: the build's inputs, derived features, and geometry helpers.

A story folder declares its own derivations in story.json (`"derive": {"hook": "derive.py", ...}`). The hook
is a Python file in the story folder with one function, `derive(inputs) -> {layer id: [GeoJSON features]}`,
that computes the story's own layers (its zones, routes and roads) from `Inputs` with the helpers here, in
the story's metric CRS. `python -m geo build` runs it, adds the layers derived from the situation tables
(control areas, front line, deployments), and writes every file; `geo validate` fails when a committed file
differs from a rebuild. The library itself knows no place, country or CRS of any story.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely.geometry import LineString, Point, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring

from geo.derive.metric import rounded, to_metric, to_wgs84
from geo.load.derive_settings import DeriveSettings
from geo.load.tables import Change, Deployment, Settlement
from geo.model import Situation
from geo.problems import Problem

SIMPLIFY_M = 50.0
Feature = dict[str, Any]
Hook = Callable[["Inputs"], dict[str, list[Feature]]]


class HookError(Exception):
    """The story's hook cannot be loaded or failed; `problem` names the file and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class Inputs:
    """What the derived layers are computed from, all in WGS 84, and the story's metric CRS."""

    border: BaseGeometry  # the border the country shares with `derive.neighbour` (empty without one)
    country: BaseGeometry  # the outline of `derive.country`
    points: dict[str, dict[str, Point]]  # every point layer (posts, places) by layer id, then feature id
    settlements: list[Settlement]
    changes: list[Change]
    deployments: list[Deployment]
    crs: str
    situation: Situation | None
    settings: DeriveSettings
    folder: Path | None = None  # the story folder (where its hook lives)

    @property
    def story_situation(self) -> Situation:
        """The story's situation (controllers, front, coverage); ValueError when story.json declares none."""
        if self.situation is None:
            raise ValueError("story.json declares no 'situation'")
        return self.situation

    @property
    def places(self) -> dict[str, Point]:
        return self.points.get("places", {})

    def metric(self, geom: BaseGeometry) -> BaseGeometry:
        return to_metric(geom, self.crs)

    def wgs84(self, geom: BaseGeometry) -> BaseGeometry:
        return to_wgs84(geom, self.crs)


@dataclass(frozen=True)
class Derived:
    """One derived feature: its properties and the function that computes its geometry."""

    layer: str
    id: str
    name: str
    compute: Callable[[Inputs], BaseGeometry]
    summary: str
    source: str
    method: str
    valid_from: str | None = None
    valid_to: str | None = None
    from_article: bool = False
    paragraphs: tuple[int, ...] = ()
    approximate: bool = False

    def feature(self, inputs: Inputs) -> Feature:
        props: dict[str, Any] = {
            "id": self.id, "name": self.name, "layer": self.layer,
            "valid_from": self.valid_from, "valid_to": self.valid_to,
            "summary": self.summary, "source": self.source, "from_article": self.from_article,
        }
        if self.paragraphs:
            props["paragraphs"] = list(self.paragraphs)
        if self.approximate:
            props["approximate"] = True
        props["derived"] = self.method
        return {"type": "Feature", "geometry": rounded(self.compute(inputs)), "properties": props}


def features_by_layer(derived: tuple[Derived, ...], inputs: Inputs) -> dict[str, list[Feature]]:
    """Every `Derived` computed, grouped by layer in the order the layers first appear."""
    layers = dict.fromkeys(d.layer for d in derived)
    return {layer: [d.feature(inputs) for d in derived if d.layer == layer] for layer in layers}


def between_meridians(line: BaseGeometry, west: float, east: float) -> BaseGeometry:
    """The part of a geometry between two longitudes (WGS 84)."""
    return line.intersection(box(west, -90, east, 90))


def strip(inputs: Inputs, border_part: BaseGeometry, depth_m: float) -> BaseGeometry:
    """The band `depth_m` deep on the country's side of a stretch of border, square at its ends."""
    band = inputs.metric(border_part).buffer(depth_m, cap_style="flat")
    return inputs.wgs84(band.intersection(inputs.metric(inputs.country)).simplify(SIMPLIFY_M))


def border_between(border: LineString, a: Point, b: Point) -> LineString:
    """The stretch of border between the points on it nearest to `a` and to `b`."""
    ends = sorted((border.project(a), border.project(b)))
    return substring(border, *ends)


def straight_link(inputs: Inputs, origin: str, destination: str) -> BaseGeometry:
    """A schematic straight link between two places (not the road taken)."""
    return LineString([inputs.places[origin], inputs.places[destination]])


def load_hook(folder: Path, name: str) -> Hook:
    """The `derive` function of the story's hook file; HookError names what is wrong.

    The file must be a regular file directly in the story folder (no link, no path).
    """
    path = folder / name
    if "/" in name or "\\" in name or name.startswith(".") or not name.endswith(".py"):
        raise HookError(Problem("story.json", f"'derive.hook' is {name!r}, expected a .py file in the story folder"))
    if path.is_symlink() or not path.is_file():
        raise HookError(Problem(name, "the story's derive hook is missing (or is not a regular file)"))
    module_name = f"_story_hook_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise HookError(Problem(name, "cannot be loaded as a Python module"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses in the hook look their module up
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise HookError(Problem(name, f"failed to load: {type(exc).__name__}: {exc}")) from None
    hook = getattr(module, "derive", None)
    if not callable(hook):
        raise HookError(Problem(name, "defines no function derive(inputs)"))
    return hook  # type: ignore[no-any-return]


def run_hook(hook: Hook, inputs: Inputs, name: str) -> dict[str, list[Feature]]:
    """The hook's layers; HookError when it fails or returns something other than layers of features."""
    try:
        layers = hook(inputs)
    except Exception as exc:
        raise HookError(Problem(name, f"derive(inputs) failed: {type(exc).__name__}: {exc}")) from None
    if not isinstance(layers, dict) or not all(isinstance(k, str) and isinstance(v, list) for k, v in layers.items()):
        raise HookError(Problem(name, "derive(inputs) must return {layer id: [GeoJSON features]}"))
    return layers
