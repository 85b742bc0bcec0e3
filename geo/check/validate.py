"""`python -m geo validate`: every problem of a story folder, as one line each. It never raises."""

from __future__ import annotations

from pathlib import Path

from geo.check.control_checks import control_geometry_problems, side_problems
from geo.check.translation_checks import translation_problems
from geo.derive.build import POINT_KINDS, TOPOLOGY, BuildError, read_all_tables, stale_layers
from geo.load.files import read_json
from geo.load.story import load_story
from geo.load.tables import SETTLEMENTS
from geo.model import Story
from geo.paths import layer_file
from geo.problems import Problem, StoryError


def table_problems(folder: Path, story: Story) -> list[Problem]:
    """The situation tables' problems, for a story that draws layers derived from them."""
    if "control" not in {spec.id for spec in story.layers} and not (folder / SETTLEMENTS).exists():
        return []
    problems: list[Problem] = []
    read_all_tables(folder, story, problems)
    return problems


def derived_problems(folder: Path, inputs_ok: bool, topology: Path = TOPOLOGY) -> list[Problem]:
    """Derived layers that a rebuild would change (only for stories that hold them, from sound inputs)."""
    manifest, _ = read_json(folder, "story.json")
    if not isinstance(manifest, dict) or "derive" not in manifest:
        return []  # the story declares no derivations
    if not inputs_ok:
        return [Problem("story.json", "derived layers not checked for staleness: their inputs have errors",
                        severity="warning")]
    try:
        stale = stale_layers(folder, topology)
    except BuildError as exc:
        return [Problem(p.file, f"derived layers not checked: {p.message}", p.feature, "warning")
                for p in exc.problems]
    return [
        Problem(layer_file(layer), "is out of date with its inputs; run `python -m geo build`")
        for layer in stale
    ]


def validate_folder(folder: Path, topology: Path = TOPOLOGY) -> list[Problem]:
    """All problems: the loader's, what each language lacks, and staleness.

    The loader's: files, manifest, RFC 7946, validity, contract, budgets, links, translations and place names.
    """
    try:
        story = load_story(folder)
    except StoryError as exc:
        return [Problem(exc.file, exc.reason)]
    tables = table_problems(folder, story)
    inputs = {layer_file(spec.id) for spec in story.layers if spec.kind in POINT_KINDS}
    broken_inputs = {p.file for p in story.errors} & inputs
    inputs_ok = not broken_inputs and not any(p.severity == "error" for p in tables)
    geometry = [*control_geometry_problems(story), *side_problems(story)]
    languages = translation_problems(story)
    return [*story.problems, *tables, *geometry, *languages, *derived_problems(folder, inputs_ok, topology)]
