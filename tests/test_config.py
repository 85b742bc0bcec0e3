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


def test_st_html_only_ever_gets_a_constant_string() -> None:
    """The print stylesheet is raw HTML: allowed only as a module-level string literal, never with data."""
    import ast

    for path in [ROOT / "app.py", *sorted((ROOT / "geo").rglob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {target.id for node in tree.body if isinstance(node, ast.Assign)
                     and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                     for target in node.targets if isinstance(target, ast.Name)}
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if isinstance(call.func, ast.Attribute) and call.func.attr == "html":
                (argument,) = call.args
                assert isinstance(argument, ast.Name) and argument.id in constants, (path.name, call.lineno)
