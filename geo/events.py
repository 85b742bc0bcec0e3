"""Read `events.json`, the story's timeline, checking each event against the loaded layers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from geo.model import PRECISIONS, Event, parse_date, read_json
from geo.problems import Problem, feature_label

if TYPE_CHECKING:
    from pathlib import Path

    from geo.model import Story

EVENTS_FILE = "events.json"


def _int_list(value: Any, key: str) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise ValueError(f"{key!r} must be an array of paragraph numbers, got {value!r}")
    return tuple(value)


def _str_list(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key!r} must be an array of feature ids, got {value!r}")
    return tuple(value)


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key!r} must be a non-empty string, got {value!r}")
    return value


def parse_event(raw: Any, story: Story) -> Event:
    """One event from its JSON object; raises ValueError saying what is wrong."""
    if not isinstance(raw, dict):
        raise ValueError("is not an object")
    day = parse_date(raw.get("date"))
    if day is None:
        raise ValueError("'date' is missing")
    precision = raw.get("precision")
    if precision not in PRECISIONS:
        raise ValueError(f"'precision' is {precision!r}, expected one of {list(PRECISIONS)}")
    from_article = raw.get("from_article")
    if not isinstance(from_article, bool):
        raise ValueError(f"'from_article' must be true or false, got {from_article!r}")
    event = Event(
        id=_text(raw, "id"), date=day, precision=precision, title=_text(raw, "title"),
        summary=_text(raw, "summary"), paragraphs=_int_list(raw.get("paragraphs", []), "paragraphs"),
        features=_str_list(raw.get("features", []), "features"), from_article=from_article,
        source=raw.get("source") or "", date_source=raw.get("date_source") or "",
    )
    _check_links(event, story)
    return event


def _check_links(event: Event, story: Story) -> None:
    bad = [p for p in event.paragraphs if not 1 <= p <= story.article.paragraphs]
    if bad:
        raise ValueError(f"cites paragraphs {bad}, but the article has {story.article.paragraphs}")
    if event.from_article and not event.paragraphs:
        raise ValueError("is marked as from the article but cites no paragraph")
    if not event.from_article and not event.source:
        raise ValueError("is context but names no 'source'")
    missing = sorted(set(event.features) - story.feature_ids())
    if missing:
        raise ValueError(f"names features that do not exist: {missing}")


def load_events(folder: Path, story: Story, problems: list[Problem]) -> list[Event]:
    """All good events, sorted by date (stable for same-day events); bad ones reported and skipped."""
    data, problem = read_json(folder / EVENTS_FILE, folder)
    if problem is not None:
        problems.append(problem)
        return []
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        problems.append(Problem(EVENTS_FILE, "expected an object with an 'events' array"))
        return []
    events: list[Event] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["events"]):
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        label = feature_label(index, raw_id).replace("feature", "event")
        try:
            event = parse_event(raw, story)
        except ValueError as exc:
            problems.append(Problem(EVENTS_FILE, f"{exc}; event skipped", label))
            continue
        if event.id in seen:
            problems.append(Problem(EVENTS_FILE, "id is used twice; event skipped", label))
            continue
        seen.add(event.id)
        events.append(event)
    return sorted(events, key=lambda e: e.date)
