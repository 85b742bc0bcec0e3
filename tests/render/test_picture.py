"""The shareable picture: size, content, plain text, scale bar, speed and the `picture` command."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from matplotlib.text import Text
from PIL import Image

from geo.__main__ import main
from geo.kinds import KINDS
from geo.load.story import load_story
from geo.render import fonts
from geo.render.edition import edition
from geo.render.fonts import ARABIC_FAMILY, BASE_FAMILY, FontWarning
from geo.render.picture import BACKGROUND, HIGHLIGHT, map_figure, map_png
from geo.render.script import display_text
from tests.conftest import DATA, FIXTURES
from tests.render.languages import SAMPLES, font_trouble, translated
from tests.untranslated import english_left

CONTROL_ALPHA = KINDS["control"].fill_alpha

CALL = date(2020, 2, 4)
SOCHI = date(2019, 10, 23)
HOSTILE = "$\\alpha$ <script>alert(1)</script> $\\undefinedmacro{"


@pytest.fixture(scope="module")
def story():
    return load_story(DATA)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def rgb(color: str) -> np.ndarray:
    return np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_text()]


def visible_texts(fig) -> list[str]:
    return [t.get_text() for t in texts(fig) if t.get_visible()]


def test_png_is_link_preview_size_and_not_blank(story):
    png = map_png(story, CALL, None)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = pixels(png)
    assert image.shape == (630, 1200, 3)
    assert len(np.unique(image.reshape(-1, 3), axis=0)) > 200


def test_control_palette_is_drawn_on_the_call_date(story):
    image = pixels(map_png(story, CALL, None)).reshape(-1, 3).astype(float)
    palette = next(spec.palette for spec in story.layers if spec.kind == "control")
    for controller in ("government", "opposition"):
        blended = CONTROL_ALPHA * rgb(palette[controller]) + (1 - CONTROL_ALPHA) * rgb(BACKGROUND)
        close = np.abs(image - blended).max(axis=1) <= 4
        assert close.sum() > 2000, controller  # a real area, not a legend swatch
    assert (np.abs(image - rgb(HIGHLIGHT)).max(axis=1) <= 4).sum() > 100  # the event's features


def test_other_size(story):
    assert pixels(map_png(story, CALL, None, width_px=800, height_px=420)).shape == (420, 800, 3)


def test_title_date_and_event_are_drawn(story):
    fig = map_figure(story, CALL, None)
    shown = visible_texts(fig)
    assert story.title in shown
    assert any(s.startswith("4 February 2020") and "Putin and Erdogan talk by phone" in s for s in shown)
    source = next(t.get_text() for t in texts(fig) if t.get_gid() == "source")
    assert "Natural Earth" in source
    assert "the story folder's README.md" in source
    assert "TASS, 4 February 2020" in source
    assert "Idlib" in shown  # a place label
    assert "Government-held (approx.)" in shown  # legend rows
    assert any("Moscow" in s and "off this map" in s for s in shown)  # highlighted but far away


def test_after_article_dates_say_so(story):
    shown = visible_texts(map_figure(story, date(2020, 3, 5), None))
    assert any(s.startswith("5 March 2020") and "(after the article)" in s for s in shown)


def test_legend_lists_only_what_is_drawn(story):
    shown = visible_texts(map_figure(story, SOCHI, ["border", "buffer_zone", "places"]))
    rows = [" ".join(s.split()) for s in shown]  # long legend rows are wrapped
    assert "30-km zone, Sochi memorandum on north-eastern Syria (22 Oct 2019)" in rows
    assert "Turkish observation posts" not in shown
    assert "Government-held (approx.)" not in shown


def test_frame_holds_the_event_features(story):
    fig = map_figure(story, SOCHI, None)
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x1 - x0 > 300_000  # the whole 30-km zone, from the Euphrates to Iraq, in metres
    assert (x1 - x0) / (y1 - y0) == pytest.approx(0.72 * 1200 / (0.79 * 630), rel=0.01)


def test_hostile_text_is_drawn_literally(story):
    places = [dataclasses.replace(f, name=HOSTILE) if f.id == "idlib" else f for f in story.features["places"]]
    layers = [dataclasses.replace(s, title=HOSTILE) if s.id == "border" else s for s in story.layers]
    hostile = dataclasses.replace(story, title=HOSTILE, layers=layers, features={**story.features, "places": places})
    fig = map_figure(hostile, CALL, None)
    drawn = [t for t in texts(fig) if t.get_text().replace("\n", " ") == HOSTILE]
    assert len(drawn) >= 3  # title, place label, legend row (wrapped)
    for text in texts(fig):
        assert not text.get_usetex()
        assert not text.get_parse_math()
    assert pixels(map_png(hostile, CALL, None)).shape == (630, 1200, 3)  # mathtext would raise on the macro


@pytest.mark.parametrize("day", [CALL, SOCHI, date(2017, 5, 4)])
def test_scale_bar_is_a_round_length(story, day):
    fig = map_figure(story, day, None)
    label = next(t for t in texts(fig) if t.get_gid() == "scale-label")
    match = re.fullmatch(r"(\d+) km", label.get_text())
    assert match
    assert int(match.group(1)) in (5, 10, 20, 50, 100)
    ax = fig.axes[0]
    width_km = (ax.get_xlim()[1] - ax.get_xlim()[0]) / 1000
    assert int(match.group(1)) <= width_km / 5  # the map is drawn in metres (UTM 37N): km are km


def test_labels_do_not_overlap(story):
    for day in (CALL, SOCHI, date(2020, 1, 28)):
        fig = map_figure(story, day, None)
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        labels = [t for t in ax.texts if t.get_visible() and t.get_gid() != "scale-label"]
        boxes = [t.get_window_extent(renderer) for t in labels]
        frame = ax.get_window_extent(renderer)
        for i, a in enumerate(boxes):
            assert frame.x0 <= a.x0 and a.x1 <= frame.x1
            assert not any(a.overlaps(b) for b in boxes[i + 1:]), labels[i].get_text()


def test_minor_places_are_labelled_only_on_their_dates(story):
    minor = {f.name for f in story.features["places"] if f.properties.get("minor")}
    assert not minor & set(visible_texts(map_figure(story, CALL, None)))


def test_no_layers_and_other_stories_still_render(story):
    assert pixels(map_png(story, CALL, [])).shape == (630, 1200, 3)
    mini = load_story(FIXTURES / "mini")
    assert pixels(map_png(mini, date(2020, 1, 10), None)).shape == (630, 1200, 3)


def test_cli_writes_a_png(tmp_path: Path, capsys):
    out = tmp_path / "out.png"
    assert main(["picture", "-o", str(out), "--date", "2019-10-23", "--layers", "border,buffer_zone,places"]) == 0
    assert pixels(out.read_bytes()).shape == (630, 1200, 3)
    assert "wrote" in capsys.readouterr().out
    assert main(["picture", "-o", str(tmp_path / "x.png"), "--layers", "nope"]) == 2
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("language", ["en", "ar", "tr", "ru"])
def test_every_language_is_drawn_with_every_glyph(story, language):
    with font_trouble() as trouble:
        png = map_png(translated(story, language), CALL, None, language=language)
    assert not trouble.missing_glyphs
    assert not trouble.font_log
    assert pixels(png).shape == (630, 1200, 3)


def test_arabic_text_goes_through_the_script_layer_in_its_fonts(story):
    fig = map_figure(translated(story, "ar"), CALL, None, language="ar")
    title = next(t for t in texts(fig) if t.get_gid() == "title")
    assert title.get_text() == display_text(SAMPLES["ar"], "rtl")
    assert title.get_fontfamily() == [ARABIC_FAMILY, BASE_FAMILY]
    scale = next(t for t in texts(fig) if t.get_gid() == "scale-label")  # "١٠٠ كم": the catalog's, in Arabic
    assert scale.get_fontfamily() == [ARABIC_FAMILY, BASE_FAMILY]
    english = map_figure(story, CALL, None)
    latin = next(t for t in texts(english) if t.get_gid() == "scale-label")
    assert re.fullmatch(r"\d+ km", latin.get_text()) and latin.get_fontfamily() == [BASE_FAMILY]


@pytest.mark.usefixtures("fresh_fonts")
def test_without_noto_an_arabic_picture_is_drawn_in_dejavu(story, monkeypatch):
    monkeypatch.setattr(fonts, "ARABIC_FAMILY", "No Such Arabic Sans")
    with pytest.warns(FontWarning, match="fonts-noto-core"):
        fig = map_figure(translated(story, "ar"), CALL, None, language="ar")
    title = next(t for t in texts(fig) if t.get_gid() == "title")
    assert title.get_fontfamily() == [BASE_FAMILY]
    out = io.BytesIO()
    with font_trouble() as trouble:
        fig.savefig(out, format="png")
    assert pixels(out.getvalue()).shape == (630, 1200, 3)
    assert not trouble.missing_glyphs  # DejaVu Sans has the letters, upright (the off-map note is italic)
    assert not trouble.font_log


def test_arabic_is_drawn_upright_where_latin_is_italic(story):
    fig = map_figure(translated(story, "ar"), CALL, None, language="ar")
    note = next(t for t in texts(fig) if t.get_gid() == "off-map")
    assert note.get_fontstyle() == "normal"  # it names Arabic places
    latin = next(t for t in texts(map_figure(story, CALL, None)) if t.get_gid() == "off-map")
    assert latin.get_fontstyle() == "italic"


@pytest.mark.parametrize("lang", ["ar", "tr", "ru"])
def test_no_english_ui_string_reaches_a_translated_picture(lang: str) -> None:
    """Every word the picture adds to the story (legend, notes, source line, scale) is in the reader's language."""
    told, _ = edition(load_story(DATA), lang)
    for day in (date(2019, 10, 23), date(2020, 3, 5)):  # the second is after the article, with far places
        shown = "\n".join(visible_texts(map_figure(told, day, None, language=lang)))
        assert english_left(shown, lang) == [], (lang, day)
    assert english_left("Concerned by this date's event", lang)  # the scan finds what it looks for
