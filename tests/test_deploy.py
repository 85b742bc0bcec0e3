"""The deploy files, checked without a Docker engine (none runs on this project's machines or CI).

What can be checked here is: the image definition's shape, that its health check command works against
the real app, and that the files it copies are everything the app needs. Building the image cannot.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys

from tests.conftest import ROOT
from tests.e2e.server import streamlit_app

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def instructions(name: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.startswith(name + " ")]


def test_slim_python_base_and_non_root_user() -> None:
    (base,) = instructions("FROM")
    assert re.fullmatch(r"python:3\.1[1-9]-slim", base)
    users = instructions("USER")
    assert users and users[-1] not in ("root", "0")


def test_image_copies_what_the_app_imports_and_reads() -> None:
    copied = {part for line in instructions("COPY") for part in line.split()[:-1]}
    assert {"app.py", "geo", "data", ".streamlit", "package.json", "package-lock.json", "pyproject.toml"} <= copied
    imported = {node.module.split(".")[0] for node in ast.walk(ast.parse((ROOT / "app.py").read_text()))
                if isinstance(node, ast.ImportFrom) and node.module}
    assert "geo" in imported


def test_healthcheck_command_passes_against_the_running_app() -> None:
    (healthcheck,) = instructions("HEALTHCHECK")
    command = json.loads(healthcheck.split("CMD", 1)[1].strip())
    assert command[0] == "python" and "/_stcore/health" in command[-1]
    with streamlit_app() as url:
        port = url.rsplit(":", 1)[1]
        code = command[-1].replace("8501", port)
        assert subprocess.run([sys.executable, "-c", code], check=False, timeout=10).returncode == 0
    down = command[-1].replace("8501", "9")  # nothing listens there: the check must fail
    assert subprocess.run([sys.executable, "-c", down], check=False, timeout=10).returncode != 0


def test_cmd_serves_the_app_on_the_exposed_port() -> None:
    (cmd,) = instructions("CMD")
    assert json.loads(cmd)[:3] == ["streamlit", "run", "app.py"]
    assert "--server.port=8501" in json.loads(cmd)
    assert instructions("EXPOSE") == ["8501"]


def test_one_python_dependency_file_with_a_pinned_streamlit() -> None:
    assert not (ROOT / "requirements.txt").exists()
    assert re.search(r'"streamlit==\d+\.\d+\.\d+"', (ROOT / "pyproject.toml").read_text())
    assert not (ROOT / ".streamlit" / "secrets.toml").exists()
