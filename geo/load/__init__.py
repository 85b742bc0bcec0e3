"""Loading and checking a story folder.

Its files, manifest and settings, layers, events, figures and tables, the stories catalogue and the timeline.
Everything here reads; nothing derives or draws.
"""

__all__ = [
    "article",
    "catalog",
    "derive_settings",
    "events",
    "figures",
    "layers",
    "manifest",
    "settings",
    "situation",
    "story",
    "tables",
    "timeline",
]
