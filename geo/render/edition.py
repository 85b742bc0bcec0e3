"""A story's edition in one reader's language: its text translated (geo.load.localize) and the words to write the rest.

The edition's own language, or one the story does not offer, gives the story as it is; the reader's catalog
(geo/locales) still writes the page around it.
"""

from __future__ import annotations

from geo.load.localize import localize
from geo.model import Story
from geo.render.words import Words


def edition(story: Story, lang: str) -> tuple[Story, Words]:
    """The story in `lang` where it offers that language, and the reader's words in `lang` and its locale."""
    words = Words(lang, dict(story.locales))
    if lang not in story.languages[1:]:
        return story, words
    return localize(story, lang, words.untranslated).story, words
