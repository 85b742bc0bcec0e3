"""Command line: `python -m geo validate|build|assets|export|site|picture|previews|draft|draft-index` (see -h)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from geo.languages import codes
from geo.load.catalog import default_folder

if TYPE_CHECKING:
    from geo.model import Story

# The commands' modules are imported when a command runs: `draft` should not wait for pandas and folium.
BASEMAPS = ("osm", "light", "none")  # geo.render.mapview.BASEMAPS; tests/draft/test_draft_cli.py checks they agree
DEFAULT_STORY = default_folder()
LANGUAGES = codes()  # the message catalogs (geo/locales): a light read


def loaded_story(args: argparse.Namespace) -> Story:
    """The story of `--story`, its problems printed on stderr (a command goes on with what is sound)."""
    from geo.load.story import load_story  # noqa: PLC0415 - see BASEMAPS

    story = load_story(args.story)
    for problem in story.problems:
        print(problem, file=sys.stderr)
    return story


def tiles_usable() -> bool:
    """The deployment's tile settings (STORY_TILES_*) can be used; else the reason is on stderr."""
    from geo.render.tiles import TileSettingsError, tile_settings  # noqa: PLC0415 - see BASEMAPS

    try:
        tile_settings()
    except TileSettingsError as error:
        print(error, file=sys.stderr)
        return False
    return True


def export_command(args: argparse.Namespace) -> int:
    from geo.load.timeline import stops  # noqa: PLC0415
    from geo.render.edition import edition  # noqa: PLC0415
    from geo.render.export import export_html  # noqa: PLC0415 - see BASEMAPS
    from geo.render.picture import map_png  # noqa: PLC0415

    story, words = edition(loaded_story(args), args.lang)
    known = [spec.id for spec in story.layers]
    layers = known if args.layers is None else [name.strip() for name in args.layers.split(",") if name.strip()]
    unknown = sorted(set(layers) - set(known))
    if unknown:
        print(f"unknown layers: {', '.join(unknown)} (known: {', '.join(known)})", file=sys.stderr)
        return 2
    day = args.date or story.article.date or stops(story)[-1]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    if args.command == "picture":
        args.output.write_bytes(map_png(story, day, layers, language=args.lang))
    else:
        args.output.write_text(export_html(story, day, layers, args.basemap, words=words), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


def folder_command(args: argparse.Namespace) -> int:
    """`previews`: write a folder of files for nginx; exit 2 when it cannot be written."""
    from geo.render.previews import write_previews  # noqa: PLC0415 - see BASEMAPS

    story = loaded_story(args)
    try:
        written = write_previews(story, args.folder)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0


def site_command(args: argparse.Namespace) -> int:
    """`site`: write or update the static edition; exit 2 when it cannot be written."""
    from geo.render.site import build_site  # noqa: PLC0415 - see BASEMAPS
    from geo.render.site_urls import PLACEHOLDER_BASE_URL  # noqa: PLC0415

    story = loaded_story(args)
    if args.base_url is None:
        print(f"warning: no --base-url: the pages' link previews, canonical addresses and sitemap point to the "
              f"placeholder {PLACEHOLDER_BASE_URL}; pass the address the folder will be served at", file=sys.stderr)
    try:
        report = build_site(story, args.folder, base_url=args.base_url or PLACEHOLDER_BASE_URL,
                            workers=args.workers)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    for path in report.written:
        print(f"wrote {path}")
    for path in report.removed:
        print(f"removed {path}")
    print(f"{len(report.written)} file(s) written, {report.unchanged} page(s) and preview(s) already up to date, "
          f"{len(report.removed)} removed")
    return 0


def draft_command(args: argparse.Namespace) -> int:
    """`draft`: an article to a draft story folder; `draft-index`: build the gazetteer index once."""
    from geo import draft  # noqa: PLC0415 - loads the gazetteer only for these commands

    try:
        if args.command == "draft-index":
            print(f"wrote {draft.build_index(args.output)}")
            return 0
        article = draft.read_file(args.article)
        drafted = draft.Drafter().draft(article, args.date, args.publisher)
        written = draft.write_folder(drafted, args.output)
    except (draft.DraftError, draft.IndexMissingError) as error:
        print(f"draft: {error}", file=sys.stderr)
        return 2
    print(f"wrote {args.output}: {len(drafted.drawn)} places, {len(drafted.events)} events, "
          f"{len(drafted.actors)} actors, {len(drafted.unresolved)} unresolved; article date "
          f"{drafted.date} ({drafted.date_reason})")
    print(f"review it: python -m geo validate {args.output} (every drafted item is a warning until accepted)")
    return 0 if written else 1


def build_command(args: argparse.Namespace) -> int:
    """`build`: rewrite the derived layers; exit 1, naming every problem, when an input is unusable."""
    from geo.derive.build import BuildError, write_layers  # noqa: PLC0415 - see BASEMAPS

    try:
        written = write_layers(args.folder)
    except BuildError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{args.folder}: nothing built", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check a story folder; exit 1 on any error")
    validate.add_argument("folder", nargs="?", type=Path, default=DEFAULT_STORY)
    build = commands.add_parser("build", help="rebuild the derived layers from their inputs")
    build.add_argument("folder", nargs="?", type=Path, default=DEFAULT_STORY)
    commands.add_parser("assets", help="copy the npm-installed map assets into static/vendor")
    export = commands.add_parser("export", help="write a self-contained HTML map with a time control")
    export.add_argument("-o", "--output", type=Path, required=True)
    export.add_argument("--date", type=date.fromisoformat, default=None, help="first date shown (YYYY-MM-DD)")
    export.add_argument("--layers", default=None, help="comma-separated layer ids (default: all)")
    export.add_argument("--basemap", choices=BASEMAPS, default="osm")
    export.add_argument("--story", type=Path, default=DEFAULT_STORY)
    export.add_argument("--lang", choices=LANGUAGES, default="en", help="the reader's language")
    site = commands.add_parser("site", help="write a static folder (a page per language and date) for any host")
    site.add_argument("folder", type=Path)
    site.add_argument("--story", type=Path, default=DEFAULT_STORY)
    site.add_argument("--base-url", default=None,
                      help="the address the folder is served at, e.g. https://example.org/story/ (link previews "
                           "need absolute addresses; without it a placeholder is used, with a warning)")
    site.add_argument("--workers", type=int, default=None, help="processes drawing pages (default: one per core)")
    picture = commands.add_parser("picture", help="write a PNG of one date (1200x630, for sharing)")
    picture.add_argument("-o", "--output", type=Path, required=True)
    picture.add_argument("--date", type=date.fromisoformat, default=None, help="date shown (YYYY-MM-DD)")
    picture.add_argument("--layers", default=None, help="comma-separated layer ids (default: all)")
    picture.add_argument("--story", type=Path, default=DEFAULT_STORY)
    picture.add_argument("--lang", choices=LANGUAGES, default="en", help="the reader's language")
    previews = commands.add_parser("previews", help="write link-preview PNGs (one per date) and nginx's previews.conf")
    previews.add_argument("folder", type=Path)
    previews.add_argument("--story", type=Path, default=DEFAULT_STORY)
    drafting = commands.add_parser("draft", help="draft a story folder from an article (plain text), for an editor")
    drafting.add_argument("article", type=Path, help="the article: headline on the first line, then the body")
    drafting.add_argument("-o", "--output", type=Path, required=True, help="the story folder to write (must be new)")
    drafting.add_argument("--date", type=_iso_date, default=None,
                          help="the article's date (YYYY-MM-DD) when its dateline does not settle it")
    drafting.add_argument("--publisher", default="", help="the publisher, when the dateline does not name it")
    index = commands.add_parser("draft-index", help="index the GeoNames gazetteer once (scripts/setup.sh does)")
    index.add_argument("-o", "--output", type=Path, default=None, help="where (default: .cache/gazetteer.sqlite)")
    args = parser.parse_args(argv)
    if args.command in ("draft", "draft-index"):
        return draft_command(args)
    if args.command == "validate":
        from geo.check.validate import validate_folder  # noqa: PLC0415 - see BASEMAPS

        problems = validate_folder(args.folder)
        for problem in problems:
            print(problem)
        errors = sum(p.severity == "error" for p in problems)
        print(f"{args.folder}: {errors} error(s), {len(problems) - errors} warning(s)")
        return 1 if errors else 0
    if args.command in ("export", "site") and not tiles_usable():
        return 2
    if args.command in ("export", "picture"):
        return export_command(args)
    if args.command == "site":
        return site_command(args)
    if args.command == "previews":
        return folder_command(args)
    if args.command == "build":
        return build_command(args)
    from geo.render.assets import install_assets  # noqa: PLC0415 - see BASEMAPS

    for path in install_assets():
        print(f"installed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
