"""Read a story folder's files as untrusted input: only regular files inside the folder, within budget.

Every refusal is a Problem naming the file: a path that leaves the folder (`..`, absolute), a symlink
anywhere on the way, a directory, device or pipe, a file over its byte budget, bytes that are not UTF-8
(a byte-order mark is fine), or JSON that does not parse (including nesting and numbers too large for
Python). Nothing here raises for a bad file.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path, PurePosixPath
from typing import Any

from geo.load.budgets import BUDGETS
from geo.problems import Problem


def _refusal(folder: Path, relative: str) -> str | None:
    """Why `relative` may not be read inside `folder`, or None when it may."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts or "\\" in relative:
        return "refused: the path leaves the story folder"
    here = folder
    for index, part in enumerate(parts):
        here = here / part
        try:
            info = os.lstat(here)
        except FileNotFoundError:
            return "file is missing"
        except OSError as exc:
            return f"cannot be read ({exc.strerror})"
        if stat.S_ISLNK(info.st_mode):
            return "refused: a symbolic link (a story folder reads only its own regular files)"
        last = index == len(parts) - 1
        if not last and not stat.S_ISDIR(info.st_mode):
            return "file is missing"
        if last and stat.S_ISDIR(info.st_mode):
            return "refused: a directory, not a file"
        if last and not stat.S_ISREG(info.st_mode):
            return "refused: not a regular file (a device, pipe or socket)"
    return None


def read_text(folder: Path, relative: str, limit: int = BUDGETS.file_bytes) -> tuple[str | None, Problem | None]:
    """The text of `folder/relative`, or a Problem saying why it was not read."""
    refusal = _refusal(folder, relative)
    if refusal is not None:
        return None, Problem(relative, refusal)
    path = folder / relative
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        descriptor = os.open(path, flags)
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        return None, Problem(relative, f"cannot be read ({exc.strerror})")
    if len(data) > limit:
        return None, Problem(relative, f"refused: larger than the budget of {limit:,} bytes")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, Problem(relative, f"is not UTF-8 text (byte {exc.start:,})")


def _json_int(text: str) -> int | float:
    """A JSON integer as a browser reads it: exact when short, else a double (inf when too large).

    Python's own int() would refuse 4,301+ digits and make ints no float holds (math.isfinite raises).
    """
    return int(text) if len(text) <= 15 else float(text)


def read_json(folder: Path, relative: str, limit: int = BUDGETS.file_bytes) -> tuple[Any, Problem | None]:
    """Parse a JSON file of the story folder; any fault becomes a Problem naming it."""
    text, problem = read_text(folder, relative, limit)
    if problem is not None or text is None:
        return None, problem
    try:
        return json.loads(text, parse_int=_json_int), None
    except json.JSONDecodeError as exc:
        return None, Problem(relative, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
    except RecursionError:
        return None, Problem(relative, "not usable JSON: nested too deeply")
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        return None, Problem(relative, f"not usable JSON: {str(exc)[:120]}")
