"""The metric CRS every derived geometry is computed in, and the way results are written back as GeoJSON."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.geometry_checks import oriented, plain_geometry

METRIC_CRS = "EPSG:32637"  # UTM zone 37N: metres, centred on 39°E, spanning Idlib to the Iraqi border
WGS84 = "EPSG:4326"
DECIMALS = 5  # ~1 m; the inputs are far coarser


def to_metric(geom: BaseGeometry) -> BaseGeometry:
    return gpd.GeoSeries([geom], crs=WGS84).to_crs(METRIC_CRS).iloc[0]


def to_wgs84(geom: BaseGeometry) -> BaseGeometry:
    return gpd.GeoSeries([geom], crs=METRIC_CRS).to_crs(WGS84).iloc[0]


def rounded(geom: BaseGeometry, decimals: int = DECIMALS) -> dict[str, Any]:
    """GeoJSON geometry, RFC 7946 winding, coordinates rounded to `decimals`."""
    geom = shapely.set_precision(geom, 10 ** -decimals)
    return plain_geometry(oriented(geom), decimals)
