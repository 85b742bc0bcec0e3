"""Take the README's screenshots: the app on a 1400x900 desktop and a 390x844 phone, written to docs/.

Usage: .venv/bin/python scripts/screenshots.py [--date 2020-02-04]
Serves the app with `streamlit run` on loopback and drives Debian's Chromium (no tiles: basemap none).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import ViewportSize, sync_playwright  # noqa: E402

from harness.browser import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME  # noqa: E402
from harness.server import streamlit_app  # noqa: E402

SHOTS: dict[str, tuple[ViewportSize, bool]] = {
    "desktop": ({"width": 1400, "height": 900}, False), "phone": ({"width": 390, "height": 844}, True)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--date", default="2020-02-04")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with streamlit_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, (viewport, phone) in SHOTS.items():
            context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone,
                                          device_scale_factor=1)
            page = context.new_page()
            page.goto(f"{url}/?basemap=none&date={args.date}")
            page.wait_for_selector(MAP_IFRAME, timeout=60_000)
            frame = page.locator(MAP_IFRAME).element_handle().content_frame()
            assert frame is not None
            frame.wait_for_function("() => window.storyTime && window.storyTime.shown().length > 0", timeout=60_000)
            page.wait_for_timeout(1500)
            target = args.out / f"map-{name}.png"
            page.screenshot(path=str(target))
            print(f"wrote {target}")
            context.close()


if __name__ == "__main__":
    main()
