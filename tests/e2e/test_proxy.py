"""Scale-out: two app processes behind nginx with sticky sessions and failover, driven by real browser sessions."""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Response, expect

from geo.load.story import load_story
from geo.load.timeline import stops
from harness.server import Served
from tests.conftest import DATA
from tests.e2e.conftest import date_slider, map_frame, warm
from tests.e2e.proxy import (
    SITE,
    Proxied,
    app_processes,
    deploy_location_seconds,
    nginx_before,
    require_nginx,
    site_conf,
    upstream_for,
)

# A new reader must have a working map this soon although one process is frozen (see failover_budget).
FAILOVER_SECONDS = 10.0
LAST_STOP = re.compile(rf"date={stops(load_story(DATA))[-1].isoformat()}")


@pytest.fixture(scope="module")
def apps(browser: Browser) -> Iterator[list[Served]]:
    """Two app processes for this module, each run once already (a cold first run is slow)."""
    require_nginx()
    with app_processes(2) as served:
        for app in served:
            warm(browser, app.url)
        yield served


@pytest.fixture(scope="module")
def proxy(apps: list[Served], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    with nginx_before(tmp_path_factory.mktemp("nginx"), apps) as running:
        yield running


@pytest.fixture
def own_proxy(apps: list[Served], tmp_path: Path) -> Iterator[Proxied]:
    """An nginx for one test only: nginx remembers a failed server for fail_timeout, so no sharing."""
    with nginx_before(tmp_path, apps) as running:
        yield running


def routes_for_each_backend(url: str, backends: list[str]) -> dict[str, str]:
    """A route cookie value that lands on each backend (the hash is deterministic)."""
    found: dict[str, str] = {}
    for i in range(200):
        found.setdefault(upstream_for(url, f"route-{i}"), f"route-{i}")
        if set(found) == set(backends):
            return found
    raise AssertionError(f"no route reached every backend: {found}")


def note_upstream(upstreams: set[str], response: Response) -> None:
    """Which app process answered (nginx says so in X-Upstream)."""
    upstreams.add(response.headers.get("x-upstream", "none"))


def test_sessions_through_the_proxy_stay_on_their_process(browser: Browser, proxy: Proxied) -> None:
    url, backends = proxy.url, proxy.backends
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
        page.on("response", partial(note_upstream, upstreams))
        page.goto(f"{url}/?basemap=none&date=2018-02-15")
        frame = map_frame(page)
        frame.wait_for_function("() => document.querySelectorAll('.story-post-icon').length === 6")
        date_slider(frame).focus()
        page.keyboard.press("End")
        expect(page).to_have_url(LAST_STOP)
        frame.wait_for_function("() => document.querySelectorAll('.story-post-icon').length === 12")
        seen[name] = upstreams
        context.close()
    assert all(len(u) == 1 for u in seen.values()), seen  # sticky: one process per browser
    assert {next(iter(seen[b])) for b in routes} == set(backends)  # and both processes served sessions
    assert errors == []


@dataclass
class Visit:
    """One new reader's first page load: how long it took and which processes answered."""

    page_seconds: float  # until the HTML page arrived
    map_seconds: float  # until the map was drawn and a move of its slider reached the app
    document_upstream: str  # X-Upstream of the page: "a, b" when nginx tried a and then b
    upstreams: set[str]  # the process that finally answered each response
    errors: list[str]
    route: str


def visit(browser: Browser, url: str, route: str | None) -> Visit:
    """A new browser (with this route cookie, or none) opens the app and moves the slider once."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        if route is not None:
            context.add_cookies([{"name": "storymap_route", "value": route, "url": url}])
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        upstreams: set[str] = set()
        page.on("response", lambda r: upstreams.add(r.headers.get("x-upstream", "none").split(", ")[-1]))
        start = time.monotonic()
        response = page.goto(f"{url}/?basemap=none&date=2018-02-15", timeout=60_000)
        page_seconds = time.monotonic() - start
        assert response is not None and response.status == 200
        frame = map_frame(page)
        frame.wait_for_function("() => document.querySelectorAll('.story-post-icon').length === 6", timeout=30_000)
        date_slider(frame).focus()
        page.keyboard.press("End")  # a working session: the map redraws, and reports the date over the websocket
        expect(page).to_have_url(LAST_STOP, timeout=30_000)
        frame.wait_for_function("() => document.querySelectorAll('.story-post-icon').length === 12", timeout=30_000)
        map_seconds = time.monotonic() - start
        cookie = next(c["value"] for c in context.cookies() if c["name"] == "storymap_route")
        return Visit(page_seconds, map_seconds, response.headers["x-upstream"], upstreams, errors, cookie)
    finally:
        context.close()


@contextmanager
def frozen(pid: int) -> Iterator[None]:
    """The process hangs (SIGSTOP): its port still accepts connections, nothing answers."""
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def failover_budget(normal: Visit) -> float:
    """FAILOVER_SECONDS; on a machine so loaded that a normal load is slow, that load plus 6 s (the page's
    3 s timeout at the frozen process, and some slack; the 10 s timeout of other requests would not fit)."""
    return max(FAILOVER_SECONDS, normal.map_seconds + 6)


@pytest.mark.parametrize("reader", ["cookie for the frozen process", "no cookie"])
def test_a_new_reader_gets_a_working_map_while_one_process_is_frozen(browser: Browser, own_proxy: Proxied,
                                                                      reader: str) -> None:
    url, backends = own_proxy.url, own_proxy.backends
    routes = routes_for_each_backend(url, backends)
    stuck, live = backends
    normal = visit(browser, url, routes[live])  # a first load with both processes up, for the time budget
    assert normal.upstreams == {live}
    with frozen(own_proxy.pids[stuck]):
        route = routes[stuck] if reader.startswith("cookie") else None
        moved = visit(browser, url, route)
    print(f"\n{reader}: page after {moved.page_seconds:.1f} s, working map after {moved.map_seconds:.1f} s "
          f"(both processes up: {normal.map_seconds:.1f} s); page from {moved.document_upstream}")
    assert moved.upstreams == {live}, moved  # every response came from the process that still answers
    assert moved.errors == []
    assert moved.map_seconds < failover_budget(normal), moved
    if route is not None:
        # nginx tried the frozen process first, timed out, and rehashed the reader onto the other one;
        # the reader's cookie is unchanged (it returns to its process once that answers again).
        assert moved.document_upstream == f"{stuck}, {live}"
        assert moved.route == route


def test_deploy_file_is_what_the_test_ran(proxy: Proxied) -> None:
    text = SITE.read_text(encoding="utf-8")
    assert Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "story-map.conf" == SITE
    assert "hash $storymap_route consistent;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert "server 127.0.0.1:8501 max_fails=1 fail_timeout=10s;" in text
    assert "proxy_next_upstream error timeout http_502 http_503 http_504;" in text
    assert "proxy_next_upstream_tries 2;" in text
    assert deploy_location_seconds("= /_stcore/stream", "proxy_read_timeout") == 3600  # the websocket only
    assert deploy_location_seconds("= /", "proxy_read_timeout") <= 5  # the page fails over fast
    port = int(proxy.url.rsplit(":", 1)[1])
    assert site_conf(port, proxy.backends) in proxy.conf.read_text(encoding="utf-8")  # nginx ran this file
