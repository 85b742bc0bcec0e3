"""The derived layers: rebuilt from their inputs, they must equal the committed files, and measure right."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import Point, shape

from geo.derive import build
from geo.derive.derivation import Inputs
from geo.derive.metric import WGS84
from geo.derive.topology import load_topology, shared_border
from tests.conftest import DATA

METRIC_CRS = "EPSG:32637"  # the bundled story's (story.json `crs`)


@pytest.fixture(scope="module")
def inputs() -> Inputs:
    return build.load_inputs(DATA)


def committed(layer: str) -> dict:
    return json.loads((DATA / "layers" / f"{layer}.geojson").read_text(encoding="utf-8"))


def metric(geom):
    return gpd.GeoSeries([geom], crs=WGS84).to_crs(METRIC_CRS).iloc[0]


def test_rebuilding_reproduces_the_committed_files() -> None:
    assert build.stale_layers(DATA) == []


def test_a_changed_input_makes_the_layers_stale(tmp_path) -> None:
    import shutil

    shutil.copytree(DATA, tmp_path / "data")
    places = tmp_path / "data" / "layers" / "places.geojson"
    data = json.loads(places.read_text(encoding="utf-8"))
    tal_abyad = next(f for f in data["features"] if f["properties"]["id"] == "tal-abyad")
    tal_abyad["geometry"]["coordinates"][0] += 0.2
    places.write_text(json.dumps(data), encoding="utf-8")
    assert set(build.stale_layers(tmp_path / "data")) == {"buffer_zone", "peace_spring", "patrol_strip"}


def test_border_runs_from_the_mediterranean_to_the_iraq_tripoint(inputs) -> None:
    start, end = Point(inputs.border.coords[0]), Point(inputs.border.coords[-1])
    mediterranean, tripoint = Point(35.9178, 35.9288), Point(42.3572, 37.1060)  # sourced in stories/idlib/README.md
    assert metric(start).distance(metric(mediterranean)) < 2_000
    assert metric(end).distance(metric(tripoint)) < 2_000
    assert 750_000 < metric(inputs.border).length < 950_000  # ~900 km; the 1:10m line is generalised


def test_topology_border_is_what_turkey_and_syria_share() -> None:
    topology = load_topology(build.TOPOLOGY)
    assert shared_border(topology, "Syria", "Turkey").equals(shared_border(topology, "Turkey", "Syria").reverse())
    with pytest.raises(ValueError, match="share no border"):
        shared_border(topology, "Syria", "Iceland")


@pytest.mark.parametrize(("layer", "depth_km"), [("buffer_zone", 30), ("peace_spring", 32), ("patrol_strip", 10)])
def test_strips_reach_their_depth_on_the_syrian_side_only(inputs, layer: str, depth_km: int) -> None:
    zone = metric(shape(committed(layer)["features"][0]["geometry"]))
    border = metric(inputs.border)
    farthest = max(border.distance(Point(c)) for c in zone.exterior.coords) if zone.geom_type == "Polygon" else max(
        border.distance(Point(c)) for poly in zone.geoms for c in poly.exterior.coords)
    assert depth_km * 1000 * 0.97 < farthest < depth_km * 1000 * 1.03
    country = metric(inputs.country).buffer(100)
    assert country.contains(zone)


def test_buffer_zone_leaves_out_the_peace_spring_stretch(inputs) -> None:
    zone = shape(committed("buffer_zone")["features"][0]["geometry"])
    between = Point((inputs.places["tal-abyad"].x + inputs.places["ras-al-ain"].x) / 2, 36.75)
    assert not zone.contains(between)
    assert zone.contains(Point(41.0, 36.95))  # east of Ras al-Ain, near the border


def test_patrol_strip_excludes_qamishli(inputs) -> None:
    strip = shape(committed("patrol_strip")["features"][0]["geometry"])
    assert not strip.contains(inputs.places["qamishli"])
    assert strip.contains(Point(40.5, 36.97))  # west of Qamishli, 5 km from the border


def test_idlib_zone_contains_idlib_and_every_post(inputs) -> None:
    zone = shape(committed("idlib_zone")["features"][0]["geometry"])
    assert zone.contains(inputs.places["idlib"])
    assert all(zone.contains(post) for post in inputs.points["observation_posts"].values())
    assert not zone.contains(Point(36.87, 36.51))  # Afrin, north of the zone


def test_missing_topology_says_what_to_install(tmp_path) -> None:
    with pytest.raises(build.BuildError, match="npm ci"):
        build.load_inputs(DATA, tmp_path / "nope.json")


def test_output_is_rfc7946_lon_lat_with_ccw_rings() -> None:
    from shapely import LinearRing

    ring = committed("idlib_zone")["features"][0]["geometry"]["coordinates"][0]
    assert LinearRing(ring).is_ccw
    assert all(35 < lon < 38 and 35 < lat < 37 for lon, lat in ring)
