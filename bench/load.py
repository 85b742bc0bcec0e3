"""Many readers at once: N concurrent sessions step through the story in the map; what does the server pay?

Usage: .venv/bin/python bench/load.py [--sessions 5 10 20] [--actions 10] [--scrub 100] [--seed 1]

For each N: a fresh `streamlit run` of app.py on loopback, warmed by one reader; then N readers, each in its own
browser context of one Chromium (1280x900, ?basemap=none), in phases:

1. open: every reader loads the app and waits for the map (the time module with its features on the map);
2. idle: 3 s with every session open and nobody acting (the server's CPU at rest);
3. act: each reader takes --actions actions: an in-map step (set the time bar's range and dispatch 'input'; a
   random step of +-1, or one time in three a jump to another stop) and a pause of about 1 s (0.8-1.2 s after
   the step, and at least until the card updated). "Card update" is the time, taken in the page, from the step
   to the Streamlit event card showing the new date's event title (an h4); the URL's date is timed too;
4. scrub: each reader drags over --scrub stops, one per animation frame, with no pause but at the end.

Prints per N: p50/p95 card update (and URL update), failed sessions, the server's CPU time per reader action and
per scrub step (from /proc/<pid>/stat, utime + stime of the streamlit process, over each phase), the server's RSS
before the readers, with all open, at its peak and 10 s after they closed, and what a process might hold:
memory per session (RSS growth with the sessions open / N) and reader actions per server CPU-second.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import Browser, BrowserContext, Page, async_playwright  # noqa: E402
from playwright.async_api import Error as PlaywrightError  # noqa: E402

from geo.load import timeline  # noqa: E402
from geo.load.story import load_story  # noqa: E402
from harness.browser import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME  # noqa: E402
from harness.process import cpu_seconds, rss_mib  # noqa: E402
from harness.readers import next_stop  # noqa: E402
from harness.server import Served, streamlit_server  # noqa: E402

STORY = load_story(ROOT / "stories" / "idlib")
STOPS = [d.isoformat() for d in timeline.stops(STORY)]
TITLES = [timeline.events_on(STORY, d)[0].title for d in timeline.stops(STORY)]  # each card's first heading
VIEWPORT = {"width": 1280, "height": 900}
OPEN_TIMEOUT_MS = 180_000  # twenty readers opening at once on a loaded 2-core box
CARD_TIMEOUT_MS = 30_000
IDLE_SECONDS = 3.0
CLOSED_SECONDS = 10.0  # after the contexts close: the server notices the closed websockets and drops the sessions
READY_JS = "() => window.map && window.map._loaded && window.storyTime && window.storyTime.shown().length > 0"

# One step, driven from the page (the map frame is same-origin), timed with the page's clock until the card
# shows `title` and the URL holds `iso`; resolves with nulls for what did not come within `timeout` ms.
STEP_JS = """async ([selector, target, title, iso, timeout]) => {
    const w = document.querySelector(selector).contentWindow;
    const range = w.document.querySelector('.story-time-range');
    const t0 = performance.now();
    range.value = String(target);
    range.dispatchEvent(new w.Event('input', {bubbles: true}));
    return await new Promise(resolve => {
        let card = null, url = null, timer = null, observer = null;
        const check = () => {
            const now = performance.now();
            if (card === null && [...document.querySelectorAll('h4')].some(h => h.textContent.trim() === title)) {
                card = now - t0;
            }
            if (url === null && new URLSearchParams(location.search).get('date') === iso) url = now - t0;
            if ((card !== null && url !== null) || now - t0 > timeout) {
                observer.disconnect();
                clearInterval(timer);
                resolve({card, url});
            }
        };
        observer = new MutationObserver(check);
        observer.observe(document.body, {subtree: true, childList: true, characterData: true});
        timer = setInterval(check, 25);  // the URL changes without a DOM mutation
    });
}"""
SCRUB_JS = """async ([selector, indices]) => {
    const w = document.querySelector(selector).contentWindow;
    const range = w.document.querySelector('.story-time-range');
    for (const i of indices) {
        range.value = String(i);
        range.dispatchEvent(new w.Event('input', {bubbles: true}));
        await new Promise(resolve => w.requestAnimationFrame(resolve));
    }
}"""
CARD_JS = "(title) => [...document.querySelectorAll('h4')].some(h => h.textContent.trim() === title)"




@dataclass
class Reader:
    rng: random.Random
    context: BrowserContext | None = None
    page: Page | None = None
    at: int = 0  # the stop the map shows
    open_ms: float = 0.0
    card_ms: list[float] = field(default_factory=list)
    url_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    @property
    def ready(self) -> Page | None:
        return self.page if not self.errors else None

    def fail(self, what: str) -> None:
        self.errors.append(what[:200])


async def open_reader(browser: Browser, url: str, reader: Reader) -> None:
    """Phase 1: load the app and wait for the map with its features."""
    try:
        reader.context = await browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]  # TypedDict
        page = reader.page = await reader.context.new_page()
        page.on("pageerror", lambda e: reader.fail(f"page error: {e}"))
        start = time.perf_counter()
        await page.goto(f"{url}/?basemap=none", timeout=OPEN_TIMEOUT_MS)
        iframe = await page.wait_for_selector(MAP_IFRAME, timeout=OPEN_TIMEOUT_MS)
        frame = await iframe.content_frame() if iframe else None
        if frame is None:
            raise RuntimeError("no map iframe document")
        await frame.wait_for_function(READY_JS, timeout=OPEN_TIMEOUT_MS)
        reader.open_ms = (time.perf_counter() - start) * 1000
        reader.at = await frame.evaluate("() => window.storyTime.index()")
        await page.wait_for_function(CARD_JS, arg=TITLES[reader.at], timeout=OPEN_TIMEOUT_MS)
    except (PlaywrightError, RuntimeError) as exc:  # a load test counts failures instead of stopping
        reader.fail(f"open: {type(exc).__name__}: {exc}")



async def act(reader: Reader, actions: int) -> int:
    """Phase 3: step, wait for the card (and URL), rest until ~1 s after the step; returns the steps taken."""
    page = reader.ready
    if page is None:
        return 0
    taken = 0
    for _ in range(actions):
        target = next_stop(reader.rng, reader.at, len(STOPS))
        start = time.perf_counter()
        try:
            result: dict[str, Any] = await page.evaluate(
                STEP_JS, [MAP_IFRAME, target, TITLES[target], STOPS[target], CARD_TIMEOUT_MS])
        except PlaywrightError as exc:
            reader.fail(f"step: {type(exc).__name__}: {exc}")
            return taken
        taken += 1
        reader.at = target
        if result["card"] is None or result["url"] is None:
            reader.fail(f"no card/URL for {STOPS[target]} within {CARD_TIMEOUT_MS} ms: {result}")
            return taken
        reader.card_ms.append(result["card"])
        reader.url_ms.append(result["url"])
        rest = reader.rng.uniform(0.8, 1.2) - (time.perf_counter() - start)
        await asyncio.sleep(max(rest, 0))
    return taken


async def scrub(reader: Reader, steps: int) -> int:
    """Phase 4: `steps` in-map steps back and forth, one per animation frame; then the card of the last."""
    page = reader.ready
    if page is None:
        return 0
    indices, at, delta = [], reader.at, reader.rng.choice((-1, 1))
    for _ in range(steps):
        if not 0 <= at + delta < len(STOPS):
            delta = -delta
        at += delta
        indices.append(at)
    try:
        await page.evaluate(SCRUB_JS, [MAP_IFRAME, indices])
        await page.wait_for_function(CARD_JS, arg=TITLES[at], timeout=CARD_TIMEOUT_MS)
    except PlaywrightError as exc:
        reader.fail(f"scrub: {type(exc).__name__}: {exc}")
        return 0
    reader.at = at
    return steps


class Memory:
    """The server's RSS, sampled every 0.25 s while running."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = rss_mib(pid)
        self._task: asyncio.Task[None] | None = None

    async def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, rss_mib(self.pid))
            await asyncio.sleep(0.25)

    def start(self) -> None:
        self._task = asyncio.create_task(self._sample())

    def stop(self) -> None:
        if self._task:
            self._task.cancel()
        self.peak = max(self.peak, rss_mib(self.pid))


async def phase(pid: int, work: list[Any]) -> tuple[list[Any], float, float]:
    """Run `work` (coroutines) concurrently; their results, the server's CPU seconds and the wall seconds."""
    cpu, wall = cpu_seconds(pid), time.perf_counter()
    results = await asyncio.gather(*work)
    return list(results), cpu_seconds(pid) - cpu, time.perf_counter() - wall


async def run(browser: Browser, sessions: int, args: argparse.Namespace) -> dict[str, Any]:
    with streamlit_server() as served:
        return await run_on(browser, served, sessions, args)


async def run_on(browser: Browser, served: Served, sessions: int, args: argparse.Namespace) -> dict[str, Any]:
    warm = Reader(random.Random(0))
    await open_reader(browser, served.url, warm)  # the story cached, as on a server that has been running
    if warm.context:
        await warm.context.close()
    await asyncio.sleep(2)
    pid = served.pid
    before = rss_mib(pid)
    memory = Memory(pid)
    memory.start()
    readers = [Reader(random.Random(args.seed * 1000 + i)) for i in range(sessions)]
    _, open_cpu, open_wall = await phase(pid, [open_reader(browser, served.url, r) for r in readers])
    await asyncio.sleep(1)  # the opening reruns are over
    opened = rss_mib(pid)
    _, idle_cpu, idle_wall = await phase(pid, [asyncio.sleep(IDLE_SECONDS)])
    taken, act_cpu, act_wall = await phase(pid, [act(r, args.actions) for r in readers])
    await asyncio.sleep(1)
    scrubbed, scrub_cpu, scrub_wall = await phase(pid, [scrub(r, args.scrub) for r in readers])
    for reader in readers:
        if reader.context:
            await reader.context.close()
    memory.stop()
    await asyncio.sleep(CLOSED_SECONDS)
    after = rss_mib(pid)
    idle_rate = idle_cpu / idle_wall
    return {
        "sessions": sessions, "failed": sum(r.failed for r in readers),
        "errors": [e for r in readers for e in r.errors],
        "open_ms": [r.open_ms for r in readers if r.open_ms], "open_cpu": open_cpu, "open_wall": open_wall,
        "card": [ms for r in readers for ms in r.card_ms], "url": [ms for r in readers for ms in r.url_ms],
        "actions": sum(taken), "act_cpu": act_cpu, "act_wall": act_wall,
        "scrub_steps": sum(scrubbed), "scrub_cpu": scrub_cpu, "scrub_wall": scrub_wall,
        "idle_rate": idle_rate, "before": before, "opened": opened, "peak": memory.peak, "after": after,
    }


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))]


def report(r: dict[str, Any], pause_s: float) -> None:
    n, actions = r["sessions"], r["actions"]
    print(f"\nN = {n} readers ({r['failed']} failed sessions)")
    print(f"  open: map drawn  p50 {quantile(r['open_ms'], 0.5):7.0f} ms  p95 {quantile(r['open_ms'], 0.95):7.0f} ms"
          f"   server CPU {r['open_cpu'] * 1000 / max(n, 1):.0f} ms per opened session")
    print(f"  card update      p50 {quantile(r['card'], 0.5):7.0f} ms  p95 {quantile(r['card'], 0.95):7.0f} ms  "
          f"max {max(r['card'], default=float('nan')):.0f} ms   ({len(r['card'])} actions; includes the map's "
          f"350 ms pause)")
    print(f"  URL update       p50 {quantile(r['url'], 0.5):7.0f} ms  p95 {quantile(r['url'], 0.95):7.0f} ms")
    per_action = r["act_cpu"] * 1000 / max(actions, 1)
    idle = r["idle_rate"] * r["act_wall"] * 1000 / max(actions, 1)
    print(f"  server CPU per action   {per_action:6.1f} ms  (of which {idle:.1f} ms the idle rate; "
          f"{r['act_cpu']:.1f} CPU-s over {r['act_wall']:.1f} s = {r['act_cpu'] / r['act_wall']:.0%} of a core)")
    steps = r["scrub_steps"]
    per_scrub = r["scrub_cpu"] * 1000 / max(n - r["failed"], 1)
    print(f"  server CPU per scrub step {r['scrub_cpu'] * 1000 / max(steps, 1):4.2f} ms  "
          f"({steps} steps; per reader's scrub of {steps // max(n - r['failed'], 1)} steps {per_scrub:.0f} ms = "
          f"{per_scrub / per_action if per_action else float('nan'):.1f} actions' worth: the one rerun at its end; "
          f"{r['scrub_cpu']:.2f} CPU-s over {r['scrub_wall']:.1f} s, idle rate {r['idle_rate']:.0%} of a core)")
    growth = r["opened"] - r["before"]
    print(f"  server RSS       before {r['before']:.0f} MiB, {n} open {r['opened']:.0f} MiB, peak {r['peak']:.0f} MiB,"
          f" {CLOSED_SECONDS:.0f} s after closing {r['after']:.0f} MiB")
    per_session = growth / max(n, 1)
    rate = actions / r["act_cpu"] if r["act_cpu"] else float("nan")
    print(f"  per process: {per_session:.1f} MiB per open session "
          f"(~{1024 / per_session if per_session > 0 else float('inf'):.0f} sessions per GiB); "
          f"{rate:.1f} actions per server CPU-second: a process (one core at most: one Python) keeps up with "
          f"~{rate * pause_s:.0f} readers acting once every {pause_s:.0f} s")
    if r["errors"]:
        print(f"  first error: {r['errors'][0]}")


async def main_async(args: argparse.Namespace) -> None:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"{len(STOPS)} stops; {args.actions} actions per reader (step + ~1 s pause), then a scrub of "
              f"{args.scrub} steps; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)
        for n in args.sessions:
            result = await run(browser, n, args)
            report(result, args.reader_pause)
            sys.stdout.flush()
        await browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, nargs="+", default=[5, 10, 20])
    parser.add_argument("--actions", type=int, default=10, help="actions (step + pause) per reader")
    parser.add_argument("--scrub", type=int, default=100, help="steps of each reader's fast scrub")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reader-pause", type=float, default=10.0,
                        help="for the estimate only: seconds between one real reader's actions")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
