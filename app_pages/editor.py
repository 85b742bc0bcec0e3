"""The editor's drafting desk (`?page=editor`, only where STORY_EDITOR=1): an article in, a reviewed story out.

Paste or upload an article; the page drafts it (geo/draft), shows the draft on a map with its own time bar
and timeline, and lets the editor pick another candidate, move, drop or add a place, change a date's reading,
and accept items with a summary in their own words (geo/draft/review.py). The result downloads as a zip of
the story folder, or, where the deployment allows writing (STORY_EDITOR_SAVE=1), is saved under stories/
and opens at once as `?story=<slug>`. Every item not accepted stays marked as a draft.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import streamlit as st

from app_pages import settings
from geo.draft import Draft, Drafter, DraftError, IndexMissingError, decode, split
from geo.draft.review import (
    AddedPlace,
    DateDecision,
    PlaceDecision,
    Review,
    ReviewError,
    candidates,
    items,
    reviewed_files,
    revise,
    still_drafts,
    zipped,
)
from geo.draft.writer import write_files
from geo.load import catalog
from geo.load.story import load_story_or_error
from geo.model import Story
from geo.problems import StoryError
from geo.render.export import export_html
from geo.render.text import md_escape

PREVIEW_HEIGHT = 520


@st.cache_resource(show_spinner="Opening the gazetteer…")
def drafter() -> Drafter:
    """One drafter per process: the GeoNames index and the sourced places are opened once."""
    return Drafter()


def _article_text() -> tuple[bytes, str] | None:
    uploaded = st.file_uploader("…or upload the article as a plain-text file", type=["txt"], key="ed_upload")
    if uploaded is not None:
        return uploaded.getvalue(), uploaded.name
    pasted = st.session_state.get("ed_text", "")
    return (pasted.encode("utf-8"), "the pasted text") if pasted.strip() else None


def _given_date() -> date | None:
    raw = st.session_state.get("ed_date", "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise DraftError(f"the article's date {raw!r} is not a date in the form YYYY-MM-DD") from None


def draft_form() -> None:
    """The article in; on 'Draft', the draft goes into the session (a new draft resets the review)."""
    st.text_area("Article: the headline on the first line, then the body", key="ed_text", height=220)
    found = _article_text()
    left, right = st.columns(2)
    left.text_input("Article date (YYYY-MM-DD), when its dateline does not settle it", key="ed_date")
    right.text_input("Publisher, when the dateline does not name it", key="ed_publisher")
    if not st.button("Draft", type="primary", key="ed_go"):
        return
    if found is None:
        st.error("Paste an article or upload its text file first.")
        return
    try:
        article = split(decode(*found))
        result = drafter().draft(article, _given_date(), st.session_state.get("ed_publisher", "").strip())
    except (DraftError, IndexMissingError) as error:
        st.error(f"Cannot draft {md_escape(found[1])}: {md_escape(str(error))}")
        return
    st.session_state["ed_draft"] = result
    st.session_state["ed_round"] = st.session_state.get("ed_round", 0) + 1  # fresh widgets for the new draft
    st.session_state["ed_added"] = []


def _key(name: str) -> str:
    return f"ed{st.session_state.get('ed_round', 0)}_{name}"


def place_decisions(draft: Draft) -> dict[int, PlaceDecision]:
    """One box per drafted place: its candidates, a move, a drop."""
    decisions: dict[int, PlaceDecision] = {}
    st.markdown("#### Places")
    for index, place in enumerate(draft.places):
        if place.role == "actor":
            continue
        options = candidates(place)
        label = f"{place.name} · {place.role} · confidence {place.confidence:.2f}"
        with st.expander(md_escape(label), expanded=place.role == "unresolved" or place.confidence < 0.6):
            st.caption("Why: " + md_escape(place.reason))
            choice = 0
            if options:
                labels = [candidate.label() for candidate in options]
                picked = st.selectbox("Candidate", labels, key=_key(f"p{index}_cand"))
                choice = labels.index(picked) if picked in labels else 0
            moved = None
            if st.checkbox("Move the point", key=_key(f"p{index}_move")):
                start = options[choice] if options else None
                lat = st.number_input("Latitude", -90.0, 90.0, start.lat if start else 0.0, format="%.5f",
                                      key=_key(f"p{index}_lat"))
                lon = st.number_input("Longitude", -180.0, 180.0, start.lon if start else 0.0, format="%.5f",
                                      key=_key(f"p{index}_lon"))
                moved = (float(lat), float(lon))
            dropped = st.checkbox("Drop this place", key=_key(f"p{index}_drop"))
            decisions[index] = PlaceDecision(choice, moved, dropped)
    actors = [place.name for place in draft.actors]
    if actors:
        st.caption("Actors, not drawn as places: " + md_escape(", ".join(dict.fromkeys(actors))))
    return decisions


def added_places() -> list[AddedPlace]:
    """Places the tool missed, added by the editor (kept in the session until the next draft)."""
    added: list[AddedPlace] = st.session_state.setdefault("ed_added", [])
    with st.form(_key("add"), clear_on_submit=True):
        st.markdown("**Add a place the draft missed**")
        name = st.text_input("Name, as the article writes it", key=_key("add_name"))
        left, right = st.columns(2)
        lat = left.number_input("Latitude", -90.0, 90.0, 0.0, format="%.5f", key=_key("add_lat"))
        lon = right.number_input("Longitude", -180.0, 180.0, 0.0, format="%.5f", key=_key("add_lon"))
        if st.form_submit_button("Add the place", key=_key("add_go")) and name.strip():
            added.append(AddedPlace(name.strip(), float(lat), float(lon)))
    if added:
        st.caption("Added: " + md_escape(", ".join(f"{a.name} ({a.lat:.4f}, {a.lon:.4f})" for a in added)))
    return list(added)


def date_decisions(draft: Draft) -> dict[int, DateDecision]:
    """One row per date expression: the words, the reading (editable) and whether it dates an event."""
    st.markdown("#### Dates")
    decisions: dict[int, DateDecision] = {}
    for index, mention in enumerate(draft.dates):
        words, reading, event = st.columns([3, 2, 1])
        words.markdown(f"para. {mention.paragraph}: “{md_escape(mention.text)}”"
                       + (f"  \n*{md_escape(mention.note)}*" if mention.note else ""))
        value = reading.text_input("Reading", mention.iso, key=_key(f"d{index}_reading"))
        dated = event.checkbox("Event", mention.event, key=_key(f"d{index}_event"))
        decisions[index] = DateDecision(value, dated)
    return decisions


def acceptances(files: dict[str, Any]) -> dict[str, str]:
    """Per drafted feature and event: the editor's summary and whether they accept the item."""
    st.markdown("#### Accept")
    st.caption("An item stays a draft until you write its summary in your own words and tick Accept.")
    accepted: dict[str, str] = {}
    for item in items(files):
        title = item.get("name") or item.get("title") or item["id"]
        with st.expander(md_escape(f"{title} ({item['id']})")):
            if item.get("evidence"):
                st.caption(md_escape(item["evidence"]))
            summary = st.text_area("Summary", item["summary"], key=_key(f"s_{item['id']}"))
            if st.checkbox("Accept", key=_key(f"a_{item['id']}")):
                accepted[item["id"]] = summary
    return accepted


def slug_for(headline: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", headline.lower()).strip("-")[:40].strip("-") or "draft"


def preview(files: dict[str, Any]) -> Story | None:
    """The reviewed draft on a map with its own time bar (the offline export), and its timeline."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "story"
        write_files(files, target)
        story = load_story_or_error(target)
        if isinstance(story, StoryError):
            st.error("The draft cannot be shown: " + md_escape(str(story)))
            return None
        if story.events:
            first = min(event.date for event in story.events)
            page = export_html(story, first, [spec.id for spec in story.layers], "none")
            st.iframe(page, height=PREVIEW_HEIGHT, alt="The draft on a map, with its own time bar")
    lines = [f"- {md_escape(event.date.isoformat())} · {md_escape(event.title)}" for event in story.events]
    with st.expander("Timeline", expanded=True):
        st.markdown("\n".join(lines) or "No dated event.")
    return story


def save(files: dict[str, Any]) -> None:
    """Download the folder as a zip; save it under stories/ where the deployment allows."""
    st.markdown("#### Save")
    slug = st.text_input("Story's short name (its folder and `story=` in links)",
                         slug_for(files["story.json"]["title"].removeprefix("DRAFT: ")), key=_key("slug"))
    if not catalog.is_slug(slug):
        st.error("The short name takes lowercase letters, digits and '-' (up to 40), starting with a letter or "
                 "digit.")
        return
    st.download_button("Download the story folder (zip)", zipped(files, slug), file_name=f"{slug}.zip",
                       mime="application/zip", on_click="ignore")
    if not settings.editor_saves():
        st.caption("This deployment does not write stories; publish the zip's folder under stories/.")
        return
    if st.button("Save to the stories folder", key=_key("save")):
        target = catalog.stories_root() / slug
        try:
            write_files(files, target)
        except DraftError as error:
            st.error(md_escape(str(error)))
            return
        st.success(f"Saved. [Open the story](?story={slug})")


def editor_page() -> None:
    st.markdown("### Draft a story from an article")
    st.caption("For editors. Everything drafted is marked as a draft until you accept it, and a draft is never "
               "published as it stands.")
    draft_form()
    draft: Draft | None = st.session_state.get("ed_draft")
    if draft is None:
        return
    st.markdown(f"**{md_escape(draft.article.headline)}** · {md_escape(draft.publisher)}, "
                f"{draft.date.isoformat()} ({md_escape(draft.date_reason)})")
    review = Review(places=place_decisions(draft), added=added_places(), dates=date_decisions(draft))
    try:
        revised = revise(draft, review)
        files = reviewed_files(draft, review)
    except ReviewError as error:
        st.error(md_escape(str(error)))
        return
    st.text_input("Story title", files["story.json"]["title"], key=_key("title"))
    review.title = st.session_state[_key("title")]
    review.accept_story = st.checkbox("Accept the story (its title and article)", key=_key("accept_story"))
    review.accepted = acceptances(files)
    try:
        files = reviewed_files(draft, review)
    except ReviewError as error:
        st.error(md_escape(str(error)))
        return
    unresolved = [place.name for place in revised.unresolved]
    if unresolved:
        st.caption("Not resolved (add them above if they belong on the map): " + md_escape(", ".join(unresolved)))
    waiting = still_drafts(files)
    st.markdown("#### Map")
    preview(files)
    st.caption(f"{waiting} item(s) still drafts." if waiting else "Every item accepted.")
    save(files)
