"""`geo validate` per language: what is missing (warnings, with count and keys), malformed files (errors)."""

from __future__ import annotations

import shutil
from pathlib import Path

from geo.__main__ import main
from geo.check.translation_checks import LISTED_KEYS, missing_keys, translation_problems
from geo.check.validate import validate_folder
from geo.load.story import load_story
from tests.conftest import FIXTURES, read, write

LANG = FIXTURES / "languages"


def test_an_incomplete_translation_is_reported_with_its_count_and_keys(capsys) -> None:
    assert main(["validate", str(LANG)]) == 0  # warnings only: a missing text is shown in English, marked
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == [
        "warning: translations/fr.json: 2 of 17 texts have no 'fr' translation; they are shown in the edition's "
        "language, marked",
        "warning: translations/fr.json: events.late.summary: no translation: shown in the edition's language, marked",
        "warning: translations/fr.json: features.town-a.name: no translation: shown in the edition's language, "
        "marked",
        "warning: translations/fr.json: features.town-b.name: 'La ville B' does not use the place's name in "
        "names.csv, 'Bourg B' (transliterated); names.csv's 'Bourg B' is shown instead",
        f"{LANG}: 0 error(s), 4 warning(s)",
    ]


def test_a_complete_language_has_no_line() -> None:
    story = load_story(LANG)
    assert missing_keys(story, "de") == []
    assert not [p for p in translation_problems(story) if "de.json" in p.file]


def test_a_malformed_file_is_an_error_and_exits_one(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "languages"
    shutil.copytree(LANG, folder)
    path = folder / "translations" / "de.json"
    data = read(path)
    data["strings"]["story.title"] = {"text": "Mini-Geschichte"}
    write(path, data)
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert ("error: translations/de.json: story.title: is {'text': 'Mini-Geschichte'}, expected a non-empty "
            "string; shown in English") in out
    assert "warning: translations/de.json: 1 of 17 texts have no 'de' translation" in out


def test_a_long_list_of_missing_keys_is_capped(tmp_path: Path) -> None:
    folder = tmp_path / "languages"
    shutil.copytree(LANG, folder)
    events = read(folder / "events.json")
    base = events["events"][0]
    events["events"] += [{**base, "id": f"extra-{i}"} for i in range(30)]  # 60 more keys, none translated
    write(folder / "events.json", events)
    problems = [p for p in validate_folder(folder) if p.file == "translations/de.json"]
    assert problems[0].message.startswith(f"60 of 77 texts have no 'de' translation; they are shown in the "
                                          f"edition's language, marked ({60 - LISTED_KEYS:,} not listed below)")
    assert len(problems) == 1 + LISTED_KEYS
