"""Many readers at once: N concurrent browser sessions each load the app and step through every event.

Usage: .venv/bin/python bench/load.py [--sessions 5 10 20]
For each N: a fresh `streamlit run` on loopback, one Chromium with N contexts, every session moving the slider
through all the story's stops. Prints p50/p95 time per slider move, failed sessions, and the server's memory
(RSS) before, at its peak during, and after the sessions close.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import Error as PlaywrightError  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402

from geo import timeline  # noqa: E402
from geo.story import load_story  # noqa: E402
from harness.browser import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME  # noqa: E402
from harness.server import streamlit_server  # noqa: E402


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the server process has used, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    """Resident memory of the server process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def session(browser, url: str, stops: list[str], moves: list[float], errors: list[str]) -> bool:  # noqa: ANN001
    """One reader: load the app, step through every stop; False if anything failed."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        await page.goto(f"{url}/?basemap=none&date={stops[0]}", timeout=120_000)
        await page.wait_for_selector(MAP_IFRAME, timeout=120_000)
        slider = page.get_by_role("slider")
        await slider.focus()
        for day in stops[1:]:
            start = time.perf_counter()
            await page.keyboard.press("ArrowRight")
            await page.wait_for_url(f"**date={day}**", timeout=60_000)
            moves.append((time.perf_counter() - start) * 1000)
    except PlaywrightError as exc:  # a load test counts failures instead of stopping at the first
        errors.append(f"{type(exc).__name__}: {exc}"[:200])
        return False
    finally:
        await context.close()
    return True


async def run(sessions: int, stops: list[str]) -> tuple[dict[str, float], str]:
    with streamlit_server() as served:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            warm: list[float] = []
            await session(browser, served.url, stops[:2], warm, [])  # story cached, like a running server
            before = rss_mib(served.pid)
            peak = before
            cpu_start, wall_start = cpu_seconds(served.pid), time.perf_counter()
            moves: list[float] = []
            errors: list[str] = []
            tasks = [asyncio.create_task(session(browser, served.url, stops, moves, errors))
                     for _ in range(sessions)]
            while not all(t.done() for t in tasks):
                peak = max(peak, rss_mib(served.pid))
                await asyncio.sleep(0.5)
            server_cpu = cpu_seconds(served.pid) - cpu_start
            wall = time.perf_counter() - wall_start
            await browser.close()
        await asyncio.sleep(10)  # let the server notice the closed websockets and drop the sessions
        after = rss_mib(served.pid)
    failed = sum(not t.result() for t in tasks)
    ordered = sorted(moves) or [float("nan")]
    return {"sessions": sessions, "moves": len(moves), "p50": statistics.median(ordered),
            "p95": ordered[int(0.95 * (len(ordered) - 1))], "errors": len(errors), "failed": failed,
            "before": before, "peak": peak, "after": after,
            "server_cpu": server_cpu, "wall": wall}, errors[0] if errors else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, nargs="+", default=[5, 10, 20])
    args = parser.parse_args()
    stops = [d.isoformat() for d in timeline.stops(load_story(ROOT / "data"))]
    print(f"{'N':>3} {'moves':>6} {'p50 ms':>8} {'p95 ms':>8} {'failed':>6} {'RSS before':>11} {'peak':>8} "
          f"{'after':>8} {'after/before':>12} {'server CPU':>11}")
    for n in args.sessions:
        r, first_error = asyncio.run(run(n, stops))
        print(f"{n:>3} {r['moves']:>6} {r['p50']:>8.0f} {r['p95']:>8.0f} {r['failed']:>6} {r['before']:>9.0f}Mi "
              f"{r['peak']:>6.0f}Mi {r['after']:>6.0f}Mi {r['after'] / r['before']:>11.0%} "
              f"{r['server_cpu'] / r['wall']:>10.0%}", flush=True)
        if first_error:
            print(f"    first error: {first_error}", flush=True)


if __name__ == "__main__":
    main()
