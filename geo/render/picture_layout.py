"""Where the picture's parts sit, for a language read left to right or right to left.

Left to right (the default, and the picture as it has always been): the map on the left, the legend and notes
in a column on its right, title, date and source flush left. Right to left, everything is mirrored: the map on
the right, the legend column on its left with each swatch to the right of its label, the text flush right, the
scale bar in the map's lower right corner, and place names first tried on the left of their dot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from geo.render.script import Direction

HAlign = Literal["left", "center", "right"]

MARGIN = 0.01
MAP_BOX = (MARGIN, 0.075, 0.72, 0.79)  # left, bottom, width, height (figure fractions), left to right
PANEL_LEFT = 0.745  # the legend column's inner edge, left to right
LABEL_GAP_PT = 7
# A place name's positions around its dot, in the order they are tried: (offset in points, alignment).
_LABEL_SIDES_LTR: tuple[tuple[tuple[int, int], HAlign], ...] = (
    ((LABEL_GAP_PT, 0), "left"), ((-LABEL_GAP_PT, 0), "right"), ((0, 9), "center"), ((0, -10), "center"))
_LABEL_SIDES_RTL = (_LABEL_SIDES_LTR[1], _LABEL_SIDES_LTR[0], *_LABEL_SIDES_LTR[2:])


@dataclass(frozen=True)
class PictureLayout:
    """The figure-fraction positions and alignments that depend on the reading direction."""

    direction: Direction
    map_box: tuple[float, float, float, float]
    text_x: float  # where title, date and source lines start
    text_align: Literal["left", "right"]
    panel_x: float  # the legend column's edge next to the map
    legend_loc: Literal["upper left", "upper right"]
    marker_first: bool  # a legend swatch before its label, in reading order
    label_sides: tuple[tuple[tuple[int, int], HAlign], ...]


def picture_layout(direction: Direction = "ltr") -> PictureLayout:
    """The layout for `direction`; right to left is left to right mirrored about the figure's middle."""
    if direction == "ltr":
        return PictureLayout("ltr", MAP_BOX, MARGIN, "left", PANEL_LEFT, "upper left", True, _LABEL_SIDES_LTR)
    if direction != "rtl":
        raise ValueError(f"unknown direction {direction!r} (known: 'ltr', 'rtl')")
    left, bottom, width, height = MAP_BOX
    return PictureLayout("rtl", (1 - left - width, bottom, width, height), 1 - MARGIN, "right", 1 - PANEL_LEFT,
                         "upper right", False, _LABEL_SIDES_RTL)
