"""A self-contained HTML export: one file with Leaflet inlined, every chosen layer, and a time control.

The file opens from disk with no server and, with basemap "none", no network at all. Escaping follows
the app's rules: data reaches the page only through `js_literal` and is shown with textContent.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import Any, cast

from branca.element import Element, Figure

from geo.load.timeline import opening_date, snap, stops
from geo.model import Story
from geo.render import mapview
from geo.render.assets import STATIC_VENDOR, AssetLinks
from geo.render.payload import map_payload
from geo.render.share import MAX_VALUE_LENGTH, PARAMETERS, VIEW_DECIMALS, ZOOM_RANGE
from geo.render.styles import stylesheet
from geo.render.words import ENGLISH, Words

EXPORT_CSS = stylesheet("export.css")
# The linkable page's extras (geo/render/site.py): the notice box over the map and the layer/basemap switcher.
LINKABLE_CSS = """<style>
.story-notices { position: fixed; top: 10px; left: 50%; transform: translateX(-50%); z-index: 1100;
  max-width: min(640px, 70vw); font: 13px sans-serif; }
.story-notice { background: #fff3cd; color: #5c4400; border: 1px solid #e0c36c; border-radius: 4px;
  padding: 6px 10px; margin-bottom: 4px; overflow-wrap: anywhere; }
.story-switch { background: #fff; padding: 6px 8px; font-size: 12px; max-height: 45vh; overflow-y: auto; }
.story-switch summary { font-weight: 600; cursor: pointer; }
.story-switch strong { display: block; margin: 2px 0; }
.story-switch-row { display: flex; gap: 6px; align-items: center; white-space: nowrap; }
</style>
"""


def _inline(tag: str, path: Path) -> str:
    """An asset's text inside its tag; refuses text that would close the tag early."""
    text = path.read_text(encoding="utf-8")
    if f"</{tag}" in text.lower():
        raise ValueError(f"{path} contains '</{tag}' and cannot be inlined")
    return f"<{tag}>{text}</{tag}>"


def site_options(story: Story, words: Words = ENGLISH, default_day: date | None = None) -> dict[str, Any]:
    """What a linkable page needs to read the app's link parameters (geo.render.share) in the browser.

    `default_day` is the date the page shows when its address names none (the time module's `defaultDate`):
    a page of the static site opens on its own date; without it, the article's.
    """
    all_stops = stops(story)
    default = snap(default_day, all_stops) if default_day else opening_date(story, all_stops)
    return {
        "parameters": list(PARAMETERS), "maxValueLength": MAX_VALUE_LENGTH, "zoomRange": list(ZOOM_RANGE),
        "viewDecimals": VIEW_DECIMALS, "defaultDate": default.isoformat(),
        "layerIds": [spec.id for spec in story.layers], "defaultBasemap": mapview.DEFAULT_BASEMAP,
        "basemapIds": list(mapview.BASEMAPS),
        "basemaps": mapview.basemap_options(words),
    }


def export_payload(story: Story, day: date, layers: list[str], linkable: bool = False,
                   words: Words = ENGLISH) -> dict[str, Any]:
    """The shared map payload (geo.render.payload) for a page: the chosen layers and where the slider starts.

    A linkable page (`linkable`) carries every layer, the basemaps and the link rules (`site`); the page then
    picks the date, layers, basemap and view from its address, `layers` being ignored and `day` being the date
    it opens on when the address names none.
    """
    all_stops = stops(story)
    payload = map_payload(story, None if linkable else layers, words)
    payload |= {"start": all_stops.index(snap(day, all_stops)), "mode": "site" if linkable else "export"}
    return payload | ({"site": site_options(story, words, day)} if linkable else {})


def export_html(story: Story, day: date, layers: list[str], basemap: str = "none",
                vendor: Path = STATIC_VENDOR, *, linkable: bool = False, words: Words = ENGLISH,
                title: str | None = None, head: str = "") -> str:
    """The whole page as a string.

    `linkable` (the static site, geo/render/site.py): every layer and basemap is in the page, which shows what its
    address asks for (the app's link parameters) and keeps the address in step; `layers` and `basemap` are then
    ignored (the link, or the app's defaults, decide) and `day` is where it opens when the link names no date.
    The site's pages also give their language (`words`), their own `title` (plain text, escaped here) and tags
    for the head (`head`: HTML their maker escaped, geo/render/site_pages.py).
    """
    if linkable:
        layers = [spec.id for spec in story.layers]
    fmap = mapview.base_map(AssetLinks(js=(), css=()), mapview.story_center(story))
    root = cast("Figure", fmap.get_root())
    root.header.add_child(Element(_inline("style", vendor / "leaflet" / "leaflet.css")), name="leaflet_css")
    root.header.add_child(Element(_inline("script", vendor / "leaflet" / "leaflet.js")), name="leaflet_js")
    root.header.add_child(Element(EXPORT_CSS), name="export_css")
    root.title = html.escape(title or story.title)  # branca puts it in <title> as is
    if linkable:
        root.header.add_child(Element(LINKABLE_CSS), name="linkable_css")
    else:
        mapview.basemap_group(basemap).add_to(fmap)
    payload = mapview.js_literal(export_payload(story, day, layers, linkable, words))
    mapview.ScriptElement(f"StoryTime.start({fmap.get_name()}, {payload});\n").add_to(fmap)
    return _reader_page(root.render(), story, words, head)


# branca writes the <html> tag without a language, and folium a viewport that forbids zooming the page;
# both are fixed in the rendered text, each replaced exactly once (data never reaches these spots unescaped).
_HTML_TAG = "<!DOCTYPE html>\n<html>\n"
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport" content="width=device-width,\s*'
                              r'initial-scale=1\.0, maximum-scale=1\.0, user-scalable=no" />')
# The page's own head goes right after the charset: a crawler that reads only the first kilobytes of a page for
# its link preview finds the og: tags before the inlined Leaflet and story (and the charset stays in the first
# 1024 bytes, where browsers look for it).
_CHARSET = '<meta http-equiv="content-type" content="text/html; charset=UTF-8" />'
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'


def headline(story: Story, words: Words = ENGLISH) -> str:
    """The story's title and the article line, as escaped HTML for the top of the page.

    In a language other than the edition's, the line also says the page is a translation of it.
    """
    published = words.day(story.article.date) if story.article.date else words.t("app.undated")
    line = words.t("app.article_line", publisher=story.article.publisher, date=published,
                   headline=story.article.headline)
    if words.lang != story.languages[0]:
        line += " · " + words.t("app.translated")
    return (f'<header class="story-headline"><h1 class="story-headline-title">{html.escape(story.title)}</h1>\n'
            f'<p class="story-headline-article">{html.escape(line)}</p></header>\n')


def _reader_page(page: str, story: Story, words: Words = ENGLISH, extra_head: str = "") -> str:
    body = page.find("<body>", page.find("</head>"))
    head = page[len(_HTML_TAG):body]
    if (not page.startswith(_HTML_TAG) or body < 0 or len(_FOLIUM_VIEWPORT.findall(head)) != 1
            or head.count(_CHARSET) != 1):
        raise RuntimeError("folium's page changed: cannot set the language, viewport, head and headline")
    head = _FOLIUM_VIEWPORT.sub("", head, count=1)
    at = head.index(_CHARSET) + len(_CHARSET)
    head = f"{head[:at]}\n{VIEWPORT}\n{extra_head}{head[at:]}"
    rest = page[body + len("<body>"):]
    tag = f'<html lang="{html.escape(words.lang, quote=True)}" dir="{words.direction}">'
    return f"<!DOCTYPE html>\n{tag}\n{head}<body>\n{headline(story, words)}{rest}"
