"""Derive a story's layers from its sourced inputs, in its metric CRS, reproducibly (`python -m geo build`).

Inputs: the Natural Earth 1:10m topology of world-atlas (npm, pinned in package.json) for the outline of the
story's country and its border with `derive.neighbour`, the story's point layers, and the situation tables in
`control/`. Outputs: the layers of the story's own hook (`derive.hook`, geo/derive/derivation.py) and, for a story
with a situation, `control`, `front_line` and `deployments` (geo/derive/build_situation.py). `geo validate` fails
when a committed file differs from a rebuild. The story loader checks every input first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shapely.geometry import LineString, Point, shape

from geo.derive.build_situation import control_layers, deployment_layers
from geo.derive.derivation import Feature, HookError, Inputs, load_hook, run_hook
from geo.derive.topology import country_outline, shared_border
from geo.load.derive_settings import derive_settings
from geo.load.files import read_json, read_text
from geo.load.story import load_story
from geo.load.tables import Change, Deployment, Settlement, read_changes, read_deployments, read_settlements
from geo.model import Story
from geo.paths import NODE_MODULES, layer_file
from geo.problems import Problem, StoryError

TOPOLOGY = NODE_MODULES / "world-atlas" / "countries-10m.json"
TOPOLOGY_BYTES = 20_000_000  # the 1:10m world topology is about 3.6 MB
POINT_KINDS = ("post", "place")  # the hand-sourced layers a story's derivations start from


class BuildError(Exception):
    """The build's inputs are unusable; `problems` says which file, feature or row, and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def points_of(story: Story, layer: str) -> dict[str, Point]:
    """A point layer the story loader has checked, by feature id."""
    return {f.id: shape(f.geometry) for f in story.features.get(layer, []) if f.geometry["type"] == "Point"}


def read_tables(folder: Path, story: Story, problems: list[Problem]) -> tuple[list[Settlement], list[Change]]:
    """The situation tables; bad rows are reported into `problems` and left out."""
    if story.situation is None:
        problems.append(Problem("story.json", "the situation tables need a usable 'situation' in story.json"))
        return [], []
    ids = story.situation.ids
    settlements = read_settlements(folder, ids, story.extent, problems)
    return settlements, read_changes(folder, {s.id for s in settlements}, story.situation.coverage, ids, problems)


def read_all_tables(folder: Path, story: Story, problems: list[Problem]) -> tuple[
        list[Settlement], list[Change], list[Deployment]]:
    """The situation tables and the (optional) deployments table."""
    settlements, changes = read_tables(folder, story, problems)
    if story.situation is None:
        return settlements, changes, []
    known = {s.id for s in settlements}
    return settlements, changes, read_deployments(folder, known, story.situation.coverage, problems)


def read_topology(path: Path) -> dict[str, Any]:
    """The world topology (npm world-atlas), read like any input; BuildError says what to install."""
    data, problem = read_json(path.parent, path.name, TOPOLOGY_BYTES)
    if problem is not None:
        hint = " (run `npm ci`: package.json pins world-atlas)" if problem.message == "file is missing" else ""
        raise BuildError([Problem(str(path), problem.message + hint)])
    if not isinstance(data, dict) or data.get("type") != "Topology":
        raise BuildError([Problem(str(path), "is not a TopoJSON topology")])
    return data


def load_inputs(folder: Path, topology_path: Path = TOPOLOGY) -> Inputs:
    """Load the story (through the confined reader), its tables and the topology; BuildError on any fault."""
    try:
        story = load_story(folder)
    except StoryError as exc:
        raise BuildError([Problem(exc.file, exc.reason)]) from None
    point_layers = [spec.id for spec in story.layers if spec.kind in POINT_KINDS]
    problems = [p for p in story.errors if p.file in {layer_file(layer) for layer in point_layers}]
    problems += [p for p in story.errors if p.file == "story.json"]
    settings = derive_settings(folder, problems)
    if story.situation is not None or (folder / "control").exists():
        settlements, changes, deployments = read_all_tables(folder, story, problems)
    else:
        settlements, changes, deployments = [], [], []
    problems = [p for p in problems if p.severity == "error"]
    if problems or settings is None:
        raise BuildError(problems or [Problem("story.json", "no usable 'derive' settings")])
    topology = read_topology(topology_path)
    try:
        outline = country_outline(topology, settings.country)
        border = shared_border(topology, settings.country, settings.neighbour) if settings.neighbour \
            else LineString()
    except (KeyError, ValueError) as exc:
        raise BuildError([Problem("story.json", f"'derive': {exc}")]) from None
    return Inputs(
        border=border, country=outline, points={layer: points_of(story, layer) for layer in point_layers},
        settlements=settlements, changes=changes, deployments=deployments, crs=story.crs,
        situation=story.situation, settings=settings, folder=folder,
    )


def feature_collection(features: list[dict[str, Any]]) -> str:
    """GeoJSON text, one feature per line: diffable, and byte-identical for identical input."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def build_layers(inputs: Inputs) -> dict[str, str]:
    """The text of every derived layer file, by layer id: the story's hook's, then the situation's."""
    features: dict[str, list[Feature]] = {}
    hook_name = inputs.settings.hook
    if hook_name is not None and inputs.folder is not None:
        try:
            features |= run_hook(load_hook(inputs.folder, hook_name), inputs, hook_name)
        except HookError as exc:
            raise BuildError([exc.problem]) from None
    if inputs.situation is not None and inputs.settlements:
        features |= control_layers(inputs) | deployment_layers(inputs)
    return {layer: feature_collection(found) for layer, found in features.items()}


def write_layers(folder: Path, topology_path: Path = TOPOLOGY) -> list[Path]:
    """Rebuild the derived layer files in `folder/layers`; BuildError when an input or a target is unusable."""
    built = build_layers(load_inputs(folder, topology_path))
    blocked = [Problem(layer_file(layer), "cannot be written: it is not a regular file (a directory or a link)")
               for layer in built if (folder / layer_file(layer)).is_symlink()
               or ((folder / layer_file(layer)).exists() and not (folder / layer_file(layer)).is_file())]
    if blocked:
        raise BuildError(blocked)
    written = []
    for layer, text in built.items():
        path = folder / layer_file(layer)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_layers(folder: Path, topology_path: Path = TOPOLOGY) -> list[str]:
    """Derived layers whose committed file differs from a fresh build (or cannot be read)."""
    built = build_layers(load_inputs(folder, topology_path))
    stale = []
    for layer, text in built.items():
        committed, problem = read_text(folder, layer_file(layer))
        if problem is not None or committed != text:
            stale.append(layer)
    return stale
