"""What a reader can take away: the visible features as GeoJSON and the timeline as CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from geo.model import Story
from geo.timeline import visible_features

CSV_COLUMNS = ("date", "precision", "title", "summary", "from_article", "paragraphs", "features", "source",
               "date_source")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def visible_geojson(story: Story, day: date, layers: list[str]) -> str:
    """An RFC 7946 FeatureCollection of what the map shows on `day` with `layers` switched on."""
    features = [
        {"type": "Feature", "geometry": f.geometry, "properties": f.properties}
        for layer_features in visible_features(story, day, layers).values() for f in layer_features
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text, never evaluates as a formula."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def timeline_csv(story: Story) -> str:
    """The story's events, one row each, oldest first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for event in story.events:
        writer.writerow([_cell(v) for v in (
            event.date.isoformat(), event.precision, event.title, event.summary,
            "yes" if event.from_article else "no", " ".join(map(str, event.paragraphs)),
            " ".join(event.features), event.source, event.date_source,
        )])
    return out.getvalue()
