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
from geo.timeline import format_date, visible_features

JS_HELPERS = (Path(__file__).parent / "js" / "storymap.js").read_text(encoding="utf-8")
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

CSS = """
<style>
.leaflet-container { background: #eef2f5; font: 13px/1.4 system-ui, sans-serif; }
.story-popup-name { font-size: 14px; }
.story-popup-dates, .story-popup-origin, .story-popup-source { color: #555; font-size: 12px; }
.story-popup-summary { margin: 6px 0; }
.story-label { font-weight: 600; }
.story-post { transform: rotate(45deg); border: 2px solid #222; box-sizing: border-box; }
.story-post.story-highlight { border-color: #ff6f00; border-width: 3px; }
.story-post.story-behind { background: #fff !important; border: 3px solid #7f0000; box-shadow: 0 0 0 2px #fff; }
.story-popup-status { color: #7f0000; font-weight: 600; font-size: 12px; }
.story-post-icon { background: none; border: none; }
.story-legend { background: #fff; padding: 4px 8px; line-height: 1.45; font-size: 12px; max-width: 240px; }
.story-legend-row { display: flex; align-items: center; gap: 6px; }
.story-legend-note { color: #444; font-size: 11px; font-style: italic; margin: 0 0 2px 20px; }
.story-swatch { display: inline-block; width: 14px; height: 10px; border: 1px solid #333; opacity: .8; }
.story-swatch-line, .story-swatch-link { height: 3px; border: none; }
.story-swatch-post { width: 9px; height: 9px; transform: rotate(45deg); }
.story-swatch-behind { background: #fff !important; border: 2px solid #7f0000; }
.story-swatch-control { border: none; opacity: .55; }
.story-swatch-place { width: 10px; height: 10px; border-radius: 50%; }
.story-link-button { background: #fff; padding: 4px 8px; cursor: pointer; font: inherit; }
</style>
"""


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
        super().__init__()
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
        super().__init__()
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


def origin_text(props: dict[str, Any]) -> str:
    """'From the article, para. 8' or 'Background context'."""
    if props.get("from_article"):
        paragraphs = props.get("paragraphs") or []
        cited = ", ".join(str(p) for p in paragraphs)
        return f"From the article (para. {cited})" if cited else "From the article"
    return "Background context (not in the article)"


def behind_lines_text(since: date | None) -> str:
    """A post's status on the shown date, for its popup ('' when it is not behind the lines)."""
    return f"Behind government lines since {format_date(since)}" if since else ""


def client_feature(feature: Feature, highlighted: bool, status: str = "") -> dict[str, Any]:
    """The GeoJSON Feature the browser gets: geometry and only the properties it shows."""
    props = feature.properties
    shown = {
        "id": feature.id, "name": feature.name, "dates": feature_dates(feature),
        "summary": props.get("summary", ""), "source": props.get("source", ""),
        "origin": origin_text(props), "highlight": highlighted,
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


def base_map(story: Story, links: AssetLinks | None = None, interactive_link: bool = True) -> folium.Map:
    """The fixed part of the map: no tiles, no data layers; the legend and helpers only."""
    links = links or served_links()
    fmap = folium.Map(location=STORY_CENTER, zoom_start=STORY_ZOOM, tiles=None, control_scale=True)
    fmap.default_js = list(links.js)
    fmap.default_css = list(links.css)
    cast("Figure", fmap.get_root()).header.add_child(Element(CSS), name="story_css")
    legend = legend_items(story.layers, story.features)
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
