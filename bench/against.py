"""Print whether the working tree regressed against a commit: first load, date step and readers, in one run.

Usage: .venv/bin/python bench/against.py [--ref HEAD] [--loads 5] [--steps 100] [--sessions 5] [--actions 8]

Checks `--ref` out into a temporary git worktree (with this checkout's installed map assets copied in) and
serves both with `streamlit run` on free loopback ports, so the two apps share this noisy machine at the same
time and are compared as ratios (ours / the commit's):

1. first load: cold loads alternating between the two apps, from navigation to the first drawn map feature
   (bench/first_load.py's clock);
2. date step: in-map steps of the time bar, each until painted (bench/measure.py's scrub);
3. readers per process: --sessions readers at once on each app in turn, each taking --actions steps with a
   pause (bench/load.py): the server's CPU per action, the event card's update time and memory per session.

Nothing is asserted: the figures and their ratios are printed. Commit first when comparing against HEAD.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import first_load  # noqa: E402
import load  # noqa: E402
import measure  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from harness.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from harness.server import streamlit_server  # noqa: E402


@contextmanager
def checkout(ref: str) -> Iterator[Path]:
    """`ref` as a temporary worktree of this repository, with the map assets this checkout installed."""
    with tempfile.TemporaryDirectory(prefix="against-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), ref], check=True,
                       capture_output=True)
        try:
            shutil.copytree(ROOT / "static" / "vendor", tree / "static" / "vendor", dirs_exist_ok=True)
            (tree / "node_modules").symlink_to(ROOT / "node_modules")
            yield tree
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False,
                           capture_output=True)


def ratio(ours: list[float], theirs: list[float]) -> str:
    return f"{statistics.median(ours) / statistics.median(theirs):.2f}x" if ours and theirs else "n/a"


def line(label: str, values: list[float]) -> str:
    if not values:
        return f"  {label:10} (none)"
    return f"  {label:10} median {statistics.median(values):7.1f}   min {min(values):7.1f}   max {max(values):7.1f}"


def first_loads(urls: dict[str, str], loads: int) -> dict[str, list[float]]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for url in urls.values():
            for _ in range(first_load.WARM_LOADS):
                first_load.first_features(browser, url)
        found: dict[str, list[float]] = {name: [] for name in urls}
        for _ in range(loads):
            for name, url in urls.items():
                found[name].append(first_load.first_features(browser, url).features)
        browser.close()
    return found


def steps(bases: dict[str, str], count: int) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, base in bases.items():
            page, frame, _ = measure.open_ours(browser, base)
            timed, _ = measure.scrub(page, frame, 0, count)
            found[name] = [float(step["painted"]) for step in timed]
            page.context.close()
        browser.close()
    return found


async def readers(served: dict[str, Any], sessions: int, actions: int) -> dict[str, dict[str, Any]]:
    args = argparse.Namespace(actions=actions, scrub=20, seed=1)
    found = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, server in served.items():
            found[name] = await load.run_on(browser, server, sessions, args)
        await browser.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--ref", default="HEAD", help="the commit to compare against (default: HEAD)")
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--actions", type=int, default=8)
    args = parser.parse_args()
    with checkout(args.ref) as tree, streamlit_server() as ours, streamlit_server(root=tree) as theirs:
        served = {"ours": ours, args.ref: theirs}
        print(f"ours: {ROOT} (working tree)   against: {args.ref} ({tree})")
        loads = first_loads({name: f"{s.url}/?basemap=none" for name, s in served.items()}, args.loads)
        print(f"\n1. First map features, ms from navigation, {args.loads} alternating cold loads each:")
        for name, values in loads.items():
            print(line(name, values))
        print(f"  ratio ours/{args.ref}: {ratio(loads['ours'], loads[args.ref])}")
        stepped = steps({name: s.url for name, s in served.items()}, args.steps)
        print(f"\n2. Date step in the map, ms until painted, {args.steps} steps each:")
        for name, values in stepped.items():
            print(line(name, values))
        print(f"  ratio ours/{args.ref}: {ratio(stepped['ours'], stepped[args.ref])}")
        many = asyncio.run(readers(served, args.sessions, args.actions))
        print(f"\n3. {args.sessions} readers at once, {args.actions} steps each with a pause:")
        for name, r in many.items():
            per_action = r["act_cpu"] * 1000 / max(r["actions"], 1)
            memory = (r["opened"] - r["before"]) / max(args.sessions, 1)
            card = load.quantile(r["card"], 0.5)
            print(f"  {name:10} server CPU per action {per_action:6.1f} ms   card update p50 {card:6.0f} ms   "
                  f"{memory:5.1f} MiB per session   {r['failed']} failed")
        cpu = {name: [r["act_cpu"] * 1000 / max(r["actions"], 1)] for name, r in many.items()}
        print(f"  ratio ours/{args.ref} (CPU per action): {ratio(cpu['ours'], cpu[args.ref])}")


if __name__ == "__main__":
    main()
