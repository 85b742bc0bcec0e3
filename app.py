"""The story map app: a thin Streamlit shell over `geo` (URL in, widgets, map out), for every story folder.

`?story=<slug>` picks a story under stories/ (geo/load/catalog.py); a link without it opens the default story.
`?page=stories` lists the stories; `?page=editor` is the drafting desk, only where STORY_EDITOR=1.
`?lang=ar|tr|ru|en` picks the reader's language (else the browser's Accept-Language, else English): every
string the reader sees comes from its catalog (geo/locales) through `Words`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from app_pages import settings
from app_pages.stories import chosen_story, stories_page, story_entries
from geo.languages import codes, language, negotiate
from geo.load import catalog, timeline
from geo.load.story import load_story_or_error
from geo.model import Story
from geo.problems import Problem, StoryError
from geo.render import mapview, share
from geo.render.assets import ensure_assets
from geo.render.downloads import timeline_csv, visible_geojson
from geo.render.edition import edition
from geo.render.export import export_html
from geo.render.payload import map_payload, publish
from geo.render.picture import map_png
from geo.render.styles import page_language_html, stylesheet, swatch_css
from geo.render.text import event_date, event_origin, md_code, md_escape, md_label
from geo.render.toll import claim_on, toll_on
from geo.render.words import Words

MAP_HEIGHT = 620
EMBED_MAP_HEIGHT = 250  # a 390x500 frame shows the slider, the map and the event's title
# Map first: a session's first run sends the headline and the map; the rest of the page (the event card, the
# timeline, the sidebar) follows once the map says it has drawn its first date. Rendered all at once, the rest
# kept Streamlit's frontend (the same thread as the map's frame) busy for about a second before it even made
# the map's frame (bench/first_load.py). If the map never says so (its scripts failed), the rest comes after
# this many seconds anyway.
WHOLE_PAGE_FALLBACK_S = 5.0


@st.cache_resource(show_spinner=False)
def assets_missing() -> list[str]:
    """Once per process: the map assets, installed from npm if the host ran no set-up."""
    return ensure_assets()


@st.cache_resource(show_spinner=False, max_entries=64)
def cached_story(folder: str, stamp: tuple[int, int, str]) -> Story | StoryError:
    """Read a story once per process and version of its files; every session shares it (it is never mutated).

    `stamp` is the folder's fingerprint (catalog.fingerprint), so saving a file reads the story again. A
    fatal error is cached too, so a broken folder is not read again for every new reader.
    """
    del stamp  # part of the cache key only
    return load_story_or_error(folder)


def story_at(folder: Path) -> Story | StoryError:
    return cached_story(str(folder), catalog.fingerprint(folder))


@st.cache_resource(show_spinner=False, max_entries=64)
def cached_edition(folder: str, stamp: tuple[int, int, str], lang: str) -> tuple[Story, Words] | StoryError:
    """The story in a reader's language, once per process, story version and language (sessions share it)."""
    story = cached_story(folder, stamp)
    return story if isinstance(story, StoryError) else edition(story, lang)


def share_options(story: Story, words: Words) -> share.ShareOptions:
    stops = timeline.stops(story)
    return share.ShareOptions(
        stops=stops, layers=[spec.id for spec in story.layers],
        basemaps=list(mapview.BASEMAPS), default_basemap=mapview.DEFAULT_BASEMAP,
        default_date=timeline.opening_date(story, stops), lang=words.lang,
    )


def reader_language(notices: list[str]) -> str:
    """`lang=` when the link has a valid one; else the browser's Accept-Language; else English."""
    negotiated = negotiate(st.context.headers.get("Accept-Language"))
    asked = st.query_params.get("lang")
    if asked is None:
        return negotiated
    if asked in codes():
        return asked
    shown = asked if len(asked) <= 20 else asked[:20] + "…"
    notices.append(Words(negotiated).t("app.bad_lang", value=repr(shown), choices=", ".join(codes())))
    return negotiated


def restore_from_url(options: share.ShareOptions, slug: str, notices: list[str]) -> None:
    """On a story's first run in a session, set the widgets from the URL (once; widgets own the state after)."""
    if st.session_state.get("restored") == slug:
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    decoded = share.from_query(params, options)
    st.session_state.update({
        "restored": slug, "date": decoded.state.date, "basemap": decoded.state.basemap,
        "view": decoded.state.view, "notices": notices + decoded.notices, "map_seq": None,
        # what the server tells the map: the link's date and view (applied once; see mapview.sync_group)
        "synced_date": decoded.state.date, "synced_view": decoded.state.view,
        **{f"layer_{name}": name in decoded.state.layers for name in options.layers},
    })


SHOWN_PROBLEMS = 20  # a story with thousands of bad features still gets a readable box


def problem_list(problems: Sequence[Problem], words: Words) -> str:
    lines = [f"- {md_escape(str(p))}" for p in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append("- " + words.t("app.more_problems", count=len(problems) - SHOWN_PROBLEMS))
    return "\n".join(lines)


def show_problems(story: Story, words: Words) -> None:
    errors = story.errors
    warnings = [p for p in story.problems if p.severity == "warning"]
    if errors:
        st.error(f"**{md_escape(words.t('app.problems', count=len(errors)))}**\n{problem_list(errors, words)}")
    if warnings:
        with st.expander(md_label(words.t("app.warnings", count=len(warnings)))):
            st.markdown(problem_list(warnings, words))


def layers_on(story: Story) -> list[str]:
    """The layers switched on (the toggles' state, set from the link on a session's first run)."""
    return [spec.id for spec in story.layers if st.session_state.get(f"layer_{spec.id}")]


def sidebar_heading(words: Words) -> None:
    """The sidebar's first line.

    On a map-first run it is all the sidebar holds: the sidebar is there from the start (so is the map's
    width), and the rest fills it without moving the map.
    """
    with st.sidebar:
        st.subheader(md_label(words.t("app.layers")))


def sidebar(story: Story, words: Words) -> None:
    """Layer toggles (each with a chip in its layer's colours) and the basemap."""
    sidebar_heading(words)
    with st.sidebar:
        for spec in story.layers:
            st.toggle(md_label(spec.title), key=f"layer_{spec.id}",
                      help=md_escape(spec.description) if spec.description else None)
        st.html(swatch_css(story.layers))  # each toggle's chip in its layer's colours (validated hex only)
        st.radio(md_label(words.t("app.basemap")), list(mapview.BASEMAPS), key="basemap",
                 format_func=lambda b: mapview.basemap_title(b, words))


def event_card(story: Story, day: date, words: Words, embedded: bool = False) -> None:
    for event in timeline.events_on(story, day):
        with st.container(border=True):
            after = timeline.after_article(story.article.date, event.date)
            when = md_escape(event_date(event, words)) + (f" · **{md_escape(words.t('time.after'))}**" if after else "")
            if not embedded:  # embedded, the slider shows the date: the title comes first, close under the map
                st.caption(when)
            st.markdown(f"#### {md_escape(event.title)}")
            if embedded:
                st.caption(when)
            st.markdown(md_escape(event.summary))
            st.caption(md_escape(event_origin(event, words)))
            if event.source:
                st.caption(md_escape(words.t("card.source", source=event.source)))
            if event.date_source:
                st.caption(md_escape(words.t("app.date_from", source=event.date_source)))


def toll_card(story: Story, day: date, words: Words) -> None:
    """The human toll as reported by `day`: independent counts and the parties' claims, each attributed."""
    lines, claim = toll_on(story, day, words), claim_on(story, day)
    if not lines and claim is None:
        return
    with st.container(border=True, key="toll-card"):
        st.markdown("##### " + md_escape(words.t("toll.title", date=words.day(day))))
        for line in lines:
            st.markdown(f"**{md_escape(line.value)}**: {md_escape(line.title)}")
            st.caption(md_escape(words.t("card.source", source=line.attribution)))
        if claim is not None:
            st.markdown(words.t("toll.said", who=f"**{md_escape(claim.who)}**", date=md_escape(words.day(claim.date)),
                                summary=md_escape(claim.summary)))
            st.caption(md_escape(words.t("card.source", source=claim.source)))
        st.caption(md_escape(words.t("app.toll_note")))


def timeline_list(story: Story, day: date, words: Words) -> None:
    lines = []
    for event in story.events:
        text = f"{md_escape(event_date(event, words))} · {md_escape(event.title)}"
        if timeline.after_article(story.article.date, event.date):
            text += " · " + md_escape(words.t("app.timeline_after"))  # upright: no italic font to fetch
        lines.append(f"- **{'◀' if words.direction == 'rtl' else '▶'} {text}**" if event.date == day else f"- {text}")
    with st.expander(md_label(words.t("app.timeline")), expanded=True):
        st.markdown("\n".join(lines))


def take_map_report(options: share.ShareOptions) -> None:
    """Take the map's report after the reader paused in it (the date, and the view once they moved the map).

    It comes from the browser, so it is decoded like a link (share.from_query): bad values are dropped. Nothing
    is sent back to the map: it already shows this date and view.
    The map's first word, `{"drawn": true}` once its first date is on screen, carries no date: it only lets
    the rest of the page come (see WHOLE_PAGE_FALLBACK_S).
    """
    raw = st.session_state.get("map")
    if not isinstance(raw, dict) or raw.get("seq") == st.session_state.get("map_seq"):
        return
    st.session_state["map_seq"] = raw.get("seq")
    st.session_state["whole_page"] = True
    if "date" not in raw:
        return
    view = raw.get("view")
    query = {"date": str(raw.get("date"))}
    if isinstance(view, dict):
        query |= {"lat": str(view.get("lat")), "lon": str(view.get("lon")), "z": str(view.get("zoom"))}
    decoded = share.from_query(query, options)
    st.session_state["date"] = decoded.state.date
    st.session_state["view"] = decoded.state.view


@st.cache_resource(show_spinner=False, max_entries=64)
def map_source(folder: str, stamp: tuple[int, int, str], lang: str) -> dict[str, object]:
    """Once per process, story version and language: the map's payload published as a static file (else inlined)."""
    read = cached_edition(folder, stamp, lang)
    data = {} if isinstance(read, StoryError) else map_payload(read[0], words=read[1])
    url = publish(data)
    return {"url": url} if url else {"payload": data}


@st.cache_resource(show_spinner=False, max_entries=64)
def map_center(folder: str, stamp: tuple[int, int, str]) -> tuple[float, float]:
    """Once per story version: where the map opens before it frames the first date."""
    story = cached_story(folder, stamp)
    return mapview.story_center(story) if isinstance(story, Story) else (0.0, 0.0)


@st.fragment(run_every=WHOLE_PAGE_FALLBACK_S)
def rest_of_page_fallback() -> None:
    """On a map-first run: if the map has not said it is drawn WHOLE_PAGE_FALLBACK_S after, show the rest anyway.

    Streamlit calls a fragment once in the run and then on its timer; only the timer's call (seconds later)
    completes the page. A whole-page run no longer calls it, and Streamlit drops its timer.
    """
    first = st.session_state.setdefault("map_first_at", time.monotonic())
    if time.monotonic() - first >= WHOLE_PAGE_FALLBACK_S / 2:
        st.session_state["whole_page"] = True
        st.rerun()


def story_map(folder: Path, layers: list[str], embedded: bool, words: Words) -> None:
    """The map: the story's features once, the date applied in the browser; a rerun only syncs the toggles."""
    view = st.session_state["synced_view"]
    stamp = catalog.fingerprint(folder)
    st_folium(
        mapview.app_map(map_source(str(folder), stamp, words.lang), map_center(str(folder), stamp), words),
        key="map",
        height=EMBED_MAP_HEIGHT if embedded else MAP_HEIGHT, use_container_width=True, returned_objects=[],
        feature_group_to_add=mapview.sync_group(
            layers=layers, basemap=st.session_state["basemap"], day=st.session_state["synced_date"],
            view=(view.lat, view.lon, view.zoom) if view else None),
    )


def downloads(story: Story, state: share.ShareState, words: Words) -> None:
    """Take the story away: what is on the map, the timeline, or the whole map as one offline file."""
    stamp, name = state.date.isoformat(), f"{story.slug}-story"
    with st.sidebar:
        st.subheader(md_label(words.t("app.download")))
        st.download_button(md_label(words.t("app.download_geojson")), on_click="ignore", mime="application/geo+json",
                           file_name=f"{name}-{stamp}.geojson",
                           data=lambda: visible_geojson(story, state.date, list(state.layers)))
        st.download_button(md_label(words.t("app.download_png")), on_click="ignore", mime="image/png",
                           file_name=f"{name}-{stamp}.png",
                           data=lambda: map_png(story, state.date, list(state.layers), language=words.lang))
        st.download_button(md_label(words.t("app.download_csv")), on_click="ignore", mime="text/csv",
                           file_name=f"{name}-timeline.csv", data=lambda: timeline_csv(story))
        st.download_button(md_label(words.t("app.download_html")), on_click="ignore", mime="text/html",
                           file_name=f"{name}-{stamp}.html", help=md_escape(words.t("app.download_html_help")),
                           data=lambda: export_html(story, state.date, list(state.layers), state.basemap,
                                                    words=words))


def share_box(state: share.ShareState, title: str, words: Words, embedded: bool = False) -> None:
    """The link to this view (and an embed snippet) as code spans.

    Markdown is on the page anyway, so the box costs no extra front-end files (st.code pulled in a 1.5 MB
    highlighter, text fields some 18 small chunks).
    """
    base = st.context.url.split("?")[0] if st.context.url else ""
    link = share.link(base, state)
    with st.sidebar:
        st.subheader(md_label(words.t("app.share")))
        st.caption(md_escape(words.t("app.share_caption")))
        st.markdown(f"**{md_escape(words.t('app.share_link'))}**  \n" + md_code(link))
        if not embedded:  # a page that is itself embedded shows neither the story title nor a snippet
            st.markdown(f"**{md_escape(words.t('app.embed'))}**  \n" + md_code(share.embed_snippet(link, title)))


# The phone layout (geo/css/page.css) and printing (Ctrl+P: one A4 page, no controls; geo/css/print.css).
# Static files: no data goes into them.
PAGE_CSS = stylesheet("page.css") + stylesheet("print.css")


def page_stylesheets() -> None:
    st.html(PAGE_CSS)


def other_page(page: str, words: Words) -> bool:
    """Show `?page=stories` or (where switched on) `?page=editor`; False for the story map."""
    if page == "stories":
        st.set_page_config(page_title=words.t("app.stories_title"), page_icon="🗺️", layout="wide")
        stories_page(story_at, words)
        return True
    if page == "editor" and settings.editor_enabled():
        from app_pages.editor import editor_page  # noqa: PLC0415 - loaded only where the editor's page is on

        st.set_page_config(page_title="Draft a story", page_icon="🗺️", layout="wide")
        editor_page()
        return True
    return False


def unpublished(story: Story, words: Words) -> bool:
    """A draft is for editors: a public deployment says so instead of showing it; editors see it with a banner."""
    if not story.draft:
        return False
    if settings.editor_enabled():
        st.warning(md_escape(words.t("app.draft_banner")))
        return False
    st.error(md_escape(words.t("app.draft_unpublished")) + f" [{md_escape(words.t('app.see_stories'))}](?page=stories)")
    return True


def page_language(words: Words) -> None:
    """The document's language and direction (a vetted builder: only a catalog's code is ever written)."""
    st.html(page_language_html(words.lang), unsafe_allow_javascript=True)


def language_switcher(words: Words) -> None:
    """The languages, each by its own name; choosing one puts `lang=` in the address and redraws the page."""
    def chosen() -> None:
        picked = st.session_state.get("lang_choice")
        if picked in codes():
            st.query_params["lang"] = picked

    st.session_state["lang_choice"] = words.lang
    st.segmented_control(md_label(words.t("app.language")), list(codes()), key="lang_choice",
                         format_func=lambda code: language(code).name, on_change=chosen,
                         label_visibility="collapsed")


def main() -> None:
    embedded = bool(st.context.is_embedded)
    notices: list[str] = []
    words = Words(reader_language(notices))
    page = st.query_params.get("page")
    if page is not None and other_page(page, words):
        return
    choice = chosen_story(st.query_params.get("story"), story_entries(), words)
    choice.notices[:0] = notices
    if page is not None:  # a page that does not exist here (the editor's, where it is off, among them)
        choice.notices.append(words.t("app.unknown_page"))
    if choice.entry is None:
        st.set_page_config(page_title=words.t("map.untitled"), page_icon="🗺️", layout="wide")
        st.error(md_escape(words.t("app.no_story")))
        return
    read = cached_edition(str(choice.entry.folder), catalog.fingerprint(choice.entry.folder), words.lang)
    story, words = (read, words) if isinstance(read, StoryError) else read
    title = story.title if isinstance(story, Story) else choice.entry.slug
    st.set_page_config(page_title=title, page_icon="🗺️", layout="wide",
                       initial_sidebar_state="collapsed" if embedded else "auto")
    if isinstance(story, StoryError):
        st.error(md_escape(str(story)) + f"  \n[{md_escape(words.t('app.see_stories'))}](?page=stories)")
        return
    tiles_problem = settings.tiles_problem()
    if tiles_problem:
        st.error(md_escape(words.t("app.tiles_problem", problem=tiles_problem)))
        return
    if not unpublished(story, words):
        story_page(story, choice.entry, choice.notices, embedded, words)


def story_page(story: Story, entry: catalog.Entry, notices: list[str], embedded: bool, words: Words) -> None:
    """The story map: headline, map, event card, toll, timeline, and the sidebar's layers, links and downloads."""
    options = share_options(story, words)
    restore_from_url(options, f"{entry.slug}/{words.lang}", notices)
    take_map_report(options)  # streamlit-folium put the map's last report into st.session_state["map"]
    for notice in st.session_state.get("notices", []):
        st.warning(md_escape(notice))
    if not embedded:
        st.markdown(f"### {md_escape(story.title)}")
        published = words.day(story.article.date) if story.article.date else words.t("app.undated")
        st.caption(md_escape(words.t("app.article_line", publisher=story.article.publisher, date=published,
                                     headline=story.article.headline)))
    show_problems(story, words)
    # The map first: its frame starts loading while the rest of the page (sidebar included) is sent.
    layers = layers_on(story)
    day = st.session_state["date"]
    # Embedded in a news page (?embed=true): map first, full width, the card under it.
    map_col, card_col = (st.container(), st.container()) if embedded else st.columns([5, 3])
    with map_col:
        missing = assets_missing()
        if missing:
            st.error(md_escape(words.t("app.assets_missing", files=", ".join(missing))))
            st.session_state["whole_page"] = True  # no map to wait for
        else:
            story_map(entry.folder, layers, embedded, words)
    whole_page = bool(st.session_state.get("whole_page"))
    if whole_page:
        with card_col:
            event_card(story, day, words, embedded)  # right under the map on a phone
            if not embedded:  # after the date's event: on a phone the map, its time bar and the event come first
                language_switcher(words)
            toll_card(story, day, words)
            if words.lang != story.languages[0]:
                st.caption(md_escape(words.t("app.translated")))
            if not embedded:
                timeline_list(story, day, words)
    state = share.ShareState(date=day, layers=tuple(layers), basemap=st.session_state["basemap"],
                             view=st.session_state.get("view"), story=entry.slug,
                             lang=words.lang if "lang" in st.query_params else None)
    if st.query_params.to_dict() != state.to_query():
        st.query_params.from_dict(state.to_query())
    page_stylesheets()
    page_language(words)  # after the map: embedded, the map is the page's first element
    if not whole_page:
        sidebar_heading(words)
        rest_of_page_fallback()
        return
    sidebar(story, words)
    share_box(state, story.title, words, embedded)
    downloads(story, state, words)
    with st.sidebar:
        st.markdown(f"[{md_escape(words.t('app.all_stories'))}](?page=stories)")


main()
