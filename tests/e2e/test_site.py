"""The static site (`python -m geo site`) served by Debian's nginx with deploy/nginx/static-site.conf, in Chromium.

The page must read the app's link parameters (date, layers, basemap, view), show bad values as notices, and
keep the address bar in step with the reader, so a copied link reopens the same view.
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Dialog, Page, expect

from geo.load.story import load_story
from geo.render.site import build_site
from harness.nginx import static_nginx
from tests.conftest import DATA, in_languages
from tests.e2e.proxy import require_nginx

TILE_HOSTS = ("tile.openstreetmap.org", "basemaps.cartocdn.com")

@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_nginx()
    workdir = tmp_path_factory.mktemp("static-site")
    build_site(in_languages(load_story(DATA), "en", "ar"), workdir / "site", base_url="https://maps.example.org/idlib/")
    with static_nginx(workdir / "site", workdir) as url:
        yield url


DRAWN = """() => {
  const out = {};
  window.map.eachLayer(layer => {
    if (!layer.options || !layer.options.storyLayer) return;
    let shown = 0;  // a layer's group holds one group per feature, drawn once and kept
    layer.eachLayer(feature => feature.eachLayer(f => {
      const node = f._path || f._icon;
      if (node && document.contains(node)) shown += 1;
    }));
    out[layer.options.storyLayer] = (out[layer.options.storyLayer] || 0) + shown;
  });
  return out;
}"""
VIEW = "() => { const c = window.map.getCenter(); return [c.lat, c.lng, window.map.getZoom()]; }"


def open_site(page: Page, url: str) -> list[str]:
    """Open a link of the site; return the list that collects the tile requests from now on."""
    tiles: list[str] = []
    page.on("request", lambda r: tiles.append(r.url) if any(h in r.url for h in TILE_HOSTS) else None)
    page.goto(url)
    page.wait_for_function("() => window.map && window.map._loaded")
    return tiles


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def test_link_opens_its_date_layers_basemap_and_view(page: Page, site_url: str, console_errors: list[str]) -> None:
    tiles = open_site(page, f"{site_url}/?date=2019-10-23&layers=buffer_zone,border&basemap=none"
                            "&lat=36.8&lon=40.1&z=8")
    expect(page.locator(".story-time-date")).to_have_text("23 October 2019")
    expect(page.locator(".story-time-title").first).to_be_visible()
    drawn = page.evaluate(DRAWN)
    assert set(drawn) == {"buffer_zone", "border"}, drawn
    assert all(count > 0 for count in drawn.values()), drawn
    expect(page.locator(".story-post-icon")).to_have_count(0)  # observation posts are off
    assert page.evaluate(VIEW) == pytest.approx([36.8, 40.1, 8])
    expect(page.locator(".story-notice")).to_have_count(0)
    checked = page.locator(".story-switch-layer:checked")
    expect(checked).to_have_count(2)
    assert sorted(checked.evaluate_all("els => els.map(e => e.value)")) == ["border", "buffer_zone"]
    expect(page.locator(".story-switch-basemap:checked")).to_have_value("none")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert tiles == []  # basemap none: not one tile request (a tile layer would have asked by now)
    expect(page.locator(".leaflet-tile")).to_have_count(0)
    assert console_errors == []


def test_slider_and_pan_update_the_address_and_the_link_reopens_it(page: Page, site_url: str,
                                                                    console_errors: list[str]) -> None:
    open_site(page, f"{site_url}/?date=2019-10-23&layers=buffer_zone,border&basemap=none&lat=36.8&lon=40.1&z=8")
    page.locator(".story-time-range").fill("0")  # drag to the start
    expect(page.locator(".story-time-date")).to_have_text("4 May 2017")
    expect(page).to_have_url(re.compile(r"[?&]date=2017-05-04(&|$)"))
    assert "layers=buffer_zone,border" in page.url  # commas kept readable, as geo.render.share.link writes them
    assert query(page) == {"date": ["2017-05-04"], "layers": ["buffer_zone,border"], "basemap": ["none"],
                           "lat": ["36.80000"], "lon": ["40.10000"], "z": ["8"]}
    page.locator(".story-time-next").click()
    expect(page.locator(".story-time-date")).not_to_have_text("4 May 2017")
    shown = page.locator(".story-time-date").text_content()
    expect(page).not_to_have_url(re.compile(r"date=2017-05-04"))
    box = page.locator(".folium-map").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 150, y + 80, steps=8)
    page.mouse.up()
    expect(page).not_to_have_url(re.compile(r"lon=40\.10000"))
    before = page.evaluate(VIEW)
    link = page.url
    again = page.context.new_page()
    open_site(again, link)
    expect(again.locator(".story-time-date")).to_have_text(shown or "")
    assert again.evaluate(VIEW) == pytest.approx(before, abs=1e-4)
    assert set(again.evaluate(DRAWN)) <= {"buffer_zone", "border"}
    expect(again.locator(".story-notice")).to_have_count(0)
    assert console_errors == []


def test_toggles_switch_layers_and_basemap_and_reach_the_address(page: Page, site_url: str,
                                                                  console_errors: list[str]) -> None:
    tiles = open_site(page, f"{site_url}/?date=2018-02-15&layers=border&basemap=none")
    page.locator(".story-switch-layer[value=observation_posts]").check()
    expect(page.locator(".story-post-icon")).to_have_count(6)
    page.locator(".story-switch-basemap[value=light]").check()
    expect(page).to_have_url(re.compile(r"basemap=light"))
    assert sorted(query(page)["layers"][0].split(",")) == ["border", "observation_posts"]
    expect(page.locator(".leaflet-tile").first).to_be_attached()
    assert tiles and all("basemaps.cartocdn.com" in t for t in tiles)
    assert console_errors == []  # the deploy file's Content-Security-Policy lets the tiles in


def test_bad_values_show_notices_and_the_defaults(page: Page, site_url: str, console_errors: list[str]) -> None:
    open_site(page, f"{site_url}/?date=not-a-date&z=x&layers=nope&basemap=none")
    expect(page.locator(".story-notice")).to_have_text([
        "Ignored date 'not-a-date': not an ISO date (YYYY-MM-DD).",
        "Ignored unknown layers: 'nope'.",
        "Ignored the map view: lat, lon and z must all be numbers.",
    ])
    expect(page.locator(".story-time-date")).to_have_text("4 February 2020")  # the article's date
    assert page.evaluate(DRAWN) == {}  # as in the app: a layer list with no known layer shows none
    # no usable view: the map frames the date's event (its features inside the map), as the app does
    assert page.evaluate("() => window.map.getBounds().contains(window.storyTime.eventBounds())")
    assert "lat" not in query(page)
    assert console_errors == []


def test_hostile_values_stay_text(page: Page, site_url: str, console_errors: list[str]) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    open_site(page, f"{site_url}/?basemap=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&date=2019-10-24&lat=95&lon=40&z=30")
    expect(page.locator(".story-notice")).to_have_text([
        "Date 2019-10-24 has no event; showing 2019-10-23.",
        "Ignored basemap '<img src=x onerror=alert(1)>': choose one of osm, light, none.",
        "Map view adjusted to lat 85.0, lon 40.0, zoom 18.",
    ])
    expect(page.locator(".story-notices img")).to_have_count(0)
    open_site(page, f"{site_url}/?layers={'x' * 501}")
    expect(page.locator(".story-notice")).to_have_text(["Ignored parameter 'layers': longer than 500 characters."])
    assert dialogs == []
    assert console_errors == []


def test_no_query_string_opens_the_defaults(page: Page, site_url: str, console_errors: list[str]) -> None:
    tiles = open_site(page, f"{site_url}/")
    expect(page.locator(".story-time-date")).to_have_text("4 February 2020")
    expect(page.locator(".story-notice")).to_have_count(0)
    assert len(page.evaluate(DRAWN)) > 5
    expect(page.locator(".leaflet-tile").first).to_be_attached()
    assert tiles and all("tile.openstreetmap.org" in t for t in tiles)
    assert urlsplit(page.url).query == ""  # the address is only rewritten when the reader changes something
    assert console_errors == []


def test_served_with_gzip_and_a_short_cache(site_url: str) -> None:
    request = urllib.request.Request(f"{site_url}/?date=2019-10-23", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Cache-Control"] == "public, max-age=300"
        assert response.headers["Content-Type"].startswith("text/html")
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_a_dated_page_opens_on_its_date_and_a_link_date_still_wins(page: Page, site_url: str,
                                                                  console_errors: list[str]) -> None:
    open_site(page, f"{site_url}/en/2019-10-23/")
    expect(page.locator(".story-time-date")).to_have_text("23 October 2019")
    expect(page.locator(".story-notice")).to_have_count(0)
    tile_zoom = ("() => { let z = null; window.map.eachLayer(l => { if (l.getTileUrl) z = l.options.maxZoom; }); "
                 "return z; }")
    assert page.evaluate(tile_zoom) == 18  # the payload's zoom limit (STORY_TILES_MAX_ZOOM's default)
    open_site(page, f"{site_url}/en/2019-10-23/?date=2020-02-04&basemap=none")
    expect(page.locator(".story-time-date")).to_have_text("4 February 2020")
    assert console_errors == []


@pytest.mark.parametrize("path", ["/en/2019-10-23/", "/en/2019-10-23", "/en/", "/en/2019-10-23/preview.png"])
def test_nginx_serves_the_dated_folders(site_url: str, path: str) -> None:
    request = urllib.request.Request(f"{site_url}{path}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
        if path.endswith(".png"):
            assert response.headers["Content-Type"] == "image/png"
        else:
            assert response.headers["Content-Encoding"] == "gzip"  # gzip_static found index.html.gz
