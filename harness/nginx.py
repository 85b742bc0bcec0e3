"""Debian's nginx serving a folder (the static edition) with the project's deploy file, on loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from harness.server import ROOT, free_port

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
SITE_CONF = ROOT / "deploy" / "nginx" / "static-site.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")


def static_conf(workdir: Path, folder: Path, port: int) -> str:
    """A complete nginx.conf around deploy/nginx/static-site.conf, changing only its port and folder."""
    site = SITE_CONF.read_text(encoding="utf-8")
    assert site.count("listen 8080;") == 1 and site.count("root /srv/story-site;") == 1
    site = site.replace("listen 8080;", f"listen 127.0.0.1:{port};").replace(
        "root /srv/story-site;", f"root {folder};")
    mime = f"  include {MIME_TYPES};\n" if MIME_TYPES.exists() else ""
    # Run as root (tests, CI), nginx's workers would switch to `nobody`, who cannot read a private temp dir.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (f"{user}worker_processes 1;\ndaemon off;\npid {workdir}/nginx.pid;\nerror_log {workdir}/error.log;\n"
            f"events {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {workdir}/body;\n"
            f"  proxy_temp_path {workdir}/proxy;\n  fastcgi_temp_path {workdir}/fastcgi;\n"
            f"  uwsgi_temp_path {workdir}/uwsgi;\n  scgi_temp_path {workdir}/scgi;\n{mime}{site}\n}}\n")


@contextmanager
def running_nginx(workdir: Path, conf_text: str, port: int, probe: Callable[[str], object]) -> Iterator[str]:
    """Debian's nginx on `conf_text` (listening on loopback `port`) until the block ends; yields its URL.

    `probe(url)` must succeed (raise OSError until then) before the URL is handed out.
    """
    if NGINX is None:
        raise RuntimeError("Debian's nginx is not installed")
    conf = workdir / "nginx.conf"
    conf.write_text(conf_text, encoding="utf-8")
    process = subprocess.Popen([NGINX, "-p", str(workdir), "-c", str(conf)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                probe(url)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (workdir / "error.log").read_text() if (workdir / "error.log").exists() else ""
                    raise RuntimeError(f"nginx did not start: {log[-2000:]}") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _readme(url: str) -> None:
    with urllib.request.urlopen(f"{url}/README.txt", timeout=2):
        pass


@contextmanager
def static_nginx(folder: Path, workdir: Path) -> Iterator[str]:
    """Debian's nginx serving `folder` with the deploy file on a free loopback port; yields its URL."""
    port = free_port()
    with running_nginx(workdir, static_conf(workdir, folder.resolve(), port), port, _readme) as url:
        yield url
