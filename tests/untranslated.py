"""Finding English UI strings left where a reader reads another language (the page, the map, the PNG)."""

from __future__ import annotations

import re

from geo.languages import language

ENGLISH = language("en").messages


def english_left(text: str, lang: str) -> list[str]:
    """English catalog messages found in `text`: those with words of their own (two or more, outside any
    placeholder) that `lang`'s catalog words differently. Shorter ones cannot be told apart from data."""
    translated = language(lang).messages
    found = []
    for key, english in ENGLISH.items():
        words = max(re.split(r"\{\w+\}", english), key=len).strip(" .,:;()'")
        if len(re.findall(r"[A-Za-z]{3,}", words)) < 2 or translated[key] == english:
            continue
        if words in text:
            found.append(f"{key}: {words!r}")
    return found
