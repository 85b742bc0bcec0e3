"""Debian's Chromium, launched by Playwright the one way this machine allows (no browser download)."""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-quic"]
# streamlit-folium's frame, holding the Leaflet map (the map retitles it "Map: <story title>" once it loads)
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"], iframe[data-story-map]'

