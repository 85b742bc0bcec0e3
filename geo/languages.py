"""The languages a reader can read the map in.

Each language has one message catalog, `geo/locales/<code>.json`: every string the reader sees that is not story
data. Python reads it here; the map's JS gets the same catalog in its payload. Dates and numbers are formatted by
Babel from CLDR data (month names, the order of day and month, and the digits that are the convention: a story
may name a regional locale, e.g. one whose default digits are Arabic-Indic).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal

from geo.paths import LOCALES_DIR

DEFAULT = "en"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_TAG = re.compile(r"^[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Language:
    """A reader's language: its code (the link's `lang=`), its own name, its direction and its messages."""

    code: str
    name: str
    direction: str  # "ltr" or "rtl"
    messages: Mapping[str, str]

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


def codes() -> tuple[str, ...]:
    """The languages with a catalog, English first."""
    found = sorted(path.stem for path in LOCALES_DIR.glob("*.json"))
    return (DEFAULT, *(code for code in found if code != DEFAULT))


def direction(code: str) -> str:
    """'rtl' or 'ltr': which way text in that language runs (CLDR's character order; 'ltr' for an unknown code)."""
    try:
        order = Locale.parse(code.replace("-", "_").split("_")[0]).character_order
    except (UnknownLocaleError, ValueError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


@cache
def language(code: str) -> Language:
    """The language `code` (KeyError for one without a catalog)."""
    if code not in codes():
        raise KeyError(code)
    data = json.loads((LOCALES_DIR / f"{code}.json").read_text(encoding="utf-8"))
    return Language(code=code, name=str(data["name"]), direction=direction(code), messages=dict(data["messages"]))


def message(code: str, key: str, **values: object) -> str:
    """The catalog's text for `key` in `code`, its {placeholders} filled (KeyError for an unknown key)."""
    text = language(code).messages[key]
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def placeholders(text: str) -> set[str]:
    """The {names} a message expects."""
    return set(_PLACEHOLDER.findall(text))


def babel_locale(code: str, regional: Mapping[str, str] | None = None) -> Locale:
    """The CLDR locale that formats dates and numbers for `code` (a story may name a regional one)."""
    try:
        return Locale.parse((regional or {}).get(code, code))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(code)


# CLDR numbering systems by the Unicode name of their digits (Babel names a locale's system; Unicode has the digits)
_DIGIT_NAMES = {"arab": "ARABIC-INDIC", "arabext": "EXTENDED ARABIC-INDIC", "beng": "BENGALI",
                "deva": "DEVANAGARI", "mymr": "MYANMAR"}


def digits(locale: Locale) -> str:
    """The ten digits the locale writes numbers with by default ("0123456789" for most)."""
    name = _DIGIT_NAMES.get(str(locale.default_numbering_system))
    if name is None:
        return "0123456789"
    return "".join(unicodedata.lookup(f"{name} DIGIT {word}") for word in
                   ("ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"))


def _native(text: str, locale: Locale) -> str:
    """ASCII digits in `text` as the locale's own (Babel formats with the system's symbols but ASCII digits)."""
    native = digits(locale)
    return text if native == "0123456789" else text.translate(str.maketrans("0123456789", native))


def format_day(day: date, code: str, precision: str = "day", regional: Mapping[str, str] | None = None) -> str:
    """A date as the reader's locale writes it: "4 February 2020", "4 شباط ٢٠٢٠", "4 февраля 2020 г."."""
    return _format_day(day, code, precision, (regional or {}).get(code))


@lru_cache(maxsize=8192)
def _format_day(day: date, code: str, precision: str, regional: str | None) -> str:
    """format_day, kept: Babel takes some 0.1 ms a date, and a page writes the whole timeline on every rerun."""
    locale = babel_locale(code, {code: regional} if regional else None)
    if precision == "year":
        pattern = "y"
    elif precision == "month":
        pattern = "LLLL y"
    else:
        pattern = "d MMMM y" if code == DEFAULT else "long"
    return _native(format_date(day, format=pattern, locale=locale), locale)


def format_number(value: float, code: str, regional: Mapping[str, str] | None = None) -> str:
    """A number with the locale's grouping and digits."""
    return _format_number(value, code, (regional or {}).get(code))


@lru_cache(maxsize=8192)
def _format_number(value: float, code: str, regional: str | None) -> str:
    locale = babel_locale(code, {code: regional} if regional else None)
    return _native(format_decimal(value, locale=locale, numbering_system="default"), locale)


def negotiate(accept_language: str | None, available: tuple[str, ...] | None = None) -> str:
    """The best of the available languages for a browser's Accept-Language header (English when none fits)."""
    available = available or codes()
    wanted: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "")[:1000].split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if "q" in params:
            match = re.fullmatch(r"\s*q\s*=\s*([01](?:\.[0-9]{0,3})?)\s*", params)
            if match is None:
                continue  # a malformed weight: that entry is ignored
            quality = float(match.group(1))
        if tag and _TAG.match(tag) and quality > 0:
            wanted.append((-quality, position, tag.replace("_", "-").lower()))
    for _, _, tag in sorted(wanted):
        primary = tag.split("-")[0]
        if primary in available:
            return primary
    return DEFAULT
