"""nginx (Debian's package) on loopback in front of several app processes, as deploy/nginx/story-map.conf says."""

from __future__ import annotations

import os
import re
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.nginx import NGINX, running_nginx
from harness.server import ROOT, Served, free_port, streamlit_server

SITE = ROOT / "deploy" / "nginx" / "story-map.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")
DEPLOY_LISTEN = "listen 8080;"
# The upstream's `server` lines as the deploy file writes them (address, then the failover parameters).
SERVER_LINE = re.compile(r"^(?P<indent>[ \t]*)server (?P<address>127\.0\.0\.1:85\d\d)(?P<params>[^;]*);\n", re.M)


def deploy_backends() -> list[str]:
    """The app addresses the deploy file names in its upstream."""
    return [m["address"] for m in SERVER_LINE.finditer(SITE.read_text(encoding="utf-8"))]


def site_conf(listen: int, backends: list[str]) -> str:
    """The deploy file, changed only where this run differs: its listen port and the app addresses."""
    text = SITE.read_text(encoding="utf-8")
    assert text.count(DEPLOY_LISTEN) == 1, "the deploy file must have exactly one `listen 8080;`"
    lines = list(SERVER_LINE.finditer(text))
    assert lines, "the deploy file's upstream has no `server 127.0.0.1:85xx` lines"
    assert len({m["params"] for m in lines}) == 1, "every upstream server must have the same parameters"
    first, last = lines[0], lines[-1]
    assert text[first.start():last.end()] == "".join(m[0] for m in lines), "the server lines must be adjacent"
    servers = "".join(f"{first['indent']}server {b}{first['params']};\n" for b in backends)
    text = text[:first.start()] + servers + text[last.end():]
    return text.replace(DEPLOY_LISTEN, f"listen 127.0.0.1:{listen};")


def nginx_conf(workdir: Path, listen: int, backends: list[str]) -> str:
    """A complete nginx.conf around the deploy file, with this run's ports."""
    site = site_conf(listen, backends)
    mime = f"  include {MIME_TYPES};\n" if MIME_TYPES.exists() else ""  # as Debian's nginx.conf does
    # Run as root (tests, CI), nginx's workers would switch to `nobody`, who cannot read the link previews in a
    # private temp dir (the deploy file finds them at story-map-previews/ next to this nginx.conf).
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (f"{user}worker_processes 1;\ndaemon off;\npid {workdir}/nginx.pid;\nerror_log {workdir}/error.log;\n"
            f"events {{}}\nhttp {{\n  access_log {workdir}/access.log;\n  client_body_temp_path {workdir}/body;\n"
            f"  proxy_temp_path {workdir}/proxy;\n  fastcgi_temp_path {workdir}/fastcgi;\n"
            f"  uwsgi_temp_path {workdir}/uwsgi;\n  scgi_temp_path {workdir}/scgi;\n{mime}{site}\n}}\n")


def require_nginx() -> None:
    """Skip without nginx on a developer machine; in CI a missing nginx is a failure."""
    if NGINX is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the proxy test: nginx is not installed (scripts/setup.sh --test installs it)")
        pytest.skip("Debian's nginx is not installed (scripts/setup.sh --test installs it when run as root)")


def deploy_location_seconds(location: str, directive: str) -> float:
    """A time setting (`NAME 3s;`, `NAME 1h;`) inside one `location ... {` block of the deploy file, in seconds."""
    text = SITE.read_text(encoding="utf-8")
    block = re.search(rf"^\s*location {re.escape(location)} \{{\n(.*?)^\s*\}}", text, re.M | re.S)
    assert block, f"the deploy file has no `location {location}` block"
    value = re.search(rf"^\s*{re.escape(directive)} (\d+)([smh]);$", block[1], re.M)
    assert value, f"`location {location}` sets no {directive}"
    return float(value[1]) * {"s": 1, "m": 60, "h": 3600}[value[2]]


def deploy_header(name: str) -> str:
    """The value the deploy file gives a response header with `add_header NAME "VALUE" always;`."""
    text = SITE.read_text(encoding="utf-8")
    found = re.findall(rf'^\s*add_header {re.escape(name)} "([^"]*)" always;$', text, re.M)
    assert len(found) == 1, f"the deploy file sets {name} {len(found)} times"
    return found[0]


def upstream_for(url: str, route: str) -> str:
    """Which backend the proxy sends a browser carrying this route cookie to."""
    request = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": f"storymap_route={route}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.headers["X-Upstream"]


@dataclass(frozen=True)
class Proxied:
    """nginx's URL, the app processes behind it (host:port, as nginx names them) and their process ids."""

    url: str
    backends: list[str]
    pids: dict[str, int]
    conf: Path


@contextmanager
def app_processes(count: int = 2) -> Iterator[list[Served]]:
    """Start `count` app processes side by side (not one after the other); stop them all again."""
    managers = [streamlit_server() for _ in range(count)]
    with ExitStack() as stack:
        with ThreadPoolExecutor(count) as pool:
            futures = [pool.submit(manager.__enter__) for manager in managers]
        served: list[Served] = []
        for manager, future in zip(managers, futures, strict=True):
            if future.exception() is None:
                stack.push(manager)  # stopped on the way out, whether or not another one failed to start
                served.append(future.result())
        for future in futures:
            future.result()  # re-raise the first failure, after every started process was registered
        yield served


@contextmanager
def nginx_before(workdir: Path, served: list[Served]) -> Iterator[Proxied]:
    """nginx with the deploy file in front of running app processes; a new nginx knows of no failures yet."""
    assert NGINX is not None, "require_nginx() first"
    backends = [s.url.removeprefix("http://") for s in served]
    port = free_port()
    with running_nginx(workdir, nginx_conf(workdir, port, backends), port, lambda u: upstream_for(u, "probe")) as url:
        yield Proxied(url, backends, {b: s.pid for b, s in zip(backends, served, strict=True)}, workdir / "nginx.conf")


@contextmanager
def proxied_apps(workdir: Path, count: int = 2) -> Iterator[Proxied]:
    """Start `count` app processes and nginx before them; yield where they run."""
    with app_processes(count) as served, nginx_before(workdir, served) as proxied:
        yield proxied
