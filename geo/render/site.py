"""A static site: `python -m geo site OUT/` writes a folder that any static host or CDN can serve.

`index.html` is the offline export's page (geo.render.export.export_html, Leaflet inlined) in its linkable form:
it carries every layer and basemap and, in the browser, reads the app's link parameters (geo.render.share) from its
address, shows what they ask for (bad values ignored with a notice, as the app does), and rewrites the
address as the reader moves the slider, switches layers or pans, so a copied link reopens the same view.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from geo.load.story import check_publishable
from geo.load.timeline import opening_date, stops
from geo.model import Story
from geo.render.assets import STATIC_VENDOR
from geo.render.export import export_html
from geo.render.mapview import DEFAULT_BASEMAP
from geo.render.share import PARAMETERS

README = """{title}

A static copy of the story map: one page, index.html, with Leaflet and every layer inlined (index.html.gz
is the same page gzipped, for servers that can send it as is, e.g. nginx gzip_static). It needs no
server-side code: any static web server or CDN can serve this folder as it is.

Try it locally:

    python3 -m http.server 8000 --directory .        # then open http://localhost:8000/

With nginx, see deploy/nginx/static-site.conf in the project (gzip on, short cache for index.html).

The page reads the same link parameters as the app: {parameters}, e.g.

    /?date=2019-10-23&layers=buffer_zone,border&basemap=light&lat=36.8&lon=40.1&z=8

Unknown or malformed values are ignored (or clamped) with a notice on the page. Moving the slider,
switching layers or basemap, or panning updates the address bar, so a copied link reopens the same view.
The basemap tiles (osm, light) come from tile.openstreetmap.org and basemaps.cartocdn.com; with
basemap=none the page makes no request beyond itself.
"""


def build_site(story: Story, out: Path, vendor: Path = STATIC_VENDOR) -> list[Path]:
    """Write index.html (and its gzipped copy, for servers that send it as is) and README.txt into `out`.

    A draft (`geo draft`) is never published as it stands: a story with unaccepted drafted items is refused.
    """
    check_publishable(story)
    out.mkdir(parents=True, exist_ok=True)
    layers = [spec.id for spec in story.layers]
    page = export_html(story, opening_date(story, stops(story)), layers, DEFAULT_BASEMAP, vendor, linkable=True)
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    packed = out / "index.html.gz"
    packed.write_bytes(gzip.compress(page.encode("utf-8"), compresslevel=9, mtime=0))
    readme = out / "README.txt"
    readme.write_text(README.format(title=story.title, parameters=", ".join(PARAMETERS)), encoding="utf-8")
    return [index, packed, readme]
