"""The deployment's tiles (STORY_TILES_*): read in one place, checked, and used by the app's map, export and site."""

from __future__ import annotations

import json
import re

import folium
import pytest

from geo.__main__ import main
from geo.render import mapview
from geo.render.tiles import DEFAULT_TILES, TileSettings, TileSettingsError, tile_settings
from tests.conftest import FIXTURES

OWN = {"STORY_TILES_URL": "https://tiles.newsroom.example/osm/{z}/{x}/{y}.png",
       "STORY_TILES_ATTRIBUTION": "Tiles © Newsroom <Maps> & OpenStreetMap contributors",
       "STORY_TILES_MAX_ZOOM": "16", "STORY_TILES_TITLE": "Newsroom streets"}


def test_unset_or_empty_keeps_todays_tiles() -> None:
    assert tile_settings({}) == DEFAULT_TILES
    assert tile_settings(dict.fromkeys(OWN, "  ")) == DEFAULT_TILES
    assert mapview.basemaps(tile_settings({})) == mapview.BASEMAPS
    assert DEFAULT_TILES.url == "https://tile.openstreetmap.org/{z}/{x}/{y}.png" and DEFAULT_TILES.max_zoom == 18


def test_good_values_are_taken_and_the_attribution_is_text_not_markup() -> None:
    tiles = tile_settings(OWN)
    assert tiles == TileSettings(url=OWN["STORY_TILES_URL"], max_zoom=16, title="Newsroom streets",
                                 attribution="Tiles © Newsroom &lt;Maps&gt; &amp; OpenStreetMap contributors")
    options = mapview.basemap_options(tiles=tiles)
    assert options["osm"] == {"title": "Newsroom streets", "url": OWN["STORY_TILES_URL"],
                              "attribution": tiles.attribution, "maxZoom": 16}
    assert options["light"] == {"title": mapview.BASEMAPS["light"].title, "url": mapview.BASEMAPS["light"].url,
                                "attribution": mapview.BASEMAPS["light"].attribution, "maxZoom": 18}


@pytest.mark.parametrize("url", ["https://{s}.tiles.example/{z}/{x}/{y}{r}.png", "http://10.0.0.5:8080/{z}/{x}/{-y}.png"])
def test_leaflet_templates_with_subdomains_retina_and_tms_are_taken(url: str) -> None:
    assert tile_settings({"STORY_TILES_URL": url}).url == url


@pytest.mark.parametrize(("variable", "value", "why"), [
    ("STORY_TILES_URL", "ftp://tiles.example/{z}/{x}/{y}.png", "https://"),
    ("STORY_TILES_URL", "javascript:alert(1)//{z}/{x}/{y}", "https://"),
    ("STORY_TILES_URL", "tiles.example/{z}/{x}/{y}.png", "https://"),
    ("STORY_TILES_URL", "https://tiles.example/{z}/{x}.png", "{y}"),
    ("STORY_TILES_URL", "https://tiles.example/tile.png", "{z}, {x}, {y}"),
    ("STORY_TILES_URL", 'https://tiles.example/{z}/{x}/{y}.png"><script>', "quotes"),
    ("STORY_TILES_MAX_ZOOM", "eighteen", "not an integer"),
    ("STORY_TILES_MAX_ZOOM", "17.5", "not an integer"),
    ("STORY_TILES_MAX_ZOOM", "0", "out of range"),
    ("STORY_TILES_MAX_ZOOM", "99", "out of range"),
    ("STORY_TILES_ATTRIBUTION", "line one\nline two", "one line"),
    ("STORY_TILES_TITLE", "x" * 400, "at most"),
])
def test_a_bad_value_is_an_error_naming_the_variable_and_the_value(variable: str, value: str, why: str) -> None:
    with pytest.raises(TileSettingsError) as caught:
        tile_settings({variable: value})
    message = str(caught.value)
    assert message.startswith(f"{variable}={value!r}: ") and why in message


def test_the_app_map_the_export_map_and_a_folium_group_use_the_settings(monkeypatch) -> None:
    for name, value in OWN.items():
        monkeypatch.setenv(name, value)
    html = mapview.app_map({"url": "/x.json"}).get_root().render()
    match = re.search(r"StoryTime\.boot\(map_\w+, \{.*?\}, (\{.*\})\);", html)
    assert match
    options = json.loads(match.group(1))
    assert options["basemaps"]["osm"]["url"] == OWN["STORY_TILES_URL"] and options["basemaps"]["osm"]["maxZoom"] == 16
    group = folium.Map(tiles=None).add_child(mapview.basemap_group("osm")).get_root().render()
    assert "tiles.newsroom.example" in group and '"maxZoom": 16' in group
    assert "<Maps>" not in html + group  # the attribution arrives as text


def test_the_commands_refuse_a_bad_setting_naming_it(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.setenv("STORY_TILES_MAX_ZOOM", "lots")
    story = str(FIXTURES / "mini")
    assert main(["export", "-o", str(tmp_path / "x.html"), "--story", story]) == 2
    assert main(["site", str(tmp_path / "site"), "--story", story]) == 2
    err = capsys.readouterr().err
    assert err.count("STORY_TILES_MAX_ZOOM='lots': not an integer") == 2
    assert not (tmp_path / "x.html").exists() and not (tmp_path / "site").exists()


def test_the_js_takes_the_zoom_limit_from_the_payload() -> None:
    js = mapview.JS_HELPERS
    assert "maxZoom: basemap.maxZoom" in js
    assert not re.search(r"tileLayer\([^)]*maxZoom: \d", js)
