"""The static pages' own words (geo/render/site_texts.py) in each of the story's languages, from the catalogs."""

from __future__ import annotations

from datetime import date

import pytest

from geo.languages import language
from geo.load.story import load_story
from geo.render.site_texts import TEXTS, og_locale, page_texts, story_languages
from tests.conftest import DATA
from tests.untranslated import english_left

STORY = load_story(DATA)
DAY = date(2019, 10, 23)


def test_the_site_is_written_in_every_language_the_story_offers() -> None:
    assert story_languages(STORY) == ["en", "ar", "tr", "ru"]
    assert set(TEXTS) >= set(story_languages(STORY))


@pytest.mark.parametrize("lang", ["ar", "tr", "ru"])
def test_each_languages_page_speaks_it(lang: str) -> None:
    texts = page_texts(STORY, DAY, lang)
    english = page_texts(STORY, DAY, "en")
    assert texts.title != english.title and texts.description != english.description
    every = " ".join((texts.title, texts.description, texts.image_alt, texts.embed_title, texts.embed_heading,
                      texts.embed_help))
    assert english_left(every, lang) == []
    assert texts.embed_heading == language(lang).messages["site.embed_heading"]


def test_og_locale_names_a_territory() -> None:
    assert og_locale("ar", {"ar": "ar_SY"}) == "ar_SY"
    assert og_locale("tr", {}) == "tr_TR" and og_locale("ru", {}) == "ru_RU" and og_locale("en", {}) == "en_US"


def test_arabic_dates_on_the_page_are_written_as_in_syria() -> None:
    assert "٢٣ تشرين الأول ٢٠١٩" in page_texts(STORY, DAY, "ar").title
