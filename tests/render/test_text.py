"""`md_escape`, the defence against markdown injection: data strings reach st.markdown as literal text.

Streamlit's markdown is CommonMark plus its own syntax (`:red[x]` colours, `:material/home:` icons, `$x$`
LaTeX, emoji shortcodes); every one of them is built from ASCII punctuation, and CommonMark shows any
backslash-escaped ASCII punctuation mark as itself. So the rule checked here is: (a) every ASCII punctuation
mark in the output is escaped, (b) removing the escapes gives back the input (whitespace folded to single
spaces, since a newline could start a block), (c) everything else passes through untouched.
"""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.render.text import md_escape

HOSTILE = [
    *string.punctuation,  # every ASCII punctuation mark, one at a time
    string.punctuation,  # and all of them together
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[x](javascript:alert(1))",
    "![x](https://example.com/t.png)",
    "<https://example.com>",
    "**bold** __bold__ *it* _it_ ~~gone~~",
    "`code` ```fence```",
    "$x$ and $$\\int_0^1 x\\,dx$$",
    ":red[x] :blue-background[y] :rainbow[z]",
    ":material/home: :smile: :flag-tr:",
    "# heading",
    "> quote",
    "- item\n* item\n+ item\n1. item\n2) item",
    "---",
    "a\nb\r\nc\td  e\u00a0f\u2028g\u2029h",
    "  leading and trailing  \n\t",
    "\\",
    "\\*not bold\\*",
    "C:\\Users\\x\\n",
    "&lt;b&gt; &#60;script&#62; &amp;",
    "| a | b |\n|---|---|",
    "[link][ref]\n\n[ref]: https://example.com",
    "Sochi — «Idlib» “quoted” ’apostrophe’ …",
    "Erdoğan, Şanlıurfa, Ҳалаб, حلب, 伊德利卜, 🟥",
    "\u200b\u202etxt.exe",
    "",
]

ORDINARY = [
    "Idlib",
    "observation posts",
    "Recep Tayyip Erdogan",
    "Erdoğan Şanlıurfa",
    "Ракка",
    "حلب",
    "2020 01 10",
    "🟥 zone",
]


def folded(text: str) -> str:
    return " ".join(text.split())


def unescaped(text: str) -> str:
    """Remove the backslash before any character."""
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)


def unescaped_punctuation(text: str) -> list[tuple[int, str]]:
    """(position, mark) of every ASCII punctuation mark in `text` that no backslash escapes."""
    bare, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in string.punctuation:
            i += 2  # an escape: a backslash and the mark it escapes
            continue
        if text[i] in string.punctuation:
            bare.append((i, text[i]))  # a lone backslash at the end lands here too
        i += 1
    return bare


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_every_ascii_punctuation_mark_is_escaped(text: str) -> None:
    assert unescaped_punctuation(md_escape(text)) == []


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_unescaping_gives_back_the_input_with_whitespace_folded(text: str) -> None:
    assert unescaped(md_escape(text)) == folded(text)


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_no_line_breaks_or_tabs_survive(text: str) -> None:
    assert not re.search(r"\s", md_escape(text).replace(" ", ""))
    assert "  " not in md_escape(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_words_are_unchanged(text: str) -> None:
    assert md_escape(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("a*b", r"a\*b"),
    ("[x](javascript:alert(1))", r"\[x\]\(javascript\:alert\(1\)\)"),
    (":red[x]", r"\:red\[x\]"),
    ("$x$", r"\$x\$"),
    ("\\", "\\\\"),
    ("line one\nline two", "line one line two"),
    ("", ""),
    (42, "42"),
])
def test_exact_outputs(text: object, expected: str) -> None:
    assert md_escape(text) == expected  # type: ignore[arg-type]


def test_the_checks_catch_an_unescaped_mark() -> None:
    """The properties are not vacuous: they reject outputs a broken escaper would give."""
    assert unescaped_punctuation("a*b") == [(1, "*")]
    assert unescaped_punctuation("\\\\*") == [(2, "*")]  # the backslash is escaped, the star is not
    assert unescaped_punctuation("ends with \\") == [(10, "\\")]
    assert unescaped("\\*x\\\\") == "*x\\"


@given(st.text())
def test_any_text_round_trips_and_is_fully_escaped(text: str) -> None:
    out = md_escape(text)
    assert unescaped_punctuation(out) == []
    assert unescaped(out) == folded(text)


@pytest.mark.parametrize("text", ["https://x/?date=2019-10-23&layers=a,b", "a `tick` and ``two``", "`edge`",
                                  '<iframe src="x" title="t"></iframe>', "*not* [a](link) :red[x] $x$"])
def test_md_code_shows_any_text_literally(text: str) -> None:
    from geo.render.text import md_code

    code = md_code(text)
    fence = re.match(r"`+", code)
    assert fence
    width = len(fence.group(0))
    assert code.endswith(" " + fence.group(0)) and code[width:-width] == f" {text} "
    assert fence.group(0) not in text  # no run inside can close the span early
