"""What the map's JS (js/storytime.js and its parts) receives: every feature once, with its dates, and the stops.

The app, the offline export and the static site all send this one payload; the browser applies the date, so
moving through time costs the server nothing. In the app the payload is published as a static file named by
its content (`publish`), fetched once by the browser and cached, instead of riding on every rerun.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from shapely.geometry import shape

from geo.load.situation import held_since
from geo.load.timeline import after_article, events_on, stops
from geo.model import Story
from geo.paths import STATIC
from geo.render import mapview
from geo.render.region import far_ids
from geo.render.text import event_date, event_origin
from geo.render.toll import claim_on, toll_on
from geo.render.words import ENGLISH, Words

STORY_STATIC = STATIC / "story"
SERVED_PREFIX = "/app/static/story"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def layer_payload(story: Story, layer_ids: list[str] | None = None, words: Words = ENGLISH) -> list[dict[str, Any]]:
    """Per layer (story order): its style, title and every feature with `valid_from` / `valid_to`.

    A feature far from the story's ground (geo/render/region.py) says so (`far`): the map does not frame it, and
    points to it from its edge when it is off screen.
    """
    far = far_ids(story)
    out = []
    for spec in story.layers:
        if layer_ids is not None and spec.id not in layer_ids:
            continue
        features = []
        for feature in story.features.get(spec.id, []):
            client = mapview.client_feature(feature, highlighted=False, words=words)
            client["properties"] |= {"valid_from": _iso(feature.valid_from), "valid_to": _iso(feature.valid_to)}
            if feature.id in far:
                client["properties"]["far"] = True
            features.append(client)
        out.append({"style": mapview.layer_style(spec), "title": spec.title, "features": features})
    return out


def toll_payload(story: Story, day: date, words: Words = ENGLISH) -> dict[str, Any]:
    """The card's toll on `day`: each series' latest figure and the latest claim, all attributed."""
    claim = claim_on(story, day)
    return {
        "figures": [{"title": t.title, "value": t.value, "source": t.attribution} for t in toll_on(story, day, words)],
        "claim": None if claim is None else {"who": claim.who, "date": words.day(claim.date),
                                             "summary": claim.summary, "source": claim.source},
    }


PRECISIONS = ("day", "month", "year")  # finest first


def stop_label(story: Story, day: date, words: Words = ENGLISH) -> str:
    """The slider's label for a stop: as precise as the finest event on it ('2014' for a year's event)."""
    finest = min((e.precision for e in events_on(story, day)), key=PRECISIONS.index, default="day")
    return words.day(day, finest)


def stop_payload(story: Story, words: Words = ENGLISH) -> list[dict[str, Any]]:
    """One entry per slider stop: its label, whether it is after the article, its events and posts' status."""
    return [
        {"date": d.isoformat(), "label": stop_label(story, d, words), "after": after_article(story.article.date, d),
         "events": [{"title": e.title, "summary": e.summary, "origin": event_origin(e, words), "source": e.source,
                     "features": list(e.features), "date": event_date(e, words)} for e in events_on(story, d)],
         "status": {pid: mapview.behind_lines_text(story.situation, held_since(spans, d), words)
                    for pid, spans in story.behind_lines.items() if held_since(spans, d)},
         "toll": toll_payload(story, d, words)}
        for d in stops(story)
    ]


def overview_bounds(story: Story) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the story's areas and lines: where a date without features opens."""
    boxes = [shape(f.geometry).bounds for features in story.features.values() for f in features
             if f.geometry.get("type") not in ("Point", "MultiPoint")]
    if not boxes:
        boxes = [shape(f.geometry).bounds for features in story.features.values() for f in features]
    if not boxes:
        return None
    return [[min(b[1] for b in boxes), min(b[0] for b in boxes)], [max(b[3] for b in boxes), max(b[2] for b in boxes)]]


def map_payload(story: Story, layer_ids: list[str] | None = None, words: Words = ENGLISH) -> dict[str, Any]:
    """The payload shared by the app, the export and the static site (without any reader's state), in one language.

    `story` already holds its text in that language (geo.load.translations) and `words` writes the rest.
    """
    specs = [spec for spec in story.layers if layer_ids is None or spec.id in layer_ids]
    return {"title": story.title, "layers": layer_payload(story, layer_ids, words), "stops": stop_payload(story, words),
            "legend": mapview.legend_items(specs, story.features, story.situation, words),
            "overview": overview_bounds(story),
            "behind_label": story.situation.behind_label if story.situation else "", **words.client()}


def payload_text(payload: dict[str, Any]) -> str:
    """The payload as compact JSON (the published file's exact bytes)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def publish(payload: dict[str, Any], folder: Path = STORY_STATIC, prefix: str = SERVED_PREFIX) -> str | None:
    """Write the payload as `<folder>/<sha256 prefix>.json` (once; atomically) and return its URL.

    None when the folder cannot be written (a read-only deployment): the caller then inlines the payload.
    """
    text = payload_text(payload).encode("utf-8")
    name = hashlib.sha256(text).hexdigest()[:20] + ".json"
    target = folder / name
    try:
        if not target.exists() or target.read_bytes() != text:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as tmp:
                tmp.write(text)
            written = Path(tmp.name)
            written.chmod(0o644)  # readable by whoever serves the folder, like the other static files
            written.replace(target)
    except OSError:
        return None
    return f"{prefix}/{name}"
