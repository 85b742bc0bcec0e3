"""Size budgets of a story folder: what a reader's phone still draws smoothly.

The numbers come from `bench/budgets.py` (Chromium, 390-px phone viewport, CPU slowed 4x) and are
documented in data/README.md. A file, layer or value past a limit is refused with an error naming it;
`geo validate` warns from WARN_SHARE of a limit on, before a story breaks one.
"""

from __future__ import annotations

from dataclasses import dataclass

WARN_SHARE = 0.8


@dataclass(frozen=True)
class Budgets:
    """Upper limits for one story folder."""

    file_bytes: int = 4_000_000        # one JSON file (a layer, the manifest, the events)
    table_bytes: int = 1_000_000       # one CSV input table
    features_per_layer: int = 2_000
    vertices_per_layer: int = 100_000
    vertices_per_story: int = 200_000
    string_chars: int = 2_000          # one property value, title or summary
    layers: int = 40
    events: int = 500


BUDGETS = Budgets()


def near(count: int, limit: int) -> bool:
    """True when `count` is within the warning share of `limit` (but not past it)."""
    return WARN_SHARE * limit <= count <= limit
