"""What each of a story's languages lacks: warnings, since a missing text is shown in the edition's language, marked.

Malformed translation files and names.csv rows are the loader's errors (geo/load/translations.py,
geo/load/place_names.py); here the complete files are compared with the story: per language, how many of
its keys have no translation and which, and where a translated name disagrees with names.csv.
"""

from __future__ import annotations

from geo.load.localize import name_conflicts
from geo.load.strings import english_strings
from geo.load.translations import translation_file
from geo.model import Story
from geo.problems import Problem

LISTED_KEYS = 40  # per language, one line per missing key up to this many; the count line says the rest


def missing_keys(story: Story, lang: str) -> list[str]:
    """The story's keys that `lang`'s translation lacks, in the story's order."""
    texts = story.translations.get(lang, {})
    return [key for key in english_strings(story) if key not in texts]


def translation_problems(story: Story) -> list[Problem]:
    """Per language besides the edition's: a count of missing texts and the keys; and names that disagree."""
    found: list[Problem] = []
    total = len(english_strings(story))
    for lang in story.languages[1:]:
        missing = missing_keys(story, lang)
        if not missing:
            continue
        file = translation_file(lang)
        more = f" ({len(missing) - LISTED_KEYS:,} not listed below)" if len(missing) > LISTED_KEYS else ""
        found.append(Problem(file, f"{len(missing):,} of {total:,} texts have no {lang!r} translation; they are "
                                   f"shown in the edition's language, marked{more}", severity="warning"))
        found += [Problem(file, "no translation: shown in the edition's language, marked", key, "warning")
                  for key in missing[:LISTED_KEYS]]
    return [*found, *name_conflicts(story)]
