"""The map's front-end assets (Leaflet and its plugins): installed from npm (see package.json), served by the app.

folium points Leaflet at public CDNs by default; a reader on a network without them (or this
project's CI) would get a blank map. `install_assets` copies the npm-installed files into
`static/vendor/`, which Streamlit serves at `/app/static/vendor/`.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from geo.paths import NODE_MODULES, PROJECT, STATIC

STATIC_VENDOR = STATIC / "vendor"
SERVED_PREFIX = "/app/static/vendor"

GESTURES = "leaflet-gesture-handling/leaflet-gesture-handling.min"  # the plugin's files, less .js/.css

# (npm package, file inside the package, where it goes under static/vendor)
VENDORED = (
    ("leaflet", "dist/leaflet.js", "leaflet/leaflet.js"),
    ("leaflet", "dist/leaflet.css", "leaflet/leaflet.css"),
    ("leaflet", "dist/images", "leaflet/images"),
    ("leaflet-gesture-handling", "dist/leaflet-gesture-handling.min.js", f"{GESTURES}.js"),
    ("leaflet-gesture-handling", "dist/leaflet-gesture-handling.min.css", f"{GESTURES}.css"),
)


@dataclass(frozen=True)
class AssetLinks:
    """Where the browser fetches the map's JS and CSS."""

    js: tuple[tuple[str, str], ...]
    css: tuple[tuple[str, str], ...]


def served_links(prefix: str = SERVED_PREFIX) -> AssetLinks:
    """Links to the assets as the app serves them (Streamlit static serving); plugins after Leaflet."""
    return AssetLinks(
        js=(("leaflet", f"{prefix}/leaflet/leaflet.js"),
            ("leaflet_gesture_handling", f"{prefix}/{GESTURES}.js")),
        css=(("leaflet_css", f"{prefix}/leaflet/leaflet.css"),
             ("leaflet_gesture_handling_css", f"{prefix}/{GESTURES}.css")),
    )


def install_assets(node_modules: Path = NODE_MODULES, target: Path = STATIC_VENDOR) -> list[Path]:
    """Copy the vendored files out of node_modules; raise FileNotFoundError naming what is missing."""
    written = []
    for package, inside, destination in VENDORED:
        source = node_modules / package / inside
        if not source.exists():
            raise FileNotFoundError(f"{source} is missing: run `npm ci` first")
        out = target / destination
        out.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, out, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, out)
        written.append(out)
    return written


def missing_assets(target: Path = STATIC_VENDOR) -> list[str]:
    """The vendored files not yet installed (empty when the map can load)."""
    return [dest for _, _, dest in VENDORED if not (target / dest).exists()]


def ensure_assets() -> list[str]:
    """Install the assets if they are missing and npm can fetch them (e.g. a host that ran no set-up).

    Returns what is still missing. Used once per process by the app; a no-op after `scripts/setup.sh`.
    """
    if not missing_assets():
        return []
    npm = shutil.which("npm")
    installed = all((NODE_MODULES / package).exists() for package, _, _ in VENDORED)
    if not installed and npm is not None:
        subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=PROJECT, check=False,
                       capture_output=True, timeout=300)
    with contextlib.suppress(FileNotFoundError):  # what is still missing is reported to the caller
        install_assets()
    return missing_assets()
