"""`python -m geo draft`: a story folder that validates with warnings, accepted drafts that validate clean,
bad input refused with a clear message and never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo.__main__ import BASEMAPS, main
from geo.check.validate import validate_folder
from geo.draft import Drafter
from geo.draft.evaluate import load_annotation, score
from geo.draft.reader import split
from geo.render.mapview import BASEMAPS as MAP_BASEMAPS
from tests.conftest import ARTICLE, DRAFT_EVAL, ROOT

EVAL = DRAFT_EVAL
ROCHDI = EVAL / "un-rochdi-2020-02-27-northwest-syria.txt"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=False)


def test_the_cli_knows_the_maps_basemaps() -> None:
    assert tuple(MAP_BASEMAPS) == BASEMAPS


def test_draft_writes_a_story_folder_that_validates_with_a_warning_per_drafted_item(tmp_path: Path) -> None:
    out = tmp_path / "story"
    assert main(["draft", str(ROCHDI), "-o", str(out)]) == 0
    problems = validate_folder(out)
    assert [p for p in problems if p.severity == "error"] == []
    places = json.loads((out / "layers" / "places.geojson").read_text(encoding="utf-8"))["features"]
    events = json.loads((out / "events.json").read_text(encoding="utf-8"))["events"]
    drafted = [p for p in problems if "not yet accepted" in p.message]
    assert len(drafted) == len(places) + len(events) and places and events
    for item in [f["properties"] for f in places] + events:
        assert item["draft"] is True and 0 < item["confidence"] <= 1
        assert item["evidence"].startswith("Quoted from the article, for the editor only")
        assert item["summary"].startswith("DRAFT for an editor to rewrite")
    article = ROCHDI.read_text(encoding="utf-8")
    assert not any(item["summary"][40:80] in article for item in events)


def accept_everything(out: Path) -> None:
    """What an editor does on accepting every drafted item: remove `draft` and `evidence` (summaries aside)."""
    for relative, key in (("layers/places.geojson", "features"), ("events.json", "events")):
        path = out / relative
        data = json.loads(path.read_text(encoding="utf-8"))
        for item in data[key]:
            props = item.get("properties", item)
            for field in ("draft", "evidence"):
                props.pop(field)
        path.write_text(json.dumps(data), encoding="utf-8")
    manifest = json.loads((out / "story.json").read_text(encoding="utf-8"))
    manifest.pop("draft")
    (out / "story.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_an_accepted_draft_validates_clean(tmp_path: Path) -> None:
    out = tmp_path / "story"
    assert main(["draft", str(ROCHDI), "-o", str(out)]) == 0
    accept_everything(out)
    assert validate_folder(out) == []


def test_a_drafted_folder_exports_and_builds_a_site(tmp_path: Path) -> None:
    out = tmp_path / "story"
    assert main(["draft", str(ROCHDI), "-o", str(out)]) == 0
    assert main(["export", "--story", str(out), "-o", str(tmp_path / "map.html"), "--basemap", "none"]) == 0
    assert "Geneva" in (tmp_path / "map.html").read_text(encoding="utf-8")


def test_a_draft_is_not_published_until_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`geo site` and `geo previews` refuse a draft, naming how many items wait; once accepted, it publishes."""
    out = tmp_path / "story"
    assert main(["draft", str(ROCHDI), "-o", str(out)]) == 0
    for command in ("site", "previews"):
        assert main([command, str(tmp_path / command), "--story", str(out)]) == 2
        assert "drafted item(s) not yet accepted by an editor" in capsys.readouterr().err
        assert not (tmp_path / command).exists()
    accept_everything(out)
    assert main(["site", str(tmp_path / "site"), "--story", str(out)]) == 0
    assert (tmp_path / "site" / "index.html").is_file()


def test_the_evaluation_set_meets_its_targets(drafter: Drafter) -> None:
    total = None
    for path in sorted(EVAL.glob("*.json")):
        annotation = load_annotation(path)
        from datetime import date

        article = split((EVAL / annotation["article"]).read_text(encoding="utf-8"))
        result = score(drafter.draft(article, date.fromisoformat(annotation["date"])), annotation)
        total = result if total is None else total + result
    assert total is not None and total.places_annotated >= 40 and total.dates_annotated >= 20
    assert total.place_recall >= 0.9 and total.place_precision >= 0.9
    assert total.date_recall >= 0.9 and total.date_precision >= 0.9
    assert total.actor_share >= 0.9


@pytest.mark.skipif(not ARTICLE.exists(), reason="the seed article is not part of the project")
def test_the_seed_article_is_drafted_from_shared(tmp_path: Path) -> None:
    result = run("draft", str(ARTICLE), "-o", str(tmp_path / "seed"))
    assert result.returncode == 0, result.stderr
    assert "article date 2020-02-04" in result.stdout


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("name", "data", "says"), [
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b"  \n\n \n", "is empty"),
    ("binary.txt", bytes(range(256)) * 4, "binary file"),
    ("latin1.txt", "Caf\xe9 in Idlib.\nThe caf\xe9 was hit.".encode("latin-1"), "not UTF-8"),
    ("big.txt", b"Headline\n" + b"Fighting went on in Idlib. " * 400_000, "bytes; an article is expected"),
    ("page.html", b"<!DOCTYPE html><html><body><p>Fighting in Idlib.</p></body></html>", "looks like HTML"),
    ("arabic.txt", "\u0625\u062f\u0644\u0628\n\u0642\u0635\u0641 \u0639\u0644\u0649 \u0625\u062f\u0644\u0628.".encode(),
     "right-to-left"),
    ("nodate.txt", b"Headline\nFighting went on in Idlib.", "no dateline with a date"),
    ("noyear.txt", b"Headline\nMOSCOW, February 4. /TASS/: The Kremlin spoke.", "gives no year"),
    ("nobody.txt", b"Just a headline\nand a line without an end", "no body paragraph"),
])
def test_bad_input_is_refused_clearly(tmp_path: Path, name: str, data: bytes, says: str) -> None:
    path = write(tmp_path, name, data)
    result = run("draft", str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert says in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_an_existing_output_folder_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = run("draft", str(ROCHDI), "-o", str(out))
    assert result.returncode == 2 and "already exists" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_missing_article_and_bad_date_are_refused(tmp_path: Path) -> None:
    result = run("draft", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "does not exist" in result.stderr and "Traceback" not in result.stderr
    result = run("draft", str(ROCHDI), "-o", str(tmp_path / "out"), "--date", "2020-13-01")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_index_says_how_to_build_it(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "geo", "draft", str(ROCHDI), "-o", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
                            env={"PATH": "/usr/bin:/bin", "GEO_DRAFT_INDEX": str(tmp_path / "none.sqlite")})
    assert result.returncode == 2 and "draft-index" in result.stderr and "Traceback" not in result.stderr


def test_with_date_a_dateline_without_year_is_drafted(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"Headline\nMOSCOW, February 4. /TASS/: The Kremlin spoke of Idlib.")
    result = run("draft", str(path), "-o", str(tmp_path / "out"), "--date", "2020-02-04")
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "out" / "story.json").read_text(encoding="utf-8"))["article"]["date"] == \
        "2020-02-04"
    shutil.rmtree(tmp_path / "out")
