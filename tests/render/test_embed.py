"""The Share box's embed snippet: an escaped <iframe> of this view in embed mode."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from geo.render.share import embed_link, embed_snippet
from tests.app.test_app import run, share_code


class _Iframes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str | None]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "iframe":
            self.found.append(dict(attrs))


def parse(snippet: str) -> tuple[dict[str, str | None], list[str]]:
    parser = _Iframes()
    parser.feed(snippet)
    (iframe,) = parser.found
    return iframe, parser.tags


def test_snippet_is_a_lazy_borderless_responsive_iframe_in_embed_mode() -> None:
    iframe, tags = parse(embed_snippet("https://maps.example/?date=2019-10-23&layers=border,places", "A story"))
    assert tags == ["iframe"]
    assert iframe["src"] == "https://maps.example/?date=2019-10-23&layers=border,places&embed=true"
    assert iframe["title"] == "A story" and iframe["loading"] == "lazy"
    style = iframe["style"] or ""
    assert "width:100%" in style and "border:0" in style and "min(80vh, 640px)" in style


def test_hostile_title_and_address_stay_inside_their_attributes() -> None:
    title = '"><script>alert(1)</script><b title=\'x\' & y'
    link = 'https://evil.example/?a="onload="alert(1)&b=<img src=x>&c=\'q\'&d=&amp;'
    snippet = embed_snippet(link, title)
    assert "<script" not in snippet and "<img" not in snippet and '"onload' not in snippet
    iframe, tags = parse(snippet)
    assert tags == ["iframe"]  # nothing broke out into a tag of its own
    assert iframe["title"] == title  # the reader sees the title exactly
    assert iframe["src"] == link + "&embed=true"
    assert set(iframe) == {"src", "title", "loading", "style", "allowfullscreen"}
    assert html.unescape(re.search(r'src="([^"]*)"', snippet).group(1)) == link + "&embed=true"  # type: ignore[union-attr]


def test_embed_is_added_once() -> None:
    assert embed_link("https://m.example/") == "https://m.example/?embed=true"
    assert embed_link("https://m.example/?") == "https://m.example/?embed=true"
    assert embed_link("https://m.example/?embed=true&date=2020-02-04") == "https://m.example/?embed=true&date=2020-02-04"


def test_share_box_offers_the_embed_snippet_of_this_view() -> None:
    at = run({"date": "2019-10-23", "layers": "border,places", "basemap": "none"})
    link = share_code(at, "Link to this view")
    snippet = share_code(at, "Embed this view")
    iframe, _ = parse(snippet)
    assert iframe["src"] == link + "&embed=true"
    assert "embed=true" in snippet and "date=2019-10-23" in snippet
    assert iframe["title"] == "Putin and Erdogan talk Syria: the geography of a phone call"
    assert not at.code  # no code highlighter on the page: it was the largest file of the first load


def test_share_box_snippet_follows_the_date() -> None:
    at = run({"date": "2018-02-15"})
    assert "date=2018-02-15" in share_code(at, "Embed this view")


def test_embedded_app_has_a_small_map_and_the_title_first(monkeypatch) -> None:
    """AppTest cannot load the page in a frame, so the context says so (the browser test does it for real)."""
    import streamlit as st

    from tests.app.test_app import map_args

    monkeypatch.setattr(type(st.context), "is_embedded", property(lambda _: True))
    at = run({"date": "2019-10-23", "basemap": "none"})
    assert map_args(at)["height"] == 250
    shown = "\n".join(m.value for m in at.sidebar.markdown)
    assert "Link to this view" in shown and "Embed" not in shown  # the link only: no snippet inside an embed
    assert "Putin and Erdogan talk Syria" not in "\n".join(m.value for m in at.markdown)  # no story title
    card = [m.value for m in at.markdown]
    assert card[0].startswith("#### Russian military police")  # the event's title comes first in the card
