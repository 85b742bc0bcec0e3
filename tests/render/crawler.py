"""A link-preview crawler's view of the static site: plain HTTP GETs, no JavaScript, the head's tags parsed.

`serve(folder)` serves a folder with Python's http.server on a free loopback port (in a thread, started before
the first request: no waiting); `Head.parse(html)` reads what a crawler reads.
"""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The folder at http://127.0.0.1:<free port> (the base address, without a trailing slash)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def fetch(url: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of a plain GET, as a crawler sends it."""
    request = urllib.request.Request(url, headers={"User-Agent": "facebookexternalhit/1.1"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers.get_content_type(), response.read()


@dataclass
class Head(HTMLParser):
    """What a page says without running a script: <html lang>, <title>, meta tags, link tags, and elements."""

    lang: str | None = None
    title: str = ""
    meta: dict[str, list[str]] = field(default_factory=dict)  # name or property -> contents, in order
    links: list[dict[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # every start tag, to find one that should not be there
    attributes: set[str] = field(default_factory=set)
    _in_title: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    @classmethod
    def parse(cls, page: str) -> Head:
        head = cls()
        head.feed(page)
        head.close()
        return head

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        self.attributes |= set(values)
        if tag == "html":
            self.lang = values.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "meta" and ("name" in values or "property" in values):
            self.meta.setdefault(values.get("property") or values["name"], []).append(values.get("content", ""))
        elif tag == "link":
            self.links.append(values)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def one(self, key: str) -> str:
        """The content of the one meta tag named `key` (fails if there are none or several)."""
        (value,) = self.meta[key]
        return value

    def link_hrefs(self, rel: str) -> dict[str, str]:
        """rel="alternate": hreflang -> href; rel="canonical": {"": href}."""
        return {link.get("hreflang", ""): link["href"] for link in self.links if link.get("rel") == rel}
