"""Read `events.json`, the story's timeline, checking each event against the loaded layers."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from geo.load.budgets import BUDGETS, first_within
from geo.load.fields import text_field
from geo.load.files import read_json
from geo.load.layers import draft_warnings
from geo.model import PRECISIONS, Event, parse_date
from geo.problems import Problem, feature_label, quote

if TYPE_CHECKING:
    from pathlib import Path

    from geo.model import Story

EVENTS_FILE = "events.json"


def _int_list(value: Any, key: str) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise ValueError(f"{key!r} must be an array of paragraph numbers, got {quote(value)}")
    return tuple(value)


def _str_list(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key!r} must be an array of feature ids, got {quote(value)}")
    return tuple(value)


def _text(raw: dict[str, Any], key: str, required: bool = True) -> str:
    return text_field(raw, key, required)


def parse_event(raw: Any, story: Story) -> Event:
    """One event from its JSON object; raises ValueError saying what is wrong."""
    if not isinstance(raw, dict):
        raise ValueError(f"is {quote(raw)}, expected an object")
    day = parse_date(raw.get("date"))
    if day is None:
        raise ValueError("'date' is missing")
    precision = raw.get("precision")
    if precision not in PRECISIONS:
        raise ValueError(f"'precision' is {quote(precision)}, expected one of {list(PRECISIONS)}")
    from_article = raw.get("from_article")
    if not isinstance(from_article, bool):
        raise ValueError(f"'from_article' must be true or false, got {quote(from_article)}")
    event = Event(
        id=_text(raw, "id"), date=day, precision=precision, title=_text(raw, "title"),
        summary=_text(raw, "summary"), paragraphs=_int_list(raw.get("paragraphs", []), "paragraphs"),
        features=_str_list(raw.get("features", []), "features"), from_article=from_article,
        source=_text(raw, "source", required=False), date_source=_text(raw, "date_source", required=False),
    )
    last = story.article.paragraphs  # 0 when the manifest's count is broken (reported there): no upper bound
    bad = [p for p in event.paragraphs if not 1 <= p <= (last or p)]
    if bad:
        raise ValueError(f"cites paragraphs {quote(bad)}, but the article has {last}" if last else
                         f"cites paragraphs {quote(bad)}; paragraphs are numbered from 1")
    if event.from_article and not event.paragraphs:
        raise ValueError("is marked as from the article but cites no paragraph")
    if not event.from_article and not event.source:
        raise ValueError("is context but names no 'source'")
    if "draft" in raw and not isinstance(raw["draft"], bool):
        raise ValueError(f"'draft' must be true or false, got {quote(raw['draft'])}")
    return event


def _known_features(event: Event, story: Story, label: str, problems: list[Problem]) -> Event:
    """The event with only the features that exist; a dangling id is reported, the event kept."""
    known = story.feature_ids()
    missing = [fid for fid in event.features if fid not in known]
    if not missing:
        return event
    problems.append(Problem(EVENTS_FILE, f"names features that do not exist: {quote(missing)}; the event is "
                                         "shown without them", label))
    return replace(event, features=tuple(fid for fid in event.features if fid in known))


def load_events(folder: Path, story: Story, problems: list[Problem]) -> list[Event]:
    """All good events, sorted by date (stable for same-day events); bad ones reported and skipped."""
    data, problem = read_json(folder, EVENTS_FILE)
    if problem is not None:
        problems.append(problem)
        return []
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        problems.append(Problem(EVENTS_FILE, "expected an object with an 'events' array"))
        return []
    raw_events = first_within(data["events"], BUDGETS.events, EVENTS_FILE, "events", problems)
    events: list[Event] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_events):
        label = feature_label(index, raw.get("id") if isinstance(raw, dict) else None, noun="event")
        try:
            event = parse_event(raw, story)
        except ValueError as exc:
            problems.append(Problem(EVENTS_FILE, f"{exc}; event skipped", label))
            continue
        if event.id in seen:
            problems.append(Problem(EVENTS_FILE, "id is used twice; event skipped", label))
            continue
        seen.add(event.id)
        problems += [Problem(EVENTS_FILE, warning, label, "warning") for warning in draft_warnings(raw)]
        events.append(_known_features(event, story, label, problems))
    return sorted(events, key=lambda e: e.date)
