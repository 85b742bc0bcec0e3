"""The `derive` section of story.json: what the build derives the story's layers from.

`country` and `neighbour` name countries in the world topology (the study area's country and, optionally,
the one whose shared border zones are measured from). `hook` names the story's own derivations, a Python file
in the story folder (geo/derive/derivation.py says what it may use). `study_area` says what ground the situation tables
speak for: `{"rule": "hull", "margin_km": 8}` (the settlements' convex hull, grown) or
`{"rule": "north_of", "latitude": 35.0}` (the country north of a parallel: a documented southern limit).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.load.files import read_json
from geo.problems import Problem, quote

MANIFEST = "story.json"
STUDY_RULES = ("hull", "north_of")


@dataclass(frozen=True)
class StudyArea:
    """The ground the situation tables speak for, by rule."""

    rule: str
    margin_km: float = 0.0
    latitude: float = 0.0


@dataclass(frozen=True)
class DeriveSettings:
    """The story's derivation settings, checked."""

    country: str
    neighbour: str | None
    study_area: StudyArea
    hook: str | None = None


def _number(raw: dict[str, Any], key: str, low: float, high: float) -> float | None:
    value = raw.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
            and low <= value <= high:
        return float(value)
    return None


def _study_area(raw: Any, problems: list[Problem]) -> StudyArea | None:
    where = "derive.study_area"
    rule = raw.get("rule") if isinstance(raw, dict) else None
    if rule == "hull" and isinstance(raw, dict) and (margin := _number(raw, "margin_km", 0, 200)) is not None:
        return StudyArea("hull", margin_km=margin)
    if rule == "north_of" and isinstance(raw, dict) and (lat := _number(raw, "latitude", -89, 89)) is not None:
        return StudyArea("north_of", latitude=lat)
    problems.append(Problem(MANIFEST, f"is {quote(raw)}, expected {{'rule': 'hull', 'margin_km': km}} or "
                                      "{'rule': 'north_of', 'latitude': degrees}", where))
    return None


def derive_settings(folder: Path, problems: list[Problem]) -> DeriveSettings | None:
    """The checked `derive` section, or None with a Problem naming what is wrong."""
    data, problem = read_json(folder, MANIFEST)
    if problem is not None or not isinstance(data, dict):
        problems.append(problem or Problem(MANIFEST, "expected an object"))
        return None
    raw = data.get("derive")
    if not isinstance(raw, dict):
        problems.append(Problem(MANIFEST, f"'derive' is {quote(raw)}, expected an object with 'country', "
                                          "'neighbour' and 'study_area'"))
        return None
    names = [raw.get("country"), raw.get("neighbour", "")]
    if not all(isinstance(n, str) and len(n) <= 80 for n in names) or not names[0]:
        problems.append(Problem(MANIFEST, f"'country' and 'neighbour' are {quote(names)}, expected country names "
                                          "as the world topology spells them ('neighbour' may be left out)",
                                "derive"))
        return None
    hook = raw.get("hook")
    if hook is not None and not (isinstance(hook, str) and hook.endswith(".py") and "/" not in hook):
        problems.append(Problem(MANIFEST, f"'hook' is {quote(hook)}, expected the name of a .py file in the story "
                                          "folder", "derive"))
        return None
    study = _study_area(raw.get("study_area"), problems)
    if study is None:
        return None
    return DeriveSettings(country=str(names[0]), neighbour=str(names[1]) or None, study_area=study, hook=hook)
