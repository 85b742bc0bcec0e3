"""What the app hands its map, read back from an AppTest run (st_folium is an unknown element there)."""

from __future__ import annotations

import json
import re
from typing import Any

from streamlit.testing.v1 import AppTest

from geo.render.payload import SERVED_PREFIX, STORY_STATIC


def map_args(at: AppTest) -> dict[str, Any]:
    """st_folium's arguments (script, feature_group, links, ...); fails unless exactly one map was drawn."""
    (component,) = [e for e in at.main if getattr(e, "type", None) == "component_instance"]
    return json.loads(component.proto.json_args)


def has_map(at: AppTest) -> bool:
    return any(getattr(e, "type", None) == "component_instance" for e in at.main)


def boot_source(at: AppTest) -> dict[str, Any]:
    """The source the map's time module boots from: {"url": ...} or {"payload": ...}."""
    match = re.search(r"StoryTime\.boot\(map_div, (\{.*?\}), \{\"mode\":\"app\"", map_args(at)["script"])
    assert match, "no StoryTime.boot(...) in the map's script"
    return json.loads(match.group(1))


def map_data_text(at: AppTest) -> str:
    """The story payload the map receives, as sent (the published file, or the inlined JSON)."""
    source = boot_source(at)
    if "url" in source:
        assert source["url"].startswith(SERVED_PREFIX + "/")
        return (STORY_STATIC / source["url"].rsplit("/", 1)[1]).read_text(encoding="utf-8")
    return json.dumps(source["payload"])


def map_data(at: AppTest) -> dict[str, Any]:
    return json.loads(map_data_text(at))


def sync_state(at: AppTest) -> dict[str, Any]:
    """The state the rerun hands the running map: layers, basemap, date and view with their revisions."""
    match = re.search(r"StoryTime\.sync\(map_div, (\{.*?\})\);", map_args(at)["feature_group"])
    assert match, "no StoryTime.sync(...) in the map's feature group"
    return json.loads(match.group(1))


def drawn(at: AppTest) -> AppTest:
    """Act as the map does once its first date is on screen: its first word, then the rerun it causes."""
    at.session_state["map"] = {"drawn": True, "seq": 0}
    return at.run()


def report(at: AppTest, day: str, view: dict[str, object] | None = None) -> AppTest:
    """Act as the map does when the reader pauses: its report lands in session_state["map"], then a rerun."""
    previous = at.session_state["map_seq"] if "map_seq" in at.session_state else 0  # noqa: SIM401  (no .get)
    at.session_state["map"] = {"date": day, "view": view, "seq": (previous or 0) + 1}
    return at.run()
