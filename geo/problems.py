"""Problems found in a story folder, and the one exception type the app shows to users."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


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


def feature_label(index: int, feature_id: object) -> str:
    """How a feature is named in a message: its index, and its id when it has one."""
    if isinstance(feature_id, str) and feature_id:
        return f"feature #{index} (id {feature_id!r})"
    return f"feature #{index}"


class StoryError(Exception):
    """A story that cannot be used at all (for example, no manifest). Its message names the file."""
