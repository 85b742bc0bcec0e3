"""Tests of loading and checking a story folder (geo/load/)."""
