"""Read `story.json`, the manifest: title, article, extent, settings and layer specs, every field checked.

Only a manifest that cannot be read at all (missing, not JSON, not an object) stops the story; a bad
field is a Problem naming it, and the story goes on with a safe fallback or without that layer.
"""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geo.load.budgets import BUDGETS, first_within
from geo.load.files import read_json
from geo.load.settings import DEFAULT_LANGUAGES, languages_of, locales_of, metric_crs, situation_of, slug_of
from geo.model import LAYER_KINDS, Article, Extent, LayerSpec, Situation
from geo.problems import Problem, StoryError, quote

MANIFEST = "story.json"
LAYER_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
COLOR = re.compile(r"#[0-9a-fA-F]{6}")
WORLD: Extent = (-180.0, -90.0, 180.0, 90.0)


@dataclass
class Manifest:
    """What the manifest holds, after checking; problems say what was dropped or replaced."""

    title: str
    article: Article
    extent: Extent
    layers: list[LayerSpec]
    slug: str
    crs: str
    situation: Situation | None
    draft: bool = False  # written by `geo draft`; an editor removes it on accepting the story
    languages: tuple[str, ...] = DEFAULT_LANGUAGES  # the edition's own language first
    locales: dict[str, str] = field(default_factory=dict)  # language -> regional CLDR locale for dates and numbers


def _text(raw: dict[str, Any], key: str, where: str, problems: list[Problem], default: str, *,
          required: bool = True) -> str:
    value = raw.get(key)
    if value is None and not required:
        return default
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(MANIFEST, f"{key!r} is {quote(value)}, expected a non-empty string", where))
        return default
    if len(value) > BUDGETS.string_chars:
        problems.append(Problem(MANIFEST, f"{key!r} is longer than {BUDGETS.string_chars:,} characters", where))
        return default
    return value


def _article(data: dict[str, Any], problems: list[Problem]) -> Article:
    raw = data.get("article")
    if not isinstance(raw, dict):
        problems.append(Problem(MANIFEST, f"'article' is {quote(raw)}, expected an object"))
        raw = {}
    where = "article"
    day = None
    with contextlib.suppress(ValueError):
        day = date.fromisoformat(raw["date"]) if isinstance(raw.get("date"), str) else None
    if day is None:
        problems.append(Problem(MANIFEST, f"'date' is {quote(raw.get('date'))}, expected an ISO date", where))
    paragraphs = raw.get("paragraphs")
    if not isinstance(paragraphs, int) or isinstance(paragraphs, bool) or not 0 < paragraphs < 10_000:
        problems.append(Problem(MANIFEST, f"'paragraphs' is {quote(paragraphs)}, expected a positive integer",
                                where))
        paragraphs = 0
    return Article(
        publisher=_text(raw, "publisher", where, problems, "Unknown publisher"), date=day,
        headline=_text(raw, "headline", where, problems, "Untitled article"), paragraphs=paragraphs,
        url=_text(raw, "url", where, problems, "", required=False),
    )


def _extent(data: dict[str, Any], problems: list[Problem]) -> Extent:
    raw = data.get("extent")
    if raw is None:
        return WORLD
    numbers = isinstance(raw, list) and len(raw) == 4 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in raw)
    if numbers and -180 <= raw[0] < raw[2] <= 180 and -90 <= raw[1] < raw[3] <= 90:
        return (float(raw[0]), float(raw[1]), float(raw[2]), float(raw[3]))
    problems.append(Problem(MANIFEST, f"'extent' is {quote(raw)}, expected [west, south, east, north] in "
                                      "degrees; positions are checked against the whole world instead"))
    return WORLD


def _palette(raw: dict[str, Any], where: str, situation: Situation | None,
             problems: list[Problem]) -> dict[str, str] | None:
    """A control layer is coloured by the situation's controllers (story.json `situation.controllers`)."""
    if "palette" in raw:
        problems.append(Problem(MANIFEST, "'palette' is no longer read: a control layer takes its colours from "
                                          "'situation.controllers'", where, "warning"))
    if situation is None:
        problems.append(Problem(MANIFEST, "a control layer needs a usable 'situation' (coverage, controllers, "
                                          "front) in story.json; layer skipped", where))
        return None
    return situation.palette()


def _inside(raw: dict[str, Any], where: str, situation: Situation | None,
            problems: list[Problem]) -> tuple[str, date] | None:
    """`inside`: {"controller": id, "on": date}, a side of the front the layer must lie on (checked by validate)."""
    value = raw.get("inside")
    if value is None:
        return None
    controller = value.get("controller") if isinstance(value, dict) else None
    on = value.get("on") if isinstance(value, dict) else None
    day = None
    with contextlib.suppress(ValueError):
        day = date.fromisoformat(on) if isinstance(on, str) else None
    if situation is None or controller not in situation.ids or day is None:
        known = ", ".join(situation.ids) if situation else "none: no 'situation'"
        problems.append(Problem(MANIFEST, f"'inside' is {quote(value)}, expected {{'controller': one of {known}, "
                                          "'on': an ISO date}; not checked", where, "warning"))
        return None
    return str(controller), day


def _layer(index: int, raw: Any, seen: set[str], situation: Situation | None,
           problems: list[Problem]) -> LayerSpec | None:
    where = f"layer #{index}"
    if not isinstance(raw, dict):
        problems.append(Problem(MANIFEST, f"is {quote(raw)}, expected an object; layer skipped", where))
        return None
    layer_id = raw.get("id")
    if not isinstance(layer_id, str) or not LAYER_ID.fullmatch(layer_id):
        problems.append(Problem(MANIFEST, f"'id' is {quote(layer_id)}, expected lowercase letters, digits, '-' "
                                          "or '_' (it names the file layers/<id>.geojson); layer skipped", where))
        return None
    where = f"layer #{index} (id {layer_id!r})"
    if layer_id in seen:
        problems.append(Problem(MANIFEST, "id is used twice; layer skipped", where))
        return None
    kind, color = raw.get("kind"), raw.get("color")
    if kind not in LAYER_KINDS:
        problems.append(Problem(MANIFEST, f"'kind' is {quote(kind)}, expected one of {', '.join(LAYER_KINDS)}; "
                                          "layer skipped", where))
        return None
    if not isinstance(color, str) or not COLOR.fullmatch(color):
        problems.append(Problem(MANIFEST, f"'color' is {quote(color)}, expected a colour like '#1f77b4'; "
                                          "layer skipped", where))
        return None
    palette = _palette(raw, where, situation, problems) if kind == "control" else None
    inside = _inside(raw, where, situation, problems)
    if kind == "control" and palette is None:
        return None
    before = len(problems)
    title = _text(raw, "title", where, problems, layer_id)
    description = _text(raw, "description", where, problems, "", required=False)
    if len(problems) > before:
        return None
    seen.add(layer_id)
    return LayerSpec(id=layer_id, title=title, kind=kind, color=color, description=description,
                     palette=palette or {}, inside=inside)


def load_manifest(folder: Path, problems: list[Problem]) -> Manifest:
    """The checked manifest. Raises StoryError only when there is no usable manifest at all."""
    data, problem = read_json(folder, MANIFEST)
    if problem is not None:
        raise StoryError(MANIFEST, problem.message)
    if not isinstance(data, dict):
        raise StoryError(MANIFEST, f"expected an object, found {quote(data)}")
    raw_layers = data.get("layers")
    if not isinstance(raw_layers, list):
        problems.append(Problem(MANIFEST, f"'layers' is {quote(raw_layers)}, expected an array; no layer is shown"))
        raw_layers = []
    raw_layers = first_within(raw_layers, BUDGETS.layers, MANIFEST, "layers", problems)
    seen: set[str] = set()
    situation = situation_of(data, problems)
    layers = [spec for index, raw in enumerate(raw_layers)
              if (spec := _layer(index, raw, seen, situation, problems))]
    extent = _extent(data, problems)
    if data.get("draft") is True:
        problems.append(Problem(MANIFEST, "the story is a draft (`geo draft`): check its title and article, then "
                                          "remove 'draft'", severity="warning"))
    return Manifest(
        title=_text(data, "title", "", problems, folder.name or "Story"),
        article=_article(data, problems), extent=extent, layers=layers,
        slug=slug_of(data, folder.name, problems), crs=metric_crs(data, extent, problems), situation=situation,
        draft=data.get("draft") is True, languages=languages_of(data, problems), locales=locales_of(data, problems),
    )
