"""Text as the picture must hand it to matplotlib so that Arabic reads right: joined letters, right to left.

Two text engines are in the supported matplotlib range (>=3.8), and they need opposite inputs:

- matplotlib 3.11 and later lay each line out with libraqm (HarfBuzz shaping and the Unicode bidi algorithm).
  Arabic text must arrive as written, in logical order: the engine joins the letters with the font's own
  tables (ligatures such as lam-alef included) and orders the runs. Text that was already put in visual order
  would be reversed a second time, and come out backwards.
- Before 3.11 the engine draws code points one by one, left to right, as they come. Arabic must then be shaped
  here (arabic-reshaper swaps each letter for its joined presentation form) and put in visual order here
  (python-bidi's `get_display`).

`display_text` asks the engine which of the two it is (`engine_shapes`) and does only what the engine does not.
Text without right-to-left letters (English, Turkish, Russian) passes unchanged, so those pictures keep their
bytes.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Literal

import arabic_reshaper
from babel import Locale, UnknownLocaleError
from bidi import get_display
from matplotlib import font_manager

Direction = Literal["ltr", "rtl"]
DIRECTIONS: tuple[Direction, ...] = ("ltr", "rtl")
# Invisible strong characters: a line that starts with one is laid out in that direction whatever its first
# letter is (an Arabic sentence that opens with a Latin name must still read from the right).
_MARK: dict[Direction, str] = {"ltr": "\u200e", "rtl": "\u200f"}
_BASE: dict[Direction, str] = {"ltr": "L", "rtl": "R"}
_PROBE_FAMILY = "DejaVu Sans"  # ships inside matplotlib, with Arabic letters and their joining tables
_BEH = "\u0628"  # ARABIC LETTER BEH: isolated it has a wide tail, joined it is a short tooth


def is_rtl_letter(char: str) -> bool:
    """Whether bidi classes `char` as a right-to-left letter (Arabic script: AL; Hebrew and others: R)."""
    return unicodedata.bidirectional(char) in ("AL", "R")


def has_rtl(text: str) -> bool:
    """Whether `text` holds any right-to-left letter: the only text `display_text` changes."""
    return any(is_rtl_letter(char) for char in text)


def is_arabic(char: str) -> bool:
    """Whether `char` is a letter or mark of the Arabic script (its base block or its presentation forms)."""
    return unicodedata.name(char, "").startswith("ARABIC")


def has_arabic(text: str) -> bool:
    """Whether `text` holds Arabic script, which needs a font that has it (geo/render/fonts.py)."""
    return any(is_arabic(char) for char in text)


def direction_of(language: str) -> Direction:
    """The reading direction of a language code ('ar' → 'rtl', 'en' → 'ltr'), from Babel's CLDR data."""
    try:
        direction = Locale.parse(language.replace("-", "_")).text_direction
    except (ValueError, UnknownLocaleError) as err:
        raise ValueError(f"unknown language code {language!r}: {err}") from err
    return "rtl" if direction == "rtl" else "ltr"


@functools.cache
def engine_shapes() -> bool:
    """Whether matplotlib's Agg engine joins Arabic letters itself (and so also orders bidi text: libraqm).

    Measured, not read off a version number: three joined behs are much narrower than three isolated ones.
    """
    font = font_manager.get_font(font_manager.findfont(font_manager.FontProperties(family=_PROBE_FAMILY)))

    def width(text: str) -> int:
        font.clear()
        font.set_size(20, 72)
        font.set_text(text)  # what the Agg renderer calls to measure and lay out a line
        return font.get_width_height()[0]

    return width(_BEH * 3) < 2.5 * width(_BEH)


def visual_order(text: str, direction: Direction | None = None) -> str:
    """One line shaped into presentation forms and put in display order, for an engine that does neither.

    `direction` sets the paragraph's base direction; None takes it from the first strong letter.
    """
    reshaped = arabic_reshaper.reshape(text)
    ordered = get_display(reshaped, base_dir=_BASE[direction]) if direction else get_display(reshaped)
    return str(ordered)


def display_text(text: str, direction: Direction | None = None, *, engine_shapes_text: bool | None = None) -> str:
    """`text` as matplotlib must receive it to draw it right (see the module docstring).

    `direction` is the picture's: a line that holds right-to-left letters is laid out with that base direction
    (None: from its first strong letter). Lines are handled one by one, as matplotlib lays them out.
    `engine_shapes_text` overrides the engine probe (for tests of the other engine's path).
    """
    if not has_rtl(text):
        return text
    shaped_by_engine = engine_shapes() if engine_shapes_text is None else engine_shapes_text
    lines = text.split("\n")
    if shaped_by_engine:
        mark = _MARK[direction] if direction else ""
        return "\n".join(mark + line if has_rtl(line) else line for line in lines)
    return "\n".join(visual_order(line, direction) if has_rtl(line) else line for line in lines)
