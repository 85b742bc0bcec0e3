"""Translations and place names: read and checked like every story file, applied by localize()."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from geo.load.localize import localize
from geo.load.story import load_story
from geo.load.strings import english_strings
from geo.model import SITUATION_LAYERS
from tests.conftest import DATA, FIXTURES, read, write

LANG = FIXTURES / "languages"


def mark(text: str) -> str:
    return f"‹en› {text}"


@pytest.fixture
def lang_copy(tmp_path: Path) -> Path:
    target = tmp_path / "languages"
    shutil.copytree(LANG, target)
    return target


def set_strings(folder: Path, lang: str, **changes) -> None:
    path = folder / "translations" / f"{lang}.json"
    data = read(path)
    data["strings"].update(changes)
    write(path, data)


def problems_of(folder: Path) -> list[str]:
    return [str(p) for p in load_story(folder).problems]


# --- the bundled story -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def idlib():
    return load_story(DATA)


def test_every_language_of_the_bundled_story_has_every_key(idlib) -> None:
    assert idlib.languages == ("en", "ar", "tr", "ru")
    keys = set(english_strings(idlib))
    for lang in idlib.languages[1:]:
        assert set(idlib.translations[lang]) == keys, lang


def test_the_bundled_translations_load_without_a_problem(idlib) -> None:
    assert [str(p) for p in idlib.problems if "translations/" in p.file or p.file == "names.csv"] == []


@pytest.mark.parametrize("lang", ["ar", "tr", "ru"])
def test_localizing_the_bundled_story_misses_nothing_and_takes_milliseconds(idlib, lang: str) -> None:
    localize(idlib, lang, mark)  # warm
    start = time.perf_counter()
    localized = localize(idlib, lang, mark)
    elapsed = time.perf_counter() - start
    assert localized.missing == ()
    assert localized.story.title == idlib.translations[lang]["story.title"]
    assert elapsed < 0.25, f"{elapsed * 1000:.1f} ms"  # about 5 ms on the 2-core machine; a wide margin for load


def test_generated_features_stay_in_english_marked_and_sources_keep_their_language(idlib) -> None:
    localized = localize(idlib, "ar", mark)
    assert localized.direction == "rtl"
    assert localized.generated == SITUATION_LAYERS
    control = localized.story.features["control"][0]
    original = idlib.features["control"][0]
    assert control.name == mark(original.name)
    assert control.properties["summary"] == mark(original.properties["summary"])
    post = localized.story.features["observation_posts"][0]
    assert post.properties["source"] == idlib.features["observation_posts"][0].properties["source"]
    assert localized.story.article == idlib.article
    assert localized.story.claims[0].source == idlib.claims[0].source


def test_the_bundled_names_are_applied_with_their_status(idlib) -> None:
    localized = localize(idlib, "ru", mark)
    dana = next(f for f in localized.story.features["places"] if f.id == "dana")
    assert dana.name == "Эд-Дана"  # names.csv's transliteration wins over the translator's "Дана"
    assert dana.properties["name_status"] == "transliterated"
    assert localized.names["dana"].status == "transliterated"
    idlib_town = next(f for f in localized.story.features["places"] if f.id == "idlib")
    assert idlib_town.properties["name_status"] == "sourced"
    assert idlib_town.properties["name_source"].startswith("GeoNames")


def test_the_edition_language_is_the_story_itself(idlib) -> None:
    localized = localize(idlib, "en", mark)
    assert localized.story is idlib
    assert localized.missing == ()


def test_a_language_the_story_does_not_offer_is_refused(idlib) -> None:
    with pytest.raises(ValueError, match="'fr' is not a language of the story"):
        localize(idlib, "fr", mark)


# --- the fixture: fallback and names -----------------------------------------------------------------------

def test_missing_texts_fall_back_to_english_marked_and_are_listed() -> None:
    story = load_story(LANG)
    localized = localize(story, "fr", mark)
    assert localized.missing == ("events.late.summary",)  # features.town-a.name is names.csv's
    late = next(e for e in localized.story.events if e.id == "late")
    assert late.title == "La ville B apparaît"
    assert late.summary == mark("The second town comes on the map.")
    assert localized.story.situation is not None
    assert localized.story.situation.behind_status == "Derrière les lignes du gouvernement depuis le {date}"
    assert localized.direction == "ltr"


def test_names_are_sourced_or_transliterated() -> None:
    localized = localize(load_story(LANG), "fr", mark)
    towns = {f.id: f for f in localized.story.features["towns"]}
    assert towns["town-a"].name == "Ville-A"
    assert towns["town-a"].properties["name"] == "Ville-A"
    assert towns["town-a"].properties["name_status"] == "sourced"
    assert towns["town-a"].properties["name_url"] == "https://example.org/towns"
    assert towns["town-b"].name == "Bourg B"
    assert towns["town-b"].properties["name_status"] == "transliterated"
    assert "name_status" not in localized.story.features["zones"][0].properties


def test_a_translation_that_contains_the_sourced_name_keeps_its_qualifier(lang_copy: Path) -> None:
    set_strings(lang_copy, "fr", **{"features.town-b.name": "Bourg B (le vieux bourg)"})
    towns = {f.id: f for f in localize(load_story(lang_copy), "fr", mark).story.features["towns"]}
    assert towns["town-b"].name == "Bourg B (le vieux bourg)"
    assert towns["town-b"].properties["name_status"] == "transliterated"


def test_a_story_without_names_csv_or_languages_loads() -> None:
    story = load_story(FIXTURES / "mini")
    assert story.languages == ("en",)
    assert story.place_names == {}
    assert story.translations == {}


def test_hostile_text_stays_plain_text(lang_copy: Path) -> None:
    hostile = "<img src=x onerror=alert(1)>{{7*7}} %s"
    set_strings(lang_copy, "fr", **{"events.early.summary": hostile})
    story = load_story(lang_copy)
    assert not story.errors
    early = next(e for e in localize(story, "fr", mark).story.events if e.id == "early")
    assert early.summary == hostile


# --- bad files: each problem names the file and the key or row ---------------------------------------------

def test_bad_json_names_the_file(lang_copy: Path) -> None:
    (lang_copy / "translations" / "fr.json").write_text('{"language": "fr", "strings": {', encoding="utf-8")
    story = load_story(lang_copy)
    assert any(p.startswith("error: translations/fr.json: not valid JSON") for p in problems_of(lang_copy))
    assert story.translations["fr"] == {}
    localized = localize(story, "fr", mark)
    assert localized.story.title == mark("Mini story")
    assert "story.title" in localized.missing


@pytest.mark.parametrize(("value", "expected"), [
    (42, "error: translations/fr.json: events.early.title: is 42, expected a non-empty string; shown in English"),
    ("  ", "error: translations/fr.json: events.early.title: is '  ', expected a non-empty string; shown in English"),
    (["a"], "error: translations/fr.json: events.early.title: is ['a'], expected a non-empty string"),
    ("x" * 2001, "error: translations/fr.json: events.early.title: is longer than the budget of 2,000 characters"),
])
def test_a_value_of_the_wrong_type_or_size_names_the_key(lang_copy: Path, value, expected: str) -> None:
    set_strings(lang_copy, "fr", **{"events.early.title": value})
    assert any(p.startswith(expected) for p in problems_of(lang_copy)), problems_of(lang_copy)
    early = next(e for e in localize(load_story(lang_copy), "fr", mark).story.events if e.id == "early")
    assert early.title == mark("Zone A is drawn")


def test_an_unknown_key_is_a_warning_naming_it(lang_copy: Path) -> None:
    set_strings(lang_copy, "fr", **{"events.gone.title": "Disparu"})
    assert ("warning: translations/fr.json: events.gone.title: names nothing in the story (its text was removed "
            "or renamed); ignored") in problems_of(lang_copy)


def test_a_missing_or_extra_placeholder_is_an_error(lang_copy: Path) -> None:
    set_strings(lang_copy, "fr", **{"situation.behind.status": "Derrière les lignes depuis {day}"})
    assert ("error: translations/fr.json: situation.behind.status: placeholders differ from the English text "
            "(missing: {date}; unknown: {day}); shown in English") in problems_of(lang_copy)
    situation = localize(load_story(lang_copy), "fr", mark).story.situation
    assert situation is not None
    assert situation.behind_status == mark("Behind government lines since {date}")


def test_an_oversize_file_is_refused(lang_copy: Path) -> None:
    path = lang_copy / "translations" / "fr.json"
    data = read(path)
    data["note"] = "x" * 1_000_001
    write(path, data)
    assert "error: translations/fr.json: refused: larger than the budget of 1,000,000 bytes" in problems_of(lang_copy)


def test_a_flood_of_keys_is_refused(lang_copy: Path) -> None:
    set_strings(lang_copy, "fr", **{f"events.e{i}.title": "x" for i in range(40)})
    assert any(p.startswith("error: translations/fr.json: has 55 texts; the story has 17 keys")
               for p in problems_of(lang_copy))


def test_a_file_of_another_language_is_refused(lang_copy: Path) -> None:
    path = lang_copy / "translations" / "fr.json"
    data = read(path)
    data["language"] = "de"
    write(path, data)
    assert ("error: translations/fr.json: 'language' is 'de', expected 'fr' (the file's name)"
            in problems_of(lang_copy))


def test_languages_in_story_json_are_checked(lang_copy: Path) -> None:
    manifest = read(lang_copy / "story.json")
    manifest["languages"] = ["en", "xx", "fr", "fr", 7]
    write(lang_copy / "story.json", manifest)
    story = load_story(lang_copy)
    assert story.languages == ("en", "fr")
    shown = [str(p) for p in story.problems]
    assert "error: story.json: languages #1: 'xx' is not a known language code (ISO 639); left out" in shown
    assert "error: story.json: languages #3: 'fr' is listed twice; left out" in shown
    assert any(p.startswith("error: story.json: languages #4: 7 expected a language code") for p in shown)
    assert ("warning: translations/de.json: its language is not listed in story.json 'languages'; not offered to "
            "readers") in shown


def test_a_listed_language_without_a_file_is_a_warning(lang_copy: Path) -> None:
    (lang_copy / "translations" / "de.json").unlink()
    story = load_story(lang_copy)
    assert ("warning: translations/de.json: is missing: every text is shown in the edition's language, marked"
            in [str(p) for p in story.problems])
    assert len(localize(story, "de", mark).missing) == len(english_strings(story)) - 1  # town-a: names.csv


NAME_ROWS = [
    ("town-a,Town A,fr,,sourced,Gazetteer,", "error: names.csv: row 2: 'name' is empty; row skipped"),
    ("town-a,Town A,fr,Ville,guessed,Gazetteer,", "error: names.csv: row 2: 'status' is 'guessed', expected one of"),
    ("town-a,Town A,fr,Ville,sourced,,", "error: names.csv: row 2: 'source' is empty; row skipped"),
    ("town-a,Town A,fr,Ville,sourced,Gazetteer,javascript:alert(1)", "error: names.csv: row 2: 'url' is "),
    ("town-a,Town A,zz,Ville,sourced,Gazetteer,", "error: names.csv: row 2: 'lang' 'zz' is not a known language"),
    ("town-a,Town A,en,Town,sourced,Gazetteer,", "warning: names.csv: row 2: 'lang' 'en' is not one of the languages"),
    ("town-z,Town Z,fr,Ville Z,sourced,Gazetteer,", "warning: names.csv: row 2: 'id' 'town-z' names no feature"),
    ("town-a,Old Town,fr,Ville,sourced,Gazetteer,", "warning: names.csv: row 2: 'english' is 'Old Town', but the "
                                                    "story calls it 'Town A'"),
]


@pytest.mark.parametrize(("row", "expected"), NAME_ROWS)
def test_a_bad_names_row_names_the_row(lang_copy: Path, row: str, expected: str) -> None:
    (lang_copy / "names.csv").write_text(f"id,english,lang,name,status,source,url\n{row}\n", encoding="utf-8")
    story = load_story(lang_copy)
    assert any(p.startswith(expected) for p in problems_of(lang_copy)), problems_of(lang_copy)
    assert story.place_names == {}


def test_names_csv_without_its_columns_is_refused(lang_copy: Path) -> None:
    (lang_copy / "names.csv").write_text("id,name\ntown-a,Ville\n", encoding="utf-8")
    assert ("error: names.csv: lacks the columns english, lang, status, source, url" in problems_of(lang_copy))


def test_a_second_name_for_a_place_is_skipped(lang_copy: Path) -> None:
    with (lang_copy / "names.csv").open("a", encoding="utf-8") as handle:
        handle.write("town-a,Town A,fr,Autre,sourced,Gazetteer,\n")
    assert "error: names.csv: row 5: a second name for 'town-a' in 'fr'; row skipped" in problems_of(lang_copy)
    assert load_story(lang_copy).place_names["fr"]["town-a"].name == "Ville-A"
