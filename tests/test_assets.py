from __future__ import annotations

from pathlib import Path

import pytest

from geo import assets


def fake_node_modules(root: Path) -> Path:
    dist = root / "node_modules" / "leaflet" / "dist"
    (dist / "images").mkdir(parents=True)
    (dist / "leaflet.js").write_text("/* leaflet */")
    (dist / "leaflet.css").write_text("/* css */")
    (dist / "images" / "layers.png").write_bytes(b"png")
    return root / "node_modules"


def test_install_copies_the_vendored_files(tmp_path: Path) -> None:
    target = tmp_path / "static" / "vendor"
    assert assets.missing_assets(target) == ["leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/images"]
    assets.install_assets(fake_node_modules(tmp_path), target)
    assert assets.missing_assets(target) == []
    assert (target / "leaflet" / "leaflet.js").read_text() == "/* leaflet */"


def test_install_names_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="npm ci"):
        assets.install_assets(tmp_path / "node_modules", tmp_path / "vendor")


def test_served_links_point_at_streamlit_static_serving() -> None:
    links = assets.served_links()
    assert links.js == (("leaflet", "/app/static/vendor/leaflet/leaflet.js"),)
    assert links.css == (("leaflet_css", "/app/static/vendor/leaflet/leaflet.css"),)


def test_the_repository_assets_are_installed() -> None:
    assert assets.missing_assets() == [], "run `npm ci && python -m geo assets` (scripts/setup.sh does)"
