"""`python -m geo site OUT/`: the folder (a page and preview per language and date), what a crawler reads of it,
and its pages' link decoding measured against geo.render.share.

The whole bundled story's site is built once for this module (`site`): its fifty-odd pages and previews are the
slow part of the suite. Smaller checks (escaping, incremental builds, more languages) use the mini story in
test_site_pages.py and test_site_manifest.py.
"""

from __future__ import annotations

import gzip
import hashlib
import inspect
import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, quote

import pytest
from PIL import Image

from geo.__main__ import main
from geo.load.story import load_story
from geo.load.timeline import opening_date, stops
from geo.model import Story
from geo.paths import JS_DIR
from geo.render import mapview, share
from geo.render.assets import STATIC_VENDOR
from geo.render.edition import edition
from geo.render.payload import stop_label
from geo.render.share import MAX_VALUE_LENGTH, PARAMETERS, ShareOptions, from_query
from geo.render.site import build_site
from geo.render.site_manifest import MANIFEST
from geo.render.site_texts import og_locale, page_texts, story_languages
from geo.render.words import ENGLISH, Words
from tests.conftest import DATA, FIXTURES
from tests.render.crawler import Head, fetch, serve

LINK_JS = "\n".join((JS_DIR / name).read_text(encoding="utf-8") for name in ("text.js", "parts/linkcodec.js"))
CATALOG = json.dumps(ENGLISH.client()["messages"])
TILE_URLS = {b.url for b in mapview.BASEMAPS.values() if b.url}
ATTRIBUTION_HOSTS = {"www.openstreetmap.org", "carto.com"}  # links in the attribution text, never loaded
BASE = "https://maps.example.org/idlib/"
XML = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def payload_of(page: str) -> dict:
    match = re.search(r"StoryTime\.start\(map_\w+, (\{.*\})\);", page)
    assert match, "no StoryTime.start(...) call in the page"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(DATA)  # all four languages: the one full build of the suite (a few minutes on two cores)


@pytest.fixture(scope="module")
def site(story: Story, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    build_site(story, out, base_url=BASE, workers=2)
    return out


@pytest.fixture(scope="module")
def served(site: Path):
    with serve(site) as url:
        yield url


def pages(story: Story) -> list[tuple[str, date]]:
    return [(lang, day) for lang in story_languages(story) for day in stops(story)]


def read(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def test_the_folder_holds_a_page_preview_and_embed_for_every_language_and_date(story: Story, site: Path) -> None:
    dated = {f"{lang}/{day.isoformat()}/{name}" for lang, day in pages(story)
             for name in ("index.html", "index.html.gz", "preview.png", "embed.html")}
    roots = {"index.html", "index.html.gz"} | {f"{lang}/index.html{gz}" for lang in story_languages(story)
                                                for gz in ("", ".gz")}
    others = {"sitemap.xml", "robots.txt", "README.txt", MANIFEST}
    assert len(stops(story)) > 40
    assert {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} == dated | roots | others
    for name in [*sorted(n for n in dated if n.endswith(".html")), *sorted(roots)]:
        if name.endswith(".html") and "embed" not in name:
            assert gzip.decompress((site / (name + ".gz")).read_bytes()) == (site / name).read_bytes(), name
    readme = read(site, "README.txt")
    assert "http.server" in readme and "static-site.conf" in readme and BASE in readme
    assert all(name in readme for name in PARAMETERS)


def test_a_crawler_reads_each_pages_own_tags(story: Story, served: str) -> None:
    """Plain GETs, no script: every page's head names its title, description, picture, address and languages."""
    languages = story_languages(story)
    for lang, day in pages(story):
        url = f"{BASE}{lang}/{day.isoformat()}/"
        status, kind, body = fetch(f"{served}/{lang}/{day.isoformat()}/")
        assert (status, kind) == (200, "text/html")
        head = Head.parse(body.decode("utf-8"))
        texts = page_texts(story, day, lang)
        told, words = edition(story, lang)
        assert head.lang == lang
        def plain(text: str) -> str:  # the head's spaces as the parser gives them (CLDR writes some narrow ones)
            return " ".join(text.split())

        assert plain(head.title) == plain(texts.title) == plain(f"{told.title} — {stop_label(told, day, words)}")
        assert head.one("description") == head.one("og:description") == head.one("twitter:description")
        assert plain(head.one("description")) == plain(texts.description)
        assert plain(stop_label(told, day, words)) in plain(texts.description)
        assert plain(head.one("og:title")) == plain(head.one("twitter:title")) == plain(texts.title)
        assert head.one("og:image") == head.one("twitter:image") == url + "preview.png"
        assert (head.one("og:image:width"), head.one("og:image:height")) == ("1200", "630")
        assert head.one("og:url") == url and head.one("og:type") == "website"
        assert head.one("og:locale") == og_locale(lang, story.locales)
        assert head.one("twitter:card") == "summary_large_image"
        assert plain(head.one("og:image:alt")) == plain(head.one("twitter:image:alt")) == plain(texts.image_alt)
        assert head.link_hrefs("canonical") == {"": url}
        assert head.link_hrefs("alternate") == {**{other: f"{BASE}{other}/{day.isoformat()}/" for other in languages},
                                                "x-default": f"{BASE}{languages[0]}/{day.isoformat()}/"}


def test_the_tags_come_first_in_the_page(site: Path) -> None:
    """Some crawlers read only a page's first kilobytes: the tags come before the inlined Leaflet and story."""
    page = read(site, "en/2019-10-23/index.html")
    assert page.index('property="og:image"') < 4096 < page.index("StoryTime.start")
    assert page.index("charset=UTF-8") < 1024


def test_og_image_is_the_pages_own_1200x630_png(story: Story, served: str) -> None:
    digests = set()
    for lang, day in pages(story):
        _, _, body = fetch(f"{served}/{lang}/{day.isoformat()}/")
        image_url = Head.parse(body.decode("utf-8")).one("og:image")
        assert image_url.startswith(BASE)
        status, kind, png = fetch(f"{served}/{image_url.removeprefix(BASE)}")
        assert (status, kind) == (200, "image/png")
        assert Image.open(io.BytesIO(png)).size == (1200, 630)
        digests.add(hashlib.sha256(png).hexdigest())
    assert len(digests) == len(pages(story))  # each date its own picture, not one copied


def test_the_root_pages_open_the_article_date_and_name_its_page_canonical(story: Story, site: Path,
                                                                          served: str) -> None:
    opening = opening_date(story, stops(story))
    dated = (site / f"en/{opening.isoformat()}/index.html").read_bytes()
    for path in ("", "en/"):
        _, _, body = fetch(f"{served}/{path}")
        assert body == dated, path  # the same page, no redirect
        assert Head.parse(body.decode("utf-8")).link_hrefs("canonical") == {"": f"{BASE}en/{opening.isoformat()}/"}


def test_each_page_opens_on_its_date_and_its_address_still_rules(story: Story, site: Path) -> None:
    all_stops = stops(story)
    for day in (all_stops[0], date(2019, 10, 23), all_stops[-1]):
        payload = payload_of(read(site, f"en/{day.isoformat()}/index.html"))
        assert payload["start"] == all_stops.index(day) and payload["mode"] == "site"
        assert payload["site"]["defaultDate"] == day.isoformat()
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    options = payload_of(read(site, f"en/{all_stops[0].isoformat()}/index.html"))["site"]
    dates = [d.isoformat() for d in all_stops]
    queries = ["", "date=2019-10-23", "layers=border&basemap=none", "date=nope"]
    js = (f"globalThis.window = {{}};\n{LINK_JS}\nwindow.StoryText.use({CATALOG});\n"
          f"console.log(JSON.stringify({json.dumps(queries)}.map(q => "
          f"window.StoryLink.decode('?' + q, {json.dumps(options)}, {json.dumps(dates)}).state)));\n")
    result = subprocess.run([node, "-e", js], capture_output=True, text=True, check=True, timeout=60)
    got = json.loads(result.stdout)
    assert [state["date"] for state in got] == [dates[0], "2019-10-23", dates[0], dates[0]]
    assert got[2]["layers"] == ["border"] and got[2]["basemap"] == "none"


def test_the_sitemap_lists_every_page_with_its_languages(story: Story, site: Path) -> None:
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    entries = root.findall("s:url", XML)
    locs = [entry.findtext("s:loc", namespaces=XML) for entry in entries]
    assert locs == [f"{BASE}{lang}/{day.isoformat()}/" for day in stops(story) for lang in story_languages(story)]
    for entry, loc in zip(entries, locs, strict=True):
        links = {link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", XML)}
        day = str(loc).rstrip("/").rsplit("/", 1)[-1]
        languages = story_languages(story)
        assert links == {**{lang: f"{BASE}{lang}/{day}/" for lang in languages}, "x-default": f"{BASE}en/{day}/"}
        assert loc in links.values()
    assert read(site, "robots.txt").strip().endswith(f"Sitemap: {BASE}sitemap.xml")


def test_the_embed_page_holds_the_iframe_to_paste(site: Path) -> None:
    head = Head.parse(read(site, "en/2019-10-23/embed.html"))
    assert head.one("robots") == "noindex" and "iframe" not in head.tags  # shown as text, not embedded
    shown = re.search(r'<code class="embed-snippet">(.*?)</code>', read(site, "en/2019-10-23/embed.html"), re.S)
    assert shown
    snippet = Head.parse(shown.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
                         .replace("&amp;", "&"))
    assert snippet.tags == ["iframe"]


def test_a_rebuild_of_the_unchanged_story_writes_nothing(story: Story, site: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    report = build_site(story, site, base_url=BASE, workers=2)
    assert report.written == [] and report.removed == [] and report.unchanged == 2 * len(pages(story))
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == before


def test_no_external_url_but_the_tile_servers_and_the_sites_own(site: Path) -> None:
    page = read(site, "en/2019-10-23/index.html")
    assert "<script src=" not in page and "<iframe" not in page
    head = Head.parse(page)
    assert {link["rel"] for link in head.links} == {"canonical", "alternate"}  # addresses, not requests
    assert all(link["href"].startswith(BASE) for link in head.links)
    for name in ("leaflet.js", "leaflet.css"):  # inlined; its comments and SVG namespace are not requests
        page = page.replace((STATIC_VENDOR / "leaflet" / name).read_text(encoding="utf-8"), "")
    payload = payload_of(page)
    assert {b["url"] for b in payload["site"]["basemaps"].values() if b["url"]} == TILE_URLS
    rest = page.replace(BASE, "")
    for url in TILE_URLS:
        rest = rest.replace(url, "")
    hosts = set(re.findall(r"https?://([^/\s\"'<>)\\]+)", rest))
    assert hosts <= ATTRIBUTION_HOSTS, hosts
    assert not re.search(r"""(src|action)\s*=\s*["']?(https?:)?//""", rest)


def test_payload_has_every_layer_and_every_feature(story: Story, site: Path) -> None:
    payload = payload_of(read(site, "index.html"))
    assert [layer["style"]["id"] for layer in payload["layers"]] == [spec.id for spec in story.layers]
    assert [layer["title"] for layer in payload["layers"]] == [spec.title for spec in story.layers]
    for layer in payload["layers"]:
        assert len(layer["features"]) == len(story.features.get(layer["style"]["id"], []))
    assert payload["site"]["layerIds"] == [spec.id for spec in story.layers]
    assert payload["site"]["basemapIds"] == list(mapview.BASEMAPS)
    assert payload["site"]["defaultDate"] == opening_date(story, stops(story)).isoformat()


def test_parameters_come_from_geo_share_and_all_appear_in_the_js(site: Path) -> None:
    payload = payload_of(read(site, "index.html"))
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
    out = tmp_path / "out"
    assert main(["site", str(out), "--story", str(FIXTURES / "mini"), "--base-url", "https://x.example/m"]) == 0
    printed = capsys.readouterr()
    assert f"wrote {out / 'index.html'}" in printed.out and f"wrote {out / 'en/2020-01-10/preview.png'}" in printed.out
    assert printed.err == ""
    assert 'content="https://x.example/m/en/2020-01-10/preview.png"' in (out / "index.html").read_text(encoding="utf-8")
    assert main(["site", str(out), "--story", str(FIXTURES / "mini"), "--base-url", "https://x.example/m"]) == 0
    assert "0 file(s) written, 4 page(s) and preview(s) already up to date" in capsys.readouterr().out


def test_cli_without_a_base_url_warns_and_uses_the_placeholder(tmp_path: Path, capsys) -> None:
    assert main(["site", str(tmp_path / "out"), "--story", str(FIXTURES / "mini"), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "warning: no --base-url" in err and "https://story-map.invalid/" in err
    head = Head.parse((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    assert head.one("og:image") == "https://story-map.invalid/en/2020-01-10/preview.png"
    assert "placeholder" in (tmp_path / "out" / "README.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("base", ["example.org/story/", "ftp://example.org/", "https://example.org/?a=1",
                                  'https://example.org/"><script>/'])
def test_cli_refuses_a_base_url_it_cannot_use(tmp_path: Path, capsys, base: str) -> None:
    assert main(["site", str(tmp_path / "out"), "--story", str(FIXTURES / "mini"), "--base-url", base]) == 2
    assert f"--base-url {base!r}" in capsys.readouterr().err
    assert not (tmp_path / "out" / "index.html").exists()


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
def test_page_decodes_links_exactly_as_the_app(story: Story, site: Path, tmp_path: Path, lang: str) -> None:
    """Same state and same notices, word for word, in English and in a right-to-left language."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    all_stops = stops(story)
    options = ShareOptions(stops=all_stops, layers=[spec.id for spec in story.layers],
                           basemaps=list(mapview.BASEMAPS), default_basemap=mapview.DEFAULT_BASEMAP,
                           default_date=opening_date(story, all_stops), lang=lang)
    site_options = payload_of(read(site, "index.html"))["site"]
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
