"""Problems found in a story folder, and the one exception type the app shows to users."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
QUOTE_LIMIT = 60


@dataclass(frozen=True)
class Problem:
    """One problem: where it is (file, feature) and why it matters."""

    file: str
    message: str
    feature: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}: {self.feature}" if self.feature else self.file
        return f"{self.severity}: {where}: {self.message}"


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A bounded repr for messages: a megabyte value is quoted as its start and its length."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[:limit]
        shown = repr(text)
        return shown if len(value) <= limit else f"{shown[:-1]}…{shown[-1]} ({len(value):,} characters)"
    if isinstance(value, (list, dict)):
        kind = "array" if isinstance(value, list) else "object"
        shown = _safe_repr(value)
        return shown if len(shown) <= limit else f"{shown[:limit]}… (an {kind} of {len(value):,} items)"
    shown = _safe_repr(value)
    return shown if len(shown) <= limit else f"{shown[:limit]}… ({len(shown):,} characters)"


def _safe_repr(value: object) -> str:
    try:
        return repr(value)
    except (ValueError, RecursionError):  # an int past Python's digit limit, or deeply nested data
        return f"<{type(value).__name__} too large to show>"


def feature_label(index: int, feature_id: object, noun: str = "feature") -> str:
    """How a feature (or event) is named in a message: its index, and its id when it has one."""
    if isinstance(feature_id, str) and feature_id:
        return f"{noun} #{index} (id {quote(feature_id)})"
    return f"{noun} #{index}"


class StoryError(Exception):
    """A story that cannot be used at all (for example, no manifest). Its message names the file."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason
