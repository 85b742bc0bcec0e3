"""Deployment settings the app reads from the environment (read on every call, so a test can set them).

STORY_DIR           serve this folder as the default story (besides stories/); tests and previews use it
STORY_EDITOR=1      switch the editor's page (`?page=editor`) on; off by default, so readers never reach it
STORY_EDITOR_SAVE=1 let the editor's page write a reviewed draft into stories/ (else it offers a zip only)
STORY_TILES_URL, STORY_TILES_ATTRIBUTION, STORY_TILES_MAX_ZOOM, STORY_TILES_TITLE
                    the default basemap's tile server; read and checked by geo/render/tiles.py, the one place
                    the app, `geo export` and `geo site` all read them from
"""

from __future__ import annotations

import os
from pathlib import Path

from geo.render.tiles import TileSettings, TileSettingsError, tile_settings


def pinned_story() -> Path | None:
    value = os.environ.get("STORY_DIR")
    return Path(value) if value else None


def editor_enabled() -> bool:
    return os.environ.get("STORY_EDITOR") == "1"


def editor_saves() -> bool:
    return editor_enabled() and os.environ.get("STORY_EDITOR_SAVE") == "1"


def tiles() -> TileSettings:
    """The deployment's tiles (geo.render.tiles); TileSettingsError names a bad variable."""
    return tile_settings()


def tiles_problem() -> str | None:
    """Why the tile settings cannot be used, or None: the app says so instead of drawing a map without tiles."""
    try:
        tiles()
    except TileSettingsError as error:
        return str(error)
    return None
