"""Link previews through the real proxy: what a crawler (no JavaScript) reads for a share link, the picture it
names, and that the page still works in Chromium with the tags written into it."""

from __future__ import annotations

import gzip
import html.parser
import struct
import time
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from geo.load.story import load_story
from geo.load.timeline import opening_date, stops
from geo.render.previews import description, write_previews
from tests.conftest import DATA
from tests.e2e.conftest import date_slider, map_frame, warm
from tests.e2e.proxy import Proxied, deploy_header, proxied_apps, require_nginx
from tests.e2e.test_proxy_headers import REPORT_CSP_VIOLATIONS, assert_security_headers, get

STORY = load_story(DATA)
OPENING = opening_date(STORY, stops(STORY))
CRAWLER = {"User-Agent": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
           "Accept": "text/html", "Accept-Encoding": "gzip"}
PREVIEW_TAGS = ("description", "og:title", "og:description", "og:url", "og:image", "twitter:card")
CSP = deploy_header("Content-Security-Policy")
GENERATED: dict[str, float] = {}


@pytest.fixture(scope="module")
def proxy(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    require_nginx()
    workdir = tmp_path_factory.mktemp("nginx")
    started = time.monotonic()
    # Where the deploy file looks for them: story-map-previews/ in nginx's configuration folder.
    write_previews(STORY, workdir / "story-map-previews")
    GENERATED["seconds"] = time.monotonic() - started
    with proxied_apps(workdir) as running:
        for backend in running.backends:
            warm(browser, f"http://{backend}")
        yield running


class MetaTags(html.parser.HTMLParser):
    """Every <meta name|property=... content=...> of a page, as a crawler reads them (no script is run)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        key = found.get("property") or found.get("name")
        if tag == "meta" and key and found.get("content") is not None:
            self.tags.setdefault(key, []).append(found["content"] or "")


def crawl(url: str) -> tuple[Message, dict[str, str]]:
    """Fetch a page as a link-preview crawler does; its headers and its meta tags (each must appear once)."""
    status, headers, body = get(url, CRAWLER)
    assert status == 200
    if headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    parser = MetaTags()
    parser.feed(body.decode("utf-8"))
    for key in PREVIEW_TAGS:
        assert len(parser.tags.get(key, [])) == 1, (key, parser.tags.get(key))
    return headers, {key: values[0] for key, values in parser.tags.items()}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_a_crawler_reads_the_preview_of_the_linked_date(proxy: Proxied) -> None:
    headers, tags = crawl(f"{proxy.url}/?date=2019-10-23&basemap=none")
    assert headers["Content-Encoding"] == "gzip"  # still compressed to the reader, by nginx
    assert_security_headers(headers)
    assert headers.get_all("Cache-Control") == ["no-cache"]
    text = "23 October 2019: Russian military police and Syrian border guards deploy"
    assert tags["og:title"] == STORY.title
    assert tags["og:description"] == tags["description"] == text
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["og:url"] == f"{proxy.url}/?date=2019-10-23"
    assert tags["og:image"] == f"{proxy.url}/previews/2019-10-23.png"  # absolute, with the port the client used

    status, image_headers, image = get(tags["og:image"], {"User-Agent": CRAWLER["User-Agent"]})
    assert status == 200
    assert image_headers["Content-Type"] == "image/png"
    assert png_size(image) == (1200, 630)
    assert image_headers.get_all("Cache-Control") == ["public, max-age=86400"]
    assert_security_headers(image_headers)


@pytest.mark.parametrize("query", ["date=garbage", "", "date=2019-10-24", "date=%22%3E%3Cscript%3E"])
def test_other_dates_get_the_opening_dates_preview(proxy: Proxied, query: str) -> None:
    _, tags = crawl(f"{proxy.url}/?{query}")
    assert OPENING.isoformat() == "2020-02-04"
    assert tags["og:description"] == tags["description"] == description(STORY, OPENING)
    assert tags["og:image"] == f"{proxy.url}/previews/{OPENING.isoformat()}.png"
    assert get(tags["og:image"])[0] == 200


def test_a_forged_host_header_puts_no_markup_into_the_page(proxy: Proxied) -> None:
    _, tags = crawl(f"{proxy.url}/?date=2019-10-23")
    # nginx itself refuses a Host with `/` or a space; quotes and angle brackets get through to the page.
    for host in ('evil"><x-injected>', 'evil"onmouseover=alert(1)'):
        status, headers, body = get(f"{proxy.url}/?date=2019-10-23", {"Host": host, "Accept-Encoding": "identity"})
        assert status == 200 and headers["X-Upstream"], host
        assert b"x-injected" not in body and b"onmouseover" not in body, host
        assert body.count(f'content="{proxy.url}/previews/2019-10-23.png"'.encode()) == 1  # the server's address
    assert get(f"{proxy.url}/?date=2019-10-23", {"Host": "news.example:8443"})[2].count(
        b'content="http://news.example:8443/previews/2019-10-23.png"') == 1
    assert tags["og:image"].startswith(proxy.url)


@pytest.mark.parametrize("path", ["/previews/previews.conf", "/previews/", "/previews/1999-01-01.png",
                                  "/previews/..%2fnginx.conf", "/previews/2019-10-23.png/"])
def test_only_the_pictures_are_served_from_the_folder(proxy: Proxied, path: str) -> None:
    status, _, body = get(proxy.url + path)
    assert status in (400, 404), path  # nginx answers 400 to a `..` above the root
    assert b"storymap_preview" not in body and b"worker_processes" not in body


def test_the_page_still_works_in_chromium(page: Page, proxy: Proxied, console_errors: list[str]) -> None:
    page.context.add_init_script(REPORT_CSP_VIOLATIONS)
    response = page.goto(f"{proxy.url}/?date=2019-10-23&basemap=osm")
    assert response is not None and response.headers["content-security-policy"] == CSP
    assert page.locator('meta[property="og:image"]').get_attribute("content") == \
        f"{proxy.url}/previews/2019-10-23.png"
    frame = map_frame(page)
    frame.wait_for_function("() => document.querySelectorAll('.story-post-icon').length > 0", timeout=30_000)
    date_slider(frame).focus()
    page.keyboard.press("End")
    frame.wait_for_function("() => document.querySelectorAll('.story-post-icon').length === 12")
    page.wait_for_url(f"**date={stops(STORY)[-1].isoformat()}**")
    assert console_errors == []


def test_generation_budget(proxy: Proxied) -> None:
    folder = Path(proxy.conf).parent / "story-map-previews"
    pictures = sorted(folder.glob("*.png"))
    assert len(pictures) == len(stops(STORY))
    total = sum(p.stat().st_size for p in pictures)
    print(f"\n{len(pictures)} previews, {total / 1e6:.2f} MB, written in {GENERATED['seconds']:.1f} s")
    assert total < 15e6
