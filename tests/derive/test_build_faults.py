"""The build and `geo validate` read the real story's inputs through the confined reader: a broken input is a
problem naming the file, never a traceback, and nothing is written from broken inputs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from geo.__main__ import main
from tests.conftest import DATA

TRACEBACK = re.compile(r"Traceback|Error\(|File \"")


@pytest.fixture
def story(tmp_path: Path) -> Path:
    target = tmp_path / "story"
    shutil.copytree(DATA, target)
    return target


def huge_number_in_places(folder: Path, where: str) -> None:
    path = folder / "layers" / "places.geojson"
    text = path.read_text(encoding="utf-8")
    marker = {"coordinate": '"coordinates": [', "property": '"accuracy_km": '}[where]
    index = text.index(marker) + len(marker)
    path.write_text(text[:index] + "3" + "0" * 5_000 + text[index:].lstrip("0123456789."), encoding="utf-8")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted((folder / "layers").glob("*.geojson")) if p.is_file()}


@pytest.mark.parametrize("where", ["coordinate", "property"])
def test_a_5001_digit_number_in_places_stops_the_build_with_a_named_problem(story, where, capsys) -> None:
    huge_number_in_places(story, where)
    before = snapshot(story)
    code, output = run(["build", str(story)], capsys)
    assert code == 1
    assert "layers/places.geojson" in output and "nothing built" in output
    assert not TRACEBACK.search(output)
    assert snapshot(story) == before  # nothing rewritten from a broken input


@pytest.mark.parametrize("where", ["coordinate", "property"])
def test_a_5001_digit_number_in_places_is_reported_by_validate(story, where, capsys) -> None:
    huge_number_in_places(story, where)
    code, output = run(["validate", str(story)], capsys)
    assert code == 1 and "layers/places.geojson" in output and not TRACEBACK.search(output)


def test_a_derived_layer_that_is_a_directory_is_named_by_validate_and_build(story, capsys) -> None:
    target = story / "layers" / "border.geojson"
    target.unlink()
    target.mkdir()
    code, output = run(["validate", str(story)], capsys)
    assert code == 1 and "layers/border.geojson" in output and "directory" in output
    assert not TRACEBACK.search(output)
    code, output = run(["build", str(story)], capsys)
    assert code == 1 and "layers/border.geojson" in output and "not a regular file" in output
    assert not TRACEBACK.search(output)
    assert target.is_dir()


def test_a_derived_layer_that_is_a_symlink_is_not_written_through(story, tmp_path, capsys) -> None:
    outside = tmp_path / "outside.geojson"
    outside.write_text("{}", encoding="utf-8")
    target = story / "layers" / "front_line.geojson"
    target.unlink()
    target.symlink_to(outside)
    code, output = run(["build", str(story)], capsys)
    assert code == 1 and "layers/front_line.geojson" in output
    assert outside.read_text(encoding="utf-8") == "{}"


@pytest.mark.parametrize("breakage", ["settlements_directory", "changes_bad_controller", "no_derive",
                                      "derive_unknown_country", "bad_study_area"])
def test_broken_build_settings_and_tables_name_their_file(story, breakage, capsys) -> None:
    manifest = story / "story.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    if breakage == "settlements_directory":
        (story / "control" / "settlements.csv").unlink()
        (story / "control" / "settlements.csv").mkdir()
        expected = "control/settlements.csv"
    elif breakage == "changes_bad_controller":
        table = story / "control" / "changes.csv"
        table.write_text(table.read_text(encoding="utf-8").replace(",government,", ",martians,", 1),
                         encoding="utf-8")
        expected = "control/changes.csv"
    elif breakage == "no_derive":
        del data["derive"]
        expected = "'derive'"
    elif breakage == "derive_unknown_country":
        data["derive"]["country"] = "Atlantis"
        expected = "Atlantis"
    else:
        data["derive"]["study_area"] = {"rule": "north_of", "latitude": "35"}
        expected = "derive.study_area"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    code, output = run(["build", str(story)], capsys)
    assert code == 1 and expected in output and not TRACEBACK.search(output)
