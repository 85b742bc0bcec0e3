"""The project's stylesheets (geo/css/), as <style> elements ready to inline into a page."""

from __future__ import annotations

from pathlib import Path

CSS_DIR = Path(__file__).parent / "css"


def stylesheet(name: str) -> str:
    """geo/css/<name> wrapped in a <style> element. The files are static: no data goes into them."""
    return "<style>\n" + (CSS_DIR / name).read_text(encoding="utf-8") + "</style>\n"
