"""The static site's sitemap.xml and robots.txt: how a search engine finds every page and its languages.

The sitemap lists each page of each date once, with its language versions as `xhtml:link` alternates (the
sitemap form of hreflang) and x-default. The folder's own index pages are copies of a dated page whose
canonical address is that page, so they are not listed: a sitemap names canonical addresses only.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from geo.render.site_urls import SiteLayout

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


def _xml(text: str) -> str:
    return html.escape(text, quote=True)


def sitemap_xml(layout: SiteLayout, languages: Sequence[str], days: Sequence[date]) -> str:
    """Every page (language × date), each with all its languages and x-default (the first language)."""
    urls = []
    for day in days:
        links = [(code, layout.page_url(code, day)) for code in languages]
        links.append(("x-default", layout.page_url(languages[0], day)))
        alternates = "".join(f'\n    <xhtml:link rel="alternate" hreflang="{_xml(code)}" href="{_xml(href)}"/>'
                             for code, href in links)
        urls += [f"  <url>\n    <loc>{_xml(layout.page_url(lang, day))}</loc>{alternates}\n  </url>\n"
                 for lang in languages]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "".join(urls) + "</urlset>\n")


def robots_txt(layout: SiteLayout) -> str:
    """Every crawler welcome, and where the sitemap is."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {layout.base}{SITEMAP}\n"
