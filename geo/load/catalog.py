"""The stories a deployment serves: one folder per story under `stories/`, each named by its slug.

`stories/catalog.json` names the default story (`{"default": "<slug>"}`), the one a link without `story=`
opens; without it, the first story by slug is the default. `STORIES_DIR` points the app and the commands at
another stories folder. A folder whose name is not a slug, or that has no `story.json`, is not a story (the
drafting tool's half-written `.name.*` folders among them).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from geo.load.settings import SLUG
from geo.paths import STORIES


def stories_root() -> Path:
    """The stories folder: $STORIES_DIR, else stories/ in the project (read on every call)."""
    return Path(os.environ.get("STORIES_DIR") or STORIES)
CATALOG_FILE = "catalog.json"


@dataclass(frozen=True)
class Entry:
    """One story of the catalogue: its slug (the folder's name) and its folder."""

    slug: str
    folder: Path


def is_slug(text: str) -> bool:
    return bool(SLUG.fullmatch(text))


def entries(root: Path | None = None) -> list[Entry]:
    """The stories under `root` (the stories folder), by slug; an unreadable or missing root holds none."""
    root = root or stories_root()
    try:
        children = sorted(root.iterdir())
    except OSError:
        return []
    return [Entry(child.name, child) for child in children
            if is_slug(child.name) and child.is_dir() and not child.is_symlink() and (child / "story.json").is_file()]


def default_slug(root: Path | None = None) -> str | None:
    """The story a link without `story=` opens: the catalogue's `default`, else the first by slug."""
    root = root or stories_root()
    found = [entry.slug for entry in entries(root)]
    try:
        named = json.loads((root / CATALOG_FILE).read_text(encoding="utf-8")).get("default")
    except (OSError, ValueError, AttributeError):
        named = None
    if isinstance(named, str) and named in found:
        return named
    return found[0] if found else None


def folder_of(slug: str, root: Path | None = None) -> Path | None:
    """The folder of the story `slug`, or None when there is no such story (or `slug` is not a slug)."""
    return next((entry.folder for entry in entries(root) if entry.slug == slug), None) if is_slug(slug) else None


def default_folder(root: Path | None = None) -> Path:
    """The default story's folder (the commands' `--story` default); `root/<none>` when there is no story."""
    root = root or stories_root()
    slug = default_slug(root)
    return root / (slug or "none")


def fingerprint(folder: Path) -> tuple[int, int, str]:
    """What changes when any file of the story changes: (files, total bytes, digest of names, sizes, mtimes).

    Cheap enough to take on every run (a story has tens of files), so a cache keyed by it is invalidated
    as soon as an editor saves, adds or removes a file.
    """
    digest = hashlib.blake2b(digest_size=16)
    count = size = 0
    for path in sorted(folder.rglob("*")):
        try:
            stat = path.lstat()
        except OSError:
            continue
        count += 1
        size += stat.st_size
        digest.update(f"{path.relative_to(folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return count, size, digest.hexdigest()
