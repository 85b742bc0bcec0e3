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
                 if re.search(r"unsafe_allow_html\s*=\s*True|st\.html\(|components\.html\(", p.read_text("utf-8"))]
    assert offenders == []
