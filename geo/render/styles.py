"""The project's stylesheets (geo/css/), as <style> elements ready to inline into a page."""

from __future__ import annotations

from collections.abc import Sequence

from geo.kinds import kind_of
from geo.languages import DEFAULT, codes, language
from geo.load.manifest import COLOR, LAYER_ID
from geo.model import LayerSpec
from geo.paths import CSS_DIR


def stylesheet(name: str) -> str:
    """geo/css/<name> wrapped in a <style> element. The files are static: no data goes into them."""
    return "<style>\n" + (CSS_DIR / name).read_text(encoding="utf-8") + "</style>\n"


# The toggles' colour chips, drawn by CSS (an emoji square shows as an empty box where there is no emoji
# font, and is the wrong colour where there is one). Each kind's shape is the legend's (geo/kinds.py).
_SWATCH_BASE = ("content: ''; display: inline-block; margin-right: 7px; border: 1px solid #333; "
                "vertical-align: 0; box-sizing: border-box;")


def stripes(colors: Sequence[str]) -> str:
    """Equal vertical stripes, one per colour (a control layer's chip shows every controller)."""
    share = 100 / len(colors)
    stops = [f"{c} {i * share:.0f}% {(i + 1) * share:.0f}%" for i, c in enumerate(colors)]
    return f"linear-gradient(90deg, {', '.join(stops)})"


def swatch_css(specs: Sequence[LayerSpec]) -> str:
    """A <style> element giving each layer toggle (key `layer_<id>`) a chip in the layer's own colours.

    Only ids and colours of the validated shapes (geo.load.manifest LAYER_ID, COLOR) are written; anything else is
    left out, so no data can reach the page as markup or CSS.
    """
    rules = []
    for spec in specs:
        colors = list((spec.palette or {}).values()) or [spec.color]
        if not LAYER_ID.fullmatch(spec.id) or not all(COLOR.fullmatch(c) for c in colors):
            continue
        fill = colors[0] if len(colors) == 1 else stripes(colors)
        shape = kind_of(spec.kind).swatch + (" vertical-align: 3px;" if kind_of(spec.kind).draw == "line" else "")
        rules.append(f'.st-key-layer_{spec.id} [data-testid="stMarkdownContainer"] p::before '
                     f"{{ {_SWATCH_BASE} background: {fill}; {shape} }}")
    return "<style>\n" + "\n".join(rules) + "\n</style>\n"


# The page in a right-to-left language: the app's columns, sidebar and cards read from the right. Leaflet's map
# and the time bar mirror themselves (geo/js/storytime.js); the swatch chips sit on the reading side.
_RTL_RULES = ("[data-testid='stMain'], [data-testid='stSidebarContent'] { direction: rtl; text-align: right; }\n"
              "[data-testid='stMarkdownContainer'] p::before { margin-right: 0; margin-left: 7px; }")


def page_language_html(lang: str) -> str:
    """`lang` for the whole document, and the right-to-left rules where they apply.

    Only a language with a catalog (geo/locales) is written, by its code as the catalog names it; any other value
    writes English. The script is fixed text around that code: no data reaches the page as markup or script.
    """
    code = next((known for known in codes() if known == lang), DEFAULT)
    direction = language(code).direction
    # `dir` stays off the document: Streamlit's sidebar slides out to the left and would show through in RTL
    script = f'<script>document.documentElement.lang = "{code}";</script>'
    return script + (f"<style>\n{_RTL_RULES}\n</style>" if direction == "rtl" else "")
