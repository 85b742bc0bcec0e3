"""Load a story folder (manifest, layers, events) into typed objects, reporting every problem found.

A story folder holds `story.json` (the manifest: article, extent, layers), `layers/<id>.geojson`
and `events.json`, and optionally `figures.json`, `translations/<lang>.json` and `names.csv`. Loading
never stops at the first bad feature: a broken field, feature or file is skipped (or replaced by a safe
default) and reported as a Problem naming the file, the feature or entry and the field, and the rest of
the story loads. Only a missing or unreadable manifest is a StoryError.
"""

from __future__ import annotations

from pathlib import Path

from geo.load.budgets import BUDGETS, near
from geo.load.events import load_events
from geo.load.figures import load_figures
from geo.load.layers import DRAFT_WARNING, drawn_vertices, load_layer, unique_ids
from geo.load.manifest import load_manifest
from geo.load.place_names import load_place_names
from geo.load.situation import behind_lines
from geo.load.translations import load_translations
from geo.model import Feature, Story
from geo.paths import layer_file
from geo.problems import Problem, StoryError


def _story_budget(features: dict[str, list[Feature]], problems: list[Problem]) -> dict[str, list[Feature]]:
    """Layers in drawing order, until the story's vertex budget is spent; the rest are refused."""
    kept: dict[str, list[Feature]] = {}
    total = 0
    for layer_id, layer_features in features.items():
        vertices = drawn_vertices(layer_features)
        if total + vertices > BUDGETS.vertices_per_story:
            problems.append(Problem(layer_file(layer_id), f"would bring the story to {total + vertices:,} "
                                    f"vertices; the budget is {BUDGETS.vertices_per_story:,}, so the layer is "
                                    "not shown"))
            kept[layer_id] = []
            continue
        total += vertices
        kept[layer_id] = layer_features
    if near(total, BUDGETS.vertices_per_story):
        problems.append(Problem("story.json", f"the story has {total:,} vertices, close to the budget of "
                                              f"{BUDGETS.vertices_per_story:,}", severity="warning"))
    return kept


def load_story(folder: str | Path) -> Story:
    """Load a story folder. Raises StoryError only when the manifest itself is unusable."""
    folder = Path(folder)
    problems: list[Problem] = []
    manifest = load_manifest(folder, problems)
    features = {
        spec.id: load_layer(folder, spec, manifest.extent, problems, manifest.article.paragraphs)
        for spec in manifest.layers
    }
    features = _story_budget(unique_ids(features, problems), problems)
    story = Story(
        folder=folder, title=manifest.title, article=manifest.article, extent=manifest.extent,
        layers=manifest.layers, features=features, events=[], problems=problems,
        slug=manifest.slug, crs=manifest.crs, situation=manifest.situation, draft=manifest.draft,
        languages=manifest.languages, locales=manifest.locales,
    )
    story.events = load_events(folder, story, problems)
    story.series, story.claims, story.figures_about = load_figures(folder, manifest.article.paragraphs, problems)
    story.behind_lines = behind_lines(story)
    story.translations = load_translations(folder, story, problems)
    story.place_names = load_place_names(folder, story, problems)
    return story


def load_story_or_error(folder: str | Path) -> Story | StoryError:
    """Like load_story, but a fatal error is returned (so a cache keeps it) instead of raised."""
    try:
        return load_story(folder)
    except StoryError as exc:
        return exc


def unaccepted_drafts(story: Story) -> int:
    """How many drafted items (`geo draft`) no editor has accepted yet, the story itself counted."""
    drafted = sum(p.severity == "warning" and p.message == DRAFT_WARNING for p in story.problems)
    return drafted + int(story.draft)


def check_publishable(story: Story) -> None:
    """Raise ValueError when the story holds drafted items: a draft is never published as it stands."""
    drafted = unaccepted_drafts(story)
    if drafted:
        raise ValueError(f"{story.folder}: {drafted} drafted item(s) not yet accepted by an editor "
                         "(`python -m geo validate` lists them); a draft is not published")
