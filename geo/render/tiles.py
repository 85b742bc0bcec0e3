"""The deployment's map tiles: one place that reads them from the environment, for the app, export and site.

A newsroom may have to serve tiles from its own server (a closed network, a paid provider, a usage policy), so
the default basemap's tile address, attribution, zoom limit and name are deployment settings, not code:

STORY_TILES_URL          a Leaflet URL template, http(s) with {z}, {x} and {y} ({-y} for TMS, {s} and {r} too)
STORY_TILES_ATTRIBUTION  the credit line shown on the map, plain text (it is escaped: no markup gets through)
STORY_TILES_MAX_ZOOM     the deepest zoom level the server has tiles for, an integer from 1 to 24
STORY_TILES_TITLE        the basemap's name in the switchers

Unset or empty, each keeps today's value (OpenStreetMap's own tile server). A bad value raises
`TileSettingsError` naming the variable and quoting the value, so a deployment fails at start instead of
showing a map with no background.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

URL_VARIABLE = "STORY_TILES_URL"
ATTRIBUTION_VARIABLE = "STORY_TILES_ATTRIBUTION"
MAX_ZOOM_VARIABLE = "STORY_TILES_MAX_ZOOM"
TITLE_VARIABLE = "STORY_TILES_TITLE"
VARIABLES = (URL_VARIABLE, ATTRIBUTION_VARIABLE, MAX_ZOOM_VARIABLE, TITLE_VARIABLE)
MAX_ZOOM_RANGE = (1, 24)
MAX_TEXT = 300  # an attribution or a name longer than this is a mistake, not a credit line
# Characters a URL template never needs and that would only matter to an attacker or a typo.
_UNSAFE = re.compile(r"[\s\"'<>`\\]")


class TileSettingsError(ValueError):
    """A tile setting that cannot be used; the message names the variable and quotes its value."""


@dataclass(frozen=True)
class TileSettings:
    """The default basemap's tiles. `attribution` is HTML, ready for Leaflet (which inserts it as markup)."""

    url: str
    attribution: str
    max_zoom: int
    title: str


DEFAULT_TILES = TileSettings(
    url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    attribution='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    max_zoom=18,
    title="OpenStreetMap",
)


def _fail(variable: str, value: str, why: str) -> TileSettingsError:
    return TileSettingsError(f"{variable}={value!r}: {why}")


def checked_url(value: str) -> str:
    """A tile URL template Leaflet can use, or TileSettingsError naming STORY_TILES_URL."""
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise _fail(URL_VARIABLE, value, "the tile address must start with https:// (or http://) and name a host")
    if _UNSAFE.search(value):
        raise _fail(URL_VARIABLE, value, "the tile address may not hold spaces, quotes, '<', '>', '`' or '\\'")
    missing = [part for part in ("{z}", "{x}") if part not in value]
    if "{y}" not in value and "{-y}" not in value:
        missing.append("{y}")
    if missing:
        needed = ", ".join(missing)
        raise _fail(URL_VARIABLE, value, f"the tile address needs {needed} (e.g. .../{{z}}/{{x}}/{{y}}.png)")
    return value


def checked_max_zoom(value: str) -> int:
    """The tile server's deepest zoom, or TileSettingsError naming STORY_TILES_MAX_ZOOM."""
    low, high = MAX_ZOOM_RANGE
    try:
        zoom = int(value.strip())
    except ValueError:
        raise _fail(MAX_ZOOM_VARIABLE, value, f"not an integer (a zoom level from {low} to {high})") from None
    if not low <= zoom <= high:
        raise _fail(MAX_ZOOM_VARIABLE, value, f"out of range: a zoom level from {low} to {high}")
    return zoom


def checked_text(variable: str, value: str) -> str:
    """A one-line plain text (attribution, name) of a sensible length; line breaks are refused."""
    if len(value) > MAX_TEXT or re.search(r"[\x00-\x1f\x7f]", value):
        raise _fail(variable, value, f"one line of plain text, at most {MAX_TEXT} characters")
    return value.strip()


def tile_settings(environ: Mapping[str, str] | None = None) -> TileSettings:
    """The tiles the deployment asks for (`environ`, else the process's environment); today's where unset.

    Read on every call, so the app picks up the environment it runs in and a test can set it.
    """
    env = os.environ if environ is None else environ
    given = {name: env.get(name, "") for name in VARIABLES if env.get(name, "").strip()}
    tiles = DEFAULT_TILES
    if URL_VARIABLE in given:
        tiles = replace(tiles, url=checked_url(given[URL_VARIABLE].strip()))
    if ATTRIBUTION_VARIABLE in given:
        text = checked_text(ATTRIBUTION_VARIABLE, given[ATTRIBUTION_VARIABLE])
        tiles = replace(tiles, attribution=html.escape(text, quote=True))
    if MAX_ZOOM_VARIABLE in given:
        tiles = replace(tiles, max_zoom=checked_max_zoom(given[MAX_ZOOM_VARIABLE]))
    if TITLE_VARIABLE in given:
        tiles = replace(tiles, title=checked_text(TITLE_VARIABLE, given[TITLE_VARIABLE]))
    return tiles
