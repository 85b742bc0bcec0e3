"""A static site: `python -m geo site OUT/` writes a folder that any static host or CDN can serve.

One page per language and slider date, `<lang>/<YYYY-MM-DD>/index.html`: the offline export's page in its
linkable form (geo.render.export, Leaflet inlined), opening on its date. In the browser it reads the app's link
parameters (geo.render.share) from its address (a `?date=` wins over the folder's date), shows what they ask
for (bad values ignored with a notice, as the app does), and rewrites the address as the reader moves. Without
JavaScript, its head tells a crawler its title, description and preview picture (`preview.png` beside it), its
canonical address and its other languages (geo/render/site_pages.py), so every shared link has its preview.

Beside the pages: `index.html` and `<lang>/index.html`, copies of the article date's page (whose canonical address
they name); `embed.html` per page; `sitemap.xml`, `robots.txt` and README.txt. Pages and previews are made in
parallel, and only those whose inputs changed (geo/render/site_manifest.py): a rebuild of an unchanged story
writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from geo.load.story import check_publishable
from geo.load.timeline import opening_date, stops
from geo.model import Story
from geo.render.assets import STATIC_VENDOR
from geo.render.payload import map_payload, payload_text
from geo.render.share import PARAMETERS
from geo.render.site_jobs import Job, SiteSpec, run_jobs
from geo.render.site_manifest import MANIFEST, Manifest, code_version, digest_of, files_digest, write_if_changed
from geo.render.site_texts import TEXTS, TextsFor, story_languages
from geo.render.site_urls import PAGE, PLACEHOLDER_BASE_URL, SiteLayout, checked_base_url
from geo.render.sitemap import ROBOTS, SITEMAP, robots_txt, sitemap_xml
from geo.render.tiles import tile_settings

README = """{title}

A static copy of the story map, one page per language and date: {example}/index.html (Leaflet and every
layer inlined; index.html.gz beside it is the same page gzipped, for servers that send it as is, e.g. nginx
gzip_static), with its link-preview picture preview.png and embed.html, the <iframe> code to paste into a
news page. index.html and <lang>/index.html open the article's date. sitemap.xml lists every page with its
languages; robots.txt points to it (crawlers read robots.txt only at a host's root).
It needs no server-side code: any static web server or CDN can serve this folder as it is.

Addresses in the pages (og:image, canonical, sitemap) start with {base_url}{placeholder}

Try it locally:

    python3 -m http.server 8000 --directory .        # then open http://localhost:8000/

With nginx, see deploy/nginx/static-site.conf in the project (gzip on, short cache for the pages).

A page reads the same link parameters as the app: {parameters}, e.g.

    /{example}/?layers=buffer_zone,border&basemap=light&lat=36.8&lon=40.1&z=8

(a date= in the address wins over the page's own date). Unknown or malformed values are ignored (or clamped)
with a notice on the page. Moving the slider, switching layers or basemap, or panning updates the address
bar, so a copied link reopens the same view. The basemap tiles come from the tile servers named in the page
(osm: {tiles}); with basemap=none the page makes no request beyond itself.
"""
PLACEHOLDER_NOTE = (" (a placeholder: link previews will not work until the folder is built again with\n"
                    "--base-url set to the address it is served at)")


@dataclass
class SiteReport:
    """What a build did: files written, pieces of work found up to date, files of removed dates deleted."""

    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    removed: list[Path] = field(default_factory=list)


def story_digest(story: Story) -> str:
    """The story as the pages and pictures see it: its folder's files, and what was read from them."""
    return digest_of(files_digest(story.folder), payload_text(map_payload(story)), repr(story.article))


def plan(story: Story, spec: SiteSpec, inputs: str) -> list[Job]:
    """Every page and preview, each with the digest of what it is made from (pages: base URL and tiles too)."""
    page_inputs = digest_of(inputs, spec.layout.base, repr(tile_settings()), ",".join(spec.languages))
    return [Job(kind, lang, day, digest_of(page_inputs if kind == "page" else inputs, kind, lang, day.isoformat()))
            for day in stops(story) for lang in spec.languages for kind in ("preview", "page")]


def _copy_page(spec: SiteSpec, manifest: Manifest, source: Job, target: str) -> list[str]:
    """`target` (and its .gz) as a copy of the page `source` wrote; nothing when the copy is up to date."""
    names = [target, target + ".gz"]
    if manifest.fresh(f"copy:{target}", source.digest, names):
        manifest.record(f"copy:{target}", source.digest, names)
        return []
    for name, original in zip(names, source.files[:2], strict=True):
        (spec.out / name).parent.mkdir(parents=True, exist_ok=True)
        (spec.out / name).write_bytes((spec.out / original).read_bytes())
    manifest.record(f"copy:{target}", source.digest, names)
    return names


def _small_files(story: Story, spec: SiteSpec) -> dict[str, str]:
    days = stops(story)
    tiles = tile_settings()
    placeholder = PLACEHOLDER_NOTE if spec.layout.base == PLACEHOLDER_BASE_URL else "."
    readme = README.format(title=story.title, base_url=spec.layout.base, placeholder=placeholder,
                           example=SiteLayout.folder(spec.languages[0], days[-1]).rstrip("/"),
                           parameters=", ".join(PARAMETERS), tiles=tiles.url)
    return {SITEMAP: sitemap_xml(spec.layout, spec.languages, days), ROBOTS: robots_txt(spec.layout),
            "README.txt": readme}


def build_site(story: Story, out: Path, vendor: Path = STATIC_VENDOR, *, base_url: str = PLACEHOLDER_BASE_URL,
               texts: Mapping[str, TextsFor] = TEXTS, workers: int | None = None) -> SiteReport:
    """Write (or bring up to date) the site of `story` in `out`; what was written, skipped and removed.

    `base_url` is where the folder will be served (absolute addresses for crawlers); `texts` gives each of the
    story's languages its words; `workers` processes draw (default: one per core). A draft (`geo draft`) is never
    published as it stands: a story with unaccepted drafted items is refused. Raises ValueError for a bad
    base URL or a language without texts, and TileSettingsError for bad STORY_TILES_* settings.
    """
    check_publishable(story)
    languages = tuple(story_languages(story))
    missing = [lang for lang in languages if lang not in texts]
    if missing:
        raise ValueError(f"no page texts for the story's language(s) {', '.join(missing)}")
    spec = SiteSpec(out=out, layout=SiteLayout(checked_base_url(base_url)), languages=languages, texts=texts,
                    vendor=vendor)
    jobs = plan(story, spec, digest_of(story_digest(story), code_version(vendor)))
    out.mkdir(parents=True, exist_ok=True)
    manifest = Manifest.read(out)
    todo = [job for job in jobs if not manifest.fresh(job.key, job.digest, job.files)]
    names = run_jobs(story, spec, todo, workers)
    for job in jobs:
        manifest.record(job.key, job.digest, job.files)
    opening = opening_date(story, stops(story))
    for lang in languages:
        source = next(job for job in jobs if (job.kind, job.lang, job.day) == ("page", lang, opening))
        if lang == languages[0]:
            names += _copy_page(spec, manifest, source, PAGE)
        names += _copy_page(spec, manifest, source, f"{lang}/{PAGE}")
    names += [name for name, text in _small_files(story, spec).items()
              if write_if_changed(out / name, text.encode("utf-8"))]
    removed = manifest.remove_stale()
    if manifest.save():
        names.append(MANIFEST)
    return SiteReport(written=[out / name for name in names], unchanged=len(jobs) - len(todo), removed=removed)
