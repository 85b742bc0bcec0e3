"""One rule for a required or optional text field of a JSON entry (events, figures): within budget, never blank."""

from __future__ import annotations

from typing import Any

from geo.load.budgets import BUDGETS
from geo.problems import quote


def text_field(raw: dict[str, Any], key: str, required: bool = True) -> str:
    """The field's text; '' when optional and absent; ValueError naming the key and the value otherwise."""
    value = raw.get(key)
    if not required and value in (None, ""):
        return ""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key!r} must be a non-empty string, got {quote(value)}")
    if len(value) > BUDGETS.string_chars:
        raise ValueError(f"{key!r} is longer than the budget of {BUDGETS.string_chars:,} characters")
    return value
