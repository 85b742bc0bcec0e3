"""Scale-out: two app processes behind nginx with sticky sessions, driven by real browser sessions."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import map_frame
from tests.e2e.proxy import NGINX, proxied_apps, upstream_for


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    if NGINX is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the proxy test: nginx is not installed (scripts/setup.sh --test installs it)")
        pytest.skip("Debian's nginx is not installed (scripts/setup.sh --test installs it when run as root)")
    with proxied_apps(tmp_path_factory.mktemp("nginx")) as running:
        yield running


def routes_for_each_backend(url: str, backends: list[str]) -> dict[str, str]:
    """A route cookie value that lands on each backend (the hash is deterministic)."""
    found: dict[str, str] = {}
    for i in range(200):
        found.setdefault(upstream_for(url, f"route-{i}"), f"route-{i}")
        if set(found) == set(backends):
            return found
    raise AssertionError(f"no route reached every backend: {found}")


def test_sessions_through_the_proxy_stay_on_their_process(browser: Browser, proxy) -> None:
    url, backends = proxy
    routes = routes_for_each_backend(url, backends)
    seen: dict[str, set[str]] = {}
    errors: list[str] = []
    sessions = [*routes.items(), ("fresh", None)]  # plus one browser that gets its route from the proxy
    for name, route in sessions:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        if route is not None:
            context.add_cookies([{"name": "storymap_route", "value": route, "url": url}])
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        upstreams: set[str] = set()
        page.on("response", lambda r, u=upstreams: u.add(r.headers.get("x-upstream", "none")))
        page.goto(f"{url}/?basemap=none&date=2018-02-15")
        frame = map_frame(page)
        frame.wait_for_function("() => document.querySelectorAll('.story-post-icon').length === 6")
        page.get_by_role("slider").focus()
        page.keyboard.press("End")
        expect(page).to_have_url(re.compile(r"date=2020-02-04"))
        frame.wait_for_function("() => document.querySelectorAll('.story-post-icon').length === 12")
        seen[name] = upstreams
        context.close()
    assert all(len(u) == 1 for u in seen.values()), seen  # sticky: one process per browser
    assert {next(iter(seen[b])) for b in routes} == set(backends)  # and both processes served sessions
    assert errors == []


def test_deploy_file_is_what_the_test_ran(proxy) -> None:
    text = (Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "story-map.conf").read_text()
    assert "hash $storymap_route consistent;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
