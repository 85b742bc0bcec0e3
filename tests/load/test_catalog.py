"""The stories folder: which folders are stories, which is the default, and when a story has changed."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from geo.load import catalog
from tests.conftest import FIXTURES, ROOT


@pytest.fixture
def shelf(tmp_path: Path) -> Path:
    """A stories folder with two stories, a folder that is not a story, a bad name and a drafting leftover."""
    for slug in ("beta", "alpha"):
        shutil.copytree(FIXTURES / "mini", tmp_path / slug)
    (tmp_path / "notes").mkdir()  # no story.json
    shutil.copytree(FIXTURES / "mini", tmp_path / "Bad Name")
    shutil.copytree(FIXTURES / "mini", tmp_path / ".beta.x1y2")  # a draft being written (geo/draft/writer.py)
    return tmp_path


def test_only_slug_named_folders_with_a_story_json_are_stories(shelf: Path) -> None:
    assert [entry.slug for entry in catalog.entries(shelf)] == ["alpha", "beta"]


def test_the_catalogue_names_the_default_else_the_first_story(shelf: Path) -> None:
    assert catalog.default_slug(shelf) == "alpha"
    (shelf / catalog.CATALOG_FILE).write_text(json.dumps({"default": "beta"}), encoding="utf-8")
    assert catalog.default_slug(shelf) == "beta"
    (shelf / catalog.CATALOG_FILE).write_text(json.dumps({"default": "gone"}), encoding="utf-8")
    assert catalog.default_slug(shelf) == "alpha"
    (shelf / catalog.CATALOG_FILE).write_text("[not json", encoding="utf-8")
    assert catalog.default_slug(shelf) == "alpha"


def test_folder_of_refuses_what_is_not_a_story(shelf: Path) -> None:
    assert catalog.folder_of("beta", shelf) == shelf / "beta"
    for asked in ("gone", "../beta", "Bad Name", ".beta.x1y2", ""):
        assert catalog.folder_of(asked, shelf) is None


def test_a_missing_stories_folder_holds_none(tmp_path: Path) -> None:
    assert catalog.entries(tmp_path / "nowhere") == []
    assert catalog.default_slug(tmp_path / "nowhere") is None


def test_the_fingerprint_changes_with_any_file_of_the_story(shelf: Path) -> None:
    before = catalog.fingerprint(shelf / "alpha")
    assert catalog.fingerprint(shelf / "alpha") == before
    events = shelf / "alpha" / "events.json"
    stamp = events.stat().st_mtime_ns
    events.write_text(events.read_text(encoding="utf-8").replace("Town", "Tovn", 1), encoding="utf-8")
    os.utime(events, ns=(stamp + 10**9, stamp + 10**9))
    assert catalog.fingerprint(shelf / "alpha") != before
    (shelf / "alpha" / "layers" / "extra.geojson").write_text("{}", encoding="utf-8")
    assert catalog.fingerprint(shelf / "alpha")[0] == before[0] + 1


def test_the_project_ships_the_idlib_story_as_its_default() -> None:
    root = ROOT / "stories"
    assert catalog.default_slug(root) == "idlib"
    assert catalog.default_folder(root) == root / "idlib"


def test_stories_dir_points_everything_at_another_folder(shelf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORIES_DIR", str(shelf))
    assert catalog.stories_root() == shelf
    assert [entry.slug for entry in catalog.entries()] == ["alpha", "beta"]
