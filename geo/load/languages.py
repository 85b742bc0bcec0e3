"""Language codes a story may offer: a language CLDR knows (Babel), as readers' browsers and the page's `lang` name it.

A typo ('ara', 'tu') or a made-up code is refused instead of becoming a page nobody can select. Which way a
language's text runs is CLDR's too (geo.languages.direction).
"""

from __future__ import annotations

import re

from babel import Locale, UnknownLocaleError

from geo.languages import direction

__all__ = ["direction", "language_problem"]

CODE = re.compile(r"([a-z]{2,3})(?:-[A-Z]{2})?")


def language_problem(code: object) -> str | None:
    """Why `code` is not a language a story may offer ('ar', 'pt-BR'), or None when it is."""
    match = CODE.fullmatch(code) if isinstance(code, str) else None
    if match is None:
        return "expected a language code like 'ar' or 'pt-BR' (ISO 639, lowercase)"
    try:
        Locale.parse(match.group(1))
    except (UnknownLocaleError, ValueError):
        return "is not a known language code (ISO 639)"
    return None
