"""Read `translations/<lang>.json`: the story's text in its readers' languages, checked key by key.

A translation file is untrusted input like any other file of the folder: read within the file budget,
every value checked, and every fault a Problem naming the file and the key; a bad key is dropped (the
reader then sees the edition's own text, marked) and the rest is used. Texts stay plain text: nothing here
formats or interprets them, and the renderer escapes them like every other story text.

Format: {"language": code, "translation_of": the edition's language, "note": who translated it,
"strings": {key: text}}, keys as in `geo/load/strings.py`. A key the story does not have is a warning (the
text it translated was removed or renamed); a translation that drops or adds a `{placeholder}` is an
error, since code fills it in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geo.load.budgets import BUDGETS, near
from geo.load.files import read_json
from geo.load.languages import language_problem
from geo.load.strings import english_strings, placeholders
from geo.model import Story
from geo.problems import Problem, quote

FOLDER = "translations"


def translation_file(lang: str) -> str:
    """Where a language's translation lives in a story folder."""
    return f"{FOLDER}/{lang}.json"


def _header(data: dict[str, Any], file: str, lang: str, edition: str, problems: list[Problem]) -> bool:
    """The file says which language it is and what it translates; False (with a Problem) when it does not."""
    if data.get("language") != lang:
        problems.append(Problem(file, f"'language' is {quote(data.get('language'))}, expected {lang!r} "
                                      "(the file's name)"))
        return False
    if data.get("translation_of") != edition:
        problems.append(Problem(file, f"'translation_of' is {quote(data.get('translation_of'))}, expected "
                                      f"{edition!r} (the edition's language, first in story.json 'languages')"))
        return False
    note = data.get("note", "")
    if not isinstance(note, str) or len(note) > BUDGETS.string_chars:
        problems.append(Problem(file, f"'note' is {quote(note)}, expected a text of up to "
                                      f"{BUDGETS.string_chars:,} characters", severity="warning"))
    return True


def _text(key: str, value: Any, english: dict[str, str], file: str, problems: list[Problem]) -> str | None:
    """One translated text, or None (with a Problem naming the key) when it cannot be used."""
    if key not in english:
        problems.append(Problem(file, "names nothing in the story (its text was removed or renamed); ignored",
                                key, "warning"))
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(file, f"is {quote(value)}, expected a non-empty string; shown in English", key))
        return None
    if len(value) > BUDGETS.string_chars:
        problems.append(Problem(file, f"is longer than the budget of {BUDGETS.string_chars:,} characters; "
                                      "shown in English", key))
        return None
    wanted, found = placeholders(english[key]), placeholders(value)
    if wanted != found:
        lost = ", ".join(sorted(wanted - found)) or "none"
        extra = ", ".join(sorted(found - wanted)) or "none"
        problems.append(Problem(file, f"placeholders differ from the English text (missing: {lost}; unknown: "
                                      f"{extra}); shown in English", key))
        return None
    return value


def read_translation(folder: Path, lang: str, edition: str, english: dict[str, str],
                     problems: list[Problem]) -> dict[str, str]:
    """The usable texts of one language's file ({} when it is absent or unusable, with a Problem saying why)."""
    file = translation_file(lang)
    data, problem = read_json(folder, file)
    if problem is not None:
        missing = problem.message == "file is missing"
        problems.append(Problem(file, "is missing: every text is shown in the edition's language, marked",
                                severity="warning") if missing else problem)
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(file, f"is {quote(data)}, expected an object with 'language' and 'strings'"))
        return {}
    if not _header(data, file, lang, edition, problems):
        return {}
    strings = data.get("strings")
    if not isinstance(strings, dict):
        problems.append(Problem(file, f"'strings' is {quote(strings)}, expected an object of key: text"))
        return {}
    limit = 2 * max(len(english), 1)  # twice the story's keys: room for stale keys, never a flood
    if len(strings) > limit:
        problems.append(Problem(file, f"has {len(strings):,} texts; the story has {len(english):,} keys, so the "
                                      "file is not used"))
        return {}
    texts = {key: text for key, value in strings.items()
             if (text := _text(key, value, english, file, problems)) is not None}
    if near(len(strings), limit) and len(strings) > len(english):
        problems.append(Problem(file, f"has {len(strings) - len(english):,} more texts than the story has keys",
                                severity="warning"))
    return texts


def unlisted_files(folder: Path, languages: tuple[str, ...]) -> list[Problem]:
    """Translation files of languages story.json does not list: readers are never offered them."""
    found = sorted(p.stem for p in (folder / FOLDER).glob("*.json")) if (folder / FOLDER).is_dir() else []
    problems = []
    for lang in found:
        if lang not in languages:
            why = language_problem(lang)
            reason = f"{quote(lang)} {why}" if why else "its language is not listed in story.json 'languages'"
            problems.append(Problem(translation_file(lang), f"{reason}; not offered to readers", severity="warning"))
    return problems


def load_translations(folder: Path, story: Story, problems: list[Problem]) -> dict[str, dict[str, str]]:
    """Every listed language's usable texts (the edition's own language has none: it is the story itself)."""
    english = english_strings(story)
    edition, *others = story.languages
    problems.extend(unlisted_files(folder, story.languages))
    return {lang: read_translation(folder, lang, edition, english, problems) for lang in others}
