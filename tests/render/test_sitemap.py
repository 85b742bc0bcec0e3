"""sitemap.xml and robots.txt: every page once, its languages as xhtml:link alternates, addresses escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from geo.render.site_urls import SiteLayout
from geo.render.sitemap import robots_txt, sitemap_xml

XML = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
DAYS = [date(2019, 6, 1), date(2020, 1, 10)]


def test_each_page_lists_all_its_languages_and_x_default() -> None:
    layout = SiteLayout("https://maps.example.org/a&b/")  # a path may hold '&': it must be escaped in XML
    root = ET.fromstring(sitemap_xml(layout, ["en", "ar"], DAYS))
    entries = root.findall("s:url", XML)
    assert [e.findtext("s:loc", namespaces=XML) for e in entries] == [
        f"https://maps.example.org/a&b/{lang}/{day.isoformat()}/" for day in DAYS for lang in ("en", "ar")]
    for entry in entries:
        day = (entry.findtext("s:loc", namespaces=XML) or "").split("/")[-2]
        links = {link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", XML)}
        assert links == {"en": f"https://maps.example.org/a&b/en/{day}/", "ar": f"https://maps.example.org/a&b/ar/{day}/",
                         "x-default": f"https://maps.example.org/a&b/en/{day}/"}


def test_robots_points_to_the_sitemap() -> None:
    assert robots_txt(SiteLayout("https://maps.example.org/story")).endswith(
        "Sitemap: https://maps.example.org/story/sitemap.xml\n")
