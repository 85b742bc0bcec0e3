"""Drawing and sharing a story.

The map (payload, Leaflet map, styles), the link codec, the offline export, the static site, the picture (its
layout, fonts and script handling) and its link previews, the downloads and the map's assets.
"""

__all__ = [
    "assets",
    "downloads",
    "export",
    "fonts",
    "mapview",
    "payload",
    "picture",
    "picture_layout",
    "previews",
    "region",
    "script",
    "share",
    "site",
    "site_jobs",
    "site_manifest",
    "site_pages",
    "site_texts",
    "site_urls",
    "sitemap",
    "styles",
    "text",
    "tiles",
    "toll",
]
