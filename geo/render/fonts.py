"""Which fonts draw a piece of the picture's text: one family list per script, with a fallback that never fails.

- Latin (English, Turkish) and Cyrillic (Russian): DejaVu Sans, the font matplotlib ships. It has every
  letter of those alphabets, it is present wherever matplotlib is, and it is what the English picture has
  always used (its bytes stay the same).
- Arabic: Noto Sans Arabic (Debian's fonts-noto-core; scripts/setup.sh, packages.txt and the Dockerfile
  install it), a sans face drawn to sit beside Latin sans text at map-label sizes, with the joining forms and
  ligatures the engine needs. Latin words and digits quoted in an Arabic line fall back to DejaVu Sans, so
  they look like the picture's other Latin text.

Without Noto Sans Arabic (a machine without the package), Arabic is drawn with DejaVu Sans, which has the
letters but a plainer design (and upright only: `style_for`), after one `FontWarning`: the picture is still
made.
"""

from __future__ import annotations

import functools
import warnings
from typing import Literal

from matplotlib import font_manager

from geo.render.script import has_arabic

BASE_FAMILY = "DejaVu Sans"
ARABIC_FAMILY = "Noto Sans Arabic"
FontStyle = Literal["normal", "italic", "oblique"]
FONT_PACKAGE = "fonts-noto-core"  # the Debian package with ARABIC_FAMILY: the set-up, packages.txt and the image
INSTALL_HINT = f"Debian package {FONT_PACKAGE}; scripts/setup.sh installs it"


class FontWarning(UserWarning):
    """A font the picture wants is not installed; the picture is drawn with a fallback."""


def _findable(family: str) -> bool:
    try:
        font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    except ValueError:
        return False
    return True


@functools.cache
def _add_system_fonts() -> None:
    """Teach matplotlib the system's fonts it has not listed yet, once per process.

    matplotlib caches its font list on first use (fontlist-*.json in its cache folder) and does not look
    again, so fonts installed after that first use (as the set-up's fonts-noto-core may be) are unknown to it.
    """
    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # a broken font file on the system: not one of ours
                continue


@functools.cache
def installed(family: str) -> bool:
    """Whether matplotlib can find `family` (after listing the system's newer fonts, when it could not)."""
    if _findable(family):
        return True
    _add_system_fonts()
    return _findable(family)


@functools.cache
def _arabic_families(family: str) -> tuple[str, ...]:
    if installed(family):
        return (family, BASE_FAMILY)
    warnings.warn(f"the font family {family!r} is not installed ({INSTALL_HINT}): Arabic text in the "
                  f"picture is drawn with {BASE_FAMILY}", FontWarning, stacklevel=2)
    return (BASE_FAMILY,)


def style_for(text: str, style: FontStyle) -> FontStyle:
    """The font style to draw `text` in: Arabic upright whatever was asked.

    Arabic has no italic tradition, Noto Sans Arabic has no italic face, and DejaVu Sans's oblique face (the
    fallback's) has no Arabic letters at all: slanted, a line would lose them.
    """
    return "normal" if has_arabic(text) else style


def families_for(text: str) -> list[str]:
    """The font families for `text`, first choice first (matplotlib takes each glyph from the first that has it)."""
    if has_arabic(text):
        return list(_arabic_families(ARABIC_FAMILY))
    return [BASE_FAMILY]
