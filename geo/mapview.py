"""Build the folium map: a fixed base map, and one dynamic feature group per shown layer.

All escaping happens here and in `js/storymap.js`: data reaches the page only as JSON (with
`<`, `>` and `&` escaped) and the browser puts it on screen with textContent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from geo.assets import AssetLinks, served_links
from geo.model import Feature, LayerSpec, Story
from geo.situation import held_since
from geo.styles import stylesheet
from geo.text import origin
from geo.timeline import format_date, visible_features

JS_HELPERS = (Path(__file__).parent / "js" / "storymap.js").read_text(encoding="utf-8")
CSS = stylesheet("storymap.css")
STORY_CENTER = (36.0, 38.6)  # between Idlib and the north-east: both theatres of the story in view
STORY_ZOOM = 7


@dataclass(frozen=True)
class Basemap:
    """A tile background, or none (the map still reads: vectors do not need tiles)."""

    id: str
    title: str
    url: str = ""
    attribution: str = ""


BASEMAPS = {
    b.id: b
    for b in (
        Basemap("osm", "OpenStreetMap", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'),
        Basemap("light", "Light (CARTO Positron)",
                "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
                '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
                '&copy; <a href="https://carto.com/attributions">CARTO</a>'),
        Basemap("none", "None (no tiles)"),
    )
}
DEFAULT_BASEMAP = "osm"

STYLE_BY_KIND: dict[str, dict[str, Any]] = {
    "zone": {"weight": 2, "fillOpacity": 0.2, "dashArray": None},
    "control": {"weight": 0, "fillOpacity": 0.3, "dashArray": None},
    "line": {"weight": 3, "fillOpacity": 0.0, "dashArray": None},
    "link": {"weight": 2, "fillOpacity": 0.0, "dashArray": "8 6"},
    "post": {"weight": 1, "fillOpacity": 0.9, "dashArray": None},
    "place": {"weight": 1, "fillOpacity": 0.9, "dashArray": None},
}



def js_literal(value: Any) -> str:
    """JSON safe inside a <script> element, and even inside a JS template literal: no markup survives."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("`", "\\u0060"), ("$", "\\u0024"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


class ScriptElement(MacroElement):
    """A MacroElement whose script is JS text already made safe by the caller."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.js }}{% endmacro %}")

    def __init__(self, js: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca is untyped
        self._name = "StoryScript"
        self.js = js


class _LayerScript(MacroElement):
    """One story layer, drawn by `StoryMap.layer` into its parent feature group."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "StoryMap.layer({{ this.data }}, {{ this.style }}, {{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self, data: str, style: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca is untyped
        self._name = "StoryLayer"
        self.data = data
        self.style = style


def feature_dates(feature: Feature) -> str:
    """The feature's time on the map, for its popup."""
    start = format_date(feature.valid_from) if feature.valid_from else None
    end = format_date(feature.valid_to) if feature.valid_to else None
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"From {start}"
    return f"Until {end}" if end else ""


def behind_lines_text(since: date | None) -> str:
    """A post's status on the shown date, for its popup ('' when it is not behind the lines)."""
    return f"Behind government lines since {format_date(since)}" if since else ""


def client_feature(feature: Feature, highlighted: bool, status: str = "") -> dict[str, Any]:
    """The GeoJSON Feature the browser gets: geometry and only the properties it shows."""
    props = feature.properties
    shown = {
        "id": feature.id, "name": feature.name, "dates": feature_dates(feature),
        "summary": props.get("summary", ""), "source": props.get("source", ""),
        "origin": origin(bool(props.get("from_article")), props.get("paragraphs") or ()), "highlight": highlighted,
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
            **STYLE_BY_KIND[spec.kind]}


CONTROL_LABELS = {"government": "Government-held (approx.)", "opposition": "Opposition-held (approx.)"}


def derived_from(features: list[Feature]) -> str:
    """'approximate, derived from N settlements' for a control layer (N as its first period counts them)."""
    first = min((f.valid_from for f in features if f.valid_from), default=None)
    count = sum(int(f.properties.get("settlements", 0)) for f in features if f.valid_from == first)
    return f"approximate, derived from {count} settlements" if count else "approximate"


def legend_items(specs: list[LayerSpec], features: dict[str, list[Feature]] | None = None) -> list[dict[str, str]]:
    """Legend rows: one per layer; a control layer gets one per controller, posts one for 'behind the lines'."""
    items = []
    for spec in specs:
        if spec.kind == "control":
            items += [{"title": CONTROL_LABELS.get(c, c), "color": color, "kind": "control"}
                      for c, color in spec.palette.items()]
            items[-1]["note"] = derived_from((features or {}).get(spec.id, []))
            continue
        items.append({"title": spec.title, "color": spec.color, "kind": spec.kind})
        if spec.kind == "post":
            items.append({"title": "Post behind government lines", "color": spec.color, "kind": "post behind"})
    return items


def base_map(story: Story, links: AssetLinks | None = None, interactive_link: bool = True,
             layers: list[str] | None = None) -> folium.Map:
    """The fixed part of the map: no tiles, no data layers; the legend (of `layers`, default all) and helpers.

    The app serves Leaflet from its static folder (`served_links`); the offline export passes empty links
    and inlines the files itself.
    """
    links = links or served_links()
    fmap = folium.Map(location=STORY_CENTER, zoom_start=STORY_ZOOM, tiles=None, control_scale=True)
    fmap.default_js = list(links.js)
    fmap.default_css = list(links.css)
    cast("Figure", fmap.get_root()).header.add_child(Element(CSS), name="story_css")
    shown = [spec for spec in story.layers if layers is None or spec.id in layers]
    legend = legend_items(shown, story.features)
    name = fmap.get_name()
    js = f"{JS_HELPERS}\nStoryMap.legend({js_literal(legend)}).addTo({name});\n"
    if interactive_link:
        js += f"StoryMap.linkControl({name});\n"
    ScriptElement(js).add_to(fmap)
    return fmap


def basemap_group(basemap_id: str) -> folium.FeatureGroup:
    """The tile background as a feature group, so switching it does not remount the map."""
    group = folium.FeatureGroup(name="basemap", control=False)
    basemap = BASEMAPS.get(basemap_id, BASEMAPS[DEFAULT_BASEMAP])
    if basemap.url:
        folium.TileLayer(basemap.url, attr=basemap.attribution, name=basemap.title, max_zoom=18).add_to(group)
    return group


def layer_group(spec: LayerSpec, features: list[Feature], highlight: set[str],
                status: dict[str, str] | None = None) -> folium.FeatureGroup:
    """One story layer as a feature group of escaped GeoJSON."""
    group = folium.FeatureGroup(name=spec.title, control=False)
    status = status or {}
    data = {"type": "FeatureCollection",
            "features": [client_feature(f, f.id in highlight, status.get(f.id, "")) for f in features]}
    _LayerScript(js_literal(data), js_literal(layer_style(spec))).add_to(group)
    return group


def dynamic_groups(
    story: Story, day: date, layers: list[str], highlight: set[str], basemap_id: str
) -> list[folium.FeatureGroup]:
    """Everything that changes with the date, the toggles or the basemap."""
    groups = [basemap_group(basemap_id)]
    shown = visible_features(story, day, layers)
    status = {pid: behind_lines_text(held_since(spans, day)) for pid, spans in story.government_held.items()}
    for spec in story.layers:
        if shown.get(spec.id):  # a layer with nothing on this date sends nothing
            groups.append(layer_group(spec, shown[spec.id], highlight, status))
    return groups
