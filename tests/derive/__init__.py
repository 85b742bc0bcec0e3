"""Tests of deriving layers (geo/derive/)."""
