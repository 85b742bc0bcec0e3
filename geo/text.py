"""Text for Streamlit's markdown: data strings shown literally, never as markup."""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

from geo.model import Event
from geo.timeline import format_date

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")

# Emoji squares, the only colour chips a plain widget label can carry, with their RGB.
_SWATCHES = {
    "🟥": (221, 46, 68), "🟧": (244, 144, 12), "🟨": (253, 203, 88), "🟩": (120, 177, 89),
    "🟦": (85, 172, 238), "🟪": (170, 142, 214), "🟫": (193, 105, 79), "⬛": (49, 55, 61), "⬜": (230, 231, 232),
}


def md_escape(text: str) -> str:
    """Backslash-escape every ASCII punctuation mark (CommonMark shows each literally) and fold newlines."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


def swatch(hex_color: str) -> str:
    """The emoji square nearest to a #rrggbb colour (for toggles' labels)."""
    match = re.fullmatch(r"#([0-9a-fA-F]{6})", hex_color)
    if not match:
        return "⬜"
    rgb = tuple(int(match.group(1)[i:i + 2], 16) for i in (0, 2, 4))
    return min(_SWATCHES, key=lambda e: sum((a - b) ** 2 for a, b in zip(_SWATCHES[e], rgb, strict=True)))


def origin(from_article: bool, paragraphs: Sequence[int] = ()) -> str:
    """Where a feature or event comes from, in one wording for cards and popups alike.

    'From the article, para. 2, 7' for what the article says; 'Background context (not in the article)'
    otherwise, with the paragraphs the article touches it in when there are any.
    """
    cited = ", ".join(str(p) for p in paragraphs)
    if from_article:
        return f"From the article, para. {cited}" if cited else "From the article"
    related = f"; the article touches on it in para. {cited}" if cited else ""
    return f"Background context (not in the article{related})"


def event_origin(event: Event) -> str:
    """Where an event comes from, for its card."""
    return origin(event.from_article, event.paragraphs)


def event_date(event: Event) -> str:
    return format_date(event.date, event.precision)
