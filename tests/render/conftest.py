"""Fixtures shared by the render tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from geo.render import fonts


def _forget_fonts() -> None:
    for cached in (fonts.installed, fonts._arabic_families):
        cached.cache_clear()


@pytest.fixture
def fresh_fonts() -> Iterator[None]:
    """Forget which font families were found (and warned about), before and after the test."""
    _forget_fonts()
    yield
    _forget_fonts()
