"""The page's own clock for a first load: when the map's first feature and the whole page are on screen.

A script added before any of the page's own looks on every animation frame into each same-origin frame for a
drawn feature (noting where that frame is on the page), and for a download button (the sidebar's last part,
so the whole page). The times are `performance.now()` of the top page: milliseconds from its navigation
start. Playwright's own polling inside the map's frame first has to inject its helper script there, so it sees
the features late when the page is busy; this clock does not wait for it.
"""

from __future__ import annotations

from typing import TypedDict

from playwright.sync_api import BrowserContext, Page

FEATURE = ".leaflet-interactive, .leaflet-marker-icon"
WHOLE_PAGE = '[data-testid="stDownloadButton"]'
CLOCK = f"""
(() => {{
  const seen = window.__firstLoad = {{}};
  function look() {{
    if (seen.features === undefined) {{
      for (const frame of document.querySelectorAll('iframe')) {{
        let doc = null;
        try {{ doc = frame.contentDocument; }} catch (err) {{ doc = null; }}
        if (doc && doc.querySelector({FEATURE!r})) {{
          seen.features = performance.now();
          requestAnimationFrame(() => {{ seen.painted = performance.now(); }});  /* the frame after: it was drawn */
          const box = frame.getBoundingClientRect();
          seen.frame = {{x: box.x + scrollX, y: box.y + scrollY, width: box.width, height: box.height}};
          break;
        }}
      }}
    }}
    if (seen.whole === undefined && document.querySelector({WHOLE_PAGE!r})) seen.whole = performance.now();
    if (seen.features === undefined || seen.whole === undefined) requestAnimationFrame(look);
  }}
  requestAnimationFrame(look);
}})();
"""


class Box(TypedDict):
    x: float
    y: float
    width: float
    height: float


class Seen(TypedDict, total=False):
    features: float  # ms from navigation start to the first frame with a drawn map feature
    painted: float  # ... to the next frame (so the one with the features has been drawn)
    frame: Box  # where the map's frame was on the page in that frame
    whole: float  # ms from navigation start to the first frame with the whole page


def start_clock(context: BrowserContext) -> None:
    """Every page of `context` keeps the clock from its first script on."""
    context.add_init_script(CLOCK)


def wait_seen(page: Page, what: str, timeout_ms: float = 60_000) -> Seen:
    """Wait until the clock has seen `what` ("features" or "whole"); everything it has seen so far."""
    page.wait_for_function(f"() => window.__firstLoad && window.__firstLoad.{what} !== undefined",
                           timeout=timeout_ms)
    seen: Seen = page.evaluate("window.__firstLoad")
    return seen
