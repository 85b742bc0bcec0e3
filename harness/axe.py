"""axe-core accessibility checks in a Playwright page or frame (axe comes from node_modules: test-only)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Frame, Page

ROOT = Path(__file__).resolve().parents[1]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TEXT_LIMIT = 300  # characters kept of an element's HTML and of a failure summary

# Runs in the page: axe on this document only (each frame is checked by its own call), results made small.
_RUN = """async () => {
  const results = await window.axe.run(document, {resultTypes: ['violations'], iframes: false});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.map(String), html: n.html,
                                failureSummary: n.failureSummary || ''})),
  }));
}"""


# How many screenfuls a scroll container holds (0 when absent or off screen); scrolling to one of them.
_SCREENS = """(selector) => {
  const box = document.querySelector(selector);
  if (!box || box.clientHeight === 0) return 0;
  const rect = box.getBoundingClientRect();
  if (rect.right <= 0 || rect.left >= innerWidth) return 0;
  return Math.ceil(box.scrollHeight / box.clientHeight);
}"""
_SCROLL = """async ([selector, screen]) => {
  const box = document.querySelector(selector);
  box.scrollTop = screen * box.clientHeight;
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
}"""


@cache
def axe_source() -> str:
    """axe.min.js, read once; a clear error when `npm ci` has not been run."""
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `npm ci` (axe-core is in package.json)")
    return AXE_JS.read_text(encoding="utf-8")


def _trim(text: str, limit: int = TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[:limit - 1]}…"


def inject_axe(target: Page | Frame) -> None:
    """Load axe into the document unless it is there (evaluated by the driver: no script tag, no CSP issue)."""
    if not target.evaluate("() => typeof window.axe === 'object'"):
        target.evaluate(f"{axe_source()}\n;undefined")


def axe_violations(target: Page | Frame, impacts: Sequence[str] = ("serious", "critical")) -> list[dict[str, Any]]:
    """The violations axe finds in `target`'s document at the given impacts, as plain, trimmed dicts.

    axe checks colour contrast only where the element is on screen: see `axe_violations_scrolled`.
    """
    inject_axe(target)
    violations: list[dict[str, Any]] = target.evaluate(_RUN)
    kept = [v for v in violations if v["impact"] in impacts]
    for violation in kept:
        for node in violation["nodes"]:
            node["html"] = _trim(node["html"])
            node["failureSummary"] = _trim(node["failureSummary"])
    return kept


def axe_violations_scrolled(target: Page | Frame, scrollers: Sequence[str],
                            impacts: Sequence[str] = ("serious", "critical")) -> list[dict[str, Any]]:
    """`axe_violations` at every screenful of each scroll container in `scrollers`, merged (each element once).

    A container that is absent or off screen (a collapsed sidebar) is skipped; each is scrolled back to the top.
    """
    merged: dict[str, dict[str, Any]] = {}

    def collect() -> None:
        for violation in axe_violations(target, impacts):
            kept = merged.setdefault(violation["id"], {**violation, "nodes": []})
            known = {tuple(node["target"]) for node in kept["nodes"]}
            kept["nodes"] += [node for node in violation["nodes"] if tuple(node["target"]) not in known]

    collect()
    for selector in scrollers:
        screens = target.evaluate(_SCREENS, selector)
        for screen in range(1, screens):
            target.evaluate(_SCROLL, [selector, screen])
            collect()
        if screens > 1:
            target.evaluate(_SCROLL, [selector, 0])
    return list(merged.values())


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable summary for an assertion message: rule, impact, help, then each element and why it fails."""
    if not violations:
        return "no violations"
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(f"{violation['id']} [{violation['impact']}] {violation['help']} ({len(nodes)} elements)")
        for node in nodes:
            lines.append(f"  - {' '.join(node['target'])}: {node['html']}")
            if node["failureSummary"]:
                lines.append(f"      {node['failureSummary']}")
    return "\n".join(lines)
