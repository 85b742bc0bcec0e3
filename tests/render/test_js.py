"""The map's own JS (geo/js/*.js) puts data on screen as text only: no HTML or code sinks, in any file.

Every file is scanned, comments included (a comment that names a sink is cheap to reword, and a scan that
skipped comments could be fooled by a stray `/*`). Each rule is a regular expression; the table below also
shows each rule catching the sink it is for, so no rule can silently match nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.render import mapview
from tests.conftest import ROOT

JS_DIR = ROOT / "geo" / "js"
JS_FILES = sorted(JS_DIR.rglob("*.js"))

_FIRST_ARG_HAS_STRING = r"\s*\((?!\s*function\b)(?![^,]*=>)[^,()]*[\"'`]"  # a literal or concatenated string

# (rule, pattern): none may occur in any file
RULES = [
    ("innerHTML", r"\binnerHTML\b"),
    ("outerHTML", r"\bouterHTML\b"),
    ("insertAdjacentHTML", r"\binsertAdjacentHTML\b"),
    ("document.write", r"\bdocument\s*\.\s*write(?:ln)?\b"),
    ("eval", r"(?<![\w$])eval\s*\(|[\"'`]eval[\"'`]"),
    ("new Function", r"(?<![\w$.])(?:new\s+)?Function\s*\("),
    ("setTimeout with a string", r"\bsetTimeout" + _FIRST_ARG_HAS_STRING),
    ("setInterval with a string", r"\bsetInterval" + _FIRST_ARG_HAS_STRING),
    (".html(", r"\.html\s*\("),
    # Beyond the classic sinks: Leaflet sets a *string* popup, tooltip or divIcon as HTML (a DOM node is safe),
    # and a Range can parse HTML too.
    ("Leaflet popup/tooltip from a string", r"\b(?:bindPopup|bindTooltip|setContent)" + _FIRST_ARG_HAS_STRING),
    ("divIcon html from a string", r"\bhtml\s*:\s*[^,}]*[\"'`]"),
    ("createContextualFragment", r"\bcreateContextualFragment\b"),
]

# (rule, a line of JS it must catch)
CAUGHT = [
    ("innerHTML", 'box.innerHTML = p.name;'),
    ("innerHTML", 'box["innerHTML"] = p.name;'),
    ("outerHTML", "node.outerHTML = text;"),
    ("insertAdjacentHTML", 'box.insertAdjacentHTML("beforeend", p.summary);'),
    ("document.write", "document.write(p.name);"),
    ("document.write", "document . writeln(p.name);"),
    ("eval", "eval(payload);"),
    ("eval", 'window["eval"](payload);'),
    ("new Function", 'var f = new Function("return " + code);'),
    ("new Function", 'var f = Function("x", code);'),
    ("setTimeout with a string", 'setTimeout("show(" + i + ")", 10);'),
    ("setTimeout with a string", "setTimeout(`show(${i})`, 10);"),
    ("setTimeout with a string", "setTimeout(prefix + 'x()', 10);"),
    ("setInterval with a string", "setInterval('tick()', 1000);"),
    (".html(", "$(box).html(p.summary);"),
    ("Leaflet popup/tooltip from a string", 'lyr.bindPopup("<b>" + p.name + "</b>");'),
    ("Leaflet popup/tooltip from a string", "lyr.bindTooltip(`${p.name}`);"),
    ("Leaflet popup/tooltip from a string", 'popup.setContent(p.name + "");'),
    ("divIcon html from a string", 'L.divIcon({html: "<div>" + p.name + "</div>"});'),
    ("createContextualFragment", "document.createRange().createContextualFragment(p.name);"),
]

# lines no rule may flag: the safe ways the helpers do the same things
INERT = [
    "node.textContent = String(text);",
    'var node = document.createElement("div");',
    "setTimeout(show, 10);",
    "setTimeout(function () { show(1); }, 10);",
    'setTimeout(() => show("x"), 10);',
    "setInterval(tick, 1000);",
    'lyr.bindPopup(card(p), {maxWidth: 320});',
    'lyr.bindTooltip(el("span", "story-label", p.name), {permanent: true});',
    'L.divIcon({className: "story-post-icon", html: node, iconSize: [size, size]});',
    "parts.events.replaceChildren();",
    "var evaluated = retrieval(x);",
    "function htmlEscape(s) { return s; }",
]


def violations(text: str, pattern: str) -> list[str]:
    """'line N: <line>' for every line of `text` where `pattern` occurs."""
    lines = text.splitlines()
    numbers = sorted({text.count("\n", 0, match.start()) + 1 for match in re.finditer(pattern, text)})
    return [f"line {n}: {lines[n - 1].strip()}" for n in numbers]


def test_the_scan_covers_every_helper_file() -> None:
    names = {path.relative_to(JS_DIR).as_posix() for path in JS_FILES}
    assert {"storymap.js", "storytime.js", "parts/clock.js", "parts/linkcodec.js"} <= names
    assert names == set(mapview.JS_PARTS), "every JS file is loaded by the map, and every loaded file is scanned"


@pytest.mark.parametrize("path", JS_FILES, ids=[p.relative_to(JS_DIR).as_posix() for p in JS_FILES])
@pytest.mark.parametrize(("rule", "pattern"), RULES, ids=[r[0] for r in RULES])
def test_no_html_or_code_sink(path: Path, rule: str, pattern: str) -> None:
    found = violations(path.read_text(encoding="utf-8"), pattern)
    assert found == [], f"geo/js/{path.relative_to(JS_DIR).as_posix()} uses {rule}: {found}"


@pytest.mark.parametrize("path", JS_FILES, ids=[p.relative_to(JS_DIR).as_posix() for p in JS_FILES])
def test_files_that_build_nodes_set_their_text_with_text_content(path: Path) -> None:
    """A file that builds nodes sets their text itself with textContent, or builds them with StoryMap.el (which
    does) or as text nodes, and never with createElement and a text of its own."""
    text = path.read_text(encoding="utf-8")
    if re.search(r"\bcreateElement\b|\bappendChild\b", text):
        safe_builders = ("StoryMap.el" in text or "createTextNode" in text) and "createElement(" not in text
        assert "textContent" in text or safe_builders, path.name


@pytest.mark.parametrize(("rule", "line"), CAUGHT, ids=[f"{r}: {line}" for r, line in CAUGHT])
def test_each_rule_catches_its_sink(rule: str, line: str) -> None:
    pattern = dict(RULES)[rule]
    assert violations(line, pattern), (rule, line)


@pytest.mark.parametrize("line", INERT)
def test_no_rule_flags_the_safe_forms(line: str) -> None:
    assert [rule for rule, pattern in RULES if violations(line, pattern)] == []


def test_every_rule_has_a_sink_it_catches() -> None:
    assert {rule for rule, _ in RULES} == {rule for rule, _ in CAUGHT}
