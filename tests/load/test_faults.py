"""The fault corpus, tests/data/faults/: every fault is one named line from `geo validate`, and the app still draws.

Each case is a folder laid over a copy of tests/data/mini/ (it holds only the files that differ) with
`expected.txt`: the exact lines `python -m geo validate` prints for it, its last line the summary with the
folder written as STORY_DIR. Faults that cannot live in git (symlinks, a FIFO, megabytes) are made by the
builder of the same name below; their folder holds `expected.txt` and `note.txt` (what the builder makes).
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.__main__ import main
from geo.load.budgets import BUDGETS
from geo.load.tables import read_settlements
from geo.problems import Problem
from tests.appmap import drawn, has_map, map_data_text
from tests.conftest import FIXTURES, ROOT, read, write

FAULTS = FIXTURES / "faults"
MINI = FIXTURES / "mini"
CASES = sorted(p.name for p in FAULTS.iterdir() if p.is_dir())
APP = str(ROOT / "app.py")
FOLDER = "STORY_DIR"  # how expected.txt writes the story folder in validate's summary line
MAX_OUTPUT = 4_096  # bytes: a megabyte value is quoted short, never echoed
MAX_LINE = 400
PYTHON_TEXT = re.compile(r"Traceback|\b\w+Error\b|\bstring indices|NoneType|has no attribute|not subscriptable|"
                         r"unhashable|set_int_max_str_digits|<class ")


# Builders: faults that cannot be stored as files. Each gets the story copy and a folder outside it.

def _layer(story: Path, layer_id: str) -> Path:
    return story / "layers" / f"{layer_id}.geojson"


def _point(index: int) -> dict:
    lon, lat = 31.0 + index % 100 * 0.1, 31.0 + index // 100 * 0.1
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 1), round(lat, 1)]},
            "properties": {"id": f"extra-{index}", "name": f"Extra {index}", "layer": "towns", "valid_from": None,
                           "valid_to": None, "summary": "Padding.", "source": "Test gazetteer",
                           "from_article": False}}


def _towns_with(story: Path, extra: int) -> None:
    data = read(_layer(story, "towns"))
    data["features"] += [_point(i) for i in range(extra)]
    write(_layer(story, "towns"), data)


def symlink_out_of_folder(story: Path, outside: Path) -> None:
    target = outside / "towns.geojson"
    shutil.copyfile(_layer(story, "towns"), target)  # a sound layer: only the link is wrong
    _layer(story, "towns").unlink()
    _layer(story, "towns").symlink_to(target)


def symlink_to_dev_zero(story: Path, _outside: Path) -> None:
    _layer(story, "towns").unlink()
    _layer(story, "towns").symlink_to("/dev/zero")


def layer_fifo(story: Path, _outside: Path) -> None:
    _layer(story, "towns").unlink()
    os.mkfifo(_layer(story, "towns"))


def layer_file_is_directory(story: Path, _outside: Path) -> None:
    _layer(story, "towns").unlink()
    _layer(story, "towns").mkdir()


def layers_folder_symlink(story: Path, outside: Path) -> None:
    shutil.move(story / "layers", outside / "layers")
    (story / "layers").symlink_to(outside / "layers")


def story_json_symlink(story: Path, outside: Path) -> None:
    shutil.move(story / "story.json", outside / "story.json")
    (story / "story.json").symlink_to(outside / "story.json")


def layer_over_byte_budget(story: Path, _outside: Path) -> None:
    with _layer(story, "towns").open("a", encoding="utf-8") as handle:
        handle.write(" " * (BUDGETS.file_bytes + 1))


def too_many_features(story: Path, _outside: Path) -> None:
    _towns_with(story, BUDGETS.places_per_layer - 1)  # mini's two and these: one over (towns are places)


def features_near_budget(story: Path, _outside: Path) -> None:
    _towns_with(story, int(0.85 * BUDGETS.places_per_layer) - 2)


def too_many_vertices(story: Path, _outside: Path) -> None:
    count = BUDGETS.vertices_per_layer + 1
    ring = [[round(36.5 + 0.4 * math.cos(2 * math.pi * i / count), 6),
             round(35.5 + 0.4 * math.sin(2 * math.pi * i / count), 6)] for i in range(count)]
    data = read(_layer(story, "zones"))
    data["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
    write(_layer(story, "zones"), data)


def json_nested_deep(story: Path, _outside: Path) -> None:
    text = _layer(story, "towns").read_text(encoding="utf-8")
    deep = "[" * 100_000 + "]" * 100_000
    _layer(story, "towns").write_text(text.replace('"from_article": false}', f'"from_article": false, '
                                                   f'"nested": {deep}}}', 1), encoding="utf-8")


def number_5001_digits(story: Path, _outside: Path) -> None:
    text = _layer(story, "towns").read_text(encoding="utf-8")
    _layer(story, "towns").write_text(text.replace("[36.5, 35.5]", f"[{'3' * 5_001}, 35.5]", 1), encoding="utf-8")


def name_one_megabyte(story: Path, _outside: Path) -> None:
    data = read(_layer(story, "towns"))
    # 700,000 characters: under the file budget, far over the string budget
    data["features"][0]["properties"]["name"] = "Town A " * 100_000
    write(_layer(story, "towns"), data)


def too_many_events(story: Path, _outside: Path) -> None:
    data = read(story / "events.json")
    data["events"] += [{**data["events"][1], "id": f"extra-{i}"} for i in range(499)]
    write(story / "events.json", data)


def events_near_budget(story: Path, _outside: Path) -> None:
    data = read(story / "events.json")
    data["events"] += [{**data["events"][1], "id": f"extra-{i}"} for i in range(398)]
    write(story / "events.json", data)


def _layers(story: Path, total: int) -> None:
    manifest = read(story / "story.json")
    for index in range(total - len(manifest["layers"])):
        manifest["layers"].append({"id": f"extra-{index}", "title": f"Extra {index}", "kind": "zone",
                                   "color": "#000000"})
        write(_layer(story, f"extra-{index}"), {"type": "FeatureCollection", "features": []})
    write(story / "story.json", manifest)


def too_many_layers(story: Path, _outside: Path) -> None:
    _layers(story, 41)


def layers_near_budget(story: Path, _outside: Path) -> None:
    _layers(story, 32)


BUILDERS: dict[str, Callable[[Path, Path], None]] = {b.__name__: b for b in (
    symlink_out_of_folder, symlink_to_dev_zero, layer_fifo, layer_file_is_directory, layers_folder_symlink,
    story_json_symlink, layer_over_byte_budget, too_many_features, features_near_budget, too_many_vertices,
    json_nested_deep, number_5001_digits, name_one_megabyte, too_many_events, events_near_budget,
    too_many_layers, layers_near_budget,
)}

# What the app's map must (and must not) hold on 2019-06-01, when mini shows zone-a and town-a.
BOTH, ZONE, TOWN = frozenset({"zone-a", "town-a"}), frozenset({"zone-a"}), frozenset({"town-a"})
TOWN_A_LOST = (ZONE, TOWN)
ZONES_LOST = (TOWN, ZONE)
DRAWN: dict[str, tuple[frozenset[str], frozenset[str]] | None] = {
    **dict.fromkeys(("properties_null", "geometry_circle", "geometry_number", "geometry_type_list",
                     "position_three_strings", "paragraphs_number", "property_nan", "not_utf8",
                     "symlink_out_of_folder", "symlink_to_dev_zero", "layer_fifo", "layer_file_is_directory",
                     "layer_over_byte_budget", "too_many_features", "json_nested_deep", "number_5001_digits",
                     "name_one_megabyte"), TOWN_A_LOST),
    **dict.fromkeys(("layer_colour_number", "layer_id_list", "layer_id_dotdot", "too_many_vertices"), ZONES_LOST),
    "layers_folder_symlink": (frozenset(), BOTH),
    "events_broken": (TOWN, frozenset()),  # no timeline: which date the map shows is the app's choice
    "story_json_symlink": None,  # no manifest, nothing to draw: the app says why and stops
}
EXTRA_TEXT = {"event_dangling_feature": "Town B appears"}  # the event is kept


def expected_lines(case: str) -> list[str]:
    return (FAULTS / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def build(case: str, tmp_path: Path) -> Path:
    """mini/, the case's files laid over it, then the case's builder (if it has one)."""
    story, outside = tmp_path / "story", tmp_path / "outside"
    shutil.copytree(MINI, story)
    outside.mkdir()
    for source in (FAULTS / case).rglob("*"):
        relative = source.relative_to(FAULTS / case)
        if source.is_file() and str(relative) not in ("expected.txt", "note.txt"):
            (story / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, story / relative)
    if case in BUILDERS:
        BUILDERS[case](story, outside)
    return story


def check_output(output: str, case: str) -> None:
    assert len(output.encode()) < MAX_OUTPUT, f"{len(output.encode()):,} bytes of output"
    assert max(map(len, output.splitlines())) < MAX_LINE, output
    assert not PYTHON_TEXT.search(output), output
    lines = output.splitlines()
    missing = [line for line in expected_lines(case) if line not in lines]
    assert not missing, "\n".join(["missing:", *missing, "printed:", *lines])


# The corpus itself

def test_every_case_has_its_expectation_and_only_overlay_files() -> None:
    mini_files = {str(p.relative_to(MINI)) for p in MINI.rglob("*") if p.is_file()}
    for case in CASES:
        files = {str(p.relative_to(FAULTS / case)) for p in (FAULTS / case).rglob("*") if p.is_file()}
        assert "expected.txt" in files, case
        assert expected_lines(case)[-1].startswith(f"{FOLDER}: "), case
        overlay = files - {"expected.txt", "note.txt"}
        assert all(f in mini_files or f.startswith("control/") for f in overlay), (case, overlay)
        assert bool(overlay) or case in BUILDERS, f"{case}: no files and no builder"
        assert ("note.txt" in files) == (case in BUILDERS), f"{case}: a built case has a note, a stored one not"
    assert set(BUILDERS) <= set(CASES)
    assert set(DRAWN) <= set(CASES)
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    assert [case for case in CASES if f"`{case}`" not in readme] == [], "describe every case in tests/data/README.md"


# `python -m geo validate`

@pytest.mark.parametrize("case", CASES)
def test_validate_prints_each_fault_as_one_named_line(case: str, tmp_path: Path, capsys) -> None:
    story = build(case, tmp_path)
    code = main(["validate", str(story)])
    captured = capsys.readouterr()
    output = (captured.out + captured.err).replace(str(story), FOLDER)
    check_output(output, case)
    errors = any(line.startswith("error: ") for line in expected_lines(case))
    assert code == (1 if errors else 0), output


HOSTILE = ["json_nested_deep", "number_5001_digits"]  # the two that strain Python itself (recursion, int digits)


def test_the_command_itself_never_prints_a_traceback(tmp_path: Path) -> None:
    """The real `python -m geo validate` process (each start costs seconds, so two cases; the rest run in-process)."""
    runs = {}
    for case in HOSTILE:
        story = build(case, tmp_path / case)
        runs[case] = (story, subprocess.Popen([sys.executable, "-m", "geo", "validate", str(story)], cwd=ROOT,
                                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for case, (story, process) in runs.items():
        out, err = process.communicate(timeout=60)
        assert err == "", f"{case}: {err[-2000:]}"
        check_output(out.replace(str(story), FOLDER), case)
        assert process.returncode == 1, case


# The app

def app_run(story: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("STORY_DIR", str(story))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["date"] = "2019-06-01"  # mini shows zone-a and town-a on this date
    at.run()
    return drawn(at) if has_map(at) else at  # the map has drawn: the whole page, card included


def plain(markdown: str) -> str:
    """Markdown source as read on screen: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def drawn_map(at: AppTest) -> str | None:
    """The story data the map receives (st_folium is an unknown element to AppTest), or None without a map."""
    return map_data_text(at) if has_map(at) else None


@pytest.mark.parametrize("case", CASES)
def test_app_names_the_fault_and_draws_every_sound_layer(case: str, tmp_path: Path, monkeypatch) -> None:
    at = app_run(build(case, tmp_path), monkeypatch)
    assert not at.exception, "the app raised (the message is redacted: see the traceback in the captured log)"
    errors = plain("\n".join(e.value for e in at.error))
    shown = plain("\n".join(e.value for e in [*at.error, *at.warning, *at.markdown, *at.caption]))
    assert not PYTHON_TEXT.search(shown), shown
    # The app reads the manifest, the layers and the events (control/*.csv are inputs of `geo build` only).
    lines = [line for line in expected_lines(case)[:-1] if not line.split(": ")[1].startswith("control/")]
    fatal = DRAWN.get(case, (BOTH, frozenset())) is None
    for line in lines:
        severity, rest = line.split(": ", 1)
        if severity == "error":
            assert (rest if fatal else line) in errors, f"{line}\nnot in the app's errors:\n{errors}"
        else:
            assert line in shown, f"{line}\nnot shown by the app:\n{shown}"
    if not any(line.startswith("error: ") for line in lines):
        assert not at.error, errors
    if case in EXTRA_TEXT:
        assert EXTRA_TEXT[case] in shown
    sent = drawn_map(at)
    if fatal:
        assert sent is None
        return
    assert sent is not None, f"no map drawn; errors shown:\n{errors}"
    expected = DRAWN.get(case, (BOTH, frozenset()))
    assert expected is not None
    present, absent = expected
    for feature in present:
        assert f'"id":"{feature}"' in sent, f"{feature} not drawn"
    for feature in absent:
        assert f'"id":"{feature}"' not in sent, f"{feature} drawn"


# The situation tables, read directly (the app does not read them; `geo validate` does)

@pytest.mark.parametrize("lon", ["136.5", "east", "nan", "inf", "1e999", "", "3" * 5_001, "=1+1"])
def test_a_bad_settlement_coordinate_skips_only_its_row(lon: str, tmp_path: Path) -> None:
    shutil.copytree(FAULTS / "control_table_bad_coordinate" / "control", tmp_path / "control")
    table = tmp_path / "control" / "settlements.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("136.5", lon), encoding="utf-8")
    problems: list[Problem] = []
    settlements = read_settlements(tmp_path, ("government", "opposition"), (35.0, 34.5, 39.0, 37.0), problems)
    assert [s.id for s in settlements] == ["town-a"]
    (problem,) = problems
    assert (problem.file, problem.feature) == ("control/settlements.csv", "row 3")
    assert problem.message.startswith("'lon' is ") and problem.message.endswith("; row skipped")
    assert len(str(problem)) < 200 and not PYTHON_TEXT.search(str(problem))
