"""Which story a link opens, and the page that lists every story (`?page=stories`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from app_pages import settings
from geo.load import catalog, timeline
from geo.load.settings import slug_of
from geo.model import Story
from geo.problems import StoryError
from geo.render.picture import map_png
from geo.render.text import md_code, md_escape, md_label
from geo.render.words import ENGLISH, Words

StoryReader = Callable[[Path], Story | StoryError]
THUMBNAIL_PX = (480, 252)  # the link-preview's 1200:630 shape, small enough for a list


def story_entries() -> list[catalog.Entry]:
    """The stories this deployment serves: STORY_DIR's folder (when set) first, then stories/."""
    found = catalog.entries()
    pinned = settings.pinned_story()
    if pinned is None:
        return found
    slug = slug_of({}, pinned.name, [])
    return [catalog.Entry(slug, pinned), *(entry for entry in found if entry.slug != slug)]


def default_entry(entries: list[catalog.Entry]) -> catalog.Entry | None:
    if settings.pinned_story() is not None and entries:
        return entries[0]
    slug = catalog.default_slug()
    return next((entry for entry in entries if entry.slug == slug), entries[0] if entries else None)


@dataclass
class Choice:
    """The story a link asks for, and what the reader is told about the asking."""

    entry: catalog.Entry | None
    notices: list[str] = field(default_factory=list)


def chosen_story(asked: str | None, entries: list[catalog.Entry], words: Words = ENGLISH) -> Choice:
    """`story=<slug>` from a link; an unknown or malformed slug opens the default story, with a notice."""
    default = default_entry(entries)
    if asked is None:
        return Choice(default)
    found = next((entry for entry in entries if entry.slug == asked), None)
    if found is not None:
        return Choice(found)
    shown = asked if len(asked) <= 60 else asked[:60] + "…"
    return Choice(default, [words.t("app.unknown_story", name=repr(shown))])


def story_link(slug: str) -> str:
    return "?" + urlencode({"story": slug})


def open_story(slug: str, lang: str) -> None:
    """Go to a story's map in the same tab, in the same language: the rerun reads `story=` like any link."""
    st.query_params.clear()
    st.query_params["story"] = slug
    if lang != ENGLISH.lang:
        st.query_params["lang"] = lang


@st.cache_resource(show_spinner=False, max_entries=64)
def thumbnail(folder: str, stamp: tuple[int, int, str], day: date, _story: Story) -> bytes | None:
    """A small picture of the story on its article's date, once per story version.

    `_story` is the story the page already read (Streamlit leaves an argument starting with _ out of the key).
    """
    del folder, stamp  # the cache key only
    try:
        return map_png(_story, day, None, *THUMBNAIL_PX)
    except (ValueError, OSError):
        return None


def _story_row(entry: catalog.Entry, story: Story | StoryError, words: Words) -> None:
    with st.container(border=True):
        if isinstance(story, StoryError):
            st.markdown(f"**{md_escape(entry.slug)}**")
            st.error(md_escape(words.t("app.cannot_show", problem=str(story))))
            return
        picture, text = st.columns([2, 3])
        day = story.article.date or (timeline.stops(story)[-1] if story.events else None)
        with text:
            st.markdown(f"#### {md_escape(story.title)}")
            published = words.day(story.article.date) if story.article.date else words.t("app.undated")
            st.caption(md_escape(words.t("app.article_line", publisher=story.article.publisher, date=published,
                                         headline=story.article.headline)))
            if story.draft:
                st.warning(md_escape(words.t("app.draft_listed")))
            if story.errors:
                st.caption(md_escape(words.t("app.story_problems", count=len(story.errors))))
            # a button, not a markdown link: Streamlit opens every markdown link in a new tab
            st.button(md_label(words.t("app.open_map")), key=f"open-{entry.slug}", on_click=open_story,
                      args=(entry.slug, words.lang))
            st.markdown(md_escape(words.t("app.link")) + " " + md_code(story_link(entry.slug)))  # full contrast
        with picture:
            png = thumbnail(str(entry.folder), catalog.fingerprint(entry.folder), day, story) if day else None
            if png:
                st.image(png, alt=words.t("app.thumbnail_alt", title=story.title), width="stretch")


def stories_page(read: StoryReader, words: Words = ENGLISH) -> None:
    """Every story with its title, date and a thumbnail; drafts only where the editor's page is on."""
    st.markdown("### " + md_escape(words.t("app.stories_title")))
    editor = settings.editor_enabled()
    shown = 0
    for entry in story_entries():
        story = read(entry.folder)
        if isinstance(story, Story) and story.draft and not editor:
            continue  # a draft is never published as it stands
        _story_row(entry, story, words)
        shown += 1
    if not shown:
        st.info(md_escape(words.t("app.no_story")))
    if editor:
        st.markdown(f"[{md_escape(words.t('app.draft_new'))}](?page=editor)")
