"""The static pages' heads and embed pages: hostile text stays text, and a second language is one more entry.

On the mini story (two dates), so each build takes seconds; the bundled story's full site is test_site.py's.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from geo.load.story import load_story
from geo.model import Story
from geo.render import site as site_module
from geo.render.site import build_site
from geo.render.site_pages import embed_page, head_tags
from geo.render.site_texts import PageTexts, english
from geo.render.site_urls import SiteLayout
from tests.conftest import FIXTURES
from tests.render.crawler import Head

HOSTILE = '</title><script>alert(1)</script>"\'><img src=x onerror=alert(2)> & \\1 \\g<0> $0 {{x}}'
BASE = "https://maps.example.org/mini/"
DAY = date(2020, 1, 10)
LAYOUT = SiteLayout(BASE)


def hostile_texts() -> PageTexts:
    fields = {f.name: HOSTILE for f in dataclasses.fields(PageTexts)}
    return PageTexts(**fields | {"og_locale": "en_GB"})


def injected(page: str) -> list[str]:
    """Elements or attributes the hostile text would add if it got through."""
    head = Head.parse(page)
    return [tag for tag in head.tags if tag in ("script", "img")] + sorted(head.attributes & {"onerror", "src"})


def test_head_tags_escape_every_value() -> None:
    tags = head_tags(LAYOUT, hostile_texts(), "en", DAY, ["en"])
    head = Head.parse(tags)
    assert head.tags == ["meta", "link", "link", "link", *["meta"] * 15]  # nothing added by the text
    assert head.one("og:title") == head.one("description") == head.one("og:image:alt") == " ".join(HOSTILE.split())
    assert "<script>" not in tags and "onerror=alert(2)>" not in tags


def test_embed_page_shows_the_snippet_as_text_with_its_title_escaped() -> None:
    page = embed_page(LAYOUT, hostile_texts(), "en", DAY)
    assert injected(page) == []
    head = Head.parse(page)
    assert "iframe" not in head.tags and head.title == f"{HOSTILE}: {HOSTILE}"
    shown = re.search(r'<code class="embed-snippet">(.*?)</code>', page, re.S)
    assert shown
    snippet = Head.parse(shown.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
                         .replace("&#x27;", "'").replace("&amp;", "&"))
    assert snippet.tags == ["iframe"] and "onerror" not in snippet.attributes  # the pasted code is safe too


@pytest.fixture(scope="module")
def hostile_story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the mini story with a hostile title and event title."""
    folder = tmp_path_factory.mktemp("hostile") / "story"
    shutil.copytree(FIXTURES / "mini", folder)
    manifest = json.loads((folder / "story.json").read_text(encoding="utf-8"))
    (folder / "story.json").write_text(json.dumps(manifest | {"title": HOSTILE}), encoding="utf-8")
    events = (folder / "events.json").read_text(encoding="utf-8")
    (folder / "events.json").write_text(events.replace('"Town B appears"', json.dumps(HOSTILE)), encoding="utf-8")
    return folder


def test_a_hostile_story_reaches_every_page_as_text(hostile_story: Path, tmp_path: Path) -> None:
    story = load_story(hostile_story)
    assert story.title == HOSTILE and not story.errors
    out, clean = tmp_path / "out", tmp_path / "clean"
    build_site(story, out, base_url=BASE, workers=1)
    build_site(load_story(FIXTURES / "mini"), clean, base_url=BASE, workers=1)
    for name in ("index.html", "en/2020-01-10/index.html", "en/2019-06-01/index.html", "en/2020-01-10/embed.html"):
        page = (out / name).read_text(encoding="utf-8")
        parsed, expected = Head.parse(page), Head.parse((clean / name).read_text(encoding="utf-8"))
        assert parsed.tags == expected.tags and parsed.attributes == expected.attributes, name  # nothing added
        assert "<script>alert(1)" not in page and "onerror=alert(2)>" not in page, name
    head = Head.parse((out / "en/2020-01-10/index.html").read_text(encoding="utf-8"))
    assert head.title == english(story, DAY).title and head.title.startswith(HOSTILE)  # \1 and \g<0> kept as text
    assert head.one("og:title") == " ".join(english(story, DAY).title.split())
    assert head.one("og:description").endswith(" ".join(HOSTILE.split()))  # the event's title, as text
    assert "<script>" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def arabic(story: Story, day: date) -> PageTexts:
    """A stand-in for a second language's texts (same words, another locale)."""
    return dataclasses.replace(english(story, day), og_locale="ar_AR")


def test_a_second_language_is_one_more_code_and_one_more_text_function(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(site_module, "story_languages", lambda _story: ["en", "ar"])
    story = load_story(FIXTURES / "mini")
    out = tmp_path / "out"
    build_site(story, out, base_url=BASE, texts={"en": english, "ar": arabic}, workers=1)
    for lang in ("en", "ar"):
        assert (out / lang / "index.html").is_file()
        for day in ("2019-06-01", "2020-01-10"):
            head = Head.parse((out / lang / day / "index.html").read_text(encoding="utf-8"))
            assert head.lang == lang and head.one("og:locale") == ("en_US" if lang == "en" else "ar_AR")
            assert head.link_hrefs("canonical") == {"": f"{BASE}{lang}/{day}/"}
            assert head.link_hrefs("alternate") == {"en": f"{BASE}en/{day}/", "ar": f"{BASE}ar/{day}/",
                                                    "x-default": f"{BASE}en/{day}/"}
            assert head.one("og:image") == f"{BASE}{lang}/{day}/preview.png"
            assert (out / lang / day / "preview.png").is_file()
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>") == 4 and sitemap.count('hreflang="x-default"') == 4


def test_a_language_without_texts_is_refused(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(site_module, "story_languages", lambda _story: ["en", "tr"])
    with pytest.raises(ValueError, match="no page texts for the story's language"):
        build_site(load_story(FIXTURES / "mini"), tmp_path / "out", base_url=BASE, texts={"en": english}, workers=1)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("base", "fine"), [("https://a.example/story", "https://a.example/story/"),
                                            ("http://localhost:8000/", "http://localhost:8000/"),
                                            ("https://a.example", "https://a.example/")])
def test_a_base_url_gets_its_trailing_slash(base: str, fine: str) -> None:
    assert SiteLayout(base).base == fine
    assert SiteLayout(base).preview_url("en", DAY) == f"{fine}en/2020-01-10/preview.png"


@pytest.mark.parametrize("base", ["", "/story/", "example.org", "mailto:a@b.c", "https://a.example/#x",
                                  "https://a.example/ x/", "https://a.example/<b>/"])
def test_a_base_url_that_cannot_be_used_is_refused_by_name(base: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"--base-url {base!r}")):
        SiteLayout(base)


@pytest.mark.parametrize("lang", ["", "EN", "../x", "en/..", "e"])
def test_a_language_code_that_cannot_name_a_folder_is_refused(lang: str) -> None:
    with pytest.raises(ValueError, match="cannot name a folder"):
        SiteLayout.folder(lang, DAY)
