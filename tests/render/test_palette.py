"""The controllers' colours stay apart for readers with colour-vision deficiencies, as drawn on the map."""

from __future__ import annotations

import itertools

import pytest

from geo.kinds import KINDS
from geo.load.story import load_story
from tests.colour_vision import MACHADO_2009, delta_e, over_white
from tests.conftest import DATA

MIN_DELTA_E = 10.0  # CIE76: a difference readers see at a glance side by side


@pytest.mark.parametrize("vision", list(MACHADO_2009))
def test_every_pair_of_controllers_is_told_apart(vision: str) -> None:
    story = load_story(DATA)
    assert story.situation is not None
    opacity = KINDS["control"].style["fillOpacity"]
    colours = {c.id: over_white(c.color, opacity) for c in story.situation.controllers}
    closest = min((delta_e(colours[a], colours[b], vision), a, b) for a, b in itertools.combinations(colours, 2))
    assert closest[0] >= MIN_DELTA_E, closest


def test_the_simulation_can_fail() -> None:
    red, green = over_white("#d62728", 0.4), over_white("#2ca02c", 0.4)  # the classic pair
    assert delta_e(red, green, "normal") > 2 * delta_e(red, green, "deuteranopia")
