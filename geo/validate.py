"""`python -m geo validate`: every problem of a story folder, as one line each."""

from __future__ import annotations

from pathlib import Path

from geo.build import DERIVED_LAYERS, TOPOLOGY, stale_layers
from geo.problems import Problem, StoryError
from geo.story import load_story


def derived_problems(folder: Path, layer_ids: list[str], topology: Path = TOPOLOGY) -> list[Problem]:
    """Derived layers that a rebuild would change (only for stories that hold them)."""
    if not set(DERIVED_LAYERS) & set(layer_ids):
        return []
    try:
        stale = stale_layers(folder, topology)
    except (FileNotFoundError, KeyError, ValueError) as exc:
        return [Problem("story.json", f"derived layers not checked: {exc}", severity="warning")]
    return [
        Problem(f"layers/{layer}.geojson", "is out of date with its inputs; run `python -m geo build`")
        for layer in stale
    ]


def validate_folder(folder: Path, topology: Path = TOPOLOGY) -> list[Problem]:
    """All problems: the loader's (structure, RFC 7946, validity, contract, links) and staleness."""
    try:
        story = load_story(folder)
    except StoryError as exc:
        return [Problem(str(folder / "story.json"), str(exc))]
    return [*story.problems, *derived_problems(folder, [s.id for s in story.layers], topology)]
