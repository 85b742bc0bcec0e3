"""Start the real app with `streamlit run` on a free loopback port, and stop it again."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 60
STATIC = ROOT / "static"
# Streamlit serves /app/static from the folder next to the *script*, not from the working directory. A script
# elsewhere (bench/apps/...) is run through Streamlit's own CLI, unchanged but for that folder: the project's.
_RUN_WITH_PROJECT_STATIC = (
    "import sys\n"
    "from streamlit import file_util\n"
    "from streamlit.web import cli\n"
    f"file_util.get_app_static_dir = lambda _main_script: {str(STATIC)!r}\n"
    "sys.argv = ['streamlit', 'run', *sys.argv[1:]]\n"
    "cli.main()\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@dataclass(frozen=True)
class Served:
    url: str
    pid: int


@contextmanager
def streamlit_app(story: Path | None = None, script: Path | None = None,
                  settings: dict[str, str] | None = None) -> Iterator[str]:
    """Serve app.py (optionally on another story folder, or another `script`); yield its base URL once healthy.

    `settings` are environment variables for the app (app_pages/settings.py: STORIES_DIR, STORY_EDITOR, ...).
    """
    with streamlit_server(story, script, settings) as served:
        yield served.url


@contextmanager
def streamlit_server(story: Path | None = None, script: Path | None = None,
                     settings: dict[str, str] | None = None, root: Path = ROOT) -> Iterator[Served]:
    """Serve app.py, or `script`; yield its URL and process id once it is healthy.

    Always from `root`, the project (so .streamlit/config.toml applies), with root/static served at
    /app/static; another root is another checkout of the project (bench/against.py). The server's
    output goes to a temporary file (a pipe nobody reads would fill up and stall the server); it is shown
    when the server does not start.
    """
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(settings or {})}
    if story is not None:
        env["STORY_DIR"] = str(story)
    script = (script or root / "app.py").resolve()
    launcher = ["-m", "streamlit", "run"] if script.parent == root.resolve() else ["-c", _RUN_WITH_PROJECT_STATIC]
    command = [sys.executable, *launcher, str(script), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true"]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while not _healthy(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace")
                    raise RuntimeError(f"streamlit did not become healthy on {url}:\n{output}")
                time.sleep(0.2)
            yield Served(url, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
