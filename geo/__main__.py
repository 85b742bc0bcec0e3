"""Command line: `python -m geo validate|build|assets|export|site|picture|previews` (see `python -m geo -h`)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from geo.assets import install_assets
from geo.build import BuildError, write_layers
from geo.export import export_html
from geo.mapview import BASEMAPS
from geo.model import Story
from geo.picture import map_png
from geo.previews import write_previews
from geo.site import build_site
from geo.story import load_story
from geo.timeline import stops
from geo.validate import validate_folder

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"


def loaded_story(args: argparse.Namespace) -> Story:
    """The story of `--story`, its problems printed on stderr (a command goes on with what is sound)."""
    story = load_story(args.story)
    for problem in story.problems:
        print(problem, file=sys.stderr)
    return story


def export_command(args: argparse.Namespace) -> int:
    story = loaded_story(args)
    known = [spec.id for spec in story.layers]
    layers = known if args.layers is None else [name.strip() for name in args.layers.split(",") if name.strip()]
    unknown = sorted(set(layers) - set(known))
    if unknown:
        print(f"unknown layers: {', '.join(unknown)} (known: {', '.join(known)})", file=sys.stderr)
        return 2
    day = args.date or story.article.date or stops(story)[-1]
    if args.command == "picture":
        args.output.write_bytes(map_png(story, day, layers))
    else:
        args.output.write_text(export_html(story, day, layers, args.basemap), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


def folder_command(args: argparse.Namespace) -> int:
    """`site` and `previews`: write a folder of files for a static host; exit 2 when it cannot be written."""
    story = loaded_story(args)
    writer = build_site if args.command == "site" else write_previews
    try:
        written = writer(story, args.folder)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check a story folder; exit 1 on any error")
    validate.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DATA)
    build = commands.add_parser("build", help="rebuild the derived layers from their inputs")
    build.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DATA)
    commands.add_parser("assets", help="copy the npm-installed map assets into static/vendor")
    export = commands.add_parser("export", help="write a self-contained HTML map with a time control")
    export.add_argument("-o", "--output", type=Path, required=True)
    export.add_argument("--date", type=date.fromisoformat, default=None, help="first date shown (YYYY-MM-DD)")
    export.add_argument("--layers", default=None, help="comma-separated layer ids (default: all)")
    export.add_argument("--basemap", choices=list(BASEMAPS), default="osm")
    export.add_argument("--story", type=Path, default=DEFAULT_DATA)
    site = commands.add_parser("site", help="write a static folder (index.html) that any static host serves")
    site.add_argument("folder", type=Path)
    site.add_argument("--story", type=Path, default=DEFAULT_DATA)
    picture = commands.add_parser("picture", help="write a PNG of one date (1200x630, for sharing)")
    picture.add_argument("-o", "--output", type=Path, required=True)
    picture.add_argument("--date", type=date.fromisoformat, default=None, help="date shown (YYYY-MM-DD)")
    picture.add_argument("--layers", default=None, help="comma-separated layer ids (default: all)")
    picture.add_argument("--story", type=Path, default=DEFAULT_DATA)
    previews = commands.add_parser("previews", help="write link-preview PNGs (one per date) and nginx's previews.conf")
    previews.add_argument("folder", type=Path)
    previews.add_argument("--story", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    if args.command == "validate":
        problems = validate_folder(args.folder)
        for problem in problems:
            print(problem)
        errors = sum(p.severity == "error" for p in problems)
        print(f"{args.folder}: {errors} error(s), {len(problems) - errors} warning(s)")
        return 1 if errors else 0
    if args.command in ("export", "picture"):
        return export_command(args)
    if args.command in ("site", "previews"):
        return folder_command(args)
    if args.command == "build":
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
    for path in install_assets():
        print(f"installed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
