"""Tests of geo validate (geo/check/)."""
