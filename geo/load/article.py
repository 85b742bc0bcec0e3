"""The seed article's paragraphs, counted the way the story's citations count them.

Body paragraphs are the non-empty lines that end a sentence; the headline, the photo caption and
the subheading do not, so they are not counted. The article itself is not part of the project.
"""

from __future__ import annotations

import re
from datetime import date

from geo.load.timeline import MONTHS

_SENTENCE_END = ('.', '!', '?', '"', "”", "’")
_WORD = re.compile(r"[\w'’-]+")


def paragraphs(text: str) -> list[str]:
    """The body paragraphs, in order (paragraph 1 is index 0)."""
    lines = [line.strip() for line in text.splitlines()]
    return [line for line in lines[1:] if line and line.endswith(_SENTENCE_END)]


def mentions_date(text: str, day: date, precision: str) -> bool:
    """Whether a text names a date as the article would ('October 22'; the year alone for 'year')."""
    if precision == "year":
        return str(day.year) in text
    return f"{MONTHS[day.month - 1]} {day.day}" in text


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shared_runs(text: str, source: str, length: int = 8) -> list[str]:
    """Runs of `length` words that `text` repeats from `source` (copied wording)."""
    theirs = words(source)
    grams = {" ".join(theirs[i:i + length]) for i in range(len(theirs) - length + 1)}
    mine = words(text)
    return sorted({" ".join(mine[i:i + length]) for i in range(len(mine) - length + 1)} & grams)
