"""The app's wiring under Streamlit's AppTest: URL in, widgets set, map arguments and URL out."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.load.story import load_story
from tests.appmap import drawn, map_args, map_data, map_data_text, report, sync_state
from tests.apptest import start
from tests.conftest import DATA, FIXTURES, ROOT

APP = str(ROOT / "app.py")


def run(params: dict[str, str] | None = None, story: Path | None = None, monkeypatch=None) -> AppTest:
    if story is not None:
        monkeypatch.setenv("STORY_DIR", str(story))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    drawn(at)  # the map has drawn its first date: the whole page follows (test_map_first_then_the_rest)
    assert not at.exception, at.exception
    return at


def layers_sent(at: AppTest) -> list[str]:
    """The layers the rerun tells the map to show."""
    return sync_state(at)["layers"]


def layers_with_features(at: AppTest) -> list[str]:
    """The layers whose features the map receives (the date is applied in the browser)."""
    return [layer["style"]["id"] for layer in map_data(at)["layers"] if layer["features"]]


def slider_date(at: AppTest) -> date:
    """The app's date (the map's slider reports it; a link sets it)."""
    value = at.session_state["date"]
    assert isinstance(value, date)
    return value


def share_code(at: AppTest, heading: str) -> str:
    """The code span under a heading of the Share box, as a reader copies it."""
    (text,) = [m.value for m in at.sidebar.markdown if heading in m.value]
    match = re.search(r"(`+) (.*) \1$", text, re.S)
    assert match, text
    return match.group(2)


def plain(markdown: str) -> str:
    """Markdown source as read on screen: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest) -> str:
    return plain("\n".join(e.value for e in [*at.markdown, *at.caption, *at.warning, *at.error]))


def test_default_view_is_the_phone_call_with_every_layer() -> None:
    at = run()
    assert slider_date(at).isoformat() == "2020-02-04"
    assert "Putin and Erdogan talk by phone" in texts(at)
    assert all(t.value for t in at.toggle)
    manifest = json.loads((DATA / "story.json").read_text(encoding="utf-8"))
    assert layers_sent(at) == [layer["id"] for layer in manifest["layers"]]  # all of them, in drawing order
    assert sync_state(at)["date"] == "2020-02-04"
    assert layers_with_features(at) == layers_sent(at)  # every feature once, with its dates
    assert at.query_params["date"] == "2020-02-04"


def test_query_parameters_set_slider_toggles_and_basemap() -> None:
    at = run({"date": "2019-10-23", "layers": "border,places", "basemap": "none"})
    assert slider_date(at).isoformat() == "2019-10-23"
    assert at.toggle(key="layer_border").value and at.toggle(key="layer_places").value
    assert not at.toggle(key="layer_idlib_zone").value
    assert at.radio(key="basemap").value == "none"
    assert layers_sent(at) == ["border", "places"]
    assert sync_state(at)["basemap"] == "none"
    assert "L.tileLayer" not in map_args(at)["feature_group"]
    assert "Russian military police and Syrian border guards deploy" in texts(at)


def first_run(params: dict[str, str]) -> AppTest:
    """A session's first run, before the map has said anything."""
    return start(params, timeout=60)


def test_map_first_then_the_rest() -> None:
    """The first run sends the headline and the map only; the map's first word brings the card and sidebar."""
    at = first_run({"date": "2019-10-23"})
    assert "Putin and Erdogan talk Syria: the geography of a phone call" in texts(at)
    assert sync_state(at)["date"] == "2019-10-23"  # the map opens on the link's date all the same
    assert "Russian military police and Syrian border guards deploy" not in texts(at)
    assert not at.toggle and not at.radio and not at.get("download_button") and not at.expander
    assert at.query_params["date"] == "2019-10-23"  # the address holds the view from the first run
    script = map_args(at)["script"]

    drawn(at)
    assert not at.exception, at.exception
    assert "Russian military police and Syrian border guards deploy" in texts(at)
    assert len(at.toggle) == len(load_story(DATA).layers) and at.radio
    assert len(at.get("download_button")) == 4
    assert [e.label for e in at.expander] == ["Timeline"]
    assert map_args(at)["script"] == script  # the same map: nothing is remounted
    assert slider_date(at).isoformat() == "2019-10-23" and at.query_params["date"] == "2019-10-23"
    assert not at.warning  # the word carries no date: it changes nothing


def test_the_maps_first_word_is_read_like_any_report() -> None:
    """A forged first word brings the rest of the page and nothing else: no date, no view, no notice."""
    at = first_run({"date": "2019-10-23"})
    at.session_state["map"] = {"drawn": "<script>alert(1)</script>", "seq": ["x"], "view": {"lat": 1}}
    at.run()
    assert not at.exception, at.exception
    assert at.toggle and slider_date(at).isoformat() == "2019-10-23" and at.session_state["view"] is None
    assert not at.warning and "script" not in texts(at)


def test_map_assets_come_from_the_app() -> None:
    args = map_args(run())
    assert args["js_links"][0] == "/app/static/vendor/leaflet/leaflet.js"
    assert args["css_links"][0] == "/app/static/vendor/leaflet/leaflet.css"
    assert all(link.startswith("/app/static/vendor/") for link in args["js_links"] + args["css_links"])
    assert args["returned_objects"] == []  # streamlit-folium's own reports stay empty: no rerun per pan
    assert boot_url(args).startswith("/app/static/story/")  # the story's data: a static file, fetched once


def boot_url(args: dict) -> str:
    match = re.search(r'StoryTime\.boot\(map_div, \{"url":"([^"]+)"\}', args["script"])
    assert match, args["script"][-500:]
    return match.group(1)


def test_a_view_in_the_url_is_passed_to_the_map() -> None:
    at = run({"lat": "35.9", "lon": "36.6", "z": "9"})
    assert sync_state(at)["view"] == {"lat": 35.9, "lon": 36.6, "zoom": 9}
    assert map_args(at)["center"] is None  # the map's own view is left alone by every rerun


def test_bad_parameters_are_ignored_with_a_notice() -> None:
    at = run({"date": "not-a-date", "layers": "border,<b>x</b>", "basemap": "mars", "z": "x"})
    notices = [w.value for w in at.warning]
    assert len(notices) == 4
    assert slider_date(at).isoformat() == "2020-02-04"
    assert layers_sent(at) == ["border"]
    # shown as text: every markup character is escaped, and reads back as written
    assert any("\\<b\\>" in n and "'<b>x</b>'" in plain(n) for n in notices), notices


def test_date_between_events_snaps_back_with_a_notice() -> None:
    at = run({"date": "2019-11-15"})
    assert slider_date(at).isoformat() == "2019-11-01"
    assert any("has no event" in w.value for w in at.warning)


def test_the_maps_report_moves_the_card_and_the_url_not_the_map() -> None:
    at = run({"date": "2020-02-04"})
    before = map_args(at)
    report(at, "2017-05-04")
    after = map_args(at)
    assert slider_date(at).isoformat() == "2017-05-04"
    assert at.query_params["date"] == "2017-05-04"
    assert "Astana memorandum" in texts(at)
    assert after["script"] == before["script"]  # same base map: not remounted
    assert after["feature_group"] == before["feature_group"]  # nothing sent back: the map shows it already


def test_the_map_reports_the_view_once_the_reader_moved_it() -> None:
    at = run({"date": "2019-10-23"})
    report(at, "2019-10-23", {"lat": 36.123456789, "lon": 40.5, "zoom": 8})
    assert (at.query_params["lat"], at.query_params["lon"], at.query_params["z"]) == ("36.12346", "40.50000", "8")
    report(at, "2019-10-23", None)  # the reader pressed "Frame the event": the view leaves the link
    assert "lat" not in at.query_params


@pytest.mark.parametrize(("sent", "shown"), [("2019-11-15", "2019-11-01"), ("<b>x</b>", "2020-02-04"),
                                             ("9999-99-99", "2020-02-04"), ("None", "2020-02-04")])
def test_a_report_is_decoded_like_a_link(sent: str, shown: str) -> None:
    at = run()
    report(at, sent, {"lat": "x", "lon": 1, "zoom": 2})  # a forged report: bad values are dropped
    assert not at.exception
    assert slider_date(at).isoformat() == shown
    assert "lat" not in at.query_params


def test_a_report_seen_before_is_not_applied_twice() -> None:
    at = run({"date": "2019-10-23"})
    report(at, "2017-05-04")
    at.session_state["date"] = date(2019, 10, 22)  # as if the server changed it since
    at.run()  # the same report (same seq) is still in session state
    assert slider_date(at).isoformat() == "2019-10-22"


def test_toggle_off_removes_the_layer_and_updates_the_url() -> None:
    at = run()
    at.toggle(key="layer_observation_posts").set_value(False).run()
    assert "observation_posts" not in layers_sent(at)
    assert "observation_posts" not in at.query_params["layers"]


def test_broken_layer_shows_an_error_and_the_rest_of_the_story(monkeypatch) -> None:
    at = run(story=FIXTURES / "broken", monkeypatch=monkeypatch)
    errors = plain("\n".join(e.value for e in at.error))
    assert "layers/zones.geojson" in errors and "not valid JSON" in errors
    sent = map_data_text(at)
    assert '"id":"town-a"' in sent and '"id":"zone-a"' not in sent


def test_missing_story_is_a_clear_error(tmp_path, monkeypatch) -> None:
    at = run(story=tmp_path, monkeypatch=monkeypatch)
    assert "story.json" in plain(at.error[0].value)


@pytest.mark.parametrize("key", ["date", "basemap"])
def test_url_always_holds_date_and_basemap(key: str) -> None:
    assert key in run().query_params


def test_share_box_shows_the_link_of_this_view() -> None:
    at = run({"date": "2019-10-23", "layers": "border,places", "basemap": "none", "lat": "36.8", "lon": "40.1",
              "z": "8"})
    link = share_code(at, "Link to this view")
    assert link.endswith("?story=idlib&date=2019-10-23&layers=border,places&basemap=none&lat=36.80000&lon=40.10000&z=8")


@pytest.fixture
def story_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders the story loader reads during the test, in order."""
    import geo.load.story

    calls: list[str] = []
    real = geo.load.story.load_story

    def counted(folder: str) -> object:
        calls.append(str(folder))
        return real(folder)

    monkeypatch.setattr(geo.load.story, "load_story", counted)
    return calls


def test_download_buttons_are_offered() -> None:
    labels = [b.proto.label for b in run().get("download_button")]
    assert labels == ["Visible features (GeoJSON)", "Map image (PNG)", "Timeline (CSV)", "Offline map (HTML)"]


def test_story_is_read_once_per_process_not_per_rerun(tmp_path, monkeypatch, story_reads: list[str]) -> None:
    import shutil

    story = tmp_path / "once"
    shutil.copytree(FIXTURES / "mini", story)
    at = run(story=story, monkeypatch=monkeypatch)
    report(at, "2019-06-01")
    AppTest.from_file(APP, default_timeout=60).run()  # a second session in the same process
    assert story_reads == [str(story)]


def posts_behind(at: AppTest) -> dict[str, str]:
    """Post id -> its 'behind the lines' status on the app's date, as sent to the map."""
    day = slider_date(at).isoformat()
    (stop,) = [s for s in map_data(at)["stops"] if s["date"] == day]
    return {pid: text for pid, text in stop["status"].items() if pid.startswith("post-")}


@pytest.mark.parametrize(("day", "behind"), [
    ("2019-05-06", {}),
    ("2019-08-23", {"post-09": "Behind government lines since 23 August 2019"}),
    ("2020-02-04", {"post-09": "Behind government lines since 23 August 2019",
                    "post-06": "Behind government lines since 23 December 2019"}),
])
def test_posts_behind_the_lines_follow_the_control_layer(day: str, behind: dict[str, str]) -> None:
    assert posts_behind(run({"date": day})) == behind


def test_the_call_day_shows_the_situation_and_later_dates_are_marked_after_the_article() -> None:
    at = run({"date": "2020-02-27"})
    assert "After the article" in texts(at)
    assert "control" in layers_sent(at) and "front_line" in layers_sent(at)
    timeline = plain(next(e.value for e in at.markdown if "Balyun" in e.value and "\n" in e.value))
    assert "Air strike at Balyun kills dozens of Turkish soldiers · after the article" in timeline
    assert "Putin and Erdogan talk by phone · after the article" not in timeline
    stops = {s["date"]: s for s in map_data(at)["stops"]}
    assert (stops["2020-02-27"]["label"], stops["2020-02-27"]["after"]) == ("27 February 2020", True)
    assert stops["2020-02-04"]["after"] is False


def test_a_fatal_story_error_is_shown_and_cached_not_reread_for_every_reader(tmp_path, monkeypatch,
                                                                           story_reads: list[str]) -> None:
    empty = tmp_path / "no-manifest"
    empty.mkdir()
    at = run(story=empty, monkeypatch=monkeypatch)
    assert any("story.json: file is missing" in plain(e.value) for e in at.error)
    AppTest.from_file(APP, default_timeout=60).run()  # a second reader
    assert story_reads == [str(empty)]


def test_many_bad_features_make_a_short_error_box(tmp_path, monkeypatch) -> None:
    import shutil

    story = tmp_path / "many"
    shutil.copytree(FIXTURES / "mini", story)
    path = story / "layers" / "towns.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    bad = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.0, 36.0]}, "properties": None}
    data["features"] += [bad] * 90  # within the layer's budget of 100 places
    path.write_text(json.dumps(data), encoding="utf-8")
    at = run(story=story, monkeypatch=monkeypatch)
    (box,) = at.error
    shown = box.value.replace("\\", "")  # as the reader sees it: Markdown's escapes gone
    assert "90 problem(s)" in shown and "and 70 more" in shown
    assert len(box.value) < 5_000
    towns = next(layer for layer in map_data(at)["layers"] if layer["style"]["id"] == "towns")
    sound = load_story(FIXTURES / "mini").features["towns"]
    assert [f["properties"]["id"] for f in towns["features"]] == [f.id for f in sound]  # the sound ones still draw


def test_the_toll_card_shows_the_count_as_reported_by_the_date_beside_the_kremlins_claim() -> None:
    at = run({"date": "2020-02-04"})
    texts = [plain(m.value) for m in at.markdown]
    captions = [plain(c.value) for c in at.caption]
    assert any("520,000 people" in t and "since 1 December 2019" in t for t in texts), texts
    assert any("1,506 civilians" in t for t in texts)
    assert any(t.startswith("**The Kremlin**") and "said:" in t for t in texts)
    assert any("para. 4" in c for c in captions) and any("UN OCHA" in c for c in captions)
    later = run({"date": "2020-02-27"})
    assert any("948,000" in plain(m.value) for m in later.markdown)
    before = run({"date": "2018-03-22"})
    assert not any("human toll" in m.value for m in before.markdown)


def test_misconfigured_tiles_are_a_clear_error_naming_the_setting(monkeypatch) -> None:
    monkeypatch.setenv("STORY_TILES_URL", "ftp://tiles.example/{z}/{x}/{y}.png")
    at = start()
    assert len(at.error) == 1 and "STORY_TILES_URL" in plain(at.error[0].value)
    assert not list(at.get("component_instance"))  # no map without its background


def test_the_basemap_choice_is_named_by_the_deployments_tiles(monkeypatch) -> None:
    monkeypatch.setenv("STORY_TILES_TITLE", "Newsroom streets")
    at = run()
    assert at.radio(key="basemap").format_func("osm") == "Newsroom streets"
