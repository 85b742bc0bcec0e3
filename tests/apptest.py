"""Running the real app under Streamlit's AppTest, as the app tests do: start it, open a story, read the page."""

from __future__ import annotations

import re
from typing import Any

from streamlit.testing.v1 import AppTest

from tests.appmap import drawn
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def start(params: dict[str, str] | None = None, timeout: float = 90) -> AppTest:
    """A session's first run on a link with `params` (before the map has said anything)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def opened(params: dict[str, str] | None = None) -> AppTest:
    """A story's page as a reader opens it: its first run, then the whole page once the map has drawn."""
    at = start(params)
    drawn(at)
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """Every text on the page as a reader sees it (markdown's backslash escapes removed)."""
    shown = "\n".join(e.value for e in [*at.markdown, *at.caption, *at.warning, *at.error, *at.info, *at.success])
    return re.sub(r"\\(.)", r"\1", shown)


def by_key(widgets: Any, key: str) -> Any:
    """The one widget of a kind with this key."""
    (found,) = [w for w in widgets if w.key == key]
    return found
