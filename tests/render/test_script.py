"""Text handed to matplotlib: Arabic joined and in reading order, whichever engine draws it; other text untouched."""

from __future__ import annotations

import unicodedata

import matplotlib as mpl
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from geo.render.fonts import families_for
from geo.render.script import direction_of, display_text, engine_shapes, has_arabic, has_rtl, visual_order
from tests.render.languages import SAMPLES

IDLIB = "إدلب"  # alef with hamza below, dal, lam, beh
SOURCE = "مصدر: TASS 2020"
MARKS = "\u200e\u200f"


def base_letters(text: str) -> str:
    """Presentation forms back to the letters they stand for (NFKC), direction marks dropped."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch not in MARKS)


def is_presentation_form(char: str) -> bool:
    return 0xFB50 <= ord(char) <= 0xFDFF or 0xFE70 <= ord(char) <= 0xFEFF


@pytest.mark.parametrize("language", ["en", "tr", "ru"])
@pytest.mark.parametrize("direction", [None, "ltr", "rtl"])
@pytest.mark.parametrize("engine", [True, False])
def test_latin_and_cyrillic_pass_unchanged(language, direction, engine):
    text = SAMPLES[language] + "\nsecond line"
    assert not has_rtl(text)
    assert display_text(text, direction, engine_shapes_text=engine) is text


def test_idlib_is_reshaped_into_joined_forms_and_reversed():
    shown = visual_order(IDLIB)
    assert shown != IDLIB
    # beh final, lam initial, dal isolated, alef-hamza isolated: read from the left, the word's end comes first
    assert shown == "\ufe90\ufedf\ufea9\ufe87"
    assert all(is_presentation_form(ch) for ch in shown)
    assert base_letters(shown) == IDLIB[::-1]


def test_lam_alef_becomes_one_ligature():
    assert visual_order("لا") == "\ufefb"


def test_quoted_latin_and_digits_stay_readable_in_visual_order():
    shown = visual_order(SOURCE)
    assert shown.startswith("TASS 2020 :")  # the Latin run and the number read left to right, on the left
    assert base_letters(shown[len("TASS 2020 :"):]) == "مصدر"[::-1]  # the Arabic word from the right


def test_the_pictures_direction_sets_the_base_of_a_mixed_line():
    line = "TASS قال"  # an Arabic sentence opening with a Latin name
    assert visual_order(line).startswith("TASS")  # left to right by its first letter
    assert visual_order(line, "rtl").endswith("TASS")  # in a right-to-left picture, the name opens it, on the right
    assert display_text(line, "rtl", engine_shapes_text=True) == "\u200f" + line
    assert display_text(line, "ltr", engine_shapes_text=True) == "\u200e" + line


def test_a_shaping_engine_gets_the_text_as_written():
    """libraqm orders bidi itself: text put in visual order here would be reversed a second time."""
    assert display_text(SOURCE, engine_shapes_text=True) == SOURCE


def test_lines_are_ordered_one_by_one():
    text = f"{IDLIB}\nIdlib (approx.)\n{SOURCE}"
    lines = display_text(text, engine_shapes_text=False).split("\n")
    assert lines == [visual_order(IDLIB), "Idlib (approx.)", visual_order(SOURCE)]
    assert display_text(text, "rtl", engine_shapes_text=True).split("\n") == [
        "\u200f" + IDLIB, "Idlib (approx.)", "\u200f" + SOURCE]


def test_scripts_are_told_apart():
    assert has_arabic(SAMPLES["ar"]) and has_rtl(SAMPLES["ar"])
    assert has_arabic("٤")  # an Arabic-Indic digit needs an Arabic font, though it is no letter
    assert not has_rtl("٤")
    assert not any(has_arabic(SAMPLES[lang]) for lang in ("en", "tr", "ru"))


@pytest.mark.parametrize(("language", "expected"),
                         [("ar", "rtl"), ("ar-SY", "rtl"), ("ar_SY", "rtl"), ("en", "ltr"), ("tr", "ltr"),
                          ("ru", "ltr"), ("he", "rtl")])
def test_direction_of_a_language(language, expected):
    assert direction_of(language) == expected


def test_an_unknown_language_is_quoted():
    with pytest.raises(ValueError, match="'xx-nowhere'"):
        direction_of("xx-nowhere")


def test_the_engine_probe_agrees_with_matplotlibs_release_notes():
    """matplotlib lays text out with libraqm from 3.11 on; the probe measures that rather than trusting it."""
    major, minor = (int(part) for part in mpl.__version__.split(".")[:2])
    assert engine_shapes() == ((major, minor) >= (3, 11))


def drawn_order(text: str) -> str:
    """The letters of one line as the engine places them, from left to right (base letters, no marks)."""
    fig = Figure()
    renderer = FigureCanvasAgg(fig).get_renderer()
    font = renderer._prepare_font(FontProperties(family=families_for(text), size=12))
    if not hasattr(font, "_layout"):  # matplotlib before 3.11 draws code points in string order
        return base_letters(text)
    from matplotlib.ft2font import LoadFlags

    items = sorted(font._layout(text, LoadFlags.NO_HINTING), key=lambda item: item.x)
    return base_letters("".join(item.char for item in items))


@pytest.mark.parametrize("direction", [None, "rtl"])
def test_drawn_arabic_reads_from_the_right(direction):
    """What reaches the engine comes out in reading order: not reversed twice, not left in logical order."""
    assert drawn_order(display_text(IDLIB, direction)) == IDLIB[::-1]
    assert drawn_order(display_text(SOURCE, direction)) == "TASS 2020 :" + "مصدر"[::-1]


def drawn_width(text: str) -> float:
    fig = Figure()
    label = fig.text(0, 0, display_text(text), family=families_for(text), fontsize=20)
    return label.get_window_extent(FigureCanvasAgg(fig).get_renderer()).width


def test_drawn_arabic_is_joined():
    """Four behs joined are a short run of teeth; four isolated behs, each with its tail, are far wider."""
    beh = "\u0628"
    assert drawn_width(beh * 4) < 0.7 * 4 * drawn_width(beh)
