"""Every reader-facing word of a static page's head and embed page, per language: the one place to translate.

The static site (geo/render/site.py) writes one page per language and date. What a page says about itself to a
crawler, a feed or a person pasting the embed code is a `PageTexts`, made by that language's function
(`TextsFor`). Today the story is told in English only; a new language is one more code in `story_languages`
and one more function in `TEXTS` (later, both read from a message catalog), with no change to the pages'
code. All texts are plain: the pages escape them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from geo.model import Story
from geo.render.payload import stop_label
from geo.render.previews import description


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


def english(story: Story, day: date) -> PageTexts:
    """The English texts of `day`'s page."""
    label = stop_label(story, day)
    return PageTexts(
        title=f"{story.title} — {label}",
        description=description(story, day),
        image_alt=f"Map of {label}: {story.title}",
        embed_title=f"Interactive map: {story.title}, {label}",
        embed_heading="Embed this map",
        embed_help="Paste this code into your page; it shows the map on this date, and readers can move through time.",
        og_locale="en_GB",
    )


TEXTS: Mapping[str, TextsFor] = {"en": english}


def story_languages(story: Story) -> list[str]:
    """The languages the story's pages are written in, the first being the default (x-default).

    Every story is English today; the list grows as stories carry their own translations.
    """
    del story  # a story will name its languages; until then, each is told in English
    return ["en"]
