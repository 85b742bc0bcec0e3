from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from geo.__main__ import main
from geo.load.story import load_story
from geo.render.export import export_html, export_payload
from tests.conftest import DATA, FIXTURES, ROOT, edit_feature


def payload_of(html: str) -> dict:
    match = re.search(r"StoryTime\.start\(map_\w+, (\{.*\})\);", html)
    assert match, "no StoryTime.start(...) call in the page"
    return json.loads(match.group(1))


def test_export_inlines_leaflet_and_loads_nothing_from_outside() -> None:
    html = export_html(load_story(FIXTURES / "mini"), date(2020, 1, 10), ["zones", "towns"])
    assert "<script src=" not in html and '<link rel="stylesheet"' not in html
    assert re.search(r"<script>\s*/\* @preserve\s*\* Leaflet 1\.9\.4", html)
    assert "http" not in re.sub(r"https?://(leafletjs\.com|www\.openstreetmap\.org|carto\.com)[^\s\"']*", "",
                                html.split("</head>")[1])


def test_payload_holds_every_feature_with_its_dates_and_every_stop() -> None:
    payload = export_payload(load_story(FIXTURES / "mini"), date(2019, 7, 1), ["towns"])
    assert [s["date"] for s in payload["stops"]] == ["2019-06-01", "2020-01-10"]
    assert payload["start"] == 0  # 1 July 2019 snaps back to the June event
    (towns,) = payload["layers"]
    assert [(f["properties"]["id"], f["properties"]["valid_from"]) for f in towns["features"]] == [
        ("town-a", None), ("town-b", "2020-01-01")]
    assert payload["stops"][1]["events"][0]["features"] == ["town-b"]


def test_hostile_title_and_names_stay_inert(mini_copy: Path) -> None:
    edit_feature(mini_copy, "towns", 0, name="</script><script>alert(1)</script>")
    manifest = json.loads((mini_copy / "story.json").read_text())
    manifest["title"] = "<img src=x onerror=alert(1)>"
    (mini_copy / "story.json").write_text(json.dumps(manifest))
    html = export_html(load_story(mini_copy), date(2020, 1, 10), ["towns"])
    assert "<img src=x" not in html and "<script>alert(1)" not in html
    assert "<title>&lt;img src=x onerror=alert(1)&gt;</title>" in html


def test_cli_writes_the_file(tmp_path: Path, capsys) -> None:
    out = tmp_path / "story.html"
    code = main(["export", "-o", str(out), "--date", "2019-06-01", "--layers", "zones", "--basemap", "none",
                 "--story", str(FIXTURES / "mini")])
    assert code == 0
    payload = payload_of(out.read_text(encoding="utf-8"))
    assert [layer["style"]["id"] for layer in payload["layers"]] == ["zones"]
    assert f"wrote {out}" in capsys.readouterr().out


def test_cli_refuses_unknown_layers(tmp_path: Path, capsys) -> None:
    code = main(["export", "-o", str(tmp_path / "x.html"), "--layers", "zones,nope", "--story", str(FIXTURES / "mini")])
    assert code == 2
    assert capsys.readouterr().err == "unknown layers: nope (known: zones, towns)\n"
    assert not (tmp_path / "x.html").exists()


def test_module_command_exits_2_for_unknown_layers(tmp_path: Path) -> None:
    """`python -m geo export --layers nope` as a real process: exit status exactly 2, nothing written."""
    out = tmp_path / "x.html"
    result = subprocess.run([sys.executable, "-m", "geo", "export", "-o", str(out), "--layers", "nope"], cwd=ROOT,
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "unknown layers: nope (known: " in result.stderr
    assert result.stdout == "" and not out.exists()


def test_bad_date_is_an_argument_error(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "-o", str(tmp_path / "x.html"), "--date", "soon"])
    assert exit_info.value.code == 2  # argparse's usage error, not a clean exit (0) or a crash
    assert "argument --date: invalid fromisoformat value: 'soon'" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def _mini_page() -> str:
    return export_html(load_story(FIXTURES / "mini"), date(2020, 1, 10), ["zones", "towns"])


def test_page_declares_its_language() -> None:
    page = _mini_page()
    assert page.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">\n<head>')
    assert page.count("<html") == 1


def test_page_shows_the_headline_as_text_above_the_map() -> None:
    story = load_story(DATA)
    page = export_html(story, date(2020, 2, 4), ["border"])
    body = page.split("<body>", 1)[1]
    header = re.search(r'<header class="story-headline">(.*?)</header>', body, re.S)
    assert header and body.index("<header") < body.index('class="folium-map"')
    text = html.unescape(re.sub(r"<[^>]+>", " ", header.group(1)))
    assert story.title in text
    assert "TASS, 4 February 2020: 'Putin, Erdogan hold telephone talks on Syria — Kremlin'" in text


def test_hostile_title_in_the_headline_is_escaped(mini_copy: Path) -> None:
    manifest = json.loads((mini_copy / "story.json").read_text())
    manifest["title"] = "</h1><script>alert(1)</script>"
    (mini_copy / "story.json").write_text(json.dumps(manifest))
    page = export_html(load_story(mini_copy), date(2020, 1, 10), ["towns"])
    assert "<script>alert(1)" not in page
    assert '<h1 class="story-headline-title">&lt;/h1&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>' in page


def test_viewport_allows_pinch_zoom() -> None:
    viewports = re.findall(r'<meta name="viewport"[^>]*>', _mini_page())
    assert viewports == ['<meta name="viewport" content="width=device-width, initial-scale=1" />']
    assert "maximum-scale" not in viewports[0] and "user-scalable" not in viewports[0]


def test_linkable_page_gets_the_same_language_headline_and_viewport() -> None:
    page = export_html(load_story(FIXTURES / "mini"), date(2020, 1, 10), [], linkable=True)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
    assert '<header class="story-headline">' in page and "user-scalable" not in page
