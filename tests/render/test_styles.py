"""The toggles' colour chips: CSS from validated ids and colours only; labels that read as written."""

from __future__ import annotations

import re

import pytest

from geo.load.story import load_story
from geo.model import LayerSpec
from geo.render.styles import page_language_html, swatch_css
from geo.render.text import md_label
from tests.conftest import DATA


def spec(layer_id: str, color: str, kind: str = "zone", palette: dict[str, str] | None = None) -> LayerSpec:
    return LayerSpec(id=layer_id, title="t", kind=kind, color=color, description="", palette=palette or {})


def test_every_bundled_layer_gets_a_chip_in_its_own_colour() -> None:
    story = load_story(DATA)
    css = swatch_css(story.layers)
    for layer in story.layers:
        (rule,) = [line for line in css.splitlines() if line.startswith(f".st-key-layer_{layer.id} ")]
        expected = (layer.palette and list(layer.palette.values())) or [layer.color]
        assert all(color in rule for color in expected), rule
    colors = {layer.id: layer.color for layer in story.layers}
    assert colors["buffer_zone"] != colors["patrol_strip"]  # told apart (the emoji chips shared one blue)
    assert "#ff6f00" not in css.lower()  # no layer in the highlight colour


@pytest.mark.parametrize(("layer_id", "color"), [
    ("x} body { display: none", "#123456"), ("ok", "red; background: url(//evil)"), ("ok", "#12345"),
    ("UPPER", "#123456"), ("ok", "#123456</style><script>alert(1)</script>"),
])
def test_a_hostile_id_or_colour_writes_no_rule(layer_id: str, color: str) -> None:
    css = swatch_css([spec(layer_id, color), spec("fine", "#abcdef")])
    assert css.count("::before") == 1 and ".st-key-layer_fine " in css
    assert "<script" not in css and "url(" not in css and "display: none" not in css


def test_a_hostile_palette_colour_drops_the_layer() -> None:
    css = swatch_css([spec("control", "#c62828", "control", {"a": "#c62828", "b": "red;}</style>"})])
    assert "::before" not in css


def test_shapes_follow_the_legend() -> None:
    css = swatch_css([spec("p", "#2ca02c", "post"), spec("q", "#ffd400", "place"), spec("r", "#333333", "line")])
    assert re.search(r"layer_p .*rotate\(45deg\)", css) and re.search(r"layer_q .*border-radius: 50%", css)
    assert re.search(r"layer_r .*height: 3px", css)


@pytest.mark.parametrize(("title", "label"), [
    ("Idlib de-escalation zone (approx.)", "Idlib de-escalation zone (approx.)"),
    ("30-km zone (Sochi, 23 Oct 2019)", "30-km zone (Sochi, 23 Oct 2019)"),
    ("Turkey–Syria border", "Turkey–Syria border"),
    ("a *b* [x](javascript:1)", "a \\*b\\* \\[x\\](javascript:1)"),
    (":red[x] :smile:", "\\:red\\[x\\] \\:smile:"),
    ("<img src=x>", "\\<img src=x\\>"),
    ("# head", "\\# head"),
    ("1. list", "1\\. list"),
    ("two\nlines", "two lines"),
])
def test_labels_escape_only_what_would_become_markdown(title: str, label: str) -> None:
    assert md_label(title) == label


HOSTILE_LANGS = ['en"; alert(1); "', "</script><script>alert(1)</script>", "ar\n", "AR", "", "x" * 999]


@pytest.mark.parametrize("hostile", HOSTILE_LANGS)
def test_page_language_writes_only_a_catalogs_code(hostile: str) -> None:
    html = page_language_html(hostile)
    assert 'lang = "en"' in html and "alert" not in html and "<style>" not in html


def test_page_language_mirrors_the_page_for_arabic() -> None:
    html = page_language_html("ar")
    assert 'lang = "ar"' in html and "direction: rtl" in html
    assert "direction: rtl" not in page_language_html("ru") and "direction: rtl" not in page_language_html("tr")
