"""Load a story folder (manifest, layers, events) into typed objects, reporting every problem found.

A story folder holds `story.json` (the manifest: article, extent, layers), `layers/<id>.geojson`
and `events.json`. Loading never stops at the first bad feature: a broken feature or file is
skipped and reported as a Problem naming the file and the feature, and the rest of the story loads.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from geo.events import load_events
from geo.geometry_checks import Extent
from geo.layers import load_layer, unique_ids
from geo.model import LAYER_KINDS, Article, LayerSpec, Story, read_json
from geo.problems import Problem, StoryError


def _manifest(folder: Path) -> dict[str, Any]:
    data, problem = read_json(folder / "story.json", folder)
    if problem is not None:
        raise StoryError(f"{folder / 'story.json'}: {problem.message}")
    if not isinstance(data, dict) or not isinstance(data.get("layers"), list):
        raise StoryError(f"{folder / 'story.json'}: expected an object with a 'layers' array")
    return data


def _article(data: dict[str, Any], folder: Path) -> Article:
    raw = data.get("article")
    if not isinstance(raw, dict):
        raise StoryError(f"{folder / 'story.json'}: 'article' is missing or not an object")
    try:
        return Article(
            publisher=str(raw["publisher"]),
            date=date.fromisoformat(raw["date"]),
            headline=str(raw["headline"]),
            paragraphs=int(raw["paragraphs"]),
            url=str(raw.get("url", "")),
        )
    except (TypeError, KeyError, ValueError) as exc:
        raise StoryError(f"{folder / 'story.json'}: 'article' is incomplete or malformed ({exc!r})") from None


def _layer_specs(data: dict[str, Any], problems: list[Problem]) -> list[LayerSpec]:
    specs: list[LayerSpec] = []
    for index, raw in enumerate(data["layers"]):
        try:
            spec = LayerSpec(
                id=raw["id"], title=raw["title"], kind=raw["kind"], color=raw["color"],
                description=raw.get("description", ""),
            )
        except (TypeError, KeyError) as exc:
            problems.append(Problem("story.json", f"layer #{index} lacks {exc}"))
            continue
        if spec.kind not in LAYER_KINDS:
            problems.append(Problem("story.json", f"layer {spec.id!r} has unknown kind {spec.kind!r}"))
            continue
        specs.append(spec)
    return specs


def load_story(folder: str | Path) -> Story:
    """Load a story folder. Raises StoryError only when the manifest itself is unusable."""
    folder = Path(folder)
    data = _manifest(folder)
    problems: list[Problem] = []
    article = _article(data, folder)
    extent_raw = data.get("extent")
    extent: Extent | None = tuple(extent_raw) if isinstance(extent_raw, list) and len(extent_raw) == 4 else None
    specs = _layer_specs(data, problems)
    features = {spec.id: load_layer(folder, spec, extent, problems) for spec in specs}
    features = unique_ids(features, problems)
    story = Story(
        folder=folder, title=str(data.get("title", folder.name)), article=article,
        extent=extent or (-180.0, -90.0, 180.0, 90.0), layers=specs, features=features, events=[],
        problems=problems,
    )
    story.events = load_events(folder, story, problems)
    return story
