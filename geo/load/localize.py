"""The story in one of its readers' languages: its reader-facing text swapped for the translation's.

`localize` is a pure function of the loaded story (which holds its translations and place names), so a
caller may cache it per story and language. It only swaps text: ids, dates, geometry and sources stay as
they are (publishers, titles and addresses keep their own language). A text without a translation is the
edition's own, passed through `untranslated` (the caller's visible marker, from its message catalog), and
its key is listed in `missing`; nothing is ever silently shown in another language.

Place names (names.csv) win over a translator's spelling: a feature whose whole English name is a place
shows the sourced (or transliterated) name, unless the translation already contains it (and only adds a
qualifier, as "Moscow (the Kremlin)" might). Where the place is part of a longer name ("Salwa" of
"Post 1: Salwa"), the translation is shown and must contain the place's name; `name_conflicts` reports
where it does not. A feature whose shown name uses names.csv records it: `name_status` (sourced or
transliterated), `name_source` and `name_url` in its properties.

Features of the situation layers (control areas, front lines, deployments) have generated names and
summaries, one per period, and no keys: they are shown in the edition's language, marked, and their layers
are listed in `generated`. Their layer titles and descriptions, and the controllers' labels and notes the
legend shows, are translated like any other key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from geo.load.languages import direction
from geo.load.translations import translation_file
from geo.model import SITUATION_LAYERS, Feature, PlaceName, Situation, Story
from geo.problems import Problem, quote


@dataclass(frozen=True)
class Localized:
    """A story in one language, and what of it is still in the edition's language."""

    story: Story
    lang: str
    direction: str  # "rtl" or "ltr", for the page's and the popups' `dir`
    missing: tuple[str, ...] = ()  # keys shown in the edition's language, marked
    generated: tuple[str, ...] = ()  # layers whose features' generated text is shown in the edition's language
    names: dict[str, PlaceName] = field(default_factory=dict)  # feature id -> the place name its name uses


class _Texts:
    """The translation of one language, with a record of the keys it lacks."""

    def __init__(self, texts: dict[str, str], untranslated: Callable[[str], str]) -> None:
        self.texts = texts
        self.untranslated = untranslated
        self.missing: list[str] = []

    def get(self, key: str, english: str) -> str:
        if not english:
            return english
        found = self.texts.get(key)
        if found is not None:
            return found
        self.missing.append(key)
        return self.untranslated(english)


def shown_name(english: str, translated: str | None, place: PlaceName | None) -> tuple[str | None, PlaceName | None]:
    """The name a feature shows (None: no name in that language) and the place name it uses, if any."""
    if place is None:
        return translated, None
    if translated is not None and place.name in translated:
        return translated, place
    if place.english == english:
        return place.name, place
    return translated, None


def _feature(feature: Feature, texts: _Texts, places: dict[str, PlaceName],
             used: dict[str, PlaceName]) -> Feature:
    props: dict[str, Any] = dict(feature.properties)
    if feature.layer in SITUATION_LAYERS:
        name = texts.untranslated(feature.name)
        props["summary"] = texts.untranslated(str(props.get("summary") or ""))
    else:
        key = f"features.{feature.id}.name"
        name_text, place = shown_name(feature.name, texts.texts.get(key), places.get(feature.id))
        name = name_text if name_text is not None else texts.get(key, feature.name)
        if place is not None:
            used[feature.id] = place
            props |= {"name_status": place.status, "name_source": place.source, "name_url": place.url}
        props["summary"] = texts.get(f"features.{feature.id}.summary", str(props.get("summary") or ""))
    props["name"] = name
    return replace(feature, name=name, properties=props)


def _situation(situation: Situation | None, texts: _Texts) -> Situation | None:
    if situation is None:
        return None
    controllers = tuple(replace(c, label=texts.get(f"controllers.{c.id}.label", c.label),
                                note=texts.get(f"controllers.{c.id}.note", c.note))
                        for c in situation.controllers)
    return replace(situation, controllers=controllers,
                   behind_label=texts.get("situation.behind.label", situation.behind_label),
                   behind_status=texts.get("situation.behind.status", situation.behind_status))


def localize(story: Story, lang: str, untranslated: Callable[[str], str]) -> Localized:
    """`story` with its reader-facing text in `lang` (one of `story.languages`; ValueError otherwise)."""
    if lang not in story.languages:
        raise ValueError(f"{quote(lang)} is not a language of the story (story.json 'languages': "
                         f"{', '.join(story.languages)})")
    if lang == story.languages[0]:
        return Localized(story, lang, direction(lang))
    texts = _Texts(story.translations.get(lang, {}), untranslated)
    places = story.place_names.get(lang, {})
    used: dict[str, PlaceName] = {}
    localized = replace(
        story,
        title=texts.get("story.title", story.title),
        layers=[replace(spec, title=texts.get(f"layers.{spec.id}.title", spec.title),
                        description=texts.get(f"layers.{spec.id}.description", spec.description))
                for spec in story.layers],
        situation=_situation(story.situation, texts),
        events=[replace(e, title=texts.get(f"events.{e.id}.title", e.title),
                        summary=texts.get(f"events.{e.id}.summary", e.summary)) for e in story.events],
        features={layer: [_feature(f, texts, places, used) for f in features]
                  for layer, features in story.features.items()},
        figures_about=texts.get("figures.about", story.figures_about),
        series=[replace(s, title=texts.get(f"series.{s.id}.title", s.title)) for s in story.series],
        claims=[replace(c, who=texts.get(f"claims.{c.id}.who", c.who),
                        summary=texts.get(f"claims.{c.id}.summary", c.summary)) for c in story.claims],
    )
    generated = tuple(layer for layer in SITUATION_LAYERS if story.features.get(layer))
    return Localized(localized, lang, direction(lang), tuple(texts.missing), generated, used)


def name_conflicts(story: Story) -> list[Problem]:
    """Where a translated feature name does not use the place's name in names.csv (warnings)."""
    found = []
    names = {f.id: f.name for layer, features in story.features.items() if layer not in SITUATION_LAYERS
             for f in features}
    for lang, places in story.place_names.items():
        texts = story.translations.get(lang, {})
        for fid, place in places.items():
            key = f"features.{fid}.name"
            translated = texts.get(key)
            if fid not in names or translated is None or place.name in translated:
                continue
            whole = place.english == names[fid]
            shown = f"names.csv's {quote(place.name)} is shown instead" if whole else \
                "the translation is shown, without names.csv's name"
            found.append(Problem(translation_file(lang), f"{quote(translated)} does not use the place's name in "
                                                         f"names.csv, {quote(place.name)} ({place.status}); {shown}",
                                 key, "warning"))
    return found
