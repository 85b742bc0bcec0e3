"""The story's reader-facing text, keyed by stable ids: what a translation file translates.

One home for the keys (`story.title`, `layers.<id>.title`, `events.<id>.summary`, ...): the translation
loader checks files against them, `localize` writes translations back through them, and `geo validate`
counts what each language lacks. Sources (publishers, titles, addresses) are not reader text to translate:
they keep their own language. Features of the layers the library derives from the situation
(`SITUATION_LAYERS`) have no keys: their names and summaries are generated per period, hundreds of them, and
are shown in the edition's language, marked (see `geo/load/localize.py`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from geo.model import SITUATION_LAYERS

if TYPE_CHECKING:
    from geo.model import Story

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def placeholders(text: str) -> set[str]:
    """The `{name}` placeholders a text carries, which code fills in (a date in a post's status)."""
    return set(PLACEHOLDER.findall(text))


def translated_features(story: Story) -> list[tuple[str, str, str]]:
    """(feature id, name, summary) of every feature whose text is the story's own (not generated)."""
    return [(f.id, f.name, str(f.properties.get("summary") or ""))
            for layer, features in story.features.items() if layer not in SITUATION_LAYERS
            for f in features]


def english_strings(story: Story) -> dict[str, str]:
    """Every translation key of the story, with the edition's own text (empty texts have no key)."""
    found: dict[str, str] = {"story.title": story.title}
    for spec in story.layers:
        found[f"layers.{spec.id}.title"] = spec.title
        found[f"layers.{spec.id}.description"] = spec.description
    if story.situation is not None:
        for controller in story.situation.controllers:
            found[f"controllers.{controller.id}.label"] = controller.label
            found[f"controllers.{controller.id}.note"] = controller.note
        found["situation.behind.label"] = story.situation.behind_label
        found["situation.behind.status"] = story.situation.behind_status
    for event in story.events:
        found[f"events.{event.id}.title"] = event.title
        found[f"events.{event.id}.summary"] = event.summary
    for fid, name, summary in translated_features(story):
        found[f"features.{fid}.name"] = name
        found[f"features.{fid}.summary"] = summary
    found["figures.about"] = story.figures_about
    for series in story.series:
        found[f"series.{series.id}.title"] = series.title
    for claim in story.claims:
        found[f"claims.{claim.id}.who"] = claim.who
        found[f"claims.{claim.id}.summary"] = claim.summary
    return {key: text for key, text in found.items() if text}
