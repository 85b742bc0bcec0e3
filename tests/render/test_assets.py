from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from geo.render import assets

GESTURES_JS = "leaflet-gesture-handling/leaflet-gesture-handling.min.js"
GESTURES_CSS = "leaflet-gesture-handling/leaflet-gesture-handling.min.css"
ALL_VENDORED = ["leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/images", GESTURES_JS, GESTURES_CSS]


def fake_node_modules(root: Path, gestures: bool = True) -> Path:
    dist = root / "node_modules" / "leaflet" / "dist"
    (dist / "images").mkdir(parents=True)
    (dist / "leaflet.js").write_text("/* leaflet */")
    (dist / "leaflet.css").write_text("/* css */")
    (dist / "images" / "layers.png").write_bytes(b"png")
    if gestures:
        plugin = root / "node_modules" / "leaflet-gesture-handling" / "dist"
        plugin.mkdir(parents=True)
        (plugin / "leaflet-gesture-handling.min.js").write_text("/* gestures */")
        (plugin / "leaflet-gesture-handling.min.css").write_text("/* gestures css */")
    return root / "node_modules"


def test_install_copies_the_vendored_files(tmp_path: Path) -> None:
    target = tmp_path / "static" / "vendor"
    assert assets.missing_assets(target) == ALL_VENDORED
    written = assets.install_assets(fake_node_modules(tmp_path), target)
    assert written == [target / dest for dest in ALL_VENDORED]
    assert assets.missing_assets(target) == []
    assert (target / "leaflet" / "leaflet.js").read_text() == "/* leaflet */"
    assert (target / GESTURES_JS).read_text() == "/* gestures */"
    assert (target / GESTURES_CSS).read_text() == "/* gestures css */"


def test_a_missing_plugin_is_reported_as_missing(tmp_path: Path) -> None:
    target = tmp_path / "vendor"
    with pytest.raises(FileNotFoundError, match=r"leaflet-gesture-handling\.min\.js is missing: run `npm ci`"):
        assets.install_assets(fake_node_modules(tmp_path, gestures=False), target)
    assert assets.missing_assets(target) == [GESTURES_JS, GESTURES_CSS]


def test_install_names_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="npm ci"):
        assets.install_assets(tmp_path / "node_modules", tmp_path / "vendor")


def test_served_links_point_at_streamlit_static_serving() -> None:
    links = assets.served_links()
    assert links.js == (("leaflet", "/app/static/vendor/leaflet/leaflet.js"),
                        ("leaflet_gesture_handling", f"/app/static/vendor/{GESTURES_JS}"))
    assert links.css == (("leaflet_css", "/app/static/vendor/leaflet/leaflet.css"),
                         ("leaflet_gesture_handling_css", f"/app/static/vendor/{GESTURES_CSS}"))


def test_every_served_link_is_a_vendored_file() -> None:
    links = assets.served_links("")
    vendored = {f"/{dest}" for _, _, dest in assets.VENDORED}
    assert {url for _, url in links.js + links.css} <= vendored


def test_ensure_runs_npm_when_a_plugin_is_not_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Leaflet alone in node_modules (an old checkout) is not enough: npm ci must fetch the plugin too."""
    calls: list[list[str]] = []
    monkeypatch.setattr(assets, "NODE_MODULES", fake_node_modules(tmp_path, gestures=False))
    monkeypatch.setattr(assets, "missing_assets", lambda: [GESTURES_JS])
    monkeypatch.setattr(assets, "install_assets", lambda: [])
    def run(command: list[str], **_: object) -> subprocess.CompletedProcess[bytes]:
        calls.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(shutil, "which", lambda _: "/usr/bin/npm")  # geo.render.assets calls shutil.which
    monkeypatch.setattr(subprocess, "run", run)
    assert assets.ensure_assets() == [GESTURES_JS]
    assert [command[:2] for command in calls] == [["/usr/bin/npm", "ci"]]


def test_the_repository_assets_are_installed() -> None:
    assert assets.missing_assets() == [], "run `npm ci && python -m geo assets` (scripts/setup.sh does)"
