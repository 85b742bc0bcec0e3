"""The picture's layout by reading direction: right to left is the left-to-right picture mirrored, measured."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pytest
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from PIL import Image

from geo.load.story import load_story
from geo.render.picture import map_figure, map_png, picture_direction
from geo.render.picture_layout import MAP_BOX, MARGIN, PANEL_LEFT, picture_layout
from geo.render.script import Direction
from tests.conftest import DATA
from tests.render.languages import translated

CALL = date(2020, 2, 4)
WIDTH = 1200
TOLERANCE_PX = 2.0


@pytest.fixture(scope="module")
def story():
    return load_story(DATA)


@pytest.fixture(scope="module")
def drawn(story):
    """The figure of `CALL` in a language and a direction, drawn once (legend rows are placed at draw time)."""
    figures: dict[tuple[str, Direction], Figure] = {}

    def figure(language: str, direction: Direction) -> Figure:
        if (language, direction) not in figures:
            fig = map_figure(translated(story, language), CALL, None, direction=direction)
            fig.canvas.draw()
            figures[language, direction] = fig
        return figures[language, direction]

    return figure


def by_gid(fig: Figure, gid: str) -> Text:
    return next(t for t in fig.findobj(Text) if t.get_gid() == gid)


def extent(fig, artist):
    return artist.get_window_extent(fig.canvas.get_renderer())


def legend_of(fig: Figure) -> Legend:
    (legend,) = fig.legends
    return legend


def test_right_to_left_mirrors_left_to_right():
    ltr, rtl = picture_layout("ltr"), picture_layout("rtl")
    assert ltr.map_box == MAP_BOX and ltr.panel_x == PANEL_LEFT and ltr.text_x == MARGIN
    left, bottom, width, height = rtl.map_box
    assert left + width == pytest.approx(1 - MAP_BOX[0])
    assert (bottom, width, height) == MAP_BOX[1:]
    assert rtl.panel_x == pytest.approx(1 - PANEL_LEFT)
    assert rtl.text_x == pytest.approx(1 - MARGIN)
    assert (ltr.text_align, rtl.text_align) == ("left", "right")
    assert (ltr.marker_first, rtl.marker_first) == (True, False)
    assert ltr.label_sides[0] == ((7, 0), "left")  # names right of their dot, as before
    assert rtl.label_sides[0] == ((-7, 0), "right")
    assert sorted(ltr.label_sides) == sorted(rtl.label_sides)


def test_an_unknown_direction_is_quoted():
    with pytest.raises(ValueError, match="'up'"):
        picture_layout("up")  # type: ignore[arg-type]


@pytest.mark.parametrize(("direction", "language", "expected"),
                         [(None, None, "ltr"), ("rtl", None, "rtl"), (None, "ar", "rtl"), (None, "tr", "ltr"),
                          (None, "ru", "ltr"), ("ltr", "ar", "ltr")])
def test_the_direction_comes_from_the_caller_or_the_language(direction, language, expected):
    assert picture_direction(direction, language) == expected


@pytest.mark.parametrize("language", ["en", "ar"])
def test_right_to_left_text_ends_at_the_right_margin(drawn, language):
    fig = drawn(language, "rtl")
    for gid in ("title", "subtitle", "source"):
        assert abs(extent(fig, by_gid(fig, gid)).x1 - (1 - MARGIN) * WIDTH) <= TOLERANCE_PX, gid


@pytest.mark.parametrize("language", ["en", "ar"])
def test_left_to_right_text_starts_at_the_left_margin(drawn, language):
    fig = drawn(language, "ltr")
    for gid in ("title", "subtitle", "source"):
        assert abs(extent(fig, by_gid(fig, gid)).x0 - MARGIN * WIDTH) <= TOLERANCE_PX, gid


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_the_legend_sits_beside_the_map_on_the_mirrored_side(drawn, direction):
    fig = drawn("ar", direction)
    frame, legend = extent(fig, fig.axes[0]), extent(fig, legend_of(fig))
    if direction == "rtl":
        assert legend.x1 <= frame.x0
        assert frame.x1 == pytest.approx((1 - MAP_BOX[0]) * WIDTH, abs=TOLERANCE_PX)
    else:
        assert legend.x0 >= frame.x1
        assert frame.x0 == pytest.approx(MAP_BOX[0] * WIDTH, abs=TOLERANCE_PX)


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_legend_swatches_come_first_in_reading_order_and_line_up(drawn, direction):
    fig = drawn("ar", direction)
    legend = legend_of(fig)
    rows = [(extent(fig, handle), extent(fig, label))
            for handle, label in zip(legend.legend_handles, legend.get_texts(), strict=True)]
    assert len(rows) > 3
    if direction == "rtl":
        assert all(swatch.x0 >= label.x1 for swatch, label in rows)
    else:
        assert all(swatch.x1 <= label.x0 for swatch, label in rows)
    middles = [(swatch.x0 + swatch.x1) / 2 for swatch, _ in rows]  # a marker is narrower than a swatch or a line
    assert max(middles) - min(middles) <= TOLERANCE_PX  # one straight column, on the side the rows start


def test_the_scale_bar_sits_in_the_lower_corner_where_lines_start(drawn):
    rtl, ltr = drawn("en", "rtl"), drawn("en", "ltr")
    assert extent(rtl, by_gid(rtl, "scale-label")).x0 > sum(extent(rtl, rtl.axes[0]).intervalx) / 2
    assert extent(ltr, by_gid(ltr, "scale-label")).x1 < sum(extent(ltr, ltr.axes[0]).intervalx) / 2


def test_right_to_left_labels_prefer_the_left_of_their_dot(drawn):
    fig = drawn("en", "rtl")
    labels = [t for t in fig.axes[0].texts if t.get_visible() and t.get_gid() != "scale-label"]
    assert labels
    assert sum(t.get_horizontalalignment() == "right" for t in labels) > len(labels) / 2


def test_a_right_to_left_png_is_link_preview_size(story):
    png = map_png(translated(story, "ar"), CALL, None, language="ar")
    assert Image.open(io.BytesIO(png)).size == (1200, 630)


def test_left_to_right_is_the_default_and_the_languages_that_read_so_share_it(story):
    default = map_png(story, CALL, None)
    assert map_png(story, CALL, None, direction="ltr") == default
    assert picture_direction(language="tr") == picture_direction(language="ru") == picture_direction() == "ltr"
    assert map_png(story, CALL, None, direction="rtl") != default


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_legend_fits_between_the_maps_top_and_the_off_map_note(drawn, language):
    """Arabic rows are about twice as tall (Noto Sans Arabic's line height): the legend's type shrinks to fit."""
    fig = drawn(language, "rtl")
    legend, note = extent(fig, legend_of(fig)), extent(fig, by_gid(fig, "off-map"))
    assert legend.y0 >= note.y1
    assert legend.y1 <= extent(fig, fig.axes[0]).y1 + TOLERANCE_PX


def test_a_long_legend_gets_smaller_type_to_fit(story):
    """Five rows that wrap to two tall Arabic lines would run into the off-map note at the usual size."""
    arabic = translated(story, "ar")
    long = "مناطق سيطرة الحكومة السورية والقوات الروسية (تقريبية)"
    layers = [dataclasses.replace(spec, title=long) if i < 5 else spec for i, spec in enumerate(arabic.layers)]
    fig = map_figure(dataclasses.replace(arabic, layers=layers), CALL, None, language="ar")
    fig.canvas.draw()
    legend = legend_of(fig)
    assert legend.get_texts()[0].get_fontsize() < 8.5
    assert extent(fig, legend).y0 >= extent(fig, by_gid(fig, "off-map")).y1
