"""Text for Streamlit's markdown: data strings shown literally, never as markup."""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

from geo.model import Event
from geo.render.words import ENGLISH, Words

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")

# Emoji squares, the only colour chips a plain widget label can carry, with their RGB.


def md_escape(text: str) -> str:
    """Backslash-escape every ASCII punctuation mark (CommonMark shows each literally) and fold newlines."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


# what starts Markdown inside a line: emphasis, code, links, html, strike, maths, tables, and the colons of
# :emoji: shortcodes and :color[...] directives; at the start of a line, headings, quotes, lists and rules
_LABEL_INLINE = re.compile(r"([\\`*_\[\]<>~$|]|:(?=[A-Za-z0-9_+-]+[:\[]))")
_LABEL_LINE_START = re.compile(r"^([#>+=-])|^(\d+)([.)])")


def md_code(text: str) -> str:
    """Text as a Markdown code span, shown literally.

    The fence is longer than any run of backticks inside (CommonMark), and the spaces around the text keep a
    leading or trailing backtick apart from the fence.
    """
    folded = " ".join(str(text).split())
    longest = max((len(run) for run in re.findall(r"`+", folded)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {folded} {fence}"


def md_label(text: str) -> str:
    """A widget label that reads as written: only what would start Markdown is escaped.

    Streamlit reads a label as Markdown but gives screen readers the raw string, so `md_escape`'s escapes of
    every punctuation mark would be read aloud; here a plain title such as 'Zone (approx.)' stays plain.
    """
    escaped = _LABEL_INLINE.sub(r"\\\1", " ".join(str(text).split()))
    return _LABEL_LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3),
                                 escaped)


def origin(from_article: bool, paragraphs: Sequence[int] = (), words: Words = ENGLISH) -> str:
    """Where a feature or event comes from, in one wording for cards and popups alike.

    'From the article, para. 2, 7' for what the article says; 'Background context (not in the article)'
    otherwise, with the paragraphs the article touches it in when there are any.
    """
    cited = words.t("list.comma").join(words.number(p) for p in paragraphs)
    if from_article:
        return words.t("origin.article_paragraphs", paragraphs=cited) if cited else words.t("origin.article")
    return words.t("origin.context_paragraphs", paragraphs=cited) if cited else words.t("origin.context")


def event_origin(event: Event, words: Words = ENGLISH) -> str:
    """Where an event comes from, for its card."""
    return origin(event.from_article, event.paragraphs, words)


def event_date(event: Event, words: Words = ENGLISH) -> str:
    return words.day(event.date, event.precision)
