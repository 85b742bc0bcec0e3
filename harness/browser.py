"""Debian's Chromium, launched by Playwright the one way this machine allows (no browser download)."""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-quic"]
# streamlit-folium's frame, holding the Leaflet map: as Streamlit names it, then as the map marks it once it loads
# (in any language), and as commits before the languages titled it ("Map: ...", for bench/against.py)
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"], iframe[data-story-map], iframe[title^="Map:"]'

