"""Deployment settings that protect visitors, and no raw HTML anywhere in the app."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT


def test_streamlit_server_settings() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableStaticServing"] is True  # the map's Leaflet comes from the app itself
    assert config["client"]["showErrorDetails"] == "none"  # no tracebacks for visitors
    assert config["browser"]["gatherUsageStats"] is False


def test_no_raw_html_rendering_in_the_code() -> None:
    sources = [ROOT / "app.py", *sorted((ROOT / "geo").rglob("*.py"))]
    offenders = [p.name for p in sources
                 if re.search(r"unsafe_allow_html\s*=\s*True|components\.html\(", p.read_text("utf-8"))]
    assert offenders == []


def static(value: object) -> bool:
    """A string literal, or stylesheet("<literal>"), or a sum of those."""
    import ast

    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        return static(value.left) and static(value.right)
    if isinstance(value, ast.Constant):
        return isinstance(value.value, str)
    return (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "stylesheet"
            and len(value.args) == 1 and isinstance(value.args[0], ast.Constant) and not value.keywords)


# builders whose output is vetted markup: swatch_css writes only validated ids and #rrggbb colours, and
# page_language_html only a catalog's language code (tests/render/test_styles.py feeds both hostile values)
VETTED_HTML = {"swatch_css", "page_language_html"}


def test_st_html_only_ever_gets_a_constant_string() -> None:
    """The print stylesheet is raw HTML: allowed only as a module-level constant (a string literal, or a static
    file of geo/css/ named by a literal), never with data."""
    import ast

    for path in [ROOT / "app.py", *sorted((ROOT / "geo").rglob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {target.id for node in tree.body if isinstance(node, ast.Assign) and static(node.value)
                     for target in node.targets if isinstance(target, ast.Name)}
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if isinstance(call.func, ast.Attribute) and call.func.attr == "html":
                (argument,) = call.args
                if (isinstance(argument, ast.Call) and isinstance(argument.func, ast.Name)
                        and argument.func.id in VETTED_HTML):
                    continue
                assert isinstance(argument, ast.Name) and argument.id in constants, (path.name, call.lineno)
