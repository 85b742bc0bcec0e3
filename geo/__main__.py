"""Command line: `python -m geo validate [DIR]`, `python -m geo build [DIR]`, `python -m geo assets`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.assets import install_assets
from geo.build import write_layers
from geo.validate import validate_folder

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check a story folder; exit 1 on any error")
    validate.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DATA)
    build = commands.add_parser("build", help="rebuild the derived layers from their inputs")
    build.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DATA)
    commands.add_parser("assets", help="copy the npm-installed map assets into static/vendor")
    args = parser.parse_args(argv)
    if args.command == "validate":
        problems = validate_folder(args.folder)
        for problem in problems:
            print(problem)
        errors = sum(p.severity == "error" for p in problems)
        print(f"{args.folder}: {errors} error(s), {len(problems) - errors} warning(s)")
        return 1 if errors else 0
    if args.command == "build":
        for path in write_layers(args.folder):
            print(f"wrote {path}")
        return 0
    for path in install_assets():
        print(f"installed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
