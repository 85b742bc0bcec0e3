#!/usr/bin/env bash
# Everything CI gates, in the order a failure is cheapest to read: lint, types, then the tests (unit, AppTest,
# and the browser tests in Debian's Chromium). Extra arguments go to pytest. Needs `scripts/setup.sh --test`.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "check: ruff"
.venv/bin/ruff check .
echo "check: mypy (geo strict; app, app_pages, story hooks, tests, bench, harness default)"
.venv/bin/mypy
echo "check: pytest"
.venv/bin/python -m pytest "$@"
