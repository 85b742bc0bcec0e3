"""Tests of the map, its payload, links, export, site and picture (geo/render/)."""
