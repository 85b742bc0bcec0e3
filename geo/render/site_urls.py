"""Where each file of the static site lives, as a path in the folder and as an absolute address.

One home for the layout `<lang>/<YYYY-MM-DD>/index.html` (and its preview and embed page), so the pages, the
sitemap and the tests agree. Link previews need absolute addresses (a crawler does not resolve og:image against
the page), hence a base URL: the address the folder will be served at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

# `.invalid` is reserved (RFC 2606): a site built without --base-url can never point at someone's real host.
PLACEHOLDER_BASE_URL = "https://story-map.invalid/"
PAGE = "index.html"
PREVIEW = "preview.png"
EMBED = "embed.html"
LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")  # BCP 47's usual shapes: en, pt-BR, zh-Hant
_UNSAFE = re.compile(r"[\s\"'<>`\\{}|^]")


def checked_base_url(value: str) -> str:
    """`value` as a base URL ending in '/', or ValueError naming --base-url and quoting the value."""
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"--base-url {value!r}: an absolute address is needed, e.g. https://example.org/story/")
    if parts.query or parts.fragment or _UNSAFE.search(value):
        raise ValueError(f"--base-url {value!r}: no query, fragment, spaces, quotes or brackets in a base address")
    return value if value.endswith("/") else value + "/"


@dataclass(frozen=True)
class SiteLayout:
    """The site's files: `folder(...)` is relative to the output folder, `*_url(...)` absolute."""

    base_url: str

    def __post_init__(self) -> None:
        checked_base_url(self.base_url)

    @property
    def base(self) -> str:
        return checked_base_url(self.base_url)

    @staticmethod
    def folder(lang: str, day: date) -> str:
        """'en/2019-10-23/': the folder of a language's page of a date."""
        if not LANGUAGE.fullmatch(lang):
            raise ValueError(f"language code {lang!r} cannot name a folder (expected e.g. 'en' or 'pt-BR')")
        return f"{lang}/{day.isoformat()}/"

    def page_url(self, lang: str, day: date) -> str:
        """The page's address, a folder (servers send its index.html): the form readers share."""
        return self.base + self.folder(lang, day)

    def preview_url(self, lang: str, day: date) -> str:
        return self.page_url(lang, day) + PREVIEW

    def embed_url(self, lang: str, day: date) -> str:
        return self.page_url(lang, day) + EMBED
