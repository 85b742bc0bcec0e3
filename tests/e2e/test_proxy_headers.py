"""What the proxy adds: security and cache headers, compression, a hidden metrics page, room for long share
links; and that the app, the map and embedding in another site still work under its Content-Security-Policy."""

from __future__ import annotations

import gzip
import http.server
import re
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from geo.load.story import load_story
from geo.load.timeline import stops
from tests.conftest import DATA
from tests.e2e.conftest import MAP_IFRAME, date_slider, map_frame, warm
from tests.e2e.proxy import (
    DEPLOY_LISTEN,
    NGINX,
    SITE,
    Proxied,
    deploy_backends,
    deploy_header,
    proxied_apps,
    require_nginx,
    site_conf,
)

CSP = deploy_header("Content-Security-Policy")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
IMMUTABLE = "public, max-age=31536000, immutable"  # Streamlit itself says "public, immutable, max-age=31536000"
ONE_DAY = "public, max-age=86400"
DEBIAN_NGINX_CONF = Path("/etc/nginx/nginx.conf")
LAST_STOP = re.compile(rf"date={stops(load_story(DATA))[-1].isoformat()}")
# Every CSP violation in any frame, as a console error (Chromium logs most of them itself; this catches all).
REPORT_CSP_VIOLATIONS = """document.addEventListener('securitypolicyviolation', e => console.error(
    `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${location.href}`));"""


@pytest.fixture(scope="module")
def proxy(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    require_nginx()
    with proxied_apps(tmp_path_factory.mktemp("nginx")) as running:
        for backend in running.backends:
            warm(browser, f"http://{backend}")
        yield running


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, Message, bytes]:
    """Status, headers and (raw) body of one GET; error statuses are answers too."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def assert_security_headers(headers: Message) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert headers.get_all(name) == [value], name  # exactly once: the app's own copy is not passed on
    assert headers.get_all("X-Frame-Options") is None  # the map is embedded in other sites


def csp_directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in policy.split(";")) if d}


def streamlit_script(page_html: bytes) -> str:
    """The path of Streamlit's main script, which has a content hash in its name."""
    found = re.search(rb'src="\./(static/js/index\.[\w-]+\.js)"', page_html)
    assert found, "Streamlit's page names no static/js/index.<hash>.js"
    return "/" + found[1].decode()


def test_nginx_runs_the_deploy_file(proxy: Proxied) -> None:
    # The test's nginx.conf holds the deploy file, changed only in its listen port and the app addresses.
    port = int(proxy.url.rsplit(":", 1)[1])
    assert site_conf(port, proxy.backends) in proxy.conf.read_text(encoding="utf-8")
    as_deployed = site_conf(8080, deploy_backends()).replace("listen 127.0.0.1:8080;", DEPLOY_LISTEN)
    assert as_deployed == SITE.read_text(encoding="utf-8")
    # The CSP is the deploy file's alone: the app sends none.
    status, headers, _ = get(f"http://{proxy.backends[0]}/")
    assert status == 200 and headers.get("Content-Security-Policy") is None


def test_deploy_file_loads_in_debians_own_nginx_conf(tmp_path: Path) -> None:
    """As the README says: included in the http block of Debian's nginx.conf, next to its default site."""
    require_nginx()
    assert NGINX is not None
    if not DEBIAN_NGINX_CONF.exists():
        pytest.skip("not Debian's nginx package: no /etc/nginx/nginx.conf")
    text = DEBIAN_NGINX_CONF.read_text(encoding="utf-8")
    assert "include /etc/nginx/sites-enabled/*;" in text
    # Only what nginx writes to is moved (user, pid, logs, temp files); the rest is the host's file as it is.
    text = re.sub(r"^user .*$", "", text, flags=re.M)
    text = re.sub(r"^pid .*$", f"pid {tmp_path}/nginx.pid;", text, flags=re.M)
    text = text.replace("/var/log/nginx/", f"{tmp_path}/")
    temp = "".join(f"\t{kind}_temp_path {tmp_path}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi",
                                                                          "uwsgi", "scgi"))
    sites = "include /etc/nginx/sites-enabled/*;"
    text = text.replace(sites, f"{sites}\n{temp}\tinclude {SITE};", 1)
    (tmp_path / "nginx.conf").write_text(text, encoding="utf-8")
    result = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
                             "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "[warn]" not in result.stderr, result.stderr


def test_page_has_the_security_headers_and_is_not_cached(proxy: Proxied) -> None:
    status, headers, body = get(f"{proxy.url}/?embed=true")
    assert status == 200 and b"<html" in body
    assert_security_headers(headers)
    assert headers.get_all("Cache-Control") == ["no-cache"]
    policy = csp_directives(CSP)
    assert policy["frame-ancestors"] == ["*"]
    assert {"https://tile.openstreetmap.org", "https://*.basemaps.cartocdn.com"} <= set(policy["img-src"])
    assert {"'self'", "ws:", "wss:"} <= set(policy["connect-src"])


def test_hashed_streamlit_files_are_immutable_and_vendored_files_kept_a_day(proxy: Proxied) -> None:
    _, _, page_html = get(f"{proxy.url}/")
    status, headers, _ = get(proxy.url + streamlit_script(page_html))
    assert status == 200
    assert headers.get_all("Cache-Control") == [IMMUTABLE]
    assert_security_headers(headers)
    for path in ("/app/static/vendor/leaflet/leaflet.js", "/app/static/vendor/leaflet/leaflet.css"):
        status, headers, _ = get(proxy.url + path)
        assert status == 200, path
        assert headers.get_all("Cache-Control") == [ONE_DAY], path
        assert_security_headers(headers)


def test_the_story_data_is_cached_for_good_and_sent_gzipped(proxy: Proxied) -> None:
    """The map's payload is named by its content (geo.render.payload.publish): a year in caches, compressed."""
    from geo.load.story import load_story
    from geo.render.payload import map_payload, publish
    from tests.conftest import DATA

    url = publish(map_payload(load_story(DATA)))  # the name the app publishes (the same file, by content)
    assert url is not None
    status, headers, body = get(proxy.url + url, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get_all("Cache-Control") == [IMMUTABLE]
    assert headers.get("Content-Encoding") == "gzip" and len(body) < 60_000
    assert_security_headers(headers)
    status, headers, _ = get(proxy.url + "/app/static/story/not-a-hash.json")
    assert headers.get_all("Cache-Control") != [IMMUTABLE]


def test_text_is_sent_gzipped(proxy: Proxied) -> None:
    _, _, page_html = get(f"{proxy.url}/")
    for path, content_type in (("/", "text/html"), (streamlit_script(page_html), "javascript")):
        status, headers, body = get(proxy.url + path, {"Accept-Encoding": "gzip"})
        assert status == 200
        assert content_type in headers["Content-Type"]
        assert headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in headers["Vary"]
        assert len(gzip.decompress(body)) > len(body)


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore/metrics/", "/_stcore/%6detrics", "//_stcore/metrics",
                                  "/_stcore/metrics?families=session_state"])
def test_metrics_are_not_public(proxy: Proxied, path: str) -> None:
    status, headers, body = get(proxy.url + path)
    assert status == 404, path
    assert b"session" not in body
    assert_security_headers(headers)
    # The 404 is the proxy's: the app itself serves its metrics.
    assert get(f"http://{proxy.backends[0]}/_stcore/metrics")[0] == 200


def test_a_16_kb_share_link_is_served(proxy: Proxied) -> None:
    query = "date=2018-02-15&basemap=none&layers=" + ",".join(["places"] * 2300)  # ~16 KB
    assert len(query) > 16_000
    status, headers, body = get(f"{proxy.url}/?{query}")
    assert status == 200, status  # not 414 Request-URI Too Large
    assert b"<html" in body
    assert_security_headers(headers)


def wait_for_tiles(frame: Frame, host: str) -> None:
    """Leaflet shows a tile from this host (the tile servers are stubbed offline by console_errors)."""
    frame.wait_for_function(f"() => [...document.querySelectorAll('img.leaflet-tile-loaded')]"
                            f".some(i => i.src.includes({host!r}))", timeout=30_000)


def test_the_app_and_the_map_work_under_the_csp(page: Page, proxy: Proxied, console_errors: list[str]) -> None:
    page.context.add_init_script(REPORT_CSP_VIOLATIONS)
    tiles: list[str] = []
    page.on("request", lambda r: tiles.append(r.url) if "tile" in r.url or "basemaps" in r.url else None)
    response = page.goto(f"{proxy.url}/?date=2018-02-15&basemap=osm")
    assert response is not None and response.headers["content-security-policy"] == CSP
    frame = map_frame(page)
    frame.wait_for_function("() => document.querySelectorAll('.story-post-icon').length === 6", timeout=30_000)
    wait_for_tiles(frame, "https://tile.openstreetmap.org/")
    page.get_by_text("Light (CARTO Positron)").click()  # the layer swap runs through streamlit-folium's eval
    wait_for_tiles(frame, ".basemaps.cartocdn.com/")
    date_slider(frame).focus()
    page.keyboard.press("End")
    expect(page).to_have_url(LAST_STOP)
    frame.wait_for_function("() => document.querySelectorAll('.story-post-icon').length === 12", timeout=30_000)
    assert any(u.startswith("https://tile.openstreetmap.org/") for u in tiles)  # requested, so not blocked
    assert console_errors == []


@pytest.fixture
def news_site(proxy: Proxied) -> Iterator[str]:
    """A page on another site (localhost, not 127.0.0.1) that embeds the map as the product documents."""
    article = (f'<!doctype html><title>News</title><h1>Idlib, explained</h1><iframe id="story" width="1100" '
               f'height="800" src="{proxy.url}/?embed=true&basemap=none&date=2018-02-15"></iframe>').encode()

    class Article(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(article)))
            self.end_headers()
            self.wfile.write(article)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Article)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}/article"
    finally:
        server.shutdown()
        server.server_close()


def test_the_map_can_be_embedded_in_another_site(browser: Browser, news_site: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(news_site)
        story = page.locator("#story").element_handle().content_frame()
        assert isinstance(story, Frame)
        story.wait_for_selector(MAP_IFRAME, timeout=30_000)
        map_in_story = story.locator(MAP_IFRAME).element_handle().content_frame()
        assert isinstance(map_in_story, Frame)
        map_in_story.wait_for_function("() => window.map && window.map._loaded", timeout=30_000)
        map_in_story.wait_for_function("() => document.querySelectorAll('.story-post-icon').length === 6",
                                       timeout=30_000)
        assert errors == []
    finally:
        context.close()
