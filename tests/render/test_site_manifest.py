"""Incremental builds of the static site: only what changed is drawn again, and nothing when nothing changed.

On a copy of the mini story (two dates: two pages, two previews), so each build takes seconds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from geo.load.story import load_story
from geo.render.site import build_site
from geo.render.site_manifest import MANIFEST, Manifest, files_digest
from tests.conftest import FIXTURES

BASE = "https://maps.example.org/mini/"
DATES = ("2019-06-01", "2020-01-10")
PAGE_FILES = {f"en/{day}/{name}" for day in DATES for name in ("index.html", "index.html.gz", "embed.html")}
PREVIEWS = {f"en/{day}/preview.png" for day in DATES}
COPIES = {"index.html", "index.html.gz", "en/index.html", "en/index.html.gz"}


@pytest.fixture
def story_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    shutil.copytree(FIXTURES / "mini", folder)
    return folder


def build(folder: Path, out: Path, base: str = BASE, workers: int = 1):
    return build_site(load_story(folder), out, base_url=base, workers=workers)


def written(report, out: Path) -> set[str]:
    return {path.relative_to(out).as_posix() for path in report.written}


def mtimes(out: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in out.rglob("*")}


def test_the_first_build_writes_everything_and_a_second_nothing(story_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(story_folder, out, workers=2)  # through the process pool
    assert written(first, out) == PAGE_FILES | PREVIEWS | COPIES | {"sitemap.xml", "robots.txt", "README.txt",
                                                                     MANIFEST}
    assert first.unchanged == 0
    before = mtimes(out)
    second = build(story_folder, out)
    assert (second.written, second.removed, second.unchanged) == ([], [], 4)
    assert mtimes(out) == before


def test_a_changed_story_is_drawn_again(story_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(story_folder, out)
    events = story_folder / "events.json"
    events.write_text(events.read_text(encoding="utf-8").replace("Town B appears", "Town B is founded"),
                      encoding="utf-8")
    report = build(story_folder, out)
    assert written(report, out) >= PAGE_FILES | PREVIEWS | COPIES and report.unchanged == 0
    assert "Town B is founded" in (out / "en/2020-01-10/index.html").read_text(encoding="utf-8")


def test_a_new_base_url_rewrites_the_pages_not_the_pictures(story_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(story_folder, out)
    pictures = {name: (out / name).stat().st_mtime_ns for name in PREVIEWS}
    report = build(story_folder, out, base="https://elsewhere.example/")
    assert written(report, out) == PAGE_FILES | COPIES | {"sitemap.xml", "robots.txt", "README.txt", MANIFEST}
    assert report.unchanged == 2 and {name: (out / name).stat().st_mtime_ns for name in PREVIEWS} == pictures


def test_a_touched_or_copied_story_with_the_same_files_is_the_same_story(story_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(story_folder, out)
    for path in story_folder.rglob("*"):
        path.touch()
    (story_folder / "__pycache__").mkdir()  # what importing a story's derive.py leaves behind
    (story_folder / "__pycache__" / "derive.cpython-311.pyc").write_bytes(b"\0")
    assert build(story_folder, out).written == []


def test_a_deleted_file_is_made_again_alone(story_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(story_folder, out)
    (out / "en/2019-06-01/preview.png").unlink()
    report = build(story_folder, out)
    assert written(report, out) == {"en/2019-06-01/preview.png"} and report.unchanged == 3


def test_a_date_gone_from_the_story_has_its_files_removed(story_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(story_folder, out)
    (out / "en/2019-06-01/notes.txt").write_text("someone else's file", encoding="utf-8")
    events = json.loads((story_folder / "events.json").read_text(encoding="utf-8"))
    events["events"] = [event for event in events["events"] if event["date"] != "2019-06-01"]
    (story_folder / "events.json").write_text(json.dumps(events), encoding="utf-8")
    report = build(story_folder, out)
    gone = {f"en/2019-06-01/{name}" for name in ("index.html", "index.html.gz", "embed.html", "preview.png")}
    assert {path.relative_to(out.resolve()).as_posix() for path in report.removed} == gone
    assert sorted(p.name for p in (out / "en/2019-06-01").iterdir()) == ["notes.txt"]  # not ours: kept
    assert "2019-06-01" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_a_manifest_never_removes_a_file_outside_the_folder(tmp_path: Path) -> None:
    out, outside = tmp_path / "out", tmp_path / "precious.txt"
    out.mkdir()
    outside.write_text("keep", encoding="utf-8")
    (out / MANIFEST).write_text(json.dumps({"format": 1, "jobs": {"page:x": {"digest": "0",
                                                                           "files": ["../precious.txt"]}}}))
    assert Manifest.read(out).remove_stale() == [] and outside.exists()


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"format": 99, "jobs": {}}', '{"format": 1, "jobs": 3}'])
def test_an_unreadable_manifest_means_build_everything(tmp_path: Path, text: str) -> None:
    (tmp_path / MANIFEST).write_text(text, encoding="utf-8")
    manifest = Manifest.read(tmp_path)
    assert manifest.before == {} and not manifest.fresh("page:x", "0", [])


def test_the_story_digest_is_of_contents(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("1", encoding="utf-8")
    first = files_digest(tmp_path)
    (tmp_path / "a.json").write_text("2", encoding="utf-8")
    assert files_digest(tmp_path) != first
