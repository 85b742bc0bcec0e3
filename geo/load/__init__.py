"""Loading and checking a story folder.

Its files, manifest and settings, layers, events, figures and tables, the stories catalogue and the timeline,
and the story's text in its readers' languages (translations, place names, localize).
Everything here reads; nothing derives or draws.
"""

__all__ = [
    "article",
    "catalog",
    "derive_settings",
    "events",
    "figures",
    "languages",
    "layers",
    "localize",
    "manifest",
    "place_names",
    "settings",
    "situation",
    "story",
    "strings",
    "tables",
    "timeline",
    "translations",
]
