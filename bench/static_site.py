"""The static site against the app: requests/s and transfer rate for the page a reader opens first.

Usage: .venv/bin/python bench/static_site.py [--requests 2000] [--concurrency 50]
Builds the site (`python -m geo site`) into a temp folder, serves it with Debian's nginx and
deploy/nginx/static-site.conf on a loopback port, and runs `ab -k` (apache2-utils) against `/`; then, in the
same run, the same against the app's `/` served by `streamlit run` (harness.server.streamlit_server).
Prints figures only: no assertions. The app's `/` is Streamlit's HTML shell (the map arrives later over the
websocket), while the site's `/` is the whole map; the bytes per request column says so.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.load.story import load_story  # noqa: E402
from geo.render.site import build_site  # noqa: E402
from harness.nginx import static_nginx  # noqa: E402  # the browser test's nginx and deploy file
from harness.server import streamlit_server  # noqa: E402

FIELDS = {
    "requests/s": r"Requests per second:\s+([\d.]+)",
    "transfer KB/s": r"Transfer rate:\s+([\d.]+)",
    "bytes/request": r"Document Length:\s+(\d+)",
    "failed": r"Failed requests:\s+(\d+)",
    "non-2xx": r"Non-2xx responses:\s+(\d+)",
    "p50 ms": r"\n\s+50%\s+(\d+)",
    "p95 ms": r"\n\s+95%\s+(\d+)",
}


def ab(url: str, requests: int, concurrency: int, gzip: bool) -> dict[str, str]:
    command = ["ab", "-q", "-n", str(requests), "-c", str(concurrency), "-k"]
    if gzip:
        command += ["-H", "Accept-Encoding: gzip"]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=False, timeout=600)
    if result.returncode != 0:
        return {"error": (result.stderr or result.stdout).strip().splitlines()[-1]}
    found = {name: re.search(pattern, result.stdout) for name, pattern in FIELDS.items()}
    return {name: (m[1] if m else "0") for name, m in found.items()}


def report(name: str, figures: dict[str, str]) -> None:
    print(f"{name:<34}" + "  ".join(f"{key} {value}" for key, value in figures.items()), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    if shutil.which("ab") is None:
        print("ab is not installed: apt-get install -y apache2-utils", file=sys.stderr)
        return 2
    print(f"ab -n {args.requests} -c {args.concurrency} -k, loopback; one nginx worker; streamlit run, one process")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "site"
        build_site(load_story(ROOT / "stories" / "idlib"), folder)
        print(f"site: index.html {(folder / 'index.html').stat().st_size} bytes, "
              f"index.html.gz {(folder / 'index.html.gz').stat().st_size} bytes")
        with static_nginx(folder, Path(tmp)) as url:
            link = f"{url}/?date=2019-10-23&layers=buffer_zone,border&basemap=none"
            report("static site / (gzip)", ab(link, args.requests, args.concurrency, gzip=True))
            report("static site / (identity)", ab(link, args.requests, args.concurrency, gzip=False))
    with streamlit_server() as served:
        urllib.request.urlopen(f"{served.url}/", timeout=30).read()  # warm
        report("streamlit app / (gzip)", ab(f"{served.url}/", args.requests, args.concurrency, gzip=True))
        report("streamlit app / (identity)", ab(f"{served.url}/", args.requests, args.concurrency, gzip=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
