"""Shared fixtures: the bundled story, the fixture stories, and writable copies of them."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from geo.draft import Drafter, Gazetteer, build_index, index_path
from geo.draft.sourced import SourcedPlaces
from geo.model import Story

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "stories" / "idlib"  # the bundled story
FIXTURES = Path(__file__).resolve().parent / "data"
ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"  # read from shared/, never copied here
DRAFT_EVAL = FIXTURES / "draft_eval"


def in_languages(story: Story, *languages: str) -> Story:
    """The story offered in these languages only, for the browser tests that build its static site: every language
    is some 100 more pages and pictures (tests/render/test_site.py builds all four)."""
    return dataclasses.replace(story, languages=languages)


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture story."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def edit_feature(folder: Path, layer_id: str, index: int, **changes: Any) -> None:
    """Change one feature of a fixture layer: `geometry=...` or properties by name."""
    path = folder / "layers" / f"{layer_id}.geojson"
    data = read(path)
    feature = data["features"][index]
    if "geometry" in changes:
        feature["geometry"] = changes.pop("geometry")
    feature["properties"].update(changes)
    write(path, data)


# The drafting tool's gazetteer, opened once for the session (built into a temporary file when missing).
@pytest.fixture(scope="session")
def gazetteer_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = index_path()
    if not path.is_file():  # scripts/setup.sh builds it; a bare checkout builds its own once
        path = build_index(tmp_path_factory.mktemp("index") / "gazetteer.sqlite")
    return path


@pytest.fixture(scope="session")
def gazetteer(gazetteer_index: Path) -> Gazetteer:
    return Gazetteer(gazetteer_index)


@pytest.fixture(scope="session")
def drafter(gazetteer: Gazetteer) -> Drafter:
    return Drafter(gazetteer, SourcedPlaces())


@pytest.fixture(scope="session")
def bare_drafter(gazetteer: Gazetteer, tmp_path_factory: pytest.TempPathFactory) -> Drafter:
    """GeoNames only, without the project's sourced places: the gazetteer's own choices are tested."""
    return Drafter(gazetteer, SourcedPlaces(tmp_path_factory.mktemp("no-data")))
