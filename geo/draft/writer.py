"""Write a draft as a story folder (story.json, layers/places.geojson, layers/areas.geojson, events.json).

The folder is a story folder (format: stories/idlib/README.md), so `geo validate`, `geo export`, `geo site` and the
app read it as they are; `draft.json` beside them holds what the map does not show (actors, unresolved
names, every date reading). The folder must not exist yet: nothing is ever overwritten. It is written
into a temporary sibling first and renamed, so a failed draft leaves no half-written story.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from geo.draft.pipeline import Draft, feature, report
from geo.draft.reader import DraftError

LAYERS = {
    "places": {"title": "Places (draft)", "kind": "place", "color": "#ffd400",
               "description": "Places the article names, drafted for an editor's review."},
    "areas": {"title": "Areas (draft)", "kind": "zone", "color": "#6a1b9a",
              "description": "Zones the article names, from the project's sourced layers; drafted."},
}


def _extent(features: list[dict[str, Any]]) -> list[float] | None:
    points = [f["geometry"]["coordinates"] for f in features if f["geometry"]["type"] == "Point"]
    if not points:
        return None
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    return [max(-180.0, west - 10), max(-90.0, south - 10), min(180.0, east + 10), min(90.0, north + 10)]


def story_files(draft: Draft) -> dict[str, Any]:
    """Relative path -> JSON content of every file of the drafted story folder."""
    features = [feature(draft, place) for place in draft.drawn]
    by_layer = {layer: [f for f in features if f["properties"]["layer"] == layer] for layer in LAYERS}
    names = {f["properties"]["id"]: f["properties"]["name"] for f in features}
    events = [event.to_json(f"draft-{index + 1}-{event.first.iso.replace('/', '-')}",
                            draft.citation(sorted({m.paragraph for m in event.mentions})), draft.date, names)
              for index, event in enumerate(draft.events)]
    layers = [{"id": layer, **spec} for layer, spec in LAYERS.items() if by_layer[layer] or layer == "places"]
    manifest: dict[str, Any] = {
        "title": f"DRAFT: {draft.article.headline}", "draft": True,
        "article": {"publisher": draft.publisher, "date": draft.date.isoformat(),
                    "headline": f"'{draft.article.headline}'", "paragraphs": len(draft.article.paragraphs),
                    "paragraph_rule": "Body paragraphs only: non-empty lines of the article that end a sentence; "
                                      "the headline is not counted."},
        "layers": layers,
    }
    if extent := _extent(features):
        manifest["extent"] = extent
    files: dict[str, Any] = {"story.json": manifest, "events.json": {"events": events}, "draft.json": report(draft)}
    for layer in (spec["id"] for spec in layers):
        files[f"layers/{layer}.geojson"] = {"type": "FeatureCollection", "features": by_layer[layer]}
    return files


def write_folder(draft: Draft, folder: Path) -> list[Path]:
    """Write the story folder; refuses a folder that exists. Returns the files written."""
    return write_files(story_files(draft), folder)


def write_files(files: dict[str, Any], folder: Path) -> list[Path]:
    """Write a story folder's files (relative path -> JSON), all or nothing; refuses a folder that exists."""
    if folder.exists() or folder.is_symlink():
        raise DraftError(f"{folder} already exists; give a new folder (nothing was overwritten)")
    parent = folder.parent
    if not parent.is_dir():
        raise DraftError(f"cannot write {folder}: its parent folder {parent} does not exist")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
    except OSError as exc:
        raise DraftError(f"cannot write into {parent} ({exc.strerror})") from None
    try:
        for relative, content in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(content, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        staging.chmod(0o755)
        staging.rename(folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise DraftError(f"cannot write {folder} ({exc.strerror})") from None
    return [folder / relative for relative in files]
