"""story.json `locales`: a regional CLDR locale per language, checked; a bad one named and left out."""

from __future__ import annotations

from geo.load.settings import locales_of
from geo.problems import Problem


def test_a_regional_locale_of_the_language_is_kept() -> None:
    problems: list[Problem] = []
    assert locales_of({"locales": {"ar": "ar_SY", "ru": "ru_RU"}}, problems) == {"ar": "ar_SY", "ru": "ru_RU"}
    assert problems == []


def test_absent_is_none() -> None:
    problems: list[Problem] = []
    assert locales_of({}, problems) == {} and problems == []


def test_unknown_foreign_or_malformed_locales_are_named_and_left_out() -> None:
    problems: list[Problem] = []
    kept = locales_of({"locales": {"ar": "xx_YY", "tr": "ru_RU", "ru": "<script>", "en": 5, "fr": "fr_FR"}}, problems)
    assert kept == {"fr": "fr_FR"}
    assert len(problems) == 4
    assert all("left out" in str(p) for p in problems)
    assert "'xx_YY'" in str(problems[0]) and "locales.ar" in str(problems[0])


def test_a_locales_value_that_is_not_an_object_is_ignored_with_a_problem() -> None:
    problems: list[Problem] = []
    assert locales_of({"locales": ["ar_SY"]}, problems) == {}
    assert len(problems) == 1 and "'locales'" in str(problems[0])
