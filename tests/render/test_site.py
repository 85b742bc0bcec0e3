"""`python -m geo site OUT/`: the static folder, and its page's link decoding measured against geo.render.share."""

from __future__ import annotations

import gzip
import inspect
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, quote

import pytest

from geo.__main__ import main
from geo.load.story import load_story
from geo.load.timeline import opening_date, stops
from geo.paths import JS_DIR
from geo.render import mapview, share
from geo.render.assets import STATIC_VENDOR
from geo.render.share import MAX_VALUE_LENGTH, PARAMETERS, ShareOptions, from_query
from geo.render.site import build_site
from geo.render.words import ENGLISH, Words
from tests.conftest import DATA, FIXTURES

LINK_JS = "\n".join((JS_DIR / name).read_text(encoding="utf-8") for name in ("text.js", "parts/linkcodec.js"))
CATALOG = json.dumps(ENGLISH.client()["messages"])
TILE_URLS = {b.url for b in mapview.BASEMAPS.values() if b.url}
ATTRIBUTION_HOSTS = {"www.openstreetmap.org", "carto.com"}  # links in the attribution text, never loaded


def payload_of(page: str) -> dict:
    match = re.search(r"StoryTime\.start\(map_\w+, (\{.*\})\);", page)
    assert match, "no StoryTime.start(...) call in the page"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    build_site(load_story(DATA), out)
    return out


def test_folder_holds_the_page_its_gzipped_copy_and_a_readme(site: Path) -> None:
    assert sorted(p.name for p in site.iterdir()) == ["README.txt", "index.html", "index.html.gz"]
    page = (site / "index.html").read_text(encoding="utf-8")
    assert gzip.decompress((site / "index.html.gz").read_bytes()).decode("utf-8") == page
    readme = (site / "README.txt").read_text(encoding="utf-8")
    assert "http.server" in readme and "static-site.conf" in readme
    assert all(name in readme for name in PARAMETERS)


def test_no_external_url_but_the_tile_servers(site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "<script src=" not in page and "<link " not in page and "<iframe" not in page
    for name in ("leaflet.js", "leaflet.css"):  # inlined; its comments and SVG namespace are not requests
        page = page.replace((STATIC_VENDOR / "leaflet" / name).read_text(encoding="utf-8"), "")
    payload = payload_of(page)
    assert {b["url"] for b in payload["site"]["basemaps"].values() if b["url"]} == TILE_URLS
    rest = page
    for url in TILE_URLS:
        rest = rest.replace(url, "")
    hosts = set(re.findall(r"https?://([^/\s\"'<>)\\]+)", rest))
    assert hosts <= ATTRIBUTION_HOSTS, hosts
    assert not re.search(r"""(src|href|action)\s*=\s*["']?(https?:)?//""", rest)


def test_payload_has_every_layer_and_every_feature(site: Path) -> None:
    story = load_story(DATA)
    payload = payload_of((site / "index.html").read_text(encoding="utf-8"))
    assert [layer["style"]["id"] for layer in payload["layers"]] == [spec.id for spec in story.layers]
    assert [layer["title"] for layer in payload["layers"]] == [spec.title for spec in story.layers]
    for layer in payload["layers"]:
        assert len(layer["features"]) == len(story.features.get(layer["style"]["id"], []))
    assert payload["site"]["layerIds"] == [spec.id for spec in story.layers]
    assert payload["site"]["basemapIds"] == list(mapview.BASEMAPS)
    assert payload["site"]["defaultDate"] == opening_date(story, stops(story)).isoformat()


def test_parameters_come_from_geo_share_and_all_appear_in_the_js(site: Path) -> None:
    payload = payload_of((site / "index.html").read_text(encoding="utf-8"))
    assert payload["site"]["parameters"] == list(PARAMETERS)
    assert payload["site"]["maxValueLength"] == MAX_VALUE_LENGTH
    for name in PARAMETERS:
        assert re.search(rf"\b(flat|values)\.{name}\b", LINK_JS), name


def test_export_without_site_is_unchanged(tmp_path: Path) -> None:
    """The plain export still carries only its chosen layers and no link rules."""
    out = tmp_path / "story.html"
    assert main(["export", "-o", str(out), "--layers", "zones", "--basemap", "none",
                 "--story", str(FIXTURES / "mini")]) == 0
    payload = payload_of(out.read_text(encoding="utf-8"))
    assert "site" not in payload and [layer["style"]["id"] for layer in payload["layers"]] == ["zones"]


def test_cli_writes_the_folder(tmp_path: Path, capsys) -> None:
    assert main(["site", str(tmp_path / "out"), "--story", str(FIXTURES / "mini")]) == 0
    assert (tmp_path / "out" / "index.html").exists()
    assert f"wrote {tmp_path / 'out' / 'index.html'}" in capsys.readouterr().out


# The page's decoder (geo/js/parts/linkcodec.js, run by Node) against geo.render.share.from_query.
QUERIES = [
    "", "date=2019-10-23", "date=2019-10-24", "date=1999-01-01", "date=2030-01-01", "date=not-a-date",
    "date=20191023", "date=2019-02-29", "date=2020-02-29", "date=2019-13-01", "date=",
    "date=2018-01-01&date=2019-10-23", "date=2019-W43-3", "date=2019W433", "date=2019-W43", "date=2020-W53-1",
    "date=2019-W53-1", "date=2019-W00-1", "date=2019-W01-8", "date=2019-w43", "date=2015-W53-7", "date=0000-01-01",
    "date=0001-W01-1", "date=9999-W52-5", "date=9999-W52-6", "date=2019-1023", "date=2019-10-23T",
    "date=%EF%BC%92019-10-23",
    "layers=", "layers=nope", "layers=border,%20places%20,,nope,x'y", "layers=border,border", "layers=x%22y'z",
    "basemap=none", "basemap=light", "basemap=%3Cimg%20src%3Dx%3E", "basemap=",
    "lat=36.8&lon=40.1&z=8", "lat=100&lon=-200&z=30", "lat=1&lon=2", "z=x", "lat=1e400&lon=1&z=1",
    "lat=1&lon=1&z=8.5", "lat=1&lon=1&z=9.5", "lat=1&lon=1&z=8.4", "lat=1_0&lon=2&z=3", "lat=%201.5%20&lon=-0&z=0",
    "lat=36.123456&lon=40.1&z=8", "lat=-85.5&lon=180.000001&z=5", "lat=nan&lon=1&z=1", "lat=.5&lon=5.&z=+3",
    "lat=-0.000001&lon=0.000001&z=2", "lat=0.00001&lon=1e-5&z=2", "lat=1e2&lon=-1E1&z=2e0", "lat=inf&lon=1&z=1",
    f"date={'x' * 501}", f"layers={'a,' * 250}", "date=2019-10-23&layers=buffer_zone,border&basemap=none&embed=true",
]


def test_the_queries_reach_every_parameter_and_every_notice() -> None:
    """The decoder test below is only as good as its queries: they use every parameter, and between them the
    Python decoder gives every notice geo/render/share.py can give (read from its source, so a new notice joins)."""
    kinds = sorted(set(re.findall(r'"(notice\.\w+)"', inspect.getsource(share))))
    assert len(kinds) >= 7, kinds
    story = load_story(DATA)
    all_stops = stops(story)
    options = ShareOptions(stops=all_stops, layers=[spec.id for spec in story.layers],
                           basemaps=list(mapview.BASEMAPS), default_basemap=mapview.DEFAULT_BASEMAP,
                           default_date=opening_date(story, all_stops))
    given = [n for q in QUERIES for n in from_query(parse_qs(q, keep_blank_values=True), options).notices]

    def pattern(key: str) -> re.Pattern[str]:  # the English message, any value in each placeholder
        return re.compile(re.sub(r"\\\{\w+\\\}", ".*", re.escape(ENGLISH.t(key))))

    assert [k for k in kinds if not any(pattern(k).fullmatch(n) for n in given)] == []
    used = {key for q in QUERIES for key in parse_qs(q, keep_blank_values=True)}
    assert set(PARAMETERS) <= used


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_page_decodes_links_exactly_as_the_app(tmp_path: Path, lang: str) -> None:
    """Same state and same notices, word for word, in English and in a right-to-left language."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    story = load_story(DATA)
    all_stops = stops(story)
    options = ShareOptions(stops=all_stops, layers=[spec.id for spec in story.layers],
                           basemaps=list(mapview.BASEMAPS), default_basemap=mapview.DEFAULT_BASEMAP,
                           default_date=opening_date(story, all_stops), lang=lang)
    site = build_site(story, tmp_path / "out")[0].read_text(encoding="utf-8")
    site_options = payload_of(site)["site"]
    dates = [d.isoformat() for d in all_stops]
    script = tmp_path / "decode.js"
    script.write_text(
        "globalThis.window = {};\n" + LINK_JS + "\n"
        f"window.StoryText.use({json.dumps(Words(lang).client()['messages'])});\n"
        f"const site = {json.dumps(site_options)}, dates = {json.dumps(dates)};\n"
        f"const queries = {json.dumps(QUERIES)};\n"
        "console.log(JSON.stringify(queries.map(q => window.StoryLink.decode('?' + q, site, dates))));\n",
        encoding="utf-8")
    result = subprocess.run([node, str(script)], capture_output=True, text=True, check=True, timeout=60)
    decoded_js = json.loads(result.stdout)
    for raw, got in zip(QUERIES, decoded_js, strict=True):
        want = from_query(parse_qs(raw, keep_blank_values=True), options)
        view = want.state.view
        assert got == {
            "state": {"date": want.state.date.isoformat(), "layers": list(want.state.layers),
                      "basemap": want.state.basemap,
                      "view": None if view is None else {"lat": view.lat, "lon": view.lon, "zoom": view.zoom}},
            "notices": want.notices,
        }, raw


def test_encoded_state_reads_back_as_itself() -> None:
    """What the page writes into the address decodes (by geo.render.share) to the same state, with no notice."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    state = {"date": "2019-10-23", "layers": ["buffer_zone", "border"], "basemap": "none",
             "view": {"lat": 36.8, "lon": 40.123456, "zoom": 8}}
    site = {"parameters": list(PARAMETERS), "viewDecimals": 5}
    js = (f"globalThis.window = {{}};\n{LINK_JS}\nwindow.StoryText.use({CATALOG}, 'en');\n"
          f"console.log(window.StoryLink.encode({json.dumps(state)}, "
          f"{json.dumps(site)}, '?embed=true&date=1'));\n")
    result = subprocess.run([node, "-e", js], capture_output=True, text=True, check=True, timeout=60)
    written = result.stdout.strip()
    assert written == "?embed=true&date=2019-10-23&layers=buffer_zone,border&basemap=none&lat=36.80000&lon=40.12346&z=8"
    assert quote("buffer_zone,border", safe=",") in written
