"""Deployment settings the app reads from the environment (read on every call, so a test can set them).

STORY_DIR           serve this folder as the default story (besides stories/); tests and previews use it
STORY_EDITOR=1      switch the editor's page (`?page=editor`) on; off by default, so readers never reach it
STORY_EDITOR_SAVE=1 let the editor's page write a reviewed draft into stories/ (else it offers a zip only)
"""

from __future__ import annotations

import os
from pathlib import Path


def pinned_story() -> Path | None:
    value = os.environ.get("STORY_DIR")
    return Path(value) if value else None


def editor_enabled() -> bool:
    return os.environ.get("STORY_EDITOR") == "1"


def editor_saves() -> bool:
    return editor_enabled() and os.environ.get("STORY_EDITOR_SAVE") == "1"
