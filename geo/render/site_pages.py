"""What a static page says about itself without JavaScript: its head's tags, and its embed page.

A social network's crawler fetches a shared link, runs no script and reads only the head: the title, the
description, the picture (og:/twitter:), the one address that counts (canonical) and the same page in other
languages (hreflang). Each page of the site gets its own, from its language's texts (geo/render/site_texts.py)
and the site's layout (geo/render/site_urls.py). Every value is escaped for an HTML attribute here, the only
place these tags are made.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from geo.render.share import iframe_markup
from geo.render.site_texts import PageTexts
from geo.render.site_urls import SiteLayout

PREVIEW_SIZE = (1200, 630)  # geo/render/picture.py draws this size: the usual large link preview


def _attr(text: str) -> str:
    """Plain text for a double-quoted attribute: one line, `& < > " '` escaped."""
    return html.escape(" ".join(text.split()), quote=True)


def _meta(key: str, name: str, value: str) -> str:
    return f'<meta {key}="{name}" content="{_attr(value)}" />'


def head_tags(layout: SiteLayout, texts: PageTexts, lang: str, day: date, languages: Sequence[str]) -> str:
    """The head's tags for `lang`'s page of `day` (its <title> is set by the page itself).

    `languages` are all the languages of the site, the first being the default (x-default).
    """
    url, image = layout.page_url(lang, day), layout.preview_url(lang, day)
    width, height = PREVIEW_SIZE
    alternates = [(other, layout.page_url(other, day)) for other in languages]
    alternates.append(("x-default", layout.page_url(languages[0], day)))
    lines = [
        _meta("name", "description", texts.description),
        f'<link rel="canonical" href="{_attr(url)}" />',
        *(f'<link rel="alternate" hreflang="{_attr(code)}" href="{_attr(href)}" />' for code, href in alternates),
        _meta("property", "og:type", "website"),
        _meta("property", "og:title", texts.title),
        _meta("property", "og:description", texts.description),
        _meta("property", "og:url", url),
        _meta("property", "og:locale", texts.og_locale),
        _meta("property", "og:image", image),
        _meta("property", "og:image:type", "image/png"),
        _meta("property", "og:image:width", str(width)),
        _meta("property", "og:image:height", str(height)),
        _meta("property", "og:image:alt", texts.image_alt),
        _meta("name", "twitter:card", "summary_large_image"),
        _meta("name", "twitter:title", texts.title),
        _meta("name", "twitter:description", texts.description),
        _meta("name", "twitter:image", image),
        _meta("name", "twitter:image:alt", texts.image_alt),
    ]
    return "\n".join(lines) + "\n"


def embed_snippet(layout: SiteLayout, texts: PageTexts, lang: str, day: date) -> str:
    """The <iframe> a news page pastes to show this page (address and title escaped)."""
    return iframe_markup(layout.page_url(lang, day), texts.embed_title)


def embed_page(layout: SiteLayout, texts: PageTexts, lang: str, day: date) -> str:
    """embed.html: the snippet to copy, shown as text (escaped once more), and a link back to the page.

    It is not for search engines (noindex): the page it embeds is the one to find.
    """
    snippet = embed_snippet(layout, texts, lang, day)
    url = layout.page_url(lang, day)
    return (
        f'<!DOCTYPE html>\n<html lang="{_attr(lang)}">\n<head>\n<meta charset="utf-8" />\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
        '<meta name="robots" content="noindex" />\n'
        f"<title>{html.escape(texts.embed_heading)}: {html.escape(texts.title)}</title>\n"
        "<style>body{font:16px/1.5 sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}"
        "pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f4f4;padding:1rem;border-radius:4px}</style>\n"
        f"</head>\n<body>\n<h1>{html.escape(texts.embed_heading)}</h1>\n"
        f'<p><a href="{_attr(url)}">{html.escape(texts.title)}</a></p>\n'
        f"<p>{html.escape(texts.embed_help)}</p>\n"
        f'<pre><code class="embed-snippet">{html.escape(snippet)}</code></pre>\n'
        "</body>\n</html>\n"
    )
