"""Tests of drafting a story from an article (geo/draft/)."""
