from __future__ import annotations

import json
import re
from datetime import date

import folium
import pytest

from geo.load.story import load_story
from geo.render import mapview
from tests.conftest import FIXTURES

HOSTILE = "<img src=x onerror=alert(1)>`${document.title='x'}`</script><b>"


def test_base_map_loads_leaflet_from_the_app_not_a_cdn() -> None:
    html = mapview.base_map().get_root().render()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert scripts[0] == "/app/static/vendor/leaflet/leaflet.js"
    assert styles[0] == "/app/static/vendor/leaflet/leaflet.css"
    assert all(link.startswith("/app/static/vendor/") for link in scripts + styles)
    assert "cdn" not in html.lower()


def test_base_map_carries_the_helpers_and_no_data() -> None:
    html = mapview.base_map().get_root().render()
    assert "window.StoryMap" in html and "window.StoryTime" in html
    assert "StoryTime.boot(" not in html and "StoryTime.sync(" not in html


def test_app_map_boots_the_time_module_on_its_source_and_the_basemaps() -> None:
    html = mapview.app_map({"url": "/app/static/story/abc.json"}).get_root().render()
    match = re.search(r'StoryTime\.boot\(map_\w+, (\{.*?\}), (\{.*\})\);', html)
    assert match, html[-800:]
    assert json.loads(match.group(1)) == {"url": "/app/static/story/abc.json"}
    options = json.loads(match.group(2))
    assert options["mode"] == "app"
    assert set(options["basemaps"]) == set(mapview.BASEMAPS)


def sync_script(**overrides: object) -> dict:
    fmap = mapview.base_map()
    args: dict = {"layers": ["towns"], "basemap": "none", "day": date(2020, 1, 10), "view": None} | overrides
    mapview.sync_group(**args).add_to(fmap)
    html = fmap.get_root().render()
    match = re.search(r"window\.feature_group = \[\];StoryTime\.sync\(map_\w+, (\{.*?\})\);", html)
    assert match, html[-800:]
    return json.loads(match.group(1))


def test_sync_group_hands_the_links_state() -> None:
    assert sync_script() == {"layers": ["towns"], "basemap": "none", "date": "2020-01-10", "view": None}
    state = sync_script(view=(35.9, 36.6, 9), layers=[])
    assert (state["view"], state["layers"]) == ({"lat": 35.9, "lon": 36.6, "zoom": 9}, [])


def test_sync_group_is_inert_json_whatever_the_layer_names() -> None:
    state = sync_script(layers=[HOSTILE])
    assert state["layers"] == [HOSTILE]
    fmap = mapview.base_map()
    mapview.sync_group(layers=[HOSTILE], basemap="none", day=date(2020, 1, 10), view=None).add_to(fmap)
    html = fmap.get_root().render()
    assert "<img" not in html and "</script><b>" not in html and "`${" not in html


@pytest.mark.parametrize(("basemap", "expected"), [("osm", "tile.openstreetmap.org"),
                                                    ("light", "basemaps.cartocdn.com"), ("none", None)])
def test_basemap_group(basemap: str, expected: str | None) -> None:
    html = folium.Map(tiles=None).add_child(mapview.basemap_group(basemap)).get_root().render()
    tile_layers = re.findall(r'L\.tileLayer\(\s*"([^"]+)"', html)
    if expected is None:
        assert tile_layers == []
    else:
        assert len(tile_layers) == 1
        assert expected in tile_layers[0]


def test_js_literal_escapes_markup_and_line_separators() -> None:
    text = mapview.js_literal({"a": "</script>&\u2028`${x}"})
    assert text == '{"a":"\\u003c/script\\u003e\\u0026\\u2028\\u0060\\u0024{x}"}'
    assert json.loads(text) == {"a": "</script>&\u2028`${x}"}


def test_helpers_put_data_on_screen_with_text_content_only() -> None:
    js = mapview.JS_HELPERS
    assert "innerHTML" not in js
    assert "textContent" in js


def test_feature_dates_and_origin() -> None:
    story = load_story(FIXTURES / "mini")
    zone = story.features["zones"][0]
    assert mapview.feature_dates(zone) == "1 January 2019 – 31 December 2019"
    assert mapview.client_feature(zone, highlighted=False)["properties"]["origin"] == "From the article, para. 2"
    from geo.render.text import event_origin

    card = next(e for e in story.events if e.from_article)
    assert event_origin(card) == "From the article, para. " + ", ".join(map(str, card.paragraphs))
    town = story.features["towns"][0]
    assert mapview.client_feature(town, highlighted=False)["properties"]["origin"].startswith("Background context")


def test_legend_says_the_control_areas_are_approximate_and_from_how_many_settlements() -> None:
    from geo.render.mapview import legend_items
    from tests.conftest import DATA

    story = load_story(DATA)
    assert story.situation is not None
    items = legend_items(story.layers, story.features, story.situation)
    control = [i for i in items if i["kind"] == "control"]
    controllers = story.situation.controllers
    assert [i["title"] for i in control] == [f"{c.label} (approx.)" for c in controllers]
    settlements = (DATA / "control" / "settlements.csv").read_text(encoding="utf-8").count("\n") - 1
    assert control[-1]["note"] == f"approximate, derived from {settlements} settlements"
    assert [(i["layer"], i["controller"], i["color"]) for i in control] == [("control", c.id, c.color)
                                                                          for c in controllers]
    assert all(i["layer"] in {spec.id for spec in story.layers} for i in items)  # each row names its layer
    assert any(i["kind"] == "post behind" for i in items)
