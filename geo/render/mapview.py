"""Build the folium map: a fixed base map, and one dynamic feature group per shown layer.

All escaping happens here and in `js/storymap.js`: data reaches the page only as JSON (with
`<`, `>` and `&` escaped) and the browser puts it on screen with textContent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from geo.kinds import kind_of, swatch_rules
from geo.model import Feature, LayerSpec, Situation, Story
from geo.paths import JS_DIR
from geo.render.assets import AssetLinks, served_links
from geo.render.region import ground
from geo.render.styles import stylesheet
from geo.render.text import origin
from geo.render.tiles import DEFAULT_TILES, TileSettings, tile_settings
from geo.render.words import ENGLISH, Words

# The map's JS, in load order: drawing helpers (storymap.js draws features and the legend, labels.js keeps labels
# apart, offscreen.js points to the far places from the map's edge), the story clock and the parts that follow it
# (js/parts/), and storytime.js, which builds each mode from its list of parts.
JS_PARTS = ("text.js", "storymap.js", "labels.js", "offscreen.js",
            "parts/linkcodec.js", "parts/clock.js", "parts/features.js", "parts/timebar.js", "parts/legend.js",
            "parts/framing.js", "parts/reading.js", "parts/marks.js", "parts/basemap.js", "parts/address.js",
            "parts/switcher.js", "parts/appbridge.js",
            "storytime.js")
JS_HELPERS = "\n".join((JS_DIR / name).read_text(encoding="utf-8") for name in JS_PARTS)
CSS = stylesheet("storymap.css").replace("</style>", swatch_rules() + "</style>")
STORY_ZOOM = 7  # the map's first view, before the time module frames the story's first date


@dataclass(frozen=True)
class Basemap:
    """A tile background, or none (the map still reads: vectors do not need tiles)."""

    id: str
    title: str
    url: str = ""
    attribution: str = ""
    max_zoom: int = 18


BASEMAPS = {  # the built-in table; `basemaps()` applies the deployment's tiles (geo/render/tiles.py)
    b.id: b
    for b in (
        Basemap("osm", DEFAULT_TILES.title, DEFAULT_TILES.url, DEFAULT_TILES.attribution, DEFAULT_TILES.max_zoom),
        Basemap("light", "Light (CARTO Positron)",
                "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
                '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
                '&copy; <a href="https://carto.com/attributions">CARTO</a>'),
        Basemap("none", "None (no tiles)"),
    )
}
DEFAULT_BASEMAP = "osm"


def basemaps(tiles: TileSettings | None = None) -> dict[str, Basemap]:
    """The basemaps with the deployment's tiles (`tiles`, else STORY_TILES_*) as the default one.

    The id stays the same, so links (`basemap=osm`) keep working whichever server draws the tiles.
    Raises TileSettingsError when a setting is unusable.
    """
    tiles = tiles or tile_settings()
    default = Basemap(DEFAULT_BASEMAP, tiles.title, tiles.url, tiles.attribution, tiles.max_zoom)
    return {b.id: default if b.id == DEFAULT_BASEMAP else b for b in BASEMAPS.values()}


def js_literal(value: Any) -> str:
    """JSON safe inside a <script> element, and even inside a JS template literal: no markup survives."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("`", "\\u0060"), ("$", "\\u0024"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


class RawElement(Element):
    """Text put into the page as it is.

    branca's Element compiles its text as a Jinja template, and MacroElement.render wraps every rendered macro
    in a new Element: with the map's 45 KB of JS that was a third of the app's server time per rerun (py-spy,
    bench/load_ws.py).
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **_: Any) -> str:
        return self.text


class ScriptElement(MacroElement):
    """A MacroElement whose script is JS text already made safe by the caller (added to the page uncompiled)."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.js }}{% endmacro %}")

    def __init__(self, js: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca is untyped
        self._name = "StoryScript"
        self.js = js

    def render(self, **kwargs: Any) -> str:
        figure = cast("Figure", self.get_root())
        figure.script.add_child(RawElement(self.js), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
        return ""  # like MacroElement: its output goes into the figure, not the caller


def feature_dates(feature: Feature, words: Words = ENGLISH) -> str:
    """The feature's time on the map, for its popup."""
    start = words.day(feature.valid_from) if feature.valid_from else None
    end = words.day(feature.valid_to) if feature.valid_to else None
    if start and end:
        return words.t("dates.range", start=start, end=end)
    if start:
        return words.t("dates.from", start=start)
    return words.t("dates.until", end=end) if end else ""


def behind_lines_text(situation: Situation | None, since: date | None, words: Words = ENGLISH) -> str:
    """A post's status on the shown date, for its popup ('' when it is not behind the lines)."""
    if situation is None or since is None:
        return ""
    return situation.behind_status.replace("{date}", words.day(since))


def client_feature(feature: Feature, highlighted: bool, status: str = "", words: Words = ENGLISH) -> dict[str, Any]:
    """The GeoJSON Feature the browser gets: geometry and only the properties it shows."""
    props = feature.properties
    shown = {
        "id": feature.id, "name": feature.name, "dates": feature_dates(feature, words),
        "summary": props.get("summary", ""), "source": props.get("source", ""),
        "origin": origin(bool(props.get("from_article")), props.get("paragraphs") or (), words),
        "highlight": highlighted,
        "approximate": bool(props.get("approximate", False)),
    }
    if props.get("controller"):
        shown["controller"] = props["controller"]
    if props.get("minor"):
        shown["minor"] = True
    if status:
        shown["status"] = status
    return {"type": "Feature", "geometry": feature.geometry, "properties": shown}


def layer_style(spec: LayerSpec) -> dict[str, Any]:
    return {"id": spec.id, "kind": spec.kind, "color": spec.color, "palette": spec.palette,
            "draw": kind_of(spec.kind).draw, **kind_of(spec.kind).style}


def derived_from(features: list[Feature], words: Words = ENGLISH) -> str:
    """'approximate, derived from N settlements' for a control layer (N as its first period counts them)."""
    first = min((f.valid_from for f in features if f.valid_from), default=None)
    count = sum(int(f.properties.get("settlements", 0)) for f in features if f.valid_from == first)
    return words.t("legend.derived", count=words.number(count)) if count else words.t("legend.approximate")


def control_label(situation: Situation | None, controller: str, words: Words = ENGLISH) -> str:
    """A controller's legend row: the story's label, marked approximate (the areas are derived)."""
    return words.t("legend.approx", label=situation.label(controller) if situation else controller)


def legend_items(specs: list[LayerSpec], features: dict[str, list[Feature]] | None = None,
                 situation: Situation | None = None, words: Words = ENGLISH) -> list[dict[str, str]]:
    """Legend rows: one per layer; a control layer gets one per controller, posts one for 'behind the lines'.

    Each row names its layer (and controller), so the map can list only what is on it on the shown date.
    """
    items: list[dict[str, str]] = []
    for spec in specs:
        if kind_of(spec.kind).by_controller:
            items += [{"title": control_label(situation, c, words), "color": color, "kind": spec.kind, "layer": spec.id,
                       "controller": c} for c, color in spec.palette.items()]
            items[-1]["note"] = derived_from((features or {}).get(spec.id, []), words)
            continue
        items.append({"title": spec.title, "color": spec.color, "kind": spec.kind, "layer": spec.id})
        if kind_of(spec.kind).draw == "marker":  # a post's second state: behind the situation's lines
            items.append({"title": situation.behind_label if situation else words.t("legend.behind_default"),
                          "color": spec.color, "kind": f"{spec.kind} behind", "state": "behind",
                          "layer": spec.id})
    return items


def story_center(story: Story) -> tuple[float, float]:
    """(lat, lon) the map opens on before it frames the first date: the middle of the story's ground."""
    west, south, east, north = ground(story) or story.extent
    return (south + north) / 2, (west + east) / 2


def base_map(links: AssetLinks | None = None, center: tuple[float, float] = (0.0, 0.0)) -> folium.Map:
    """The fixed part of every map: no tiles, no data; the story's CSS and the JS helpers (js/*.js).

    The app serves Leaflet from its static folder (`served_links`); the offline export passes empty links
    and inlines the files itself. The time module (`StoryTime`) then draws the story in the browser.
    """
    links = links or served_links()
    fmap = folium.Map(location=center, zoom_start=STORY_ZOOM, tiles=None, control_scale=True)
    fmap.default_js = list(links.js)
    fmap.default_css = list(links.css)
    cast("Figure", fmap.get_root()).header.add_child(RawElement(CSS), name="story_css")
    ScriptElement(JS_HELPERS).add_to(fmap)
    return fmap


def basemap_title(basemap_id: str, words: Words = ENGLISH, tiles: TileSettings | None = None) -> str:
    """A basemap's name in the reader's language (the catalog's basemap.<id>), unless the deployment named its own."""
    own = basemaps(tiles)[basemap_id].title
    key = f"basemap.{basemap_id}"
    if own != BASEMAPS[basemap_id].title or key not in words.messages():
        return own
    return words.t(key)


def basemap_options(words: Words = ENGLISH, tiles: TileSettings | None = None) -> dict[str, dict[str, Any]]:
    """The tile backgrounds, as the time module switches between them (with the deployment's tiles)."""
    return {b.id: {"title": basemap_title(b.id, words, tiles), "url": b.url, "attribution": b.attribution,
                   "maxZoom": b.max_zoom}
            for b in basemaps(tiles).values()}


def app_map(source: dict[str, Any], center: tuple[float, float] = (0.0, 0.0), words: Words = ENGLISH) -> folium.Map:
    """The app's map: the base map, and the time module booted on the story's payload.

    `source` is `{"url": ...}` (the published payload, fetched once) or `{"payload": ...}` (inlined). It is the
    same on every rerun, so the map is never remounted; what changes reaches it through `sync_group`.
    """
    fmap = base_map(center=center)
    # the payload carries the language's catalog; the options carry what the map needs should it not arrive
    options = {"mode": "app", "basemaps": basemap_options(words), "lang": words.lang, "locale": words.bcp47,
               "direction": words.direction, "messages": {"map.load_error": words.t("map.load_error")}}
    ScriptElement(f"StoryTime.boot({fmap.get_name()}, {js_literal(source)}, {js_literal(options)});").add_to(fmap)
    return fmap


class _SyncScript(MacroElement):
    """Hands the app's state to the running time module; keeps streamlit-folium's list of groups at one."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "window.feature_group = [];"
        "StoryTime.sync({{ this._parent._parent.get_name() }}, {{ this.state }});"
        "{% endmacro %}"
    )

    def __init__(self, state: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca is untyped
        self._name = "StorySync"
        self.state = state


def sync_group(*, layers: list[str], basemap: str, day: date,
               view: tuple[float, float, int] | None) -> folium.FeatureGroup:
    """The app's state for the map, as a tiny feature group (its script is the only thing a rerun may change).

    `day` and `view` are the link's: the map applies them on its first sync only, never when a later rerun
    merely echoes what the reader did in the map.
    """
    group = folium.FeatureGroup(name="story-sync", control=False)
    state: dict[str, Any] = {"layers": layers, "basemap": basemap, "date": day.isoformat(), "view": None}
    if view is not None:
        state["view"] = {"lat": view[0], "lon": view[1], "zoom": view[2]}
    _SyncScript(js_literal(state)).add_to(group)
    return group


def basemap_group(basemap_id: str) -> folium.FeatureGroup:
    """The tile background as a feature group, so switching it does not remount the map."""
    group = folium.FeatureGroup(name="basemap", control=False)
    table = basemaps()
    basemap = table.get(basemap_id, table[DEFAULT_BASEMAP])
    if basemap.url:
        folium.TileLayer(basemap.url, attr=basemap.attribution, name=basemap.title,
                         max_zoom=basemap.max_zoom).add_to(group)
    return group
