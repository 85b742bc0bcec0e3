"""The story-wide settings of `story.json` beyond its layers: slug, metric CRS, and the situation.

Everything here is the story's own: the library names no place, country or CRS. A bad value is a
Problem naming the key and the value, and the story goes on with a safe fallback (or without the
situation layers' rules), never a traceback.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from babel import Locale, UnknownLocaleError
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo.load.languages import language_problem
from geo.model import Controller, Extent, Situation
from geo.problems import Problem, quote

MANIFEST = "story.json"
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
CONTROLLER_ID = re.compile(r"[a-z][a-z0-9_]{0,31}")
COLOR = re.compile(r"#[0-9a-fA-F]{6}")
AUTO_UTM = "utm"
MAX_CONTROLLERS = 8
MAX_LANGUAGES = 20
LOCALE_NAME = re.compile(r"[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_[A-Z]{2}|_[0-9]{3})?")
DEFAULT_LANGUAGES = ("en",)


def slug_of(data: dict[str, Any], fallback: str, problems: list[Problem]) -> str:
    """The story's short name in links (`story=<slug>`) and file names; the folder's name when absent."""
    raw = data.get("slug")
    if isinstance(raw, str) and SLUG.fullmatch(raw):
        return raw
    cleaned = re.sub(r"[^a-z0-9-]+", "-", fallback.lower()).strip("-")[:40] or "story"
    if raw is None:  # no slug: the folder's name stands for it
        return cleaned
    problems.append(Problem(MANIFEST, f"'slug' is {quote(raw)}, expected lowercase letters, digits and '-' "
                                      f"(up to 40); using {cleaned!r}"))
    return cleaned


def locales_of(data: dict[str, Any], problems: list[Problem]) -> dict[str, str]:
    """`locales`: for a language, the regional CLDR locale that writes its dates and numbers ({"ar": "ar_SY"}).

    A story names one where its readers' conventions differ from the language's default (the digits, the month
    names). A locale CLDR does not know, or of another language, is named and left out.
    """
    raw = data.get("locales")
    if raw is None:
        return {}
    if not isinstance(raw, dict) or len(raw) > MAX_LANGUAGES:
        problems.append(Problem(MANIFEST, f"'locales' is {quote(raw)}, expected an object of at most {MAX_LANGUAGES} "
                                          "language -> CLDR locale (e.g. {\"ar\": \"ar_SY\"}); ignored"))
        return {}
    kept: dict[str, str] = {}
    for code, name in raw.items():
        try:
            locale = Locale.parse(name) if isinstance(name, str) and LOCALE_NAME.fullmatch(name) else None
        except (UnknownLocaleError, ValueError):
            locale = None
        if locale is None or locale.language != code:
            problems.append(Problem(MANIFEST, f"{quote(name)} is not a CLDR locale of {quote(code)}; left out",
                                    f"locales.{str(code)[:20]}"))
            continue
        kept[code] = name
    return kept


def languages_of(data: dict[str, Any], problems: list[Problem]) -> tuple[str, ...]:
    """`languages`: the edition's own language first, then those `translations/<code>.json` carries it into.

    Absent, the story is in English only. A bad code is named and left out; a bad list keeps the default.
    """
    raw = data.get("languages")
    if raw is None:
        return DEFAULT_LANGUAGES
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_LANGUAGES:
        problems.append(Problem(MANIFEST, f"'languages' is {quote(raw)}, expected an array of 1 to {MAX_LANGUAGES} "
                                          f"language codes, the edition's own first; using {DEFAULT_LANGUAGES}"))
        return DEFAULT_LANGUAGES
    kept: list[str] = []
    for index, code in enumerate(raw):
        why = language_problem(code)
        if why is None and code in kept:
            why = "is listed twice"
        if why is not None:
            problems.append(Problem(MANIFEST, f"{quote(code)} {why}; left out", f"languages #{index}"))
            if index == 0:  # without its own language the edition cannot be named
                return DEFAULT_LANGUAGES
            continue
        kept.append(str(code))
    return tuple(kept)


def utm_zone(extent: Extent) -> str:
    """The UTM zone (WGS 84) of the extent's centre, as an EPSG code."""
    lon = (extent[0] + extent[2]) / 2
    lat = (extent[1] + extent[3]) / 2
    zone = min(math.floor((lon + 180) / 6) + 1, 60)
    return f"EPSG:{(32600 if lat >= 0 else 32700) + zone}"


def metric_crs(data: dict[str, Any], extent: Extent, problems: list[Problem]) -> str:
    """`crs`: an EPSG code of a projected CRS in metres, or "utm" for the UTM zone of the story's extent."""
    raw = data.get("crs", AUTO_UTM)
    if raw == AUTO_UTM:
        return utm_zone(extent)
    reason = "expected 'utm' or an EPSG code of a projected CRS in metres, like 'EPSG:32633'"
    if isinstance(raw, str) and re.fullmatch(r"EPSG:\d{4,6}", raw):
        try:
            crs = CRS.from_user_input(raw)
        except CRSError:
            crs = None
        if crs is not None and crs.is_projected and all(a.unit_name == "metre" for a in crs.axis_info):
            return raw
    fallback = utm_zone(extent)
    problems.append(Problem(MANIFEST, f"'crs' is {quote(raw)}, {reason}; using {fallback}"))
    return fallback


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _controllers(raw: Any, problems: list[Problem]) -> tuple[Controller, ...]:
    where = "situation"
    if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_CONTROLLERS:
        problems.append(Problem(MANIFEST, f"'controllers' is {quote(raw)}, expected an array of 2 to "
                                          f"{MAX_CONTROLLERS} objects", where))
        return ()
    found: list[Controller] = []
    for index, item in enumerate(raw):
        spot = f"situation, controller #{index}"
        if not isinstance(item, dict):
            problems.append(Problem(MANIFEST, f"is {quote(item)}, expected an object", spot))
            return ()
        cid, label, color = item.get("id"), item.get("label"), item.get("color")
        if not isinstance(cid, str) or not CONTROLLER_ID.fullmatch(cid) or cid in {c.id for c in found}:
            problems.append(Problem(MANIFEST, f"'id' is {quote(cid)}, expected a new lowercase name like "
                                              "'government'", spot))
            return ()
        if not isinstance(label, str) or not label.strip() or len(label) > 80:
            problems.append(Problem(MANIFEST, f"'label' is {quote(label)}, expected a short text", spot))
            return ()
        if not isinstance(color, str) or not COLOR.fullmatch(color):
            problems.append(Problem(MANIFEST, f"'color' is {quote(color)}, expected a colour like '#1f77b4'", spot))
            return ()
        note = item.get("note", "")
        if not isinstance(note, str) or len(note) > 600:
            problems.append(Problem(MANIFEST, f"'note' is {quote(note)}, expected a text of up to 600 characters",
                                    spot))
            return ()
        found.append(Controller(cid, label, color, note))
    return tuple(found)


def situation_of(data: dict[str, Any], problems: list[Problem]) -> Situation | None:
    """`situation`: who held what. None (with a Problem) when absent or unusable: no control rules then."""
    raw = data.get("situation")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append(Problem(MANIFEST, f"'situation' is {quote(raw)}, expected an object"))
        return None
    coverage = raw.get("coverage")
    span = [_date(v) for v in coverage] if isinstance(coverage, list) and len(coverage) == 2 else []
    start, end = (span[0], span[1]) if len(span) == 2 else (None, None)
    if start is None or end is None or start > end:
        problems.append(Problem(MANIFEST, f"'coverage' is {quote(coverage)}, expected [first, last] ISO dates",
                                "situation"))
        return None
    controllers = _controllers(raw.get("controllers"), problems)
    if not controllers:
        return None
    ids = [c.id for c in controllers]
    front = raw.get("front")
    if not (isinstance(front, list) and len(front) == 2 and front[0] != front[1] and set(front) <= set(ids)):
        problems.append(Problem(MANIFEST, f"'front' is {quote(front)}, expected two of {', '.join(ids)}",
                                "situation"))
        return None
    behind = raw.get("behind", {})
    behind_id = behind.get("controller") if isinstance(behind, dict) else None
    behind_label = behind.get("label") if isinstance(behind, dict) else None
    status = behind.get("status") if isinstance(behind, dict) else None
    texts_ok = all(isinstance(t, str) and 0 < len(t.strip()) <= 120 for t in (behind_label, status))
    if behind_id not in ids or not texts_ok or "{date}" not in str(status):
        problems.append(Problem(MANIFEST, f"'behind' is {quote(behind)}, expected {{'controller': one of "
                                          f"{', '.join(ids)}, 'label': text, 'status': text with '{{date}}'}}",
                                "situation"))
        return None
    deployed_in = raw.get("deployed_in", "")
    if deployed_in not in ("", *ids):
        problems.append(Problem(MANIFEST, f"'deployed_in' is {quote(deployed_in)}, expected one of {', '.join(ids)}",
                                "situation"))
        deployed_in = ""
    return Situation(coverage=(start, end), controllers=controllers, front=(front[0], front[1]),
                     behind=str(behind_id), behind_label=str(behind_label), behind_status=str(status),
                     deployed_in=str(deployed_in))
