"""A self-contained HTML export: one file with Leaflet inlined, every chosen layer, and a time control.

The file opens from disk with no server and, with basemap "none", no network at all. Escaping follows
the app's rules: data reaches the page only through `js_literal` and is shown with textContent.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any, cast

from branca.element import Element, Figure

from geo import mapview
from geo.assets import STATIC_VENDOR, AssetLinks
from geo.model import Story
from geo.situation import held_since
from geo.text import event_date, event_origin
from geo.timeline import events_on, format_date, snap, stops

TIME_JS = (Path(__file__).parent / "js" / "timecontrol.js").read_text(encoding="utf-8")
EXPORT_CSS = "<style>\n" + (Path(__file__).parent / "css" / "export.css").read_text(encoding="utf-8") + "</style>\n"


def _inline(tag: str, path: Path) -> str:
    """An asset's text inside its tag; refuses text that would close the tag early."""
    text = path.read_text(encoding="utf-8")
    if f"</{tag}" in text.lower():
        raise ValueError(f"{path} contains '</{tag}' and cannot be inlined")
    return f"<{tag}>{text}</{tag}>"


def export_payload(story: Story, day: date, layers: list[str]) -> dict[str, Any]:
    """Everything the page's time control needs: features with their dates, and the stops."""
    chosen = [spec for spec in story.layers if spec.id in layers]
    layer_data = []
    for spec in chosen:
        features = []
        for feature in story.features.get(spec.id, []):
            client = mapview.client_feature(feature, highlighted=False)
            client["properties"] |= {
                "valid_from": feature.valid_from.isoformat() if feature.valid_from else None,
                "valid_to": feature.valid_to.isoformat() if feature.valid_to else None,
            }
            features.append(client)
        layer_data.append({"style": mapview.layer_style(spec), "features": features})
    all_stops = stops(story)
    stop_data = [
        {"date": d.isoformat(), "label": format_date(d), "events": [
            {"title": e.title, "summary": e.summary, "origin": event_origin(e), "source": e.source,
             "features": list(e.features), "date": event_date(e)}
            for e in events_on(story, d)],
         "status": {pid: mapview.behind_lines_text(held_since(spans, d))
                    for pid, spans in story.government_held.items() if held_since(spans, d)}}
        for d in all_stops
    ]
    return {"layers": layer_data, "stops": stop_data, "start": all_stops.index(snap(day, all_stops))}


def export_html(story: Story, day: date, layers: list[str], basemap: str = "none",
                vendor: Path = STATIC_VENDOR) -> str:
    """The whole page as a string."""
    fmap = mapview.base_map(story, AssetLinks(js=(), css=()), interactive_link=False, layers=layers)
    root = cast("Figure", fmap.get_root())
    root.header.add_child(Element(_inline("style", vendor / "leaflet" / "leaflet.css")), name="leaflet_css")
    root.header.add_child(Element(_inline("script", vendor / "leaflet" / "leaflet.js")), name="leaflet_js")
    root.header.add_child(Element(EXPORT_CSS), name="export_css")
    root.title = html.escape(story.title)  # branca puts it in <title> as is
    mapview.basemap_group(basemap).add_to(fmap)
    payload = mapview.js_literal(export_payload(story, day, layers))
    mapview.ScriptElement(f"{TIME_JS}\nStoryTime.start({fmap.get_name()}, {payload});\n").add_to(fmap)
    return root.render()
