"""What the static site was built from, so a rebuild redraws only what changed.

Each piece of work (a page, a preview) has a digest of everything it is made from: the story's files, the
library's code and Leaflet, the date, the language, and for pages the base URL and tile settings. The folder keeps
the digests in `.site-manifest.json`; a piece whose digest and files are all still there is not made again, and
one that no longer exists (a date removed from the story) has its files removed. Contents are hashed, not
modification times, so a copied or checked-out story with the same files is the same story.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.paths import PACKAGE

MANIFEST = ".site-manifest.json"
FORMAT = 1
CODE_SUFFIXES = (".py", ".js", ".css", ".json")


def _skipped(path: Path, root: Path) -> bool:
    """Caches and hidden files are not inputs (Python writes __pycache__ when a story's derive.py is imported)."""
    return any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(root).parts)


def files_digest(root: Path, suffixes: tuple[str, ...] | None = None) -> str:
    """A digest of the names and contents of the files under `root` (of those `suffixes`, if given)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not _skipped(p, root)):
        if suffixes is None or path.suffix in suffixes:
            digest.update(f"{path.relative_to(root).as_posix()}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def code_version(vendor: Path) -> str:
    """The library's code (Python, the map's JS and CSS) and the Leaflet the pages inline."""
    return digest_of(files_digest(PACKAGE, CODE_SUFFIXES), files_digest(vendor / "leaflet"))


def digest_of(*parts: str) -> str:
    return hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=16).hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    """Write `path` through a temporary file, so a reader (or a crashed build) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
        tmp.write(data)
    written = Path(tmp.name)
    written.chmod(0o644)  # readable by whoever serves the folder
    written.replace(path)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `path` only when its bytes differ; True when it was written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomically(path, data)
    return True


@dataclass
class Manifest:
    """The digests of the last build of a folder, and those of this one as it goes."""

    folder: Path
    before: dict[str, dict[str, Any]] = field(default_factory=dict)
    now: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """The folder's manifest; an unreadable or foreign one counts as none (everything is made again)."""
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(folder)
        jobs = data.get("jobs") if isinstance(data, dict) and data.get("format") == FORMAT else None
        return cls(folder, jobs if isinstance(jobs, dict) else {})

    def fresh(self, key: str, digest: str, files: Iterable[str]) -> bool:
        """True when `key` was made from `digest` last time and its files are all still there."""
        old = self.before.get(key)
        return (isinstance(old, dict) and old.get("digest") == digest and old.get("files") == sorted(files)
                and all((self.folder / name).is_file() for name in files))

    def record(self, key: str, digest: str, files: Iterable[str]) -> None:
        self.now[key] = {"digest": digest, "files": sorted(files)}

    def remove_stale(self) -> list[Path]:
        """Delete the files of work that the last build did and this one did not (and folders left empty)."""
        root = self.folder.resolve()
        kept = {name for job in self.now.values() for name in job["files"]}
        removed = []
        for job in self.before.values():
            names = job.get("files", []) if isinstance(job, dict) else []
            for name in names:
                path = (root / str(name)).resolve()
                if name in kept or not path.is_relative_to(root) or not path.is_file():
                    continue  # never delete outside the folder, whatever a manifest says
                path.unlink()
                removed.append(path)
                parent = path.parent
                while parent != root and parent.is_relative_to(root) and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent
        return removed

    def save(self) -> bool:
        text = json.dumps({"format": FORMAT, "jobs": self.now}, indent=1, sort_keys=True) + "\n"
        return write_if_changed(self.folder / MANIFEST, text.encode("utf-8"))
