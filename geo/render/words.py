"""The reader's words: one language's messages, dates and numbers, handed to everything that writes for a reader.

A `Words` is what the render layer passes around instead of English literals: `t` for a catalog message
(geo/locales), `day` and `number` for CLDR formatting in the story's locale for that language (a story may name
a regional locale, e.g. for its digits). `client` is what the map's JS needs of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geo.languages import DEFAULT, babel_locale, format_day, format_number, language, message

JS_PRIVATE = ("app.",)  # catalog sections only the server uses; the rest goes to the map


@dataclass(frozen=True)
class Words:
    lang: str = DEFAULT
    regional: Mapping[str, str] = field(default_factory=dict)

    def t(self, key: str, **values: object) -> str:
        return message(self.lang, key, **values)

    def messages(self) -> Mapping[str, str]:
        return language(self.lang).messages

    def day(self, when: date, precision: str = "day") -> str:
        return format_day(when, self.lang, precision, self.regional)

    def number(self, value: float) -> str:
        return format_number(value, self.lang, self.regional)

    @property
    def direction(self) -> str:
        return language(self.lang).direction

    @property
    def bcp47(self) -> str:
        """The locale as the browser's Intl names it (e.g. ar-SY)."""
        return str(babel_locale(self.lang, self.regional)).replace("_", "-")

    def untranslated(self, text: str) -> str:
        """English shown where a translation is missing, visibly marked as such."""
        return text if self.lang == DEFAULT else self.t("untranslated", text=text)

    def client(self) -> dict[str, Any]:
        """The map's language: its catalog (less the server's own sections), locale and direction."""
        messages = {k: v for k, v in language(self.lang).messages.items() if not k.startswith(JS_PRIVATE)}
        return {"lang": self.lang, "locale": self.bcp47, "direction": self.direction, "messages": messages}


ENGLISH = Words()
