"""geo/languages.py and geo/locales/: catalogs complete in every language and used by the code; CLDR formatting."""

from __future__ import annotations

import re
from datetime import date

import pytest

from geo.languages import DEFAULT, codes, digits, format_day, format_number, language, message, negotiate, placeholders
from geo.paths import JS_DIR, PACKAGE

LANGUAGES = ("en", "ar", "tr", "ru")
ENGLISH = language(DEFAULT).messages


def test_the_four_languages_have_catalogs() -> None:
    assert set(codes()) == set(LANGUAGES) and codes()[0] == "en"


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_catalog_has_every_key_with_the_same_placeholders(code: str) -> None:
    messages = language(code).messages
    assert sorted(set(ENGLISH) - set(messages)) == [], f"{code} lacks these keys"
    assert sorted(set(messages) - set(ENGLISH)) == [], f"{code} has keys English does not"
    for key, text in messages.items():
        assert text.strip(), f"{code}: {key} is empty"
        assert placeholders(text) == placeholders(ENGLISH[key]), f"{code}: {key}"


@pytest.mark.parametrize("code", ("ar", "tr", "ru"))
def test_translations_are_translations(code: str) -> None:
    """Not the English copied over: most messages differ (a few, like OpenStreetMap, are the same word)."""
    messages = language(code).messages
    worded = [key for key in ENGLISH if re.search(r"[A-Za-z]{3}", re.sub(r"\{\w+\}", "", ENGLISH[key]))]
    same = [key for key in worded if messages[key] == ENGLISH[key]]
    assert len(worded) > 40 and len(same) <= 2, same


def keys_used_in_code() -> set[str]:
    """Every catalog key the code names literally: t("..."), compose("..."), message(lang, "...")."""
    found: set[str] = set()
    pattern = re.compile(r"""\b(?:t|compose|message|say)\(\s*(?:\w+\s*,\s*)?["']([a-z_]+\.[a-z_.]+|untranslated)["']""")
    for path in [*JS_DIR.rglob("*.js"), *PACKAGE.rglob("*.py"), PACKAGE.parent / "app.py",
                 *(PACKAGE.parent / "app_pages").glob("*.py")]:
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_key_the_code_asks_for_is_in_the_catalog() -> None:
    used = keys_used_in_code()
    assert len(used) > 20
    assert sorted(used - set(ENGLISH)) == []


def test_message_fills_placeholders() -> None:
    assert message("en", "card.source", source="UN OCHA") == "Source: UN OCHA"
    with pytest.raises(KeyError):
        message("en", "no.such.key")


def test_direction_comes_from_cldr() -> None:
    assert language("ar").direction == "rtl" and language("ar").rtl
    assert {language(c).direction for c in ("en", "tr", "ru")} == {"ltr"}


def test_dates_and_numbers_follow_each_locale() -> None:
    day = date(2020, 2, 4)
    assert format_day(day, "en") == "4 February 2020"
    assert format_day(day, "en", "month") == "February 2020"
    assert format_day(day, "tr") == "4 Şubat 2020"
    assert format_day(day, "ru").startswith("4 февраля 2020")
    syria = {"ar": "ar_SY"}
    assert format_day(day, "ar", regional=syria) == "٤ شباط ٢٠٢٠"  # Arabic-Indic digits, Levantine month
    assert format_number(284000, "ar", syria) == "٢٨٤٬٠٠٠"
    assert format_number(284000, "tr") == "284.000"
    assert format_number(284000, "en") == "284,000"


def test_digits_of_a_latin_locale_are_ascii() -> None:
    from babel import Locale

    assert digits(Locale.parse("ru")) == "0123456789"
    assert digits(Locale.parse("ar_EG")) == "٠١٢٣٤٥٦٧٨٩"


@pytest.mark.parametrize(("header", "expected"), [
    ("ar-SY,ar;q=0.9,en;q=0.8", "ar"),
    ("de-DE,de;q=0.9,tr;q=0.5", "tr"),
    ("ru-RU", "ru"),
    ("en-GB,ar;q=0.9", "en"),
    ("tr;q=0.2,ru;q=0.8", "ru"),
    ("ru;q=0,fr", "en"),
    ("*", "en"),
    ("", "en"),
    (None, "en"),
    ("<script>,ar", "ar"),
    ("ar;q=abc,tr", "tr"),
    ("x" * 5000, "en"),
])
def test_accept_language_picks_the_best_language(header: str | None, expected: str) -> None:
    assert negotiate(header) == expected
