"""The app's wiring under Streamlit's AppTest: URL in, widgets set, map arguments and URL out."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURES, ROOT

APP = str(ROOT / "app.py")


def run(params: dict[str, str] | None = None, story: Path | None = None, monkeypatch=None) -> AppTest:
    if story is not None:
        monkeypatch.setenv("STORY_DIR", str(story))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def map_args(at: AppTest) -> dict:
    (component,) = [e for e in at.main if getattr(e, "type", None) == "component_instance"]
    return json.loads(component.proto.json_args)


def layers_sent(at: AppTest) -> list[str]:
    return re.findall(r'StoryMap\.layer\(.*?\{"id":"(\w+)","kind"', map_args(at)["feature_group"])


def slider_date(at: AppTest) -> date:
    value = at.select_slider(key="date").value
    assert isinstance(value, date)
    return value


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
    assert layers_sent(at) == ["control", "front_line", "idlib_zone", "peace_spring", "buffer_zone", "patrol_strip",
                               "border", "roads", "evacuation_routes", "observation_posts", "places"]
    assert at.query_params["date"] == "2020-02-04"


def test_query_parameters_set_slider_toggles_and_basemap() -> None:
    at = run({"date": "2019-10-23", "layers": "border,places", "basemap": "none"})
    assert slider_date(at).isoformat() == "2019-10-23"
    assert at.toggle(key="layer_border").value and at.toggle(key="layer_places").value
    assert not at.toggle(key="layer_idlib_zone").value
    assert at.radio(key="basemap").value == "none"
    assert layers_sent(at) == ["border", "places"]
    assert "L.tileLayer" not in map_args(at)["feature_group"]
    assert "Russian military police and Syrian border guards deploy" in texts(at)


def test_map_assets_come_from_the_app() -> None:
    args = map_args(run())
    assert args["js_links"] == ["/app/static/vendor/leaflet/leaflet.js"]
    assert args["css_links"] == ["/app/static/vendor/leaflet/leaflet.css"]
    assert args["returned_objects"] == []  # panning does not rerun the script


def test_a_view_in_the_url_is_passed_to_the_map() -> None:
    args = map_args(run({"lat": "35.9", "lon": "36.6", "z": "9"}))
    assert (args["center"], args["zoom"]) == ([35.9, 36.6], 9)


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


def test_previous_and_next_step_event_by_event() -> None:
    at = run({"date": "2020-01-12"})
    at.button(key="prev").click().run()
    assert slider_date(at).isoformat() == "2020-01-10"
    at.button(key="next").click().run()
    at.button(key="next").click().run()
    assert slider_date(at).isoformat() == "2020-01-15"
    assert at.query_params["date"] == "2020-01-15"


def test_moving_the_slider_changes_layers_not_the_map() -> None:
    at = run({"date": "2020-02-04"})
    before = map_args(at)
    at.select_slider(key="date").set_value(date(2017, 5, 4)).run()
    after = map_args(at)
    assert after["script"] == before["script"]  # same base map: not remounted
    assert after["feature_group"] != before["feature_group"]
    assert '"id":"sochi-30km-zone"' in before["feature_group"]
    assert '"id":"sochi-30km-zone"' not in after["feature_group"]


def test_toggle_off_removes_the_layer_and_updates_the_url() -> None:
    at = run()
    at.toggle(key="layer_observation_posts").set_value(False).run()
    assert "observation_posts" not in layers_sent(at)
    assert "observation_posts" not in at.query_params["layers"]


def test_broken_layer_shows_an_error_and_the_rest_of_the_story(monkeypatch) -> None:
    at = run(story=FIXTURES / "broken", monkeypatch=monkeypatch)
    errors = plain("\n".join(e.value for e in at.error))
    assert "layers/zones.geojson" in errors and "not valid JSON" in errors
    sent = map_args(at)["feature_group"]
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
    link = at.code[0].value
    assert link.endswith("?date=2019-10-23&layers=border,places&basemap=none&lat=36.80000&lon=40.10000&z=8")


@pytest.fixture
def story_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders the story loader reads during the test, in order."""
    import geo.story

    calls: list[str] = []
    real = geo.story.load_story

    def counted(folder: str) -> object:
        calls.append(str(folder))
        return real(folder)

    monkeypatch.setattr(geo.story, "load_story", counted)
    return calls


def test_download_buttons_are_offered() -> None:
    labels = [b.proto.label for b in run().get("download_button")]
    assert labels == ["Visible features (GeoJSON)", "Map image (PNG)", "Timeline (CSV)", "Offline map (HTML)"]


def test_story_is_read_once_per_process_not_per_rerun(tmp_path, monkeypatch, story_reads: list[str]) -> None:
    import shutil

    story = tmp_path / "once"
    shutil.copytree(FIXTURES / "mini", story)
    at = run(story=story, monkeypatch=monkeypatch)
    at.button(key="prev").click().run()
    AppTest.from_file(APP, default_timeout=60).run()  # a second session in the same process
    assert story_reads == [str(story)]


def posts_behind(at: AppTest) -> dict[str, str]:
    """Post id -> its 'behind the lines' status, as sent to the map."""
    script = map_args(at)["feature_group"]
    found = re.findall(r'"id":"(post-\d\d)"[^{}]*?"status":"([^"]*)"', script)
    return dict(found)


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
    assert "Air strike at Balyun kills dozens of Turkish soldiers *(after the article)*" in timeline
    assert "Putin and Erdogan talk by phone *(after the article)*" not in timeline
    slider = at.select_slider(key="date")
    assert slider.format_func(slider.value) == "27 February 2020 · after the article"


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
    assert "90 problem(s)" in box.value and "and 70 more" in box.value
    assert len(box.value) < 5_000
    assert layers_sent(at) == ["towns"]  # the sound features still draw
