"""Sample text in the map's four languages, a story dressed in them, and a catcher for font trouble.

The samples are written for these tests (not taken from the catalogs, which another change brings): each
holds the letters its language needs that plain ASCII lacks (Turkish İ ı ğ ş, Russian ё, Arabic hamza forms,
lam-alef, tanween, the Arabic comma and Arabic-Indic digits) and, for Arabic, quoted Latin text and digits.
"""

from __future__ import annotations

import dataclasses
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from geo.model import Story

SAMPLES = {
    "en": "Idlib: Putin and Erdogan talk by phone, 4 February 2020 (source: TASS)",
    "ar": "إدلب: بوتين وأردوغان يتحادثان هاتفياً، ٤ شباط 2020 (مصدر: TASS) — لا تصعيد",
    "tr": "İdlib: Putin ve Erdoğan telefonda görüştü, 4 Şubat 2020 (kaynak: TASS) — ığüşöçİĞÜŞÖÇ",
    "ru": "Идлиб: Путин и Эрдоган провели телефонный разговор, 4 февраля 2020 г. (источник: ТАСС) — ёЁ",
}
LAYER_TITLES = {  # legend rows of about the length of the story's own (one line each, like most of them)
    "ar": "مناطق سيطرة (تقريبية)",
    "tr": "Kontrol bölgesi (yaklaşık)",
    "ru": "Зона контроля (приблизительно)",
}
PLACES = {
    "ar": ["إدلب", "سراقب", "معرة النعمان", "موسكو"],
    "tr": ["İdlib", "Serakib", "Maarrat en-Numan", "Moskova"],
    "ru": ["Идлиб", "Серакиб", "Мааррат-эн-Нууман", "Москва"],
}


def translated(story: Story, language: str) -> Story:
    """`story` with its title, some place names and every layer title in `language` (English stays as it is)."""
    if language == "en":
        return story
    names = iter(PLACES[language] * len(story.features["places"]))
    places = [dataclasses.replace(f, name=next(names)) for f in story.features["places"]]
    layers = [dataclasses.replace(spec, title=f"{LAYER_TITLES[language]} {i}") for i, spec in enumerate(story.layers)]
    return dataclasses.replace(story, title=SAMPLES[language], layers=layers,
                               features={**story.features, "places": places})


@dataclasses.dataclass
class FontTrouble:
    """What matplotlib said while drawing: missing glyphs (warnings) and font look-up failures (its log)."""

    missing_glyphs: list[str] = dataclasses.field(default_factory=list)
    font_log: list[str] = dataclasses.field(default_factory=list)
    other_warnings: list[warnings.WarningMessage] = dataclasses.field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.missing_glyphs or self.font_log)


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


@contextmanager
def font_trouble() -> Iterator[FontTrouble]:
    """Collect matplotlib's 'Glyph ... missing from font(s)' warnings and 'findfont: ...' log lines."""
    found = FontTrouble()
    handler = _Collect(found.font_log)
    logger = logging.getLogger("matplotlib.font_manager")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield found
    finally:
        logger.removeHandler(handler)
    for item in caught:
        if "missing from font" in str(item.message):
            found.missing_glyphs.append(str(item.message))
        else:
            found.other_warnings.append(item)
