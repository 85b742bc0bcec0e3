"""nginx (Debian's package) on loopback in front of several app processes, as deploy/nginx/story-map.conf says."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.e2e.server import ROOT, free_port, streamlit_app

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
SITE = ROOT / "deploy" / "nginx" / "story-map.conf"


def nginx_conf(workdir: Path, listen: int, backends: list[str]) -> str:
    """A complete nginx.conf around the deploy file, with this run's ports."""
    site = SITE.read_text(encoding="utf-8").replace("listen 8080;", f"listen 127.0.0.1:{listen};")
    servers = "\n".join(f"    server {b};" for b in backends)
    site = site.replace("    server 127.0.0.1:8501;\n    server 127.0.0.1:8502;", servers)
    return (f"worker_processes 1;\ndaemon off;\npid {workdir}/nginx.pid;\nerror_log {workdir}/error.log;\n"
            f"events {{}}\nhttp {{\n  access_log {workdir}/access.log;\n  client_body_temp_path {workdir}/body;\n"
            f"  proxy_temp_path {workdir}/proxy;\n  fastcgi_temp_path {workdir}/fastcgi;\n"
            f"  uwsgi_temp_path {workdir}/uwsgi;\n  scgi_temp_path {workdir}/scgi;\n{site}\n}}\n")


def upstream_for(url: str, route: str) -> str:
    """Which backend the proxy sends a browser carrying this route cookie to."""
    request = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": f"storymap_route={route}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.headers["X-Upstream"]


@contextmanager
def proxied_apps(workdir: Path, count: int = 2) -> Iterator[tuple[str, list[str]]]:
    """Start `count` app processes and nginx before them; yield the proxy URL and the backends."""
    with ExitStack() as stack:
        urls = [stack.enter_context(streamlit_app()) for _ in range(count)]
        backends = [u.removeprefix("http://") for u in urls]
        port = free_port()
        conf = workdir / "nginx.conf"
        conf.write_text(nginx_conf(workdir, port, backends), encoding="utf-8")
        process = subprocess.Popen([NGINX, "-p", str(workdir), "-c", str(conf)], stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    upstream_for(url, "probe")
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"nginx did not start: {(workdir / 'error.log').read_text()}") from None
                    time.sleep(0.1)
            yield url, backends
        finally:
            process.terminate()
            process.wait(timeout=10)
