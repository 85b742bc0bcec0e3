"""The picture's fonts: every glyph of the four languages is found, and a machine without Noto still draws."""

from __future__ import annotations

from typing import Any

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont

from geo.render import fonts
from geo.render.fonts import ARABIC_FAMILY, BASE_FAMILY, FontWarning, families_for, installed
from geo.render.script import Direction, display_text
from tests.render.languages import SAMPLES, font_trouble

# the styles the picture draws text in: plain, bold (the title), italic (the off-map note)
STYLES: list[dict[str, Any]] = [{"fontweight": "normal"}, {"fontweight": "bold"}, {"fontstyle": "italic"}]


def draw(text: str, direction: Direction | None = None) -> None:
    fig = Figure(figsize=(12, 2), dpi=100)
    for row, style in enumerate(STYLES):
        fig.text(0.99 if direction == "rtl" else 0.01, 0.2 + 0.3 * row, display_text(text, direction),
                 family=families_for(text), fontsize=12, ha="right" if direction == "rtl" else "left",
                 usetex=False, parse_math=False, **style)
    FigureCanvasAgg(fig).draw()


def test_noto_sans_arabic_is_installed():
    """scripts/setup.sh, packages.txt and the Dockerfile install fonts-noto-core; this machine must have it."""
    assert installed(ARABIC_FAMILY)
    assert "NotoSansArabic" in str(findfont(FontProperties(family=ARABIC_FAMILY), fallback_to_default=False))


@pytest.mark.parametrize(("language", "families"), [("en", [BASE_FAMILY]), ("tr", [BASE_FAMILY]),
                                                    ("ru", [BASE_FAMILY]), ("ar", [ARABIC_FAMILY, BASE_FAMILY])])
def test_each_script_gets_its_fonts(language, families):
    assert families_for(SAMPLES[language]) == families


@pytest.mark.parametrize("language", sorted(SAMPLES))
@pytest.mark.parametrize("direction", [None, "ltr", "rtl"])
def test_no_glyph_is_missing(language, direction):
    with font_trouble() as trouble:
        draw(SAMPLES[language], direction)
    assert not trouble.missing_glyphs
    assert not trouble.font_log


def test_the_check_sees_a_missing_glyph():
    """Not vacuous: a letter none of the picture's fonts has (a Han character) is reported."""
    with font_trouble() as trouble:
        draw(SAMPLES["en"] + " 漢")
    assert any("missing from font" in message for message in trouble.missing_glyphs)


@pytest.mark.usefixtures("fresh_fonts")
def test_without_noto_arabic_is_drawn_with_dejavu_after_a_warning(monkeypatch):
    monkeypatch.setattr(fonts, "ARABIC_FAMILY", "No Such Arabic Sans")
    with pytest.warns(FontWarning, match=r"'No Such Arabic Sans' is not installed \(Debian package fonts-noto-core"):
        assert families_for(SAMPLES["ar"]) == [BASE_FAMILY]
    with font_trouble() as trouble:
        assert families_for(SAMPLES["ar"]) == [BASE_FAMILY]  # warned once per process, not once per text
        draw(SAMPLES["ar"], "rtl")
    assert not [w for w in trouble.other_warnings if issubclass(w.category, FontWarning)]
    assert not trouble.font_log  # the missing family is never handed to matplotlib


@pytest.mark.usefixtures("fresh_fonts")
def test_fonts_installed_after_matplotlib_listed_its_fonts_are_found(monkeypatch):
    """matplotlib's cached font list predates a later fonts-noto-core: the system's fonts are listed again."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    path = findfont(FontProperties(family=ARABIC_FAMILY), fallback_to_default=False)
    monkeypatch.setattr(fonts, "_add_system_fonts", fonts._add_system_fonts.__wrapped__)  # not once already
    listed = manager.ttflist
    manager.ttflist = [entry for entry in listed if entry.name != ARABIC_FAMILY]
    manager._findfont_cached.cache_clear()
    try:
        assert not fonts._findable(ARABIC_FAMILY)
        assert installed(ARABIC_FAMILY)
        assert findfont(FontProperties(family=ARABIC_FAMILY), fallback_to_default=False) == path
    finally:
        manager.ttflist = listed
        manager._findfont_cached.cache_clear()
