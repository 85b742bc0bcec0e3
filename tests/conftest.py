"""Shared fixtures: the bundled story, the fixture stories, and writable copies of them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "data"
ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"


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
