"""The "tutorial pattern" baseline: a date slider, and on every rerun a brand-new folium map of the story.

No feature groups, no caching of the map: every slider move rebuilds and resends the whole map with every
layer's features visible on that date, drawn with plain folium.GeoJson. Run from the project root:
`streamlit run bench/apps/naive_app.py` (harness.server.streamlit_app(script=...) does this).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from geo.load import timeline  # noqa: E402
from geo.load.story import load_story  # noqa: E402
from geo.model import Story  # noqa: E402
from geo.render.assets import served_links  # noqa: E402


@st.cache_resource
def story() -> Story:
    return load_story(ROOT / "stories" / "idlib")


st.set_page_config(layout="wide")
data = story()
day = st.select_slider("Date", options=timeline.stops(data))
links = served_links()
fmap = folium.Map(location=(36.0, 38.6), zoom_start=7, tiles=None)
fmap.default_js = list(links.js)  # folium's CDN links would leave the map blank offline
fmap.default_css = list(links.css)
colors = {spec.id: spec.color for spec in data.layers}
for layer, features in timeline.visible_features(data, day, [spec.id for spec in data.layers]).items():
    if not features:
        continue
    collection = {"type": "FeatureCollection",
                  "features": [{"type": "Feature", "geometry": f.geometry, "properties": {}} for f in features]}
    color = colors[layer]
    folium.GeoJson(collection, name=layer,
                   style_function=lambda _, c=color: {"color": c, "fillColor": c, "weight": 2, "fillOpacity": 0.3},
                   ).add_to(fmap)  # no popups or tooltips: no text from the data reaches the page
st_folium(fmap, height=620, use_container_width=True, returned_objects=[])
