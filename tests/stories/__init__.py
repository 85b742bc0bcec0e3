"""Tests of the bundled story's data and the second, far-away test story."""
