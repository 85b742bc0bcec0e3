"""The first-load baseline: one Streamlit page, one st_folium map with one marker, nothing else.

Served by bench/first_load.py (`streamlit run bench/apps/bare_app.py` from the project root, so the
project's .streamlit/config.toml applies and Leaflet comes from /app/static/vendor like the real app).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from geo.render.assets import served_links  # noqa: E402

st.set_page_config(layout="wide")
links = served_links()
fmap = folium.Map(location=(36.0, 38.6), zoom_start=7, tiles=None)
fmap.default_js = list(links.js)  # folium's CDN links would leave the map blank offline
fmap.default_css = list(links.css)
folium.CircleMarker((35.93, 36.63), radius=6).add_to(fmap)  # Idlib; a vector, so no icon images to fetch
st_folium(fmap, height=620, use_container_width=True, returned_objects=[])
