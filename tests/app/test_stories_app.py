"""Many stories, one app (AppTest): story= links, the list of stories, drafts, and the editor's page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.check.validate import validate_folder
from geo.load.story import load_story
from tests.appmap import drawn, has_map, map_data_text
from tests.apptest import by_key, opened, start, texts
from tests.conftest import DATA, DRAFT_EVAL, FIXTURES

ROCHDI = DRAFT_EVAL / "un-rochdi-2020-02-27-northwest-syria.txt"
IDLIB = load_story(DATA)








def retitle(folder: Path, title: str, **more: object) -> None:
    manifest = json.loads((folder / "story.json").read_text(encoding="utf-8"))
    manifest.update(title=title, **more)
    (folder / "story.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture
def shelf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stories folder: alpha (the default), beta, a story with a bad layer, one that cannot load, a draft."""
    for slug, title in (("alpha", "Alpha story"), ("beta", "Beta story"), ("drafted", "DRAFT: a drafted story")):
        shutil.copytree(FIXTURES / "mini", tmp_path / slug)
        retitle(tmp_path / slug, title, **({"draft": True} if slug == "drafted" else {}))
    shutil.copytree(FIXTURES / "broken", tmp_path / "broken")
    (tmp_path / "fatal").mkdir()
    (tmp_path / "fatal" / "story.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "catalog.json").write_text(json.dumps({"default": "alpha"}), encoding="utf-8")
    monkeypatch.setenv("STORIES_DIR", str(tmp_path))
    monkeypatch.delenv("STORY_DIR", raising=False)
    monkeypatch.delenv("STORY_EDITOR", raising=False)
    monkeypatch.delenv("STORY_EDITOR_SAVE", raising=False)
    return tmp_path


LINKS_OF_TODAY = [
    {},
    {"date": "2019-10-23", "layers": "border,places", "basemap": "none"},
    {"date": "2018-02-15", "basemap": "light", "lat": "36.1", "lon": "36.7", "z": "9"},
    {"date": "2019-10-24", "layers": "nope"},  # snapped, with notices
]


@pytest.mark.parametrize("link", LINKS_OF_TODAY, ids=["bare", "layers", "view", "snapped"])
def test_every_link_of_today_opens_the_same_view_as_with_story_idlib(link: dict[str, str]) -> None:
    """Links made before story= existed open the default story, exactly as the same link naming it."""
    old, new = opened(link), opened({"story": "idlib", **link})
    for key in ("date", "basemap", "view", "notices", *(f"layer_{spec.id}" for spec in IDLIB.layers)):
        assert old.session_state[key] == new.session_state[key], key
    assert texts(old) == texts(new)
    assert map_data_text(old) == map_data_text(new)
    assert dict(old.query_params) == dict(new.query_params)
    assert old.query_params["story"] in ("idlib", ["idlib"])


@pytest.mark.usefixtures("shelf")
def test_story_picks_the_story_and_an_unknown_one_says_so() -> None:
    beta = opened({"story": "beta"})
    assert "Beta story" in texts(beta)
    assert beta.query_params["story"] in ("beta", ["beta"])
    unknown = opened({"story": "nope<script>"})
    assert "There is no story 'nope<script>'" in texts(unknown)
    assert "Alpha story" in texts(unknown) and unknown.query_params["story"] in ("alpha", ["alpha"])


@pytest.mark.usefixtures("shelf")
def test_the_list_of_stories() -> None:
    at = start({"page": "stories"})
    shown = texts(at)
    assert "#### Alpha story" in shown and "#### Beta story" in shown and "?story=beta" in shown
    assert "drafted story" not in shown  # readers never see a draft
    assert "fatal" in shown and "cannot be shown" in shown and "story.json" in shown
    assert "problem(s) in its data" in shown  # the story with a bad layer
    assert len(at.get("image")) == 3  # a thumbnail per story that loads (alpha, beta, broken)
    assert "Draft a new story" not in shown
    by_key(at.button, "open-beta").click().run()  # opens the story's map in the same tab
    assert at.query_params["story"] in ("beta", ["beta"])
    drawn(at)
    assert "Beta story" in texts(at) and has_map(at)


@pytest.mark.usefixtures("shelf")
def test_a_bad_story_shows_its_problem_and_leaves_the_others_working() -> None:
    fatal = start({"story": "fatal"})
    assert "story.json" in texts(fatal) and not has_map(fatal)
    broken = opened({"story": "broken"})
    assert "layers/zones.geojson" in texts(broken) and has_map(broken)
    assert "Alpha story" in texts(opened({"story": "alpha"}))


@pytest.mark.usefixtures("shelf")
def test_a_draft_is_for_editors_only(monkeypatch: pytest.MonkeyPatch) -> None:
    public = start({"story": "drafted"})
    assert "draft under review and is not published" in texts(public) and not has_map(public)
    monkeypatch.setenv("STORY_EDITOR", "1")
    desk = opened({"story": "drafted"})
    assert "Draft under review" in texts(desk) and has_map(desk)
    listed = texts(start({"page": "stories"}))
    assert "drafted story" in listed and "Draft a new story" in listed


@pytest.mark.usefixtures("shelf")
def test_the_editors_page_is_off_by_default() -> None:
    at = opened({"page": "editor"})
    assert "Ignored parameter 'page'" in texts(at)
    assert "Draft a story from an article" not in texts(at)
    assert not [b for b in at.button if b.key == "ed_go"]


def test_a_changed_story_is_read_again(shelf: Path) -> None:
    assert "Alpha story" in texts(opened({"story": "alpha"}))
    retitle(shelf / "alpha", "Alpha story, corrected")
    assert "Alpha story, corrected" in texts(opened({"story": "alpha"}))


def editor(params: dict[str, str] | None = None) -> AppTest:
    return start({"page": "editor", **(params or {})})




def test_the_editor_drafts_reviews_and_saves_a_story(shelf: Path, monkeypatch: pytest.MonkeyPatch,
                                                     gazetteer_index: Path) -> None:
    monkeypatch.setenv("GEO_DRAFT_INDEX", str(gazetteer_index))
    monkeypatch.setenv("STORY_EDITOR", "1")
    monkeypatch.setenv("STORY_EDITOR_SAVE", "1")
    at = editor()
    by_key(at.text_area, "ed_text").input(ROCHDI.read_text(encoding="utf-8")).run()
    by_key(at.button, "ed_go").click().run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "2020-02-27 (the dateline)" in shown
    expanders = [e.label for e in at.expander]
    assert any(label.startswith("Geneva · place") for label in expanders)
    draft = at.session_state["ed_draft"]
    geneva = next(i for i, p in enumerate(draft.places) if p.name == "Geneva")
    december = next(i for i, d in enumerate(draft.dates) if d.text == "1 December")
    by_key(at.checkbox, f"ed1_p{geneva}_drop").check().run()           # drop a place
    by_key(at.text_input, f"ed1_d{december}_reading").input("2019-12").run()  # change a reading
    by_key(at.text_input, "ed1_add_name").input("Saraqib")               # add a missed place
    by_key(at.number_input, "ed1_add_lat").set_value(35.8625)
    by_key(at.number_input, "ed1_add_lon").set_value(36.8003)
    by_key(at.button, "ed1_add_go").click().run()
    assert not at.exception, at.exception
    accept = [c.key for c in at.checkbox if c.key and c.key.startswith("ed1_a_")]
    assert "ed1_a_saraqib" in accept and "ed1_a_geneva" not in accept
    for key in accept:  # accept every item, each with our own words
        identifier = key.removeprefix("ed1_a_")
        by_key(at.text_area, f"ed1_s_{identifier}").input(f"What the statement says of {identifier}.")
        by_key(at.checkbox, key).check()
    by_key(at.text_input, "ed1_title").input("Strikes and flight in north-western Syria, February 2020")
    by_key(at.checkbox, "ed1_accept_story").check()
    by_key(at.text_input, "ed1_slug").input("strikes-feb-2020")
    at.run()
    assert not at.error, [e.value for e in at.error]
    assert "Every item accepted." in texts(at)
    by_key(at.button, "ed1_save").click().run()
    assert "[Open the story](?story=strikes-feb-2020)" in texts(at)
    saved = shelf / "strikes-feb-2020"
    by_key(at.button, "ed1_save").click().run()  # a folder that exists is never overwritten
    assert "already exists" in texts(at) and not at.exception
    assert validate_folder(saved) == []  # an accepted draft validates clean
    places = json.loads((saved / "layers" / "places.geojson").read_text(encoding="utf-8"))["features"]
    assert "geneva" not in {f["properties"]["id"] for f in places}
    assert any(f["properties"]["id"] == "saraqib" and f["geometry"]["coordinates"] == [36.8003, 35.8625]
               for f in places)
    events = json.loads((saved / "events.json").read_text(encoding="utf-8"))["events"]
    assert any(e["date"] == "2019-12-01" and e["precision"] == "month" for e in events)
    story = opened({"story": "strikes-feb-2020"})  # served at once, like any other story
    assert "Strikes and flight in north-western Syria, February 2020" in texts(story) and has_map(story)
    by_key(editor().button, "ed_go")  # a new session starts with an empty desk


@pytest.mark.parametrize(("article", "says"), [
    (b"", "Paste an article"),
    (b"\x00\x01binary", "binary file"),
    (b"<html><body><p>Hi.</p></body></html>", "looks like HTML"),
    ("عنوان\nهذا نص عربي طويل عن سوريا.".encode(), "right-to-left"),
    (b"A headline\nNo dateline here, and nothing says when.", "no dateline"),
    (b"A headline\n" + b"Words. " * 1_500_000, "an article is expected to be under"),  # 10 MB
])
@pytest.mark.usefixtures("shelf")
def test_the_editor_names_what_is_wrong_with_an_article(monkeypatch: pytest.MonkeyPatch,
                                                        gazetteer_index: Path, article: bytes, says: str) -> None:
    monkeypatch.setenv("GEO_DRAFT_INDEX", str(gazetteer_index))
    monkeypatch.setenv("STORY_EDITOR", "1")
    at = editor()
    by_key(at.text_area, "ed_text").input(article.decode("utf-8", "replace")).run()
    by_key(at.button, "ed_go").click().run()
    assert not at.exception, at.exception
    assert says in texts(at)
    assert "ed_draft" not in at.session_state
