"""Metric CRS work: geometry goes into the story's metric CRS (story.json `crs`) and back, and is written as GeoJSON."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import shapely
from pyproj import CRS
from shapely.geometry.base import BaseGeometry

from geo.load.geometry_checks import oriented, plain_geometry

WGS84 = "EPSG:4326"
DECIMALS = 5  # ~1 m; the inputs are far coarser


def to_metric(geom: BaseGeometry, crs: str) -> BaseGeometry:
    return gpd.GeoSeries([geom], crs=WGS84).to_crs(crs).iloc[0]


def to_wgs84(geom: BaseGeometry, crs: str) -> BaseGeometry:
    return gpd.GeoSeries([geom], crs=crs).to_crs(WGS84).iloc[0]


def rounded(geom: BaseGeometry, decimals: int = DECIMALS) -> dict[str, Any]:
    """GeoJSON geometry, RFC 7946 winding, coordinates rounded to `decimals`."""
    geom = shapely.set_precision(geom, 10 ** -decimals)
    return plain_geometry(oriented(geom), decimals)


def crs_name(crs: str) -> str:
    """A CRS as a reader knows it, e.g. 'WGS 84 / UTM zone 33N (EPSG:32633)'."""
    return f"{CRS.from_user_input(crs).name} ({crs})"
