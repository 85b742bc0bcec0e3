"""scripts/setup.sh: says what it does not understand, and leaves the host's Python alone."""

from __future__ import annotations

import re
import subprocess

from tests.conftest import ROOT

SETUP = ROOT / "scripts" / "setup.sh"


def test_an_unknown_argument_is_refused_by_name_before_anything_is_installed() -> None:
    result = subprocess.run(["bash", str(SETUP), "--tset"], capture_output=True, text=True, check=False, timeout=30)
    assert result.returncode == 2
    assert "unknown argument '--tset'" in result.stderr and "--test" in result.stderr
    assert result.stdout == ""


def test_help_says_what_it_installs() -> None:
    result = subprocess.run(["bash", str(SETUP), "--help"], capture_output=True, text=True, check=False, timeout=30)
    assert result.returncode == 0 and "virtual environment in .venv" in result.stdout


def test_nothing_is_pip_installed_into_the_hosts_python() -> None:
    lines = [line.strip() for line in SETUP.read_text(encoding="utf-8").splitlines()
             if not line.strip().startswith("#")]
    host_installs = [line for line in lines if re.search(r"pip3? install", line) and ".venv/bin/python" not in line]
    assert host_installs == []
    assert any(".venv/bin/python -m pip install" in line for line in lines)
