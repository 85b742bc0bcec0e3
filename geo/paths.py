"""Where the project's files are, in one place: every module that needs a folder or a layer's path asks here."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # geo/
PROJECT = PACKAGE.parent  # the checkout (or the image's /app)
JS_DIR = PACKAGE / "js"  # the map's own JS parts
CSS_DIR = PACKAGE / "css"
LOCALES_DIR = PACKAGE / "locales"  # one message catalog per reader language (geo/languages.py)
NODE_MODULES = PROJECT / "node_modules"  # npm ci installs the pinned front-end packages here
STATIC = PROJECT / "static"  # Streamlit serves it at /app/static
STORIES = PROJECT / "stories"


def layer_file(layer_id: str) -> str:
    """Where a layer's GeoJSON lives in a story folder."""
    return f"layers/{layer_id}.geojson"
