from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import folium
import pytest

from geo import mapview
from geo.story import load_story
from tests.conftest import FIXTURES, edit_feature

HOSTILE = "<img src=x onerror=alert(1)>`${document.title='x'}`</script><b>"


def render_groups(story, day: date, layers: list[str], highlight: frozenset[str] = frozenset(),
                  basemap: str = "none") -> str:
    fmap = mapview.base_map(story)
    for group in mapview.dynamic_groups(story, day, layers, set(highlight), basemap):
        group.add_to(fmap)
    return fmap.get_root().render()


def layer_payloads(html: str) -> list[dict]:
    """The GeoJSON each StoryMap.layer call receives, parsed back from the page."""
    return [json.loads(m) for m in re.findall(r"StoryMap\.layer\((\{.*?\}), \{\"id\"", html)]


def test_base_map_loads_leaflet_from_the_app_not_a_cdn() -> None:
    html = mapview.base_map(load_story(FIXTURES / "mini")).get_root().render()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert scripts == ["/app/static/vendor/leaflet/leaflet.js"]
    assert styles == ["/app/static/vendor/leaflet/leaflet.css"]
    assert "cdn" not in html.lower()


def test_base_map_has_no_data_layers_and_a_legend_of_every_layer() -> None:
    html = mapview.base_map(load_story(FIXTURES / "mini")).get_root().render()
    assert "StoryMap.layer(" not in html
    assert 'StoryMap.legend([{"title":"Zones","color":"#d62728","kind":"zone"},' in html


def test_groups_hold_only_what_exists_on_the_day() -> None:
    story = load_story(FIXTURES / "mini")
    html = render_groups(story, date(2018, 1, 1), ["zones", "towns"])
    ids = [[f["properties"]["id"] for f in p["features"]] for p in layer_payloads(html)]
    assert ids == [["town-a"]]  # the zone does not exist yet: its layer sends nothing
    html = render_groups(story, date(2019, 6, 1), ["zones", "towns"])
    assert [[f["properties"]["id"] for f in p["features"]] for p in layer_payloads(html)] == [["zone-a"], ["town-a"]]


def test_toggled_off_layer_is_not_sent() -> None:
    html = render_groups(load_story(FIXTURES / "mini"), date(2020, 1, 10), ["towns"])
    assert '"id":"zones"' not in html
    assert '"id":"towns"' in html


def test_highlight_marks_the_event_features() -> None:
    html = render_groups(load_story(FIXTURES / "mini"), date(2020, 1, 10), ["towns"], frozenset({"town-b"}))
    props = {f["properties"]["id"]: f["properties"]["highlight"] for f in layer_payloads(html)[0]["features"]}
    assert props == {"town-a": False, "town-b": True}


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


def test_hostile_strings_reach_the_page_only_as_inert_json(mini_copy: Path) -> None:
    edit_feature(mini_copy, "towns", 0, name=HOSTILE, summary=HOSTILE, source=HOSTILE)
    html = render_groups(load_story(mini_copy), date(2020, 1, 10), ["towns"])
    assert "<img" not in html
    assert "</script><b>" not in html
    assert "`${" not in html  # inert even if a template literal ever wrapped the JSON
    town = layer_payloads(html)[0]["features"][0]["properties"]
    assert (town["name"], town["summary"], town["source"]) == (HOSTILE, HOSTILE, HOSTILE)


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
    from geo.text import event_origin

    card = next(e for e in story.events if e.from_article)
    assert event_origin(card) == "From the article, para. " + ", ".join(map(str, card.paragraphs))
    town = story.features["towns"][0]
    assert mapview.client_feature(town, highlighted=False)["properties"]["origin"].startswith("Background context")


def test_legend_says_the_control_areas_are_approximate_and_from_how_many_settlements() -> None:
    from geo.mapview import legend_items
    from tests.conftest import DATA

    story = load_story(DATA)
    items = legend_items(story.layers, story.features)
    control = [i for i in items if i["kind"] == "control"]
    assert [i["title"] for i in control] == ["Government-held (approx.)", "Opposition-held (approx.)"]
    assert control[-1]["note"] == "approximate, derived from 87 settlements"
    assert any(i["kind"] == "post behind" for i in items)
