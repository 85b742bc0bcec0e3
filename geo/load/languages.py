"""Language codes a story may offer: a known ISO 639 language, as readers' browsers and the page's `lang` name it.

The known languages are those the C library's locale table names (Python's `locale.locale_alias`): no extra
dependency, and a typo ('ara', 'tu') or a made-up code is refused instead of becoming a page nobody can select.
"""

from __future__ import annotations

import locale
import re

CODE = re.compile(r"([a-z]{2,3})(?:-[A-Z]{2})?")
KNOWN = frozenset(alias.split("_")[0].split(".")[0].split("@")[0] for alias in locale.locale_alias.values()) - {"C"}
# written right to left: the page and the popups need dir="rtl" for these
RIGHT_TO_LEFT = frozenset({"ar", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "ug", "ur", "yi"})


def language_problem(code: object) -> str | None:
    """Why `code` is not a language a story may offer ('ar', 'pt-BR'), or None when it is."""
    match = CODE.fullmatch(code) if isinstance(code, str) else None
    if match is None:
        return "expected a language code like 'ar' or 'pt-BR' (ISO 639, lowercase)"
    if match.group(1) not in KNOWN:
        return "is not a known language code (ISO 639)"
    return None


def direction(code: str) -> str:
    """'rtl' or 'ltr': how text in that language runs."""
    return "rtl" if code.split("-", maxsplit=1)[0] in RIGHT_TO_LEFT else "ltr"
