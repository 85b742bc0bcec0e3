"""`python -m geo validate`: one line per problem naming file, feature and reason; exit 1 on errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from geo.__main__ import main
from tests.conftest import DATA, FIXTURES, ROOT, edit_feature, read, write


def validate(folder: Path, capsys) -> tuple[int, list[str]]:
    code = main(["validate", str(folder)])
    return code, capsys.readouterr().out.strip().splitlines()


def test_clean_story_exits_zero(capsys) -> None:
    code, lines = validate(FIXTURES / "mini", capsys)
    assert code == 0
    assert lines == [f"{FIXTURES / 'mini'}: 0 error(s), 0 warning(s)"]


def test_bundled_story_is_clean_from_the_command_line() -> None:
    result = subprocess.run([sys.executable, "-m", "geo", "validate"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    *lines, summary = result.stdout.strip().splitlines()
    assert summary.endswith(" 0 error(s), " + f"{len(lines)} warning(s)")
    # the only warnings: translated names that spell a place otherwise than names.csv's sourced name (known,
    # listed in stories/idlib/README.md for the translators); anything else is a new fault
    assert all(line.startswith("warning: translations/") and "does not use the place's name in names.csv" in line
               for line in lines), "\n".join(lines)


TOWN_A = "error: layers/towns.geojson: feature #0 (id 'town-a'): "

# (fault, change to towns feature #0, the exact line `geo validate` prints for it)
FAULTS = [
    ("swapped pair", {"geometry": {"type": "Point", "coordinates": [35.5, 136.5]}},
     TOWN_A + "position [35.5, 136.5] looks swapped: GeoJSON wants [longitude, latitude]; feature skipped"),
    ("open ring", {"geometry": {"type": "Polygon", "coordinates": [[[36, 35], [37, 35], [37, 36], [36, 36]]]}},
     TOWN_A + "a polygon ring is not closed: its first and last positions differ; feature skipped"),
    ("self-intersection",
     {"geometry": {"type": "Polygon", "coordinates": [[[36, 35], [37, 36], [37, 35], [36, 36], [36, 35]]]}},
     TOWN_A + "geometry is not valid: Self-intersection[36.5 35.5]; feature skipped"),
    ("empty geometry", {"geometry": {"type": "MultiPolygon", "coordinates": []}},
     TOWN_A + "MultiPolygon geometry is empty; feature skipped"),
    ("absurd precision", {"geometry": {"type": "Point", "coordinates": [36.123456789012, 35.5]}},
     TOWN_A + "position [36.123456789012, 35.5] has more than 7 decimals (absurd precision); feature skipped"),
    ("bad date", {"valid_from": "2020-02-30"},
     TOWN_A + "date '2020-02-30' is not an ISO date (YYYY-MM-DD); feature skipped"),
    ("reversed dates", {"valid_from": "2020-02-01", "valid_to": "2020-01-01"},
     TOWN_A + "valid_from 2020-02-01 is after valid_to 2020-01-01; feature skipped"),
    ("wrong type", {"from_article": 1},
     TOWN_A + "property 'from_article' has value 1, expected a non-empty bool; feature skipped"),
    ("duplicate id", {"id": "zone-a"},
     "error: layers/towns.geojson: feature id 'zone-a': id is already used in layers/zones.geojson; feature skipped"),
]


@pytest.mark.parametrize(("change", "expected"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS])
def test_each_fault_is_named_and_fails_the_run(mini_copy: Path, capsys, change: dict,
                                               expected: str) -> None:
    """Exactly one problem line, as printed (file, feature, reason), then the summary; exit 1."""
    edit_feature(mini_copy, "towns", 0, **change)
    code, lines = validate(mini_copy, capsys)
    assert code == 1
    assert lines == [expected, f"{mini_copy}: 1 error(s), 0 warning(s)"]


def test_clockwise_ring_is_only_a_warning(mini_copy: Path, capsys) -> None:
    ring = [[36.0, 35.0], [36.0, 36.0], [37.0, 36.0], [37.0, 35.0], [36.0, 35.0]]
    edit_feature(mini_copy, "zones", 0, geometry={"type": "Polygon", "coordinates": [ring]})
    code, lines = validate(mini_copy, capsys)
    assert code == 0
    assert lines == ["warning: layers/zones.geojson: feature #0 (id 'zone-a'): an exterior ring is clockwise; "
                     "RFC 7946 wants counter-clockwise (the loader fixes it)", f"{mini_copy}: 0 error(s), 1 warning(s)"]


def test_crs_member_is_an_error(mini_copy: Path, capsys) -> None:
    path = mini_copy / "layers" / "zones.geojson"
    data = read(path)
    data["crs"] = {"type": "name", "properties": {"name": "EPSG:3857"}}
    write(path, data)
    code, lines = validate(mini_copy, capsys)
    assert code == 1
    assert lines == ["error: layers/zones.geojson: has a 'crs' member, which RFC 7946 removed (coordinates must be "
                     "WGS 84)", f"{mini_copy}: 1 error(s), 0 warning(s)"]


def test_event_faults_are_named(mini_copy: Path, capsys) -> None:
    data = read(mini_copy / "events.json")
    data["events"][1]["features"] = ["ghost"]
    data["events"][0]["paragraphs"] = [42]
    write(mini_copy / "events.json", data)
    code, lines = validate(mini_copy, capsys)
    assert code == 1
    assert lines == [
        "error: events.json: event #0 (id 'late'): cites paragraphs [42], but the article has 3; event skipped",
        "error: events.json: event #1 (id 'early'): names features that do not exist: ['ghost']; the event is shown "
        "without them",
        f"{mini_copy}: 2 error(s), 0 warning(s)",
    ]


def test_invalid_json_file_is_named(capsys) -> None:
    code, lines = validate(FIXTURES / "broken", capsys)
    assert code == 1
    assert lines == [
        "error: layers/zones.geojson: not valid JSON: Expecting value (line 2, column 1)",
        "error: events.json: event #1 (id 'early'): names features that do not exist: ['zone-a']; the event is shown "
        "without them",  # zone-a was in the file that could not be read
        f"{FIXTURES / 'broken'}: 2 error(s), 0 warning(s)",
    ]


def test_stale_derived_layer_is_reported(tmp_path: Path, capsys) -> None:
    import shutil

    shutil.copytree(DATA, tmp_path / "data")
    edit_feature(tmp_path / "data", "observation_posts", 0, geometry={"type": "Point", "coordinates": [36.9, 36.1]})
    code, lines = validate(tmp_path / "data", capsys)
    assert code == 1
    assert "error: layers/idlib_zone.geojson: is out of date with its inputs; run `python -m geo build`" in lines
