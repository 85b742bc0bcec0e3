"""Every reader-facing word of a static page's head and embed page, per language, from the message catalogs.

The static site (geo/render/site.py) writes one page per language and date. What a page says about itself to a
crawler, a feed or a person pasting the embed code is a `PageTexts`, written from the story's edition in that
language (geo/render/edition.py) and the language's catalog (geo/locales). A language is on the site when the
story offers it and the map has a catalog for it. All texts are plain: the pages escape them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial

from babel.core import get_global

from geo.languages import codes
from geo.load.timeline import events_on
from geo.model import Story
from geo.render.edition import edition
from geo.render.payload import stop_label

DESCRIPTION_CHARS = 300


@dataclass(frozen=True)
class PageTexts:
    """What a page of one date says in one language (plain text; escaped where it is written)."""

    title: str  # <title>, og:title, twitter:title
    description: str  # meta description, og:description, twitter:description
    image_alt: str  # og:image:alt, twitter:image:alt: the preview picture for readers who cannot see it
    embed_title: str  # the <iframe title="..."> a screen reader announces
    embed_heading: str  # embed.html's heading
    embed_help: str  # embed.html's line above the code
    og_locale: str  # og:locale, language_TERRITORY


TextsFor = Callable[[Story, date], PageTexts]


def og_locale(lang: str, regional: Mapping[str, str]) -> str:
    """language_TERRITORY for og:locale: the story's regional locale, else CLDR's likeliest territory."""
    named = regional.get(lang)
    if named and "_" in named:
        return f"{lang}_{named.rsplit('_', 1)[1]}"
    likely = str(get_global("likely_subtags").get(lang, f"{lang}_US"))
    return f"{lang}_{likely.rsplit('_', 1)[1]}"


def page_texts(story: Story, day: date, lang: str) -> PageTexts:
    """`lang`'s texts of `day`'s page."""
    told, words = edition(story, lang)
    label = stop_label(told, day, words)
    events = events_on(told, day)
    titles = words.t("list.semicolon").join(" ".join(e.title.split()) for e in events)
    about = words.t("site.description", date=label, events=titles) if events else label
    return PageTexts(
        title=words.t("site.title", title=told.title, date=label),
        description=textwrap.shorten(about, DESCRIPTION_CHARS, placeholder=" …"),
        image_alt=words.t("site.image_alt", title=told.title, date=label),
        embed_title=words.t("site.embed_title", title=told.title, date=label),
        embed_heading=words.t("site.embed_heading"),
        embed_help=words.t("site.embed_help"),
        og_locale=og_locale(lang, story.locales),
    )


# per language, a module-level callable (a worker process receives it by pickling)
TEXTS: Mapping[str, TextsFor] = {code: partial(page_texts, lang=code) for code in codes()}


def english(story: Story, day: date) -> PageTexts:
    """The English texts of `day`'s page."""
    return page_texts(story, day, "en")


def story_languages(story: Story) -> list[str]:
    """The languages the story's pages are written in, the edition's own first (x-default)."""
    return [lang for lang in story.languages if lang in codes()] or ["en"]
