"""The static site's pieces of work (a page, a preview picture) and running them on every core.

A page is the offline export's linkable page (Leaflet and the story inlined, about a second's work with its
gzipped copy) and a preview is a matplotlib drawing (about as long); a story has some fifty dates, so the
pieces run in worker processes. Each worker receives the story once (`initializer`), then only the small
`Job`s; it writes its files itself, atomically, and returns their names.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from geo.model import Story
from geo.render.edition import edition
from geo.render.export import export_html
from geo.render.mapview import DEFAULT_BASEMAP
from geo.render.previews import preview_png
from geo.render.site_manifest import write_atomically
from geo.render.site_pages import embed_page, head_tags
from geo.render.site_texts import TextsFor
from geo.render.site_urls import EMBED, PAGE, PREVIEW, SiteLayout


@dataclass(frozen=True)
class Job:
    """One piece of work: `lang`'s page of `day` (page, gzipped copy, embed page) or its preview."""

    kind: Literal["page", "preview"]
    lang: str
    day: date
    digest: str  # of everything it is made from (geo/render/site_manifest.py)

    @property
    def key(self) -> str:
        return f"{self.kind}:{SiteLayout.folder(self.lang, self.day)}"

    @property
    def files(self) -> tuple[str, ...]:
        folder = SiteLayout.folder(self.lang, self.day)
        names = (PREVIEW,) if self.kind == "preview" else (PAGE, PAGE + ".gz", EMBED)
        return tuple(folder + name for name in names)


@dataclass(frozen=True)
class SiteSpec:
    """What every job of one build shares, besides the story."""

    out: Path
    layout: SiteLayout
    languages: tuple[str, ...]
    texts: Mapping[str, TextsFor]  # module-level functions: a worker process receives them by name
    vendor: Path


def gzipped(data: bytes) -> bytes:
    """The copy nginx's gzip_static sends as is (no timestamp inside, so an unchanged page packs the same)."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def page_html(story: Story, spec: SiteSpec, lang: str, day: date) -> str:
    """`lang`'s page of `day`: opens on that date, reads the link parameters, and tells crawlers about itself."""
    texts = spec.texts[lang](story, day)
    head = head_tags(spec.layout, texts, lang, day, spec.languages)
    told, words = edition(story, lang)
    return export_html(told, day, [], DEFAULT_BASEMAP, spec.vendor, linkable=True, words=words, title=texts.title,
                       head=head)


def make(story: Story, spec: SiteSpec, job: Job) -> list[str]:
    """Do `job`: write its files into the site's folder; their names (relative to it)."""
    if job.kind == "preview":
        (name,) = job.files
        told, _ = edition(story, job.lang)
        write_atomically(spec.out / name, preview_png(told, job.day, job.lang))
        return [name]
    page, packed, embed = job.files
    data = page_html(story, spec, job.lang, job.day).encode("utf-8")
    write_atomically(spec.out / page, data)
    write_atomically(spec.out / packed, gzipped(data))
    texts = spec.texts[job.lang](story, job.day)
    write_atomically(spec.out / embed, embed_page(spec.layout, texts, job.lang, job.day).encode("utf-8"))
    return [page, packed, embed]


_worker: tuple[Story, SiteSpec] | None = None  # a worker process's story and build, set once when it starts


def _start_worker(story: Story, spec: SiteSpec) -> None:
    global _worker  # noqa: PLW0603 - a process pool's initializer can hand over state no other way
    _worker = (story, spec)


def _run(job: Job) -> list[str]:
    if _worker is None:
        raise RuntimeError("site worker started without its story")
    return make(*_worker, job)


def run_jobs(story: Story, spec: SiteSpec, jobs: Sequence[Job], workers: int | None = None) -> list[str]:
    """Do every job, on `workers` processes (default: one per core); the names of the files written.

    One job, or one worker, runs in this process: no pool to start.
    """
    count = min(workers or os.cpu_count() or 1, len(jobs))
    if count <= 1:
        return [name for job in jobs for name in make(story, spec, job)]
    with ProcessPoolExecutor(max_workers=count, initializer=_start_worker, initargs=(story, spec)) as pool:
        return [name for names in pool.map(_run, jobs) for name in names]
